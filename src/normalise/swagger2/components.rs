//! Components: definitions, global parameters and responses, and security definitions
//! become 3.0's `components`.

use crate::doc::Value;
use crate::json;

use super::{copy, copy_extensions, insert_non_empty, Converter, Kind, Object};
use crate::keys::Keys;

impl<'a> Converter<'a> {
    pub(super) fn components(&self) -> Object {
        let mut out = Object::new();
        if let Some(Value::Object(definitions)) = self.root.key("definitions") {
            let schemas: Object = definitions
                .iter()
                .map(|(name, s)| (name.clone(), self.schema(s, 0)))
                .collect();
            insert_non_empty(&mut out, "schemas", schemas);
        }
        if let Some(Value::Object(responses)) = self.root.key("responses") {
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
        if let Some(Value::Object(schemes)) = self.root.key("securityDefinitions") {
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
        let Some(Value::Object(globals)) = self.root.key("parameters") else {
            return (parameters, request_bodies);
        };
        for (name, raw) in globals {
            // Names only, no extensions: 2.0 allows none here, and `x-api-sdk` is a real header.
            let reference = raw.key("$ref");
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

fn security_scheme(scheme: &Object) -> Option<Value> {
    let mut out = Object::new();
    match scheme.key("type").and_then(Value::as_str)? {
        "basic" => {
            out.insert("type", json!("http"));
            out.insert("scheme", json!("basic"));
        }
        "apiKey" => {
            out.insert("type", json!("apiKey"));
            copy(scheme, &mut out, "name");
            copy(scheme, &mut out, "in");
        }
        "oauth2" => {
            out.insert("type", json!("oauth2"));
            out.insert("flows", Value::Object(oauth_flows(scheme)));
        }
        _ => return None,
    }
    copy(scheme, &mut out, "description");
    copy_extensions(scheme, &mut out);
    Some(Value::Object(out))
}

fn oauth_flows(scheme: &Object) -> Object {
    let (name, urls): (&str, &[&str]) = match scheme.key("flow").and_then(Value::as_str) {
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
    let scopes = scheme.key("scopes").filter(|s| s.is_object());
    flow.insert("scopes", scopes.cloned().unwrap_or_else(|| json!({})));
    let mut flows = Object::new();
    flows.insert(name, Value::Object(flow));
    flows
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, operation};
    use super::super::{convert, MULTIPART};
    use crate::json;

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
}
