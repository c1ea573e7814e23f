//! The request an operation's samples show: server, path with its parameters filled in,
//! required query and header parameters, authentication and body, from the spec's own examples
//! or, lacking them, examples generated from the schemas.

use crate::doc::Value;

use super::api::{CodeSamples, OwnSample, SampleCode};
use super::code_samples::{Auth, Body, Request};
use super::sample::{self, Direction};
use crate::keys::Keys;
use crate::render::highlight;
use crate::resolve::refs::deref;

/// Where an operation lives in its document, with what applies to it from above.
pub struct OperationSource<'a> {
    pub document: &'a Value,
    pub method: &'a str,
    pub path: &'a str,
    pub operation: &'a Value,
    /// Parameters after merging path-level and operation-level ones (already dereferenced).
    pub parameters: Vec<&'a Value>,
    /// The effective `security` (the operation's, or the document's).
    pub security: Option<&'a Value>,
    /// The effective `servers` list.
    pub servers: Option<&'a Value>,
}

/// Samples for an operation: the spec's own `x-codeSamples` first, then generated ones (written
/// when the page is rendered, see [`CodeSamples`]).
pub fn samples(source: &OperationSource, highlights: &highlight::Memo) -> CodeSamples {
    CodeSamples {
        own: own_samples(source.operation, highlights),
        generated: Some(request(source)),
    }
}

/// `x-codeSamples` (Redoc) or `x-code-samples` (older): `[{lang, label?, source}]`.
fn own_samples(operation: &Value, highlights: &highlight::Memo) -> Vec<OwnSample> {
    let list = operation
        .key("x-codeSamples")
        .or_else(|| operation.key("x-code-samples"))
        .and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .filter_map(|sample| {
            let source = sample.key("source")?.as_str()?;
            let language = sample.key("lang").and_then(Value::as_str).unwrap_or("text");
            let label = sample
                .key("label")
                .and_then(Value::as_str)
                .unwrap_or(language);
            let code = if highlights.remembers() {
                SampleCode::Highlighted(highlights.highlight(source, language))
            } else {
                SampleCode::Source {
                    code: source.to_string(),
                    language: language.to_string(),
                }
            };
            Some(OwnSample {
                language: language_id(language),
                label: label.to_string(),
                code,
            })
        })
        .collect()
}

/// One id per language, whatever a spec calls it, so a reader's choice of tab carries over
/// between operations with the spec's own samples and operations with generated ones.
fn language_id(language: &str) -> String {
    let lower = language.trim().to_lowercase();
    match lower.as_str() {
        "curl" | "shell" | "sh" | "bash" | "console" | "zsh" => "bash",
        "node" | "nodejs" | "node.js" | "js" | "javascript" => "javascript",
        "c#" | "csharp" | "cs" | ".net" | "dotnet" => "csharp",
        "py" | "python3" | "python" => "python",
        "golang" | "go" => "go",
        other => other,
    }
    .to_string()
}

fn request(source: &OperationSource) -> Request {
    let mut path = source.path.to_string();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for param in &source.parameters {
        let name = param.key("name").and_then(Value::as_str).unwrap_or("");
        let required = param.key("required") == Some(&Value::Bool(true));
        let value = || parameter_value(source.document, param);
        match param.key("in").and_then(Value::as_str) {
            Some("path") => path = path.replace(&format!("{{{name}}}"), &encode_segment(&value())),
            Some("query") if required => query.push((name.to_string(), value())),
            Some("header") if required && !is_managed_header(name) => {
                headers.push((name.to_string(), value()))
            }
            _ => {}
        }
    }
    let body = request_body(source);
    Request {
        method: source.method.to_uppercase(),
        url: format!("{}{path}", server_url(source.servers)),
        query,
        headers,
        auth: auth(source.document, source.security),
        body,
    }
}

/// Headers the samples set themselves.
fn is_managed_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("content-type")
        || name.eq_ignore_ascii_case("accept")
}

