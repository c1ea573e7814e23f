//! The part of a document that validating some of its schemas needs, as serde_json's `Value`.
//!
//! `jsonschema` reads serde_json's values, and a whole spec converted would be as big as the
//! parsed document was before `crate::doc` (5–6 times the spec's text), held while the model is
//! built beside it. The examples check compiles only the schemas whose examples are not plainly
//! valid, so it converts those and whatever their local `$ref`s reach, each at the same JSON
//! pointer as in the document (every ref resolves as it does in the whole document), and
//! leaves out the keywords that do not change what a schema accepts (descriptions, examples,
//! extensions: half of loket.nl's spec).

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use crate::doc::Value;
use crate::normalise::openapi::{SUBSCHEMAS, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS};
use crate::resolve::refs::{escape_segment, pointer_segments};

/// Keywords that do not change what a schema accepts (formats are not validated either), and
/// extensions (`x-…`), which JSON Schema ignores.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "externalDocs",
    "xml",
    "$comment",
    "deprecated",
];

/// Where the schemas to compile are put when nothing refers to them (see [`reachable`]).
const ROOTS: &str = "x-portico-roots";

/// What [`reachable`] gives: the part of the document, and where each root is in it.
pub struct Reachable {
    pub document: serde_json::Value,
    /// Each root's JSON pointer in `document` (a URI fragment: escaped).
    pub pointers: Vec<String>,
}

/// The document reduced to the schemas at `roots` (pointers as segments) and everything their
/// `#/…` refs reach, transitively, without their [`ANNOTATIONS`]. What a ref reaches is at its
/// own pointer; a root that nothing refers to (most are inline, under `paths`) is put in a list
/// of its own instead, so that the objects on its way are not made. A ref to the whole document
/// or to an anchor (`#name`) is not followed piece by piece: the whole document is converted.
pub fn reachable(document: &Value, roots: &[&[String]]) -> Reachable {
    let whole = |document: &Value| Reachable {
        document: serde_json::Value::from(document),
        pointers: roots.iter().map(|root| uri_fragment(root)).collect(),
    };
    if document.get(ROOTS).is_some() {
        return whole(document);
    }
    let mut wanted: Vec<Vec<String>> = Vec::new();
    let mut anchored = false;
    let mut found =
        |reference: &str, wanted: &mut Vec<Vec<String>>| match reference.strip_prefix('#') {
            Some(pointer) if pointer.starts_with('/') => {
                wanted.push(pointer_segments(pointer).collect())
            }
            Some(_) => anchored = true,
            None => {}
        };
    for root in roots {
        if let Some(node) = at(document, root) {
            refs_in(node, &mut |reference| found(reference, &mut wanted));
        }
    }
    let mut kept: BTreeSet<Vec<String>> = BTreeSet::new();
    while let Some(path) = wanted.pop() {
        if within(&kept, &path) {
            continue;
        }
        let Some(node) = at(document, &path) else {
            continue;
        };
        refs_in(node, &mut |reference| found(reference, &mut wanted));
        kept.insert(path);
    }
    if anchored {
        return whole(document);
    }
    let mut out = serde_json::Value::Object(serde_json::Map::new());
    let mut placed: Vec<&Vec<String>> = Vec::new();
    // In order, an ancestor comes before its descendants, which it already holds.
    for path in &kept {
        if placed.last().is_some_and(|p| path.starts_with(p)) {
            continue;
        }
        place(&mut out, document, path);
        placed.push(path);
    }
    // Roots with the same schema share one copy in the list: a 2.0 spec repeats its inline
    // response schemas (osf.io: 143 roots, 52 distinct; 2.3 MB of serde_json values, 0.7 MB
    // shared). Same text means same keys in the same order, so the same validator and the
    // same first error; messages never name where the schema sits.
    let mut listed = Vec::new();
    let mut listed_at: HashMap<String, usize> = HashMap::new();
    let pointers = roots
        .iter()
        .map(|root| {
            if within(&kept, root) {
                return uri_fragment(root);
            }
            let schema = at(document, root).map_or(serde_json::Value::Null, schema_json);
            let index = match listed_at.entry(schema.to_string()) {
                Entry::Occupied(found) => *found.get(),
                Entry::Vacant(new) => {
                    listed.push(schema);
                    *new.insert(listed.len() - 1)
                }
            };
            format!("/{ROOTS}/{index}")
        })
        .collect();
    if let serde_json::Value::Object(map) = &mut out {
        map.insert(ROOTS.to_string(), serde_json::Value::Array(listed));
    }
    Reachable {
        document: out,
        pointers,
    }
}

