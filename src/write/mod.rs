//! Stage 6, write: puts the rendered site on disk atomically, with its sitemap.

pub mod output;
pub mod sitemap;
