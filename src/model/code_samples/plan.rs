//! The request, prepared once for every language: method, URL, headers with their
//! environment-variable placeholders, and the body sorted by how it is sent.

use std::collections::BTreeSet;

use crate::doc::{Map, Value};

use super::literals::json_text;
use super::url::{encode_component, push_query_separator, url_with_query};
use super::{Auth, Body, Request};
use crate::model::sample::BINARY;

/// A piece of text that may contain environment-variable placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    Text(String),
    Env(String),
}

pub(super) type Template = Vec<Part>;

/// Where a file's contents go in a sample; the reader replaces it with their own file.
pub(super) const FILE_PATH: &str = "path/to/file";
pub(super) const FILE_NAME: &str = "file";
/// Multipart boundary for languages that build the body by hand (fixed, so output is stable).
pub(super) const BOUNDARY: &str = "PorticoFormBoundary7MA4YWxkTrZu0gW";

pub(super) struct Plan {
    pub(super) method: String,
    /// The URL with the literal query string, percent-encoded.
    pub(super) url: String,
    /// A query-string secret, read at run time and appended to `url` by each language.
    pub(super) query_secret: Option<(String, Template)>,
    /// The auth header first, then the request's own headers (without a Content-Type that the
    /// body sets).
    pub(super) headers: Vec<(String, Template)>,
    pub(super) basic: Option<(Template, Template)>,
    pub(super) body: Option<Payload>,
}

pub(super) enum Payload {
    Json { media_type: String, value: Value },
    Form(Vec<(String, String)>),
    Multipart(Vec<(String, Field)>),
    Text { media_type: String, text: String },
}

pub(super) enum Field {
    Text(String),
    File,
}

impl Plan {
    pub(super) fn new(request: &Request) -> Plan {
        let method = match request.method.trim() {
            "" => "GET".to_string(),
            method => method.to_ascii_uppercase(),
        };
        let mut query = request.query.clone();
        let mut query_secret = None;
        let mut headers = Vec::new();
        let mut basic = None;
        match &request.auth {
            Some(Auth::Header { name, value }) => headers.push((name.clone(), placeholders(value))),
            Some(Auth::Query { name, value }) => {
                let value = placeholders(value);
                match literal_text(&value) {
                    Some(text) => query.push((name.clone(), text)),
                    None => query_secret = Some((name.clone(), value)),
                }
            }
            Some(Auth::Basic { user, password }) => {
                basic = Some((placeholders(user), placeholders(password)));
            }
            None => {}
        }
        let body = request.body.as_ref().map(payload);
        for (name, value) in &request.headers {
            let set_by_body = body.is_some() && name.eq_ignore_ascii_case("content-type");
            if !name.is_empty() && !set_by_body {
                headers.push((name.clone(), vec![Part::Text(value.clone())]));
            }
        }
        Plan {
            method,
            url: url_with_query(&request.url, &query),
            query_secret,
            headers,
            basic,
            body,
        }
    }

    /// The URL up to the secret's value (`...?api_key=`), for languages that concatenate.
    pub(super) fn url_before_secret(&self, name: &str) -> String {
        let mut url = self.url.clone();
        push_query_separator(&mut url);
        url.push_str(&encode_component(name));
        url.push('=');
        url
    }

    pub(super) fn uses_env(&self) -> bool {
        let mut templates = self.headers.iter().map(|(_, value)| value);
        let has_env = |t: &Template| t.iter().any(|part| matches!(part, Part::Env(_)));
        templates.any(has_env)
            || self.query_secret.as_ref().is_some_and(|(_, t)| has_env(t))
            || self
                .basic
                .as_ref()
                .is_some_and(|(u, p)| has_env(u) || has_env(p))
    }

    pub(super) fn has_files(&self) -> bool {
        matches!(&self.body, Some(Payload::Multipart(fields))
            if fields.iter().any(|(_, field)| matches!(field, Field::File)))
    }
}

