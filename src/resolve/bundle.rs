//! Multi-file specs: follows `$ref`s into other files of the project and bundles everything into
//! one document whose refs are all local, so later stages see a single document.
//!
//! Schemas from other files become named components (`components/schemas`, or `definitions` in
//! Swagger 2.0) and are linked by ref, which keeps recursive schemas finite; any other target
//! (a path item, a response, a description) is inlined where it is referenced. Refs are confined
//! to the project: absolute paths, `..` out of it, symlinks out of it and URLs are errors that
//! name the file, line and ref. Nothing is fetched.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::doc::{Map, Value};

use super::refs::{escape_segment, pointer_segments};
use crate::diagnostics::{Code, Diagnostic};
use crate::keys::Keys;
use crate::load::config::Limits;
use crate::load::locate::Locator;
use crate::load::spec::{nested_too_deep, read_document_with, too_deep};
use crate::slug::UniqueSlugs;

/// More files than this behind one spec is taken as a runaway.
const MAX_FILES: usize = 20_000;

/// A bundled spec and the files it was made from (for watching and messages).
#[derive(Debug)]
pub struct Bundle {
    pub document: Value,
    /// Every file read, relative to the project root, the root document first.
    pub files: Vec<PathBuf>,
    /// Parts of `document` that came from other files, for placing messages in those files.
    pub origins: Vec<Origin>,
    /// Refs the bundle rewrote (`common.yaml#/Pet` → `#/components/schemas/Pet`), by where
    /// their `$ref` key is in `document`: a message about one quotes it as its author wrote it.
    pub written_refs: HashMap<Vec<String>, String>,
}

/// [`bundle_with`] the default limits.
pub fn bundle(
    project: &Path,
    root_file: &Path,
    document: Value,
    diagnostics: &mut Vec<Diagnostic>,
) -> Bundle {
    bundle_with(
        project,
        root_file,
        document,
        &Limits::default(),
        diagnostics,
    )
}

/// Bundle the document `root_file` (already parsed as `document`) with every file it refers to.
/// Each file read respects `limits`; refs inlined within each other more than
/// `max-ref-chain` deep are a cycle, and the bundle may nest no deeper than `max-depth`.
pub fn bundle_with(
    project: &Path,
    root_file: &Path,
    document: Value,
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Bundle {
    if !has_external_refs(&document, 0) {
        return Bundle {
            document,
            files: vec![root_file.to_path_buf()],
            origins: Vec::new(),
            written_refs: HashMap::new(),
        };
    }
    let swagger = document.key("swagger").is_some();
    let schema_home = if swagger {
        vec!["definitions".to_string()]
    } else {
        vec!["components".to_string(), "schemas".to_string()]
    };
    let mut bundler = Bundler {
        project: project.to_path_buf(),
        project_canonical: project
            .canonicalize()
            .unwrap_or_else(|_| project.to_path_buf()),
        root_file: root_file.to_path_buf(),
        files: HashMap::new(),
        order: vec![root_file.to_path_buf()],
        names: HashMap::new(),
        taken: UniqueSlugs::new(),
        new_schemas: Vec::new(),
        inlining: HashSet::new(),
        swagger,
        schema_home: schema_home.clone(),
        origins: Vec::new(),
        written_refs: HashMap::new(),
        limits: *limits,
        reported_depth: false,
        diagnostics,
    };
    let existing: Vec<String> = pointer_get(&document, &schema_home)
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| k.to_string()).collect())
        .unwrap_or_default();
    for name in &existing {
        bundler.taken.reserve(name);
    }
    let mut document = document;
    bundler.name_aliased_components(&mut document, &schema_home);
    let root_text = std::fs::read_to_string(project.join(root_file)).unwrap_or_default();
    let root = root_file.to_path_buf();
    let mut path = Cursor::default();
    bundler.walk(
        &mut document,
        &root,
        &root_text,
        &mut path,
        Context::Document,
        0,
    );
    // Schemas found in other files join the document's own.
    let new_schemas = std::mem::take(&mut bundler.new_schemas);
    if !new_schemas.is_empty() {
        let home = pointer_get_or_insert(&mut document, &schema_home);
        for (name, schema) in new_schemas {
            home.insert(name, schema);
        }
    }
    Bundle {
        document,
        files: bundler.order,
        origins: bundler.origins,
        written_refs: bundler.written_refs,
    }
}

/// Where the walk is: the pointer in the file being read (for messages) and the pointer in the
/// bundled document (to remember where each part came from).
#[derive(Debug, Clone, Default)]
struct Cursor {
    file: Vec<String>,
    out: Vec<String>,
}

