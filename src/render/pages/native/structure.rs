//! `home.html`, `section.html`, `404.html` and `search.html` of the default theme: the pages made
//! from the site's structure (or from a home or section page's own Markdown).

use super::layout::{Frame, SidebarView};
use super::{given, Html};
use crate::render::pages::views::{ApiCard, Card};
use crate::render::pages::Renderer;

/// The cards of `section.html` and of the home page's guides.
fn cards(h: &mut Html, root: &str, cards: &[Card]) {
    for card in cards {
        h.raw("\n  <li class=\"card\">\n    <a href=\"")
            .text(root)
            .text(&card.url)
            .raw("\"><span class=\"card__title\">")
            .text(&card.title)
            .raw("</span></a>\n    ");
        if let Some(description) = given(&card.description) {
            h.raw("<p>").text(description).raw("</p>");
        }
        h.raw("\n  </li>\n  ");
    }
}

/// `{% if content %}<div class="prose">{{ content | safe }}</div>{% endif %}`.
fn prose(h: &mut Html, content: &str) {
    if !content.is_empty() {
        h.raw("<div class=\"prose\">").raw(content).raw("</div>");
    }
}

impl Renderer<'_> {
    /// The home page, as `home.html` renders it: `content` is its Markdown's HTML, if it has any.
    pub(in crate::render::pages) fn native_home(
        &self,
        frame: &Frame,
        content: &str,
        apis: &[ApiCard],
        sections: &[Card],
    ) -> Vec<u8> {
        let root = frame.root;
        self.native_page(
            frame,
            SidebarView::None,
            |h| {
                h.raw("\n<section class=\"hero\">\n  <h1>")
                    .text(frame.title)
                    .raw("</h1>\n  ");
                if let Some(description) = frame.description.filter(|d| !d.is_empty()) {
                    h.raw("<p class=\"hero__lead\">")
                        .text(description)
                        .raw("</p>");
                }
                h.raw("\n</section>\n");
                prose(h, content);
                h.raw("\n");
                if !apis.is_empty() {
                    h.raw(
                        "\n<h2 class=\"cards-title\">API reference</h2>\n<ul class=\"cards\">\n  ",
                    );
                    for api in apis {
                        h.raw("\n  <li class=\"card card--api\">\n    <a href=\"")
                            .text(root)
                            .text(api.url)
                            .raw("\"><span class=\"card__title\">")
                            .text(api.title)
                            .raw("</span></a>\n    <span class=\"card__meta\">v")
                            .text(api.version)
                            .raw(" · ")
                            .number(api.operations)
                            .raw(" operations · ")
                            .number(api.schemas)
                            .raw(" schemas</span>\n    ");
                        if let Some(summary) = api.summary.filter(|s| !s.is_empty()) {
                            h.raw("<p>").text(summary).raw("</p>");
                        }
                        h.raw("\n  </li>\n  ");
                    }
                    h.raw("\n</ul>\n");
                }
                h.raw("\n");
                if !sections.is_empty() {
                    h.raw("\n<h2 class=\"cards-title\">Guides</h2>\n<ul class=\"cards\">\n  ");
                    cards(h, root, sections);
                    h.raw("\n</ul>\n");
                }
                h.raw("\n");
            },
            |_| {},
        )
    }

    /// A section's page, as `section.html` renders it: `content` is its `_index.md`'s HTML, if
    /// it has one, and `children` its subsections and guides.
    pub(in crate::render::pages) fn native_section(
        &self,
        frame: &Frame,
        sidebar: SidebarView,
        content: &str,
        children: &[Card],
    ) -> Vec<u8> {
        self.native_page(
            frame,
            sidebar,
            |h| {
                h.raw("\n<article>\n<header class=\"page-header\">\n  <h1>")
                    .text(frame.title)
                    .raw("</h1>\n  ");
                if let Some(description) = frame.description.filter(|d| !d.is_empty()) {
                    h.raw("<p class=\"lead\">").text(description).raw("</p>");
                }
                h.raw("\n</header>\n");
                prose(h, content);
                h.raw("\n<ul class=\"cards\">\n  ");
                cards(h, frame.root, children);
                h.raw("\n</ul>\n</article>\n");
            },
            |_| {},
        )
    }

    /// The 404 page, as `404.html` renders it.
    pub(in crate::render::pages) fn native_not_found(&self, frame: &Frame) -> Vec<u8> {
        let root = frame.root;
        self.native_page(
            frame,
            SidebarView::None,
            |h| {
                h.raw("\n<article class=\"not-found\">\n  <h1>Page not found</h1>\n  <p class=\"lead\">There is no page at this address. It may have moved when the API changed.</p>\n  <p><a class=\"button\" href=\"")
                    .text(root)
                    .raw("\">Go to the home page</a></p>\n  <ul class=\"cards\">\n  ");
                for item in &self.site.top_nav {
                    h.raw("\n    <li class=\"card\"><a href=\"")
                        .text(root)
                        .text(&item.url)
                        .raw("\"><span class=\"card__title\">")
                        .text(&item.title)
                        .raw("</span></a></li>\n  ");
                }
                h.raw("\n  </ul>\n</article>\n");
            },
            |_| {},
        )
    }

    /// The search page, as `search.html` renders it.
    pub(in crate::render::pages) fn native_search(&self, frame: &Frame) -> Vec<u8> {
        let root = frame.root;
        self.native_page(
            frame,
            SidebarView::None,
            |h| {
                h.raw(SEARCH_FORM);
                for item in &self.site.top_nav {
                    h.raw("\n    <li><a href=\"")
                        .text(root)
                        .text(&item.url)
                        .raw("\">")
                        .text(&item.title)
                        .raw("</a></li>\n  ");
                }
                h.raw("\n  </ul>\n</noscript>\n");
            },
            |_| {},
        )
    }
}

/// `search.html` from the start of its content to its list of the site's sections.
const SEARCH_FORM: &str = r#"
<h1>Search</h1>
<div class="search-page" hidden>
  <form class="search-page__form" role="search" action="" method="get">
    <input id="search-page-input" type="search" name="q" aria-label="Search guides and API reference" placeholder="Search guides, operations, schemas…" autocomplete="off" spellcheck="false">
    <button type="submit">Search</button>
  </form>
  <p class="search-page__status" role="status" aria-live="polite"></p>
  <ol class="search-page__results" id="search-page-results"></ol>
  <button class="search-page__more" type="button" hidden>Show more results</button>
</div>
<noscript>
  <p class="search-page__noscript">Search runs in your browser and needs JavaScript, which is turned off. Every page is reachable from the navigation:</p>
  <ul>
  "#;
