//! Spec documents: finds the APIs to publish and reads each root document into a JSON value.
//!
//! Positions are not kept in the value (that would double the memory of a big spec); a
//! [`Locator`](super::locate::Locator) finds them again from the text when a problem is reported.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::config::{relative_inside, ApiConfig, Config};
use super::content::project_files;
use crate::diagnostics::{Diagnostic, Position};
use crate::slug::slugify;

pub const SPECS_DIR: &str = "specs";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }
}

/// One API's root document, parsed.
#[derive(Debug, Clone)]
pub struct SpecSource {
    pub slug: String,
    /// From `portico.toml`, when set there.
    pub title: Option<String>,
    /// Relative to the project root.
    pub file: PathBuf,
    pub text: String,
    pub format: Format,
    pub value: Value,
    /// Parts of `value` that a multi-file spec brought in from other files (set by bundling).
    pub origins: Vec<crate::resolve::bundle::Origin>,
}

/// Read the specs named in `portico.toml`, or every OpenAPI document under `specs/`.
pub fn load(root: &Path, config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Vec<SpecSource> {
    if !config.apis.is_empty() {
        return config
            .apis
            .iter()
            .filter_map(|api| load_one(root, api, diagnostics))
            .collect();
    }
    discover(root, diagnostics)
}

fn load_one(root: &Path, api: &ApiConfig, diagnostics: &mut Vec<Diagnostic>) -> Option<SpecSource> {
    if !relative_inside(&api.spec) {
        return None; // already reported by the config check
    }
    let (text, value, format) = match read_document(root, &api.spec) {
        Ok(parsed) => parsed,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    Some(SpecSource {
        slug: api.slug.clone(),
        title: api.title.clone(),
        file: api.spec.clone(),
        text,
        format,
        value,
        origins: Vec::new(),
    })
}

fn discover(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<SpecSource> {
    let dir = root.join(SPECS_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut specs: Vec<SpecSource> = Vec::new();
    for (path, rel) in project_files(root, &dir, diagnostics) {
        let is_spec_file = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        if !is_spec_file {
            continue;
        }
        let file = Path::new(SPECS_DIR).join(&rel);
        let (text, value, format) = match read_document(root, &file) {
            Ok(parsed) => parsed,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        // Files without `openapi`/`swagger` are fragments that root documents refer to.
        let is_root = value.get("openapi").is_some() || value.get("swagger").is_some();
        if !is_root {
            continue;
        }
        let stem = rel.with_extension("");
        let mut slug = slugify(&stem.to_string_lossy());
        if slug.is_empty() {
            slug = "api".to_string();
        }
        if specs.iter().any(|s| s.slug == slug) {
            diagnostics.push(
                Diagnostic::error(&file, format!("another spec already has the slug {slug:?}"))
                    .with_hint("list the specs under [[apis]] in portico.toml with distinct slugs"),
            );
            continue;
        }
        specs.push(SpecSource {
            slug,
            title: None,
            file,
            text,
            format,
            value,
            origins: Vec::new(),
        });
    }
    specs
}

/// Read and parse one document: JSON when it looks like JSON, YAML otherwise.
pub fn read_document(root: &Path, file: &Path) -> Result<(String, Value, Format), Diagnostic> {
    let path = root.join(file);
    // A symlink may lead out of the project: only what resolves inside it is read.
    let inside = match (path.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => true, // a missing file is reported by the read below
    };
    if !inside {
        return Err(
            Diagnostic::error(file, "the spec resolves to a file outside the project")
                .with_hint("Portico reads only files inside the project folder"),
        );
    }
    let bytes = std::fs::read(&path)
        .map_err(|e| Diagnostic::error(file, format!("cannot read spec: {e}")))?;
    let text = super::utf8_text(bytes, file, "the spec")?;
    let (value, format) = parse_document(&text, file)?;
    Ok((text, value, format))
}

/// Parse spec text. JSON goes through `serde_json` (3× faster than YAML on big specs).
pub fn parse_document(text: &str, file: &Path) -> Result<(Value, Format), Diagnostic> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Diagnostic::error(file, "spec file is empty"));
    }
    if trimmed.starts_with('{') {
        return serde_json::from_str::<Value>(trimmed)
            .map(|v| (v, Format::Json))
            .map_err(|e| {
                let skipped = text.len() - trimmed.len();
                let line_shift = text[..skipped].matches('\n').count();
                let message = super::parser_message(&e);
                Diagnostic::error(file, format!("invalid JSON: {message}"))
                    .at(Position::new(e.line() + line_shift, e.column()))
            });
    }
    let value: Value = serde_yaml::from_str::<super::lenient::Lenient>(text)
        .map(|l| l.0)
        .map_err(|e| {
            let position = e
                .location()
                .map(|l| Position::new(l.line(), l.column()))
                .unwrap_or_default();
            let message = super::parser_message(&e);
            Diagnostic::error(file, format!("invalid YAML: {message}")).at(position)
        })?;
    if !value.is_object() {
        return Err(
            Diagnostic::error(file, "a spec must be a mapping at the top level")
                .at(Position::new(1, 1)),
        );
    }
    Ok((value, Format::Yaml))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keeps_key_order_and_numeric_keys_become_strings() {
        let (value, format) = parse_document(
            "openapi: 3.0.3\npaths:\n  /b: {}\n  /a: {}\nresponses:\n  200: ok\n",
            Path::new("s.yaml"),
        )
        .unwrap();
        assert_eq!(format, Format::Yaml);
        let keys: Vec<_> = value["paths"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["/b", "/a"]);
        assert_eq!(value["responses"]["200"], "ok");
    }

    #[test]
    fn json_errors_have_line_and_column() {
        let err = parse_document("{\n  \"a\": 1,\n  \"b\": }\n", Path::new("s.json")).unwrap_err();
        assert_eq!((err.line, err.column), (3, 8), "{err}");
    }

    #[test]
    fn yaml_errors_have_line_and_column() {
        let err = parse_document(
            "openapi: 3.0.0\ninfo:\n  title: [unclosed\n",
            Path::new("s.yaml"),
        )
        .unwrap_err();
        assert!(err.line >= 3, "{err}");
        assert!(err.message.starts_with("invalid YAML"), "{err}");
    }

    #[test]
    fn integers_beyond_64_bits_are_read_as_numbers() {
        let (value, _) = parse_document(
            "openapi: 3.0.0\nmaximum: 18446744073709552000\n",
            Path::new("s.yaml"),
        )
        .unwrap();
        assert!(value["maximum"].as_f64().unwrap() > 1.8e19);
    }

    #[test]
    fn empty_files_are_errors() {
        assert!(parse_document("  \n", Path::new("s.yaml")).is_err());
    }
}
