//! Builds the [`Api`] view model from a normalised spec, checking its structure on the way.
//!
//! One bad node does not fail the document: it is reported with its position and the rest is
//! still built, so a writer sees every problem in one run.
//!
//! This file holds the builder, how it reports problems, and the API's top level (`info`, the
//! schema pages' URLs, the order in which the parts are built). The parts are built in
//! `operations` (paths, operations, webhooks and their tags), `parameters`, `bodies` (request
//! bodies, responses, callbacks, examples), `security`, `schemas`, `servers` and `tags`
//! (`x-tagGroups`). `lint` and `examples` hold the checks a team turns up or down in `[lint]`.

mod bodies;
mod examples;
pub mod lint;
mod operations;
mod parameters;
mod schemas;
mod security;
mod servers;
mod tags;

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::api::*;
use super::schema::{SchemaContext, SharedTexts, SharedViews};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::load::config::Level;
use crate::load::locate::Locator;
use crate::load::spec::SpecSource;
use crate::render::highlight;
use crate::render::sanitize::{self, SpecText};
use crate::resolve::bundle::Origin;
use crate::resolve::refs::{self, component_name, deref, ref_of, RefError};
use crate::slug::{kebab, UniqueSlugs};
pub use lint::LintOptions;
use security::security;
use servers::servers;
use std::path::Path;
use tags::tag_groups;

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Tag name for operations that have none.
pub const UNTAGGED: &str = "Other operations";

/// Build the model of one API. `spec.value` must already be normalised.
pub fn build(
    project: &Path,
    spec: &SpecSource,
    openapi_version: &str,
    highlights: &highlight::Memo,
    lint: &LintOptions,
) -> (Api, Vec<Diagnostic>) {
    // Shared by the builders of all operations (see `Builder::fork`): the source's tree, parsed
    // once when the first problem is located.
    let locator = Arc::new(Locator::new(&spec.text));
    let mut builder = Builder {
        project,
        highlights,
        origins: &spec.origins,
        document: &spec.value,
        locator,
        file: &spec.file,
        diagnostics: Vec::new(),
        schema_urls: Arc::new(HashMap::new()),
        shared_views: Arc::default(),
        shared_texts: Arc::default(),
        base: format!("api/{}/", spec.slug),
        openapi_version: openapi_version.to_string(),
        text: SpecText::new(
            spec.value
                .pointer("/externalDocs/url")
                .and_then(Value::as_str),
        ),
    };
    // The lint rules read only the document: they run beside the model, on rayon's pool.
    let (api, found) = rayon::join(
        || builder.api(spec, openapi_version),
        || lint::run(&spec.value, openapi_version, &lint.rules),
    );
    builder.report_lint(found, lint.limit);
    (api, builder.diagnostics)
}

struct Builder<'a> {
    /// The project folder, to read bundled files when a problem in them is reported.
    project: &'a Path,
    /// Code samples highlighted by an earlier build of this spec.
    highlights: &'a highlight::Memo,
    origins: &'a [Origin],
    document: &'a Value,
    locator: Arc<Locator<'a>>,
    file: &'a std::path::Path,
    diagnostics: Vec<Diagnostic>,
    schema_urls: Arc<HashMap<String, String>>,
    /// Tables of bodies that are only a `$ref`, shared by every operation that uses them.
    shared_views: Arc<SharedViews>,
    /// Example texts, each held once.
    shared_texts: Arc<SharedTexts>,
    base: String,
    openapi_version: String,
    /// Turns this spec's Markdown into safe HTML.
    text: SpecText,
}

fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

fn markdown_of(text: &SpecText, value: &Value, key: &str) -> String {
    str_of(value, key)
        .map(|d| text.markdown(d))
        .unwrap_or_default()
}

