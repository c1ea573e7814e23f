//! What goes over the wire: request bodies, their media types and examples (the spec's own or
//! generated from the schema), responses with their headers and links, and callbacks.

use std::sync::Arc;

use crate::doc::{ByText, Value};

use super::parameters::parameter;
use super::{markdown_of, str_of, Builder, METHODS};
use crate::keys::Keys;
use crate::model::api::*;
use crate::model::sample::{self, Direction};
use crate::model::schema::{shared_text, SchemaContext, SharedTexts};
use crate::normalise::swagger2::media_object;
use crate::resolve::refs::deref;

impl<'a> Builder<'a> {
    pub(super) fn request_body(&mut self, body: &'a Value) -> RequestBody {
        RequestBody {
            required: body.key("required") == Some(&Value::Bool(true)),
            description_html: markdown_of(&self.text, body, "description"),
            contents: self.contents(body.key("content"), Direction::Request),
        }
    }

    fn contents(&mut self, content: Option<&'a Value>, direction: Direction) -> Vec<MediaType> {
        let Some(Value::Object(content)) = content else {
            return Vec::new();
        };
        let converted = self.openapi_version.starts_with('2');
        content
            .iter()
            .map(|(media_type, media)| {
                let media = media_object(content, media, converted);
                let mut examples = examples(&self.schema_context(), media, media_type);
                // A body without an example gets one made from its schema, marked as such.
                if examples.is_empty() && media_type.contains("json") {
                    if let Some(schema) = media.key("schema") {
                        let value = sample::example(self.document, schema, direction);
                        if !value.is_null() {
                            examples.push(Example {
                                name: "Example (generated from the schema)".into(),
                                summary: None,
                                description_html: String::new(),
                                value_html: example_text(&value, media_type, &self.shared_texts),
                            });
                        }
                    }
                }
                // Held to the end of the build: no room for examples never added (a `Vec`
                // grows to four; Box's 600 media types of one example kept 0.2 MB of room).
                examples.shrink_to_fit();
                MediaType {
                    media_type: media_type.to_string(),
                    schema: media.key("schema").map(|s| self.schema_context().view(s)),
                    examples,
                }
            })
            .collect()
    }

    /// An operation's responses. Each is made once for every operation that gives the same
    /// status with the same response: Kubernetes gives a thousand operations the same `401`,
    /// and its `200`s in three media types name the same few schemas.
    pub(super) fn responses(&mut self, responses: Option<&'a Value>) -> Vec<Arc<Response>> {
        let Some(Value::Object(responses)) = responses else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (status, raw) in responses {
            if status.starts_with("x-") {
                continue;
            }
            let shared = self.shared_responses.clone();
            let made = shared.get_or_make((status, ByText(raw)), || self.response(status, raw));
            out.extend(made);
        }
        out
    }

    fn response(&mut self, status: &str, raw: &'a Value) -> Option<Response> {
        let Ok(response) = deref(self.document, raw) else {
            return None;
        };
        let headers = response
            .key("headers")
            .and_then(Value::as_object)
            .map(|headers| {
                headers
                    .iter()
                    .filter_map(|(name, h)| {
                        let h = deref(self.document, h).ok()?;
                        Some(Arc::new(parameter(&self.schema_context(), name, h, false)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let links = response
            .key("links")
            .and_then(Value::as_object)
            .map(|links| {
                links
                    .iter()
                    .filter_map(|(name, link)| {
                        let link = deref(self.document, link).ok()?;
                        Some(ResponseLink {
                            name: name.to_string(),
                            operation_id: str_of(link, "operationId").map(str::to_string),
                            url: None,
                            description_html: markdown_of(&self.text, link, "description"),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Response {
            class: status_class(status).to_string(),
            status: status.to_string(),
            description_html: markdown_of(&self.text, response, "description"),
            headers,
            contents: self.contents(response.key("content"), Direction::Response),
            links,
        })
    }

    pub(super) fn callbacks(&mut self, callbacks: Option<&'a Value>) -> Vec<Callback> {
        let Some(Value::Object(callbacks)) = callbacks else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, callback) in callbacks {
            let Ok(callback) = deref(self.document, callback) else {
                continue;
            };
            for (expression, item) in callback.as_object().into_iter().flatten() {
                let Ok(item) = deref(self.document, item) else {
                    continue;
                };
                for (method, op) in item.as_object().into_iter().flatten() {
                    if !METHODS.contains(&method.as_str()) {
                        continue;
                    }
                    let request_body = op
                        .key("requestBody")
                        .and_then(|b| deref(self.document, b).ok())
                        .map(|b| self.request_body(b));
                    out.push(Callback {
                        name: name.to_string(),
                        expression: expression.to_string(),
                        method: method.to_uppercase(),
                        summary: str_of(op, "summary").map(str::to_string),
                        description_html: markdown_of(&self.text, op, "description"),
                        request_body,
                    });
                }
            }
        }
        out
    }
}

/// Examples of a media type or parameter: the `examples` map, or the single `example`.
pub(super) fn examples(ctx: &SchemaContext, holder: &Value, media_type: &str) -> Vec<Example> {
    let mut out = Vec::new();
    if let Some(Value::Object(named)) = holder.key("examples") {
        for (name, example) in named {
            let Ok(example) = deref(ctx.document, example) else {
                continue;
            };
            let Some(value) = example.key("value") else {
                continue;
            };
            out.push(Example {
                name: name.to_string(),
                summary: str_of(example, "summary").map(str::to_string),
                description_html: markdown_of(ctx.text, example, "description"),
                value_html: example_text(value, media_type, ctx.texts),
            });
        }
    } else if let Some(value) = holder.key("example") {
        out.push(Example {
            name: "Example".into(),
            summary: None,
            description_html: String::new(),
            value_html: example_text(value, media_type, ctx.texts),
        });
    }
    out.shrink_to_fit();
    out
}

/// An example value, to be shown indented and highlighted. Strings that are not JSON payloads
/// (XML, plain text) are shown as they are.
pub(super) fn example_text(value: &Value, media_type: &str, shared: &SharedTexts) -> CodeText {
    let (text, language, indent) = match value {
        Value::String(s) if !media_type.contains("json") => (s.to_string(), "", false),
        // Held compact, indented when its page is rendered.
        other => (other.to_string(), "json", true),
    };
    CodeText {
        text: shared_text(shared, text),
        language: Some(language),
        indent,
    }
}

fn status_class(status: &str) -> &'static str {
    match status.chars().next() {
        Some('1') => "info",
        Some('2') => "success",
        Some('3') => "redirect",
        Some('4') => "client-error",
        Some('5') => "server-error",
        _ => "other",
    }
}
