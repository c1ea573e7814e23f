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
mod place;
mod reachable;
mod schemas;
mod security;
mod servers;
mod tags;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::doc::{ByText, Map, Value};

use super::api::*;
use super::schema::{SchemaContext, SharedTexts, SharedViews};
use super::shared::Shared;
use crate::diagnostics::{Code, Diagnostic};
use crate::keys::Keys;
use crate::load::config::Level;
use crate::load::spec::SpecSource;
use crate::render::highlight;
use crate::render::sanitize::{self, SpecText};
use crate::resolve::refs::{self, component_name, deref, ref_of, RefError};
use crate::slug::{kebab, UniqueSlugs};
pub use lint::LintOptions;
pub use place::{Places, Unplaced};
use security::security;
use servers::servers;
use tags::tag_groups;

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Tag name for operations that have none.
pub const UNTAGGED: &str = "Other operations";

/// Build the model of one API. `spec.value` must already be normalised. Its problems are placed
/// in their files by [`Places::place`], once the document is no longer needed.
pub fn build(
    spec: &SpecSource,
    openapi_version: &str,
    highlights: &highlight::Memo,
    lint: &LintOptions,
) -> (Api, Vec<Unplaced>) {
    let mut builder = Builder {
        highlights,
        document: &spec.value,
        problems: Vec::new(),
        schema_urls: Arc::new(HashMap::new()),
        shared_views: Arc::default(),
        shared_texts: Arc::default(),
        shared_parameters: Arc::default(),
        shared_responses: Arc::default(),
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
    (api, builder.problems)
}

struct Builder<'a> {
    /// Code samples highlighted by an earlier build of this spec.
    highlights: &'a highlight::Memo,
    document: &'a Value,
    problems: Vec<Unplaced>,
    schema_urls: Arc<HashMap<String, Arc<str>>>,
    /// Tables of bodies that are only a `$ref`, shared by every operation that uses them.
    shared_views: Arc<SharedViews>,
    /// Example texts, each held once.
    shared_texts: Arc<SharedTexts>,
    /// Parameters, each made once however many operations list the same one.
    /// (Keyed by whether the parameter is in the path, and the parameter as written.)
    shared_parameters: Arc<Shared<(bool, ByText<'a>), Parameter>>,
    /// Responses, each made once however many operations give the same one.
    /// (Keyed by the status and the response as written.)
    shared_responses: Arc<Shared<(&'a str, ByText<'a>), Response>>,
    base: String,
    openapi_version: String,
    /// Turns this spec's Markdown into safe HTML.
    text: SpecText,
}

fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.key(key).and_then(Value::as_str)
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
            highlights: self.highlights,
            document: self.document,
            problems: Vec::new(),
            schema_urls: self.schema_urls.clone(),
            shared_views: self.shared_views.clone(),
            shared_texts: self.shared_texts.clone(),
            shared_parameters: self.shared_parameters.clone(),
            shared_responses: self.shared_responses.clone(),
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
        let mut d = Diagnostic::error(PathBuf::new(), message).code(code);
        if let Some(hint) = hint {
            d = d.with_hint(hint);
        }
        self.problem(d, pointer.iter().map(|s| s.to_string()).collect(), false);
    }

    /// A problem at `at`, to be placed in its file when the model is built.
    fn problem(&mut self, diagnostic: Diagnostic, at: Vec<String>, converted: bool) {
        self.problems.push(Unplaced {
            diagnostic,
            at,
            converted,
        });
    }

    /// Report what the lint rules found, at its level, with at most `limit` findings per rule
    /// (then one that counts the rest, at the first one left out).
    fn report_lint(
        &mut self,
        found: Vec<(&'static lint::Rule, Level, Vec<lint::Finding>)>,
        limit: Option<usize>,
    ) {
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
                let mut d = Diagnostic::warning(PathBuf::new(), message)
                    .code(rule.code)
                    .with_hint(hint);
                if level == Level::Error {
                    d.severity = crate::diagnostics::Severity::Error;
                }
                self.problem(d, finding.at, true);
            }
        }
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
        let info = match document.key("info") {
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
                if info.is_object() && document.key("info").is_some() {
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
        let version = match info.key("version") {
            Some(Value::String(v)) => v.to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                if document.key("info").is_some() {
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
            let error = match spec.written_refs.get(&broken.at) {
                Some(written) => broken.error.quoting(written),
                None => broken.error,
            };
            self.error(code, &pointer, error.to_string(), Some(hint));
        }

        let schema_names: Vec<String> = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().map(|k| k.to_string()).collect())
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
                .map(|(name, slug)| {
                    let url: Arc<str> = format!("{}schemas/{slug}/", self.base).into();
                    (name.clone(), url)
                })
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
                .key("contact")
                .filter(|c| c.is_object())
                .map(|c| Contact {
                    name: str_of(c, "name").map(str::to_string),
                    url: str_of(c, "url").and_then(sanitize::url),
                    email: str_of(c, "email").map(str::to_string),
                }),
            license: info.key("license").and_then(|l| {
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
            external_docs: document.key("externalDocs").and_then(|d| {
                let url = str_of(d, "url").and_then(sanitize::url)?;
                Some(NamedLink {
                    name: str_of(d, "description")
                        .unwrap_or("External documentation")
                        .to_string(),
                    url: Some(url),
                })
            }),
            servers: servers(&self.text, document.key("servers")),
            security_schemes: self.security_schemes(),
            security: security(document.key("security")),
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
