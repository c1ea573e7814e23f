//! Paths and webhooks into operations: each operation's page (URL, summary, tags, parts), the
//! tags that list them, duplicate `operationId`s, response links, and the request samples.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::doc::{Map, Value};
use rayon::prelude::*;

use super::security::security;
use super::servers::servers;
use super::{markdown_of, path_parts, str_of, Builder, METHODS, UNTAGGED};
use crate::diagnostics::{Code, Diagnostic};
use crate::keys::Keys;
use crate::model::api::*;
use crate::model::request;
use crate::slug::{kebab, slugify, UniqueSlugs};

impl<'a> Builder<'a> {
    pub(super) fn operations(&mut self) -> (Vec<Operation>, Vec<Tag>) {
        let document = self.document;
        // (name, display name, description_html), in the order of the top-level `tags`.
        let mut tag_order: Vec<(String, String, String)> = Vec::new();
        if let Some(Value::Array(declared)) = document.key("tags") {
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
        let paths = match document.key("paths") {
            Some(Value::Object(paths)) => Some(paths),
            Some(_) => {
                self.error(
                    Code::InvalidStructure,
                    &["paths"],
                    "`paths` must be a mapping of paths to path items",
                    None,
                );
                None
            }
            None => {
                if document.key("webhooks").is_none() && document.pointer("/components").is_none() {
                    self.error(
                        Code::InvalidStructure,
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
        // Each operation to build: path, method, operation, path-level parameters, slug, pointer.
        let mut jobs = Vec::new();
        for (path, item) in paths.into_iter().flatten() {
            let Some(item) = self.deref(item) else {
                continue;
            };
            if !path.starts_with('/') {
                self.error(
                    Code::InvalidStructure,
                    &["paths", path],
                    format!("path {path:?} must start with `/`"),
                    None,
                );
            }
            let path_level: Vec<&Value> = item
                .key("parameters")
                .and_then(Value::as_array)
                .map(|p| p.iter().collect())
                .unwrap_or_default();
            if !item.is_object() {
                self.error(
                    Code::InvalidStructure,
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
                    self.error(Code::InvalidStructure, &pointer, message, None);
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
                        let at = [&pointer[..], &["operationId"]].concat();
                        let warning = Diagnostic::warning(PathBuf::new(), message)
                            .code(Code::DuplicateOperationId)
                            .with_hint("operationIds must be unique in a spec");
                        self.problem(warning, at.iter().map(|s| s.to_string()).collect(), false);
                    } else {
                        operation_ids
                            .insert(id.to_string(), (method.to_string(), path.to_string()));
                    }
                }
                let wanted = match str_of(operation, "operationId") {
                    Some(id) => kebab(id),
                    None => slugify(&format!("{method} {path}")),
                };
                let slug = slugs.claim(&wanted);
                jobs.push((path, method, operation, path_level.clone(), slug, pointer));
            }
        }
        // Operations are independent of each other: each is built on its own builder, in
        // parallel, and their problems are kept in document order.
        let built: Vec<_> = jobs
            .into_par_iter()
            .map(|(path, method, operation, path_level, slug, pointer)| {
                let mut builder = self.fork();
                let (op, source) =
                    builder.operation(path, method, operation, &path_level, slug, &pointer);
                (op, source, builder.problems)
            })
            .collect();
        let mut operations = Vec::with_capacity(built.len());
        let mut sample_sources = Vec::new();
        for (op, source, mut problems) in built {
            self.problems.append(&mut problems);
            sample_sources.extend(source.map(|s| (operations.len(), s)));
            for tag in &op.tags {
                if !tag_order.iter().any(|(name, _, _)| name == tag) {
                    tag_order.push((tag.clone(), tag.clone(), String::new()));
                }
            }
            operations.push(op);
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
        // Each operation's request (the samples are written from it when its page is rendered).
        let highlights = self.highlights;
        let samples: Vec<(usize, CodeSamples)> = sample_sources
            .par_iter()
            .map(|(i, source)| (*i, request::samples(source, highlights)))
            .collect();
        for (i, mut views) in samples {
            if let Some(request) = &mut views.generated {
                request.body = request.body.take().map(|b| b.shared(&self.shared_texts));
            }
            operations[i].code_samples = views;
        }
        (operations, tags)
    }

    /// OpenAPI 3.1 `webhooks`, in document order.
    pub(super) fn webhooks(&mut self) -> Vec<Operation> {
        let Some(Value::Object(hooks)) = self.document.key("webhooks") else {
            return Vec::new();
        };
        let mut slugs = UniqueSlugs::new();
        let mut webhooks = Vec::new();
        for (name, item) in hooks {
            let Some(item) = self.deref(item) else {
                continue;
            };
            let path_level: Vec<&Value> = item
                .key("parameters")
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
                    hook.title = name.to_string();
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
            .key("responses")
            .is_none_or(|r| r.as_object().is_none_or(Map::is_empty));
        if responses_required && no_responses {
            self.error(
                Code::MissingResponses,
                pointer,
                format!("{upper} {path} has no responses"),
                Some("describe at least one response, e.g. `200`"),
            );
        }
        let request_body = operation
            .key("requestBody")
            .and_then(|b| self.deref(b))
            .map(|b| self.request_body(b));
        let responses = self.responses(operation.key("responses"));
        let callbacks = self.callbacks(operation.key("callbacks"));
        // Samples are written later, for all operations at once and in parallel.
        let sample_source =
            (pointer.first() != Some(&"webhooks")).then(|| request::OperationSource {
                document: self.document,
                method,
                path,
                operation,
                parameters: merged.clone(),
                security: operation
                    .key("security")
                    .or_else(|| self.document.key("security")),
                servers: operation
                    .key("servers")
                    .or_else(|| self.path_servers(pointer))
                    .or_else(|| self.document.key("servers")),
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
            deprecated: operation.key("deprecated") == Some(&Value::Bool(true)),
            tags: operation
                .key("tags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            tag_slug: String::new(),
            servers: servers(&self.text, operation.key("servers")),
            security: operation.key("security").map(|s| security(Some(s))),
            parameters,
            request_body,
            responses,
            callbacks,
            code_samples: CodeSamples::default(),
        };
        (operation, sample_source)
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
        let url_of = |link: &ResponseLink| {
            let id = link.operation_id.as_ref()?;
            ids.contains_key(id)
                .then(|| urls.get(id).cloned())
                .flatten()
        };
        for op in operations.iter_mut() {
            for response in &mut op.responses {
                // A response shared with other operations is copied only if it links somewhere.
                if response.links.iter().all(|link| url_of(link) == link.url) {
                    continue;
                }
                for link in &mut Arc::make_mut(response).links {
                    if let Some(url) = url_of(link) {
                        link.url = Some(url);
                    }
                }
            }
        }
    }
}
