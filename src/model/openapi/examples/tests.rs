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
    let mut document = json!({"components": {"schemas": {
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
    // Schemas whose failures are several, one of which the validator reports first.
    let several = json!({
        "Ranked": {"type": "string", "enum": ["a", "cathedral"], "minLength": 2, "pattern": "^c"},
        "RankedBounds": {"maximum": 1, "minimum": 5, "enum": [7, "x"], "type": "integer"},
        "RankedRequired": {"required": ["name", "tags", "id"], "maxLength": 1, "type": ["object", "string"]},
        "SameTwice": {"allOf": [{"type": "object"}, {"$ref": "#/components/schemas/Loop"}]},
        "Two": {"properties": {"a": {"type": "integer"}, "b": {"type": "string"}}},
        "Unique": {"type": "array", "uniqueItems": true},
        "Fused": {"type": "object", "minItems": 1, "items": {"type": "string"}},
        "Written": {"type": "object", "required": ["id", "name"], "properties": {
            "id": {"type": "string", "readOnly": true},
            "name": {"$ref": "#/components/schemas/Nullable"},
            "secret": {"type": "string", "writeOnly": true}}},
        "Closed": {"type": "object", "additionalProperties": false, "required": ["a", "name", "id"],
            "properties": {"a": {"type": "integer"}, "name": {"type": "string"}}},
        "ClosedOne": {"additionalProperties": false, "required": ["name"], "enum": [{"name": "x"}],
            "properties": {"name": {"type": "string"}}},
        "Secret": {"allOf": [{"$ref": "#/components/schemas/Written"}, {"required": ["secret"]}]},
    });
    for (name, schema) in several.as_object().unwrap() {
        document["components"]["schemas"][name.as_str()] = schema.clone();
    }
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
        json!(["a", "a"]),
        json!([1, 1.0]),
        json!([{"a": [1, "x"]}, {"a": [1, "x"]}]),
        json!([{"a": 1, "b": 2}, {"b": 2, "a": 1.5}]),
        json!({"a": "x", "b": 1}),
        json!({"name": null}),
        json!({"name": "x", "secret": "s"}),
        json!({"id": "1", "name": "x"}),
        json!({"tags": 1}),
        json!(7),
        json!(0.5),
        json!("c"),
        json!("ca"),
    ];
    let resource = serde_json::Value::from(&document);
    let registry = validator::registry(&resource).expect("a registry");
    let (mut valid_decided, mut invalid_decided, mut worded, mut pairs) = (0, 0, 0, 0);
    let mut decided_by_pattern_or_bound = 0;
    let mut by_rank = 0;
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
        let Some(compiled) = validator::compile(&registry, &uri_fragment(&pointer)) else {
            continue;
        };
        for value in &values {
            let valid = compiled.is_valid(&serde_json::Value::from(value));
            if shortcut::certainly_invalid(&document, schema, value, 0) {
                assert!(
                    !valid,
                    "{name} said invalid for {value}, the validator disagrees"
                );
                invalid_decided += 1;
            }
            for (leniency, direction) in [
                (false, Direction::Neither),
                (true, Direction::Neither),
                (false, Direction::Request),
                (false, Direction::Response),
            ] {
                pairs += 1;
                let site = Site {
                    order: 0,
                    at: Vec::new(),
                    value,
                    direction,
                };
                // What the check reports when it compiles the schema.
                let reported =
                    validator::first_error(&document, &pointer, &compiled, &site, leniency);
                let said = format!("{name} for {value} ({direction:?}, leniency {leniency})");
                match Shortcut::new(&document, leniency).verdict(schema, value, direction) {
                    Verdict::Valid => {
                        assert_eq!(reported, None, "{said}: valid, the validator disagrees");
                        valid_decided += 1;
                        let keys = ["pattern", "minimum", "exclusiveMinimum"];
                        if keys.iter().any(|k| schema.get(*k).is_some()) {
                            decided_by_pattern_or_bound += 1;
                        }
                    }
                    Verdict::Invalid {
                        path,
                        text,
                        instance,
                    } => {
                        let message = message(&path, text, &instance);
                        assert_eq!(reported.as_ref(), Some(&message), "{said}");
                        worded += 1;
                        if name.starts_with("Ranked") {
                            by_rank += 1;
                        }
                    }
                    Verdict::Undecided => {}
                }
            }
        }
    }
    // It decides most pairs, or it spares nothing.
    assert!(
        valid_decided >= 100
            && invalid_decided >= 100
            && worded >= 300
            && decided_by_pattern_or_bound >= 80
            && by_rank >= 20,
        "{valid_decided} valid ({decided_by_pattern_or_bound} by a pattern or bound), \
         {invalid_decided} certainly invalid, {worded} worded ({by_rank} by rank) of {pairs}"
    );
    let shortcut = Shortcut::new(&document, false);
    let pet = lookup(
        &document,
        &["components".into(), "schemas".into(), "Either".into()],
    );
    assert!(shortcut.certainly_valid(pet.unwrap(), &json!({"name": "Rex"})));
    let schemas = &document["components"]["schemas"];
    let valid = |name: &str, value| shortcut.certainly_valid(&schemas[name], &value);
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