fn parameter_value(document: &Value, param: &Value) -> String {
    let value = param
        .key("example")
        .cloned()
        .or_else(|| {
            let examples = param.key("examples")?.as_object()?;
            let first = deref(document, examples.values().next()?).ok()?;
            first.key("value").cloned()
        })
        .or_else(|| {
            param
                .key("schema")
                .map(|schema| sample::example(document, schema, Direction::Request))
        })
        .unwrap_or(Value::Null);
    let name = param.key("name").and_then(Value::as_str).unwrap_or("value");
    match value {
        // A bare type placeholder says less than the parameter's own name.
        Value::String(s) if s == "string" => name.to_string(),
        Value::String(s) => s.to_string(),
        Value::Null => name.to_string(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        other => other.to_string(),
    }
}

/// Characters that would change a URL's structure are escaped in a path segment.
fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b'@' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn request_body(source: &OperationSource) -> Option<Body> {
    let body = deref(source.document, source.operation.key("requestBody")?).ok()?;
    let (media_type, media) = body.key("content")?.as_object()?.iter().next()?;
    let value = media
        .key("example")
        .cloned()
        .or_else(|| {
            let first = deref(
                source.document,
                media.key("examples")?.as_object()?.values().next()?,
            )
            .ok()?;
            first.key("value").cloned()
        })
        .or_else(|| {
            media
                .key("schema")
                .map(|schema| sample::example(source.document, schema, Direction::Request))
        })?;
    Some(Body::new(media_type.clone(), &value))
}

/// The first server's URL with its variables at their defaults; relative URLs stay relative.
fn server_url(servers: Option<&Value>) -> String {
    let Some(server) = servers.and_then(Value::as_array).and_then(|s| s.first()) else {
        return String::new();
    };
    let mut url = server
        .key("url")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if let Some(Value::Object(variables)) = server.key("variables") {
        for (name, variable) in variables {
            if let Some(default) = variable.key("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    url.trim_end_matches('/').to_string()
}

/// The first way to authenticate that the samples can show, with the secret as a placeholder.
fn auth(document: &Value, security: Option<&Value>) -> Option<Auth> {
    let requirements = security?.as_array()?;
    let schemes = document.pointer("/components/securitySchemes")?;
    for requirement in requirements {
        for name in requirement.as_object()?.keys() {
            let Some(scheme) = schemes.get(name).and_then(|s| deref(document, s).ok()) else {
                continue;
            };
            let kind = scheme.key("type").and_then(Value::as_str).unwrap_or("");
            let auth = match kind {
                "apiKey" => {
                    let header = scheme
                        .key("name")
                        .and_then(Value::as_str)
                        .unwrap_or("X-API-Key")
                        .to_string();
                    match scheme.key("in").and_then(Value::as_str) {
                        Some("query") => Some(Auth::Query {
                            name: header,
                            value: "$API_KEY".into(),
                        }),
                        Some("cookie") => None,
                        _ => Some(Auth::Header {
                            name: header,
                            value: "$API_KEY".into(),
                        }),
                    }
                }
                "http" => match scheme
                    .key("scheme")
                    .and_then(Value::as_str)
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("basic") => Some(Auth::Basic {
                        user: "$USERNAME".into(),
                        password: "$PASSWORD".into(),
                    }),
                    _ => Some(Auth::Header {
                        name: "Authorization".into(),
                        value: "Bearer $ACCESS_TOKEN".into(),
                    }),
                },
                "oauth2" | "openIdConnect" => Some(Auth::Header {
                    name: "Authorization".into(),
                    value: "Bearer $ACCESS_TOKEN".into(),
                }),
                _ => None,
            };
            if auth.is_some() {
                return auth;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn the_request_fills_path_parameters_auth_and_body() {
        let document = json!({
            "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}},
        });
        let operation = json!({
            "requestBody": {"content": {"application/json": {"example": {"name": "Ann"}}}}
        });
        let id =
            json!({"name": "customerId", "in": "path", "required": true, "example": "cus 1/2"});
        let limit = json!({"name": "limit", "in": "query", "required": true, "schema": {"type": "integer", "default": 10}});
        let optional = json!({"name": "expand", "in": "query", "schema": {"type": "string"}});
        let params = [&id, &limit, &optional];
        let security = json!([{"key": []}]);
        let servers = json!([{"url": "https://{region}.api.example.com/v2/", "variables": {"region": {"default": "eu"}}}]);
        let source = OperationSource {
            document: &document,
            method: "post",
            path: "/customers/{customerId}",
            operation: &operation,
            parameters: params.to_vec(),
            security: Some(&security),
            servers: Some(&servers),
        };
        let request = request(&source);
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.url,
            "https://eu.api.example.com/v2/customers/cus%201%2F2"
        );
        assert_eq!(request.query, [("limit".to_string(), "10".to_string())]);
        assert!(matches!(request.auth, Some(Auth::Header { ref name, .. }) if name == "X-API-Key"));
        assert_eq!(request.body.unwrap().value(), json!({"name": "Ann"}));
    }

    /// `GET /a` with no parameters, security or servers.
    fn get_a<'a>(document: &'a Value, operation: &'a Value) -> OperationSource<'a> {
        OperationSource {
            document,
            method: "get",
            path: "/a",
            operation,
            parameters: Vec::new(),
            security: None,
            servers: None,
        }
    }

    #[test]
    fn own_samples_come_first_and_replace_the_generated_one_of_their_language() {
        let document = json!({});
        let operation = json!({"x-codeSamples": [{"lang": "Python", "label": "Python", "source": "print('mine')"}]});
        let source = get_a(&document, &operation);
        let views = samples(&source, &highlight::Memo::default()).views();
        assert_eq!(views[0].label, "Python");
        assert_eq!(views[0].language, "python");
        assert!(views[0].html.contains("mine"));
        assert_eq!(views.iter().filter(|v| v.label == "Python").count(), 1);
        assert!(views.iter().any(|v| v.label == "curl"));
    }

    #[test]
    fn own_samples_read_the_same_highlighted_when_modelled_or_when_rendered() {
        let document = json!({});
        let operation = json!({"x-codeSamples": [
            {"lang": "Ruby", "source": "puts \"<b>\" if x > 1"},
            {"lang": "PHP", "label": "PHP 8", "source": "<?php echo $a['k']; ?>"},
            {"lang": "Python", "source": "print('mine')"},
        ]});
        let source = get_a(&document, &operation);
        // A one-off build keeps the code; builds that follow one another keep the HTML.
        let once = samples(&source, &highlight::Memo::once());
        let serve = samples(&source, &highlight::Memo::new(Default::default()));
        assert!(once
            .own
            .iter()
            .all(|s| matches!(s.code, SampleCode::Source { .. })));
        assert!(serve
            .own
            .iter()
            .all(|s| matches!(s.code, SampleCode::Highlighted(_))));
        let html = |samples: &CodeSamples| -> Vec<(String, String, String)> {
            let views = samples.views();
            views
                .into_iter()
                .map(|v| (v.language, v.label, v.html))
                .collect()
        };
        let rendered = html(&once);
        assert_eq!(rendered, html(&serve));
        assert!(rendered[0].2.contains("<span"), "{:?}", rendered[0]);
        assert!(rendered[0].2.contains("&lt;b&gt;"), "{:?}", rendered[0]);
        assert_eq!(rendered[1].1, "PHP 8");
    }
}
