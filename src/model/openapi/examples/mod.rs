//! `invalid-example` (P0313): every example of a spec validated against its schema.
//!
//! What is checked: the `example` and `examples` of media types (request bodies, responses,
//! parameters and headers with `content`), of parameters and headers, and of schemas (`example`,
//! and 3.1's `examples` list, which is also where normalising put 3.0's `example`).
//!
//! How: the bundled, normalised document, reduced to the schemas to compile and what their refs
//! reach ([`super::reachable`]), is one resource of a `jsonschema` registry (offline: nothing is
//! ever fetched, and only refs into the document resolve), and each distinct schema is compiled
//! once, as `{"$ref": "<document>#<pointer>"}`, so its own refs resolve as they do everywhere
//! else in Portico. Schemas are compiled and their examples validated in parallel.
//! Before that, each example is judged without compiling anything ([`shortcut`]): most of a big
//! spec's examples are of leaf properties and plainly valid, and most invalid ones fail one
//! plain assertion, which the shortcut words as the validator would. Twilio Conversations' 12
//! invalid examples were the only ones it compiled schemas for, which cost 0.75 MB of its peak
//! (jsonschema's own meta-schema validator, and a serde_json copy of the reachable schemas).
//!
//! OpenAPI is not plain JSON Schema, so some failures are not reported: a missing `required`
//! property that is `readOnly` in a request (or `writeOnly` in a response), and, in 3.0 and 2.0
//! specs, a `null` where a schema on the way says `nullable`. Strings given as examples of media
//! types that are not JSON (an XML document, a form body) are their serialised form and are not
//! validated; nor are examples of more than [`MAX_EXAMPLE_BYTES`].

use crate::doc::{Map, Value};
use indexmap::IndexMap;
use rayon::prelude::*;

use super::reachable::reachable;
#[cfg(test)]
use super::reachable::uri_fragment;
use super::METHODS;
use crate::keys::Keys;
use crate::normalise::openapi::{SUBSCHEMAS, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS};
use crate::normalise::swagger2::media_object;
use crate::resolve::refs::{self, ref_of};

mod excuses;
mod shortcut;
mod validator;

use shortcut::{Shortcut, Verdict};

/// Examples larger than this (serialised, roughly) are skipped, without a message.
pub const MAX_EXAMPLE_BYTES: usize = 1 << 20;

/// The longest message text taken from an instance (`{"id": 1, …}`).
const MAX_INSTANCE_CHARS: usize = 80;

/// One example that does not validate: where it is written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub at: Vec<String>,
    pub message: String,
}

/// Which way the payload goes: `readOnly` properties are not sent, `writeOnly` ones not received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
    /// Parameters, headers and schemas: neither rule applies.
    Neither,
}

struct Site<'a> {
    /// Its place in document order.
    order: usize,
    at: Vec<String>,
    value: &'a Value,
    direction: Direction,
}

/// Check every example of `document` (normalised to 3.1). `nullable_leniency` is for documents
/// written as 3.0 or 2.0, where `nullable` was a keyword of its own; `converted` for documents
/// converted from 2.0, whose media types may stand for the first one (`swagger2::media_object`).
pub fn check(document: &Value, nullable_leniency: bool, converted: bool) -> Vec<Invalid> {
    let mut collector = Collector {
        document,
        shortcut: Shortcut::new(document, nullable_leniency),
        converted,
        path: Vec::new(),
        groups: IndexMap::new(),
        decided: Vec::new(),
        count: 0,
    };
    collector.document();
    let mut found = collector.decided;
    if !collector.groups.is_empty() {
        let groups: Vec<(Vec<String>, Vec<Site>)> = collector.groups.into_iter().collect();
        found.extend(validate(document, &groups, nullable_leniency));
    }
    found.sort_by_key(|(order, _)| *order);
    found.into_iter().map(|(_, invalid)| invalid).collect()
}

