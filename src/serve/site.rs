//! The site as served: every output path with its bytes (or the project file it copies), and
//! what changed between two versions of it.

use std::collections::HashMap;
use std::path::PathBuf;

use bytes::Bytes;

use crate::write::output::Entry;

/// A file of the site: held in memory, or a project file (static files, guide assets) read when
/// it is asked for.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Bytes),
    File(PathBuf),
}

/// One complete build of the site. The server swaps whole snapshots, so a reader always gets
/// pages of one build, never a mix or a half-written page.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: HashMap<String, Body>,
    /// Which successful build this is. Pages carry it, so a page that missed a message (it
    /// connected late, or reconnected) can tell that it is out of date.
    pub generation: u64,
}

/// What a new snapshot changes for a reader who has a page open.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Difference {
    /// URL paths of pages added, changed or removed (`/guides/quickstart/`).
    pub pages: Vec<String>,
    /// URL paths of stylesheets that changed.
    pub stylesheets: Vec<String>,
    /// A script, image or other file changed: every page should reload.
    pub other: bool,
}

impl Snapshot {
    pub fn new(entries: Vec<Entry>, generation: u64) -> Self {
        // A serving workspace keeps its pages (it never streams them), so there is no
        // `Entry::Written` to serve.
        let files = entries
            .into_iter()
            .filter_map(|entry| match entry {
                Entry::Bytes(path, bytes) => Some((path, Body::Bytes(bytes))),
                Entry::Copy(path, source) => Some((path, Body::File(source))),
                Entry::Written(_) => None,
            })
            .collect();
        Snapshot { files, generation }
    }

    /// The changes a reader of `self` would see in `next`. The search index is left out: it is
    /// fetched afresh by every query.
    pub fn difference(&self, next: &Snapshot) -> Difference {
        let mut changed: Vec<&str> = Vec::new();
        for (path, body) in &next.files {
            if self.files.get(path).is_none_or(|old| !same(old, body)) {
                changed.push(path);
            }
        }
        for path in self.files.keys() {
            if !next.files.contains_key(path) {
                changed.push(path);
            }
        }
        changed.sort_unstable();
        let mut difference = Difference::default();
        for path in changed {
            if path.starts_with("search/") {
                continue;
            } else if let Some(dir) = path.strip_suffix("index.html") {
                difference.pages.push(format!("/{dir}"));
            } else if path.ends_with(".html") {
                difference.pages.push(format!("/{path}"));
            } else if path.ends_with(".css") {
                difference.stylesheets.push(format!("/{path}"));
            } else if path != "sitemap.xml" {
                difference.other = true;
            }
        }
        difference
    }
}

fn same(a: &Body, b: &Body) -> bool {
    match (a, b) {
        // Pages that were not rendered again share their bytes with the old snapshot.
        (Body::Bytes(a), Body::Bytes(b)) => {
            (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
        }
        // A copied file is compared by its source: its content is read when it is asked for,
        // and the watcher reports an edit of it as a change of the whole site.
        (Body::File(a), Body::File(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(files: &[(&str, &str)]) -> Snapshot {
        Snapshot::new(
            files
                .iter()
                .map(|(p, b)| Entry::Bytes(p.to_string(), Bytes::from(b.to_string())))
                .collect(),
            1,
        )
    }

    #[test]
    fn reports_changed_pages_stylesheets_and_other_files() {
        let old = snapshot(&[
            ("index.html", "a"),
            ("guides/a/index.html", "a"),
            ("assets/style.css", "a"),
            ("search/index.json", "a"),
            ("gone/index.html", "a"),
        ]);
        let new = snapshot(&[
            ("index.html", "a"),
            ("guides/a/index.html", "b"),
            ("assets/style.css", "b"),
            ("search/index.json", "b"),
            ("assets/logo.svg", "new"),
        ]);
        let d = old.difference(&new);
        assert_eq!(d.pages, vec!["/gone/", "/guides/a/"]);
        assert_eq!(d.stylesheets, vec!["/assets/style.css"]);
        assert!(d.other);
        assert_eq!(old.difference(&old), Difference::default());
    }
}
