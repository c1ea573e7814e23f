//! Builds the [`Api`] view model from a normalised spec, checking its structure on the way.
//!
//! One bad node does not fail the document: it is reported with its position and the rest is
//! still built, so a writer sees every problem in one run.
//!
//! This file holds the builder, how it reports problems, and the API's top level (`info`, the
//! schema pages' URLs, the order in which the parts are built). The parts are built in
//! `operations` (paths, operations, webhooks and their tags), `parameters`, `bodies` (request
//! bodies, responses, callbacks, examples), `security`, `schemas`, `servers` and `tags`
//! (`x-tagGroups`).

mod bodies;
mod operations;
mod parameters;
mod schemas;
mod security;
mod servers;
mod tags;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::api::*;
use super::schema::SchemaContext;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::locate::Locator;
use crate::load::spec::SpecSource;
use crate::render::highlight;
use crate::render::sanitize::{self, SpecText};
use crate::resolve::bundle::Origin;
use crate::resolve::refs::{self, component_name, deref, ref_of, RefError};
use crate::slug::{kebab, UniqueSlugs};
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
) -> (Api, Vec<Diagnostic>) {
    let mut builder = Builder {
        project,
        highlights,
        origins: &spec.origins,
        document: &spec.value,
        locator: Locator::new(&spec.text),
        file: &spec.file,
        diagnostics: Vec::new(),
        schema_urls: HashMap::new(),
        base: format!("api/{}/", spec.slug),
        openapi_version: openapi_version.to_string(),
        text: SpecText::new(
            spec.value
                .pointer("/externalDocs/url")
                .and_then(Value::as_str),
        ),
    };
    let api = builder.api(spec, openapi_version);
    (api, builder.diagnostics)
}

struct Builder<'a> {
    /// The project folder, to read bundled files when a problem in them is reported.
    project: &'a Path,
    /// Code samples highlighted by an earlier build of this spec.
    highlights: &'a highlight::Memo,
    origins: &'a [Origin],
    document: &'a Value,
    locator: Locator<'a>,
    file: &'a std::path::Path,
    diagnostics: Vec<Diagnostic>,
    schema_urls: HashMap<String, String>,
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
    fn locate(&self, pointer: &[&str]) -> (std::path::PathBuf, crate::diagnostics::Position) {
        let origin = self
            .origins
            .iter()
            .filter(|o| {
                o.at.len() <= pointer.len() && o.at.iter().zip(pointer).all(|(a, b)| a == b)
            })
            .max_by_key(|o| o.at.len());
        if let Some(origin) = origin {
            let remapped: Vec<&str> = origin
                .pointer
                .iter()
                .map(String::as_str)
                .chain(pointer[origin.at.len()..].iter().copied())
                .collect();
            let text = std::fs::read_to_string(self.project.join(&origin.file)).unwrap_or_default();
            return (origin.file.clone(), Locator::new(&text).position(&remapped));
        }
        (self.file.to_path_buf(), self.locator.position(pointer))
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
        let broken_refs = refs::check_all(document);
        for broken in broken_refs
            .into_iter()
            .filter(|b| !matches!(b.error, RefError::External(_)))
        {
            let pointer: Vec<&str> = broken.at.iter().map(String::as_str).collect();
            let code = match broken.error {
                RefError::External(_) => Code::RefOutsideProject,
                RefError::Dangling(_) => Code::DanglingRef,
                RefError::Cycle(_) => Code::RefCycle,
            };
            let hint = match broken.error {
                RefError::External(_) => {
                    "inline the referenced part, or wait for multi-file support"
                }
                RefError::Dangling(_) => {
                    "check the spelling of the name and that the component exists"
                }
                RefError::Cycle(_) => "one ref in the chain must point to a real value",
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
        for (name, slug) in schema_names.iter().zip(&schema_slugs) {
            self.schema_urls
                .insert(name.clone(), format!("{}schemas/{slug}/", self.base));
        }

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
}
