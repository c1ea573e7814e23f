//! The default theme's operation, schema and guide pages, written by Rust code instead of Tera.
//!
//! They are 98% of a big reference's pages (GitHub: 1,223 operations and 969 schemas of 2,244
//! pages), and Tera spent most of the build on them: turning each operation into template values
//! and interpreting the templates' loops over schema rows and sidebar links was 38% of the CPU
//! time of GitHub's portal. Writing the same bytes directly takes a fraction of that. Guides in
//! sections are most of a documentation site's pages, and Tera was a fifth of the instructions
//! of building 1,000 of them.
//!
//! A page kind is written here only when every template it would be rendered with is the
//! default theme's own (see [`Native::for_theme`]); a project that overrides one of them gets
//! its pages from Tera as before. The functions here follow their templates line by line, and
//! `tests/native_pages.rs` builds real projects both ways and requires the same bytes, so an
//! edit of a default template that is not made here too fails the tests.

mod guide;
mod layout;
mod operation;
mod schema;
mod tables;

use crate::render::theme::Theme;

pub(super) use guide::GuideBody;
pub(super) use layout::{Frame, PageSidebar};

/// The templates an operation page is rendered with: its own and all it extends and includes.
const OPERATION_TEMPLATES: &[&str] = &[
    "operation.html",
    "base.html",
    "partials/sidebar.html",
    "partials/security.html",
    "partials/parameters.html",
    "partials/media.html",
    "partials/schema_table.html",
];

/// The templates a schema page is rendered with.
const SCHEMA_TEMPLATES: &[&str] = &[
    "schema.html",
    "base.html",
    "partials/sidebar.html",
    "partials/schema_table.html",
];

/// The templates a guide page is rendered with.
const GUIDE_TEMPLATES: &[&str] = &["guide.html", "base.html", "partials/sidebar.html"];

/// Which page kinds are written natively for a theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Native {
    pub operations: bool,
    pub schemas: bool,
    pub guides: bool,
}

impl Native {
    /// The page kinds whose templates are all the default theme's in `theme`.
    pub fn for_theme(theme: &Theme) -> Self {
        let default = |names: &[&str]| names.iter().all(|name| theme.is_default_template(name));
        Native {
            operations: default(OPERATION_TEMPLATES),
            schemas: default(SCHEMA_TEMPLATES),
            guides: default(GUIDE_TEMPLATES),
        }
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

/// What Tera's `{% if value %}` sees in an optional string: present and not empty.
pub(super) fn given<S: AsRef<str>>(value: &Option<S>) -> Option<&str> {
    value.as_ref().map(AsRef::as_ref).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every template that a listed template extends or includes is listed too, so that an
    /// override of any of them turns the native page off.
    #[test]
    fn the_lists_hold_every_template_a_page_uses() {
        let theme = crate::render::theme::load(
            std::path::Path::new("/nonexistent"),
            "default",
            &mut Vec::new(),
        );
        for list in [OPERATION_TEMPLATES, SCHEMA_TEMPLATES, GUIDE_TEMPLATES] {
            for name in list {
                let text = &theme.templates[*name];
                for keyword in ["{% extends \"", "{% include \""] {
                    for (at, _) in text.match_indices(keyword) {
                        let rest = &text[at + keyword.len()..];
                        let used = &rest[..rest.find('"').unwrap()];
                        assert!(list.contains(&used), "{name} uses {used}, not listed");
                    }
                }
                assert!(!text.contains("{% import"), "{name}");
            }
        }
        assert_eq!(
            Native::for_theme(&theme),
            Native {
                operations: true,
                schemas: true,
                guides: true
            }
        );
    }
}
