//! Sidebars: a guide's top-level section with its subsections, and an API's tags (the current
//! one open), webhooks and schemas.

use std::ops::Range;
use std::sync::OnceLock;

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
    /// In a [`Sidebar::compact`] sidebar, shown only when it is open or is the page itself; an
    /// API's tag, whose operations a page lists at most [`MAX_LISTED_OPERATIONS`] of.
    pub(super) collapsible: bool,
    /// How many of the group's items a page leaves out before and after those it lists (see
    /// [`listed`]); set for each page.
    pub(super) hidden_before: usize,
    pub(super) hidden_after: usize,
}

impl SidebarGroup {
    /// A group that is only a link, to `url`.
    fn link(title: String, url: String, current: &str) -> Self {
        SidebarGroup {
            heading: None,
            title: Some(title),
            active: url == current,
            url: Some(url),
            href: None,
            items: Vec::new(),
            collapsible: false,
            hidden_before: 0,
            hidden_after: 0,
        }
    }

    /// The group with only the items the page at `current` lists (see [`listed`]).
    fn listing_for(mut self, current: &str) -> Self {
        let shown = listed(self.collapsible, &self.items, current);
        self.hidden_before = shown.start;
        self.hidden_after = self.items.len() - shown.end;
        self.items.truncate(shown.end);
        self.items.drain(..shown.start);
        self
    }

    /// Whether a page shows this group: `active` when it links to the page itself, `items` what
    /// the page lists under it.
    pub(super) fn shown(&self, compact: bool, active: bool, items: &[SidebarItem]) -> bool {
        !compact || !self.collapsible || active || !items.is_empty()
    }
}

#[derive(Serialize, Clone)]
pub(super) struct Sidebar {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) href: String,
    pub(super) active: bool,
    pub(super) groups: Vec<SidebarGroup>,
    /// An API with more than [`MAX_LISTED_TAGS`] tags: each page lists only its own tag, and a
    /// link to the overview's list of all of them.
    pub(super) compact: bool,
}

/// The most tags an API's sidebar lists on every page. The sidebar repeats on each page, so
/// listing every tag makes the site grow with tags × pages: Microsoft Graph's 418 tags were
/// 65 KB of each of its 14,443 pages, 0.9 of its 2.1 GB. Past this many, a page lists its own
/// tag and links to the overview, which lists them all.
pub(super) const MAX_LISTED_TAGS: usize = 100;

/// The most operations of a tag its pages list in the sidebar. Each operation page lists its
/// tag's operations, so a tag of n operations wrote n² links: Microsoft Graph's biggest tags made
/// its sidebars 0.75 of its 1.2 GB of operation pages. Past this many, a page lists the ones
/// around its own, and links to the tag's page for the others.
pub(super) const MAX_LISTED_OPERATIONS: usize = 100;

