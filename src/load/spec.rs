//! Spec documents: finds the APIs to publish and reads each root document into a JSON value.
//!
//! Positions are not kept in the value (that would double the memory of a big spec); a
//! [`Locator`](super::locate::Locator) finds them again from the text when a problem is reported.

use std::path::{Path, PathBuf};

use crate::doc::Value;

use super::config::{relative_inside, ApiConfig, Config, Limits};
use super::content::project_files;
use super::source_text::{self, SourceText};
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
    /// The text the document was parsed from, for positions in messages and the download.
    pub text: SourceText,
    pub format: Format,
    pub value: Value,
    /// Parts of `value` that a multi-file spec brought in from other files (set by bundling).
    pub origins: Vec<crate::resolve::bundle::Origin>,
    /// Refs that bundling rewrote, as they were written (`resolve::bundle::Bundle::written_refs`).
    pub written_refs: std::collections::HashMap<Vec<String>, String>,
    /// The project's `[limits]`, for the stages after loading (bundling reads more files).
    pub limits: Limits,
}

/// A file that may hold an API's root document: one named in `portico.toml`, or any JSON or
/// YAML file under `specs/` (which may turn out to be a fragment that root documents refer to).
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Relative to the project root.
    pub file: PathBuf,
    /// The `[[apis]]` entry naming it, when the config lists the APIs.
    pub configured: Option<ApiConfig>,
    /// The project's `[limits]`, which reading it must respect.
    pub limits: Limits,
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
                limits: config.limits,
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
            limits: config.limits,
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

    /// Read and parse the candidate's document within the project's limits.
    pub fn read(&self, root: &Path) -> Result<(SourceText, Value, Format), Diagnostic> {
        let path = root.join(&self.file);
        // Stamped before it is read: a write in between makes the text look stale, never fresh.
        let stamp = source_text::stamp(&path);
        let (text, value, format) = read_document_with(root, &self.file, &self.limits)?;
        Ok((SourceText::read_from(text, path, stamp), value, format))
    }

    /// The spec, once its document is read and found to be a root.
    pub fn source(&self, text: SourceText, value: Value, format: Format) -> SpecSource {
        SpecSource {
            slug: self.slug(),
            title: self.configured.as_ref().and_then(|api| api.title.clone()),
            file: self.file.clone(),
            text,
            format,
            value,
            origins: Vec::new(),
            written_refs: Default::default(),
            limits: self.limits,
        }
    }
}

/// The error for a discovered spec whose slug another one already has.
pub fn duplicate_slug(file: &Path, slug: &str) -> Diagnostic {
    Diagnostic::error(file, format!("another spec already has the slug {slug:?}"))
        .code(Code::DuplicateSlug)
        .with_hint("list the specs under [[apis]] in portico.toml with distinct slugs")
}

/// Read and parse one document within the default limits.
pub fn read_document(root: &Path, file: &Path) -> Result<(String, Value, Format), Diagnostic> {
    read_document_with(root, file, &Limits::default())
}

/// Read and parse one document: JSON when it looks like JSON, YAML otherwise.
pub fn read_document_with(
    root: &Path,
    file: &Path,
    limits: &Limits,
) -> Result<(String, Value, Format), Diagnostic> {
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
    let bytes = read_at_most(&path, limits.max_spec_bytes).map_err(|e| {
        Diagnostic::error(file, format!("cannot read spec: {e}")).code(Code::Unreadable)
    })?;
    let Some(bytes) = bytes else {
        return Err(Diagnostic::error(
            file,
            format!(
                "the spec is larger than the limit of {} bytes",
                limits.max_spec_bytes
            ),
        )
        .code(Code::Unreadable)
        .with_hint("raise `max-spec-bytes` under [limits] in portico.toml to read it"));
    };
    let text = super::utf8_text(bytes, file, "the spec")?;
    let (value, format) = parse_document_with(&text, file, limits)?;
    Ok((text, value, format))
}