/// The examples the shortcut left undecided, each group's schema compiled once. Only those
/// schemas, and what their refs reach, are given to jsonschema.
fn validate(
    document: &Value,
    groups: &[(Vec<String>, Vec<Site>)],
    nullable_leniency: bool,
) -> Vec<(usize, Invalid)> {
    let roots: Vec<&[String]> = groups.iter().map(|(schema, _)| &schema[..]).collect();
    let resource = reachable(document, &roots);
    let Some(registry) = validator::registry(&resource.document) else {
        return Vec::new();
    };
    groups
        .par_iter()
        .zip(&resource.pointers)
        .flat_map_iter(|((schema, sites), pointer)| {
            let found: Vec<(usize, Invalid)> = match validator::compile(&registry, pointer) {
                Some(compiled) => sites
                    .iter()
                    .filter_map(|site| {
                        let message = validator::first_error(
                            document,
                            schema,
                            &compiled,
                            site,
                            nullable_leniency,
                        )?;
                        Some((
                            site.order,
                            Invalid {
                                at: site.at.clone(),
                                message,
                            },
                        ))
                    })
                    .collect(),
                // A schema that does not compile (a broken pattern, a keyword of the wrong
                // type, a ref that leaves the document) is not this check's to report.
                None => Vec::new(),
            };
            found
        })
        .collect()
}

/// "example does not match its schema: `/price`: "abc" is not of type "integer"", from a
/// failure's instance path, text and instance (as JSON), with long instances shortened.
fn message(path: &str, mut text: String, instance: &str) -> String {
    if instance.chars().count() > MAX_INSTANCE_CHARS {
        let short: String = instance.chars().take(MAX_INSTANCE_CHARS - 1).collect();
        text = text.replacen(instance, &format!("{short}…"), 1);
    }
    if text.chars().count() > 300 {
        text = text.chars().take(299).collect::<String>() + "…";
    }
    if path.is_empty() {
        format!("example does not match its schema: {text}")
    } else {
        format!("example does not match its schema: `{path}`: {text}")
    }
}

fn index<'a>(node: &'a Value, segment: &str) -> Option<&'a Value> {
    match node {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    }
}

fn lookup<'a>(document: &'a Value, pointer: &[String]) -> Option<&'a Value> {
    pointer.iter().try_fold(document, |node, s| index(node, s))
}

/// Whether serialising `value` would take more than [`MAX_EXAMPLE_BYTES`], without doing it.
fn too_large(value: &Value) -> bool {
    fn size(value: &Value, budget: &mut isize) {
        if *budget < 0 {
            return;
        }
        match value {
            Value::String(s) => *budget -= s.len() as isize + 2,
            Value::Array(items) => {
                *budget -= 2;
                items.iter().for_each(|v| size(v, budget));
            }
            Value::Object(map) => {
                *budget -= 2;
                for (k, v) in map {
                    *budget -= k.len() as isize + 4;
                    size(v, budget);
                }
            }
            _ => *budget -= 8,
        }
    }
    let mut budget = MAX_EXAMPLE_BYTES as isize;
    size(value, &mut budget);
    budget < 0
}

/// Walks the parts of a document that hold examples, grouping them by the schema they are
/// checked against.
struct Collector<'a> {
    document: &'a Value,
    shortcut: Shortcut<'a>,
    converted: bool,
    path: Vec<String>,
    /// The examples the shortcut left undecided, by schema.
    groups: IndexMap<Vec<String>, Vec<Site<'a>>>,
    /// The invalid examples the shortcut found, with their place in document order.
    decided: Vec<(usize, Invalid)>,
    count: usize,
}

/// The deepest nesting of schemas followed; deeper ones are not checked.
const MAX_DEPTH: usize = 64;

impl<'a> Collector<'a> {
    fn document(&mut self) {
        let document = self.document;
        for key in ["paths", "webhooks"] {
            self.each(document.key(key), key, Self::path_item);
        }
        let Some(components) = document.key("components").filter(|c| c.is_object()) else {
            return;
        };
        self.path.push("components".into());
        self.each(components.key("pathItems"), "pathItems", Self::path_item);
        self.each(components.key("parameters"), "parameters", |c, p| {
            c.parameter(p)
        });
        self.each(components.key("headers"), "headers", |c, h| c.parameter(h));
        self.each(components.key("requestBodies"), "requestBodies", |c, b| {
            c.body(b, Direction::Request)
        });
        self.each(components.key("responses"), "responses", |c, r| {
            c.body(r, Direction::Response)
        });
        self.each(components.key("callbacks"), "callbacks", Self::callback);
        self.each(components.key("schemas"), "schemas", |c, s| c.schema(s, 0));
        self.path.pop();
    }

