//! Fingerprints of what a group of pages reads, so a rebuild renders only the groups whose
//! inputs changed.
//!
//! A fingerprint that changes when nothing relevant did only costs time; one that stays the same
//! when something relevant changed would serve a stale page. So each fingerprint errs on the side
//! of including too much, and `tests` in `workspace.rs` compare incremental results with full
//! builds after many kinds of edit.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{self, Debug, Write};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::model::site::Site;

/// A hasher with a fixed key: equal inputs give equal fingerprints in every run.
#[derive(Clone)]
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

/// What each guide page reads about the rest of the site, in parts, so that a title edit
/// renders again only the guides whose navigation shows that title.
pub struct Guides {
    /// Where links can go: every guide's file, URL and anchors, the sections' folders, the
    /// files of `content/`, every page of every API. Links in any guide are checked against it.
    links: u64,
    navigation: u64,
    /// For each top-level section: the titles, URLs, descriptions and order of everything in
    /// it, which its guides' sidebars, neighbours and child lists show.
    sections: Vec<u64>,
    /// All of the above and more: a home page lists sections and APIs.
    structure: u64,
}

impl Guides {
    pub fn new(site: &Site) -> Self {
        let mut links = Fingerprint::new();
        for page in &site.pages {
            links.add(&page.source.rel).add(&page.url);
            for heading in &page.outline.headings {
                links.add(&heading.id);
            }
        }
        for section in &site.sections {
            links.add(&section.dir).add(&section.url);
        }
        for asset in &site.assets {
            links.add(&asset.rel);
        }
        let mut paths: Vec<String> = site.known_paths().into_iter().collect();
        paths.sort_unstable();
        links.add(&paths);
        // What `api:` links name: a renamed operationId keeps its URL when only its case or
        // punctuation changed, and must still check the guides again.
        for api in &site.apis {
            links.add(&api.slug);
            for operation in &api.operations {
                links.add(&operation.operation_id);
            }
            for hook in &api.webhooks {
                links.add(&hook.operation_id).add(&hook.path);
            }
            for schema in &api.schemas {
                links.add(&schema.name);
            }
        }

        let mut sections = vec![Fingerprint::new(); site.sections.len()];
        for (s, section) in site.sections.iter().enumerate() {
            let fp = &mut sections[top_section(site, s)];
            fp.add(s)
                .add(&section.title)
                .add(&section.url)
                .add(&section.description)
                .add(&section.subsections)
                .add(&section.pages);
            for &p in &section.pages {
                let page = &site.pages[p];
                fp.add(&page.title).add(&page.url).add(&page.description);
            }
        }
        Guides {
            links: links.finish(),
            navigation: navigation(site),
            sections: sections.iter().map(Fingerprint::finish).collect(),
            structure: structure(site),
        }
    }

    /// The fingerprint of guide page `index`, apart from its own file and the templates.
    pub fn page(&self, site: &Site, index: usize) -> u64 {
        let page = &site.pages[index];
        let mut fp = Fingerprint::new();
        fp.add(self.links).add(self.navigation).add(index);
        if let Some(section) = page.section {
            fp.add(self.sections[top_section(site, section)]);
        }
        if page.source.kind == crate::load::content::SourceKind::Home {
            fp.add(self.structure);
        }
        fp.finish()
    }
}

fn top_section(site: &Site, mut section: usize) -> usize {
    while let Some(parent) = site.sections[section].parent {
        section = parent;
    }
    section
}

/// Fingerprints of the templates, each with everything it extends, includes or imports: an
/// edit of `guide.html` renders the guides again, not the API reference.
pub struct Templates {
    /// Of every template source.
    pub all: u64,
    closures: HashMap<String, u64>,
}

impl Templates {
    pub fn new(sources: &BTreeMap<String, String>) -> Self {
        let all = Fingerprint::new().add(sources).finish();
        let references: HashMap<&str, Option<Vec<&str>>> = sources
            .iter()
            .map(|(name, text)| (name.as_str(), references(text)))
            .collect();
        let closures = sources
            .keys()
            .map(|name| {
                let mut seen = BTreeSet::new();
                let mut stack = vec![name.as_str()];
                let mut dynamic = false;
                while let Some(next) = stack.pop() {
                    if !seen.insert(next) {
                        continue;
                    }
                    match references.get(next) {
                        Some(Some(names)) => stack.extend(names.iter().copied()),
                        Some(None) => dynamic = true,
                        None => {}
                    }
                }
                let fp = if dynamic {
                    all
                } else {
                    let mut fp = Fingerprint::new();
                    for name in seen {
                        fp.add(name).add(sources.get(name));
                    }
                    fp.finish()
                };
                (name.clone(), fp)
            })
            .collect();
        Templates { all, closures }
    }

    /// Of the templates `names` (and what they use).
    pub fn of(&self, names: &[&str]) -> u64 {
        let mut fp = Fingerprint::new();
        for name in names {
            fp.add(name).add(self.closures.get(*name));
        }
        fp.finish()
    }
}

/// The templates a template's `extends`, `include` and `import` tags name; `None` when one of
/// them names its template with an expression, which could be any template.
fn references(source: &str) -> Option<Vec<&str>> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let end = after.find("%}").unwrap_or(after.len());
        let tag = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        rest = &after[end..];
        let Some(keyword) = ["extends", "include", "import"]
            .into_iter()
            .find(|k| tag.starts_with(k))
        else {
            continue;
        };
        let arguments = tag[keyword.len()..].trim_start();
        let quoted: Vec<&str> = arguments.split(['"', '\'']).skip(1).step_by(2).collect();
        if quoted.is_empty() || !(arguments.starts_with(['"', '\'', '['])) {
            return None;
        }
        names.extend(quoted);
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::Fingerprint;

    #[test]
    fn a_template_depends_on_what_it_extends_and_includes_only() {
        let sources: BTreeMap<String, String> = [
            ("base.html", "<html>{% block main %}{% endblock %}</html>"),
            (
                "guide.html",
                "{% extends \"base.html\" %}{%- include 'partials/toc.html' -%}",
            ),
            ("operation.html", "{% extends \"base.html\" %}"),
            ("partials/toc.html", "toc"),
            ("odd.html", "{% include page.template %}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let before = super::Templates::new(&sources);
        let mut edited = sources.clone();
        edited.insert("partials/toc.html".into(), "toc 2".into());
        let after = super::Templates::new(&edited);
        assert_ne!(before.of(&["guide.html"]), after.of(&["guide.html"]));
        assert_eq!(
            before.of(&["operation.html"]),
            after.of(&["operation.html"])
        );
        // An include by expression may be of any template.
        assert_ne!(before.of(&["odd.html"]), after.of(&["odd.html"]));
        edited.insert("base.html".into(), "<html></html>".into());
        let base = super::Templates::new(&edited);
        assert_ne!(after.of(&["operation.html"]), base.of(&["operation.html"]));
    }

    #[test]
    fn equal_values_give_equal_fingerprints_and_order_matters() {
        let a = Fingerprint::new().add("x").add_debug(&vec![1, 2]).finish();
        let b = Fingerprint::new().add("x").add_debug(&vec![1, 2]).finish();
        let c = Fingerprint::new().add_debug(&vec![1, 2]).add("x").finish();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
