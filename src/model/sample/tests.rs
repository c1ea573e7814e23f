//! Tests of the generator as a whole (given values, inferred types, refs, cycles and limits),
//! and the fixtures the other files' tests share.

use super::*;
use crate::json;

pub(super) fn request(schema: Value) -> Value {
    example(&json!({}), &schema, Direction::Request)
}

pub(super) fn with_doc(doc: &Value, reference: &str, direction: Direction) -> Value {
    example(doc, &json!({ "$ref": reference }), direction)
}

/// Nesting depth of a value (a scalar is 0).
fn depth_of(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(depth_of).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
        _ => 0,
    }
}

fn count_nodes(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(count_nodes).sum::<usize>(),
        Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

#[test]
fn other_scalars() {
    assert_eq!(request(json!({"type": "boolean"})), json!(true));
    assert_eq!(request(json!({"type": "null"})), json!(null));
    assert_eq!(request(json!({})), json!(null));
    assert_eq!(request(json!(true)), json!(null));
    assert_eq!(request(json!("not a schema")), json!(null));
    assert_eq!(request(json!({"type": 42})), json!(null));
}

#[test]
fn given_values_take_precedence_in_order() {
    let full = json!({
        "type": "string",
        "examples": ["from examples"],
        "example": "from example",
        "const": "from const",
        "default": "from default",
        "enum": ["from enum"]
    });
    assert_eq!(request(full.clone()), json!("from examples"));
    let mut schema = full;
    let steps = [
        ("examples", "from example"),
        ("example", "from const"),
        ("const", "from default"),
        ("default", "from enum"),
        ("enum", "string"),
    ];
    for (removed, expected) in steps {
        schema.as_object_mut().unwrap().remove(removed);
        assert_eq!(
            request(schema.clone()),
            json!(expected),
            "without {removed}"
        );
    }
    assert_eq!(
        request(json!({"type": ["string", "null"], "enum": [null, "b", "c"]})),
        json!("b")
    );
    assert_eq!(request(json!({"enum": [null]})), json!(null));
    assert_eq!(request(json!({"type": "integer", "default": 0})), json!(0));
    assert_eq!(
        request(json!({"type": "object", "examples": [{"a": 1}], "properties": {"b": {}}})),
        json!({"a": 1})
    );
}

#[test]
fn type_arrays_pick_the_first_non_null_type() {
    assert_eq!(request(json!({"type": ["null", "integer"]})), json!(0));
    assert_eq!(
        request(json!({"type": ["string", "null"], "format": "date"})),
        json!("2024-01-15")
    );
    assert_eq!(request(json!({"type": ["null"]})), json!(null));
    assert_eq!(request(json!({"type": []})), json!(null));
}

#[test]
fn types_are_inferred_from_keywords() {
    assert_eq!(
        request(json!({"properties": {"a": {"type": "boolean"}}})),
        json!({"a": true})
    );
    assert_eq!(request(json!({"items": {"type": "integer"}})), json!([0]));
    assert_eq!(request(json!({"minimum": 3})), json!(3.0));
}

#[test]
fn dangling_and_external_refs_are_null() {
    let doc = json!({"components": {"schemas": {
        "Loop": {"$ref": "#/components/schemas/Loop"},
        "Holder": {"type": "object", "properties": {
            "gone": {"$ref": "#/components/schemas/Gone"},
            "far": {"$ref": "other.yaml#/X"},
            "loop": {"$ref": "#/components/schemas/Loop"}
        }}
    }}});
    assert_eq!(
        with_doc(&doc, "#/components/schemas/Gone", Direction::Request),
        json!(null)
    );
    assert_eq!(
        with_doc(&doc, "#/components/schemas/Holder", Direction::Request),
        json!({"gone": null, "far": null, "loop": null})
    );
}

#[test]
fn a_ref_with_its_own_example_uses_it() {
    let doc = json!({"components": {"schemas": {
        "Money": {"type": "object", "examples": [{"amount": 100, "currency": "EUR"}]},
        "Code": {"type": "string"}
    }}});
    let schema = json!({"type": "object", "properties": {
        "price": {"$ref": "#/components/schemas/Money"},
        "code": {"$ref": "#/components/schemas/Code", "examples": ["ABC"]}
    }});
    assert_eq!(
        example(&doc, &schema, Direction::Request),
        json!({"price": {"amount": 100, "currency": "EUR"}, "code": "ABC"})
    );
}

#[test]
fn self_reference_terminates() {
    let doc = json!({"components": {"schemas": {
        "Node": {
            "type": "object",
            "required": ["value", "parent"],
            "properties": {
                "value": {"type": "integer"},
                "parent": {"$ref": "#/components/schemas/Node"},
                "next": {"$ref": "#/components/schemas/Node"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "byName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Node"}}
            }
        }
    }}});
    let value = with_doc(&doc, "#/components/schemas/Node", Direction::Response);
    // Required cyclic property: null; optional: left out; array: empty; map: empty.
    assert_eq!(
        value,
        json!({"value": 0, "parent": null, "children": [], "byName": {}})
    );
}

