//! The theme: templates and assets. The default theme is compiled into the binary; a project can
//! replace any file with one of the same name in `themes/<theme>/` or, for templates, in
//! `templates/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $name)) as &[u8])),*]
    };
}

/// The default theme's files, by path inside the theme folder.
const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/home.html",
    "templates/section.html",
    "templates/guide.html",
    "templates/api.html",
    "templates/tag.html",
    "templates/operation.html",
    "templates/schema.html",
    "templates/schemas.html",
    "templates/404.html",
    "templates/search.html",
    "templates/partials/sidebar.html",
    "templates/partials/schema_table.html",
    "templates/partials/media.html",
    "templates/partials/security.html",
    "templates/partials/parameters.html",
    "static/style.css",
    "static/highlight.css",
    "static/portico.js",
    "static/search.js",
    "static/favicon.svg",
];

/// A theme, resolved: template sources by name and static files by output path.
#[derive(Debug, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    /// The default theme's are the binary's own bytes, not copies.
    pub assets: BTreeMap<String, bytes::Bytes>,
}

/// Load the theme named `name` for the project at `root`.
pub fn load(root: &Path, name: &str, diagnostics: &mut Vec<Diagnostic>) -> Theme {
    let mut theme = Theme::default();
    for (path, bytes) in DEFAULT_THEME {
        theme.add(
            path,
            bytes::Bytes::from_static(bytes),
            Path::new(path),
            diagnostics,
        );
    }
    let theme_dir = root.join("themes").join(name);
    if name != "default" && !theme_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                crate::load::config::CONFIG_FILE,
                format!("theme {name:?} not found: no folder themes/{name}/"),
            )
            .code(Code::ThemeNotFound)
            .with_hint("use theme = \"default\" or create the theme folder"),
        );
    }
    overlay(root, &theme_dir, "", &mut theme, diagnostics);
    overlay(
        root,
        &root.join("templates"),
        "templates/",
        &mut theme,
        diagnostics,
    );
    theme
}

fn overlay(
    root: &Path,
    dir: &Path,
    prefix: &str,
    theme: &mut Theme,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for (path, rel) in crate::load::content::project_files(root, dir, diagnostics) {
        let rel = format!("{prefix}{}", super::super::model::site::asset_url(&rel));
        let shown = crate::diagnostics::display_path(root, &path);
        match std::fs::read(&path) {
            Ok(bytes) => theme.add(&rel, bytes.into(), &shown, diagnostics),
            Err(e) => diagnostics
                .push(Diagnostic::error(shown, format!("cannot read: {e}")).code(Code::Unreadable)),
        }
    }
}

impl Theme {
    /// Whether template `name` is the default theme's own text (a copy of it counts as well).
    pub fn is_default_template(&self, name: &str) -> bool {
        let path = format!("templates/{name}");
        let default = DEFAULT_THEME.iter().find(|(p, _)| *p == path);
        match (default, self.templates.get(name)) {
            (Some((_, bytes)), Some(text)) => text.as_bytes() == *bytes,
            _ => false,
        }
    }

    fn add(
        &mut self,
        rel: &str,
        bytes: bytes::Bytes,
        shown: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if let Some(name) = rel.strip_prefix("templates/") {
            match String::from_utf8(bytes.into()) {
                Ok(text) => {
                    self.templates.insert(name.to_string(), text);
                }
                Err(_) => diagnostics.push(
                    Diagnostic::error(shown, "template is not valid UTF-8").code(Code::NotUtf8),
                ),
            }
        } else if let Some(asset) = rel.strip_prefix("static/") {
            self.assets.insert(asset.to_string(), bytes);
        }
    }
}
