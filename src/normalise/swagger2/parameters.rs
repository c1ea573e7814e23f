//! Parameters: sorting 2.0 parameters into what they become in 3.0, and converting the ones
//! that stay parameters (path, query, header, cookie).

use crate::doc::Value;
use crate::json;

use super::{copy, copy_extensions_except, Converter, Kind, Object, Param};
use crate::keys::Keys;

impl<'a> Converter<'a> {
    /// Sort a 2.0 parameter (or ref to one) into what it becomes in 3.0. `None` when it is not
    /// a parameter at all.
    pub(super) fn classify(&self, raw: &'a Value) -> Option<Param<'a>> {
        let map = raw.as_object()?;
        let Some(reference) = map.key("$ref") else {
            return self.classify_object(map, None);
        };
        let Some(target) = reference.as_str().and_then(|r| self.resolve(r)) else {
            // Another file or a dangling ref: keep it, its kind is unknown.
            return Some(Param {
                key: None,
                kind: Kind::Parameter(self.rewritten_ref(reference)),
            });
        };
        let target = target.as_object()?;
        let reference = reference.as_str().unwrap_or_default();
        let component = reference
            .strip_prefix("#/parameters/")
            .filter(|name| !name.contains('/'))
            .map(|_| self.rewrite_ref(reference));
        match (self.classify_object(target, component.clone())?, component) {
            // A global non-body parameter stays a ref to its component.
            (
                Param {
                    key,
                    kind: Kind::Parameter(_),
                },
                Some(component),
            ) => Some(Param {
                key,
                kind: Kind::Parameter(json!({ "$ref": component })),
            }),
            (param, _) => Some(param),
        }
    }

    pub(super) fn classify_object(
        &self,
        param: &'a Object,
        component: Option<String>,
    ) -> Option<Param<'a>> {
        let name = param.key("name").and_then(Value::as_str);
        let location = param.key("in").and_then(Value::as_str);
        let key = name
            .zip(location)
            .map(|(n, l)| (n.to_string(), l.to_string()));
        let kind = match location? {
            "body" => Kind::Body { param, component },
            "formData" => Kind::FormData(param),
            _ => Kind::Parameter(self.parameter(param)?),
        };
        Some(Param { key, kind })
    }

    /// A global parameter (`#/parameters/{name}`), following refs.
    pub(super) fn global_parameter(&self, name: &str) -> Option<&'a Object> {
        let raw = self.root.key("parameters")?.get(name)?;
        let target = match raw.key("$ref").and_then(Value::as_str) {
            Some(reference) => self.resolve(reference)?,
            None => raw,
        };
        target.as_object()
    }

    /// Where a global parameter goes. Only reads `in`, so that rewriting a ref never converts
    /// (and so never recurses into) another parameter.
    pub(super) fn global_location(&self, name: &str) -> Option<&'a str> {
        self.global_parameter(name)?.key("in")?.as_str()
    }

    /// A path, query, header or cookie parameter. `None` when it has no name or an unknown
    /// location, which 3.0 cannot express.
    fn parameter(&self, param: &Object) -> Option<Value> {
        let name = param.key("name").and_then(Value::as_str)?;
        let location = param.key("in").and_then(Value::as_str)?;
        if !matches!(location, "path" | "query" | "header" | "cookie") {
            return None;
        }
        let mut out = Object::new();
        out.insert("name", json!(name));
        out.insert("in", json!(location));
        copy(param, &mut out, "description");
        if location == "path" {
            // Both versions require it; 2.0 documents sometimes leave it out.
            out.insert("required", Value::Bool(true));
        } else {
            copy(param, &mut out, "required");
        }
        for key in ["deprecated", "allowEmptyValue"] {
            copy(param, &mut out, key);
        }
        out.extend(style(param, location));
        let mut schema = self.keyword_schema(param);
        // Some 2.0 documents give a non-body parameter a `schema`; use it when the keywords
        // say nothing.
        if let (true, Some(own)) = (schema.is_empty(), param.key("schema")) {
            if let Value::Object(own) = self.schema(own, 0) {
                schema = own;
            }
        }
        out.insert("schema", Value::Object(schema));
        if let Some(example) = param.key("x-example") {
            out.insert("example", example.clone());
        }
        copy_extensions_except(param, &mut out, &["x-example", "x-nullable"]);
        Some(Value::Object(out))
    }
}