impl<'a> Builder<'a> {
    /// A builder for one part of the API, on another thread: the same spec, its own problems
    /// (appended to this builder's in document order by the caller).
    fn fork(&self) -> Builder<'a> {
        Builder {
            project: self.project,
            highlights: self.highlights,
            origins: self.origins,
            document: self.document,
            locator: self.locator.clone(),
            file: self.file,
            diagnostics: Vec::new(),
            schema_urls: self.schema_urls.clone(),
            shared_views: self.shared_views.clone(),
            shared_texts: self.shared_texts.clone(),
            base: self.base.clone(),
            openapi_version: self.openapi_version.clone(),
            text: self.text.clone(),
        }
    }

    fn error(
        &mut self,
        code: Code,
        pointer: &[&str],
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let (file, position) = self.locate(pointer);
        let mut d = Diagnostic::error(file, message).code(code).at(position);
        if let Some(hint) = hint {
            d = d.with_hint(hint);
        }
        self.diagnostics.push(d);
    }

    /// The file and position of `pointer`: in the root document, or, for a part that bundling
    /// brought in from another file, in that file.
    fn locate(&self, pointer: &[&str]) -> (std::path::PathBuf, Position) {
        if let Some((origin, remapped)) = self.origin_of(pointer) {
            let text = std::fs::read_to_string(self.project.join(&origin.file)).unwrap_or_default();
            return (origin.file.clone(), Locator::new(&text).position(&remapped));
        }
        (self.file.to_path_buf(), self.locator.position(pointer))
    }

    /// The bundled file `pointer` lies in, and the pointer in that file, when it is not the root.
    fn origin_of<S: AsRef<str>>(&self, pointer: &[S]) -> Option<(&'a Origin, Vec<String>)> {
        let origin = self
            .origins
            .iter()
            .filter(|o| {
                o.at.len() <= pointer.len()
                    && o.at.iter().zip(pointer).all(|(a, b)| a == b.as_ref())
            })
            .max_by_key(|o| o.at.len())?;
        let remapped = origin
            .pointer
            .iter()
            .cloned()
            .chain(
                pointer[origin.at.len()..]
                    .iter()
                    .map(|s| s.as_ref().to_string()),
            )
            .collect();
        Some((origin, remapped))
    }

    /// Report what the lint rules found, at its level, with at most `limit` findings per rule
    /// (then one that counts the rest, at the first one left out).
    fn report_lint(
        &mut self,
        found: Vec<(&'static lint::Rule, Level, Vec<lint::Finding>)>,
        limit: Option<usize>,
    ) {
        let mut listed = Vec::new();
        for (rule, level, findings) in found {
            let total = findings.len();
            let shown = limit.unwrap_or(total).min(total);
            for (i, finding) in findings.into_iter().enumerate().take(shown + 1) {
                let (message, hint) = if i == shown {
                    let message = format!(
                        "{} more {} in this spec ({}): a build lists the first {shown}",
                        total - shown,
                        rule.plural,
                        rule.key
                    );
                    (message, "`portico check` lists every one".to_string())
                } else {
                    (finding.message, finding.hint)
                };
                listed.push((rule.code, level, finding.at, message, hint));
            }
        }
        let pointers: Vec<&[String]> = listed.iter().map(|(_, _, at, _, _)| &at[..]).collect();
        let places = self.locate_written(&pointers);
        for ((code, level, _, message, hint), (file, position)) in listed.into_iter().zip(places) {
            let mut d = Diagnostic::warning(file, message)
                .code(code)
                .at(position)
                .with_hint(hint);
            if level == Level::Error {
                d.severity = crate::diagnostics::Severity::Error;
            }
            self.diagnostics.push(d);
        }
    }

    /// Where pointers of the normalised document are written in the source: 3.0's schema
    /// `example` became `examples/0`, and 2.0's `definitions` became `components/schemas`; the
    /// first of the pointers it may have been that exists in its file wins. Each bundled file
    /// is read and parsed once for all of them.
    fn locate_written(&self, pointers: &[&[String]]) -> Vec<(std::path::PathBuf, Position)> {
        // Every candidate, in its file, with its parent: a pointer exists when its position is
        // not its parent's (a missing key reports its nearest parent).
        let candidates: Vec<Vec<(std::path::PathBuf, Vec<String>)>> = pointers
            .iter()
            .map(|pointer| {
                let mut all = written_pointers(pointer, &self.openapi_version);
                all.push(pointer.to_vec());
                all.into_iter()
                    .map(|candidate| match self.origin_of(&candidate) {
                        Some((origin, remapped)) => (origin.file.clone(), remapped),
                        None => (self.file.to_path_buf(), candidate),
                    })
                    .collect()
            })
            .collect();
        let mut by_file: HashMap<&Path, Vec<&[String]>> = HashMap::new();
        for (file, pointer) in candidates.iter().flatten() {
            let wanted = by_file.entry(file.as_path()).or_default();
            wanted.push(pointer);
            if let Some((_, parent)) = pointer.split_last() {
                wanted.push(parent);
            }
        }
        let mut positions: HashMap<(&Path, &[String]), Position> = HashMap::new();
        for (file, wanted) in by_file {
            let found = if file == self.file {
                self.locator.positions(&wanted)
            } else {
                let text = std::fs::read_to_string(self.project.join(file)).unwrap_or_default();
                let found = Locator::new(&text).positions(&wanted);
                found
            };
            for (pointer, position) in wanted.into_iter().zip(found) {
                positions.insert((file, pointer), position);
            }
        }
        candidates
            .iter()
            .map(|candidates| {
                let found = candidates.iter().find(|(file, pointer)| {
                    let Some((_, parent)) = pointer.split_last() else {
                        return true;
                    };
                    positions[&(file.as_path(), &pointer[..])]
                        != positions[&(file.as_path(), parent)]
                });
                let (file, pointer) = found.or(candidates.last()).expect("a candidate");
                (file.clone(), positions[&(file.as_path(), &pointer[..])])
            })
            .collect()
    }

    /// Follow a ref. A broken one is skipped here: `refs::check_all` has reported it, once,
    /// at the place it is written.
    fn deref(&self, value: &'a Value) -> Option<&'a Value> {
        deref(self.document, value).ok()
    }
    fn schema_context(&self) -> SchemaContext<'_> {
        SchemaContext {
            document: self.document,
            schema_urls: &self.schema_urls,
            text: &self.text,
            shared: &self.shared_views,
            texts: &self.shared_texts,
        }
    }
    fn api(&mut self, spec: &SpecSource, openapi_version: &str) -> Api {
        let document = self.document;
        let empty = Value::Object(Map::new());
        let info = match document.get("info") {
            Some(info) if info.is_object() => info,
            _ => {
                self.error(
                    Code::InvalidStructure,
                    &[],
                    "the spec has no `info` object",
                    Some("add `info` with `title` and `version`"),
                );
                &empty
            }
        };
        let title = match str_of(info, "title") {
            Some(t) => t.to_string(),
            None => {
                if info.is_object() && document.get("info").is_some() {
                    self.error(
                        Code::InvalidStructure,
                        &["info"],
                        "`info.title` is missing",
                        Some("every spec needs a title"),
                    );
                }
                spec.slug.clone()
            }
        };
        let version = match info.get("version") {
            Some(Value::String(v)) => v.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                if document.get("info").is_some() {
                    self.error(
                        Code::InvalidStructure,
                        &["info"],
                        "`info.version` is missing",
                        Some("add the API's version, e.g. version: \"1.0.0\""),
                    );
                }
                String::new()
            }
        };
        // Refs to other files that could not be bundled were reported by `resolve::bundle`.
        let broken_refs = refs::check_all_within(document, spec.limits.max_ref_chain);
        for broken in broken_refs
            .into_iter()
            .filter(|b| !matches!(b.error, RefError::External(_)))
        {
            let pointer: Vec<&str> = broken.at.iter().map(String::as_str).collect();
            let code = match broken.error {
                RefError::External(_) => Code::RefOutsideProject,
                RefError::Dangling(_) => Code::DanglingRef,
                RefError::Cycle(_) | RefError::ChainTooLong(..) => Code::RefCycle,
            };
            let hint = match broken.error {
                RefError::External(_) => {
                    "inline the referenced part, or wait for multi-file support"
                }
                RefError::Dangling(_) => {
                    "check the spelling of the name and that the component exists"
                }
                RefError::Cycle(_) => "one ref in the chain must point to a real value",
                RefError::ChainTooLong(..) => {
                    "point the ref nearer its value, or raise `max-ref-chain` under [limits] in portico.toml"
                }
            };
            self.error(code, &pointer, broken.error.to_string(), Some(hint));
        }

        let schema_names: Vec<String> = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let mut slugs = UniqueSlugs::new();
        let schema_slugs: Vec<String> = schema_names
            .iter()
            .map(|n| slugs.claim(&kebab(n)))
            .collect();
        self.schema_urls = Arc::new(
            schema_names
                .iter()
                .zip(&schema_slugs)
                .map(|(name, slug)| (name.clone(), format!("{}schemas/{slug}/", self.base)))
                .collect(),
        );

        let (operations, tags) = self.operations();
        let tag_groups = tag_groups(document, &tags);
        let webhooks = self.webhooks();
        let schemas = self.schemas(&schema_names, &schema_slugs, &operations);

        Api {
            slug: spec.slug.clone(),
            title: spec.title.clone().unwrap_or(title),
            version,
            openapi_version: openapi_version.to_string(),
            summary: str_of(info, "summary").map(str::to_string),
            description_html: markdown_of(&self.text, info, "description"),
            terms_of_service: str_of(info, "termsOfService").and_then(sanitize::url),
            contact: info
                .get("contact")
                .filter(|c| c.is_object())
                .map(|c| Contact {
                    name: str_of(c, "name").map(str::to_string),
                    url: str_of(c, "url").and_then(sanitize::url),
                    email: str_of(c, "email").map(str::to_string),
                }),
            license: info.get("license").and_then(|l| {
                let name = str_of(l, "name")?;
                Some(NamedLink {
                    // 3.1's SPDX `identifier` is shown beside the name.
                    name: match str_of(l, "identifier") {
                        Some(id) if id != name => format!("{name} ({id})"),
                        _ => name.to_string(),
                    },
                    url: str_of(l, "url").and_then(sanitize::url),
                })
            }),
            external_docs: document.get("externalDocs").and_then(|d| {
                let url = str_of(d, "url").and_then(sanitize::url)?;
                Some(NamedLink {
                    name: str_of(d, "description")
                        .unwrap_or("External documentation")
                        .to_string(),
                    url: Some(url),
                })
            }),
            servers: servers(&self.text, document.get("servers")),
            security_schemes: self.security_schemes(),
            security: security(document.get("security")),
            tags,
            tag_groups,
            operations,
            webhooks,
            schemas,
            download: format!("{}openapi.{}", self.base, spec.format.extension()),
            url: self.base.clone(),
        }
    }
}

