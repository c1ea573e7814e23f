//! String literals shared by the languages: double-quoted strings, shell words, JSON text,
//! and the indentation helpers around them.

use crate::doc::Value;

/// Characters that are legal raw in every language but are written as escapes: controls that
/// are invisible, and bidirectional overrides that make code display differently from what it
/// does ("Trojan Source").
pub(super) fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// JSON, JavaScript, Python, Go and C# share these escapes.
    C,
    /// Java translates `\uXXXX` before it reads the source, so `\u000a` would end the literal:
    /// control characters are written in octal.
    Java,
}

/// A double-quoted string literal.
fn quote(text: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' && dialect == Dialect::Java => {
                out.push_str(&format!("\\{:03o}", c as u32))
            }
            c if c < ' ' || is_hidden(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn c_quote(text: &str) -> String {
    quote(text, Dialect::C)
}

pub(super) fn java_quote(text: &str) -> String {
    quote(text, Dialect::Java)
}

/// A shell word holding `text` literally: single quotes, inside which nothing is special but
/// `'` itself. Text with control or invisible characters uses bash's `$'...'` with escapes
/// instead, so that the script shows them rather than a terminal acting on them.
pub(super) fn single_quoted(text: &str) -> String {
    if text.chars().any(needs_shell_escape) {
        return ansi_c_quoted(text);
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

pub(super) fn needs_shell_escape(c: char) -> bool {
    (c < ' ' && c != '\n' && c != '\t') || is_hidden(c)
}

/// bash's `$'...'`. Escapes are written at full width (`\x1b`, `\u202e`) so a following hex
/// digit is never taken into them. A NUL cannot travel in a command-line argument at all;
/// bash ends the word there.
fn ansi_c_quoted(text: &str) -> String {
    let mut out = String::from("$'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_hidden(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// JSON text, two-space indented like `serde_json::to_string_pretty`, but with invisible and
/// bidi characters escaped. With `javascript`, a `__proto__` key is written as a computed key
/// so that an object literal keeps it as data instead of setting the prototype.
pub(super) fn json_text(value: &Value, javascript: bool) -> String {
    let mut out = String::new();
    write_json(value, 0, javascript, &mut out);
    out
}

fn write_json(value: &Value, indent: usize, javascript: bool, out: &mut String) {
    let pad = |n: usize| " ".repeat(n);
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                write_json(item, indent + 2, javascript, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                out.push_str(&object_key(key, javascript));
                out.push_str(": ");
                write_json(item, indent + 2, javascript, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        Value::String(text) => out.push_str(&c_quote(text)),
        scalar => out.push_str(&scalar.to_string()),
    }
}

pub(super) fn object_key(key: &str, javascript: bool) -> String {
    if javascript && key == "__proto__" {
        format!("[{}]", c_quote(key))
    } else {
        c_quote(key)
    }
}

pub(super) fn pad(n: usize) -> String {
    " ".repeat(n)
}

/// Indent every line after the first, for multi-line text placed inside indented code.
pub(super) fn indent_rest(text: &str, indent: &str) -> String {
    text.replace('\n', &format!("\n{indent}"))
}

/// The longest run of `"` in `text`.
pub(super) fn longest_quote_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '"' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}
