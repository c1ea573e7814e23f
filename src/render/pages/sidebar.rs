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
    heading: Option<String>,
    title: Option<String>,
    url: Option<String>,
    href: Option<String>,
    active: bool,
    items: Vec<SidebarItem>,
}

#[derive(Serialize, Clone)]
pub(super) struct Sidebar {
    title: String,
    url: String,
    href: String,
    active: bool,
    groups: Vec<SidebarGroup>,
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
    use super::relative_url;

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