/// The pointers a pointer of the normalised document may have had in a 3.0 or 2.0 source,
/// most likely first (the pointer itself is tried last by the caller).
fn written_pointers(pointer: &[String], openapi_version: &str) -> Vec<Vec<String>> {
    if openapi_version.starts_with("3.1") || openapi_version.starts_with("3.2") {
        return Vec::new();
    }
    let mut pointer = pointer.to_vec();
    // A schema's `example` is `examples: [it]` after normalising.
    if let [.., key, index] = &pointer[..] {
        if key == "examples" && index == "0" {
            pointer.truncate(pointer.len() - 2);
            pointer.push("example".into());
        }
    }
    if !openapi_version.starts_with('2') {
        return vec![pointer];
    }
    let mut out = swagger2_pointers(pointer.clone());
    out.push(pointer);
    out
}

/// The body parameter a 2.0 request body came from has an index we no longer know: the first
/// of these that exists is it.
const MAX_BODY_INDEX: usize = 16;

/// Where a part of the converted document was in the Swagger 2.0 source.
fn swagger2_pointers(mut pointer: Vec<String>) -> Vec<Vec<String>> {
    let s = |x: &str| x.to_string();
    if pointer.first().is_some_and(|c| c == "components") && pointer.len() > 1 {
        let section = match pointer[1].as_str() {
            "schemas" => "definitions",
            "parameters" | "requestBodies" => "parameters",
            "responses" => "responses",
            "securitySchemes" => "securityDefinitions",
            _ => return vec![pointer],
        };
        pointer.splice(0..2, [s(section)]);
    }
    let bodies: Vec<Vec<String>> = match pointer.iter().position(|x| x == "requestBody") {
        Some(i) => (0..MAX_BODY_INDEX)
            .map(|k| {
                [
                    &pointer[..i],
                    &[s("parameters"), k.to_string()],
                    &pointer[i + 1..],
                ]
                .concat()
            })
            .collect(),
        None => vec![pointer],
    };
    bodies
        .into_iter()
        .map(|mut p| {
            if let Some(i) = p.iter().position(|x| x == "content") {
                if p.len() >= i + 3 {
                    let media_type = p[i + 1].clone();
                    let rest: Vec<String> = p[i + 2..].to_vec();
                    p.truncate(i);
                    if rest == ["example"] {
                        // A response's `examples/<type>`, a body parameter's `x-examples/<type>`.
                        let key = if p.iter().any(|x| x == "responses") {
                            "examples"
                        } else {
                            "x-examples"
                        };
                        p.extend([s(key), media_type]);
                    } else {
                        p.extend(rest);
                    }
                }
            }
            // A parameter's `example` was `x-example`; its schema was the parameter itself.
            if let [.., parameters, _, last] = &p[..] {
                if parameters == "parameters" && last == "example" {
                    *p.last_mut().expect("a segment") = s("x-example");
                }
            }
            p
        })
        .collect()
}