impl Cursor {
    fn push(&mut self, segment: String) {
        self.file.push(segment.clone());
        self.out.push(segment);
    }

    fn pop(&mut self) {
        self.file.pop();
        self.out.pop();
    }
}

/// Where a part of the bundled document came from: the subtree at `at` is `pointer` in `file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub at: Vec<String>,
    pub file: PathBuf,
    pub pointer: Vec<String>,
}

/// Where a node sits: decides whether a ref names a schema (linked) or anything else (inlined),
/// and which keys hold user data that must not be walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Document,
    Schema,
    /// A map of Example objects: their `value`s are user data.
    Examples,
}

struct Bundler<'d> {
    project: PathBuf,
    project_canonical: PathBuf,
    root_file: PathBuf,
    /// Parsed files by project-relative path, with their text for positions.
    files: HashMap<PathBuf, Option<(String, Value)>>,
    order: Vec<PathBuf>,
    /// (file, pointer) of an external schema → its component name.
    names: HashMap<(PathBuf, String), String>,
    taken: UniqueSlugs,
    new_schemas: Vec<(String, Value)>,
    /// (file, pointer) being inlined right now: meeting one again is a cycle.
    inlining: HashSet<(PathBuf, String)>,
    /// Swagger 2.0 keeps schemas in `definitions`.
    swagger: bool,
    schema_home: Vec<String>,
    origins: Vec<Origin>,
    written_refs: HashMap<Vec<String>, String>,
    limits: Limits,
    /// One "nested too deep" per spec is enough: the rest follow from the same refs.
    reported_depth: bool,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Bundler<'_> {
    /// `components.schemas.X = {$ref: other.yaml}`: the external schema takes the name X.
    fn name_aliased_components(&mut self, document: &mut Value, home: &[String]) {
        let root = self.root_file.clone();
        let Some(schemas) = pointer_get(document, home).and_then(Value::as_object) else {
            return;
        };
        let aliases: Vec<(String, String)> = schemas
            .iter()
            .filter(|(_, v)| v.as_object().is_some_and(|m| m.len() == 1))
            .filter_map(|(k, v)| Some((k.to_string(), v.key("$ref")?.as_str()?.to_string())))
            .filter(|(_, r)| !r.starts_with('#'))
            .collect();
        for (name, reference) in aliases {
            if let Ok(target) = self.target_of(&reference, &root) {
                self.names.entry(target).or_insert(name);
            }
        }
    }

    fn walk(
        &mut self,
        node: &mut Value,
        file: &PathBuf,
        text: &str,
        path: &mut Cursor,
        context: Context,
        depth: usize,
    ) {
        // Inlining can stack whole files inside each other: the bundle's depth is checked as
        // it is made, which also bounds this recursion.
        let level = path.out.len() + 1;
        if (node.is_object() || node.is_array()) && level > self.limits.max_depth {
            self.too_deep(file, text, &path.file);
            *node = Value::Null;
            return;
        }
        if let Some(reference) = node.key("$ref").and_then(Value::as_str).map(str::to_string) {
            let is_local = reference.starts_with('#');
            if !is_local || file != &self.root_file {
                self.replace_ref(node, &reference, file, text, path, context, depth);
                return;
            }
        }
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    let user_data =
                        matches!(key.as_str(), "example" | "const" | "default" | "enum")
                            || (context, key.as_str()) == (Context::Schema, "examples")
                            || (context, key.as_str()) == (Context::Examples, "value");
                    if user_data {
                        // Not walked, but it counts towards the bundle's depth all the same.
                        let room = self.limits.max_depth.saturating_sub(level);
                        if file != &self.root_file && too_deep(child, room).is_some() {
                            path.push(key.to_string());
                            self.too_deep(file, text, &path.file);
                            path.pop();
                            *child = Value::Null;
                        }
                        continue;
                    }
                    let child_context = match (context, key.as_str()) {
                        // Maps whose every value is a schema.
                        (
                            Context::Schema,
                            "properties" | "patternProperties" | "$defs" | "definitions"
                            | "dependentSchemas",
                        )
                        | (Context::Document, "schemas" | "definitions") => {
                            path.push(key.to_string());
                            if let Value::Object(children) = child {
                                for (name, sub) in children.iter_mut() {
                                    path.push(name.to_string());
                                    self.walk(sub, file, text, path, Context::Schema, depth);
                                    path.pop();
                                }
                            }
                            path.pop();
                            continue;
                        }
                        (Context::Schema, _) => Context::Schema,
                        (_, "schema") => Context::Schema,
                        (_, "examples") => Context::Examples,
                        (Context::Examples, _) => Context::Document,
                        _ => Context::Document,
                    };
                    path.push(key.to_string());
                    self.walk(child, file, text, path, child_context, depth);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    self.walk(child, file, text, path, context, depth);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn replace_ref(
        &mut self,
        node: &mut Value,
        reference: &str,
        file: &PathBuf,
        text: &str,
        path: &Cursor,
        context: Context,
        depth: usize,
    ) {
        let report = |bundler: &mut Self, code: Code, message: String, hint: &str| {
            let mut at = path.file.clone();
            at.push("$ref".into());
            let position = Locator::new(text).position(&at);
            bundler.diagnostics.push(
                Diagnostic::error(file, message)
                    .code(code)
                    .at(position)
                    .with_hint(hint.to_string()),
            );
        };
        let target = match self.target_of(reference, file) {
            Ok(target) => target,
            Err(message) => {
                report(
                    self,
                    Code::RefOutsideProject,
                    message,
                    "refs may point only to files inside the project, by relative path",
                );
                return;
            }
        };
        let Some((target_text, target_root)) = self.load(&target.0, file, text, &path.file) else {
            *node = Value::Null;
            return;
        };
        let Some(value) = pointer_lookup(&target_root, &target.1) else {
            report(
                self,
                Code::DanglingRef,
                format!(
                    "$ref {reference:?} points nowhere: {} has no {:?}",
                    target.0.display(),
                    target.1
                ),
                "check the file name and the pointer after `#`",
            );
            return;
        };
        let names_schema = context == Context::Schema
            || target.1.starts_with("/components/schemas/")
            || target.1.starts_with("/definitions/");
        if names_schema {
            let name = self.schema_name(&target, value, &target_text);
            let home = if self.swagger {
                "definitions"
            } else {
                "components/schemas"
            };
            let mut replaced = Map::new();
            replaced.insert(
                "$ref",
                Value::String(format!("#/{home}/{}", escape_segment(&name)).into()),
            );
            // Sibling keywords of a ref (3.1 allows them) stay.
            if let Value::Object(old) = node {
                for (k, v) in old.iter().filter(|(k, _)| k.as_str() != "$ref") {
                    replaced.insert(k.clone(), v.clone());
                }
            }
            *node = Value::Object(replaced);
            let mut at = path.out.clone();
            at.push("$ref".into());
            self.written_refs.insert(at, reference.to_string());
            return;
        }
        if depth >= self.limits.max_ref_chain {
            report(
                self,
                Code::RefCycle,
                format!(
                    "$ref {reference:?} is inlined inside more than {} other refs",
                    self.limits.max_ref_chain
                ),
                "raise `max-ref-chain` under [limits] in portico.toml if the chain is meant",
            );
            return;
        }
        if !self.inlining.insert(target.clone()) {
            report(
                self,
                Code::RefCycle,
                format!("$ref {reference:?} is part of a cycle of refs between files"),
                "a cycle is allowed only between schemas",
            );
            return;
        }
        let mut inlined = value.clone();
        let pointer: Vec<String> = pointer_segments(&target.1).collect();
        self.origins.push(Origin {
            at: path.out.clone(),
            file: target.0.clone(),
            pointer: pointer.clone(),
        });
        let mut inner_path = Cursor {
            file: pointer,
            out: path.out.clone(),
        };
        self.walk(
            &mut inlined,
            &target.0,
            &target_text,
            &mut inner_path,
            context,
            depth + 1,
        );
        self.inlining.remove(&target);
        *node = inlined;
    }

    fn too_deep(&mut self, file: &Path, text: &str, pointer: &[String]) {
        if std::mem::replace(&mut self.reported_depth, true) {
            return;
        }
        let position = Locator::new(text).position(pointer);
        self.diagnostics.push(
            nested_too_deep(file, self.limits.max_depth)
                .at(position)
                .with_hint(
                    "refs to other files are inlined where they are written; \
                     raise `max-depth` under [limits] in portico.toml (at most 127)",
                ),
        );
    }

    /// The component name for an external schema, given once and reused.
    fn schema_name(&mut self, target: &(PathBuf, String), value: &Value, text: &str) -> String {
        if let Some(name) = self.names.get(target).cloned() {
            if !self.placed(&name) {
                self.place(name.clone(), target, value, text);
            }
            return name;
        }
        let wanted = pointer_segments(&target.1)
            .last()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                target
                    .0
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            });
        let name = self.taken.claim(&wanted);
        self.names.insert(target.clone(), name.clone());
        self.place(name.clone(), target, value, text);
        name
    }

    fn placed(&self, name: &str) -> bool {
        self.new_schemas.iter().any(|(n, _)| n == name)
    }

    /// Walk the external schema (its own refs are relative to its file) and keep it.
    fn place(&mut self, name: String, target: &(PathBuf, String), value: &Value, text: &str) {
        // Reserve the slot first: a schema that refers to itself finds its name taken.
        self.new_schemas.push((name.clone(), Value::Null));
        let mut schema = value.clone();
        let pointer: Vec<String> = pointer_segments(&target.1).collect();
        let mut at = self.schema_home.clone();
        at.push(name.clone());
        self.origins.push(Origin {
            at: at.clone(),
            file: target.0.clone(),
            pointer: pointer.clone(),
        });
        let mut path = Cursor {
            file: pointer,
            out: at,
        };
        self.walk(&mut schema, &target.0, text, &mut path, Context::Schema, 0);
        if let Some(slot) = self.new_schemas.iter_mut().find(|(n, _)| *n == name) {
            slot.1 = schema;
        }
    }

    /// Resolve `reference` written in `file` to (project-relative file, JSON pointer).
    fn target_of(&self, reference: &str, file: &Path) -> Result<(PathBuf, String), String> {
        let (file_part, pointer) = match reference.split_once('#') {
            Some((f, p)) => (f, p.to_string()),
            None => (reference, String::new()),
        };
        if file_part.is_empty() {
            return Ok((file.to_path_buf(), pointer));
        }
        let lower = file_part.to_ascii_lowercase();
        if lower.contains("://") || lower.starts_with("file:") || lower.starts_with("//") {
            return Err(format!(
                "$ref {reference:?} is a URL; Portico never fetches anything"
            ));
        }
        let relative = Path::new(file_part);
        if relative.is_absolute() || file_part.starts_with('\\') {
            return Err(format!("$ref {reference:?} is an absolute path"));
        }
        let base = file.parent().unwrap_or(Path::new(""));
        let joined = crate::uri::normalise_relative(&base.join(relative))
            .ok_or_else(|| format!("$ref {reference:?} leaves the project folder"))?;
        Ok((joined, pointer))
    }

    /// Read and parse a referenced file once; errors are reported where the ref is written.
    fn load(
        &mut self,
        target: &Path,
        from: &Path,
        from_text: &str,
        path: &[String],
    ) -> Option<(String, Value)> {
        if let Some(cached) = self.files.get(target) {
            return cached.clone();
        }
        // Positions cost a parse of the referring file: only when something is wrong.
        let at = || {
            let mut at = path.to_vec();
            at.push("$ref".into());
            Locator::new(from_text).position(&at)
        };
        if self.files.len() >= MAX_FILES {
            self.diagnostics.push(
                Diagnostic::error(from, format!("more than {MAX_FILES} files behind one spec"))
                    .code(Code::InvalidStructure)
                    .at(at()),
            );
            return None;
        }
        let full = self.project.join(target);
        let inside = full
            .canonicalize()
            .map(|real| real.starts_with(&self.project_canonical));
        let loaded = match inside {
            Ok(false) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        from,
                        format!(
                            "$ref to {} resolves outside the project (symlink)",
                            target.display()
                        ),
                    )
                    .code(Code::RefOutsideProject)
                    .at(at()),
                );
                None
            }
            Err(_) => {
                self.diagnostics.push(
                    Diagnostic::error(from, format!("$ref to {}: no such file", target.display()))
                        .code(Code::DanglingRef)
                        .at(at())
                        .with_hint(
                            "refs to other files are relative to the file they are written in",
                        ),
                );
                None
            }
            Ok(true) => match read_document_with(&self.project, target, &self.limits) {
                Ok((text, value, _)) => {
                    self.order.push(target.to_path_buf());
                    Some((text, value))
                }
                Err(d) => {
                    self.diagnostics.push(d);
                    None
                }
            },
        };
        self.files.insert(target.to_path_buf(), loaded.clone());
        loaded
    }
}

fn has_external_refs(value: &Value, depth: usize) -> bool {
    if depth > 512 {
        return false;
    }
    match value {
        Value::Object(map) => {
            if map
                .key("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.starts_with('#'))
            {
                return true;
            }
            map.values().any(|v| has_external_refs(v, depth + 1))
        }
        Value::Array(items) => items.iter().any(|v| has_external_refs(v, depth + 1)),
        _ => false,
    }
}

fn pointer_lookup<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    let mut node = root;
    for segment in pointer_segments(pointer) {
        node = match node {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn pointer_get<'v>(root: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(root, |node, key| node.get(key))
}

fn pointer_get_or_insert<'v>(root: &'v mut Value, path: &[String]) -> &'v mut Map {
    let mut node = root;
    for key in path {
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        let map = node.as_object_mut().expect("made an object above");
        node = map
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    node.as_object_mut().expect("made an object above")
}
