//! Compositions: `allOf` merges its members, `oneOf`/`anyOf` take the first usable variant,
//! and discriminators name the type that was chosen.

use crate::doc::{Map, Value};

use super::{array_of, Generator};
use crate::keys::Keys;
use crate::resolve::refs::{component_name, deref, pointer_segments, ref_of};

impl<'a> Generator<'a> {
    /// `allOf`: every member's example, then the schema's own, merged key by key.
    pub(super) fn all_of(
        &mut self,
        schema: &'a Map,
        members: &'a [Value],
        depth: usize,
        origin: Option<&str>,
    ) -> Value {
        let mut merged = Value::Null;
        for member in members {
            if let Some(value) = self.generate(member, depth) {
                merged = merge(merged, value);
            }
        }
        if has_own_shape(schema)
            || array_of(schema, "oneOf").is_some()
            || array_of(schema, "anyOf").is_some()
        {
            let own = self.without_all_of(schema, depth);
            merged = merge(merged, own);
        }
        if let Some(origin) = origin {
            self.name_subtype(&mut merged, members, origin);
        }
        merged
    }

    /// A base schema with a discriminator, used through `allOf` by a subtype reached via
    /// `origin`: the discriminator property names the subtype instead of saying "string".
    fn name_subtype(&self, value: &mut Value, members: &[Value], origin: &str) {
        let Value::Object(object) = value else {
            return;
        };
        for member in members {
            let Ok(Value::Object(base)) = deref(self.document, member) else {
                continue;
            };
            if let Some((property, name)) = discriminator_value(base, origin) {
                object.insert(property, Value::String(name.into()));
            }
        }
    }

    pub(super) fn without_all_of(&mut self, schema: &'a Map, depth: usize) -> Value {
        match array_of(schema, "oneOf").or_else(|| array_of(schema, "anyOf")) {
            Some(variants) => self.one_of(schema, variants, depth),
            None => self.by_type(schema, depth),
        }
    }

    /// `oneOf`/`anyOf`: the first variant that is not just `null` (3.1's way of writing a
    /// nullable ref), merged into the schema's own properties, with the discriminator set.
    fn one_of(&mut self, schema: &'a Map, variants: &'a [Value], depth: usize) -> Value {
        let mut chosen = None;
        for variant in variants.iter().filter(|v| !is_null_only(v)) {
            // A variant that is cut (a cycle back to this schema) is passed over for the next.
            if let Some(value) = self.generate(variant, depth) {
                chosen = Some((variant, value));
                break;
            }
        }
        let Some((variant, value)) = chosen else {
            return if has_own_shape(schema) {
                self.by_type(schema, depth)
            } else {
                Value::Null
            };
        };
        // The schema's own properties come first; for scalars the variant is the more specific.
        let mut value = match (has_own_shape(schema), value) {
            (true, Value::Object(variant)) => match self.by_type(schema, depth) {
                own @ Value::Object(_) => merge(own, Value::Object(variant)),
                _ => Value::Object(variant),
            },
            (true, Value::Null) => self.by_type(schema, depth),
            (_, value) => value,
        };
        if let (Some(reference), Value::Object(object)) = (ref_of(variant), &mut value) {
            if let Some((property, name)) = discriminator_value(schema, reference) {
                object.insert(property, Value::String(name.into()));
            }
        }
        value
    }
}

/// Whether a composed schema also describes a value of its own (beside `allOf`/`oneOf`).
fn has_own_shape(schema: &Map) -> bool {
    [
        "type",
        "properties",
        "additionalProperties",
        "items",
        "prefixItems",
    ]
    .iter()
    .any(|key| schema.contains_key(*key))
}

/// `{"type": "null"}`: the variant that makes a 3.1 `oneOf` nullable.
fn is_null_only(schema: &Value) -> bool {
    schema.key("type").and_then(Value::as_str) == Some("null")
}

/// Where a discriminator says `reference` is chosen: its property and the value naming it,
/// the mapping key that points to the ref, else the schema's own name.
fn discriminator_value(schema: &Map, reference: &str) -> Option<(String, String)> {
    let discriminator = schema.key("discriminator")?.as_object()?;
    let property = discriminator.key("propertyName")?.as_str()?;
    let name = schema_name(reference);
    let mapped = discriminator
        .key("mapping")
        .and_then(Value::as_object)
        .and_then(|mapping| {
            mapping
                .iter()
                .find(|(_, target)| target.as_str().is_some_and(|t| t == reference || t == name))
        })
        .map(|(key, _)| key.to_string());
    Some((property.to_string(), mapped.unwrap_or(name)))
}

/// `#/components/schemas/Dog` → `Dog`; other pointers give their last segment.
fn schema_name(reference: &str) -> String {
    component_name(reference, "schemas")
        .or_else(|| {
            let pointer = reference.strip_prefix('#').unwrap_or(reference);
            pointer_segments(pointer).last()
        })
        .unwrap_or_default()
}

