//! Where a guide's links go: relative `.md` links become page URLs, site-absolute links become
//! relative to the page, and every internal target (file, page, anchor) is checked.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::uri::{normalise_relative, percent_decode};

use super::site::{relative_root, Site};
use crate::render::markdown::{LinkResolver, LinkTarget};

/// What every page's resolver shares: the site's paths and anchors.
pub struct SiteLinks {
    /// Markdown file (relative to `content/`) → its page's site path and index.
    by_source: HashMap<PathBuf, (String, usize)>,
    /// Folders of `content/` → their section page.
    by_dir: HashMap<PathBuf, String>,
    paths: HashSet<String>,
    /// Guide page site path → page index.
    by_url: HashMap<String, usize>,
    /// Anchors of guide pages, by page index.
    anchors: Vec<HashSet<String>>,
    /// Non-Markdown files of `content/`.
    assets: HashSet<PathBuf>,
}

impl SiteLinks {
    pub fn new(site: &Site) -> Self {
        SiteLinks {
            by_source: site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.source.rel.clone(), (p.url.clone(), i)))
                .collect(),
            by_dir: site
                .sections
                .iter()
                .map(|s| (s.dir.clone(), s.url.clone()))
                .collect(),
            paths: site.known_paths(),
            by_url: site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.url.clone(), i))
                .collect(),
            anchors: site.pages.iter().map(|p| p.outline.ids.clone()).collect(),
            assets: site.assets.iter().map(|a| a.rel.clone()).collect(),
        }
    }

    /// The resolver for links written in page `index`.
    pub fn for_page<'a>(&'a self, site: &'a Site, index: usize) -> PageLinks<'a> {
        let page = &site.pages[index];
        PageLinks {
            links: self,
            index,
            dir: page
                .source
                .rel
                .parent()
                .unwrap_or(Path::new(""))
                .to_path_buf(),
            root: relative_root(&page.url),
        }
    }
}

pub struct PageLinks<'a> {
    links: &'a SiteLinks,
    index: usize,
    dir: PathBuf,
    root: String,
}

impl PageLinks<'_> {
    fn href(&self, site_path: &str, fragment: Option<&str>) -> String {
        let mut href = format!("{}{site_path}", self.root);
        if href.is_empty() {
            href.push_str("./");
        }
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href
    }

    fn check_anchor(&self, page: usize, fragment: Option<&str>, shown: &str) -> Result<(), String> {
        match fragment {
            Some(id) if !id.is_empty() && !self.links.anchors[page].contains(id) => Err(format!(
                "link to {shown}: no heading with the anchor #{id} there"
            )),
            _ => Ok(()),
        }
    }
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, destination: &str) -> Result<LinkTarget, String> {
        if is_external(destination) {
            return Ok(LinkTarget::Keep);
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() {
            self.check_anchor(self.index, fragment, "this page")?;
            return Ok(LinkTarget::Keep);
        }
        if let Some(absolute) = path.strip_prefix('/') {
            let site_path = absolute.trim_start_matches('/');
            let page_path =
                if site_path.is_empty() || site_path.ends_with('/') || site_path.contains('.') {
                    site_path.to_string()
                } else {
                    format!("{site_path}/")
                };
            if !self.links.paths.contains(&page_path) {
                return Err(format!(
                    "link to {path}: no page or file has that URL in this site"
                ));
            }
            if let Some(&page) = self.links.by_url.get(&page_path) {
                self.check_anchor(page, fragment, path)?;
            }
            return Ok(LinkTarget::Rewrite(self.href(&page_path, fragment)));
        }
        let target = normalise_relative(&self.dir.join(percent_decode(path)))
            .ok_or_else(|| format!("link to {path} leaves the content folder"))?;
        if let Some((url, page)) = self.links.by_source.get(&target) {
            self.check_anchor(*page, fragment, path)?;
            return Ok(LinkTarget::Rewrite(self.href(url, fragment)));
        }
        if let Some(url) = self.links.by_dir.get(&target) {
            return Ok(LinkTarget::Rewrite(self.href(url, fragment)));
        }
        if self.links.assets.contains(&target) {
            let url = super::site::asset_url(&target);
            return Ok(LinkTarget::Rewrite(self.href(&url, fragment)));
        }
        let hint = if path.ends_with(".md") {
            "no such Markdown file"
        } else {
            "no such file or page"
        };
        Err(format!(
            "link to {path}: {hint} (looked for content/{})",
            target.display()
        ))
    }
}

/// A URL with a scheme (`https:`, `mailto:`) or a protocol-relative one (`//host`).
fn is_external(destination: &str) -> bool {
    if destination.starts_with("//") {
        return true;
    }
    match destination.find(':') {
        Some(colon) => {
            let scheme = &destination[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !destination[..colon].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("quickstart.md"));
        assert!(!is_external("../a.md#x"));
        assert!(!is_external("/api/x/"));
    }
}