/// Which of `items` a page lists: all of them, or for a tag's, the [`MAX_LISTED_OPERATIONS`]
/// around the one that is the page (`current`), or the first ones on a page that is none of them.
pub(super) fn listed(collapsible: bool, items: &[SidebarItem], current: &str) -> Range<usize> {
    let len = items.len();
    if !collapsible || len <= MAX_LISTED_OPERATIONS {
        return 0..len;
    }
    let at = items
        .iter()
        .position(|item| item.url == current)
        .unwrap_or(0);
    let start = at
        .saturating_sub(MAX_LISTED_OPERATIONS / 2)
        .min(len - MAX_LISTED_OPERATIONS);
    start..start + MAX_LISTED_OPERATIONS
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

/// A sidebar made once for all the pages of one folder (the operations of an API, the guides of
/// a section) with nothing marked active, and handed to each page with only the links that
/// differ for it remade. Serialising a 200-item sidebar again for each of 200 pages was a tenth
/// of a big build. An API's sidebar lists every tag and opens the current one: the open tag's
/// operations are an [`OpenGroup`], made once per tag, so that the tags are held once per
/// folder and not once per tag (Microsoft Graph's 418 tags held 230 MB of sidebars that way).
pub(super) struct SharedSidebar {
    /// With every `href` relative to the folder and nothing active.
    plain: Sidebar,
    /// The made-up page in the folder that `plain`'s links are relative to.
    folder_page: String,
    /// `plain` as a Tera value, made when a page is rendered by a template (an override).
    value: OnceLock<tera::Value>,
}

/// The items of one group of a [`SharedSidebar`] that a page opens: the operations of the
/// current tag under an API's sidebar, which lists them only for that tag.
pub(super) struct OpenGroup {
    /// The groups of the shared sidebar that these items fill: a tag that `x-tagGroups` lists
    /// twice is open in both places.
    indices: Vec<usize>,
    /// With every `href` relative to the folder and nothing active.
    items: Vec<SidebarItem>,
    /// `items` as Tera values, made when a page is rendered by a template.
    values: OnceLock<Vec<tera::Value>>,
}

impl OpenGroup {
    fn fills(&self, g: usize) -> bool {
        self.indices.contains(&g)
    }
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
        let folder_page = format!("{folder}\u{0}/");
        let plain = plain.linked_from(&folder_page);
        SharedSidebar {
            plain,
            folder_page,
            value: OnceLock::new(),
        }
    }

    /// With every `href` relative to the folder and nothing active.
    pub(super) fn plain(&self) -> &Sidebar {
        &self.plain
    }

    /// `items` shown under the groups that link to `group_url`; `None` if no group does.
    pub(super) fn open(&self, group_url: &str, items: Vec<SidebarItem>) -> Option<OpenGroup> {
        let indices: Vec<usize> = (0..self.plain.groups.len())
            .filter(|&g| self.plain.groups[g].url.as_deref() == Some(group_url))
            .collect();
        if indices.is_empty() {
            return None;
        }
        let items = items
            .into_iter()
            .map(|item| SidebarItem {
                href: relative_url(&self.folder_page, &item.url),
                active: false,
                ..item
            })
            .collect();
        Some(OpenGroup {
            indices,
            items,
            values: OnceLock::new(),
        })
    }

    /// The items of group `g`: those of `open` when it fills that group.
    pub(super) fn items<'a>(&'a self, g: usize, open: Option<&'a OpenGroup>) -> &'a [SidebarItem] {
        match open {
            Some(open) if open.fills(g) => &open.items,
            _ => &self.plain.groups[g].items,
        }
    }

    /// The sidebar as the page at `page` shows it with the entry for `current` active, for a
    /// page written natively.
    pub(super) fn on<'a>(
        &'a self,
        page: &'a str,
        current: &'a str,
        open: Option<&'a OpenGroup>,
    ) -> super::native::SidebarView<'a> {
        super::native::SidebarView::Shared(super::native::PageSidebar {
            shared: self,
            open,
            page,
            current,
        })
    }

    /// The sidebar as the page at `page` shows it, with the entry for `current` active and the
    /// items of `open`.
    pub(super) fn for_page(
        &self,
        page: &str,
        current: &str,
        open: Option<&OpenGroup>,
    ) -> tera::Value {
        let value = self
            .value
            .get_or_init(|| tera::Value::from_serializable(&self.plain));
        let touched = |url: &str| url == current || url.starts_with(page);
        let is_open = |g: usize| open.is_some_and(|open| open.fills(g));
        let group_touched = |g: usize| {
            is_open(g)
                || self.plain.groups[g].url.as_deref().is_some_and(touched)
                || self.items(g, open).iter().any(|i| touched(&i.url))
        };
        let changed: Vec<usize> = (0..self.plain.groups.len())
            .filter(|&g| group_touched(g))
            .collect();
        if changed.is_empty() && !touched(&self.plain.url) {
            return value.clone();
        }
        let mut top = map_of(value);
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
            let mut items: Vec<tera::Value> = match open {
                Some(open) if open.fills(g) => open
                    .values
                    .get_or_init(|| {
                        open.items
                            .iter()
                            .map(tera::Value::from_serializable)
                            .collect()
                    })
                    .clone(),
                _ => map
                    .get(&tera::value::Key::from("items"))
                    .and_then(tera::Value::as_array)
                    .map(<[tera::Value]>::to_vec)
                    .unwrap_or_default(),
            };
            let all = self.items(g, open);
            for (i, item) in all.iter().enumerate() {
                if touched(&item.url) {
                    let mut item = item.clone();
                    item.href = relative_url(page, &item.url);
                    item.active = item.url == current;
                    items[i] = tera::Value::from_serializable(&item);
                }
            }
            let shown = listed(group.collapsible, all, current);
            if shown.len() < items.len() {
                map.insert("hidden_before".into(), shown.start.into());
                map.insert("hidden_after".into(), (all.len() - shown.end).into());
                items = items[shown].to_vec();
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

fn op_item(op: &Operation, current: &str) -> SidebarItem {
    SidebarItem {
        title: op.title.clone(),
        url: op.url.clone(),
        href: String::new(),
        active: op.url == current,
        method: Some(op.method.clone()),
        deprecated: op.deprecated,
    }
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
            collapsible: false,
            hidden_before: 0,
            hidden_after: 0,
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
                collapsible: false,
                hidden_before: 0,
                hidden_after: 0,
            });
            stack.extend(sub.subsections.iter().rev());
        }
        Sidebar {
            title: top_section.title.clone(),
            url: top_section.url.clone(),
            href: String::new(),
            active: top_section.url == current,
            groups,
            compact: false,
        }
    }

    /// The group that `open` (a tag's slug, or [`WEBHOOKS`]) opens in the API's sidebar: the
    /// URL its title links to and its operations, none active.
    pub(super) fn api_open_group(
        &self,
        api: &Api,
        open: &str,
    ) -> Option<(String, Vec<SidebarItem>)> {
        if open == WEBHOOKS {
            let items = api.webhooks.iter().map(|op| op_item(op, "")).collect();
            return Some((format!("{}webhooks/", api.url), items));
        }
        let tag = api.tags.iter().find(|tag| tag.slug == open)?;
        let items = tag
            .operations
            .iter()
            .map(|&i| op_item(&api.operations[i], ""))
            .collect();
        Some((tag.url.clone(), items))
    }

    /// The API's sidebar: every tag (in its `x-tagGroups` group when there are groups), the
    /// operations of the current tag only, then webhooks and schemas.
    pub(super) fn api_sidebar(
        &self,
        api: &Api,
        current_tag: Option<&str>,
        current: &str,
    ) -> Sidebar {
        let op_item = |op: &Operation| op_item(op, current);
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
                collapsible: true,
                hidden_before: 0,
                hidden_after: 0,
            }
            .listing_for(current)
        };
        let compact = api.tags.len() > MAX_LISTED_TAGS;
        let mut groups = Vec::new();
        if compact {
            let title = format!("All {} tags", api.tags.len());
            groups.push(SidebarGroup::link(
                title,
                format!("{}#operations", api.url),
                current,
            ));
        }
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
                collapsible: false,
                hidden_before: 0,
                hidden_after: 0,
            });
        }
        if !api.schemas.is_empty() {
            let url = format!("{}schemas/", api.url);
            groups.push(SidebarGroup::link("Schemas".into(), url, current));
        }
        Sidebar {
            title: api.title.clone(),
            url: api.url.clone(),
            href: String::new(),
            active: api.url == current,
            groups,
            compact,
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
            collapsible: false,
            hidden_before: 0,
            hidden_after: 0,
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
            compact: false,
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
            assert_eq!(shared.for_page(page, current, None), expected, "{page}");
        }
        assert_eq!(
            parent_folder("api/x/operations/get-a/"),
            "api/x/operations/"
        );
        assert_eq!(parent_folder("guides/"), "");
    }

    /// An API's sidebar with tags `a` and `b`, the operations of `open` listed.
    fn api_sidebar(open: Option<&str>, current: &str) -> Sidebar {
        let tag = |name: &str| {
            let url = format!("api/x/tags/{name}/");
            let ops = [
                format!("api/x/operations/{name}-1/"),
                format!("api/x/operations/{name}-2/"),
            ];
            SidebarGroup {
                heading: None,
                title: Some(name.to_string()),
                active: url == current,
                url: Some(url),
                href: None,
                items: match open {
                    Some(open) if open == name => ops
                        .iter()
                        .map(|u| SidebarItem {
                            active: u == current,
                            ..item(u)
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                collapsible: true,
                hidden_before: 0,
                hidden_after: 0,
            }
        };
        Sidebar {
            title: "X".into(),
            url: "api/x/".into(),
            href: String::new(),
            active: current == "api/x/",
            // `a` twice, as when two `x-tagGroups` list it.
            groups: vec![tag("a"), tag("b"), tag("a")],
            compact: false,
        }
    }

    #[test]
    fn an_open_group_shows_each_page_its_own_tag_in_a_sidebar_shared_by_all_tags() {
        let folder = "api/x/operations/";
        let shared = SharedSidebar::new(api_sidebar(None, ""), folder);
        for name in ["a", "b"] {
            let items = api_sidebar(Some(name), "")
                .groups
                .remove(usize::from(name == "b"))
                .items;
            let open = shared.open(&format!("api/x/tags/{name}/"), items);
            assert!(open.is_some(), "{name}");
            for page in [
                format!("api/x/operations/{name}-1/"),
                format!("api/x/operations/{name}-2/"),
            ] {
                let expected = api_sidebar(Some(name), &page).linked_from(&page);
                assert_eq!(
                    shared.for_page(&page, &page, open.as_ref()),
                    tera::Value::from_serializable(&expected),
                    "{page}"
                );
                let items: Vec<usize> = (0..3)
                    .map(|g| shared.items(g, open.as_ref()).len())
                    .collect();
                let expected = if name == "a" { [2, 0, 2] } else { [0, 2, 0] };
                assert_eq!(items, expected, "{page}");
            }
        }
        assert!(shared.open("api/x/tags/missing/", Vec::new()).is_none());
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