/// Merge `later` into `earlier`: objects key by key (recursively, keeping the first object's
/// key order), otherwise the first value that is not `null` stays.
fn merge(earlier: Value, later: Value) -> Value {
    match (earlier, later) {
        (Value::Object(mut into), Value::Object(from)) => {
            for (key, value) in from {
                match into.get_mut(&key) {
                    Some(existing) => *existing = merge(existing.take(), value),
                    None => {
                        into.insert(key, value);
                    }
                }
            }
            Value::Object(into)
        }
        (Value::Null, later) => later,
        (earlier, _) => earlier,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{request, with_doc};
    use super::super::{example, Direction};
    use crate::json;

    #[test]
    fn all_of_merges_members_key_by_key() {
        let doc = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {
                "id": {"type": "integer"},
                "meta": {"type": "object", "properties": {"a": {"type": "string"}}}
            }},
            "Extended": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "properties": {
                        "name": {"type": "string"},
                        "meta": {"type": "object", "properties": {"b": {"type": "boolean"}}}
                    }}
                ],
                "properties": {"own": {"type": "boolean"}}
            }
        }}});
        let value = with_doc(&doc, "#/components/schemas/Extended", Direction::Response);
        assert_eq!(
            value.to_string(),
            r#"{"id":0,"meta":{"a":"string","b":true},"name":"string","own":true}"#
        );
        // Scalars: the first member that gives something wins.
        assert_eq!(
            request(json!({"allOf": [{"type": "string", "format": "email"}, {"maxLength": 100}]})),
            json!("user@example.com")
        );
    }

    #[test]
    fn one_of_takes_the_first_variant_with_its_discriminator() {
        let doc = json!({"components": {"schemas": {
            "Pet": {
                "type": "object",
                "properties": {"petType": {"type": "string"}, "name": {"type": "string"}},
                "oneOf": [
                    {"$ref": "#/components/schemas/Dog"},
                    {"$ref": "#/components/schemas/Cat"}
                ],
                "discriminator": {"propertyName": "petType"}
            },
            "MappedPet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Dog"},
                    {"$ref": "#/components/schemas/Cat"}
                ],
                "discriminator": {"propertyName": "kind", "mapping": {
                    "cat": "#/components/schemas/Cat",
                    "dog": "#/components/schemas/Dog"
                }}
            },
            "Dog": {"type": "object", "properties": {"bark": {"type": "boolean"}}},
            "Cat": {"type": "object", "properties": {"lives": {"type": "integer", "default": 9}}}
        }}});
        let pet = with_doc(&doc, "#/components/schemas/Pet", Direction::Response);
        assert_eq!(
            pet.to_string(),
            r#"{"petType":"Dog","name":"string","bark":true}"#
        );
        let mapped = with_doc(&doc, "#/components/schemas/MappedPet", Direction::Response);
        assert_eq!(mapped, json!({"bark": true, "kind": "dog"}));
        // Mapping values may be bare schema names too.
        let mut doc = doc;
        doc["components"]["schemas"]["MappedPet"]["discriminator"]["mapping"] =
            json!({"woof": "Dog"});
        let mapped = with_doc(&doc, "#/components/schemas/MappedPet", Direction::Response);
        assert_eq!(mapped, json!({"bark": true, "kind": "woof"}));
    }

    #[test]
    fn subtypes_name_themselves_through_a_base_discriminator() {
        let doc = json!({"components": {"schemas": {
            "Pet": {
                "type": "object",
                "required": ["petType"],
                "properties": {"petType": {"type": "string"}},
                "discriminator": {"propertyName": "petType", "mapping": {
                    "doggo": "#/components/schemas/Dog"
                }}
            },
            "Dog": {"allOf": [
                {"$ref": "#/components/schemas/Pet"},
                {"type": "object", "properties": {"bark": {"type": "boolean"}}}
            ]},
            "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}]}
        }}});
        let dog = with_doc(&doc, "#/components/schemas/Dog", Direction::Response);
        assert_eq!(dog, json!({"petType": "doggo", "bark": true}));
        let cat = with_doc(&doc, "#/components/schemas/Cat", Direction::Response);
        assert_eq!(cat, json!({"petType": "Cat"}));
    }

    #[test]
    fn scalar_variants_are_more_specific_than_their_parent() {
        assert_eq!(
            request(json!({"type": "string", "oneOf": [{"format": "email"}, {"format": "uuid"}]})),
            json!("user@example.com")
        );
        assert_eq!(
            request(json!({"type": "integer", "anyOf": [{"type": "null"}]})),
            json!(0)
        );
    }

    #[test]
    fn nullable_variants_are_passed_over() {
        let doc = json!({"components": {"schemas": {"A": {"type": "integer", "minimum": 4}}}});
        let schema = json!({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}]});
        assert_eq!(example(&doc, &schema, Direction::Request), json!(4));
        assert_eq!(request(json!({"oneOf": [{"type": "null"}]})), json!(null));
    }
}