/// The file's bytes, or `None` when it holds more than `max` (read no further than that, so
/// a file that grows while it is read, or a device, cannot exhaust memory).
fn read_at_most(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let expected = file.metadata().map(|m| m.len()).unwrap_or(0);
    if expected > max {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// Parse spec text within the default limits.
pub fn parse_document(text: &str, file: &Path) -> Result<(Value, Format), Diagnostic> {
    parse_document_with(text, file, &Limits::default())
}

/// Parse spec text. JSON goes through `serde_json` (3× faster than YAML on big specs).
pub fn parse_document_with(
    text: &str,
    file: &Path,
    limits: &Limits,
) -> Result<(Value, Format), Diagnostic> {
    let (value, format) = parse_unchecked(text, file, limits)?;
    // serde_json stops at `PARSER_DEPTH` itself; yaml_serde one level later, and neither at a
    // lower limit, so those need a look at the value.
    if limits.max_depth < Limits::PARSER_DEPTH || format == Format::Yaml {
        if let Some(pointer) = too_deep(&value, limits.max_depth) {
            let position = super::locate::Locator::new(text).position(&pointer);
            return Err(nested_too_deep(file, limits.max_depth).at(position));
        }
    }
    Ok((value, format))
}

/// Where a document's aliases run past saphyr's own budget of 100,000 copied nodes, if they
/// do. yaml_serde places an alias error at the event being copied, which is inside the
/// anchor, or nowhere; the alias that does the copying is what a reader must see.
fn alias_position(text: &str) -> Option<Position> {
    use saphyr::LoadableYamlNode;
    let error = saphyr::Yaml::load_from_str(text).err()?;
    error.info().contains("alias").then(|| {
        let marker = error.marker();
        Position::new(marker.line(), marker.col() + 1)
    })
}

/// The error for a document nested deeper than `max` levels.
pub fn nested_too_deep(file: &Path, max: usize) -> Diagnostic {
    Diagnostic::error(
        file,
        format!("the document is nested deeper than {max} levels"),
    )
    .code(Code::SpecSyntax)
    .with_hint(if max < Limits::PARSER_DEPTH {
        "raise `max-depth` under [limits] in portico.toml (at most 127)"
    } else {
        "127 levels is the most the JSON and YAML parsers read"
    })
}

/// The pointer to the first object or array nested deeper than `max` levels (the top-level
/// value is level 1), if any. Recurses at most `max + 1` levels, whatever the value's depth.
pub fn too_deep(value: &Value, max: usize) -> Option<Vec<String>> {
    // The path is made on the way back from a find only: every YAML spec is walked, and
    // a key copied per node would cost more than the walk.
    fn go(node: &Value, level: usize, max: usize) -> Option<Vec<String>> {
        match node {
            Value::Object(_) | Value::Array(_) if level > max => Some(Vec::new()),
            Value::Object(map) => map.iter().find_map(|(key, child)| {
                let mut path = go(child, level + 1, max)?;
                path.push(key.to_string());
                Some(path)
            }),
            Value::Array(items) => items.iter().enumerate().find_map(|(i, child)| {
                let mut path = go(child, level + 1, max)?;
                path.push(i.to_string());
                Some(path)
            }),
            _ => None,
        }
    }
    let mut path = go(value, 1, max)?;
    path.reverse();
    Some(path)
}

fn parse_unchecked(
    text: &str,
    file: &Path,
    limits: &Limits,
) -> Result<(Value, Format), Diagnostic> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Diagnostic::error(file, "spec file is empty").code(Code::NotOpenApi));
    }
    if trimmed.starts_with('{') {
        return super::exact::from_str(trimmed)
            .map(|v| (v, Format::Json))
            .map_err(|e| {
                let skipped = text.len() - trimmed.len();
                let line_shift = text[..skipped].matches('\n').count();
                let message = super::parser_message(&e);
                let position = Position::new(e.line() + line_shift, e.column());
                if message.starts_with("recursion limit exceeded") {
                    return nested_too_deep(file, Limits::PARSER_DEPTH).at(position);
                }
                Diagnostic::error(file, format!("invalid JSON: {message}"))
                    .code(Code::SpecSyntax)
                    .at(position)
            });
    }
    // Every value the parser makes spends one; a document without aliases makes at most about
    // one per byte of text, so only what aliases add can run past the budget.
    let budget = text.len().saturating_add(limits.max_yaml_alias_values);
    let pending = super::exact::Pending::default();
    if let Some(value) = super::yaml_events::parse(text, budget, &pending) {
        return Ok((value, Format::Yaml));
    }
    // What the event reader leaves (tags, errors, ...): yaml_serde's value or error.
    let pending = super::exact::Pending::default();
    let budget = std::cell::Cell::new(budget);
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let value: Value = serde::de::DeserializeSeed::deserialize(
        super::lenient::Budgeted(&budget, &pending),
        deserializer,
    )
    .map_err(|e| {
        let position = e
            .location()
            .map(|l| Position::new(l.line(), l.column()))
            .unwrap_or_default();
        let message = super::parser_message(&e);
        if message.starts_with("recursion limit exceeded") {
            return nested_too_deep(file, Limits::PARSER_DEPTH).at(position);
        }
        // yaml_serde gives up on its own after following aliases 100 times per event.
        if message.contains(super::lenient::BUDGET_SPENT)
            || message.starts_with("repetition limit exceeded")
        {
            return Diagnostic::error(
                file,
                format!(
                    "YAML aliases expand the document beyond the limit of {} added values",
                    limits.max_yaml_alias_values
                ),
            )
            .code(Code::SpecSyntax)
            .at(alias_position(text).unwrap_or(position))
            .with_hint(
                "a document that repeats an anchor this often is likely hostile; if it is \
                 meant to be this large, raise `max-yaml-alias-values` under [limits] in \
                 portico.toml",
            );
        }
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
