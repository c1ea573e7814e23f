//! Tests of the samples, by topic, and the requests and literal decoders they share.

mod auth;
mod bodies;
mod decode;
mod hostile;
mod literals;
mod requests;
mod urls;

use crate::doc::Value;

use super::{samples, Auth, Body, Request};

pub(super) const LABELS: [&str; 6] = ["curl", "Python", "JavaScript", "Go", "Java", "C#"];

/// Strings meant to break out of literals in one language or another.
pub(super) const HOSTILE: &[&str] = &[
    "it's",
    "say \"hi\"",
    "back\\slash\\",
    "new\nline\r\nend",
    "${HOME} $(touch /tmp/x) `id` $API_KEY",
    "\"\"\" triple \"\"\"\"",
    "tab\there",
    "\u{0}nul\u{1}\u{1b}[31m\u{1f}",
    "\u{202e}bidi\u{2028}sep\u{feff}",
    "\\u000a \\u0022",
    "`backtick` ``` ",
    "*/ <!-- --> #{x} {{y}}",
    "'''",
    "é ☃ 😀",
    "",
    "\"",
    "\\",
];

pub(super) fn get(url: &str) -> Request {
    Request {
        method: "GET".into(),
        url: url.into(),
        ..Request::default()
    }
}

pub(super) fn post_json(value: Value) -> Request {
    Request {
        method: "POST".into(),
        url: "https://api.example.com/v2/customers".into(),
        body: Some(Body::new("application/json", &value)),
        ..Request::default()
    }
}

pub(super) fn source(request: &Request, label: &str) -> String {
    samples(request)
        .into_iter()
        .find(|sample| sample.label == label)
        .map(|sample| sample.source)
        .unwrap_or_default()
}

pub(super) fn with_auth(auth: Auth) -> Request {
    Request {
        auth: Some(auth),
        ..get("https://api.example.com/v2/me")
    }
}

pub(super) fn form(value: Value) -> Request {
    Request {
        method: "POST".into(),
        url: "https://api.example.com/token".into(),
        body: Some(Body::new("application/x-www-form-urlencoded", &value)),
        ..Request::default()
    }
}

pub(super) fn multipart(value: Value) -> Request {
    Request {
        method: "POST".into(),
        url: "https://api.example.com/files".into(),
        body: Some(Body::new("multipart/form-data", &value)),
        ..Request::default()
    }
}
