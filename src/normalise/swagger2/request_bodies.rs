//! Request bodies: 2.0's body and form parameters become 3.0's `requestBody`, with one
//! `content` entry per media type.

use crate::doc::Value;
use crate::json;

use super::parameters::style;
use super::{copy, copy_extensions_except, Converter, Kind, Object, Param, MULTIPART, URLENCODED};
use crate::keys::Keys;

impl<'a> Converter<'a> {
    pub(super) fn body_request(&self, param: &Object, consumes: &[String]) -> Value {
        let mut out = Object::new();
        copy(param, &mut out, "description");
        let examples = param.key("x-examples");
        let (content, others) = self.content(param.key("schema"), consumes, examples, true);
        out.insert("content", Value::Object(content));
        copy(param, &mut out, "required");
        copy_extensions_except(param, &mut out, &["x-examples"]);
        if let Some(others) = others {
            out.insert("x-examples", others);
        }
        Value::Object(out)
    }

    /// All form fields of an operation as one object schema.
    fn form_request(&self, params: &[&Object], consumes: &[String]) -> Value {
        let mut properties = Object::new();
        let mut required = Vec::new();
        let mut encoding = Object::new();
        for param in params {
            let Some(name) = param.key("name").and_then(Value::as_str) else {
                continue;
            };
            properties.insert(name.to_string(), self.form_field(param));
            if param.key("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            let field_style = style(param, "formData");
            if !field_style.is_empty() {
                encoding.insert(name.to_string(), Value::Object(field_style));
            }
        }
        let mut schema = Object::new();
        schema.insert("type", json!("object"));
        schema.insert("properties", Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required", Value::Array(required.clone()));
        }
        let schema = Value::Object(schema);
        let content: Object = form_media_types(params, consumes)
            .into_iter()
            .map(|media_type| {
                let mut entry = Object::new();
                entry.insert("schema", schema.clone());
                // Encoding styles only apply to URL-encoded forms.
                if media_type == URLENCODED && !encoding.is_empty() {
                    entry.insert("encoding", Value::Object(encoding.clone()));
                }
                (media_type.to_string(), Value::Object(entry))
            })
            .collect();
        let mut out = Object::new();
        out.insert("content", Value::Object(content));
        if !required.is_empty() {
            out.insert("required", Value::Bool(true));
        }
        Value::Object(out)
    }

    fn form_field(&self, param: &Object) -> Value {
        let mut field = Object::new();
        copy(param, &mut field, "description");
        field.extend(self.keyword_schema(param));
        if let Some(example) = param.key("x-example") {
            field.insert("example", example.clone());
        }
        copy_extensions_except(param, &mut field, &["x-example", "x-nullable"]);
        Value::Object(field)
    }

    /// `content` for a body or a response: one entry per media type, plus one per media type
    /// that only an example names (the example says the API speaks it). Without a schema, a
    /// response has content only where it has examples; a request body always has content.
    /// Examples under keys that are not media types are returned apart, to be kept as
    /// `x-examples`.
    pub(super) fn content(
        &self,
        schema: Option<&Value>,
        media_types: &[String],
        examples: Option<&Value>,
        always: bool,
    ) -> (Object, Option<Value>) {
        let schema = schema.map(|s| self.schema(s, 0));
        let (examples, others): (Object, Object) = examples
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone()))
            .partition(|(key, _)| key.contains('/'));
        let mut out = Object::new();
        if schema.is_some() || always {
            for media_type in media_types {
                out.insert(media_type.clone(), Value::Object(Object::new()));
            }
        }
        for media_type in examples.keys() {
            out.entry(media_type.clone())
                .or_insert_with(|| Value::Object(Object::new()));
        }
        for (media_type, entry) in out.iter_mut() {
            let Value::Object(entry) = entry else {
                continue;
            };
            if let Some(schema) = &schema {
                entry.insert("schema", schema.clone());
            }
            if let Some(example) = examples.get(media_type) {
                entry.insert("example", example.clone());
            }
        }
        // 2.0 gives one schema to all of an operation's media types: Kubernetes' 3 to 7 per
        // response were 6,400 copies, a quarter of the converted document. A media type whose
        // object is the first one's is left `null` (see `media_object`).
        let first = out.values().next().cloned();
        for entry in out.values_mut().skip(1) {
            if Some(&*entry) == first.as_ref() {
                *entry = Value::Null;
            }
        }
        (out, (!others.is_empty()).then_some(Value::Object(others)))
    }

    /// The operation's request body, from its own body or form parameters or those it inherits
    /// from the path (an operation's parameter overrides a path one with the same name and
    /// location). 2.0 forbids body and form parameters together; when both occur, the body wins.
    pub(super) fn request_body(
        &self,
        own: &[Param<'a>],
        inherited: &[Param<'a>],
        consumes: &[String],
    ) -> Option<Value> {
        let overridden = |p: &Param| p.key.is_some() && own.iter().any(|o| o.key == p.key);
        let inherited: Vec<&Param<'a>> = inherited.iter().filter(|p| !overridden(p)).collect();
        let is_body = |p: &&Param| matches!(p.kind, Kind::Body { .. });
        let body = own.iter().find(is_body).or_else(|| {
            let own_form = own.iter().any(|p| matches!(p.kind, Kind::FormData(_)));
            (!own_form)
                .then(|| inherited.iter().copied().find(is_body))
                .flatten()
        });
        if let Some(Param {
            kind: Kind::Body { param, component },
            ..
        }) = body
        {
            return Some(match component {
                Some(component) if consumes == self.consumes => json!({ "$ref": component }),
                _ => self.body_request(param, consumes),
            });
        }
        let fields: Vec<&Object> = inherited
            .iter()
            .copied()
            .chain(own)
            .filter_map(|p| match p.kind {
                Kind::FormData(param) => Some(param),
                _ => None,
            })
            .collect();
        (!fields.is_empty()).then(|| self.form_request(&fields, consumes))
    }
}

/// The form media types: multipart when a field is a file (URL-encoding cannot carry one),
/// else those of the two that `consumes` names, else URL-encoded.
fn form_media_types(params: &[&Object], consumes: &[String]) -> Vec<&'static str> {
    let has_file = params
        .iter()
        .any(|p| p.key("type").and_then(Value::as_str) == Some("file"));
    if has_file {
        return vec![MULTIPART];
    }
    let named: Vec<&'static str> = consumes
        .iter()
        .filter_map(|m| [MULTIPART, URLENCODED].into_iter().find(|f| m == f))
        .collect();
    if named.is_empty() {
        vec![URLENCODED]
    } else {
        named
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, operation};
    use super::super::{convert, MULTIPART, URLENCODED};
    use crate::doc::Value;
    use crate::json;

    #[test]
    fn a_body_parameter_becomes_a_request_body_per_consumed_media_type() {
        let mut input = doc(json!({"/pets": {"post": {
            "consumes": ["application/json", "application/xml"],
            "parameters": [
                {"name": "pet", "in": "body", "description": "the pet", "required": true,
                 "schema": {"$ref": "#/definitions/Pet", "example": {"name": "Rex"}},
                 "x-examples": {"application/json": {"name": "Fido"},
                                "text/plain": "Fido", "default": "Rex"},
                 "x-audience": "public"},
                {"name": "dry", "in": "query", "type": "boolean"},
            ],
            "responses": {"201": {"description": "created"}},
        }}}));
        input["consumes"] = json!(["text/csv"]);
        let out = convert(&input);
        let post = operation(&out, "/pets", "post");
        let schema = json!({"$ref": "#/components/schemas/Pet", "example": {"name": "Rex"}});
        assert_eq!(
            post["requestBody"],
            json!({
                "description": "the pet",
                "content": {
                    "application/json": {"schema": schema, "example": {"name": "Fido"}},
                    "application/xml": {"schema": schema},
                    "text/plain": {"schema": schema, "example": "Fido"},
                },
                "required": true,
                "x-audience": "public",
                // Not a media type: kept where it was.
                "x-examples": {"default": "Rex"},
            })
        );
        assert_eq!(post["parameters"].as_array().unwrap().len(), 1);
        assert!(post.get("consumes").is_none());
        let keys: Vec<&str> = post
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys, ["parameters", "requestBody", "responses"]);
    }

    #[test]
    fn a_body_without_consumes_is_json_and_global_consumes_apply() {
        let body = json!({"name": "b", "in": "body", "schema": {"type": "string"}});
        let out = convert(&doc(json!({"/a": {"put": {"parameters": [body.clone()]}}})));
        let content = &operation(&out, "/a", "put")["requestBody"]["content"];
        assert_eq!(
            content,
            &json!({"application/json": {"schema": {"type": "string"}}})
        );

        let mut input = doc(json!({"/a": {"put": {"parameters": [body]}}}));
        input["consumes"] = json!(["application/yaml"]);
        let out = convert(&input);
        let content = &operation(&out, "/a", "put")["requestBody"]["content"];
        assert_eq!(
            content,
            &json!({"application/yaml": {"schema": {"type": "string"}}})
        );
    }

    #[test]
    fn form_data_with_a_file_is_multipart() {
        let out = convert(&doc(json!({"/upload": {"post": {
            "consumes": ["application/x-www-form-urlencoded"],
            "parameters": [
                {"name": "file", "in": "formData", "type": "file", "required": true,
                 "description": "the file"},
                {"name": "note", "in": "formData", "type": "string", "maxLength": 80},
                {"name": "id", "in": "query", "type": "string"},
            ],
            "responses": {"200": {"description": "ok"}},
        }}})));
        let post = operation(&out, "/upload", "post");
        assert_eq!(
            post["requestBody"],
            json!({
                "content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "properties": {
                        "file": {"description": "the file", "type": "string", "format": "binary"},
                        "note": {"type": "string", "maxLength": 80},
                    },
                    "required": ["file"],
                }}},
                "required": true,
            })
        );
        assert_eq!(
            post["parameters"],
            json!([{"name": "id", "in": "query", "schema": {"type": "string"}}])
        );
    }

    #[test]
    fn form_data_media_types_follow_consumes() {
        let form = |consumes: Value| {
            let out = convert(&doc(json!({"/f": {"post": {
                "consumes": consumes,
                "parameters": [{"name": "a", "in": "formData", "type": "string",
                                "x-example": "x", "x-nullable": true}],
            }}})));
            out["paths"]["/f"]["post"]["requestBody"]["content"].clone()
        };
        let field = json!({"type": "object", "properties": {
            "a": {"type": "string", "nullable": true, "example": "x"}}});
        assert_eq!(form(json!([])), json!({URLENCODED: {"schema": field}}));
        assert_eq!(
            form(json!(["application/json", "multipart/form-data"])),
            json!({MULTIPART: {"schema": field}})
        );
        let both = form(json!([
            "multipart/form-data",
            "application/x-www-form-urlencoded"
        ]));
        assert_eq!(both.as_object().unwrap().len(), 2);
    }

    #[test]
    fn url_encoded_form_arrays_get_an_encoding() {
        let out = convert(&doc(json!({"/f": {"post": {"parameters": [
            {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"},
             "collectionFormat": "multi"},
            {"name": "ids", "in": "formData", "type": "array", "items": {"type": "integer"}},
        ]}}})));
        let entry = &operation(&out, "/f", "post")["requestBody"]["content"][URLENCODED];
        assert_eq!(
            entry["encoding"],
            json!({"tags": {"style": "form", "explode": true},
                   "ids": {"style": "form", "explode": false}})
        );
        assert!(operation(&out, "/f", "post").get("parameters").is_none());
    }
}
