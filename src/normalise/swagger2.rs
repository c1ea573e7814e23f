//! Swagger 2.0 → OpenAPI 3.0: converts a 2.0 document into the 3.0 shape that the rest of the
//! pipeline reads (then `openapi::upgrade_30_to_31` takes it to 3.1).
//!
//! The conversion is total: whatever cannot be read as 2.0 (wrong types, missing fields) is
//! skipped rather than reported, because the later stages check the 3.0 result and report its
//! problems with positions. Nothing is invented beyond what 3.0 makes mandatory (a response
//! `description`, `required: true` on path parameters, a `scopes` map on OAuth flows).

use serde_json::{json, Map, Value};

/// How deep schema walks go. Real schemas are a few levels deep; a deeper one is copied as is
/// rather than converted, so hostile input cannot exhaust the stack.
const DEPTH_LIMIT: usize = 256;

/// How many `$ref` hops are followed to find out what a parameter or response is; a longer chain
/// is almost certainly a cycle.
const REF_HOPS: usize = 32;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

const JSON: &str = "application/json";
const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

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

/// Convert a Swagger 2.0 document into an OpenAPI 3.0.3 document.
pub fn convert(document: &Value) -> Value {
    let empty = Map::new();
    let root = document.as_object().unwrap_or(&empty);
    Value::Object(Converter::new(document, root).document())
}

type Object = Map<String, Value>;

struct Converter<'a> {
    document: &'a Value,
    root: &'a Object,
    /// `consumes`/`produces` of the whole document, already defaulted.
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `schemes`, which operations may override.
    schemes: Vec<String>,
}

/// What a 2.0 parameter becomes in 3.0.
enum Kind<'a> {
    /// A path, query, header or cookie parameter (or a ref that cannot be looked into).
    Parameter(Value),
    /// `in: body`; `component` is the 3.0 ref when it was a ref to a global body parameter.
    Body {
        param: &'a Object,
        component: Option<String>,
    },
    FormData(&'a Object),
}

/// A parameter with the `(name, in)` pair by which an operation overrides a path-level one.
struct Param<'a> {
    key: Option<(String, String)>,
    kind: Kind<'a>,
}

impl<'a> Converter<'a> {
    fn new(document: &'a Value, root: &'a Object) -> Self {
        Converter {
            document,
            root,
            consumes: media_types(None, root.get("consumes")),
            produces: media_types(None, root.get("produces")),
            schemes: strings(root.get("schemes")),
        }
    }

    fn document(&self) -> Object {
        let mut out = Object::new();
        out.insert("openapi".into(), json!("3.0.3"));
        for key in ["info", "externalDocs"] {
            copy(self.root, &mut out, key);
        }
        let servers = self.servers(&self.schemes);
        if !servers.is_empty() {
            out.insert("servers".into(), Value::Array(servers));
        }
        for key in ["tags", "security"] {
            copy(self.root, &mut out, key);
        }
        out.insert("paths".into(), Value::Object(self.paths()));
        let components = self.components();
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        copy_extensions(self.root, &mut out);
        out
    }

    // ---- servers ----

    /// One server per scheme; without a host the URL is relative (schemes then mean nothing).
    fn servers(&self, schemes: &[String]) -> Vec<Value> {
        let host = self.root.get("host").and_then(Value::as_str);
        let base = match self.root.get("basePath").and_then(Value::as_str) {
            Some(path) if path.starts_with('/') => Some(path.to_string()),
            Some("") | None => None,
            Some(path) => Some(format!("/{path}")),
        };
        let urls = match (host.filter(|h| !h.is_empty()), base) {
            (Some(host), base) => {
                // `https://host/` and `https://host` are the same server; the bare form joins
                // cleanly with paths.
                let base = base.filter(|b| b != "/").unwrap_or_default();
                let schemes = if schemes.is_empty() {
                    vec!["https".to_string()]
                } else {
                    schemes.to_vec()
                };
                schemes
                    .iter()
                    .map(|scheme| format!("{scheme}://{host}{base}"))
                    .collect()
            }
            (None, Some(base)) => vec![base],
            (None, None) => Vec::new(),
        };
        urls.into_iter().map(|url| json!({ "url": url })).collect()
    }

