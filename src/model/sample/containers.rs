//! Objects and arrays: properties in order (leaving out readOnly or writeOnly ones), one
//! entry for maps, and items up to `minItems`.

use crate::doc::{Map, Value};

use super::{array_of, Direction, Generator};
use crate::keys::Keys;
use crate::resolve::refs::deref;

/// `minItems` is honoured up to this many items.
const MAX_ITEMS: u64 = 3;

impl<'a> Generator<'a> {
    pub(super) fn object(&mut self, schema: &'a Map, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .key("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        let properties = schema.key("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            if self.hidden(property) {
                continue;
            }
            match self.generate(property, depth + 1) {
                Some(value) => {
                    out.insert(name.clone(), value);
                }
                None if required.contains(&name.as_str()) => {
                    out.insert(name.clone(), Value::Null);
                }
                None => {}
            }
        }
        // A map type (`additionalProperties` and nothing else) shows one sample entry.
        if properties.is_none_or(Map::is_empty) {
            if let Some(extra) = schema.key("additionalProperties").filter(|s| s.is_object()) {
                if let Some(value) = self.generate(extra, depth + 1) {
                    out.insert("key".to_string(), value);
                }
            }
        }
        Value::Object(out)
    }

    /// readOnly properties are never sent, writeOnly ones never returned. The flag may sit on
    /// the property or on the schema its ref names.
    fn hidden(&self, property: &Value) -> bool {
        let flag = match self.direction {
            Direction::Request => "readOnly",
            Direction::Response => "writeOnly",
        };
        let set = |schema: &Value| schema.get(flag).and_then(Value::as_bool) == Some(true);
        set(property) || deref(self.document, property).is_ok_and(set)
    }

    pub(super) fn array(&mut self, schema: &'a Map, depth: usize) -> Value {
        let min = schema.key("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = schema.key("maxItems").and_then(Value::as_u64);
        // `items` as an array is the pre-2020-12 spelling of `prefixItems`.
        let prefix = array_of(schema, "prefixItems").or_else(|| array_of(schema, "items"));
        let mut out = Vec::new();
        for item in prefix.into_iter().flatten() {
            if max.is_some_and(|max| out.len() as u64 >= max) {
                break;
            }
            out.push(self.generate(item, depth + 1).unwrap_or(Value::Null));
        }
        let wanted = if prefix.is_some() {
            min.min(MAX_ITEMS)
        } else {
            min.clamp(1, MAX_ITEMS)
        };
        let wanted = max.map_or(wanted, |max| wanted.min(max));
        if let Some(items) = schema.key("items").filter(|items| items.is_object()) {
            if (out.len() as u64) < wanted {
                // One example, repeated: the items are alike anyway, and it costs one node.
                if let Some(value) = self.generate(items, depth + 1) {
                    while (out.len() as u64) < wanted {
                        out.push(value.clone());
                    }
                }
            }
        }
        Value::Array(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{request, with_doc};
    use super::super::Direction;
    use crate::json;

    #[test]
    fn objects_keep_property_order() {
        let schema = json!({
            "type": "object",
            "properties": {
                "zeta": {"type": "string"},
                "alpha": {"type": "integer"},
                "mid": {"type": "object", "properties": {"x": {"type": "boolean"}}}
            }
        });
        let value = request(schema);
        assert_eq!(
            value.to_string(),
            r#"{"zeta":"string","alpha":0,"mid":{"x":true}}"#
        );
    }

    #[test]
    fn read_only_and_write_only_depend_on_direction() {
        let doc = json!({"components": {"schemas": {
            "Id": {"type": "string", "readOnly": true},
            "User": {
                "type": "object",
                "required": ["id", "password"],
                "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "name": {"type": "string"},
                    "created": {"type": "string", "format": "date-time", "readOnly": true},
                    "password": {"type": "string", "format": "password", "writeOnly": true},
                    "nested": {"type": "object", "properties": {
                        "secret": {"type": "string", "writeOnly": true},
                        "etag": {"type": "string", "readOnly": true}
                    }}
                }
            }
        }}});
        let req = with_doc(&doc, "#/components/schemas/User", Direction::Request);
        assert_eq!(
            req,
            json!({"name": "string", "password": "********", "nested": {"secret": "string"}})
        );
        let res = with_doc(&doc, "#/components/schemas/User", Direction::Response);
        assert_eq!(
            res,
            json!({"id": "string", "name": "string", "created": "2024-01-15T09:30:00Z",
                   "nested": {"etag": "string"}})
        );
    }

    #[test]
    fn arrays_respect_min_items_and_prefix_items() {
        assert_eq!(
            request(json!({"type": "array", "items": {"type": "string"}})),
            json!(["string"])
        );
        assert_eq!(
            request(json!({"type": "array", "minItems": 2, "items": {"type": "integer"}})),
            json!([0, 0])
        );
        assert_eq!(
            request(json!({"type": "array", "minItems": 50, "items": {"type": "integer"}})),
            json!([0, 0, 0])
        );
        assert_eq!(
            request(json!({"type": "array", "maxItems": 0, "items": {"type": "integer"}})),
            json!([])
        );
        assert_eq!(
            request(
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}]})
            ),
            json!(["string", true])
        );
        assert_eq!(
            request(json!({"type": "array", "prefixItems": [{"type": "string"}],
                           "items": {"type": "integer"}, "minItems": 3})),
            json!(["string", 0, 0])
        );
        assert_eq!(request(json!({"type": "array"})), json!([]));
    }

    #[test]
    fn maps_show_one_entry() {
        assert_eq!(
            request(json!({"type": "object", "additionalProperties": {"type": "integer"}})),
            json!({"key": 0})
        );
        assert_eq!(
            request(json!({"type": "object", "additionalProperties": true})),
            json!({})
        );
        assert_eq!(
            request(
                json!({"type": "object", "properties": {"a": {"type": "boolean"}},
                           "additionalProperties": {"type": "integer"}})
            ),
            json!({"a": true})
        );
    }
}