/// Whether `path` or one of its ancestors is in `kept`.
fn within(kept: &BTreeSet<Vec<String>>, path: &[String]) -> bool {
    (0..=path.len()).any(|n| kept.contains(&path[..n]))
}

/// A pointer as a URI fragment, each segment escaped for a pointer, then for a URI:
/// `["paths", "/pets/{id}", "get"]` → `/paths/~1pets~1%7Bid%7D/get`.
pub fn uri_fragment(pointer: &[String]) -> String {
    let mut out = String::new();
    for segment in pointer {
        out.push('/');
        for byte in escape_segment(segment).bytes() {
            let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte);
            if keep {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

fn at<'a>(document: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(document, |node, segment| match node {
        Value::Object(map) => map.get(segment.as_str()),
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// Calls `found` with every `$ref` of `schema` and its subschemas.
fn refs_in(schema: &Value, found: &mut impl FnMut(&str)) {
    let Value::Object(map) = schema else {
        return;
    };
    for (key, child) in map {
        let key = key.as_str();
        match child {
            Value::String(reference) if key == "$ref" => found(reference),
            Value::Object(children) if SUBSCHEMA_MAPS.contains(&key) => {
                children.values().for_each(|child| refs_in(child, found))
            }
            Value::Array(children)
                if SUBSCHEMA_LISTS.contains(&key) || SUBSCHEMAS.contains(&key) =>
            {
                children.iter().for_each(|child| refs_in(child, found))
            }
            _ if SUBSCHEMAS.contains(&key) => refs_in(child, found),
            _ => {}
        }
    }
}

fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// A schema as serde_json's value, without its annotations (nor its subschemas').
fn schema_json(schema: &Value) -> serde_json::Value {
    let Value::Object(map) = schema else {
        return serde_json::Value::from(schema);
    };
    let mut out = serde_json::Map::with_capacity(map.len());
    for (key, child) in map {
        let key = key.as_str();
        if is_annotation(key) {
            continue;
        }
        let child = match child {
            Value::Object(children) if SUBSCHEMA_MAPS.contains(&key) => serde_json::Value::Object(
                children
                    .iter()
                    .map(|(name, child)| (name.to_string(), schema_json(child)))
                    .collect(),
            ),
            Value::Array(children)
                if SUBSCHEMA_LISTS.contains(&key) || SUBSCHEMAS.contains(&key) =>
            {
                serde_json::Value::Array(children.iter().map(schema_json).collect())
            }
            _ if SUBSCHEMAS.contains(&key) => schema_json(child),
            _ => serde_json::Value::from(child),
        };
        out.insert(key.to_string(), child);
    }
    serde_json::Value::Object(out)
}

/// Copies the schema at `path` into `out` at the same place, making the objects and arrays on
/// the way (an array gets `null`s before the index).
fn place(out: &mut serde_json::Value, document: &Value, path: &[String]) {
    let mut here = out;
    let mut source = document;
    for segment in path {
        match source {
            Value::Object(map) => {
                let Some(next) = map.get(segment.as_str()) else {
                    return;
                };
                source = next;
                if !here.is_object() {
                    *here = serde_json::Value::Object(serde_json::Map::new());
                }
                let Some(object) = here.as_object_mut() else {
                    return;
                };
                here = object
                    .entry(segment.clone())
                    .or_insert(serde_json::Value::Null);
            }
            Value::Array(items) => {
                let Some((i, next)) = segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| Some((i, items.get(i)?)))
                else {
                    return;
                };
                source = next;
                if !here.is_array() {
                    *here = serde_json::Value::Array(Vec::new());
                }
                let Some(array) = here.as_array_mut() else {
                    return;
                };
                if array.len() <= i {
                    array.resize(i + 1, serde_json::Value::Null);
                }
                here = &mut array[i];
            }
            _ => return,
        }
    }
    *here = schema_json(source);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn keeps_the_schemas_their_refs_reach_at_the_same_pointers_without_annotations() {
        let document = json!({
            "paths": {"/a": {"get": {"parameters": [
                {"name": "x"},
                {"schema": {"$ref": "#/components/schemas/A", "description": "A ref"}}
            ]}}},
            "components": {"schemas": {
                "A": {
                    "description": "An A",
                    "x-internal": {"$ref": "#/components/schemas/Unused"},
                    "examples": [{"$ref": "#/components/schemas/Unused"}],
                    "required": ["description"],
                    "properties": {
                        "b": {"$ref": "#/components/schemas/B"},
                        "description": {"type": "string", "default": "x", "title": "T"}
                    }
                },
                "B": {"type": "string", "items": {"$ref": "#/components/schemas/A/properties"}},
                "Unused": {"type": "integer"}
            }}
        });
        let root = ["paths", "/a", "get", "parameters", "1", "schema"]
            .map(String::from)
            .to_vec();
        let b = ["components", "schemas", "B"].map(String::from).to_vec();
        let out = reachable(&document, &[&root, &b]);
        // B is reached by a ref, at its own place; the inline schema, which nothing refers
        // to, is in the list.
        assert_eq!(
            out.pointers,
            ["/x-portico-roots/0", "/components/schemas/B"]
        );
        assert_eq!(
            out.document,
            serde_json::json!({
                "x-portico-roots": [{"$ref": "#/components/schemas/A"}],
                "components": {"schemas": {
                    "A": {
                        "required": ["description"],
                        "properties": {
                            "b": {"$ref": "#/components/schemas/B"},
                            "description": {"type": "string"}
                        }
                    },
                    "B": {"type": "string", "items": {"$ref": "#/components/schemas/A/properties"}}
                }}
            })
        );
    }

    #[test]
    fn roots_with_the_same_schema_share_one_copy() {
        let document = json!({"paths": {
            "/a": {"schema": {"type": "object", "required": ["id"], "description": "A"}},
            "/b": {"schema": {"type": "object", "required": ["id"], "description": "B"}},
            "/c": {"schema": {"required": ["id"], "type": "object"}}
        }});
        let root = |path: &str| ["paths", path, "schema"].map(String::from).to_vec();
        let (a, b, c) = (root("/a"), root("/b"), root("/c"));
        let out = reachable(&document, &[&a, &b, &c]);
        // Annotations aside, /a and /b are the same schema; /c's keys are in another order,
        // which can change the error a validator finds first.
        assert_eq!(
            out.pointers,
            [
                "/x-portico-roots/0",
                "/x-portico-roots/0",
                "/x-portico-roots/1"
            ]
        );
        assert_eq!(
            out.document,
            serde_json::json!({"x-portico-roots": [
                {"type": "object", "required": ["id"]},
                {"required": ["id"], "type": "object"}
            ]})
        );
    }

    #[test]
    fn an_anchor_ref_keeps_the_whole_document() {
        let document = json!({"a": {"$ref": "#thing"}, "b": {"$anchor": "thing"}});
        let out = reachable(&document, &[&["a".to_string()]]);
        assert_eq!(out.document, serde_json::Value::from(&document));
        assert_eq!(out.pointers, ["/a"]);
    }
}