/// The parameters that stay parameters in 3.0 (bodies and form fields make the request body).
pub(super) fn plain_parameters(params: &[Param]) -> Vec<Value> {
    params
        .iter()
        .filter_map(|p| match &p.kind {
            Kind::Parameter(converted) => Some(converted.clone()),
            _ => None,
        })
        .collect()
}

/// 3.0's `style`/`explode` for a 2.0 `collectionFormat`. An array without one is `csv` in 2.0,
/// which for queries and forms differs from 3.0's default (`explode: true`), so it is spelled
/// out there.
pub(super) fn style(param: &Object, location: &str) -> Object {
    let is_array = param.key("type").and_then(Value::as_str) == Some("array");
    let form_like = matches!(location, "query" | "cookie" | "formData");
    let format = match param.key("collectionFormat") {
        Some(Value::String(format)) => format.as_str(),
        _ if is_array && form_like => "csv",
        _ => return Object::new(),
    };
    let mut out = Object::new();
    let mut set = |key: &str, value: Value| {
        out.insert(key.to_string(), value);
    };
    // Path and header values only have 3.0's `simple` style; queries and forms have the rest.
    match (format, form_like) {
        ("csv", true) => {
            set("style", json!("form"));
            set("explode", json!(false));
        }
        ("ssv", true) => {
            set("style", json!("spaceDelimited"));
            set("explode", json!(false));
        }
        ("pipes", true) => {
            set("style", json!("pipeDelimited"));
            set("explode", json!(false));
        }
        ("multi", true) => {
            set("style", json!("form"));
            set("explode", json!(true));
        }
        ("csv", false) => set("style", json!("simple")),
        // No 3.0 equivalent (tab-separated, or a delimiter a path cannot have): the closest
        // style, and the original kept for tools that know it.
        (other, true) => {
            set("style", json!("form"));
            set("explode", json!(false));
            set("x-collectionFormat", json!(other));
        }
        (other, false) => {
            set("style", json!("simple"));
            set("x-collectionFormat", json!(other));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::super::tests::{doc, operation};
    use crate::json;

    #[test]
    fn a_get_with_only_query_parameters_has_no_request_body() {
        let out = convert(&doc(json!({"/pets": {"get": {
            "parameters": [
                {"name": "limit", "in": "query", "type": "integer", "format": "int32",
                 "minimum": 1, "maximum": 100, "default": 20, "description": "max",
                 "x-example": 10, "x-internal": true},
                {"name": "X-Trace", "in": "header", "type": "string", "required": false},
            ],
            "responses": {"200": {"description": "ok"}},
        }}})));
        let get = operation(&out, "/pets", "get");
        assert!(get.get("requestBody").is_none());
        assert_eq!(
            get["parameters"][0],
            json!({
                "name": "limit", "in": "query", "description": "max",
                "schema": {"type": "integer", "format": "int32", "minimum": 1,
                           "maximum": 100, "default": 20},
                "example": 10, "x-internal": true,
            })
        );
        assert_eq!(
            get["parameters"][1],
            json!({"name": "X-Trace", "in": "header", "required": false,
                   "schema": {"type": "string"}})
        );
    }

    #[test]
    fn parameter_keywords_move_into_the_schema() {
        let out = convert(&doc(json!({"/a/{id}": {"get": {
            "parameters": [
                {"name": "id", "in": "path", "type": "string", "pattern": "^[a-z]+$",
                 "minLength": 1, "maxLength": 9},
                {"name": "q", "in": "query", "type": "number", "exclusiveMinimum": true,
                 "minimum": 0, "exclusiveMaximum": false, "maximum": 1, "multipleOf": 0.5,
                 "enum": [0, 0.5, 1], "allowEmptyValue": true, "deprecated": true,
                 "x-nullable": true},
                {"name": "ids", "in": "query", "type": "array", "minItems": 1, "maxItems": 5,
                 "uniqueItems": true, "collectionFormat": "multi",
                 "items": {"type": "integer", "enum": [1, 2]}},
            ],
            "responses": {},
        }}})));
        let params = &operation(&out, "/a/{id}", "get")["parameters"];
        assert_eq!(
            params[0]["required"], true,
            "path parameters are always required"
        );
        assert_eq!(
            params[0]["schema"],
            json!({"type": "string", "pattern": "^[a-z]+$", "minLength": 1, "maxLength": 9})
        );
        assert_eq!(
            params[1],
            json!({
                "name": "q", "in": "query", "deprecated": true, "allowEmptyValue": true,
                "schema": {"type": "number", "exclusiveMinimum": true, "minimum": 0,
                           "exclusiveMaximum": false, "maximum": 1, "multipleOf": 0.5,
                           "enum": [0, 0.5, 1], "nullable": true},
            })
        );
        assert_eq!(params[2]["style"], "form");
        assert_eq!(params[2]["explode"], true);
        assert_eq!(
            params[2]["schema"],
            json!({"type": "array", "minItems": 1, "maxItems": 5, "uniqueItems": true,
                   "items": {"type": "integer", "enum": [1, 2]}})
        );
    }

    #[test]
    fn collection_formats_become_styles() {
        let param = |location: &str, format: Option<&str>| {
            let mut p = json!({"name": "v", "in": location, "type": "array",
                               "items": {"type": "string"}});
            if let Some(format) = format {
                p["collectionFormat"] = json!(format);
            }
            let out = convert(&doc(json!({"/{v}": {"get": {"parameters": [p]}}})));
            let mut converted = out["paths"]["/{v}"]["get"]["parameters"][0].clone();
            let map = converted.as_object_mut().unwrap();
            map.retain(|k, _| matches!(k.as_str(), "style" | "explode" | "x-collectionFormat"));
            converted
        };
        let form = json!({"style": "form", "explode": false});
        assert_eq!(param("query", Some("csv")), form);
        // csv is 2.0's default, and not 3.0's.
        assert_eq!(param("query", None), form);
        assert_eq!(param("path", Some("csv")), json!({"style": "simple"}));
        assert_eq!(param("header", Some("csv")), json!({"style": "simple"}));
        assert_eq!(param("path", None), json!({}));
        assert_eq!(
            param("query", Some("ssv")),
            json!({"style": "spaceDelimited", "explode": false})
        );
        assert_eq!(
            param("query", Some("pipes")),
            json!({"style": "pipeDelimited", "explode": false})
        );
        assert_eq!(
            param("query", Some("multi")),
            json!({"style": "form", "explode": true})
        );
        assert_eq!(
            param("query", Some("tsv")),
            json!({"style": "form", "explode": false, "x-collectionFormat": "tsv"})
        );
        assert_eq!(
            param("header", Some("pipes")),
            json!({"style": "simple", "x-collectionFormat": "pipes"})
        );
    }

    #[test]
    fn nested_collection_formats_are_kept_as_extensions() {
        let out = convert(&doc(json!({"/a": {"get": {"parameters": [
            {"name": "m", "in": "query", "type": "array", "collectionFormat": "pipes",
             "items": {"type": "array", "collectionFormat": "csv", "items": {"type": "string"}}},
        ]}}})));
        let schema = &operation(&out, "/a", "get")["parameters"][0]["schema"];
        assert_eq!(schema["items"]["x-collectionFormat"], "csv");
        assert!(schema["items"].get("collectionFormat").is_none());
    }
}
