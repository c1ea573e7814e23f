//! Stage 1, load: reads the project from disk into plain values (config, guides, spec documents).
//! Nothing outside the project folder is read.

pub mod config;
pub mod content;
mod exact;
pub mod lenient;
pub mod locate;
pub mod source_text;
pub mod spec;
mod yaml_events;

use crate::diagnostics::{Code, Diagnostic, Position};

/// A parser's message without the " at line L column C" that serde errors append: the position
/// is reported separately, with the file.
pub(crate) fn parser_message(error: &impl std::fmt::Display) -> String {
    let message = error.to_string();
    message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string()
}

/// Bytes read from `file` as text, or an error at the first byte that is not UTF-8.
pub(crate) fn utf8_text(
    bytes: Vec<u8>,
    file: &std::path::Path,
    what: &str,
) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid =
            std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]).unwrap_or("");
        Diagnostic::error(file, format!("{what} is not valid UTF-8 text"))
            .code(Code::NotUtf8)
            .at(Position::of_offset(valid, usize::MAX))
    })
}
