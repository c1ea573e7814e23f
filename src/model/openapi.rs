//! Builds the [`Api`] view model from a normalised spec, checking its structure on the way.
//!
//! One bad node does not fail the document: it is reported with its position and the rest is
//! still built, so a writer sees every problem in one run.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::api::*;
use super::request;
use super::sample::{self, Direction};
use super::schema::SchemaContext;
use crate::diagnostics::Diagnostic;
use crate::load::locate::Locator;
use crate::load::spec::SpecSource;
use crate::render::highlight;
use crate::render::sanitize::{self, SpecText};
use crate::resolve::bundle::Origin;
use crate::resolve::refs::{self, component_name, deref, ref_of, RefError};
use crate::slug::{kebab, slugify, UniqueSlugs};
use std::path::Path;

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const LOCATIONS: [(&str, &str); 4] = [
    ("path", "Path parameters"),
    ("query", "Query parameters"),
    ("header", "Header parameters"),
    ("cookie", "Cookie parameters"),
];
/// The largest example shown highlighted; bigger ones are shown as plain text.
const MAX_EXAMPLE_BYTES: usize = 32 * 1024;

/// Build the model of one API. `spec.value` must already be normalised.
pub fn build(project: &Path, spec: &SpecSource, openapi_version: &str) -> (Api, Vec<Diagnostic>) {
    let mut builder = Builder {
        project,
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
    fn error(&mut self, pointer: &[&str], message: impl Into<String>, hint: Option<&str>) {
        let (file, position) = self.locate(pointer);
        let mut d = Diagnostic::error(file, message).at(position);
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

    fn api(&mut self, spec: &SpecSource, openapi_version: &str) -> Api {
        let document = self.document;
        let empty = Value::Object(Map::new());
        let info = match document.get("info") {
            Some(info) if info.is_object() => info,
            _ => {
                self.error(
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
            let hint = match broken.error {
                RefError::External(_) => {
                    "inline the referenced part, or wait for multi-file support"
                }
                RefError::Dangling(_) => {
                    "check the spelling of the name and that the component exists"
                }
                RefError::Cycle(_) => "one ref in the chain must point to a real value",
            };
            self.error(&pointer, broken.error.to_string(), Some(hint));
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

    fn operations(&mut self) -> (Vec<Operation>, Vec<Tag>) {
        let document = self.document;
        let mut operations = Vec::new();
        // (name, display name, description_html), in the order of the top-level `tags`.
        let mut tag_order: Vec<(String, String, String)> = Vec::new();
        if let Some(Value::Array(declared)) = document.get("tags") {
            for tag in declared {
                if let Some(name) = str_of(tag, "name") {
                    let display = str_of(tag, "x-displayName").unwrap_or(name);
                    tag_order.push((
                        name.to_string(),
                        display.to_string(),
                        markdown_of(&self.text, tag, "description"),
                    ));
                }
            }
        }
        let paths = match document.get("paths") {
            Some(Value::Object(paths)) => Some(paths),
            Some(_) => {
                self.error(
                    &["paths"],
                    "`paths` must be a mapping of paths to path items",
                    None,
                );
                None
            }
            None => {
                if document.get("webhooks").is_none() && document.pointer("/components").is_none() {
                    self.error(
                        &[],
                        "the spec has no `paths`",
                        Some("add `paths: {}` if the API has no operations yet"),
                    );
                }
                None
            }
        };
        let mut slugs = UniqueSlugs::new();
        let mut operation_ids: HashMap<String, (String, String)> = HashMap::new();
        let mut sample_sources = Vec::new();
        for (path, item) in paths.into_iter().flatten() {
            let Some(item) = self.deref(item) else {
                continue;
            };
            if !path.starts_with('/') {
                self.error(
                    &["paths", path],
                    format!("path {path:?} must start with `/`"),
                    None,
                );
            }
            let path_level: Vec<&Value> = item
                .get("parameters")
                .and_then(Value::as_array)
                .map(|p| p.iter().collect())
                .unwrap_or_default();
            if !item.is_object() {
                self.error(
                    &["paths", path],
                    format!("the path item of {path} must be a mapping"),
                    None,
                );
                continue;
            }
            for (method, operation) in item.as_object().into_iter().flatten() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let pointer = ["paths", path.as_str(), method.as_str()];
                if !operation.is_object() {
                    let message = format!(
                        "{} {path} must be a mapping (an operation object)",
                        method.to_uppercase()
                    );
                    self.error(&pointer, message, None);
                    continue;
                }
                if let Some(id) = str_of(operation, "operationId") {
                    if let Some((other_method, other_path)) = operation_ids.get(id) {
                        let message = format!(
                            "operationId {id:?} is also used by {} {other_path}",
                            other_method.to_uppercase()
                        );
                        // Pages stay apart (slugs are made unique), so the portal still builds;
                        // links and code generators that use the id would be ambiguous.
                        let (file, at) = self.locate(&[&pointer[..], &["operationId"]].concat());
                        self.diagnostics.push(
                            Diagnostic::warning(file, message)
                                .at(at)
                                .with_hint("operationIds must be unique in a spec"),
                        );
                    } else {
                        operation_ids.insert(id.to_string(), (method.clone(), path.clone()));
                    }
                }
                let wanted = match str_of(operation, "operationId") {
                    Some(id) => kebab(id),
                    None => slugify(&format!("{method} {path}")),
                };
                let slug = slugs.claim(&wanted);
                let (op, source) =
                    self.operation(path, method, operation, &path_level, slug, &pointer);
                sample_sources.extend(source.map(|s| (operations.len(), s)));
                for tag in &op.tags {
                    if !tag_order.iter().any(|(name, _, _)| name == tag) {
                        tag_order.push((tag.clone(), tag.clone(), String::new()));
                    }
                }
                operations.push(op);
            }
        }
        if operations.iter().any(|o| o.tags.is_empty()) {
            tag_order.push((UNTAGGED.to_string(), UNTAGGED.to_string(), String::new()));
        }
        let mut tag_slugs = UniqueSlugs::new();
        let mut tags: Vec<Tag> = tag_order
            .into_iter()
            .map(|(name, display_name, description_html)| {
                let slug = tag_slugs.claim(&slugify(&name));
                Tag {
                    url: format!("{}tags/{slug}/", self.base),
                    name,
                    display_name,
                    slug,
                    description_html,
                    operations: Vec::new(),
                }
            })
            .collect();
        let tag_index: HashMap<String, usize> = tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        for (i, op) in operations.iter_mut().enumerate() {
            let primary = op.tags.first().map_or(UNTAGGED, String::as_str);
            let Some(&t) = tag_index.get(primary) else {
                continue;
            };
            op.tag_slug = tags[t].slug.clone();
            for name in op
                .tags
                .iter()
                .map(String::as_str)
                .chain(op.tags.is_empty().then_some(UNTAGGED))
            {
                if let Some(&t) = tag_index.get(name) {
                    tags[t].operations.push(i);
                }
            }
        }
        tags.retain(|t| !t.operations.is_empty());
        self.resolve_response_links(&mut operations, &operation_ids);
        // Writing and highlighting six samples per operation dominates this stage: spread it.
        let samples: Vec<(usize, Vec<CodeSampleView>)> = sample_sources
            .par_iter()
            .map(|(i, source)| (*i, request::samples(source)))
            .collect();
        for (i, views) in samples {
            operations[i].code_samples = views;
        }
        (operations, tags)
    }

    /// OpenAPI 3.1 `webhooks`, in document order.
    fn webhooks(&mut self) -> Vec<Operation> {
        let Some(Value::Object(hooks)) = self.document.get("webhooks") else {
            return Vec::new();
        };
        let mut slugs = UniqueSlugs::new();
        let mut webhooks = Vec::new();
        for (name, item) in hooks {
            let Some(item) = self.deref(item) else {
                continue;
            };
            let path_level: Vec<&Value> = item
                .get("parameters")
                .and_then(Value::as_array)
                .map(|p| p.iter().collect())
                .unwrap_or_default();
            for (method, operation) in item.as_object().into_iter().flatten() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let pointer = ["webhooks", name.as_str(), method.as_str()];
                let wanted = str_of(operation, "operationId").map_or_else(|| slugify(name), kebab);
                let slug = slugs.claim(&wanted);
                let (mut hook, _) =
                    self.operation(name, method, operation, &path_level, slug.clone(), &pointer);
                hook.webhook = true;
                hook.url = format!("{}webhooks/{slug}/", self.base);
                if hook.summary.is_none() {
                    hook.title = name.clone();
                }
                webhooks.push(hook);
            }
        }
        webhooks
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &'a str,
        method: &'a str,
        operation: &'a Value,
        path_level: &[&'a Value],
        slug: String,
        pointer: &[&'a str],
    ) -> (Operation, Option<request::OperationSource<'a>>) {
        let summary = str_of(operation, "summary").map(str::to_string);
        let upper = method.to_uppercase();
        let (parameters, merged) = self.parameters(path, operation, path_level, pointer);
        // `responses` is required in 2.0 and 3.0, optional from 3.1 on.
        let responses_required =
            self.openapi_version.starts_with("3.0") || self.openapi_version.starts_with('2');
        let no_responses = operation
            .get("responses")
            .is_none_or(|r| r.as_object().is_none_or(Map::is_empty));
        if responses_required && no_responses {
            self.error(
                pointer,
                format!("{upper} {path} has no responses"),
                Some("describe at least one response, e.g. `200`"),
            );
        }
        let request_body = operation
            .get("requestBody")
            .and_then(|b| self.deref(b))
            .map(|b| self.request_body(b));
        let responses = self.responses(operation.get("responses"));
        let callbacks = self.callbacks(operation.get("callbacks"));
        // Samples are written later, for all operations at once and in parallel.
        let sample_source =
            (pointer.first() != Some(&"webhooks")).then(|| request::OperationSource {
                document: self.document,
                method,
                path,
                operation,
                parameters: merged.clone(),
                security: operation
                    .get("security")
                    .or_else(|| self.document.get("security")),
                servers: operation
                    .get("servers")
                    .or_else(|| self.path_servers(pointer))
                    .or_else(|| self.document.get("servers")),
            });
        let operation = Operation {
            webhook: false,
            url: format!("{}operations/{slug}/", self.base),
            slug,
            operation_id: str_of(operation, "operationId").map(str::to_string),
            method: upper.clone(),
            path: path.to_string(),
            path_parts: path_parts(path),
            title: summary.clone().unwrap_or_else(|| format!("{upper} {path}")),
            summary,
            description_html: markdown_of(&self.text, operation, "description"),
            deprecated: operation.get("deprecated") == Some(&Value::Bool(true)),
            tags: operation
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            tag_slug: String::new(),
            servers: servers(&self.text, operation.get("servers")),
            security: operation.get("security").map(|s| security(Some(s))),
            parameters,
            request_body,
            responses,
            callbacks,
            code_samples: Vec::new(),
        };
        (operation, sample_source)
    }

    /// `servers` of the path item that holds the operation at `pointer`.
    fn path_servers(&self, pointer: &[&str]) -> Option<&'a Value> {
        let item = self.document.get("paths")?.get(pointer.get(1)?)?;
        deref(self.document, item).ok()?.get("servers")
    }

    fn parameters(
        &mut self,
        path: &str,
        operation: &'a Value,
        path_level: &[&'a Value],
        pointer: &[&str],
    ) -> (Vec<ParameterGroup>, Vec<&'a Value>) {
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: Vec<&'a Value> = Vec::new();
        let op_level: Vec<&'a Value> = operation
            .get("parameters")
            .and_then(Value::as_array)
            .map(|p| p.iter().collect())
            .unwrap_or_default();
        if operation.get("parameters").is_some_and(|p| !p.is_array()) {
            self.error(
                &[pointer, &["parameters"]].concat(),
                "`parameters` must be a list",
                None,
            );
        }
        for raw in path_level.iter().chain(op_level.iter()) {
            let Some(param) = self.deref(raw) else {
                continue;
            };
            if str_of(param, "name").is_none() || str_of(param, "in").is_none() {
                self.error(
                    &[pointer, &["parameters"]].concat(),
                    "a parameter needs a `name` and an `in`",
                    Some("`in` is one of path, query, header, cookie"),
                );
                continue;
            }
            let key = (str_of(param, "name"), str_of(param, "in"));
            merged.retain(|p| (str_of(p, "name"), str_of(p, "in")) != key);
            merged.push(param);
        }
        let declared: BTreeSet<&str> = merged
            .iter()
            .filter(|p| str_of(p, "in") == Some("path"))
            .filter_map(|p| str_of(p, "name"))
            .collect();
        for name in template_params(path) {
            if !declared.contains(name.as_str()) {
                self.error(
                    pointer,
                    format!("path parameter {{{name}}} of {path} is not declared"),
                    Some("add it under `parameters` with `in: path` and `required: true`"),
                );
            }
        }
        let templated = template_params(path);
        let mut groups: Vec<ParameterGroup> = LOCATIONS
            .iter()
            .map(|(location, title)| ParameterGroup {
                location: location.to_string(),
                title: title.to_string(),
                parameters: Vec::new(),
            })
            .collect();
        for &param in &merged {
            let name = str_of(param, "name").unwrap_or("").to_string();
            let location = str_of(param, "in").unwrap_or("");
            let Some(group) = groups.iter_mut().find(|g| g.location == location) else {
                self.error(
                    pointer,
                    format!("parameter {name:?} has `in: {location}`; it must be path, query, header or cookie"),
                    None,
                );
                continue;
            };
            if location == "path" && !templated.contains(&name) {
                self.error(
                    pointer,
                    format!("path parameter {name:?} does not appear in {path}"),
                    Some("remove it, or add it to the path in braces"),
                );
            }
            let parameter = parameter(&self.schema_context(), &name, param, location == "path");
            group.parameters.push(parameter);
        }
        groups.retain(|g| !g.parameters.is_empty());
        (groups, merged)
    }

    fn schema_context(&self) -> SchemaContext<'_> {
        SchemaContext {
            document: self.document,
            schema_urls: &self.schema_urls,
            text: &self.text,
        }
    }

    fn request_body(&mut self, body: &'a Value) -> RequestBody {
        RequestBody {
            required: body.get("required") == Some(&Value::Bool(true)),
            description_html: markdown_of(&self.text, body, "description"),
            contents: self.contents(body.get("content"), Direction::Request),
        }
    }

    fn contents(&mut self, content: Option<&'a Value>, direction: Direction) -> Vec<MediaType> {
        let Some(Value::Object(content)) = content else {
            return Vec::new();
        };
        content
            .iter()
            .map(|(media_type, media)| {
                let mut examples = examples(&self.text, self.document, media, media_type);
                // A body without an example gets one made from its schema, marked as such.
                if examples.is_empty() && media_type.contains("json") {
                    if let Some(schema) = media.get("schema") {
                        let value = sample::example(self.document, schema, direction);
                        if !value.is_null() {
                            examples.push(Example {
                                name: "Example (generated from the schema)".into(),
                                summary: None,
                                description_html: String::new(),
                                value_html: example_html(&value, media_type),
                            });
                        }
                    }
                }
                MediaType {
                    media_type: media_type.clone(),
                    schema: media.get("schema").map(|s| self.schema_context().view(s)),
                    examples,
                }
            })
            .collect()
    }

    fn responses(&mut self, responses: Option<&'a Value>) -> Vec<Response> {
        let Some(Value::Object(responses)) = responses else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (status, raw) in responses {
            if status.starts_with("x-") {
                continue;
            }
            let Ok(response) = deref(self.document, raw) else {
                continue;
            };
            let headers = response
                .get("headers")
                .and_then(Value::as_object)
                .map(|headers| {
                    headers
                        .iter()
                        .filter_map(|(name, h)| {
                            let h = deref(self.document, h).ok()?;
                            Some(parameter(&self.schema_context(), name, h, false))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let links = response
                .get("links")
                .and_then(Value::as_object)
                .map(|links| {
                    links
                        .iter()
                        .filter_map(|(name, link)| {
                            let link = deref(self.document, link).ok()?;
                            Some(ResponseLink {
                                name: name.clone(),
                                operation_id: str_of(link, "operationId").map(str::to_string),
                                url: None,
                                description_html: markdown_of(&self.text, link, "description"),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.push(Response {
                class: status_class(status).to_string(),
                status: status.clone(),
                description_html: markdown_of(&self.text, response, "description"),
                headers,
                contents: self.contents(response.get("content"), Direction::Response),
                links,
            });
        }
        out
    }

    fn callbacks(&mut self, callbacks: Option<&'a Value>) -> Vec<Callback> {
        let Some(Value::Object(callbacks)) = callbacks else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, callback) in callbacks {
            let Ok(callback) = deref(self.document, callback) else {
                continue;
            };
            for (expression, item) in callback.as_object().into_iter().flatten() {
                let Ok(item) = deref(self.document, item) else {
                    continue;
                };
                for (method, op) in item.as_object().into_iter().flatten() {
                    if !METHODS.contains(&method.as_str()) {
                        continue;
                    }
                    let request_body = op
                        .get("requestBody")
                        .and_then(|b| deref(self.document, b).ok())
                        .map(|b| self.request_body(b));
                    out.push(Callback {
                        name: name.clone(),
                        expression: expression.clone(),
                        method: method.to_uppercase(),
                        summary: str_of(op, "summary").map(str::to_string),
                        description_html: markdown_of(&self.text, op, "description"),
                        request_body,
                    });
                }
            }
        }
        out
    }

    fn resolve_response_links(
        &self,
        operations: &mut [Operation],
        ids: &HashMap<String, (String, String)>,
    ) {
        let urls: HashMap<String, String> = operations
            .iter()
            .filter_map(|o| Some((o.operation_id.clone()?, o.url.clone())))
            .collect();
        for op in operations.iter_mut() {
            for response in &mut op.responses {
                for link in &mut response.links {
                    if let Some(id) = &link.operation_id {
                        if ids.contains_key(id) {
                            link.url = urls.get(id).cloned();
                        }
                    }
                }
            }
        }
    }

    fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(Value::Object(schemes)) = self.document.pointer("/components/securitySchemes")
        else {
            return Vec::new();
        };
        schemes
            .iter()
            .filter_map(|(name, scheme)| {
                let scheme = deref(self.document, scheme).ok()?;
                let kind = str_of(scheme, "type").unwrap_or("unknown").to_string();
                let mut details = Vec::new();
                match kind.as_str() {
                    "apiKey" => {
                        let location = str_of(scheme, "in").unwrap_or("header");
                        let label = match location {
                            "query" => "Query parameter",
                            "cookie" => "Cookie",
                            _ => "Header",
                        };
                        details.push((
                            label.to_string(),
                            str_of(scheme, "name").unwrap_or("").to_string(),
                        ));
                    }
                    "http" => {
                        details.push((
                            "Scheme".into(),
                            str_of(scheme, "scheme").unwrap_or("").to_string(),
                        ));
                        if let Some(format) = str_of(scheme, "bearerFormat") {
                            details.push(("Bearer format".into(), format.to_string()));
                        }
                    }
                    "openIdConnect" => {
                        if let Some(url) = str_of(scheme, "openIdConnectUrl") {
                            details.push(("OpenID Connect URL".into(), url.to_string()));
                        }
                    }
                    _ => {}
                }
                let flows = scheme
                    .get("flows")
                    .and_then(Value::as_object)
                    .map(|flows| {
                        flows
                            .iter()
                            .map(|(kind, flow)| OAuthFlow {
                                kind: kind.clone(),
                                authorization_url: str_of(flow, "authorizationUrl")
                                    .and_then(sanitize::url),
                                token_url: str_of(flow, "tokenUrl").and_then(sanitize::url),
                                refresh_url: str_of(flow, "refreshUrl").and_then(sanitize::url),
                                scopes: flow
                                    .get("scopes")
                                    .and_then(Value::as_object)
                                    .map(|s| {
                                        s.iter()
                                            .map(|(k, v)| {
                                                (k.clone(), v.as_str().unwrap_or("").to_string())
                                            })
                                            .collect()
                                    })
                                    .unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Some(SecurityScheme {
                    name: name.clone(),
                    anchor: scheme_anchor(name),
                    kind,
                    description_html: markdown_of(&self.text, scheme, "description"),
                    details,
                    flows,
                })
            })
            .collect()
    }

    fn schemas(
        &mut self,
        names: &[String],
        slugs: &[String],
        operations: &[Operation],
    ) -> Vec<NamedSchema> {
        let used_by = schema_users(operations);
        let ctx = self.schema_context();
        names
            .iter()
            .zip(slugs)
            .map(|(name, slug)| {
                let schema = &self.document["components"]["schemas"][name];
                let target = deref(self.document, schema).unwrap_or(schema);
                let examples = target
                    .get("examples")
                    .and_then(Value::as_array)
                    .map(|values| {
                        values
                            .iter()
                            .enumerate()
                            .map(|(i, v)| Example {
                                name: format!("Example {}", i + 1),
                                summary: None,
                                description_html: String::new(),
                                value_html: example_html(v, "application/json"),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                NamedSchema {
                    name: name.clone(),
                    slug: slug.clone(),
                    url: format!("{}schemas/{slug}/", self.base),
                    view: ctx.named_view(
                        &format!("#/components/schemas/{}", refs::escape_segment(name)),
                        schema,
                    ),
                    description_html: markdown_of(&self.text, target, "description"),
                    examples,
                    used_by: used_by
                        .get(format!("{}schemas/{slug}/", self.base).as_str())
                        .cloned()
                        .unwrap_or_default(),
                }
            })
            .collect()
    }
}

/// `x-tagGroups` (a Redoc extension): named groups of tags for navigation.
fn tag_groups(document: &Value, tags: &[Tag]) -> Vec<TagGroup> {
    let Some(Value::Array(groups)) = document.get("x-tagGroups") else {
        return Vec::new();
    };
    groups
        .iter()
        .filter_map(|group| {
            let names = group.get("tags")?.as_array()?;
            Some(TagGroup {
                name: str_of(group, "name")?.to_string(),
                tags: names
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(|name| tags.iter().position(|t| t.name == name))
                    .collect(),
            })
        })
        .filter(|g| !g.tags.is_empty())
        .collect()
}

/// Tag name for operations that have none.
pub const UNTAGGED: &str = "Other operations";

/// Which operations name each schema directly (through body or response rows), keyed by the
/// schema page's URL, from the links already computed: linear in the size of the tables.
fn schema_users(operations: &[Operation]) -> HashMap<&str, Vec<usize>> {
    let mut users: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, op) in operations.iter().enumerate() {
        let mut links: BTreeSet<&str> = BTreeSet::new();
        let views = op
            .request_body
            .iter()
            .flat_map(|b| &b.contents)
            .chain(op.responses.iter().flat_map(|r| &r.contents))
            .filter_map(|media| media.schema.as_ref());
        for view in views {
            links.extend(
                std::iter::once(&view.root)
                    .chain(&view.rows)
                    .filter_map(|row| row.link.as_deref()),
            );
        }
        for link in links {
            users.entry(link).or_default().push(i);
        }
    }
    users
}

fn parameter(ctx: &SchemaContext, name: &str, param: &Value, in_path: bool) -> Parameter {
    let schema = param
        .get("schema")
        .or_else(|| {
            // A parameter may describe itself with `content` instead of `schema`.
            param
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next()?.get("schema"))
        })
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let mut row = ctx.row(
        name,
        &schema,
        0,
        in_path || param.get("required") == Some(&Value::Bool(true)),
    );
    // The parameter's own description is the one to show; the schema's is a fallback.
    let description = str_of(param, "description").map(|d| ctx.text.markdown(d));
    let description_html = description.unwrap_or_else(|| std::mem::take(&mut row.description_html));
    row.description_html = String::new();
    Parameter {
        name: name.to_string(),
        required: row.required,
        deprecated: param.get("deprecated") == Some(&Value::Bool(true)),
        description_html,
        style: str_of(param, "style").map(str::to_string),
        explode: param.get("explode").and_then(Value::as_bool),
        examples: examples(ctx.text, ctx.document, param, "text/plain"),
        schema: row,
    }
}

/// Examples of a media type or parameter: the `examples` map, or the single `example`.
fn examples(text: &SpecText, document: &Value, holder: &Value, media_type: &str) -> Vec<Example> {
    let mut out = Vec::new();
    if let Some(Value::Object(named)) = holder.get("examples") {
        for (name, example) in named {
            let Ok(example) = deref(document, example) else {
                continue;
            };
            let Some(value) = example.get("value") else {
                continue;
            };
            out.push(Example {
                name: name.clone(),
                summary: str_of(example, "summary").map(str::to_string),
                description_html: markdown_of(text, example, "description"),
                value_html: example_html(value, media_type),
            });
        }
    } else if let Some(value) = holder.get("example") {
        out.push(Example {
            name: "Example".into(),
            summary: None,
            description_html: String::new(),
            value_html: example_html(value, media_type),
        });
    }
    out
}

/// An example value, pretty-printed and highlighted. Strings that are not JSON payloads (XML,
/// plain text) are shown as they are.
fn example_html(value: &Value, media_type: &str) -> String {
    let (text, language) = match value {
        Value::String(s) if !media_type.contains("json") => (s.clone(), ""),
        other => (
            serde_json::to_string_pretty(other).unwrap_or_default(),
            "json",
        ),
    };
    if text.len() > MAX_EXAMPLE_BYTES {
        return highlight::escape_html(&text);
    }
    highlight::highlight(&text, language)
}

fn servers(text: &SpecText, servers: Option<&Value>) -> Vec<Server> {
    let Some(Value::Array(servers)) = servers else {
        return Vec::new();
    };
    servers
        .iter()
        .filter_map(|server| {
            Some(Server {
                url: str_of(server, "url")?.to_string(),
                description_html: markdown_of(text, server, "description"),
                variables: server
                    .get("variables")
                    .and_then(Value::as_object)
                    .map(|vars| {
                        vars.iter()
                            .map(|(name, var)| ServerVariable {
                                name: name.clone(),
                                default: str_of(var, "default").unwrap_or("").to_string(),
                                values: var
                                    .get("enum")
                                    .and_then(Value::as_array)
                                    .map(|v| {
                                        v.iter()
                                            .filter_map(Value::as_str)
                                            .map(str::to_string)
                                            .collect()
                                    })
                                    .unwrap_or_default(),
                                description_html: markdown_of(text, var, "description"),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect()
}

fn security(security: Option<&Value>) -> Vec<SecurityRequirement> {
    let Some(Value::Array(requirements)) = security else {
        return Vec::new();
    };
    requirements
        .iter()
        .filter_map(Value::as_object)
        .map(|requirement| SecurityRequirement {
            schemes: requirement
                .iter()
                .map(|(name, scopes)| SchemeUse {
                    name: name.clone(),
                    anchor: scheme_anchor(name),
                    scopes: scopes
                        .as_array()
                        .map(|s| {
                            s.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect()
}

fn scheme_anchor(name: &str) -> String {
    format!("auth-{}", slugify(name))
}

fn status_class(status: &str) -> &'static str {
    match status.chars().next() {
        Some('1') => "info",
        Some('2') => "success",
        Some('3') => "redirect",
        Some('4') => "client-error",
        Some('5') => "server-error",
        _ => "other",
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
