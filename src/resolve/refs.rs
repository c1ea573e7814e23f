//! `$ref` lookup by JSON pointer, with cycle detection, and a whole-document check of every ref.

use crate::doc::Value;

use crate::keys::Keys;
use crate::uri::percent_decode;

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    #[error("$ref {0:?} points to another file that could not be read")]
    External(String),
    #[error("$ref {0:?} points nowhere: no such location in this document")]
    Dangling(String),
    #[error("$ref {0:?} is part of a cycle of refs that never reaches a value")]
    Cycle(String),
    #[error("$ref {0:?} starts a chain of more than {1} refs to refs")]
    ChainTooLong(String, usize),
}

impl RefError {
    /// The same problem, quoting the ref as `written` (before bundling rewrote it).
    pub fn quoting(self, written: &str) -> RefError {
        let written = written.to_string();
        match self {
            RefError::External(_) => RefError::External(written),
            RefError::Dangling(_) => RefError::Dangling(written),
            RefError::Cycle(_) => RefError::Cycle(written),
            RefError::ChainTooLong(_, max) => RefError::ChainTooLong(written, max),
        }
    }
}

/// The most refs-to-refs the model follows, and so the largest `[limits] max-ref-chain`
/// accepted: a project's own limit (64 unless raised) is checked by [`check_all_within`] before
/// the model runs, so the model never meets a longer chain that passed.
pub const MAX_CHAIN: usize = 1024;

/// The value a local ref points to (one step: the target may itself be a `$ref`).
pub fn lookup<'a>(document: &'a Value, reference: &str) -> Result<&'a Value, RefError> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(RefError::External(reference.to_string()));
    };
    let mut node = document;
    for segment in pointer_segments(pointer) {
        let next = match node {
            Value::Object(map) => map.get(&segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        node = next.ok_or_else(|| RefError::Dangling(reference.to_string()))?;
    }
    Ok(node)
}

/// Follow `value` through any chain of `$ref`s to a value that is not a ref.
pub fn deref<'a>(document: &'a Value, value: &'a Value) -> Result<&'a Value, RefError> {
    deref_within(document, value, MAX_CHAIN)
}

/// [`deref`], following at most `max_chain` refs.
pub fn deref_within<'a>(
    document: &'a Value,
    value: &'a Value,
    max_chain: usize,
) -> Result<&'a Value, RefError> {
    let mut node = value;
    // Refs seen on the way, to tell a cycle from a chain that is only long.
    let mut seen: Vec<&str> = Vec::new();
    for _ in 0..max_chain {
        match ref_of(node) {
            Some(reference) if seen.contains(&reference) => {
                return Err(RefError::Cycle(
                    ref_of(value).unwrap_or_default().to_string(),
                ))
            }
            Some(reference) => {
                seen.push(reference);
                node = lookup(document, reference)?;
            }
            None => return Ok(node),
        }
    }
    if ref_of(node).is_some_and(|r| !seen.contains(&r)) {
        return Err(RefError::ChainTooLong(
            ref_of(value).unwrap_or_default().to_string(),
            max_chain,
        ));
    }
    Err(RefError::Cycle(
        ref_of(value).unwrap_or_default().to_string(),
    ))
}

/// The `$ref` string of a reference object.
pub fn ref_of(value: &Value) -> Option<&str> {
    value.key("$ref").and_then(Value::as_str)
}

/// `#/components/schemas/Customer` → `Customer`, for refs that name a component of `kind`.
pub fn component_name(reference: &str, kind: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?;
    let rest = rest.strip_prefix(kind)?.strip_prefix('/')?;
    let pointer = format!("/{rest}");
    let mut segments = pointer_segments(&pointer);
    let name = segments.next()?;
    segments.next().is_none().then_some(name)
}

/// Split a JSON pointer (`/a/b~1c`) into unescaped segments, decoding `%XX` too, since refs are
/// URI fragments (`#/paths/~1users~1%7Bid%7D`).
pub fn pointer_segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|s| percent_decode(s).replace("~1", "/").replace("~0", "~"))
}

/// Escape one segment for use in a JSON pointer.
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A `$ref` that could not be followed, with the pointer to where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenRef {
    pub at: Vec<String>,
    pub error: RefError,
}

/// Check every `$ref` in the document (outside examples and extensions, which are user data).
pub fn check_all(document: &Value) -> Vec<BrokenRef> {
    check_all_within(document, 64)
}

/// [`check_all`], with chains of refs to refs longer than `max_chain` reported.
pub fn check_all_within(document: &Value, max_chain: usize) -> Vec<BrokenRef> {
    let mut broken = Vec::new();
    let mut path = Vec::new();
    walk(document, document, &mut path, &mut broken, max_chain);
    broken
}

fn walk(
    document: &Value,
    node: &Value,
    path: &mut Vec<String>,
    broken: &mut Vec<BrokenRef>,
    max_chain: usize,
) {
    match node {
        Value::Object(map) => {
            if ref_of(node).is_some() {
                if let Err(error) = deref_within(document, node, max_chain) {
                    path.push("$ref".into());
                    broken.push(BrokenRef {
                        at: path.clone(),
                        error,
                    });
                    path.pop();
                }
            }
            for (key, child) in map {
                if key == "example" || key == "examples" || key.starts_with("x-") {
                    continue;
                }
                path.push(key.to_string());
                walk(document, child, path, broken, max_chain);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(document, child, path, broken, max_chain);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn refs_are_followed_through_chains() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "Self": {"$ref": "#/components/schemas/Self"},
            "a/b": {"type": "integer"}
        }}});
        let a = lookup(&doc, "#/components/schemas/A").unwrap();
        assert_eq!(deref(&doc, a).unwrap(), &json!({"type": "string"}));
        let s = lookup(&doc, "#/components/schemas/Self").unwrap();
        assert!(matches!(deref(&doc, s), Err(RefError::Cycle(_))));
        assert_eq!(
            lookup(&doc, "#/components/schemas/a~1b").unwrap()["type"],
            "integer"
        );
        assert!(matches!(
            lookup(&doc, "#/components/schemas/Nope"),
            Err(RefError::Dangling(_))
        ));
        assert!(matches!(
            lookup(&doc, "other.yaml#/X"),
            Err(RefError::External(_))
        ));
    }

    #[test]
    fn percent_encoded_pointers_are_decoded() {
        let doc = json!({"paths": {"/users/{id}": {"get": {}}}});
        assert!(lookup(&doc, "#/paths/~1users~1%7Bid%7D/get").is_ok());
    }

    #[test]
    fn component_names_come_from_refs() {
        assert_eq!(
            component_name("#/components/schemas/Customer", "schemas").as_deref(),
            Some("Customer")
        );
        assert_eq!(
            component_name("#/components/schemas/Customer/properties/id", "schemas"),
            None
        );
        assert_eq!(
            component_name("#/components/responses/NotFound", "schemas"),
            None
        );
    }

    #[test]
    fn check_all_reports_where_the_ref_is_written() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/nope"}}}}},
                         "components": {"examples": {"e": {"value": {"$ref": "#/not-a-ref"}}}}});
        let broken = check_all(&doc);
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert_eq!(
            broken[0].at,
            ["paths", "/a", "get", "responses", "200", "$ref"]
        );
    }
}