    /// An operation's own `schemes` only matter when they differ from the document's and there
    /// is a host to build absolute URLs with.
    fn operation_servers(&self, schemes: &Value) -> Option<Value> {
        let schemes = strings(Some(schemes));
        let host = self.root.get("host").and_then(Value::as_str);
        let has_host = host.is_some_and(|h| !h.is_empty());
        let document_schemes = match self.schemes.is_empty() {
            true => vec!["https".to_string()],
            false => self.schemes.clone(),
        };
        if schemes.is_empty() || schemes == document_schemes || !has_host {
            return None;
        }
        Some(Value::Array(self.servers(&schemes)))
    }

    // ---- references ----

    /// Rewrite a 2.0 ref to where the same thing lives in 3.0. Refs to other files get the same
    /// fragment rewrite, assuming the other file is 2.0 too.
    fn rewrite_ref(&self, reference: &str) -> String {
        let Some((file, fragment)) = reference.split_once('#') else {
            return reference.to_string();
        };
        let rewritten = if let Some(rest) = fragment.strip_prefix("/definitions/") {
            format!("/components/schemas/{rest}")
        } else if let Some(rest) = fragment.strip_prefix("/parameters/") {
            let name = rest.split('/').next().unwrap_or_default();
            let body = file.is_empty() && self.global_location(&decode_token(name)) == Some("body");
            let folder = if body { "requestBodies" } else { "parameters" };
            format!("/components/{folder}/{rest}")
        } else if let Some(rest) = fragment.strip_prefix("/responses/") {
            format!("/components/responses/{rest}")
        } else {
            return reference.to_string();
        };
        format!("{file}#{rewritten}")
    }

