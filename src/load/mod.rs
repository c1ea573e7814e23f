//! Stage 1, load: reads the project from disk into plain values (config, guides, spec documents).
//! Nothing outside the project folder is read.

pub mod config;
pub mod content;
pub mod lenient;
pub mod locate;
pub mod spec;
