//! Sidebars: a guide's top-level section with its subsections, and an API's tags (the current
//! one open), webhooks and schemas.

use serde::Serialize;

use super::Renderer;
use crate::model::api::{Api, Operation, Tag};

#[derive(Serialize, Clone)]
pub(super) struct SidebarItem {
    pub(super) title: String,
    pub(super) url: String,
    /// `url` relative to the page the sidebar is on (see [`Sidebar::linked_from`]).
    pub(super) href: String,
    pub(super) active: bool,
    pub(super) method: Option<String>,
    pub(super) deprecated: bool,
}

#[derive(Serialize, Clone)]
pub(super) struct SidebarGroup {
    /// A heading above this group (an `x-tagGroups` name).
    pub(super) heading: Option<String>,
    pub(super) title: Option<String>,
    pub(super) url: Option<String>,
    pub(super) href: Option<String>,
    pub(super) active: bool,
    pub(super) items: Vec<SidebarItem>,
}

#[derive(Serialize, Clone)]
pub(super) struct Sidebar {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) href: String,
    pub(super) active: bool,
    pub(super) groups: Vec<SidebarGroup>,
}

impl Sidebar {
    /// Set every link's `href` relative to the page at `page`. An API's sidebar repeats its
    /// current tag's operations on each of their pages (quadratic in the tag's size: 200
    /// operations under GitHub's `repos`), so each link is written as short as it can be:
    /// `../get-a-repository/` rather than `../../../../api/github/operations/get-a-repository/`.
    pub(super) fn linked_from(mut self, page: &str) -> Self {
        self.href = relative_url(page, &self.url);
        for group in &mut self.groups {
            group.href = group.url.as_deref().map(|url| relative_url(page, url));
            for item in &mut group.items {
                item.href = relative_url(page, &item.url);
            }
        }
        self
    }
}

/// A sidebar made into a Tera value once for all the pages of one folder (the operations of a
/// tag, the guides of a section) with nothing marked active, and handed to each page with only
/// the links that differ for it remade. Serialising a 200-item sidebar again for each of 200
/// pages was a tenth of a big build.
pub(super) struct SharedSidebar {
    /// With every `href` relative to the folder and nothing active.
    plain: Sidebar,
    value: tera::Value,
}

impl SharedSidebar {
    /// `folder` ends with `/`: the parent folder of the pages that will share it.
    pub(super) fn new(mut plain: Sidebar, folder: &str) -> Self {
        plain.active = false;
        for group in &mut plain.groups {
            group.active = false;
            for item in &mut group.items {
                item.active = false;
            }
        }
        // A made-up page in the folder: links are the same from each page of it, except
        // links to the page itself and below it, which `for_page` makes again.
        let plain = plain.linked_from(&format!("{folder}\u{0}/"));
        let value = tera::Value::from_serializable(&plain);
        SharedSidebar { plain, value }
    }

    /// With every `href` relative to the folder and nothing active.
    pub(super) fn plain(&self) -> &Sidebar {
        &self.plain
    }

    /// The sidebar as the page at `page` shows it with the entry for `current` active, for a
    /// page written natively.
    pub(super) fn on<'a>(
        &'a self,
        page: &'a str,
        current: &'a str,
    ) -> super::native::PageSidebar<'a> {
        super::native::PageSidebar {
            shared: self,
            page,
            current,
        }
    }

    /// The sidebar as the page at `page` shows it, with the entry for `current` active.
    pub(super) fn for_page(&self, page: &str, current: &str) -> tera::Value {
        let touched = |url: &str| url == current || url.starts_with(page);
        let group_touched = |group: &SidebarGroup| {
            group.url.as_deref().is_some_and(touched) || group.items.iter().any(|i| touched(&i.url))
        };
        let changed: Vec<usize> = (0..self.plain.groups.len())
            .filter(|&g| group_touched(&self.plain.groups[g]))
            .collect();
        if changed.is_empty() && !touched(&self.plain.url) {
            return self.value.clone();
        }
        let mut top = map_of(&self.value);
        if touched(&self.plain.url) {
            top.insert("href".into(), relative_url(page, &self.plain.url).into());
            top.insert("active".into(), (self.plain.url == current).into());
        }
        let mut groups: Vec<tera::Value> = top
            .get(&tera::value::Key::from("groups"))
            .and_then(tera::Value::as_array)
            .map(<[tera::Value]>::to_vec)
            .unwrap_or_default();
        for g in changed {
            let group = &self.plain.groups[g];
            let mut map = map_of(&groups[g]);
            if let Some(url) = group.url.as_deref().filter(|u| touched(u)) {
                map.insert("href".into(), relative_url(page, url).into());
                map.insert("active".into(), (url == current).into());
            }
            let mut items: Vec<tera::Value> = map
                .get(&tera::value::Key::from("items"))
                .and_then(tera::Value::as_array)
                .map(<[tera::Value]>::to_vec)
                .unwrap_or_default();
            for (i, item) in group.items.iter().enumerate() {
                if touched(&item.url) {
                    let mut item = item.clone();
                    item.href = relative_url(page, &item.url);
                    item.active = item.url == current;
                    items[i] = tera::Value::from_serializable(&item);
                }
            }
            map.insert("items".into(), items.into());
            groups[g] = map.into();
        }
        top.insert("groups".into(), groups.into());
        top.into()
    }
}