    /// Follow a chain of refs inside this document. `None` for refs to other files, dangling
    /// refs and chains that do not end.
    fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let mut reference = reference.to_string();
        for _ in 0..REF_HOPS {
            let fragment = reference.strip_prefix('#')?;
            let target = self.document.pointer(&percent_decode(fragment))?;
            match target.get("$ref").and_then(Value::as_str) {
                Some(next) => reference = next.to_string(),
                None => return Some(target),
            }
        }
        None
    }

    fn rewritten_ref(&self, value: &Value) -> Value {
        match value.as_str() {
            Some(reference) => json!({ "$ref": self.rewrite_ref(reference) }),
            None => json!({ "$ref": value.clone() }),
        }
    }

    // ---- schemas ----

    /// Copy a schema, rewriting refs and the few keywords 3.0 spells differently.
    fn schema(&self, value: &Value, depth: usize) -> Value {
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
                        Some(r) => Value::String(self.rewrite_ref(r)),
                        None => value.clone(),
                    };
                    out.insert(key.clone(), reference);
                }
                "x-nullable" => {
                    if value == &Value::Bool(true) {
                        out.insert("nullable".into(), Value::Bool(true));
                    }
                }
                "type" if value.is_string() || value.is_array() => {
                    after = schema_type(value, &mut out);
                }
                // Only parameters have it in 2.0; 3.0 schemas allow no such keyword.
                "collectionFormat" => {
                    out.insert("x-collectionFormat".into(), value.clone());
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
                out.insert("format".into(), json!("binary"));
            }
            // `nullable` alone allows any value; only null was allowed.
            TypeFix::OnlyNull if !out.contains_key("enum") => {
                out.insert("enum".into(), json!([null]));
            }
            _ => {}
        }
        out
    }

    /// The schema of a non-body parameter, header or form field, from its 2.0 keywords.
    fn keyword_schema(&self, param: &Object) -> Object {
        let mut keywords = Object::new();
        for (key, value) in param {
            // `x-nullable` goes along so that the schema walk turns it into `nullable`.
            if SCHEMA_KEYWORDS.contains(&key.as_str()) || key == "x-nullable" {
                keywords.insert(key.clone(), value.clone());
            }
        }
        self.schema_object(&keywords, 0)
    }

    // ---- parameters ----

    /// Sort a 2.0 parameter (or ref to one) into what it becomes in 3.0. `None` when it is not
    /// a parameter at all.
    fn classify(&self, raw: &'a Value) -> Option<Param<'a>> {
        let map = raw.as_object()?;
        let Some(reference) = map.get("$ref") else {
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

    fn classify_object(&self, param: &'a Object, component: Option<String>) -> Option<Param<'a>> {
        let name = param.get("name").and_then(Value::as_str);
        let location = param.get("in").and_then(Value::as_str);
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
    fn global_parameter(&self, name: &str) -> Option<&'a Object> {
        let raw = self.root.get("parameters")?.get(name)?;
        let target = match raw.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.resolve(reference)?,
            None => raw,
        };
        target.as_object()
    }

    /// Where a global parameter goes. Only reads `in`, so that rewriting a ref never converts
    /// (and so never recurses into) another parameter.
    fn global_location(&self, name: &str) -> Option<&'a str> {
        self.global_parameter(name)?.get("in")?.as_str()
    }

    /// A path, query, header or cookie parameter. `None` when it has no name or an unknown
    /// location, which 3.0 cannot express.
    fn parameter(&self, param: &Object) -> Option<Value> {
        let name = param.get("name").and_then(Value::as_str)?;
        let location = param.get("in").and_then(Value::as_str)?;
        if !matches!(location, "path" | "query" | "header" | "cookie") {
            return None;
        }
        let mut out = Object::new();
        out.insert("name".into(), json!(name));
        out.insert("in".into(), json!(location));
        copy(param, &mut out, "description");
        if location == "path" {
            // Both versions require it; 2.0 documents sometimes leave it out.
            out.insert("required".into(), Value::Bool(true));
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
        if let (true, Some(own)) = (schema.is_empty(), param.get("schema")) {
            if let Value::Object(own) = self.schema(own, 0) {
                schema = own;
            }
        }
        out.insert("schema".into(), Value::Object(schema));
        if let Some(example) = param.get("x-example") {
            out.insert("example".into(), example.clone());
        }
        copy_extensions_except(param, &mut out, &["x-example", "x-nullable"]);
        Some(Value::Object(out))
    }

    // ---- request bodies ----

    fn body_request(&self, param: &Object, consumes: &[String]) -> Value {
        let mut out = Object::new();
        copy(param, &mut out, "description");
        let examples = param.get("x-examples");
        let (content, others) = self.content(param.get("schema"), consumes, examples, true);
        out.insert("content".into(), Value::Object(content));
        copy(param, &mut out, "required");
        copy_extensions_except(param, &mut out, &["x-examples"]);
        if let Some(others) = others {
            out.insert("x-examples".into(), others);
        }
        Value::Object(out)
    }

    /// All form fields of an operation as one object schema.
    fn form_request(&self, params: &[&Object], consumes: &[String]) -> Value {
        let mut properties = Object::new();
        let mut required = Vec::new();
        let mut encoding = Object::new();
        for param in params {
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                continue;
            };
            properties.insert(name.to_string(), self.form_field(param));
            if param.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            let field_style = style(param, "formData");
            if !field_style.is_empty() {
                encoding.insert(name.to_string(), Value::Object(field_style));
            }
        }
        let mut schema = Object::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required.clone()));
        }
        let schema = Value::Object(schema);
        let content: Object = form_media_types(params, consumes)
            .into_iter()
            .map(|media_type| {
                let mut entry = Object::new();
                entry.insert("schema".into(), schema.clone());
                // Encoding styles only apply to URL-encoded forms.
                if media_type == URLENCODED && !encoding.is_empty() {
                    entry.insert("encoding".into(), Value::Object(encoding.clone()));
                }
                (media_type.to_string(), Value::Object(entry))
            })
            .collect();
        let mut out = Object::new();
        out.insert("content".into(), Value::Object(content));
        if !required.is_empty() {
            out.insert("required".into(), Value::Bool(true));
        }
        Value::Object(out)
    }

    fn form_field(&self, param: &Object) -> Value {
        let mut field = Object::new();
        copy(param, &mut field, "description");
        field.extend(self.keyword_schema(param));
        if let Some(example) = param.get("x-example") {
            field.insert("example".into(), example.clone());
        }
        copy_extensions_except(param, &mut field, &["x-example", "x-nullable"]);
        Value::Object(field)
    }

    /// `content` for a body or a response: one entry per media type, plus one per media type
    /// that only an example names (the example says the API speaks it). Without a schema, a
    /// response has content only where it has examples; a request body always has content.
    /// Examples under keys that are not media types are returned apart, to be kept as
    /// `x-examples`.
    fn content(
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
                entry.insert("schema".into(), schema.clone());
            }
            if let Some(example) = examples.get(media_type) {
                entry.insert("example".into(), example.clone());
            }
        }
        (out, (!others.is_empty()).then_some(Value::Object(others)))
    }

    // ---- responses ----

    fn responses(&self, responses: &Object, produces: &[String]) -> Object {
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
    fn response_or_ref(&self, response: &Value, produces: &[String]) -> Option<Value> {
        let map = response.as_object()?;
        let Some(reference) = map.get("$ref") else {
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
        let description = response.get("description").filter(|d| d.is_string());
        out.insert(
            "description".into(),
            description.cloned().unwrap_or_else(|| json!("")),
        );
        if let Some(Value::Object(headers)) = response.get("headers") {
            let headers: Object = headers
                .iter()
                .filter_map(|(name, h)| Some((name.clone(), self.header(h)?)))
                .collect();
            out.insert("headers".into(), Value::Object(headers));
        }
        let examples = response.get("examples");
        let (content, others) = self.content(response.get("schema"), produces, examples, false);
        if !content.is_empty() {
            out.insert("content".into(), Value::Object(content));
        }
        copy_extensions(response, &mut out);
        if let Some(others) = others {
            out.entry("x-examples").or_insert(others);
        }
        Value::Object(out)
    }

    fn header(&self, header: &Value) -> Option<Value> {
        let map = header.as_object()?;
        if let Some(reference) = map.get("$ref") {
            return Some(self.rewritten_ref(reference));
        }
        let mut out = Object::new();
        copy(map, &mut out, "description");
        out.extend(style(map, "header"));
        out.insert("schema".into(), Value::Object(self.keyword_schema(map)));
        if let Some(example) = map.get("x-example") {
            out.insert("example".into(), example.clone());
        }
        copy_extensions_except(map, &mut out, &["x-example", "x-nullable"]);
        Some(Value::Object(out))
    }

    // ---- paths ----

    fn paths(&self) -> Object {
        let Some(Value::Object(paths)) = self.root.get("paths") else {
            return Object::new();
        };
        let mut out = Object::new();
        for (path, item) in paths {
            if path.starts_with("x-") {
                out.insert(path.clone(), item.clone());
            } else if let Value::Object(item) = item {
                out.insert(path.clone(), Value::Object(self.path_item(item)));
            }
        }
        out
    }

    fn path_item(&self, item: &'a Object) -> Object {
        let (shared, inherited) = self.path_parameters(item.get("parameters"));
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
        let consumes = media_types(operation.get("consumes"), self.root.get("consumes"));
        let produces = media_types(operation.get("produces"), self.root.get("produces"));
        let own: Vec<Param<'a>> = operation
            .get("parameters")
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
                        out.insert("requestBody".into(), body);
                    }
                }
                "responses" => {
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody".into(), body);
                    }
                    if let Value::Object(responses) = value {
                        let responses = self.responses(responses, &produces);
                        out.insert(key.clone(), Value::Object(responses));
                    }
                }
                "schemes" => {
                    if let Some(servers) = self.operation_servers(value) {
                        out.insert("servers".into(), servers);
                    }
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if let Some(body) = request_body {
            out.insert("requestBody".into(), body);
        }
        out
    }

    /// The operation's request body, from its own body or form parameters or those it inherits
    /// from the path (an operation's parameter overrides a path one with the same name and
    /// location). 2.0 forbids body and form parameters together; when both occur, the body wins.
    fn request_body(
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

    // ---- components ----

    fn components(&self) -> Object {
        let mut out = Object::new();
        if let Some(Value::Object(definitions)) = self.root.get("definitions") {
            let schemas: Object = definitions
                .iter()
                .map(|(name, s)| (name.clone(), self.schema(s, 0)))
                .collect();
            insert_non_empty(&mut out, "schemas", schemas);
        }
        if let Some(Value::Object(responses)) = self.root.get("responses") {
            // Unlike an operation's responses, these hold names only, so `x-` is a name too.
            let responses: Object = responses
                .iter()
                .filter_map(|(name, r)| {
                    Some((name.clone(), self.response_or_ref(r, &self.produces)?))
                })
                .collect();
            insert_non_empty(&mut out, "responses", responses);
        }
        let (parameters, request_bodies) = self.global_parameters();
        insert_non_empty(&mut out, "parameters", parameters);
        insert_non_empty(&mut out, "requestBodies", request_bodies);
        if let Some(Value::Object(schemes)) = self.root.get("securityDefinitions") {
            let schemes: Object = schemes
                .iter()
                .filter_map(|(name, s)| Some((name.clone(), security_scheme(s.as_object()?)?)))
                .collect();
            insert_non_empty(&mut out, "securitySchemes", schemes);
        }
        out
    }

    /// Global parameters become parameter components, body ones request bodies; form fields
    /// cannot be components in 3.0 and are inlined where they are used.
    fn global_parameters(&self) -> (Object, Object) {
        let mut parameters = Object::new();
        let mut request_bodies = Object::new();
        let Some(Value::Object(globals)) = self.root.get("parameters") else {
            return (parameters, request_bodies);
        };
        for (name, raw) in globals {
            // Names only, no extensions: 2.0 allows none here, and `x-api-sdk` is a real header.
            let reference = raw.get("$ref");
            let kind = self
                .global_parameter(name)
                .and_then(|p| self.classify_object(p, None))
                .map(|p| p.kind);
            match (kind, reference) {
                (Some(Kind::Body { param, .. }), _) => {
                    let body = self.body_request(param, &self.consumes);
                    request_bodies.insert(name.clone(), body);
                }
                (Some(Kind::FormData(_)), _) => {}
                // A ref to another file or a dangling one: its kind is unknown, keep it.
                (_, Some(reference)) => {
                    parameters.insert(name.clone(), self.rewritten_ref(reference));
                }
                (Some(Kind::Parameter(converted)), None) => {
                    parameters.insert(name.clone(), converted);
                }
                (None, None) => {}
            }
        }
        (parameters, request_bodies)
    }
}

