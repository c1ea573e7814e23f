//! `guide.html` of the default theme: a guide, with its table of contents and, in a section,
//! its sidebar and pager.

use super::layout::{Frame, SidebarView};
use super::Html;
use crate::render::markdown::Heading;
use crate::render::pages::sidebar::SidebarItem;
use crate::render::pages::Renderer;

/// What a guide page shows besides its frame.
pub(in crate::render::pages) struct GuideBody<'a> {
    /// The guide's HTML.
    pub content: &'a str,
    pub toc: &'a [Heading],
    pub previous: Option<&'a SidebarItem>,
    pub next: Option<&'a SidebarItem>,
    /// Whether the page has a pager: a guide in a section, whose previous and next are defined
    /// (possibly empty) for the template.
    pub pager: bool,
}

impl Renderer<'_> {
    /// The page of a guide, as `guide.html` renders it.
    pub(in crate::render::pages) fn native_guide(
        &self,
        frame: &Frame,
        sidebar: SidebarView,
        body: &GuideBody,
    ) -> Vec<u8> {
        let root = frame.root;
        self.native_page(
            frame,
            sidebar,
            |h| {
                h.raw("\n<article class=\"guide\">\n<header class=\"page-header\">\n  <h1>")
                    .text(frame.title)
                    .raw("</h1>\n  ");
                if let Some(description) = frame.description.filter(|d| !d.is_empty()) {
                    h.raw("<p class=\"lead\">").text(description).raw("</p>");
                }
                h.raw("\n</header>\n<div class=\"prose\">\n")
                    .raw(body.content)
                    .raw("\n</div>\n");
                if body.pager {
                    h.raw("\n<nav class=\"pager\" aria-label=\"Previous and next guide\">\n  ");
                    pager_link(h, root, body.previous, "prev", "Previous");
                    h.raw("\n  ");
                    pager_link(h, root, body.next, "next", "Next");
                    h.raw("\n</nav>\n");
                }
                h.raw("\n</article>\n");
            },
            |h| {
                h.raw("\n");
                if body.toc.len() > 1 {
                    h.raw("\n<aside class=\"toc\" aria-label=\"On this page\">\n  <p class=\"toc__title\">On this page</p>\n  <ul>\n  ");
                    for heading in body.toc {
                        h.raw("\n    <li class=\"toc__level-")
                            .number(usize::from(heading.level))
                            .raw("\"><a href=\"#")
                            .text(&heading.id)
                            .raw("\">")
                            .text(&heading.text)
                            .raw("</a></li>\n  ");
                    }
                    h.raw("\n  </ul>\n</aside>\n");
                }
                h.raw("\n");
            },
        )
    }
}

/// `{% if previous %}<a class="pager__prev" …>…</a>{% endif %}`, and the same for `next`.
fn pager_link(h: &mut Html, root: &str, item: Option<&SidebarItem>, class: &str, label: &str) {
    if let Some(item) = item {
        h.raw("<a class=\"pager__")
            .raw(class)
            .raw("\" href=\"")
            .text(root)
            .text(&item.url)
            .raw("\"><span>")
            .raw(label)
            .raw("</span>")
            .text(&item.title)
            .raw("</a>");
    }
}
