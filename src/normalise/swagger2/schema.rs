//! Schemas: copying a 2.0 schema into 3.0, rewriting refs and the keywords 3.0 spells differently.

use crate::doc::Value;
use crate::json;

use super::{Converter, Object};

/// How deep schema walks go. Real schemas are a few levels deep; a deeper one is copied as is
/// rather than converted, so hostile input cannot exhaust the stack.
const DEPTH_LIMIT: usize = 256;

/// The 2.0 parameter and header keywords that describe the value, which 3.0 moves into `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

impl<'a> Converter<'a> {
    /// Copy a schema, rewriting refs and the few keywords 3.0 spells differently.
    pub(super) fn schema(&self, value: &Value, depth: usize) -> Value {
        if depth > DEPTH_LIMIT {
            return value.clone();
        }
        match value {
            Value::Object(map) => Value::Object(self.schema_object(map, depth)),
            Value::Array(items) => items.iter().map(|v| self.schema(v, depth + 1)).collect(),
            other => other.clone(),
        }
    }

    fn schema_object(&self, map: &Object, depth: usize) -> Object {
        let mut out = Object::new();
        let mut after = TypeFix::None;
        for (key, value) in map {
            match key.as_str() {
                "$ref" => {
                    let reference = match value.as_str() {
                        Some(r) => Value::String(self.rewrite_ref(r).into()),
                        None => value.clone(),
                    };
                    out.insert(key.clone(), reference);
                }
                "x-nullable" => {
                    if value == &Value::Bool(true) {
                        out.insert("nullable", Value::Bool(true));
                    }
                }
                "type" if value.is_string() || value.is_array() => {
                    after = schema_type(value, &mut out);
                }
                // Only parameters have it in 2.0; 3.0 schemas allow no such keyword.
                "collectionFormat" => {
                    out.insert("x-collectionFormat", value.clone());
                }
                // 2.0 names the property; 3.0 wraps it in an object.
                "discriminator" if value.is_string() => {
                    out.insert(key.clone(), json!({ "propertyName": value }));
                }
                _ if is_user_data(key) => {
                    out.insert(key.clone(), value.clone());
                }
                // Maps from names to schemas: a property may be called `example` or `x-id`.
                "properties" | "patternProperties" | "definitions" => {
                    let converted = match value {
                        Value::Object(named) => Value::Object(
                            named
                                .iter()
                                .map(|(name, s)| (name.clone(), self.schema(s, depth + 1)))
                                .collect(),
                        ),
                        other => other.clone(),
                    };
                    out.insert(key.clone(), converted);
                }
                _ => {
                    out.insert(key.clone(), self.schema(value, depth + 1));
                }
            }
        }
        match after {
            TypeFix::File => {
                out.insert("format", json!("binary"));
            }
            // `nullable` alone allows any value; only null was allowed.
            TypeFix::OnlyNull if !out.contains_key("enum") => {
                out.insert("enum", json!([null]));
            }
            _ => {}
        }
        out
    }

    /// The schema of a non-body parameter, header or form field, from its 2.0 keywords.
    pub(super) fn keyword_schema(&self, param: &Object) -> Object {
        let mut keywords = Object::new();
        for (key, value) in param {
            // `x-nullable` goes along so that the schema walk turns it into `nullable`.
            if SCHEMA_KEYWORDS.contains(&key.as_str()) || key == "x-nullable" {
                keywords.insert(key.clone(), value.clone());
            }
        }
        self.schema_object(&keywords, 0)
    }
}

/// What a schema's `type` leaves to do once its other keywords are in.
enum TypeFix {
    None,
    File,
    OnlyNull,
}

/// 3.0's `type` is one name and never "null"; 2.0 also has `file`, and its meta-schema (JSON
/// Schema draft 4) lets documents use "null" and lists of types, which real ones do.
fn schema_type(value: &Value, out: &mut Object) -> TypeFix {
    let names: Vec<&str> = match value {
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        other => other.as_str().into_iter().collect(),
    };
    let (nulls, types): (Vec<&str>, Vec<&str>) = names.into_iter().partition(|t| *t == "null");
    if !nulls.is_empty() {
        out.insert("nullable", Value::Bool(true));
    }
    match types[..] {
        [] if !nulls.is_empty() => return TypeFix::OnlyNull,
        [] => {}
        ["file"] => {
            out.insert("type", json!("string"));
            return TypeFix::File;
        }
        [single] => {
            out.insert("type", json!(single));
        }
        // Several types: one alternative each, unless `anyOf` is taken (then kept as written).
        _ if out.contains_key("anyOf") => {
            out.insert("type", value.clone());
        }
        _ => {
            let alternatives = types.iter().map(|t| json!({ "type": t })).collect();
            out.insert("anyOf", Value::Array(alternatives));
        }
    }
    TypeFix::None
}

