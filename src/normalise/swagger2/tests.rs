//! Tests of the conversion as a whole (top level, servers, order, hostile input), and the
//! fixtures the other files' tests share.

use super::*;

/// A minimal 2.0 document around the given paths.
pub(super) fn doc(paths: Value) -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
    })
}

pub(super) fn operation<'v>(converted: &'v Value, path: &str, method: &str) -> &'v Value {
    &converted["paths"][path][method]
}

#[test]
fn top_level_fields_are_copied_and_2_0_keys_dropped() {
    let input = json!({
        "swagger": "2.0",
        "info": {"title": "T", "version": "1", "x-logo": {"url": "l.png"}},
        "host": "api.example.com",
        "basePath": "/v1",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "tags": [{"name": "pets", "x-order": 1}],
        "externalDocs": {"url": "https://docs.example.com"},
        "security": [{"key": []}],
        "securityDefinitions": {"key": {"type": "apiKey", "name": "k", "in": "header"}},
        "definitions": {"Pet": {"type": "object"}},
        "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer"}},
        "responses": {"NotFound": {"description": "gone"}},
        "paths": {},
        "x-top": {"$ref": "#/definitions/Pet"},
    });
    let out = convert(&input);
    assert_eq!(out["openapi"], "3.0.3");
    assert_eq!(out["info"], input["info"]);
    assert_eq!(out["tags"], input["tags"]);
    assert_eq!(out["externalDocs"], input["externalDocs"]);
    assert_eq!(out["security"], input["security"]);
    // Extensions are user data: a ref inside one is not rewritten.
    assert_eq!(out["x-top"], json!({"$ref": "#/definitions/Pet"}));
    for key in [
        "swagger",
        "host",
        "basePath",
        "schemes",
        "consumes",
        "produces",
        "definitions",
        "securityDefinitions",
        "parameters",
        "responses",
    ] {
        assert!(out.get(key).is_none(), "{key} should be gone");
    }
    let keys: Vec<&str> = out
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys[0], "openapi");
}

#[test]
fn servers_come_from_host_base_path_and_schemes() {
    let servers = |fields: Value| {
        let mut input = doc(json!({}));
        input
            .as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        convert(&input).get("servers").cloned()
    };
    assert_eq!(
        servers(json!({"host": "h.io", "basePath": "/v1", "schemes": ["http", "https"]})),
        Some(json!([{"url": "http://h.io/v1"}, {"url": "https://h.io/v1"}]))
    );
    assert_eq!(
        servers(json!({"host": "h.io:8080"})),
        Some(json!([{"url": "https://h.io:8080"}]))
    );
    assert_eq!(
        servers(json!({"host": "h.io", "basePath": "/"})),
        Some(json!([{"url": "https://h.io"}]))
    );
    assert_eq!(
        servers(json!({"basePath": "/v1", "schemes": ["http"]})),
        Some(json!([{"url": "/v1"}]))
    );
    assert_eq!(servers(json!({"schemes": ["http"]})), None);
    assert_eq!(
        servers(json!({"host": "h.io", "schemes": "https"})),
        Some(json!([{"url": "https://h.io"}]))
    );
}

#[test]
fn operation_schemes_that_differ_become_operation_servers() {
    let mut input = doc(json!({"/a": {
        "get": {"schemes": ["wss"], "responses": {}},
        "put": {"schemes": ["https"], "responses": {}},
    }}));
    input["host"] = json!("h.io");
    input["schemes"] = json!(["https"]);
    let out = convert(&input);
    assert_eq!(
        operation(&out, "/a", "get")["servers"],
        json!([{"url": "wss://h.io"}])
    );
    assert!(operation(&out, "/a", "put").get("servers").is_none());
    assert!(operation(&out, "/a", "get").get("schemes").is_none());
}