/// Split `Bearer $TOKEN` (or `${TOKEN}`) into text and environment-variable parts.
pub(super) fn placeholders(text: &str) -> Template {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        literal.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match env_name(after) {
            Some((name, used)) => {
                if !literal.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                }
                parts.push(Part::Env(name.to_string()));
                rest = &after[used..];
            }
            None => {
                literal.push('$');
                rest = after;
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() || parts.is_empty() {
        parts.push(Part::Text(literal));
    }
    parts
}

/// The variable name at the start of `text` (`NAME...` or `{NAME}...`) and the bytes it takes.
/// Names are restricted to `[A-Za-z_][A-Za-z0-9_]*`, which every language accepts verbatim.
fn env_name(text: &str) -> Option<(&str, usize)> {
    let is_name = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if let Some(braced) = text.strip_prefix('{') {
        let end = braced.find('}')?;
        let name = &braced[..end];
        return is_name(name).then_some((name, end + 2));
    }
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let name = &text[..end];
    is_name(name).then_some((name, end))
}

/// The text of a template without placeholders.
pub(super) fn literal_text(template: &Template) -> Option<String> {
    template
        .iter()
        .map(|part| match part {
            Part::Text(text) => Some(text.as_str()),
            Part::Env(_) => None,
        })
        .collect()
}

/// Join templates (and text between them), merging neighbouring text.
pub(super) fn join(pieces: &[Template]) -> Template {
    let mut out: Template = Vec::new();
    for part in pieces.iter().flatten() {
        match (out.last_mut(), part) {
            (Some(Part::Text(last)), Part::Text(text)) => last.push_str(text),
            _ => out.push(part.clone()),
        }
    }
    out
}

pub(super) fn text(text: &str) -> Template {
    vec![Part::Text(text.to_string())]
}

/// Render a template as an expression: literals and variable lookups joined by `plus`.
pub(super) fn expression(
    template: &Template,
    plus: &str,
    literal: impl Fn(&str) -> String,
    env: impl Fn(&str) -> String,
) -> String {
    let pieces: Vec<String> = template
        .iter()
        .filter(|part| !matches!(part, Part::Text(text) if text.is_empty()) || template.len() == 1)
        .map(|part| match part {
            Part::Text(text) => literal(text),
            Part::Env(name) => env(name),
        })
        .collect();
    if pieces.is_empty() {
        literal("")
    } else {
        pieces.join(plus)
    }
}

fn payload(body: &Body) -> Payload {
    let essence = body
        .media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let value = body.value();
    let json = |media_type: &str| Payload::Json {
        media_type: media_type.to_string(),
        value: value.clone(),
    };
    match (essence.as_str(), &value) {
        ("application/json", _) => json(&body.media_type),
        (e, _) if e.ends_with("+json") => json(&body.media_type),
        // No usable media type: structured values go as JSON.
        (e, value) if (e.is_empty() || e.contains('*')) && !value.is_string() => {
            json("application/json")
        }
        ("application/x-www-form-urlencoded", Value::Object(object)) => {
            Payload::Form(form_fields(object).collect())
        }
        ("multipart/form-data", Value::Object(object)) => Payload::Multipart(
            form_fields(object)
                .map(|(name, value)| {
                    let field = if value == BINARY {
                        Field::File
                    } else {
                        Field::Text(value)
                    };
                    (name, field)
                })
                .collect(),
        ),
        (e, value) => Payload::Text {
            media_type: if e.is_empty() || e.contains('*') {
                "text/plain".to_string()
            } else {
                body.media_type.clone()
            },
            text: match value {
                Value::String(text) => text.to_string(),
                other => json_text(other, false),
            },
        },
    }
}

/// Form fields from an object: arrays repeat the name (`explode`, the form default), nested
/// objects are sent as JSON text, nulls are left out.
fn form_fields(object: &Map) -> impl Iterator<Item = (String, String)> + '_ {
    object.iter().flat_map(|(name, value)| {
        let items = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        items
            .into_iter()
            .filter(|item| !item.is_null())
            .map(move |item| (name.to_string(), field_text(item)))
    })
}

fn field_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.to_string(),
        other => other.to_string(),
    }
}

pub(super) fn has_duplicate_names<T>(fields: &[(String, T)]) -> bool {
    let mut seen = BTreeSet::new();
    !fields.iter().all(|(name, _)| seen.insert(name.as_str()))
}

/// A multipart boundary that occurs in none of the fields.
pub(super) fn boundary(fields: &[(String, Field)]) -> String {
    let mut boundary = BOUNDARY.to_string();
    while fields.iter().any(|(name, field)| {
        name.contains(&boundary) || matches!(field, Field::Text(text) if text.contains(&boundary))
    }) {
        boundary.push('x');
    }
    boundary
}
