//! Swagger 2.0 → OpenAPI 3.0: converts a 2.0 document into the 3.0 shape that the rest of the
//! pipeline reads (then `openapi::upgrade_30_to_31` takes it to 3.1).
//!
//! The conversion is total: whatever cannot be read as 2.0 (wrong types, missing fields) is
//! skipped rather than reported, because the later stages check the 3.0 result and report its
//! problems with positions. Nothing is invented beyond what 3.0 makes mandatory (a response
//! `description`, `required: true` on path parameters, a `scopes` map on OAuth flows).
//!
//! The conversion is split by what it converts: `schema` (schema walks), `refs` (where a 2.0
//! ref points in 3.0), `parameters`, `request_bodies` (body and form parameters), `responses`,
//! `paths` (path items and operations) and `components`. This file holds the converter itself,
//! the document's top level and its servers.

mod components;
mod parameters;
mod paths;
mod refs;
mod request_bodies;
mod responses;
mod schema;

#[cfg(test)]
mod corpus;
#[cfg(test)]
mod tests;

use crate::doc::{Map, Value};
use crate::json;

use crate::keys::Keys;

const JSON: &str = "application/json";
const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// Convert a Swagger 2.0 document into an OpenAPI 3.0.3 document.
///
/// One departure from 3.0, for memory: in a `content` map, a media type whose object would be
/// the same as the first media type's is `null`. Whatever reads the content of a converted
/// document reads each media type through [`media_object`].
pub fn convert(document: &Value) -> Value {
    let empty = Map::new();
    let root = document.as_object().unwrap_or(&empty);
    Value::Object(Converter::new(document, root).document())
}

type Object = Map;

struct Converter<'a> {
    document: &'a Value,
    root: &'a Object,
    /// `consumes`/`produces` of the whole document, already defaulted.
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `schemes`, which operations may override.
    schemes: Vec<String>,
}

/// What a 2.0 parameter becomes in 3.0.
enum Kind<'a> {
    /// A path, query, header or cookie parameter (or a ref that cannot be looked into).
    Parameter(Value),
    /// `in: body`; `component` is the 3.0 ref when it was a ref to a global body parameter.
    Body {
        param: &'a Object,
        component: Option<String>,
    },
    FormData(&'a Object),
}

/// A parameter with the `(name, in)` pair by which an operation overrides a path-level one.
struct Param<'a> {
    key: Option<(String, String)>,
    kind: Kind<'a>,
}

impl<'a> Converter<'a> {
    fn new(document: &'a Value, root: &'a Object) -> Self {
        Converter {
            document,
            root,
            consumes: media_types(None, root.get("consumes")),
            produces: media_types(None, root.get("produces")),
            schemes: strings(root.get("schemes")),
        }
    }

    fn document(&self) -> Object {
        let mut out = Object::new();
        out.insert("openapi", json!("3.0.3"));
        for key in ["info", "externalDocs"] {
            copy(self.root, &mut out, key);
        }
        let servers = self.servers(&self.schemes);
        if !servers.is_empty() {
            out.insert("servers", Value::Array(servers));
        }
        for key in ["tags", "security"] {
            copy(self.root, &mut out, key);
        }
        out.insert("paths", Value::Object(self.paths()));
        let mut components = Value::Object(self.components());
        compact(&mut components);
        let Value::Object(components) = components else {
            unreachable!("compacting keeps an object an object")
        };
        if !components.is_empty() {
            out.insert("components", Value::Object(components));
        }
        copy_extensions(self.root, &mut out);
        out
    }

    // ---- servers ----

    /// One server per scheme; without a host the URL is relative (schemes then mean nothing).
    fn servers(&self, schemes: &[String]) -> Vec<Value> {
        let host = self.root.get("host").and_then(Value::as_str);
        let base = match self.root.get("basePath").and_then(Value::as_str) {
            Some(path) if path.starts_with('/') => Some(path.to_string()),
            Some("") | None => None,
            Some(path) => Some(format!("/{path}")),
        };
        let urls = match (host.filter(|h| !h.is_empty()), base) {
            (Some(host), base) => {
                // `https://host/` and `https://host` are the same server; the bare form joins
                // cleanly with paths.
                let base = base.filter(|b| b != "/").unwrap_or_default();
                let schemes = if schemes.is_empty() {
                    vec!["https".to_string()]
                } else {
                    schemes.to_vec()
                };
                schemes
                    .iter()
                    .map(|scheme| format!("{scheme}://{host}{base}"))
                    .collect()
            }
            (None, Some(base)) => vec![base],
            (None, None) => Vec::new(),
        };
        urls.into_iter().map(|url| json!({ "url": url })).collect()
    }

    /// An operation's own `schemes` only matter when they differ from the document's and there
    /// is a host to build absolute URLs with.
    fn operation_servers(&self, schemes: &Value) -> Option<Value> {
        let schemes = strings(Some(schemes));
        let host = self.root.get("host").and_then(Value::as_str);
        let has_host = host.is_some_and(|h| !h.is_empty());
        let document_schemes = match self.schemes.is_empty() {
            true => vec!["https".to_string()],
            false => self.schemes.clone(),
        };
        if schemes.is_empty() || schemes == document_schemes || !has_host {
            return None;
        }
        Some(Value::Array(self.servers(&schemes)))
    }
}

/// The media types in effect: the operation's list overrides the document's (even when empty),
/// and no list at all means JSON.
fn media_types(own: Option<&Value>, global: Option<&Value>) -> Vec<String> {
    let list = own.filter(|v| v.is_array()).or(global);
    let types = strings(list);
    if types.is_empty() {
        vec![JSON.to_string()]
    } else {
        types
    }
}

/// The distinct strings of an array, in order; anything else is ignored.
fn strings(value: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in value.and_then(Value::as_array).into_iter().flatten() {
        if let Some(s) = item.as_str() {
            if !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// The object of `media`, one of the media types of `content`: in a converted document
/// (`converted`), `null` stands for the first media type's object (see [`convert`]).
pub fn media_object<'v>(content: &'v Map, media: &'v Value, converted: bool) -> &'v Value {
    match content.values().next() {
        Some(first) if converted && media.is_null() => first,
        _ => media,
    }
}

/// Rebuilds every object and array in `value` at its exact size. The converted document is
/// made by inserting into empty maps and cloning parts of the source, and either leaves room for
/// more entries (an object of one entry holds room for three, 112 bytes each) that 3.0 never
/// fills: Kubernetes' converted document took 22 MB, against 10 MB for the 2.0 source.
fn compact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for item in map.values_mut() {
                compact(item);
            }
            // Collecting from an exact-size iterator reserves exactly its length.
            *map = std::mem::take(map).into_iter().collect();
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                compact(item);
            }
            items.shrink_to_fit();
        }
        _ => {}
    }
}

fn copy(from: &Object, to: &mut Object, key: &str) {
    if let Some(value) = from.key(key) {
        to.insert(key.to_string(), value.clone());
    }
}

fn copy_extensions(from: &Object, to: &mut Object) {
    copy_extensions_except(from, to, &[]);
}

fn copy_extensions_except(from: &Object, to: &mut Object, except: &[&str]) {
    for (key, value) in from {
        if key.starts_with("x-") && !except.contains(&key.as_str()) {
            to.insert(key.clone(), value.clone());
        }
    }
}

fn insert_non_empty(to: &mut Object, key: &str, map: Object) {
    if !map.is_empty() {
        to.insert(key.to_string(), Value::Object(map));
    }
}
