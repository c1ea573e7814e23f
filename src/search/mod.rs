//! Search: a static index of the site that the theme's `search.js` queries in the browser.
//!
//! `records` decides what can be found (guide sections, operations, webhooks, schemas, tags,
//! APIs) and with which weighted fields; `tokenize` turns text into terms (the browser applies
//! the same rules to a query); `index` scores every term of every record and writes the index
//! as small content-hashed files under `search/`.

pub mod index;
pub mod records;
mod terms;
pub mod text;
pub mod tokenize;

use crate::model::site::Site;

pub use index::IndexFiles;

/// The search index of a planned site.
pub fn build(site: &Site) -> IndexFiles {
    let mut index = index::Builder::default();
    records::collect(site, |record| index.add(record));
    let api_titles: Vec<String> = site.apis.iter().map(|a| a.title.clone()).collect();
    index.finish(&api_titles)
}