#[test]
fn order_of_paths_operations_and_properties_is_kept() {
    let mut input = doc(json!({
        "/z": {"post": {}, "get": {}},
        "/a": {"delete": {}},
    }));
    input["definitions"] = json!({"B": {"properties": {"z": {}, "a": {}}}, "A": {}});
    let out = convert(&input);
    let paths: Vec<&str> = out["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(paths, ["/z", "/a"]);
    let methods: Vec<&str> = out["paths"]["/z"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(methods, ["post", "get"]);
    let schemas: Vec<&str> = out["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(schemas, ["B", "A"]);
    let props: Vec<&str> = out["components"]["schemas"]["B"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(props, ["z", "a"]);
}

#[test]
fn garbage_does_not_panic() {
    let inputs = [
        json!({"swagger": "2.0", "paths": 5}),
        json!([1, 2]),
        json!(null),
        json!("swagger"),
        json!({"swagger": "2.0", "host": 7, "basePath": [], "schemes": [1, "http"],
               "consumes": "json", "produces": {}, "definitions": [], "parameters": 3,
               "responses": "r", "securityDefinitions": {"a": {"type": "oauth2"}}}),
        json!({"swagger": "2.0", "paths": {
            "/a": {"parameters": "p", "get": {"parameters": ["x", 1, null, {"in": 3},
                    {"name": "n"}, {"$ref": 5}, {"$ref": "#/nowhere"},
                    {"name": "b", "in": "body", "schema": 3, "x-examples": 4},
                    {"name": "f", "in": "formData"}, {"in": "formData", "type": "file"}],
                   "responses": {"200": "ok", "201": {"description": 5, "headers": 3,
                                 "schema": [1], "examples": [2]},
                                 "300": {"headers": {"h": 1, "i": {"$ref": 2}}},
                                 "400": {"$ref": "#/responses/missing"}}},
                   "put": [], "post": {"responses": [], "consumes": 1, "schemes": 2},
                   "$ref": 9},
            "/b": 1,
        }}),
        json!({"swagger": "2.0", "parameters": {"a": {"$ref": "#/parameters/b"},
                                                "b": {"$ref": "#/parameters/a"}},
               "paths": {"/a": {"get": {"parameters": [{"$ref": "#/parameters/a"}]}}}}),
        json!({"swagger": "2.0", "definitions": {"A": {"properties": 1, "items": "x",
               "allOf": {"a": 1}, "$ref": 1, "discriminator": {"propertyName": "k"}}}}),
    ];
    for input in &inputs {
        let out = convert(input);
        assert_eq!(out["openapi"], "3.0.3");
        assert!(out["paths"].is_object());
    }
}

#[test]
fn compacting_keeps_every_entry_and_its_order() {
    let mut map = Object::new();
    for key in ["z", "a", "m"] {
        map.insert(key, json!([{"y": 1, "b": [null, true, "s"]}, {}]));
    }
    let mut value = json!({"outer": Value::Object(map), "list": [3, {"q": {"p": {}}}, []]});
    let before = serde_json::to_string(&value).unwrap();
    compact(&mut value);
    assert_eq!(serde_json::to_string(&value).unwrap(), before);
    assert!(before.starts_with(r#"{"outer":{"z":[{"y":1,"b":[null,true,"s"]},{}],"a""#));
}

#[test]
fn media_types_with_the_same_object_as_the_first_stand_for_it() {
    let mut input = doc(json!({"/a": {"post": {
        "consumes": ["application/json", "application/yaml"],
        "produces": ["application/json", "application/yaml", "text/csv"],
        "parameters": [{"name": "b", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}],
        "responses": {
            "200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"},
                    "examples": {"text/csv": "a,b"}},
            "201": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}},
        },
    }}}));
    input["definitions"] = json!({"Pet": {"type": "object"}});
    let out = convert(&input);
    let op = operation(&out, "/a", "post");
    let pet = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    let content = |value: &Value| value["content"].as_object().unwrap().clone();
    let body = content(&op["requestBody"]);
    assert_eq!(body["application/json"], pet);
    assert!(body["application/yaml"].is_null());
    // Only a media type the same as the first stands for it; one with its own example does not.
    let ok = content(&op["responses"]["200"]);
    assert!(ok["application/yaml"].is_null());
    assert_eq!(ok["text/csv"]["example"], "a,b");
    let created = content(&op["responses"]["201"]);
    let keys: Vec<&str> = created.keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["application/json", "application/yaml", "text/csv"]);
    for (_, media) in &created {
        assert_eq!(media_object(&created, media, true), &pet);
    }
}
