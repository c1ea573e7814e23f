//! The default theme's pages, written by Rust code instead of Tera.
//!
//! Operation and schema pages are 98% of a big reference's pages (GitHub: 1,223 operations and 969 schemas of 2,244
//! pages), and Tera spent most of the build on them: turning each operation into template values
//! and interpreting the templates' loops over schema rows and sidebar links was 38% of the CPU
//! time of GitHub's portal. Writing the same bytes directly takes a fraction of that. Guides in
//! sections are most of a documentation site's pages, and Tera was a fifth of the instructions
//! of building 1,000 of them. The other pages (overview, tags, schema list, home, sections, 404,
//! search) are few, but with them all written here a build with the default theme compiles no
//! template: Tera's compiled templates were 0.5 MB of an empty site's 0.8 MB heap.
//!
//! A page kind is written here only when every template it would be rendered with is the
//! default theme's own (see [`Native::for_theme`]); a project that overrides one of them gets
//! its pages from Tera as before. The functions here follow their templates line by line, and
//! `tests/native_pages.rs` builds real projects both ways and requires the same bytes, so an
//! edit of a default template that is not made here too fails the tests.

mod guide;
mod layout;
mod operation;
mod overview;
mod schema;
mod structure;
mod tables;

use crate::model::api::Operation;
use crate::render::theme::Theme;

pub(super) use guide::GuideBody;
pub(super) use layout::{Frame, PageSidebar, SidebarView};
pub(super) use overview::TagBody;

/// Each page template of the default theme, with every template it extends or includes: a page
/// kind is written natively only when all of them are the default theme's own.
const PAGE_TEMPLATES: &[(&str, &[&str])] = &[
    (
        "operation.html",
        &[
            "base.html",
            "partials/sidebar.html",
            "partials/security.html",
            "partials/parameters.html",
            "partials/media.html",
            "partials/schema_table.html",
        ],
    ),
    (
        "schema.html",
        &[
            "base.html",
            "partials/sidebar.html",
            "partials/schema_table.html",
        ],
    ),
    ("guide.html", &["base.html", "partials/sidebar.html"]),
    (
        "api.html",
        &[
            "base.html",
            "partials/sidebar.html",
            "partials/security.html",
        ],
    ),
    ("tag.html", &["base.html", "partials/sidebar.html"]),
    ("schemas.html", &["base.html", "partials/sidebar.html"]),
    ("home.html", &["base.html", "partials/sidebar.html"]),
    ("section.html", &["base.html", "partials/sidebar.html"]),
    ("404.html", &["base.html", "partials/sidebar.html"]),
    ("search.html", &["base.html", "partials/sidebar.html"]),
];

/// Which page templates are written natively for a theme: one bit per entry of
/// [`PAGE_TEMPLATES`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Native(u16);

impl Native {
    /// The page templates whose templates are all the default theme's in `theme`.
    pub fn for_theme(theme: &Theme) -> Self {
        let mut bits = 0;
        for (i, (page, uses)) in PAGE_TEMPLATES.iter().enumerate() {
            let default = std::iter::once(page)
                .chain(uses.iter())
                .all(|name| theme.is_default_template(name));
            if default {
                bits |= 1 << i;
            }
        }
        Native(bits)
    }

    /// Whether pages of `template` (a page template's name, such as `"tag.html"`) are written
    /// natively.
    pub fn writes(self, template: &str) -> bool {
        PAGE_TEMPLATES
            .iter()
            .position(|(page, _)| *page == template)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// Whether every page is written natively, so that no template need be compiled.
    pub fn writes_all(self) -> bool {
        self.0 == (1 << PAGE_TEMPLATES.len()) - 1
    }
}

/// A page being written: HTML text with values escaped as Tera's autoescape does.
pub(super) struct Html {
    bytes: Vec<u8>,
}

impl Html {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Html {
            bytes: Vec::with_capacity(capacity),
        }
    }

    /// Markup, as is.
    pub(super) fn raw(&mut self, markup: &str) -> &mut Self {
        self.bytes.extend_from_slice(markup.as_bytes());
        self
    }

    /// A value, escaped: the same function Tera escapes `{{ value }}` with.
    pub(super) fn text(&mut self, value: &str) -> &mut Self {
        // Writing into a Vec cannot fail.
        let _ = tera::escape_html(value, &mut self.bytes);
        self
    }

