//! Paths: path items and their operations, with path-level parameters shared or inherited.

use crate::doc::Value;

use super::parameters::plain_parameters;
use super::{compact, media_types, Converter, Kind, Object, Param};
use crate::keys::Keys;

pub(super) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

impl<'a> Converter<'a> {
    pub(super) fn paths(&self) -> Object {
        let Some(Value::Object(paths)) = self.root.key("paths") else {
            return Object::new();
        };
        let mut out = Object::new();
        for (path, item) in paths {
            if path.starts_with("x-") {
                out.insert(path.clone(), item.clone());
            } else if let Value::Object(item) = item {
                let mut item = Value::Object(self.path_item(item));
                compact(&mut item);
                out.insert(path.clone(), item);
            }
        }
        out
    }

    fn path_item(&self, item: &'a Object) -> Object {
        let (shared, inherited) = self.path_parameters(item.key("parameters"));
        let mut out = Object::new();
        for (key, value) in item {
            match (key.as_str(), value) {
                ("$ref", reference) => {
                    if let Value::Object(r) = self.rewritten_ref(reference) {
                        out.extend(r);
                    }
                }
                ("parameters", _) if !shared.is_empty() => {
                    out.insert(key.clone(), Value::Array(shared.clone()));
                }
                (method, Value::Object(operation)) if METHODS.contains(&method) => {
                    let operation = self.operation(operation, &inherited);
                    out.insert(key.clone(), Value::Object(operation));
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        out
    }

    /// Split path-level parameters into those 3.0 keeps on the path item and the body and form
    /// parameters that every operation inherits into its request body.
    fn path_parameters(&self, params: Option<&'a Value>) -> (Vec<Value>, Vec<Param<'a>>) {
        let mut shared = Vec::new();
        let mut inherited = Vec::new();
        for param in params.and_then(Value::as_array).into_iter().flatten() {
            match self.classify(param) {
                Some(Param {
                    kind: Kind::Parameter(converted),
                    ..
                }) => shared.push(converted),
                Some(other) => inherited.push(other),
                None => {}
            }
        }
        (shared, inherited)
    }

    fn operation(&self, operation: &'a Object, inherited: &[Param<'a>]) -> Object {
        let consumes = media_types(operation.key("consumes"), self.root.key("consumes"));
        let produces = media_types(operation.key("produces"), self.root.key("produces"));
        let own: Vec<Param<'a>> = operation
            .key("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| self.classify(p))
            .collect();
        let mut request_body = self.request_body(&own, inherited, &consumes);
        let mut out = Object::new();
        for (key, value) in operation {
            match key.as_str() {
                "tags" | "summary" | "description" | "externalDocs" | "operationId"
                | "deprecated" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                "parameters" => {
                    let params = plain_parameters(&own);
                    if !params.is_empty() {
                        out.insert(key.clone(), Value::Array(params));
                    }
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody", body);
                    }
                }
                "responses" => {
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody", body);
                    }
                    if let Value::Object(responses) = value {
                        let responses = self.responses(responses, &produces);
                        out.insert(key.clone(), Value::Object(responses));
                    }
                }
                "schemes" => {
                    if let Some(servers) = self.operation_servers(value) {
                        out.insert("servers", servers);
                    }
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if let Some(body) = request_body {
            out.insert("requestBody", body);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, operation};
    use super::super::{convert, URLENCODED};
    use crate::json;

    #[test]
    fn path_level_parameters_are_converted_and_bodies_move_into_operations() {
        let out = convert(&doc(json!({"/pets/{id}": {
            "x-path-ext": 1,
            "parameters": [
                {"name": "id", "in": "path", "required": true, "type": "integer"},
                {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}},
                {"$ref": "#/parameters/trace"},
            ],
            "get": {"responses": {"200": {"description": "ok"}}},
            "put": {"parameters": [{"name": "pet", "in": "body",
                                    "schema": {"$ref": "#/definitions/NewPet"}}]},
            "patch": {"parameters": [{"name": "v", "in": "query", "type": "string"}]},
        }})));
        let item = &out["paths"]["/pets/{id}"];
        assert_eq!(item["x-path-ext"], 1);
        assert_eq!(
            item["parameters"],
            json!([
                {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
                {"$ref": "#/components/parameters/trace"},
            ])
        );
        // The path's body goes to every operation, unless the operation has its own.
        let pet = json!({"$ref": "#/components/schemas/Pet"});
        assert_eq!(
            item["get"]["requestBody"]["content"]["application/json"]["schema"],
            pet
        );
        assert_eq!(
            item["patch"]["requestBody"]["content"]["application/json"]["schema"],
            pet
        );
        assert_eq!(
            item["put"]["requestBody"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/NewPet"})
        );
        assert!(item["get"].get("parameters").is_none());
        let keys: Vec<&str> = item["get"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys, ["requestBody", "responses"]);
    }

    #[test]
    fn path_level_form_fields_merge_with_the_operations() {
        let out = convert(&doc(json!({"/f": {
            "parameters": [
                {"name": "a", "in": "formData", "type": "string"},
                {"name": "b", "in": "formData", "type": "string"},
            ],
            "post": {"parameters": [{"name": "b", "in": "formData", "type": "integer"}]},
        }})));
        let schema = &operation(&out, "/f", "post")["requestBody"]["content"][URLENCODED]["schema"];
        assert_eq!(
            schema["properties"],
            json!({"a": {"type": "string"}, "b": {"type": "integer"}})
        );
        assert!(out["paths"]["/f"].get("parameters").is_none());
    }

    #[test]
    fn operation_fields_and_extensions_are_copied() {
        let op = json!({
            "tags": ["pets"], "summary": "s", "description": "d",
            "externalDocs": {"url": "https://e.io"}, "operationId": "op",
            "deprecated": true, "security": [{"k": []}], "x-op": {"a": 1},
            "responses": {"200": {"description": "ok"}},
        });
        let out = convert(&doc(json!({"/a": {"get": op.clone()}})));
        assert_eq!(operation(&out, "/a", "get"), &op);
    }
}
