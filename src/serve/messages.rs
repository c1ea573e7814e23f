//! What the server tells the pages it served, over Server-Sent Events at `/__portico/events`.
//!
//! Each message is an SSE event whose name is the kind and whose data is JSON:
//!
//! | event | data | the page |
//! |---|---|---|
//! | `hello` | `{server, generation}` | first message of every connection |
//! | `reload` | `{generation, paths, ms}` | reloads if its path is in `paths` (`null`: every page) |
//! | `css` | `{generation, paths, ms}` | swaps those stylesheets without reloading |
//! | `problems` | `{generation, problems: [{severity, file, line, column, message, hint, source}]}` | shows the overlay |
//! | `ok` | `{generation}` | removes the overlay |
//!
//! `ms` is the time from the first file event of a change to the message.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{self, Diagnostic, Severity};

/// One message to every connected page.
#[derive(Debug, Clone)]
pub struct Message {
    pub event: &'static str,
    pub data: String,
}

/// A problem as the overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub severity: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The line of the file the problem is on, when there is one (cut around the column
    /// when it is long).
    pub source: Option<String>,
    /// The problem's column in `source`.
    pub source_column: usize,
}

impl Problem {
    pub fn new(root: &Path, d: &Diagnostic, sources: &diagnostics::Sources) -> Self {
        let excerpt = sources.line(root, d);
        Problem {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
            source: excerpt.as_ref().map(|e| e.text.clone()),
            source_column: excerpt.map_or(0, |e| e.column),
        }
    }
}

fn message(event: &'static str, data: impl Serialize) -> Message {
    Message {
        event,
        data: serde_json::to_string(&data).unwrap_or_else(|_| "{}".into()),
    }
}

pub fn hello(server: &str, generation: u64) -> Message {
    #[derive(Serialize)]
    struct Hello<'a> {
        server: &'a str,
        generation: u64,
    }
    message("hello", Hello { server, generation })
}

#[derive(Serialize)]
struct Changed<'a> {
    generation: u64,
    paths: Option<&'a [String]>,
    ms: f64,
}

/// Reload the pages at `paths`, or every page when `None`.
pub fn reload(generation: u64, paths: Option<&[String]>, ms: f64) -> Message {
    message(
        "reload",
        Changed {
            generation,
            paths,
            ms,
        },
    )
}

/// Swap these stylesheets.
pub fn css(generation: u64, paths: &[String], ms: f64) -> Message {
    message(
        "css",
        Changed {
            generation,
            paths: Some(paths),
            ms,
        },
    )
}

pub fn problems(generation: u64, problems: &[Problem]) -> Message {
    #[derive(Serialize)]
    struct Problems<'a> {
        generation: u64,
        problems: &'a [Problem],
    }
    message(
        "problems",
        Problems {
            generation,
            problems,
        },
    )
}

pub fn ok(generation: u64) -> Message {
    #[derive(Serialize)]
    struct Ok {
        generation: u64,
    }
    message("ok", Ok { generation })
}
