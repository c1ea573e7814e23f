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
//! Before that, examples that plainly satisfy a plain schema are set aside without compiling
//! it ([`certainly_valid`]): most of a big spec's examples are of leaf properties.
//!
//! OpenAPI is not plain JSON Schema, so some failures are not reported: a missing `required`
//! property that is `readOnly` in a request (or `writeOnly` in a response), and, in 3.0 and 2.0
//! specs, a `null` where a schema on the way says `nullable`. Strings given as examples of media
//! types that are not JSON (an XML document, a form body) are their serialised form and are not
//! validated; nor are examples of more than [`MAX_EXAMPLE_BYTES`].

use std::cell::RefCell;
use std::collections::HashMap;

use crate::doc::{Map, Value};
use indexmap::IndexMap;
use jsonschema::{Draft, Registry, ValidationError, Validator};
use rayon::prelude::*;

use super::reachable::reachable;
#[cfg(test)]
use super::reachable::uri_fragment;
use super::METHODS;
use crate::keys::Keys;
use crate::normalise::openapi::{SUBSCHEMAS, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS};
use crate::normalise::swagger2::media_object;
use crate::resolve::refs::{self, ref_of};

/// The URI the document has in the registry. Not fetchable: a URN.
const BASE: &str = "urn:portico:spec";

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
        patterns: Patterns::default(),
        converted,
        path: Vec::new(),
        groups: IndexMap::new(),
        count: 0,
    };
    collector.document();
    if collector.groups.is_empty() {
        return Vec::new();
    }
    // Most examples are of a leaf schema (`{"type": "string"}`) and plainly valid: those were
    // judged as they were met, and only the rest pay for compiling a validator (GitHub's spec
    // has 3,623 schemas with examples; compiling them all took 0.1 s of CPU).
    let groups: Vec<(Vec<String>, Vec<Site>)> = collector.groups.into_iter().collect();
    // Only the schemas to compile, and what their refs reach, are given to jsonschema.
    let roots: Vec<&[String]> = groups.iter().map(|(schema, _)| &schema[..]).collect();
    let resource = reachable(document, &roots);
    let Some(registry) = registry(&resource.document) else {
        return Vec::new();
    };
    let mut found: Vec<(usize, Invalid)> = groups
        .par_iter()
        .zip(&resource.pointers)
        .flat_map_iter(|((schema, sites), pointer)| {
            let found: Vec<(usize, Invalid)> = match compile(&registry, pointer) {
                Some(validator) => sites
                    .iter()
                    .filter_map(|site| {
                        let message =
                            first_error(document, schema, &validator, site, nullable_leniency)?;
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
        .collect();
    found.sort_by_key(|(order, _)| *order);
    found.into_iter().map(|(_, invalid)| invalid).collect()
}

/// Whether `value` certainly satisfies `schema`, decided without compiling it. True only for a
/// schema of [`ANNOTATIONS`], formats and the assertions below, each judged as strictly as JSON
/// Schema or more (`1.0` is not taken for an integer, nor equal to `1`), through local `$ref`s.
/// Anything else (`pattern`, `minimum`, `not`, …), or any doubt, is `false`, and the schema is
/// compiled: this never hides an invalid example, it only spares the validator the plainly
/// valid ones.
fn certainly_valid(
    document: &Value,
    patterns: &Patterns,
    schema: &Value,
    value: &Value,
    depth: usize,
) -> bool {
    let map = match schema {
        Value::Bool(accepts) => return *accepts,
        Value::Object(map) => map,
        _ => return false,
    };
    if depth > MAX_DEPTH {
        return false;
    }
    let valid = |schema: &Value, value: &Value| {
        certainly_valid(document, patterns, schema, value, depth + 1)
    };
    map.iter().all(|(key, rule)| match key.as_str() {
        "$ref" => rule
            .as_str()
            .and_then(|reference| refs::lookup(document, reference).ok())
            .is_some_and(|target| valid(target, value)),
        "type" => match rule {
            Value::String(name) => is_of_type(value, name),
            Value::Array(names) => names
                .iter()
                .any(|name| name.as_str().is_some_and(|name| is_of_type(value, name))),
            _ => false,
        },
        "enum" => rule
            .as_array()
            .is_some_and(|allowed| allowed.contains(value)),
        "const" => rule == value,
        "allOf" => rule
            .as_array()
            .is_some_and(|all| all.iter().all(|schema| valid(schema, value))),
        "anyOf" => rule
            .as_array()
            .is_some_and(|any| any.iter().any(|schema| valid(schema, value))),
        // Exactly one: one alternative plainly holds and each other one plainly fails.
        "oneOf" => rule.as_array().is_some_and(|alternatives| {
            alternatives.iter().filter(|s| valid(s, value)).count() == 1
                && alternatives
                    .iter()
                    .filter(|s| !certainly_invalid(document, s, value, depth + 1))
                    .count()
                    == 1
        }),
        "pattern" => match (rule, value) {
            (Value::String(pattern), Value::String(text)) => {
                patterns.matches(pattern, text) == Some(true)
            }
            (Value::String(_), _) => true,
            _ => false,
        },
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => match value {
            Value::Number(number) => within(key.as_str(), rule, number),
            _ => rule.is_number(),
        },
        "minLength" | "maxLength" | "minItems" | "maxItems" => {
            let Some(limit) = rule.as_u64() else {
                return false;
            };
            let length = match value {
                Value::String(text) if key.ends_with("Length") => text.chars().count(),
                Value::Array(items) if key.ends_with("Items") => items.len(),
                // The keyword does not apply to other values.
                _ => return true,
            } as u64;
            if key.starts_with("min") {
                length >= limit
            } else {
                length <= limit
            }
        }
        "items" => match value {
            Value::Array(items) => items.iter().all(|item| valid(rule, item)),
            // `items` does not apply to other values (nor is a broken subschema reported: a
            // schema that does not compile is skipped).
            _ => true,
        },
        "required" => match (rule, value) {
            (Value::Array(names), Value::Object(fields)) => names
                .iter()
                .all(|name| name.as_str().is_some_and(|name| fields.contains_key(name))),
            (Value::Array(_), _) => true,
            _ => false,
        },
        "properties" => match (rule, value) {
            (Value::Object(properties), Value::Object(fields)) => {
                fields.iter().all(|(name, field)| {
                    properties
                        .get(name)
                        .is_none_or(|schema| valid(schema, field))
                })
            }
            (Value::Object(_), _) => true,
            _ => false,
        },
        "additionalProperties" => match value {
            Value::Object(fields) => {
                let declared = map.key("properties").and_then(Value::as_object);
                fields
                    .iter()
                    .filter(|(name, _)| !declared.is_some_and(|d| d.contains_key(*name)))
                    .all(|(_, field)| valid(rule, field))
            }
            _ => true,
        },
        // Formats are not asserted (see `compile`), nor are defaults; a discriminator is
        // OpenAPI's, not JSON Schema's, and so is a `nullable` that normalising left (the
        // validator ignores it; a `null` it allows is excused after validating). Definitions
        // only hold schemas for refs.
        _ => {
            key.starts_with("x-")
                || ANNOTATIONS.contains(&key.as_str())
                || matches!(
                    key.as_str(),
                    "format" | "default" | "discriminator" | "nullable" | "definitions" | "$defs"
                )
        }
    })
}

/// Whether `number` certainly satisfies the bound `key` (`minimum`, `exclusiveMaximum`, …) of
/// `limit`. Integers compare exactly; otherwise as floats, and only a strict difference counts:
/// rounding to a float never reverses an order, but it may make two numbers equal.
fn within(key: &str, limit: &Value, number: &crate::doc::Number) -> bool {
    let Value::Number(limit) = limit else {
        return false;
    };
    let exact = match (
        number.as_i64(),
        limit.as_i64(),
        number.as_u64(),
        limit.as_u64(),
    ) {
        (Some(n), Some(l), _, _) => Some(n.cmp(&l)),
        (_, _, Some(n), Some(l)) => Some(n.cmp(&l)),
        _ => None,
    };
    let order = exact.or_else(|| {
        let (n, l) = (number.as_f64()?, limit.as_f64()?);
        n.partial_cmp(&l).filter(|order| order.is_ne())
    });
    let Some(order) = order else {
        return false;
    };
    match key {
        "minimum" => order.is_ge(),
        "maximum" => order.is_le(),
        "exclusiveMinimum" => order.is_gt(),
        _ => order.is_lt(),
    }
}

/// Regular expressions as `jsonschema` compiles them (ECMA-262 translated by `jsonschema_regex`,
/// then `fancy_regex`), each compiled once, so that a string the shortcut takes for a match is
/// one the validator takes too. Schemas with a `pattern` are most of those left to compile
/// otherwise (AWS's specs: 26 of 27).
#[derive(Default)]
struct Patterns(RefCell<HashMap<String, Option<fancy_regex::Regex>>>);

impl Patterns {
    /// Whether `text` matches `pattern`; `None` when the pattern does not compile or matching
    /// fails (a backtracking limit), which the validator decides.
    fn matches(&self, pattern: &str, text: &str) -> Option<bool> {
        let mut cache = self.0.borrow_mut();
        if !cache.contains_key(pattern) {
            let regex = jsonschema_regex::to_rust_regex(pattern)
                .ok()
                .and_then(|translated| fancy_regex::Regex::new(&translated).ok());
            cache.insert(pattern.to_string(), regex);
        }
        let regex = cache.get(pattern)?.as_ref()?;
        // The regex engine has panicked on some patterns (rust-lang/regex#1344); that is an
        // undecided example, not a failed build.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| regex.is_match(text)))
            .ok()?
            .ok()
    }
}

/// Whether `value` certainly fails `schema`, as JSON Schema judges it: a `type` it is not of, a
/// missing `required` property, a string, boolean or null outside an `enum` or `const`, or such
/// a failure in a property or an `allOf` member. Only `oneOf` asks this, of its alternatives.
fn certainly_invalid(document: &Value, schema: &Value, value: &Value, depth: usize) -> bool {
    let map = match schema {
        Value::Bool(accepts) => return !*accepts,
        Value::Object(map) => map,
        _ => return false,
    };
    if depth > MAX_DEPTH {
        return false;
    }
    let invalid =
        |schema: &Value, value: &Value| certainly_invalid(document, schema, value, depth + 1);
    // Numbers compare by value in JSON Schema (`1` equals `1.0`): only these are exact.
    let exact = matches!(value, Value::String(_) | Value::Bool(_) | Value::Null);
    map.iter().any(|(key, rule)| match key.as_str() {
        "$ref" => rule
            .as_str()
            .and_then(|reference| refs::lookup(document, reference).ok())
            .is_some_and(|target| invalid(target, value)),
        "type" => match rule {
            Value::String(name) => is_not_of_type(value, name),
            Value::Array(names) => names.iter().all(|name| {
                name.as_str()
                    .is_some_and(|name| is_not_of_type(value, name))
            }),
            _ => false,
        },
        "enum" => {
            exact
                && rule
                    .as_array()
                    .is_some_and(|allowed| !allowed.contains(value))
        }
        "const" => exact && rule != value,
        "required" => match (rule, value) {
            (Value::Array(names), Value::Object(fields)) => names
                .iter()
                .any(|name| name.as_str().is_some_and(|name| !fields.contains_key(name))),
            _ => false,
        },
        "properties" => match (rule, value) {
            (Value::Object(properties), Value::Object(fields)) => {
                fields.iter().any(|(name, field)| {
                    properties
                        .get(name)
                        .is_some_and(|schema| invalid(schema, field))
                })
            }
            _ => false,
        },
        "allOf" => rule
            .as_array()
            .is_some_and(|all| all.iter().any(|schema| invalid(schema, value))),
        _ => false,
    })
}

/// The contrary of [`is_of_type`] where JSON Schema is sure: `1.0` may be an integer.
fn is_not_of_type(value: &Value, name: &str) -> bool {
    match name {
        "integer" => match value {
            Value::Number(n) => n.as_f64().is_some_and(|f| f.fract() != 0.0),
            _ => true,
        },
        "null" | "boolean" | "object" | "array" | "string" | "number" => !is_of_type(value, name),
        _ => false,
    }
}

/// JSON Schema's `type`, with an integer only when serde_json parsed it as one.
fn is_of_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => false,
    }
}

/// The document as the one resource of an offline registry.
fn registry(document: &serde_json::Value) -> Option<Registry<'_>> {
    Registry::new()
        .draft(Draft::Draft202012)
        .retrieve_known_draft_meta_schemas(false)
        .add(BASE, document)
        .and_then(|builder| builder.prepare())
        .ok()
}

/// The validator of the schema at `pointer` (a URI fragment) in the registry's document.
fn compile(registry: &Registry, pointer: &str) -> Option<Validator> {
    let wrapper = serde_json::json!({ "$ref": format!("{BASE}#{pointer}") });
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .offline()
        .should_validate_formats(false)
        .with_registry(registry)
        .build(&wrapper)
        .ok()
}

/// The first error that is worth reporting, as a message.
fn first_error(
    document: &Value,
    schema: &[String],
    validator: &Validator,
    site: &Site,
    nullable_leniency: bool,
) -> Option<String> {
    let instance = serde_json::Value::from(site.value);
    if validator.is_valid(&instance) {
        return None;
    }
    let error = validator
        .iter_errors(&instance)
        .find(|e| !excused(document, schema, e, site.direction, nullable_leniency))?;
    Some(message_of(&error))
}

/// "`/price`: "abc" is not of type "integer"", with long instances shortened.
fn message_of(error: &ValidationError) -> String {
    let path = error.instance_path().as_str();
    let mut text = error.to_string();
    let instance = error.instance().to_string();
    if instance.chars().count() > MAX_INSTANCE_CHARS {
        let short: String = instance.chars().take(MAX_INSTANCE_CHARS - 1).collect();
        text = text.replacen(&instance, &format!("{short}…"), 1);
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

/// Failures that are JSON Schema's but not OpenAPI's.
fn excused(
    document: &Value,
    schema: &[String],
    error: &ValidationError,
    direction: Direction,
    nullable_leniency: bool,
) -> bool {
    use jsonschema::error::ValidationErrorKind as Kind;
    let null = error.instance().is_null();
    let required = match error.kind() {
        Kind::Required { property } => property.as_str(),
        _ => None,
    };
    let several = matches!(error.kind(), Kind::OneOfMultipleValid { .. });
    let lenient_null = null && nullable_leniency;
    let read_write = required.is_some() && direction != Direction::Neither;
    if !(lenient_null || several || read_write) {
        return false;
    }
    let Some(target) = lookup(document, schema) else {
        return false;
    };
    let here = schemas_at_instance(document, target, error.evaluation_path().as_str());
    // With a discriminator, OpenAPI picks the alternative by name; overlapping ones are fine.
    if several {
        return here
            .last()
            .is_some_and(|s| s.key("discriminator").is_some());
    }
    if lenient_null && here.iter().any(|s| says_nullable(s)) {
        return true;
    }
    if let Some(property) = required {
        let flag = match direction {
            Direction::Request => "readOnly",
            Direction::Response => "writeOnly",
            Direction::Neither => return false,
        };
        let with_members = here.iter().flat_map(|s| {
            std::iter::once(*s).chain(
                s.key("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| refs::deref(document, m).ok()),
            )
        });
        for candidate in with_members {
            if let Some(p) = candidate.key("properties").and_then(|p| p.get(property)) {
                if let Ok(p) = refs::deref(document, p) {
                    return p.get(flag) == Some(&Value::Bool(true));
                }
            }
        }
    }
    false
}

fn says_nullable(schema: &Value) -> bool {
    schema.key("nullable") == Some(&Value::Bool(true))
        || match schema.key("type") {
            Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
            Some(t) => t == "null",
            None => false,
        }
}

/// Keywords after which a schema applies to a part of the instance, not the instance itself;
/// `true` when the next segment is a name or index.
const DESCENDING: &[(&str, bool)] = &[
    ("properties", true),
    ("patternProperties", true),
    ("prefixItems", true),
    ("additionalProperties", false),
    ("items", false),
    ("contains", false),
    ("unevaluatedItems", false),
    ("unevaluatedProperties", false),
    ("propertyNames", false),
];

/// Replay an evaluation path (`/properties/owner/allOf/0/$ref/type`) from the schema `root`:
/// the schemas that applied to the failing instance itself, outermost first.
fn schemas_at_instance<'a>(document: &'a Value, root: &'a Value, path: &str) -> Vec<&'a Value> {
    let segments: Vec<String> = path
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut node = root;
    let mut here = vec![root];
    let mut i = 0;
    while i < segments.len() {
        let segment = segments[i].as_str();
        let next = if segment == "$ref" {
            refs::deref(document, node).ok()
        } else if let Some((_, named)) = DESCENDING.iter().find(|(k, _)| *k == segment) {
            here.clear();
            let mut child = node.get(segment);
            if *named {
                i += 1;
                child = segments.get(i).and_then(|s| index(child?, s));
            }
            child
        } else {
            index(node, segment)
        };
        let Some(next) = next else {
            break;
        };
        node = next;
        if node.is_object() {
            here.push(node);
        }
        i += 1;
    }
    // The last node is the keyword's value (`type`), not a schema, unless it is one.
    here
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
    patterns: Patterns,
    converted: bool,
    path: Vec<String>,
    groups: IndexMap<Vec<String>, Vec<Site<'a>>>,
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
        let target = lookup(self.document, &key);
        if target.is_some_and(|t| certainly_valid(self.document, &self.patterns, t, value, 0)) {
            return;
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
mod tests {
    use super::*;
    use crate::json;

    fn found(document: Value) -> Vec<(String, String)> {
        check(&document, false, false)
            .into_iter()
            .map(|i| (i.at.join("/"), i.message))
            .collect()
    }

    fn spec(paths: Value, components: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
               "paths": paths, "components": components})
    }

    /// The shortcut that spares compiling a validator must never disagree with the validator:
    /// each of its verdicts is checked against `jsonschema` on every pair of schema and value.
    #[test]
    fn the_shortcut_agrees_with_the_validator_whenever_it_decides() {
        let document = json!({"components": {"schemas": {
            "Pet": {"type": "object", "required": ["name"], "additionalProperties": false,
                "properties": {"name": {"type": "string", "maxLength": 5, "format": "uuid"},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
                    "age": {"type": "integer", "x-unit": "years"}}},
            "Id": {"type": ["integer", "null"], "description": "d", "minLength": 2},
            "Kind": {"enum": ["cat", "dog", 1]},
            "Fixed": {"const": {"a": [1, 2]}},
            "Either": {"oneOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "string"}]},
            "Both": {"allOf": [{"$ref": "#/components/schemas/Pet"},
                {"properties": {"age": {"minimum": 1}}}]},
            "Any": {"anyOf": [{"type": "boolean"}, {"$ref": "#/components/schemas/Kind"}]},
            "Pattern": {"type": "string", "pattern": "^a"},
            "Aws": {"type": "string", "pattern": "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"},
            "Arn": {"pattern": "^arn:[\\w+=/,.@-]+$"},
            "Letters": {"pattern": "^[\\p{L}\\p{Z}]*$"},
            "Digits": {"pattern": "^\\d{1,3}$"},
            "Line": {"pattern": "^.+$"},
            "Ahead": {"pattern": "^(?!cat).*"},
            "Broken": {"pattern": "(["},
            "Bounded": {"type": "number", "minimum": 1, "exclusiveMaximum": 2},
            "Exclusive": {"exclusiveMinimum": 1.5, "maximum": 100},
            "Overlap": {"oneOf": [{"type": "number"}, {"type": "integer"}]},
            "Map": {"type": "object", "additionalProperties": {"type": "integer"}},
            "Loop": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Loop"}}},
            "Never": false,
            "Nullable": {"type": "string", "nullable": true},
            "Defined": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Defined/definitions/A"}},
                "definitions": {"A": {"type": "integer", "minimum": 1}}},
            "Defs": {"$defs": {"B": {"type": "string"}}, "items": {"$ref": "#/components/schemas/Defs/$defs/B"}},
        }}});
        let values = [
            json!(null),
            json!(1),
            json!(1.0),
            json!(1.5),
            json!(true),
            json!("cat"),
            json!("abcdef"),
            json!("a"),
            json!("arn:aws:iam::123:user/x"),
            json!("x\u{7f}y"),
            json!("Ünïcode text"),
            json!("١٢٣"),
            json!("123"),
            json!("two\nlines"),
            json!("a\u{2028}b"),
            json!("cathedral"),
            json!(""),
            json!(-1),
            json!(2),
            json!(1.9999999999999999),
            json!(100),
            json!(100.5),
            json!(18446744073709551615u64),
            json!([]),
            json!(["a"]),
            json!(["a", "b", "c"]),
            json!({}),
            json!({"name": "Rex"}),
            json!({"name": "Rex", "x": 1}),
            json!({"name": "Rexxxxx"}),
            json!({"name": "Rex", "tags": ["a", 2]}),
            json!({"name": "Rex", "age": 2}),
            json!({"name": "Rex", "age": 0}),
            json!({"name": "Rex", "age": "2"}),
            json!({"a": [1, 2]}),
            json!({"a": [1.0, 2]}),
            json!({"next": {"next": {}}}),
            json!({"next": {"next": 3}}),
            json!({"a": 2}),
            json!({"a": 0}),
            json!(["x", "y"]),
        ];
        let resource = serde_json::Value::from(&document);
        let registry = registry(&resource).expect("a registry");
        let (mut valid_decided, mut invalid_decided, mut pairs) = (0, 0, 0);
        let mut decided_by_pattern_or_bound = 0;
        let patterns = Patterns::default();
        let names = document["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys();
        for name in names {
            let pointer: Vec<String> = ["components", "schemas", name.as_str()]
                .map(String::from)
                .to_vec();
            let schema = lookup(&document, &pointer).unwrap();
            // A schema that does not compile is skipped by the check, so nothing is reported
            // whatever the shortcut says.
            let Some(validator) = compile(&registry, &uri_fragment(&pointer)) else {
                continue;
            };
            for value in &values {
                pairs += 1;
                let valid = validator.is_valid(&serde_json::Value::from(value));
                if certainly_valid(&document, &patterns, schema, value, 0) {
                    assert!(
                        valid,
                        "{name} said valid for {value}, the validator disagrees"
                    );
                    valid_decided += 1;
                    let keys = ["pattern", "minimum", "exclusiveMinimum"];
                    if keys.iter().any(|k| schema.get(*k).is_some()) {
                        decided_by_pattern_or_bound += 1;
                    }
                }
                if certainly_invalid(&document, schema, value, 0) {
                    assert!(
                        !valid,
                        "{name} said invalid for {value}, the validator disagrees"
                    );
                    invalid_decided += 1;
                }
            }
        }
        // It decides most pairs, or it spares nothing.
        assert!(
            valid_decided >= 25 && invalid_decided >= 100 && decided_by_pattern_or_bound >= 20,
            "{valid_decided} valid ({decided_by_pattern_or_bound} by a pattern or bound) and \
             {invalid_decided} invalid of {pairs}"
        );
        let pet = lookup(
            &document,
            &["components".into(), "schemas".into(), "Either".into()],
        );
        assert!(certainly_valid(
            &document,
            &patterns,
            pet.unwrap(),
            &json!({"name": "Rex"}),
            0
        ));
        let schemas = &document["components"]["schemas"];
        let valid =
            |name: &str, value| certainly_valid(&document, &patterns, &schemas[name], &value, 0);
        assert!(valid("Pattern", json!("abc")) && !valid("Pattern", json!("cba")));
        // ECMA-262's `\d` is ASCII, and a pattern that does not compile is the validator's.
        assert!(valid("Digits", json!("123")) && !valid("Digits", json!("١٢٣")));
        assert!(!valid("Broken", json!("x")));
        // `nullable` and definitions assert nothing.
        assert!(valid("Nullable", json!("abc")) && valid("Defs", json!(["x", "y"])));
        assert!(valid("Defined", json!({"a": 2})) && !valid("Defined", json!({"a": 0})));
        // A number at a float's precision from its bound is not decided.
        assert!(!valid("Bounded", json!(1.9999999999999999)) && valid("Bounded", json!(1.5)));
    }

    #[test]
    fn a_body_example_of_the_wrong_type_is_reported_with_its_path() {
        let doc = spec(
            json!({"/pets": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"},
                "example": {"name": "Rex", "price": "abc"}}}},
                "responses": {"200": {"description": "ok"}}}}}),
            json!({"schemas": {"Pet": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"}, "price": {"type": "integer"}}}}}),
        );
        assert_eq!(
            found(doc),
            [(
                "paths//pets/post/requestBody/content/application/json/example".to_string(),
                "example does not match its schema: `/price`: \"abc\" is not of type \"integer\""
                    .to_string()
            )]
        );
    }

    #[test]
    fn valid_examples_are_quiet_everywhere() {
        let doc = spec(
            json!({"/pets/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": true,
                    "schema": {"type": "integer", "examples": [1]}, "example": 7}],
                "responses": {"200": {"description": "ok",
                    "headers": {"X-Rate": {"schema": {"type": "integer"}, "example": 10}},
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Pet"},
                        "examples": {"rex": {"$ref": "#/components/examples/Rex"},
                                     "inline": {"value": {"name": "Inline"}}}}}}}}}}),
            json!({"schemas": {"Pet": {"type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string", "example": "Rex"}},
                    "examples": [{"name": "Fido"}]}},
                   "examples": {"Rex": {"value": {"name": "Rex"}}}}),
        );
        assert_eq!(found(doc), []);
    }

    #[test]
    fn every_kind_of_example_is_checked() {
        let doc = spec(
            json!({"/pets/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": true,
                    "schema": {"type": "integer", "examples": ["one"]}, "example": "two"}],
                "responses": {"200": {"description": "ok",
                    "headers": {"X-Rate": {"schema": {"type": "integer"}, "example": "ten"}},
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Pet"},
                        "examples": {"rex": {"$ref": "#/components/examples/Rex"},
                                     "inline": {"value": {"name": 3}}}}}}}}}}),
            json!({"schemas": {"Pet": {"type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string", "example": 5}},
                    "examples": [{}]}},
                   "examples": {"Rex": {"value": {"name": false}}}}),
        );
        let at: Vec<String> = found(doc).into_iter().map(|(at, _)| at).collect();
        assert_eq!(
            at,
            [
                "paths//pets/{id}/get/parameters/0/schema/examples/0",
                "paths//pets/{id}/get/parameters/0/example",
                "paths//pets/{id}/get/responses/200/headers/X-Rate/example",
                "paths//pets/{id}/get/responses/200/content/application/json/examples/rex",
                "paths//pets/{id}/get/responses/200/content/application/json/examples/inline/value",
                // A schema's own examples, then those of the schemas inside it.
                "components/schemas/Pet/examples/0",
                "components/schemas/Pet/properties/name/example",
            ]
        );
    }

    #[test]
    fn read_only_properties_are_not_required_in_requests() {
        let pet = json!({"type": "object", "required": ["id", "name"], "properties": {
            "id": {"type": "integer", "readOnly": true}, "name": {"type": "string"}}});
        let doc = spec(
            json!({"/pets": {"post": {
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Pet"}, "example": {"name": "Rex"}}}},
                "responses": {"201": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Pet"}, "example": {"name": "Rex"}}}}}}}}),
            json!({"schemas": {"Pet": pet}}),
        );
        let found = found(doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.contains("responses/201"), "{found:?}");
        assert!(found[0].1.contains("\"id\" is a required property"));
    }

    #[test]
    fn nulls_are_allowed_where_a_30_spec_said_nullable() {
        let doc = spec(
            json!({}),
            json!({"schemas": {
                "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Pet": {"type": "object", "properties": {
                    "owner": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/Owner"}]},
                    "kind": {"type": ["string", "null"], "enum": ["cat", "dog"]}},
                    "examples": [{"owner": null, "kind": null}]}}}),
        );
        assert_eq!(check(&doc, true, false), []);
        assert_eq!(check(&doc, false, false).len(), 1);
    }

    #[test]
    fn overlapping_alternatives_are_fine_with_a_discriminator() {
        let mut doc = spec(
            json!({}),
            json!({"schemas": {
                "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                        "discriminator": {"propertyName": "kind"},
                        "examples": [{"kind": "Cat", "name": "Tom"}]},
                "Cat": {"type": "object", "properties": {"kind": {"type": "string"}, "name": {"type": "string"}}},
                "Dog": {"type": "object", "properties": {"kind": {"type": "string"}, "bark": {"type": "string"}}}}}),
        );
        assert_eq!(found(doc.clone()), []);
        doc["components"]["schemas"]["Pet"]
            .as_object_mut()
            .unwrap()
            .remove("discriminator");
        let found = found(doc);
        assert!(found[0].1.contains("more than one"), "{found:?}");
    }

    #[test]
    fn serialised_strings_of_other_media_types_and_huge_examples_are_skipped() {
        let big = "x".repeat(MAX_EXAMPLE_BYTES + 10);
        let doc = spec(
            json!({"/a": {"post": {"requestBody": {"content": {
                "application/xml": {"schema": {"type": "object"}, "example": "<a/>"},
                "application/x-www-form-urlencoded": {"schema": {"type": "object"}, "example": "a=1"},
                "application/json": {"schema": {"type": "integer"}, "example": big}}},
                "responses": {}}}}),
            json!({}),
        );
        assert_eq!(found(doc), []);
    }

    #[test]
    fn remote_refs_are_never_fetched_and_unresolvable_schemas_are_skipped() {
        let doc = spec(
            json!({}),
            json!({"schemas": {
                "Remote": {"$ref": "https://example.com/schema.json", "examples": [1]},
                "Local": {"type": "integer", "examples": ["x"]}}}),
        );
        let found = found(doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "components/schemas/Local/examples/0");
    }

    #[test]
    fn long_instances_are_shortened_in_messages() {
        let long: Vec<i32> = (0..200).collect();
        let doc = spec(
            json!({}),
            json!({"schemas": {"S": {"type": "string", "examples": [long]}}}),
        );
        let found = found(doc);
        assert!(found[0].1.contains("…"), "{found:?}");
        assert!(found[0].1.len() < 200, "{found:?}");
    }

    #[test]
    fn pointers_become_uri_fragments() {
        assert_eq!(
            uri_fragment(&["paths".into(), "/pets/{id}".into(), "get".into()]),
            "/paths/~1pets~1%7Bid%7D/get"
        );
    }
}