    /// A value the template passes through `lower`.
    pub(super) fn lower(&mut self, value: &str) -> &mut Self {
        self.text(&value.to_lowercase())
    }

    pub(super) fn number(&mut self, value: usize) -> &mut Self {
        self.raw(&value.to_string())
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// How an operation list marks its items for the theme's script.
#[derive(Clone, Copy)]
pub(super) enum Marked {
    /// Not at all (a schema's "used by" list).
    Plain,
    /// As an operation, or as a webhook if it is one (a tag's page).
    ByKind,
    /// As an operation (the overview's tags).
    Operation,
    /// As a webhook (the overview's webhooks).
    Webhook,
}

/// `data-operation="GET /path"`, or for a webhook `data-webhook="name POST"`: how the theme's
/// script finds an operation on a page.
pub(super) fn operation_mark(h: &mut Html, op: &Operation, webhook: bool) {
    if webhook {
        h.raw("data-webhook=\"")
            .text(&op.path)
            .raw(" ")
            .text(&op.method)
            .raw("\"");
    } else {
        h.raw("data-operation=\"")
            .text(&op.method)
            .raw(" ")
            .text(&op.path)
            .raw("\"");
    }
}

/// One `<li>` of an operation list: method, path and title, linked. `deprecated`: the title is
/// marked when the operation is.
pub(super) fn operation_item(
    h: &mut Html,
    root: &str,
    op: &Operation,
    marked: Marked,
    deprecated: bool,
) {
    let webhook = match marked {
        Marked::Plain => None,
        Marked::ByKind => Some(op.webhook),
        Marked::Operation => Some(false),
        Marked::Webhook => Some(true),
    };
    match webhook {
        Some(webhook) => {
            h.raw("<li ");
            operation_mark(h, op, webhook);
            h.raw(">");
        }
        None => {
            h.raw("<li>");
        }
    }
    h.raw("<a href=\"")
        .text(root)
        .text(&op.url)
        .raw("\"><span class=\"method method--")
        .lower(&op.method)
        .raw("\">")
        .text(&op.method)
        .raw("</span> <code class=\"path\">")
        .text(&op.path)
        .raw("</code> <span class=\"operation-list__title");
    if deprecated && op.deprecated {
        h.raw(" is-deprecated");
    }
    h.raw("\">").text(&op.title).raw("</span></a></li>");
}

/// What Tera's `{% if value %}` sees in an optional string: present and not empty.
pub(super) fn given<S: AsRef<str>>(value: &Option<S>) -> Option<&str> {
    value.as_ref().map(AsRef::as_ref).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every template that a page template extends or includes is listed with it, so that an
    /// override of any of them turns the native page off; and every page template is listed.
    #[test]
    fn the_lists_hold_every_template_a_page_uses() {
        let theme = crate::render::theme::load(
            std::path::Path::new("/nonexistent"),
            "default",
            &mut Vec::new(),
        );
        for (page, uses) in PAGE_TEMPLATES {
            for name in std::iter::once(page).chain(uses.iter()) {
                let text = &theme.templates[*name];
                for keyword in ["{% extends \"", "{% include \""] {
                    for (at, _) in text.match_indices(keyword) {
                        let rest = &text[at + keyword.len()..];
                        let used = &rest[..rest.find('"').unwrap()];
                        assert!(
                            uses.contains(&used),
                            "{page}: {name} uses {used}, not listed"
                        );
                    }
                }
                assert!(!text.contains("{% import"), "{name}");
            }
        }
        for name in theme.templates.keys() {
            let listed = PAGE_TEMPLATES
                .iter()
                .any(|(page, uses)| page == name || uses.contains(&name.as_str()));
            assert!(listed, "{name} is in no list");
        }
        let native = Native::for_theme(&theme);
        assert!(native.writes_all());
        assert!(native.writes("tag.html") && !native.writes("base.html"));
    }

    /// A page kind stops being native when a template it uses is overridden, and only then.
    #[test]
    fn an_override_turns_off_the_pages_that_use_it() {
        let mut theme = crate::render::theme::load(
            std::path::Path::new("/nonexistent"),
            "default",
            &mut Vec::new(),
        );
        theme
            .templates
            .insert("partials/security.html".into(), "mine".into());
        let native = Native::for_theme(&theme);
        assert!(!native.writes("operation.html") && !native.writes("api.html"));
        assert!(native.writes("schema.html") && native.writes("tag.html"));
        assert!(!native.writes_all());
    }
}