/// The parameters that stay parameters in 3.0 (bodies and form fields make the request body).
fn plain_parameters(params: &[Param]) -> Vec<Value> {
    params
        .iter()
        .filter_map(|p| match &p.kind {
            Kind::Parameter(converted) => Some(converted.clone()),
            _ => None,
        })
        .collect()
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
        out.insert("nullable".into(), Value::Bool(true));
    }
    match types[..] {
        [] if !nulls.is_empty() => return TypeFix::OnlyNull,
        [] => {}
        ["file"] => {
            out.insert("type".into(), json!("string"));
            return TypeFix::File;
        }
        [single] => {
            out.insert("type".into(), json!(single));
        }
        // Several types: one alternative each, unless `anyOf` is taken (then kept as written).
        _ if out.contains_key("anyOf") => {
            out.insert("type".into(), value.clone());
        }
        _ => {
            let alternatives = types.iter().map(|t| json!({ "type": t })).collect();
            out.insert("anyOf".into(), Value::Array(alternatives));
        }
    }
    TypeFix::None
}

fn security_scheme(scheme: &Object) -> Option<Value> {
    let mut out = Object::new();
    match scheme.get("type").and_then(Value::as_str)? {
        "basic" => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        "apiKey" => {
            out.insert("type".into(), json!("apiKey"));
            copy(scheme, &mut out, "name");
            copy(scheme, &mut out, "in");
        }
        "oauth2" => {
            out.insert("type".into(), json!("oauth2"));
            out.insert("flows".into(), Value::Object(oauth_flows(scheme)));
        }
        _ => return None,
    }
    copy(scheme, &mut out, "description");
    copy_extensions(scheme, &mut out);
    Some(Value::Object(out))
}

