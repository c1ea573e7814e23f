//! Request samples in several languages, built from an operation.
//!
//! Every string that comes from a spec (URL, header names and values, bodies) reaches a sample
//! only through one of the literal writers (`quote`, `single_quoted` in `literals`, and each
//! language's raw-string writer), each of which escapes or picks a delimiter so that no input
//! can end the literal early. Secrets never appear: the caller passes placeholders such as
//! `$API_KEY`, and each language reads them from the environment.
//!
//! The request is prepared once (`plan`, with URLs built in `url`), then written by one file
//! per language: `curl`, `python`, `javascript`, `go`, `java`, `csharp`.

mod csharp;
mod curl;
mod go;
mod java;
mod javascript;
mod literals;
mod plan;
mod python;
mod url;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::doc::Value;
use serde::Serialize;

use crate::model::schema::{shared_text, SharedTexts};

use plan::Plan;

/// Everything a request sample needs, already resolved by the caller.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Upper case, e.g. "POST".
    pub method: String,
    /// Server URL + path with path parameters filled in.
    pub url: String,
    /// Query parameters to show.
    pub query: Vec<(String, String)>,
    /// Non-auth headers to show (e.g. Idempotency-Key).
    pub headers: Vec<(String, String)>,
    pub auth: Option<Auth>,
    pub body: Option<Body>,
}

/// How the request authenticates. Values hold placeholders (`$API_KEY`, `Bearer $TOKEN`) that
/// the samples turn into environment lookups.
#[derive(Debug, Clone)]
pub enum Auth {
    Header { name: String, value: String },
    Query { name: String, value: String },
    Basic { user: String, password: String },
}

/// The request body, as compact JSON text: it is kept for every operation until its page is
/// rendered, and as a `Value` (an index map per object, with room to grow) Kubernetes' 533
/// generated bodies took 5 MB; as text, and one copy of each distinct body, a tenth of that.
#[derive(Debug, Clone)]
pub struct Body {
    pub media_type: String,
    json: Arc<str>,
}

impl Body {
    pub fn new(media_type: impl Into<String>, value: &Value) -> Body {
        Body {
            media_type: media_type.into(),
            json: serde_json::to_string(value).unwrap_or_default().into(),
        }
    }

    /// The body's value. JSON text gives back the same value: numbers print in a form that
    /// parses to the same number, and objects keep their order.
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.json).unwrap_or(Value::Null)
    }

    /// The same body, its text shared with every other that has the same (`shared_text`).
    pub fn shared(self, texts: &SharedTexts) -> Body {
        Body {
            json: shared_text(texts, self.json.to_string()),
            ..self
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CodeSample {
    /// Syntax name for highlighting: "bash", "python", "javascript", "go", "java", "csharp".
    pub language: String,
    /// Tab label: "curl", "Python", "JavaScript", "Go", "Java", "C#".
    pub label: String,
    pub source: String,
}

/// Samples in a fixed order: curl, Python (requests), JavaScript (fetch), Go (net/http),
/// Java (java.net.http.HttpClient), C# (HttpClient).
pub fn samples(request: &Request) -> Vec<CodeSample> {
    let plan = Plan::new(request);
    let sample = |language: &str, label: &str, source: String| CodeSample {
        language: language.to_string(),
        label: label.to_string(),
        source,
    };
    vec![
        sample("bash", "curl", curl::curl(&plan)),
        sample("python", "Python", python::python(&plan)),
        sample("javascript", "JavaScript", javascript::javascript(&plan)),
        sample("go", "Go", go::go(&plan)),
        sample("java", "Java", java::java(&plan)),
        sample("csharp", "C#", csharp::csharp(&plan)),
    ]
}
