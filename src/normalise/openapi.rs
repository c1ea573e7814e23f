//! Detects the OpenAPI version and rewrites 3.0 schema keywords into their 3.1 forms.

use crate::doc::{Map, Value};

use crate::keys::Keys;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Swagger 2.0: converted by `swagger2` to 3.0, then upgraded like 3.0.
    V20,
    V30,
    V31,
}

/// Why a document cannot go through the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    #[error("unsupported OpenAPI version {0:?}")]
    Unsupported(String),
    #[error("not an OpenAPI document: no `openapi` field")]
    Missing,
}

pub fn detect(document: &Value) -> Result<Version, VersionError> {
    if let Some(swagger) = document.key("swagger") {
        return match swagger {
            Value::String(v) if v.starts_with("2.") => Ok(Version::V20),
            other => Err(VersionError::Unsupported(format!("swagger {other}"))),
        };
    }
    let version = match document.key("openapi") {
        Some(Value::String(s)) => s.to_string(),
        Some(other) => other.to_string(),
        None => return Err(VersionError::Missing),
    };
    if version.starts_with("3.0") {
        Ok(Version::V30)
    } else if version.starts_with("3.1") || version.starts_with("3.2") {
        Ok(Version::V31)
    } else {
        Err(VersionError::Unsupported(version))
    }
}

/// Rewrite a 3.0 document's schemas in place: `nullable` becomes a `"null"` type, boolean
/// `exclusiveMinimum`/`exclusiveMaximum` become numeric bounds, `example` becomes `examples`.
pub fn upgrade_30_to_31(document: &mut Value) {
    walk_document(document);
}

/// Walks everything but example payloads and extensions, which hold user data where a key
/// called `schema` means nothing.
fn walk_document(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "example" || key == "examples" || key.starts_with("x-") {
                    continue;
                }
                if key == "schema" {
                    upgrade_schema(child);
                } else if key == "schemas" {
                    if let Value::Object(schemas) = child {
                        schemas.values_mut().for_each(upgrade_schema);
                    }
                } else {
                    walk_document(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(walk_document),
        _ => {}
    }
}

/// Schema keywords whose value maps names to subschemas.
pub(crate) const SUBSCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];
/// Schema keywords whose value is a list of subschemas.
pub(crate) const SUBSCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Schema keywords whose value is one subschema.
pub(crate) const SUBSCHEMAS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
];

fn upgrade_schema(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    upgrade_keywords(map);
    // One pass over the keys: looking each subschema keyword up was 19 hashed lookups per
    // schema, 5% of the CPU time of GitHub's build.
    for (key, child) in map.iter_mut() {
        let key = key.as_str();
        match child {
            Value::Object(children) if SUBSCHEMA_MAPS.contains(&key) => {
                children.values_mut().for_each(upgrade_schema)
            }
            Value::Array(children)
                if SUBSCHEMA_LISTS.contains(&key) || SUBSCHEMAS.contains(&key) =>
            {
                children.iter_mut().for_each(upgrade_schema)
            }
            _ if SUBSCHEMAS.contains(&key) => upgrade_schema(child),
            _ => {}
        }
    }
}

fn upgrade_keywords(map: &mut Map) {
    // Most schemas have none of these: a look at the keys is cheaper than five lookups.
    if !map.keys().any(|k| {
        matches!(
            k.as_str(),
            "nullable" | "exclusiveMinimum" | "exclusiveMaximum" | "example"
        )
    }) {
        return;
    }
    if let Some(nullable) = map.remove("nullable") {
        if nullable == Value::Bool(true) {
            match map.get_mut("type") {
                Some(Value::String(t)) => {
                    let t = std::mem::take(t);
                    map.insert(
                        "type",
                        Value::Array(vec![Value::String(t), Value::String("null".into())]),
                    );
                }
                Some(Value::Array(types)) if !types.iter().any(|t| t == "null") => {
                    types.push(Value::String("null".into()));
                }
                _ => {
                    // No type to extend: keep the flag so readers still see "nullable".
                    map.insert("nullable", Value::Bool(true));
                }
            }
        }
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Bool(exclusive)) = map.get(flag).cloned() {
            map.remove(flag);
            if exclusive {
                if let Some(limit) = map.remove(bound) {
                    map.insert(flag, limit);
                }
            }
        }
    }
    if !map.contains_key("examples") {
        if let Some(example) = map.remove("example") {
            map.insert("examples", Value::Array(vec![example]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn versions_are_detected() {
        assert_eq!(detect(&json!({"openapi": "3.0.3"})), Ok(Version::V30));
        assert_eq!(detect(&json!({"openapi": "3.1.0"})), Ok(Version::V31));
        assert_eq!(detect(&json!({"swagger": "2.0"})), Ok(Version::V20));
        assert_eq!(detect(&json!({"info": {}})), Err(VersionError::Missing));
    }

    #[test]
    fn schemas_are_upgraded_but_examples_are_left_alone() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {"A": {
                "type": "object",
                "properties": {
                    "n": {"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true, "example": 3},
                    "nullable": {"type": "string"}
                },
                "example": {"schema": {"nullable": true}}
            }}},
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "query",
                "schema": {"type": "string", "nullable": true}}]}}}
        });
        upgrade_30_to_31(&mut doc);
        let n = &doc["components"]["schemas"]["A"]["properties"]["n"];
        assert_eq!(n["type"], json!(["integer", "null"]));
        assert_eq!(n["exclusiveMinimum"], json!(0));
        assert!(n.get("minimum").is_none());
        assert_eq!(n["examples"], json!([3]));
        // A property *named* nullable is a property, not a keyword.
        assert_eq!(
            doc["components"]["schemas"]["A"]["properties"]["nullable"]["type"],
            "string"
        );
        assert_eq!(
            doc["components"]["schemas"]["A"]["examples"],
            json!([{"schema": {"nullable": true}}])
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"][0]["schema"]["type"],
            json!(["string", "null"])
        );
    }

    #[test]
    fn every_kind_of_subschema_is_upgraded() {
        let nullable = || json!({"type": "string", "nullable": true});
        let mut doc = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {"A": {
                "properties": {"p": nullable()},
                "allOf": [nullable()],
                "items": nullable(),
                "additionalProperties": nullable(),
                "not": nullable(),
                "x-items": nullable()
            }, "B": {
                // Not 3.0, but written: each item of an array-valued `items` is a schema.
                "items": [nullable(), nullable()]
            }}}
        });
        upgrade_30_to_31(&mut doc);
        let a = &doc["components"]["schemas"]["A"];
        let upgraded = json!(["string", "null"]);
        for pointer in [
            "/properties/p",
            "/allOf/0",
            "/items",
            "/additionalProperties",
            "/not",
        ] {
            assert_eq!(a.pointer(pointer).unwrap()["type"], upgraded, "{pointer}");
        }
        // An extension is not a schema keyword.
        assert_eq!(a["x-items"], nullable());
        let b = &doc["components"]["schemas"]["B"];
        assert_eq!(b["items"][0]["type"], upgraded);
        assert_eq!(b["items"][1]["type"], upgraded);
    }
}
