//! Spec documents: finds the APIs to publish and reads each root document into a JSON value.
//!
//! Positions are not kept in the value (that would double the memory of a big spec); a
//! [`Locator`](super::locate::Locator) finds them again from the text when a problem is reported.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::config::{relative_inside, ApiConfig, Config};
use super::content::project_files;
use crate::diagnostics::{Code, Diagnostic, Position};
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

/// A file that may hold an API's root document: one named in `portico.toml`, or any JSON or
/// YAML file under `specs/` (which may turn out to be a fragment that root documents refer to).
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Relative to the project root.
    pub file: PathBuf,
    /// The `[[apis]]` entry naming it, when the config lists the APIs.
    pub configured: Option<ApiConfig>,
}

/// The files to read as specs: those named in `portico.toml`, or else every JSON or YAML
/// document under `specs/`, in a stable order.
pub fn candidates(
    root: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Candidate> {
    if !config.apis.is_empty() {
        return config
            .apis
            .iter()
            // Paths leading out of the project are reported by the config check.
            .filter(|api| relative_inside(&api.spec))
            .map(|api| Candidate {
                file: api.spec.clone(),
                configured: Some(api.clone()),
            })
            .collect();
    }
    let dir = root.join(SPECS_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    project_files(root, &dir, diagnostics)
        .into_iter()
        .filter(|(path, _)| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        })
        .map(|(_, rel)| Candidate {
            file: Path::new(SPECS_DIR).join(rel),
            configured: None,
        })
        .collect()
}

impl Candidate {
    /// The API's slug: from the config, or from the file's path under `specs/`.
    pub fn slug(&self) -> String {
        if let Some(api) = &self.configured {
            return api.slug.clone();
        }
        let rel = self.file.strip_prefix(SPECS_DIR).unwrap_or(&self.file);
        let slug = slugify(&rel.with_extension("").to_string_lossy());
        if slug.is_empty() {
            "api".to_string()
        } else {
            slug
        }
    }

    /// Whether a parsed document is an API's root. A file named in the config always is; a
    /// discovered file without `openapi`/`swagger` is a fragment.
    pub fn is_root(&self, value: &Value) -> bool {
        self.configured.is_some()
            || value.get("openapi").is_some()
            || value.get("swagger").is_some()
    }

    /// The spec, once its document is read and found to be a root.
    pub fn source(&self, text: String, value: Value, format: Format) -> SpecSource {
        SpecSource {
            slug: self.slug(),
            title: self.configured.as_ref().and_then(|api| api.title.clone()),
            file: self.file.clone(),
            text,
            format,
            value,
            origins: Vec::new(),
        }
    }
}

/// The error for a discovered spec whose slug another one already has.
pub fn duplicate_slug(file: &Path, slug: &str) -> Diagnostic {
    Diagnostic::error(file, format!("another spec already has the slug {slug:?}"))
        .code(Code::DuplicateSlug)
        .with_hint("list the specs under [[apis]] in portico.toml with distinct slugs")
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
                .code(Code::PathOutsideProject)
                .with_hint("Portico reads only files inside the project folder"),
        );
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(file, format!("cannot read spec: {e}")).code(Code::Unreadable)
    })?;
    let text = super::utf8_text(bytes, file, "the spec")?;
    let (value, format) = parse_document(&text, file)?;
    Ok((text, value, format))
}

/// Parse spec text. JSON goes through `serde_json` (3× faster than YAML on big specs).
pub fn parse_document(text: &str, file: &Path) -> Result<(Value, Format), Diagnostic> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Diagnostic::error(file, "spec file is empty").code(Code::NotOpenApi));
    }
    if trimmed.starts_with('{') {
        return serde_json::from_str::<Value>(trimmed)
            .map(|v| (v, Format::Json))
            .map_err(|e| {
                let skipped = text.len() - trimmed.len();
                let line_shift = text[..skipped].matches('\n').count();
                let message = super::parser_message(&e);
                Diagnostic::error(file, format!("invalid JSON: {message}"))
                    .code(Code::SpecSyntax)
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
            Diagnostic::error(file, format!("invalid YAML: {message}"))
                .code(Code::SpecSyntax)
                .at(position)
        })?;
    if !value.is_object() {
        return Err(
            Diagnostic::error(file, "a spec must be a mapping at the top level")
                .code(Code::NotOpenApi)
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