#[test]
fn mutual_references_terminate() {
    let doc = json!({"components": {"schemas": {
        "A": {"type": "object", "properties": {
            "b": {"$ref": "#/components/schemas/B"},
            "name": {"type": "string"}
        }},
        "B": {"type": "object", "properties": {
            "a": {"$ref": "#/components/schemas/A"},
            "as": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
            "n": {"type": "integer"}
        }},
        "C": {"allOf": [{"$ref": "#/components/schemas/D"}]},
        "D": {"oneOf": [{"$ref": "#/components/schemas/C"}, {"type": "string"}]}
    }}});
    assert_eq!(
        with_doc(&doc, "#/components/schemas/A", Direction::Request),
        json!({"b": {"as": [], "n": 0}, "name": "string"})
    );
    // Through allOf and oneOf: the cyclic variant is passed over.
    assert_eq!(
        with_doc(&doc, "#/components/schemas/C", Direction::Request),
        json!("string")
    );
}

#[test]
fn ref_chains_that_loop_terminate() {
    let doc = json!({"components": {"schemas": {
        "X": {"$ref": "#/components/schemas/Y"},
        "Y": {"$ref": "#/components/schemas/X"}
    }}});
    assert_eq!(
        with_doc(&doc, "#/components/schemas/X", Direction::Request),
        json!(null)
    );
}

#[test]
fn depth_is_limited() {
    let mut schema = json!({"type": "string"});
    for _ in 0..40 {
        schema = json!({"type": "object", "required": ["child"], "properties": {"child": schema}});
    }
    let value = request(schema);
    assert!(depth_of(&value) <= MAX_DEPTH + 1, "{}", depth_of(&value));
    assert!(depth_of(&value) >= MAX_DEPTH, "{}", depth_of(&value));
}

#[test]
fn node_count_is_limited() {
    // 20 properties, each an object of the next level: 20^12 nodes if unbounded.
    let mut doc = json!({"components": {"schemas": {}}});
    for level in 0..12 {
        let mut properties = Map::new();
        for i in 0..20 {
            let target = if level == 11 {
                json!({"type": "string"})
            } else {
                json!({"$ref": format!("#/components/schemas/L{}", level + 1)})
            };
            properties.insert(format!("p{i}"), target);
        }
        doc["components"]["schemas"][format!("L{level}")] =
            json!({"type": "object", "properties": properties});
    }
    let value = with_doc(&doc, "#/components/schemas/L0", Direction::Request);
    let count = count_nodes(&value);
    assert!((MAX_NODES / 2..=MAX_NODES + 50).contains(&count), "{count}");
    // Required properties are kept (as null) past the limit, still bounded.
    let mut wide = Map::new();
    for i in 0..5_000 {
        wide.insert(format!("f{i}"), json!({"type": "integer"}));
    }
    let names: Vec<String> = (0..5_000).map(|i| format!("f{i}")).collect();
    let value = request(json!({"type": "object", "properties": wide.clone()}));
    assert_eq!(value.as_object().map(Map::len), Some(MAX_NODES - 1));
    let value = request(json!({"type": "object", "properties": wide, "required": names}));
    let object = value.as_object().unwrap();
    assert_eq!(object.len(), 5_000);
    assert_eq!(object["f4999"], json!(null));
    assert_eq!(object["f0"], json!(0));
}

#[test]
fn deep_composition_nesting_terminates() {
    let mut schema = json!({"type": "integer"});
    for _ in 0..200 {
        schema = json!({"allOf": [schema]});
    }
    assert_eq!(request(schema), json!(null));
}

#[test]
fn output_is_deterministic() {
    let doc = json!({"components": {"schemas": {
        "A": {"type": "object", "properties": {
            "when": {"type": "string", "format": "date-time"},
            "id": {"type": "string", "format": "uuid"},
            "more": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}
        }}
    }}});
    let first = with_doc(&doc, "#/components/schemas/A", Direction::Response);
    let second = with_doc(&doc, "#/components/schemas/A", Direction::Response);
    assert_eq!(first, second);
}
