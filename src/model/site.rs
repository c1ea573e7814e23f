//! The site plan: every page's URL, the guide sections, and the navigation, decided before any
//! page is rendered so that links between pages can be checked.
//!
//! URLs here are site paths without a leading slash (`guides/quickstart/`); the home page is `""`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::api::Api;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::content::{Asset, SourceKind, SourcePage};
use crate::render::markdown::Outline;
use crate::slug::slugify;

/// A guide, home or section page: a Markdown file with its place in the site.
#[derive(Debug, Clone)]
pub struct GuidePage {
    pub source: SourcePage,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    /// The section (folder) the page is in; `None` for pages at the top of `content/`.
    pub section: Option<usize>,
    pub outline: Outline,
    /// True when the body's opening `# Heading` became the title.
    pub title_from_h1: bool,
}

/// A folder of `content/`.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Folder relative to `content/`.
    pub dir: PathBuf,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub parent: Option<usize>,
    /// Index of the `_index.md` page, if the folder has one.
    pub index_page: Option<usize>,
    /// Pages directly in the folder, in navigation order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
}

/// One entry of the header navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// What it leads to: "section", "page" or "api" (and the key used by `nav` in portico.toml).
    pub kind: String,
    pub key: String,
}

#[derive(Debug)]
pub struct Site {
    pub pages: Vec<GuidePage>,
    pub sections: Vec<Section>,
    pub apis: Vec<Arc<Api>>,
    pub assets: Vec<Asset>,
    pub home: Option<usize>,
    pub top_nav: Vec<NavItem>,
}

