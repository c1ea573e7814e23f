//! Responses: content per produced media type, examples, headers, and refs to shared ones.

use crate::doc::Value;
use crate::json;

use super::parameters::style;
use super::{copy, copy_extensions, copy_extensions_except, Converter, Object};
use crate::keys::Keys;

impl<'a> Converter<'a> {
    pub(super) fn responses(&self, responses: &Object, produces: &[String]) -> Object {
        let mut out = Object::new();
        for (code, response) in responses {
            if code.starts_with("x-") {
                out.insert(code.clone(), response.clone());
            } else if let Some(converted) = self.response_or_ref(response, produces) {
                out.insert(code.clone(), converted);
            }
        }
        out
    }

    /// A ref to a global response stays a ref when the media types are the document's;
    /// otherwise the response is inlined with the operation's own `produces`.
    pub(super) fn response_or_ref(&self, response: &Value, produces: &[String]) -> Option<Value> {
        let map = response.as_object()?;
        let Some(reference) = map.key("$ref") else {
            return Some(self.response(map, produces));
        };
        let target = reference
            .as_str()
            .and_then(|r| self.resolve(r))
            .and_then(Value::as_object);
        match target {
            Some(target) if produces != self.produces => Some(self.response(target, produces)),
            _ => Some(self.rewritten_ref(reference)),
        }
    }

    fn response(&self, response: &Object, produces: &[String]) -> Value {
        let mut out = Object::new();
        let description = response.key("description").filter(|d| d.is_string());
        out.insert(
            "description",
            description.cloned().unwrap_or_else(|| json!("")),
        );
        if let Some(Value::Object(headers)) = response.key("headers") {
            let headers: Object = headers
                .iter()
                .filter_map(|(name, h)| Some((name.clone(), self.header(h)?)))
                .collect();
            out.insert("headers", Value::Object(headers));
        }
        let examples = response.key("examples");
        let (content, others) = self.content(response.key("schema"), produces, examples, false);
        if !content.is_empty() {
            out.insert("content", Value::Object(content));
        }
        copy_extensions(response, &mut out);
        if let Some(others) = others {
            out.entry("x-examples").or_insert(others);
        }
        Value::Object(out)
    }

    fn header(&self, header: &Value) -> Option<Value> {
        let map = header.as_object()?;
        if let Some(reference) = map.key("$ref") {
            return Some(self.rewritten_ref(reference));
        }
        let mut out = Object::new();
        copy(map, &mut out, "description");
        out.extend(style(map, "header"));
        out.insert("schema", Value::Object(self.keyword_schema(map)));
        if let Some(example) = map.key("x-example") {
            out.insert("example", example.clone());
        }
        copy_extensions_except(map, &mut out, &["x-example", "x-nullable"]);
        Some(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::super::tests::{doc, operation};
    use crate::json;

    #[test]
    fn responses_get_content_examples_and_headers() {
        let mut input = doc(json!({"/a": {"get": {
            "produces": ["application/json", "text/csv"],
            "responses": {
                "200": {
                    "description": "ok",
                    "schema": {"$ref": "#/definitions/Pet", "x-nullable": true},
                    "examples": {"application/json": {"name": "Rex"}, "application/xml": "<a/>"},
                    "headers": {
                        "X-Rate": {"type": "integer", "description": "left", "x-example": 5},
                        "X-Ids": {"type": "array", "items": {"type": "string"},
                                  "collectionFormat": "csv"},
                    },
                    "x-resp": true,
                },
                "204": {},
                "404": {"$ref": "#/responses/NotFound"},
                "x-ext": {"any": 1},
            },
        }, "put": {
            "responses": {"404": {"$ref": "#/responses/NotFound"}},
        }}}));
        input["responses"] = json!({"NotFound": {"description": "gone",
                                                "schema": {"type": "file"}}});
        let out = convert(&input);
        let responses = &operation(&out, "/a", "get")["responses"];
        let schema = json!({"$ref": "#/components/schemas/Pet", "nullable": true});
        assert_eq!(
            responses["200"],
            json!({
                "description": "ok",
                "headers": {
                    "X-Rate": {"description": "left", "schema": {"type": "integer"}, "example": 5},
                    "X-Ids": {"style": "simple", "schema": {"type": "array",
                                                            "items": {"type": "string"}}},
                },
                "content": {
                    "application/json": {"schema": schema, "example": {"name": "Rex"}},
                    "text/csv": {"schema": schema},
                    "application/xml": {"schema": schema, "example": "<a/>"},
                },
                "x-resp": true,
            })
        );
        assert_eq!(responses["204"], json!({"description": ""}));
        assert_eq!(responses["x-ext"], json!({"any": 1}));
        // Other media types than the document's: the shared response is inlined, and its second
        // media type, the same as the first, is left to stand for it (`media_object`).
        let content = responses["404"]["content"].as_object().unwrap();
        assert_eq!(content["application/json"]["schema"]["format"], "binary");
        assert!(content["text/csv"].is_null());
        let csv = super::super::media_object(content, &content["text/csv"], true);
        assert_eq!(csv["schema"]["format"], "binary");
        assert!(super::super::media_object(content, &content["text/csv"], false).is_null());
        assert_eq!(
            operation(&out, "/a", "put")["responses"]["404"],
            json!({"$ref": "#/components/responses/NotFound"})
        );
        assert_eq!(
            out["components"]["responses"]["NotFound"],
            json!({"description": "gone", "content": {"application/json": {
                "schema": {"type": "string", "format": "binary"}}}})
        );
    }
}