fn oauth_flows(scheme: &Object) -> Object {
    let (name, urls): (&str, &[&str]) = match scheme.get("flow").and_then(Value::as_str) {
        Some("implicit") => ("implicit", &["authorizationUrl"]),
        Some("password") => ("password", &["tokenUrl"]),
        Some("application") => ("clientCredentials", &["tokenUrl"]),
        Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
        _ => return Object::new(),
    };
    let mut flow = Object::new();
    for url in urls {
        copy(scheme, &mut flow, url);
    }
    // 3.0 requires the map; an absent one and an empty one both mean "no scopes".
    let scopes = scheme.get("scopes").filter(|s| s.is_object());
    flow.insert(
        "scopes".into(),
        scopes.cloned().unwrap_or_else(|| json!({})),
    );
    let mut flows = Object::new();
    flows.insert(name.into(), Value::Object(flow));
    flows
}

/// 3.0's `style`/`explode` for a 2.0 `collectionFormat`. An array without one is `csv` in 2.0,
/// which for queries and forms differs from 3.0's default (`explode: true`), so it is spelled
/// out there.
fn style(param: &Object, location: &str) -> Object {
    let is_array = param.get("type").and_then(Value::as_str) == Some("array");
    let form_like = matches!(location, "query" | "cookie" | "formData");
    let format = match param.get("collectionFormat") {
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

/// The form media types: multipart when a field is a file (URL-encoding cannot carry one),
/// else those of the two that `consumes` names, else URL-encoded.
fn form_media_types(params: &[&Object], consumes: &[String]) -> Vec<&'static str> {
    let has_file = params
        .iter()
        .any(|p| p.get("type").and_then(Value::as_str) == Some("file"));
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

/// The media types in effect: the operation's list overrides the document's (even when empty),
/// and no list at all means JSON.
fn media_types(own: Option<&Value>, global: Option<&Value>) -> Vec<String> {
    let list = own.filter(|v| v.is_array()).or(global);
    let types = strings(list);
    if types.is_empty() {
        vec![JSON.to_string()]
    } else {
        types
    }
}

/// The distinct strings of an array, in order; anything else is ignored.
fn strings(value: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in value.and_then(Value::as_array).into_iter().flatten() {
        if let Some(s) = item.as_str() {
            if !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// Values that are the user's data, where `$ref` or `x-nullable` mean nothing to us.
fn is_user_data(key: &str) -> bool {
    key.starts_with("x-") || matches!(key, "example" | "examples" | "default" | "enum" | "const")
}

fn copy(from: &Object, to: &mut Object, key: &str) {
    if let Some(value) = from.get(key) {
        to.insert(key.to_string(), value.clone());
    }
}

fn copy_extensions(from: &Object, to: &mut Object) {
    copy_extensions_except(from, to, &[]);
}

fn copy_extensions_except(from: &Object, to: &mut Object, except: &[&str]) {
    for (key, value) in from {
        if key.starts_with("x-") && !except.contains(&key.as_str()) {
            to.insert(key.clone(), value.clone());
        }
    }
}

fn insert_non_empty(to: &mut Object, key: &str, map: Object) {
    if !map.is_empty() {
        to.insert(key.to_string(), Value::Object(map));
    }
}

/// A JSON pointer token as written in a ref (`~1` for `/`, `~0` for `~`, percent-encoded).
fn decode_token(token: &str) -> String {
    percent_decode(token).replace("~1", "/").replace("~0", "~")
}

/// Refs are URIs, so their fragments may be percent-encoded (`%C2%AB` for `«`).
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal 2.0 document around the given paths.
    fn doc(paths: Value) -> Value {
        json!({
            "swagger": "2.0",
            "info": {"title": "T", "version": "1"},
            "paths": paths,
        })
    }

    fn operation<'v>(converted: &'v Value, path: &str, method: &str) -> &'v Value {
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
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
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
        let keys: Vec<&String> = post.as_object().unwrap().keys().collect();
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
        let keys: Vec<&String> = item["get"].as_object().unwrap().keys().collect();
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
    fn global_parameters_become_components() {
        let mut input = doc(json!({"/a": {"post": {
            "parameters": [
                {"$ref": "#/parameters/limit"},
                {"$ref": "#/parameters/payload"},
            ],
            "responses": {"200": {"description": "ok"}},
        }, "put": {
            "parameters": [{"$ref": "#/parameters/upload"}, {"$ref": "#/parameters/limit"}],
        }, "patch": {
            "consumes": ["application/xml"],
            "parameters": [{"$ref": "#/parameters/payload"}],
        }}}));
        input["parameters"] = json!({
            "limit": {"name": "limit", "in": "query", "type": "integer"},
            "payload": {"name": "payload", "in": "body", "required": true,
                        "schema": {"$ref": "#/definitions/Pet"}},
            "upload": {"name": "upload", "in": "formData", "type": "file"},
        });
        let out = convert(&input);
        let components = &out["components"];
        assert_eq!(
            components["parameters"],
            json!({"limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}})
        );
        assert_eq!(
            components["requestBodies"]["payload"],
            json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                   "required": true})
        );
        let post = operation(&out, "/a", "post");
        assert_eq!(
            post["parameters"],
            json!([{"$ref": "#/components/parameters/limit"}])
        );
        assert_eq!(
            post["requestBody"],
            json!({"$ref": "#/components/requestBodies/payload"})
        );
        // Form fields cannot be components: inlined.
        let put = operation(&out, "/a", "put");
        assert_eq!(
            put["requestBody"]["content"][MULTIPART]["schema"]["properties"]["upload"],
            json!({"type": "string", "format": "binary"})
        );
        // Other media types than the component's: inlined with the operation's own.
        let patch = operation(&out, "/a", "patch");
        assert!(patch["requestBody"]["content"]["application/xml"]["schema"].is_object());
    }

    #[test]
    fn refs_to_global_body_parameters_point_at_request_bodies() {
        let mut input = doc(json!({}));
        input["parameters"] = json!({
            "b": {"name": "b", "in": "body", "schema": {}},
            "q": {"name": "q", "in": "query", "type": "string"},
            "alias": {"$ref": "#/parameters/b"},
        });
        input["x-ref-holder"] = json!(null);
        let converter = Converter::new(&input, input.as_object().unwrap());
        assert_eq!(
            converter.rewrite_ref("#/parameters/b"),
            "#/components/requestBodies/b"
        );
        assert_eq!(
            converter.rewrite_ref("#/parameters/q"),
            "#/components/parameters/q"
        );
        assert_eq!(
            converter.rewrite_ref("#/parameters/alias"),
            "#/components/requestBodies/alias"
        );
        assert_eq!(
            converter.rewrite_ref("x.yaml#/parameters/b"),
            "x.yaml#/components/parameters/b"
        );
        assert_eq!(
            converter.rewrite_ref("#/responses/r"),
            "#/components/responses/r"
        );
        assert_eq!(converter.rewrite_ref("#/paths/~1a"), "#/paths/~1a");
        let out = convert(&input);
        assert!(out["components"]["requestBodies"]["alias"]["content"].is_object());
    }

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
        // Other media types than the document's: the shared response is inlined.
        assert_eq!(
            responses["404"]["content"]["text/csv"]["schema"]["format"],
            "binary"
        );
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

    #[test]
    fn security_definitions_of_every_kind() {
        let mut input = doc(json!({}));
        input["securityDefinitions"] = json!({
            "basic": {"type": "basic", "description": "user and password"},
            "key": {"type": "apiKey", "name": "api_key", "in": "query", "x-k": 1},
            "implicit": {"type": "oauth2", "flow": "implicit",
                         "authorizationUrl": "https://a.io/auth", "scopes": {"read": "r"}},
            "password": {"type": "oauth2", "flow": "password",
                         "tokenUrl": "https://a.io/token", "scopes": {}},
            "application": {"type": "oauth2", "flow": "application",
                            "tokenUrl": "https://a.io/token", "scopes": {"w": "write"}},
            "accessCode": {"type": "oauth2", "flow": "accessCode",
                           "authorizationUrl": "https://a.io/auth",
                           "tokenUrl": "https://a.io/token", "scopes": {"read": "r"},
                           "description": "code"},
            "unknown": {"type": "magic"},
            "broken": "nope",
        });
        let out = convert(&input);
        assert_eq!(
            out["components"]["securitySchemes"],
            json!({
                "basic": {"type": "http", "scheme": "basic", "description": "user and password"},
                "key": {"type": "apiKey", "name": "api_key", "in": "query", "x-k": 1},
                "implicit": {"type": "oauth2", "flows": {"implicit": {
                    "authorizationUrl": "https://a.io/auth", "scopes": {"read": "r"}}}},
                "password": {"type": "oauth2", "flows": {"password": {
                    "tokenUrl": "https://a.io/token", "scopes": {}}}},
                "application": {"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": "https://a.io/token", "scopes": {"w": "write"}}}},
                "accessCode": {"type": "oauth2", "flows": {"authorizationCode": {
                    "authorizationUrl": "https://a.io/auth", "tokenUrl": "https://a.io/token",
                    "scopes": {"read": "r"}}}, "description": "code"},
            })
        );
    }

    #[test]
    fn order_of_paths_operations_and_properties_is_kept() {
        let mut input = doc(json!({
            "/z": {"post": {}, "get": {}},
            "/a": {"delete": {}},
        }));
        input["definitions"] = json!({"B": {"properties": {"z": {}, "a": {}}}, "A": {}});
        let out = convert(&input);
        let paths: Vec<&String> = out["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/z", "/a"]);
        let methods: Vec<&String> = out["paths"]["/z"].as_object().unwrap().keys().collect();
        assert_eq!(methods, ["post", "get"]);
        let schemas: Vec<&String> = out["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemas, ["B", "A"]);
        let props: Vec<&String> = out["components"]["schemas"]["B"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(props, ["z", "a"]);
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

/// The real-world corpus beside the checkout (`../shared/corpus`): every Swagger 2.0 document
/// converts without panicking, keeps its operations, and has no ref the conversion broke.
/// `cargo test --release --lib normalise::swagger2 -- --ignored`; with `SWAGGER2_DUMP=<dir>` the
/// outputs are written there as JSON, for an outside validator.
#[cfg(test)]
mod corpus {
    use super::*;
    use std::path::{Path, PathBuf};

    fn corpus() -> Option<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        dir.join("MANIFEST.tsv").is_file().then_some(dir)
    }

    fn operations(document: &Value) -> usize {
        let paths = document.get("paths").and_then(Value::as_object);
        paths
            .into_iter()
            .flat_map(|p| p.values())
            .filter_map(Value::as_object)
            .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
            .sum()
    }

    /// Every `$ref` outside user data.
    fn refs<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if key == "$ref" {
                        out.extend(child.as_str());
                    } else if !is_user_data(key) {
                        refs(child, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
            _ => {}
        }
    }

    fn dangling(document: &Value) -> Vec<String> {
        let mut all = Vec::new();
        refs(document, &mut all);
        all.into_iter()
            .filter_map(|r| r.strip_prefix('#'))
            .filter(|f| document.pointer(&percent_decode(f)).is_none())
            .map(|f| format!("#{f}"))
            .collect()
    }

    #[test]
    #[ignore = "needs ../shared/corpus; slow"]
    fn every_swagger_2_document_of_the_corpus_converts() {
        let Some(dir) = corpus() else {
            eprintln!("SKIPPED: ../shared/corpus not found");
            return;
        };
        let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap_or_default();
        let dump = std::env::var_os("SWAGGER2_DUMP").map(PathBuf::from);
        let (mut converted, mut failures) = (0, Vec::new());
        for line in manifest.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.get(2) != Some(&"2.0") {
                continue;
            }
            let (path, expected) = (cells[0], cells[6].parse::<usize>().unwrap_or(0));
            let text = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
            let input = match crate::load::spec::parse_document(&text, Path::new(path)) {
                Ok((input, _)) => input,
                Err(e) => {
                    failures.push(format!("{path}: unreadable: {}", e.message));
                    continue;
                }
            };
            let output = convert(&input);
            converted += 1;
            if let Some(dump) = &dump {
                let name = path.replace('/', "__") + ".json";
                let text = serde_json::to_string_pretty(&output).unwrap_or_default();
                let _ = std::fs::write(dump.join(name), text);
            }
            if output["openapi"] != "3.0.3" {
                failures.push(format!("{path}: no openapi 3.0.3"));
            }
            let count = operations(&output);
            if count != expected {
                failures.push(format!("{path}: {count} operations, manifest {expected}"));
            }
            let (before, after) = (dangling(&input).len(), dangling(&output));
            if after.len() > before {
                failures.push(format!(
                    "{path}: {} dangling refs ({} in the input), e.g. {:?}",
                    after.len(),
                    before,
                    &after[..after.len().min(3)]
                ));
            }
        }
        eprintln!("converted {converted} Swagger 2.0 documents");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