impl Site {
    /// Plan the site. Drafts are left out unless `drafts` is set.
    pub fn plan(
        config: &Config,
        sources: Vec<(SourcePage, Outline)>,
        apis: Vec<Arc<Api>>,
        assets: Vec<Asset>,
        drafts: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Site {
        let mut site = Site {
            pages: Vec::new(),
            sections: Vec::new(),
            apis,
            assets,
            home: None,
            top_nav: Vec::new(),
        };
        let mut section_of_dir: HashMap<PathBuf, usize> = HashMap::new();
        for (source, outline) in sources {
            if source.front.draft && !drafts {
                continue;
            }
            let dir = source.rel.parent().unwrap_or(Path::new("")).to_path_buf();
            let section = if dir.as_os_str().is_empty() {
                None
            } else {
                Some(site.section_for(&dir, &mut section_of_dir))
            };
            let url = page_url(&source, site.sections.get(section.unwrap_or(usize::MAX)));
            let title_from_h1 = source.front.title.is_none() && outline.leading_h1.is_some();
            let title = source
                .front
                .title
                .clone()
                .or_else(|| outline.leading_h1.clone())
                .or_else(|| outline.headings.first().map(|h| h.text.clone()))
                .unwrap_or_else(|| title_from_name(&source.rel));
            let index = site.pages.len();
            match (source.kind, section) {
                (SourceKind::Home, _) => {
                    if site.home.is_some() {
                        diagnostics.push(
                            Diagnostic::error(
                                &source.file,
                                "a second home page: content/ has both index.md and _index.md",
                            )
                            .code(Code::DuplicateUrl)
                            .with_hint("keep one of them"),
                        );
                        continue;
                    }
                    site.home = Some(index);
                }
                (SourceKind::Section, Some(s)) => {
                    let sec = &mut site.sections[s];
                    sec.index_page = Some(index);
                    sec.title = title.clone();
                    sec.description = source.front.description.clone();
                    sec.weight = source.front.weight;
                }
                (_, Some(s)) => site.sections[s].pages.push(index),
                (_, None) => {}
            }
            site.pages.push(GuidePage {
                description: source
                    .front
                    .description
                    .clone()
                    .or_else(|| outline.first_paragraph.as_deref().map(shorten)),
                weight: source.front.weight,
                url,
                title,
                section,
                outline,
                title_from_h1,
                source,
            });
        }
        site.sort_navigation();
        site.check_url_collisions(diagnostics);
        site.top_nav = site.top_navigation(config, diagnostics);
        site
    }

    fn section_for(&mut self, dir: &Path, known: &mut HashMap<PathBuf, usize>) -> usize {
        if let Some(&i) = known.get(dir) {
            return i;
        }
        let parent_dir = dir.parent().filter(|p| !p.as_os_str().is_empty());
        let parent = parent_dir.map(|p| self.section_for(p, known));
        let segment = slugify(&dir.file_name().unwrap_or_default().to_string_lossy());
        let url = match parent {
            Some(p) => format!("{}{segment}/", self.sections[p].url),
            None => format!("{segment}/"),
        };
        let i = self.sections.len();
        self.sections.push(Section {
            dir: dir.to_path_buf(),
            url,
            title: title_from_name(dir),
            description: None,
            weight: None,
            parent,
            index_page: None,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
        if let Some(p) = parent {
            self.sections[p].subsections.push(i);
        }
        known.insert(dir.to_path_buf(), i);
        i
    }

    fn sort_navigation(&mut self) {
        let pages = &self.pages;
        let page_key = |i: &usize| {
            (
                pages[*i].weight.unwrap_or(i64::MAX),
                pages[*i].title.to_lowercase(),
            )
        };
        for section in &mut self.sections {
            section.pages.sort_by_key(page_key);
        }
        let sections: Vec<(Option<i64>, String)> = self
            .sections
            .iter()
            .map(|s| (s.weight, s.title.to_lowercase()))
            .collect();
        for section in &mut self.sections {
            section
                .subsections
                .sort_by_key(|i| (sections[*i].0.unwrap_or(i64::MAX), sections[*i].1.clone()));
        }
    }

    fn check_url_collisions(&self, diagnostics: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for page in &self.pages {
            if let Some(other) = seen.insert(&page.url, &page.source.file) {
                diagnostics.push(
                    Diagnostic::error(
                        &page.source.file,
                        format!(
                            "its URL /{} is also the URL of {}",
                            page.url,
                            other.display()
                        ),
                    )
                    .code(Code::DuplicateUrl)
                    .with_hint("give one of them another `slug` in its front matter"),
                );
            }
        }
        for api in &self.apis {
            let prefix = format!("api/{}/", api.slug);
            if let Some(page) = self.pages.iter().find(|p| p.url.starts_with(&prefix)) {
                diagnostics.push(
                    Diagnostic::error(
                        &page.source.file,
                        format!(
                            "its URL /{} is inside the reference of the API {:?}",
                            page.url, api.slug
                        ),
                    )
                    .code(Code::DuplicateUrl),
                );
            }
        }
    }

    fn top_navigation(&self, config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Vec<NavItem> {
        let mut items: Vec<(Option<i64>, NavItem)> = Vec::new();
        for section in self.sections.iter().filter(|s| s.parent.is_none()) {
            items.push((
                section.weight,
                NavItem {
                    title: section.title.clone(),
                    url: section.url.clone(),
                    kind: "section".into(),
                    key: section.dir.to_string_lossy().into_owned(),
                },
            ));
        }
        for page in self
            .pages
            .iter()
            .filter(|p| p.section.is_none() && p.source.kind == SourceKind::Page)
        {
            items.push((
                page.weight,
                NavItem {
                    title: page.title.clone(),
                    url: page.url.clone(),
                    kind: "page".into(),
                    key: page
                        .source
                        .rel
                        .with_extension("")
                        .to_string_lossy()
                        .into_owned(),
                },
            ));
        }
        items.sort_by_key(|(weight, item)| (weight.unwrap_or(i64::MAX), item.title.to_lowercase()));
        let mut items: Vec<NavItem> = items.into_iter().map(|(_, item)| item).collect();
        items.extend(self.apis.iter().map(|api| NavItem {
            title: api.title.clone(),
            url: api.url.clone(),
            kind: "api".into(),
            key: api.slug.clone(),
        }));
        // `nav` in portico.toml puts the listed entries first, in its order.
        let known: Vec<String> = items.iter().map(|i| i.key.clone()).collect();
        let mut ordered = Vec::new();
        for key in &config.nav {
            match items.iter().position(|item| &item.key == key) {
                Some(i) => ordered.push(items.remove(i)),
                None => diagnostics.push(
                    Diagnostic::error(
                        crate::load::config::CONFIG_FILE,
                        format!("`nav` names {key:?}, which is not a section, page or API"),
                    )
                    .code(Code::UnknownNavEntry)
                    .with_hint(format!("known entries: {}", known.join(", "))),
                ),
            }
        }
        ordered.extend(items);
        ordered
    }

    /// Every site path that a link may point to: pages, assets and downloads.
    pub fn known_paths(&self) -> HashSet<String> {
        let mut paths: HashSet<String> = self.pages.iter().map(|p| p.url.clone()).collect();
        paths.extend(self.sections.iter().map(|s| s.url.clone()));
        paths.insert(String::new());
        paths.extend(self.assets.iter().map(|a| asset_url(&a.rel)));
        for api in &self.apis {
            paths.insert(api.url.clone());
            paths.insert(api.download.clone());
            paths.insert(format!("{}schemas/", api.url));
            paths.extend(api.tags.iter().map(|t| t.url.clone()));
            paths.extend(api.operations.iter().map(|o| o.url.clone()));
            paths.extend(api.webhooks.iter().map(|o| o.url.clone()));
            if !api.webhooks.is_empty() {
                paths.insert(format!("{}webhooks/", api.url));
            }
            paths.extend(api.schemas.iter().map(|s| s.url.clone()));
        }
        paths
    }
}

fn page_url(source: &SourcePage, section: Option<&Section>) -> String {
    let base = section.map_or("", |s| s.url.as_str());
    match source.kind {
        SourceKind::Home => String::new(),
        SourceKind::Section => base.to_string(),
        SourceKind::Page => {
            let stem = source.rel.file_stem().unwrap_or_default().to_string_lossy();
            let segment = match &source.front.slug {
                Some(slug) => slugify(slug),
                None => slugify(&stem),
            };
            let segment = if segment.is_empty() {
                "page".to_string()
            } else {
                segment
            };
            format!("{base}{segment}/")
        }
    }
}

/// Site path of a file copied from `content/`.
pub fn asset_url(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn title_from_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .replace(['-', '_'], " ");
    let mut chars = stem.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 180;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// `../` once per segment of `url`: the way from a page back to the site root.
pub fn relative_root(url: &str) -> String {
    "../".repeat(url.split('/').filter(|s| !s.is_empty()).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_roots() {
        assert_eq!(relative_root(""), "");
        assert_eq!(relative_root("guides/"), "../");
        assert_eq!(relative_root("api/x/operations/y/"), "../../../../");
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(
            title_from_name(Path::new("guides/getting-started.md")),
            "Getting started"
        );
    }
}