/// `/customers/{customerId}/subscriptions` → literal and parameter parts.
pub fn path_parts(path: &str) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            parts.push(PathPart {
                text: rest[..open].to_string(),
                is_param: false,
            });
        }
        parts.push(PathPart {
            text: rest[open..open + close + 1].to_string(),
            is_param: true,
        });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart {
            text: rest.to_string(),
            is_param: false,
        });
    }
    parts
}

fn template_params(path: &str) -> Vec<String> {
    path_parts(path)
        .into_iter()
        .filter(|p| p.is_param)
        .map(|p| p.text.trim_matches(|c| c == '{' || c == '}').to_string())
        .collect()
}

/// The component schema a value names, if it is a plain ref to one.
pub fn named_schema(value: &Value) -> Option<String> {
    ref_of(value).and_then(|r| component_name(r, "schemas"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parts_mark_parameters() {
        let parts = path_parts("/customers/{customerId}/subscriptions");
        let texts: Vec<_> = parts
            .iter()
            .map(|p| (p.text.as_str(), p.is_param))
            .collect();
        assert_eq!(
            texts,
            [
                ("/customers/", false),
                ("{customerId}", true),
                ("/subscriptions", false)
            ]
        );
        assert_eq!(template_params("/a/{b}/{c}.json"), ["b", "c"]);
    }

    fn pointers(pointer: &str, version: &str) -> Vec<String> {
        let pointer: Vec<String> = pointer.split(' ').map(str::to_string).collect();
        written_pointers(&pointer, version)
            .into_iter()
            .map(|p| p.join(" "))
            .collect()
    }

    #[test]
    fn pointers_of_the_normalised_document_are_mapped_back_to_what_was_written() {
        assert!(pointers("components schemas A examples 0", "3.1.0").is_empty());
        assert_eq!(
            pointers("components schemas A examples 0", "3.0.3"),
            ["components schemas A example"]
        );
        assert_eq!(
            pointers("components schemas A properties b examples 0", "2.0")[0],
            "definitions A properties b example"
        );
        assert_eq!(
            pointers(
                "paths /pets get responses 200 content application/json example",
                "2.0"
            )[0],
            "paths /pets get responses 200 examples application/json"
        );
        assert_eq!(
            pointers(
                "components requestBodies group content application/json example",
                "2.0"
            )[0],
            "parameters group x-examples application/json"
        );
        let body = pointers(
            "paths /pets post requestBody content application/json schema examples 0",
            "2.0",
        );
        assert_eq!(body[0], "paths /pets post parameters 0 schema example");
        assert_eq!(body[2], "paths /pets post parameters 2 schema example");
        assert_eq!(
            pointers("paths /pets get parameters 1 example", "2.0")[0],
            "paths /pets get parameters 1 x-example"
        );
    }
}