    /// Call `f` on every value of the mapping at `key`, with the path set.
    fn each(&mut self, map: Option<&'a Value>, key: &str, mut f: impl FnMut(&mut Self, &'a Value)) {
        let Some(Value::Object(map)) = map else {
            return;
        };
        self.path.push(key.to_string());
        for (name, value) in map {
            self.path.push(name.to_string());
            f(self, value);
            self.path.pop();
        }
        self.path.pop();
    }

    fn list(
        &mut self,
        list: Option<&'a Value>,
        key: &str,
        mut f: impl FnMut(&mut Self, &'a Value),
    ) {
        let Some(Value::Array(items)) = list else {
            return;
        };
        self.path.push(key.to_string());
        for (i, value) in items.iter().enumerate() {
            self.path.push(i.to_string());
            f(self, value);
            self.path.pop();
        }
        self.path.pop();
    }

    /// A path item, a webhook or a callback's expression. A `$ref`'d one is checked where it
    /// is defined.
    fn path_item(&mut self, item: &'a Value) {
        if ref_of(item).is_some() || !item.is_object() {
            return;
        }
        self.list(item.key("parameters"), "parameters", Self::parameter);
        for method in METHODS {
            if let Some(operation) = item.get(method).filter(|o| o.is_object()) {
                self.path.push(method.to_string());
                self.operation(operation);
                self.path.pop();
            }
        }
    }

    fn operation(&mut self, operation: &'a Value) {
        self.list(operation.key("parameters"), "parameters", Self::parameter);
        if let Some(body) = operation.key("requestBody") {
            self.path.push("requestBody".into());
            self.body(body, Direction::Request);
            self.path.pop();
        }
        if let Some(Value::Object(responses)) = operation.key("responses") {
            self.path.push("responses".into());
            for (status, response) in responses {
                if status.starts_with("x-") {
                    continue;
                }
                self.path.push(status.to_string());
                self.body(response, Direction::Response);
                self.path.pop();
            }
            self.path.pop();
        }
        self.each(operation.key("callbacks"), "callbacks", Self::callback);
    }

    fn callback(&mut self, callback: &'a Value) {
        if ref_of(callback).is_some() {
            return;
        }
        let Some(map) = callback.as_object() else {
            return;
        };
        for (expression, item) in map {
            if expression.starts_with("x-") {
                continue;
            }
            self.path.push(expression.to_string());
            self.path_item(item);
            self.path.pop();
        }
    }

    /// A request body or a response: headers and content.
    fn body(&mut self, body: &'a Value, direction: Direction) {
        if ref_of(body).is_some() || !body.is_object() {
            return;
        }
        self.each(body.key("headers"), "headers", Self::parameter);
        self.content(body.key("content"), direction);
    }

    /// A parameter or a header: its schema's examples and its own, or its content's.
    fn parameter(&mut self, parameter: &'a Value) {
        if ref_of(parameter).is_some() || !parameter.is_object() {
            return;
        }
        if let Some(schema) = parameter.key("schema") {
            self.path.push("schema".into());
            self.schema(schema, 0);
            self.path.pop();
            self.examples_of(parameter, Direction::Neither, true);
        }
        self.content(parameter.key("content"), Direction::Neither);
    }

    fn content(&mut self, content: Option<&'a Value>, direction: Direction) {
        let Some(Value::Object(content)) = content else {
            return;
        };
        self.path.push("content".into());
        for (media_type, media) in content {
            let media = media_object(content, media, self.converted);
            if !media.is_object() {
                continue;
            }
            self.path.push(media_type.to_string());
            if let Some(schema) = media.key("schema") {
                self.path.push("schema".into());
                self.schema(schema, 0);
                self.path.pop();
                self.examples_of(media, direction, is_json(media_type));
            }
            if let Some(Value::Object(encodings)) = media.key("encoding") {
                self.path.push("encoding".into());
                for (name, encoding) in encodings {
                    self.path.push(name.to_string());
                    self.each(encoding.key("headers"), "headers", Self::parameter);
                    self.path.pop();
                }
                self.path.pop();
            }
            self.path.pop();
        }
        self.path.pop();
    }

    /// The `example` or `examples` of a media type or parameter whose schema is at
    /// `<path>/schema`. Strings are taken as data only where `strings` says so.
    fn examples_of(&mut self, holder: &'a Value, direction: Direction, strings: bool) {
        let wanted = |value: &Value| strings || !value.is_string();
        if let Some(value) = holder.key("example").filter(|v| wanted(v)) {
            self.add(&["schema"], &["example"], value, direction);
        }
        if let Some(Value::Object(examples)) = holder.key("examples") {
            for (name, example) in examples {
                let at_ref = ref_of(example).is_some();
                let Ok(example) = refs::deref(self.document, example) else {
                    continue;
                };
                let Some(value) = example.key("value").filter(|v| wanted(v)) else {
                    continue;
                };
                let at: &[&str] = if at_ref {
                    &["examples", name]
                } else {
                    &["examples", name, "value"]
                };
                self.add(&["schema"], at, value, direction);
            }
        }
    }

    /// A schema: its own examples, then those of the schemas inside it. Refs are not followed:
    /// the schema they name is checked where it is defined.
    fn schema(&mut self, schema: &'a Value, depth: usize) {
        let Value::Object(map) = schema else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(value) = map.key("example") {
            self.add(&[], &["example"], value, Direction::Neither);
        }
        if let Some(Value::Array(values)) = map.key("examples") {
            for (i, value) in values.iter().enumerate() {
                self.add(
                    &[],
                    &["examples", &i.to_string()],
                    value,
                    Direction::Neither,
                );
            }
        }
        self.subschemas(map, depth);
    }

    fn subschemas(&mut self, map: &'a Map, depth: usize) {
        for (key, value) in map {
            let key = key.as_str();
            if SUBSCHEMA_MAPS.contains(&key) {
                self.each(Some(value), key, |c, s| c.schema(s, depth + 1));
            } else if SUBSCHEMA_LISTS.contains(&key) {
                self.list(Some(value), key, |c, s| c.schema(s, depth + 1));
            } else if SUBSCHEMAS.contains(&key) {
                self.path.push(key.to_string());
                match value {
                    // 2019 and older drafts' tuple `items`.
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            self.path.push(i.to_string());
                            self.schema(item, depth + 1);
                            self.path.pop();
                        }
                    }
                    other => self.schema(other, depth + 1),
                }
                self.path.pop();
            }
        }
    }

    /// Record the example `value` at the current path and `at`, of the schema at the current
    /// path and `schema`, grouped by the schema that finally names. Kept for validation unless
    /// it is too large or plainly valid: a big spec has tens of thousands of examples (mostly
    /// of leaf properties), and holding each one's path until all were collected took 25 MB of
    /// loket.nl's 6 MB spec.
    fn add(&mut self, schema: &[&str], at: &[&str], value: &'a Value, direction: Direction) {
        self.count += 1;
        if too_large(value) {
            return;
        }
        let below = |path: &[String], more: &[&str]| -> Vec<String> {
            let more = more.iter().map(|segment| segment.to_string());
            path.iter().cloned().chain(more).collect()
        };
        let key = canonical(self.document, &below(&self.path, schema));
        let verdict = match lookup(self.document, &key) {
            Some(target) => self.shortcut.verdict(target, value, direction),
            None => Verdict::Undecided,
        };
        match verdict {
            Verdict::Valid => return,
            Verdict::Invalid {
                path,
                text,
                instance,
            } => {
                let invalid = Invalid {
                    at: below(&self.path, at),
                    message: message(&path, text, &instance),
                };
                return self.decided.push((self.count, invalid));
            }
            Verdict::Undecided => {}
        }
        self.groups.entry(key).or_default().push(Site {
            order: self.count,
            at: below(&self.path, at),
            value,
            direction,
        });
    }
}

/// The pointer of the schema that `pointer` finally names, following schemas that are only a
/// `$ref` (with annotations beside it), so that every use of a named schema compiles it once.
fn canonical(document: &Value, pointer: &[String]) -> Vec<String> {
    let mut pointer = pointer.to_vec();
    for _ in 0..16 {
        let Some(Value::Object(map)) = lookup(document, &pointer) else {
            break;
        };
        let Some(reference) = map.key("$ref").and_then(Value::as_str) else {
            break;
        };
        let only_annotations = map
            .keys()
            .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-") || k == "$ref");
        let Some(fragment) = reference.strip_prefix('#') else {
            break;
        };
        if !only_annotations || !(fragment.is_empty() || fragment.starts_with('/')) {
            break;
        }
        pointer = refs::pointer_segments(fragment).collect();
    }
    pointer
}

/// Keywords that do not constrain a value.
const ANNOTATIONS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "xml",
    "$comment",
];

/// `application/json`, `application/problem+json`, `application/vnd.github.v3+json`, `*/*`.
fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.contains("json") || essence == "*/*"
}

#[cfg(test)]
mod tests;
