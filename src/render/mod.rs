//! Stage 5, render: turns the model into HTML. `sanitize` is the only door for spec text,
//! `markdown` renders guides, `highlight` colours code, `theme` + `pages` run the templates.

pub mod cmark;
pub mod highlight;
pub mod markdown;
pub mod pages;
pub mod sanitize;
pub mod theme;
