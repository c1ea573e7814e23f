//! Fingerprints of what a group of pages reads, so a rebuild renders only the groups whose
//! inputs changed.
//!
//! A fingerprint that changes when nothing relevant did only costs time; one that stays the same
//! when something relevant changed would serve a stale page. So each fingerprint errs on the side
//! of including too much, and `tests` in `workspace.rs` compare incremental results with full
//! builds after many kinds of edit.

use std::fmt::{self, Debug, Write};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::model::site::Site;

/// A hasher with a fixed key: equal inputs give equal fingerprints in every run.
pub struct Fingerprint(DefaultHasher);

impl Fingerprint {
    pub fn new() -> Self {
        Fingerprint(DefaultHasher::new())
    }

    pub fn add(&mut self, value: impl Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    /// Hashes a value's `Debug` form, for types that do not derive `Hash`. Never use it on a
    /// type holding a `HashMap` or `HashSet`: their order differs between instances.
    pub fn add_debug(&mut self, value: &impl Debug) -> &mut Self {
        let _ = write!(HashWriter(&mut self.0), "{value:?}");
        0xffu8.hash(&mut self.0);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint::new()
    }
}

struct HashWriter<'a>(&'a mut DefaultHasher);

impl Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// What the header navigation shows: every page carries it.
pub fn navigation(site: &Site) -> u64 {
    Fingerprint::new().add_debug(&site.top_nav).finish()
}

/// Everything a guide page, a section page or the home page reads about the rest of the site:
/// every guide's place, title, description and headings (anchors that links are checked
/// against), the sections, the files of `content/`, and each API's summary and page URLs.
/// A guide's own body is not in it: that is the guide's own input.
pub fn structure(site: &Site) -> u64 {
    let mut fp = Fingerprint::new();
    fp.add_debug(&site.top_nav)
        .add_debug(&site.sections)
        .add(site.home);
    for page in &site.pages {
        let outline = &page.outline;
        fp.add(&page.source.rel)
            .add_debug(&page.source.kind)
            .add_debug(&page.source.front)
            .add(&page.url)
            .add(&page.title)
            .add(&page.description)
            .add(page.weight)
            .add(page.section)
            .add(page.title_from_h1)
            .add_debug(&outline.headings)
            .add(&outline.leading_h1)
            .add(&outline.first_paragraph);
    }
    for asset in &site.assets {
        fp.add(&asset.rel);
    }
    for api in &site.apis {
        fp.add(&api.slug)
            .add(&api.title)
            .add(&api.url)
            .add(&api.version)
            .add(&api.summary)
            .add(&api.download)
            .add(api.operations.len())
            .add(api.schemas.len())
            .add(api.webhooks.len());
        for url in api
            .tags
            .iter()
            .map(|t| &t.url)
            .chain(api.operations.iter().map(|o| &o.url))
            .chain(api.webhooks.iter().map(|o| &o.url))
            .chain(api.schemas.iter().map(|s| &s.url))
        {
            fp.add(url);
        }
    }
    fp.finish()
}

#[cfg(test)]
mod tests {
    use super::Fingerprint;

    #[test]
    fn equal_values_give_equal_fingerprints_and_order_matters() {
        let a = Fingerprint::new().add("x").add_debug(&vec![1, 2]).finish();
        let b = Fingerprint::new().add("x").add_debug(&vec![1, 2]).finish();
        let c = Fingerprint::new().add_debug(&vec![1, 2]).add("x").finish();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
