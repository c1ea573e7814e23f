//! `base.html` and `partials/sidebar.html` of the default theme: the frame around a page's
//! content.

use std::borrow::Cow;

use super::Html;
use crate::render::pages::sidebar::{
    listed, relative_url, OpenGroup, SharedSidebar, Sidebar, SidebarItem,
};
use crate::render::pages::Renderer;

/// What `base.html` reads of a page besides the site's values.
pub(in crate::render::pages) struct Frame<'a> {
    /// `root`: the way up from the page to the site's root.
    pub root: &'a str,
    pub url: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// The top navigation entry the page belongs to.
    pub section: &'a str,
    /// The `body_class` block.
    pub body_class: &'a str,
}

/// The page's sidebar: the one shared by its folder, as the page at `page` shows it with the
/// entry for `current` active.
pub(in crate::render::pages) struct PageSidebar<'a> {
    pub shared: &'a SharedSidebar,
    /// The group the page opens (its tag's operations), if any.
    pub open: Option<&'a OpenGroup>,
    pub page: &'a str,
    pub current: &'a str,
}

/// The sidebar a page shows, if any.
pub(in crate::render::pages) enum SidebarView<'a> {
    /// None: guides outside a section, the home, 404 and search pages.
    None,
    /// Its folder's, shared with the other pages there (operations, schemas, guides).
    Shared(PageSidebar<'a>),
    /// Its own, with links and active entries set for the page (`Sidebar::linked_from`).
    Own(&'a Sidebar),
}

impl Renderer<'_> {
    /// A whole page: `content` and `aside` write the blocks of the same names.
    pub(in crate::render::pages) fn native_page(
        &self,
        frame: &Frame,
        sidebar: SidebarView,
        content: impl FnOnce(&mut Html),
        aside: impl FnOnce(&mut Html),
    ) -> Vec<u8> {
        let root = frame.root;
        let site_title = self.config.title.as_str();
        let mut h = Html::with_capacity(64 * 1024);
        h.raw("<!DOCTYPE html>\n<html lang=\"en\" data-root=\"")
            .text(root)
            .raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .raw(CSP)
            .raw("\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        if frame.url.is_empty() {
            h.text(site_title);
        } else {
            h.text(frame.title).raw(" · ").text(site_title);
        }
        h.raw("</title>\n");
        if let Some(description) = frame.description.filter(|d| !d.is_empty()) {
            h.raw("<meta name=\"description\" content=\"")
                .text(description)
                .raw("\">");
        }
        h.raw("\n<meta name=\"generator\" content=\"Portico ")
            .text(env!("CARGO_PKG_VERSION"))
            .raw("\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"icon\" href=\"")
            .text(root)
            .raw("assets/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"")
            .text(root)
            .raw("assets/style.css\">\n<link rel=\"stylesheet\" href=\"")
            .text(root)
            .raw("assets/highlight.css\">\n<script src=\"")
            .text(root)
            .raw("assets/portico.js\" defer></script>\n<script src=\"")
            .text(root)
            .raw("assets/search.js\" defer></script>\n</head>\n<body class=\"")
            .raw(frame.body_class)
            .raw("\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n  <div class=\"site-header__inner\">\n    <a class=\"brand\" href=\"")
            .text(root);
        if root.is_empty() {
            h.raw("./");
        }
        h.raw("\">\n      <img class=\"brand__logo\" src=\"")
            .text(root)
            .raw("assets/favicon.svg\" alt=\"\" width=\"28\" height=\"28\">\n      <span class=\"brand__name\">")
            .text(site_title)
            .raw("</span>\n    </a>\n    <nav class=\"top-nav\" aria-label=\"Main\">\n      <ul>\n      ");
        for item in &self.site.top_nav {
            h.raw("\n        <li><a href=\"")
                .text(root)
                .text(&item.url)
                .raw("\"");
            if frame.section == item.url {
                h.raw(" aria-current=\"true\" class=\"is-active\"");
            }
            h.raw(">");
            if item.kind == "api" {
                h.raw("<span class=\"top-nav__badge\">API</span> ");
            }
            h.text(&item.title).raw("</a></li>\n      ");
        }
        h.raw(
            "\n      </ul>\n    </nav>\n    <form class=\"site-search\" role=\"search\" action=\"",
        )
        .text(root)
        .raw(SEARCH_TO_LAYOUT);
        let open_sidebar = "\n<div class=\"layout layout--with-sidebar\">\n\n  <details class=\"sidebar-toggle\" open>\n  <summary>Menu</summary>\n  ";
        match sidebar {
            SidebarView::None => {
                h.raw("\n<div class=\"layout\">\n");
            }
            SidebarView::Shared(sidebar) => {
                h.raw(open_sidebar);
                write_shared_sidebar(&mut h, &sidebar);
                h.raw("\n  </details>\n");
            }
            SidebarView::Own(sidebar) => {
                h.raw(open_sidebar);
                write_own_sidebar(&mut h, sidebar);
                h.raw("\n  </details>\n");
            }
        }
        h.raw("\n  <main id=\"main\" class=\"content\">\n");
        content(&mut h);
        h.raw("\n  </main>\n");
        aside(&mut h);
        h.raw("\n</div>\n<footer class=\"site-footer\">\n  <p>");
        match self.config.footer.as_deref().filter(|f| !f.is_empty()) {
            Some(footer) => h.text(footer),
            None => h.raw("© ").text(site_title),
        };
        h.raw(" · Built with Portico</p>\n</footer>\n</body>\n</html>\n");
        h.into_bytes()
    }
}

/// The `csp` block as the default theme has it.
const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'\">";

/// From the search form's action, after `{{ root }}`, to the end of the header.
const SEARCH_TO_LAYOUT: &str = r#"search/" method="get">
      <input id="search-input" type="search" name="q" placeholder="Search" aria-label="Search guides and API reference" autocomplete="off" spellcheck="false">
      <kbd class="site-search__key" aria-hidden="true">/</kbd>
    </form>
    <button class="theme-toggle" type="button" aria-label="Switch between light and dark theme" hidden>
      <svg class="icon-sun" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><circle cx="12" cy="12" r="4.5" fill="currentColor"/><g stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/></g></svg>
      <svg class="icon-moon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M20.5 14.5A8.5 8.5 0 0 1 9.5 3.5a8.5 8.5 0 1 0 11 11z"/></svg>
    </button>
  </div>
</header>"#;

/// The line standing for `count` operations a tag's group leaves out, linking to the tag's page.
fn write_more(h: &mut Html, href: &str, count: usize) {
    h.raw("\n      <li class=\"sidebar__more\"><a href=\"")
        .text(href)
        .raw("\">… ")
        .number(count)
        .raw(" more</a></li>");
}

/// `partials/sidebar.html` up to its groups.
fn write_title(h: &mut Html, title: &str, href: &str, active: bool) {
    h.raw("<nav class=\"sidebar\" aria-label=\"")
        .text(title)
        .raw("\">\n  ");
    title_link(h, "sidebar__title", title, href, active);
}

/// The sidebar's title link, or a group's: `class`, and marked when it is the page itself.
fn title_link(h: &mut Html, class: &str, title: &str, href: &str, active: bool) {
    h.raw("<a class=\"").raw(class);
    if active {
        h.raw(" is-active");
    }
    h.raw("\" href=\"").text(href).raw("\"");
    if active {
        h.raw(" aria-current=\"page\"");
    }
    h.raw(">").text(title).raw("</a>");
}

/// One group of `partials/sidebar.html`: its heading, title link and the items `link` gives
/// the `href` and active state of, with `before` and `after` items left out.
fn write_group(
    h: &mut Html,
    group: &crate::render::pages::sidebar::SidebarGroup,
    (href, active): (&str, bool),
    items: &[SidebarItem],
    (before, after): (usize, usize),
    link: impl Fn(&SidebarItem) -> (Cow<'_, str>, bool),
) {
    if let Some(heading) = super::given(&group.heading) {
        h.raw("\n  <p class=\"sidebar__heading\">")
            .text(heading)
            .raw("</p>");
    }
    h.raw("\n  <div class=\"sidebar__group\">");
    if let Some(title) = super::given(&group.title) {
        h.raw("\n    ");
        title_link(h, "sidebar__group-title", title, href, active);
    }
    if !items.is_empty() {
        h.raw("\n    <ul>");
        if before > 0 {
            write_more(h, href, before);
        }
        for item in items {
            let (href, active) = link(item);
            h.raw("\n      <li><a href=\"").text(&href).raw("\"");
            if active {
                h.raw(" aria-current=\"page\" class=\"is-active\"");
            }
            h.raw(">");
            if let Some(method) = super::given(&item.method) {
                h.raw("<span class=\"method method--")
                    .lower(method)
                    .raw("\">")
                    .text(method)
                    .raw("</span> ");
            }
            h.raw("<span class=\"sidebar__label");
            if item.deprecated {
                h.raw(" is-deprecated");
            }
            h.raw("\">").text(&item.title).raw("</span></a></li>");
        }
        if after > 0 {
            write_more(h, href, after);
        }
        h.raw("\n    </ul>");
    }
    h.raw("\n  </div>");
}

/// `partials/sidebar.html` for a sidebar shared by a folder's pages.
fn write_shared_sidebar(h: &mut Html, sidebar: &PageSidebar) {
    let PageSidebar {
        shared,
        open,
        page,
        current,
    } = *sidebar;
    // Links to the page itself and below it differ from the folder's; see `SharedSidebar`.
    // The others are the folder's, borrowed: most of an API's sidebar on each of its pages.
    fn link<'a>(page: &str, current: &str, url: &str, plain: &'a str) -> (Cow<'a, str>, bool) {
        if url == current || url.starts_with(page) {
            (relative_url(page, url).into(), url == current)
        } else {
            (Cow::Borrowed(plain), false)
        }
    }
    let plain = shared.plain();
    let (href, active) = link(page, current, &plain.url, &plain.href);
    write_title(h, &plain.title, &href, active);
    for (g, group) in plain.groups.iter().enumerate() {
        let (href, active) = match &group.url {
            Some(url) => link(
                page,
                current,
                url,
                group.href.as_deref().unwrap_or_default(),
            ),
            None => (Cow::Borrowed(""), false),
        };
        let items = shared.items(g, open);
        if !group.shown(plain.compact, active, items) {
            continue;
        }
        let shown = listed(group.collapsible, items, current);
        let hidden = (shown.start, items.len() - shown.end);
        write_group(h, group, (&href, active), &items[shown], hidden, |item| {
            link(page, current, &item.url, &item.href)
        });
    }
    h.raw("\n</nav>\n");
}

/// `partials/sidebar.html` for a sidebar made for its page alone.
fn write_own_sidebar(h: &mut Html, sidebar: &Sidebar) {
    write_title(h, &sidebar.title, &sidebar.href, sidebar.active);
    for group in &sidebar.groups {
        if !group.shown(sidebar.compact, group.active, &group.items) {
            continue;
        }
        let href = group.href.as_deref().unwrap_or_default();
        let hidden = (group.hidden_before, group.hidden_after);
        write_group(
            h,
            group,
            (href, group.active),
            &group.items,
            hidden,
            |item| (Cow::Borrowed(item.href.as_str()), item.active),
        );
    }
    h.raw("\n</nav>\n");
}