/// Values that are the user's data, where `$ref` or `x-nullable` mean nothing to us.
pub(super) fn is_user_data(key: &str) -> bool {
    key.starts_with("x-") || matches!(key, "example" | "examples" | "default" | "enum" | "const")
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::super::tests::{doc, operation};
    use super::DEPTH_LIMIT;
    use crate::doc::Value;
    use crate::json;

    #[test]
    fn refs_are_rewritten_at_any_depth_but_not_in_user_data() {
        let mut input = doc(json!({"/a": {"get": {"responses": {"200": {
            "description": "ok",
            "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
        }}}}}));
        input["definitions"] = json!({
            "Pet": {
                "type": "object",
                "discriminator": "kind",
                "required": ["kind"],
                "properties": {
                    "kind": {"type": "string"},
                    "owner": {"$ref": "#/definitions/Person"},
                    "example": {"$ref": "#/definitions/Person"},
                    "tags": {"type": "array", "items": {"allOf": [
                        {"$ref": "#/definitions/Tag"},
                        {"type": "object", "additionalProperties": {"$ref": "#/definitions/Tag"}},
                    ]}},
                    "remote": {"$ref": "other.yaml#/definitions/Remote"},
                    "whole": {"$ref": "other.yaml"},
                },
                "example": {"$ref": "#/definitions/Person"},
                "x-meta": {"$ref": "#/definitions/Person"},
                "default": {"$ref": "#/definitions/Person"},
            },
            "Person": {"type": "object", "x-nullable": true},
            "Tag": {"type": "string"},
        });
        let out = convert(&input);
        let pet = &out["components"]["schemas"]["Pet"];
        let props = &pet["properties"];
        assert_eq!(props["owner"]["$ref"], "#/components/schemas/Person");
        assert_eq!(props["example"]["$ref"], "#/components/schemas/Person");
        assert_eq!(
            props["tags"]["items"]["allOf"][0]["$ref"],
            "#/components/schemas/Tag"
        );
        assert_eq!(
            props["tags"]["items"]["allOf"][1]["additionalProperties"]["$ref"],
            "#/components/schemas/Tag"
        );
        assert_eq!(
            props["remote"]["$ref"],
            "other.yaml#/components/schemas/Remote"
        );
        assert_eq!(props["whole"]["$ref"], "other.yaml");
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        for key in ["example", "x-meta", "default"] {
            assert_eq!(
                pet[key]["$ref"], "#/definitions/Person",
                "{key} is user data"
            );
        }
        assert_eq!(
            out["components"]["schemas"]["Person"],
            json!({"type": "object", "nullable": true})
        );
        assert_eq!(
            operation(&out, "/a", "get")["responses"]["200"]["content"]["application/json"]
                ["schema"]["items"]["$ref"],
            "#/components/schemas/Pet"
        );
    }

    #[test]
    fn null_types_and_type_lists_become_nullable() {
        let mut input = doc(json!({}));
        input["definitions"] = json!({
            "Null": {"type": "null", "description": "always null"},
            "MaybeText": {"type": ["string", "null"], "maxLength": 3},
            "Either": {"type": ["string", "integer"]},
            "EitherOrNull": {"type": ["null", "string", "integer"]},
            "NullEnum": {"enum": [null], "type": "null"},
        });
        let out = convert(&input);
        let schemas = &out["components"]["schemas"];
        assert_eq!(
            schemas["Null"],
            json!({"nullable": true, "description": "always null", "enum": [null]})
        );
        assert_eq!(
            schemas["MaybeText"],
            json!({"nullable": true, "type": "string", "maxLength": 3})
        );
        assert_eq!(
            schemas["Either"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(schemas["EitherOrNull"]["nullable"], true);
        assert_eq!(
            schemas["EitherOrNull"]["anyOf"].as_array().map(Vec::len),
            Some(2)
        );
        assert_eq!(
            schemas["NullEnum"],
            json!({"enum": [null], "nullable": true})
        );
    }

    #[test]
    fn deep_schemas_stop_being_walked_at_the_limit() {
        let mut schema = json!({"$ref": "#/definitions/Leaf"});
        for _ in 0..(DEPTH_LIMIT * 2) {
            schema = json!({"items": schema});
        }
        let mut input = doc(json!({}));
        input["definitions"] = json!({"Deep": schema});
        let out = convert(&input);
        assert!(out["components"]["schemas"]["Deep"]["items"].is_object());
        // Tear the value down iteratively: dropping it recursively is the test's own risk.
        for value in [out, input] {
            let mut stack = vec![value];
            while let Some(mut v) = stack.pop() {
                match &mut v {
                    Value::Object(m) => stack.extend(std::mem::take(m).into_iter().map(|e| e.1)),
                    Value::Array(a) => stack.append(a),
                    _ => {}
                }
            }
        }
    }
}