fn map_of(value: &tera::Value) -> tera::Map {
    value.as_map().cloned().unwrap_or_default()
}

/// The folder a page's links are relative to the parent of: `api/x/operations/` for
/// `api/x/operations/get-a-repo/`.
pub(super) fn parent_folder(page: &str) -> &str {
    let trimmed = page.strip_suffix('/').unwrap_or(page);
    &page[..trimmed.rfind('/').map_or(0, |i| i + 1)]
}

/// The relative link from the page at site path `from` to site path `to`. Site paths have no
/// leading slash; a page's ends with `/` (it is a folder's `index.html`), a file's does not.
pub(super) fn relative_url(from: &str, to: &str) -> String {
    // Both folders end at their last `/`; only whole segments count as shared. Called for every
    // link of every sidebar, so it works on bytes without collecting segments.
    let from_dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
    let mut common = 0;
    for (i, (a, b)) in from_dir.bytes().zip(to.bytes()).enumerate() {
        if a != b {
            break;
        }
        if a == b'/' {
            common = i + 1;
        }
    }
    let ups = from_dir[common..].matches('/').count();
    let rest = &to[common..];
    let mut out = String::with_capacity(ups * 3 + rest.len() + 2);
    for _ in 0..ups {
        out.push_str("../");
    }
    out.push_str(rest);
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// The sidebar key that opens the webhooks group (tags use their slugs).
pub(super) const WEBHOOKS: &str = "\u{0}webhooks";

impl Renderer<'_> {
    pub(super) fn top_section(&self, mut section: usize) -> usize {
        while let Some(parent) = self.site.sections[section].parent {
            section = parent;
        }
        section
    }

    pub(super) fn guide_sidebar(&self, section: usize, current: &str) -> Sidebar {
        let top = self.top_section(section);
        let site = self.site;
        let item = |p: usize| SidebarItem {
            title: site.pages[p].title.clone(),
            url: site.pages[p].url.clone(),
            href: String::new(),
            active: site.pages[p].url == current,
            method: None,
            deprecated: false,
        };
        let top_section = &site.sections[top];
        let mut groups = vec![SidebarGroup {
            heading: None,
            title: None,
            url: None,
            href: None,
            active: false,
            items: top_section.pages.iter().map(|&p| item(p)).collect(),
        }];
        let mut stack: Vec<usize> = top_section.subsections.iter().rev().copied().collect();
        while let Some(s) = stack.pop() {
            let sub = &site.sections[s];
            groups.push(SidebarGroup {
                heading: None,
                title: Some(sub.title.clone()),
                url: Some(sub.url.clone()),
                href: None,
                active: sub.url == current,
                items: sub.pages.iter().map(|&p| item(p)).collect(),
            });
            stack.extend(sub.subsections.iter().rev());
        }
        Sidebar {
            title: top_section.title.clone(),
            url: top_section.url.clone(),
            href: String::new(),
            active: top_section.url == current,
            groups,
        }
    }

    /// The API's sidebar: every tag (in its `x-tagGroups` group when there are groups), the
    /// operations of the current tag only, then webhooks and schemas.
    pub(super) fn api_sidebar(
        &self,
        api: &Api,
        current_tag: Option<&str>,
        current: &str,
    ) -> Sidebar {
        let op_item = |op: &Operation| SidebarItem {
            title: op.title.clone(),
            url: op.url.clone(),
            href: String::new(),
            active: op.url == current,
            method: Some(op.method.clone()),
            deprecated: op.deprecated,
        };
        let tag_group = |tag: &Tag, heading: Option<String>| {
            let open = current_tag == Some(tag.slug.as_str());
            SidebarGroup {
                heading,
                title: Some(tag.display_name.clone()),
                url: Some(tag.url.clone()),
                href: None,
                active: tag.url == current,
                items: if open {
                    tag.operations
                        .iter()
                        .map(|&i| op_item(&api.operations[i]))
                        .collect()
                } else {
                    Vec::new()
                },
            }
        };
        let mut groups = Vec::new();
        if api.tag_groups.is_empty() {
            groups.extend(api.tags.iter().map(|tag| tag_group(tag, None)));
        } else {
            let mut listed = vec![false; api.tags.len()];
            for group in &api.tag_groups {
                for (n, &t) in group.tags.iter().enumerate() {
                    listed[t] = true;
                    groups.push(tag_group(
                        &api.tags[t],
                        (n == 0).then(|| group.name.clone()),
                    ));
                }
            }
            // Tags that no group names still get a place.
            let rest: Vec<usize> = (0..api.tags.len()).filter(|&t| !listed[t]).collect();
            for (n, t) in rest.into_iter().enumerate() {
                groups.push(tag_group(
                    &api.tags[t],
                    (n == 0).then(|| "Other".to_string()),
                ));
            }
        }
        if !api.webhooks.is_empty() {
            let url = format!("{}webhooks/", api.url);
            let open = current_tag == Some(WEBHOOKS);
            groups.push(SidebarGroup {
                heading: None,
                title: Some("Webhooks".into()),
                active: url == current,
                url: Some(url),
                href: None,
                items: if open {
                    api.webhooks.iter().map(op_item).collect()
                } else {
                    Vec::new()
                },
            });
        }
        if !api.schemas.is_empty() {
            let url = format!("{}schemas/", api.url);
            groups.push(SidebarGroup {
                heading: None,
                title: Some("Schemas".into()),
                active: url == current,
                url: Some(url),
                href: None,
                items: Vec::new(),
            });
        }
        Sidebar {
            title: api.title.clone(),
            url: api.url.clone(),
            href: String::new(),
            active: api.url == current,
            groups,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn item(url: &str) -> SidebarItem {
        SidebarItem {
            title: format!("Title of {url}"),
            url: url.to_string(),
            href: String::new(),
            active: false,
            method: None,
            deprecated: false,
        }
    }

    /// A section `guides/` with pages, and a subsection `guides/more/` with its own pages.
    fn sidebar(current: &str) -> Sidebar {
        let group = |url: Option<&str>, items: &[&str]| SidebarGroup {
            heading: None,
            title: url.map(str::to_string),
            url: url.map(str::to_string),
            href: None,
            active: url == Some(current),
            items: items
                .iter()
                .map(|u| SidebarItem {
                    active: *u == current,
                    ..item(u)
                })
                .collect(),
        };
        Sidebar {
            title: "Guides".into(),
            url: "guides/".into(),
            href: String::new(),
            active: current == "guides/",
            groups: vec![
                group(None, &["guides/a/", "guides/b/", "guides/more/"]),
                group(Some("guides/more/"), &["guides/more/c/", "guides/more/d/"]),
            ],
        }
    }

    #[test]
    fn a_shared_sidebar_shows_each_page_what_its_own_sidebar_would() {
        // Pages of two folders, a section page with pages below it, and a page that shows
        // another entry as current.
        let cases = [
            ("guides/a/", "guides/a/"),
            ("guides/b/", "guides/b/"),
            ("guides/more/", "guides/more/"),
            ("guides/more/c/", "guides/more/c/"),
            ("guides/more/d/", "guides/more/d/"),
            ("guides/", "guides/"),
            ("guides/more/c/", "guides/more/"),
        ];
        let mut shared: HashMap<&str, SharedSidebar> = HashMap::new();
        for (page, current) in cases {
            let folder = parent_folder(page);
            let shared = shared
                .entry(folder)
                .or_insert_with(|| SharedSidebar::new(sidebar(""), folder));
            let expected = tera::Value::from_serializable(&sidebar(current).linked_from(page));
            assert_eq!(shared.for_page(page, current), expected, "{page}");
        }
        assert_eq!(
            parent_folder("api/x/operations/get-a/"),
            "api/x/operations/"
        );
        assert_eq!(parent_folder("guides/"), "");
    }

    #[test]
    fn links_are_relative_to_the_page() {
        let op = "api/github/operations/get-a-repo/";
        assert_eq!(
            relative_url(op, "api/github/operations/list-repos/"),
            "../list-repos/"
        );
        assert_eq!(relative_url(op, op), "./");
        assert_eq!(
            relative_url(op, "api/github/tags/repos/"),
            "../../tags/repos/"
        );
        assert_eq!(relative_url(op, "api/github/"), "../../");
        assert_eq!(relative_url(op, ""), "../../../../");
        assert_eq!(relative_url("", "guides/start/"), "guides/start/");
        assert_eq!(relative_url("guides/", "guides/a/"), "a/");
        assert_eq!(relative_url("guides/a/", "guides/"), "../");
        assert_eq!(
            relative_url("guides/a/", "assets/x.png"),
            "../../assets/x.png"
        );
        assert_eq!(relative_url("404.html", "guides/"), "guides/");
        // A shared prefix that is not a whole segment is not shared.
        assert_eq!(relative_url("api/xy/a/", "api/x/"), "../../x/");
        assert_eq!(relative_url("api/x/", "api/xy/a/"), "../xy/a/");
    }
}
