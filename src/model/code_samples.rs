//! Request samples in several languages, built from an operation.
//!
//! Every string that comes from a spec (URL, header names and values, bodies) reaches a sample
//! only through one of the literal writers below (`quote`, `single_quoted`, the raw-string
//! writers), each of which escapes or picks a delimiter so that no input can end the literal
//! early. Secrets never appear: the caller passes placeholders such as `$API_KEY`, and each
//! language reads them from the environment.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::sample::BINARY;

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

#[derive(Debug, Clone)]
pub struct Body {
    pub media_type: String,
    pub value: Value,
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
        sample("bash", "curl", curl(&plan)),
        sample("python", "Python", python(&plan)),
        sample("javascript", "JavaScript", javascript(&plan)),
        sample("go", "Go", go(&plan)),
        sample("java", "Java", java(&plan)),
        sample("csharp", "C#", csharp(&plan)),
    ]
}

// ---------------------------------------------------------------------------------------------
// The request, prepared once for every language.

/// A piece of text that may contain environment-variable placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Env(String),
}

type Template = Vec<Part>;

/// Where a file's contents go in a sample; the reader replaces it with their own file.
const FILE_PATH: &str = "path/to/file";
const FILE_NAME: &str = "file";
/// Multipart boundary for languages that build the body by hand (fixed, so output is stable).
const BOUNDARY: &str = "PorticoFormBoundary7MA4YWxkTrZu0gW";

struct Plan {
    method: String,
    /// The URL with the literal query string, percent-encoded.
    url: String,
    /// A query-string secret, read at run time and appended to `url` by each language.
    query_secret: Option<(String, Template)>,
    /// The auth header first, then the request's own headers (without a Content-Type that the
    /// body sets).
    headers: Vec<(String, Template)>,
    basic: Option<(Template, Template)>,
    body: Option<Payload>,
}

enum Payload {
    Json { media_type: String, value: Value },
    Form(Vec<(String, String)>),
    Multipart(Vec<(String, Field)>),
    Text { media_type: String, text: String },
}

enum Field {
    Text(String),
    File,
}

impl Plan {
    fn new(request: &Request) -> Plan {
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
    fn url_before_secret(&self, name: &str) -> String {
        let mut url = self.url.clone();
        push_query_separator(&mut url);
        url.push_str(&encode_component(name));
        url.push('=');
        url
    }

    fn uses_env(&self) -> bool {
        let mut templates = self.headers.iter().map(|(_, value)| value);
        let has_env = |t: &Template| t.iter().any(|part| matches!(part, Part::Env(_)));
        templates.any(has_env)
            || self.query_secret.as_ref().is_some_and(|(_, t)| has_env(t))
            || self
                .basic
                .as_ref()
                .is_some_and(|(u, p)| has_env(u) || has_env(p))
    }

    fn has_files(&self) -> bool {
        matches!(&self.body, Some(Payload::Multipart(fields))
            if fields.iter().any(|(_, field)| matches!(field, Field::File)))
    }
}

/// Split `Bearer $TOKEN` (or `${TOKEN}`) into text and environment-variable parts.
fn placeholders(text: &str) -> Template {
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
fn literal_text(template: &Template) -> Option<String> {
    template
        .iter()
        .map(|part| match part {
            Part::Text(text) => Some(text.as_str()),
            Part::Env(_) => None,
        })
        .collect()
}

/// Join templates (and text between them), merging neighbouring text.
fn join(pieces: &[Template]) -> Template {
    let mut out: Template = Vec::new();
    for part in pieces.iter().flatten() {
        match (out.last_mut(), part) {
            (Some(Part::Text(last)), Part::Text(text)) => last.push_str(text),
            _ => out.push(part.clone()),
        }
    }
    out
}

fn text(text: &str) -> Template {
    vec![Part::Text(text.to_string())]
}

/// Render a template as an expression: literals and variable lookups joined by `plus`.
fn expression(
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
    let json = |media_type: &str| Payload::Json {
        media_type: media_type.to_string(),
        value: body.value.clone(),
    };
    match (essence.as_str(), &body.value) {
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
                Value::String(text) => text.clone(),
                other => json_text(other, false),
            },
        },
    }
}

/// Form fields from an object: arrays repeat the name (`explode`, the form default), nested
/// objects are sent as JSON text, nulls are left out.
fn form_fields(object: &Map<String, Value>) -> impl Iterator<Item = (String, String)> + '_ {
    object.iter().flat_map(|(name, value)| {
        let items = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        items
            .into_iter()
            .filter(|item| !item.is_null())
            .map(move |item| (name.clone(), field_text(item)))
    })
}

fn field_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn has_duplicate_names<T>(fields: &[(String, T)]) -> bool {
    let mut seen = BTreeSet::new();
    !fields.iter().all(|(name, _)| seen.insert(name.as_str()))
}

/// A multipart boundary that occurs in none of the fields.
fn boundary(fields: &[(String, Field)]) -> String {
    let mut boundary = BOUNDARY.to_string();
    while fields.iter().any(|(name, field)| {
        name.contains(&boundary) || matches!(field, Field::Text(text) if text.contains(&boundary))
    }) {
        boundary.push('x');
    }
    boundary
}

// ---------------------------------------------------------------------------------------------
// URLs.

/// Percent-encode one query component: everything but RFC 3986's unreserved characters.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Encode what may not appear raw in a URL (spaces, quotes, braces, non-ASCII, ...), keeping
/// reserved characters and existing `%XX` escapes. `#` is encoded too: a fragment is never
/// sent, so a `#` here can only be data. Brackets are kept in the host (IPv6) only.
/// This also keeps curl's `{}`/`[]` globbing and Java's strict `URI.create` away.
fn clean_url(url: &str) -> String {
    let url = url.trim();
    let authority_end = url
        .find("://")
        .map(|at| {
            let start = at + 3;
            start
                + url[start..]
                    .find(['/', '?', '#'])
                    .unwrap_or(url.len() - start)
        })
        .unwrap_or(0);
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &byte) in bytes.iter().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || b"-._~:/?@!$&'()*+,;=".contains(&byte)
            || (matches!(byte, b'[' | b']') && i < authority_end)
            || (byte == b'%' && is_hex_pair(bytes.get(i + 1..i + 3)));
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn is_hex_pair(pair: Option<&[u8]>) -> bool {
    pair.is_some_and(|pair| pair.iter().all(u8::is_ascii_hexdigit))
}

fn push_query_separator(url: &mut String) {
    if !url.contains('?') {
        url.push('?');
    } else if !url.ends_with(['?', '&']) {
        url.push('&');
    }
}

fn url_with_query(base: &str, query: &[(String, String)]) -> String {
    let mut url = clean_url(base);
    if !query.is_empty() {
        push_query_separator(&mut url);
        let pairs: Vec<String> = query
            .iter()
            .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
            .collect();
        url.push_str(&pairs.join("&"));
    }
    url
}

/// `application/x-www-form-urlencoded` text for languages without a form builder.
fn form_encoded(fields: &[(String, String)]) -> String {
    let pairs: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
        .collect();
    pairs.join("&")
}

// ---------------------------------------------------------------------------------------------
// String literals.

/// Characters that are legal raw in every language but are written as escapes: controls that
/// are invisible, and bidirectional overrides that make code display differently from what it
/// does ("Trojan Source").
fn is_hidden(c: char) -> bool {
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

fn c_quote(text: &str) -> String {
    quote(text, Dialect::C)
}

fn java_quote(text: &str) -> String {
    quote(text, Dialect::Java)
}

/// A shell word holding `text` literally: single quotes, inside which nothing is special but
/// `'` itself. Text with control or invisible characters uses bash's `$'...'` with escapes
/// instead, so that the script shows them rather than a terminal acting on them.
fn single_quoted(text: &str) -> String {
    if text.chars().any(needs_shell_escape) {
        return ansi_c_quoted(text);
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn needs_shell_escape(c: char) -> bool {
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
fn json_text(value: &Value, javascript: bool) -> String {
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

fn object_key(key: &str, javascript: bool) -> String {
    if javascript && key == "__proto__" {
        format!("[{}]", c_quote(key))
    } else {
        c_quote(key)
    }
}

fn pad(n: usize) -> String {
    " ".repeat(n)
}

/// Indent every line after the first, for multi-line text placed inside indented code.
fn indent_rest(text: &str, indent: &str) -> String {
    text.replace('\n', &format!("\n{indent}"))
}

/// The longest run of `"` in `text`.
fn longest_quote_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '"' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

// ---------------------------------------------------------------------------------------------
// curl

fn curl(plan: &Plan) -> String {
    let mut args = Vec::new();
    match plan.method.as_str() {
        // `--request HEAD` waits for a body that never comes.
        "HEAD" => args.push("--head".to_string()),
        method
            if method
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            args.push(format!("--request {method}"));
        }
        method => args.push(format!("--request {}", single_quoted(method))),
    }
    let url = match &plan.query_secret {
        Some((name, value)) => join(&[text(&plan.url_before_secret(name)), value.clone()]),
        None => text(&plan.url),
    };
    args.push(format!("--url {}", shell_word(&url)));
    if let Some((user, password)) = &plan.basic {
        let credentials = join(&[user.clone(), text(":"), password.clone()]);
        args.push(format!("--user {}", shell_word(&credentials)));
    }
    for (name, value) in &plan.headers {
        let header = join(&[text(&format!("{name}: ")), value.clone()]);
        args.push(format!("--header {}", shell_word(&header)));
    }
    args.extend(curl_body(plan.body.as_ref()));
    format!("curl {}", args.join(" \\\n  "))
}

fn curl_body(body: Option<&Payload>) -> Vec<String> {
    let content_type = |media_type: &str| {
        format!(
            "--header {}",
            single_quoted(&format!("Content-Type: {media_type}"))
        )
    };
    // `--data @name` reads a file; `--data-raw` sends a leading `@` as it is.
    let data = |text: &str| {
        let option = if text.starts_with('@') {
            "--data-raw"
        } else {
            "--data"
        };
        format!("{option} {}", single_quoted(text))
    };
    match body {
        None => Vec::new(),
        Some(Payload::Json { media_type, value }) => {
            vec![content_type(media_type), data(&json_text(value, false))]
        }
        Some(Payload::Text { media_type, text }) => vec![content_type(media_type), data(text)],
        // curl encodes the value; the name must be encoded already. An empty name would make
        // curl send the value alone, so that case is encoded here completely.
        Some(Payload::Form(fields)) => fields
            .iter()
            .map(|(name, value)| match name.as_str() {
                "" => data(&format!("={}", encode_component(value))),
                name => format!(
                    "--data-urlencode {}",
                    single_quoted(&format!("{}={value}", encode_component(name)))
                ),
            })
            .collect(),
        // `--form-string` takes the value literally (`--form` would read `@file` and `<file`).
        Some(Payload::Multipart(fields)) => fields
            .iter()
            .map(|(name, field)| match field {
                Field::Text(value) => {
                    format!(
                        "--form-string {}",
                        single_quoted(&format!("{name}={value}"))
                    )
                }
                Field::File => format!("--form {}", single_quoted(&format!("{name}=@{FILE_PATH}"))),
            })
            .collect(),
    }
}

/// One shell word for a template: single quotes for plain text; with variables, one
/// double-quoted string when the text allows it (`"Bearer $TOKEN"`), else quoted pieces
/// side by side (`'it'\''s '"$TOKEN"`).
fn shell_word(template: &Template) -> String {
    if let Some(text) = literal_text(template) {
        return single_quoted(&text);
    }
    let plain = template.iter().all(|part| match part {
        Part::Text(text) => {
            !text.contains(['"', '\\', '$', '`', '!']) && !text.chars().any(needs_shell_escape)
        }
        Part::Env(_) => true,
    });
    if !plain {
        return template
            .iter()
            .map(|part| match part {
                Part::Text(text) => single_quoted(text),
                Part::Env(name) => format!("\"${{{name}}}\""),
            })
            .collect();
    }
    let mut out = String::from("\"");
    for (i, part) in template.iter().enumerate() {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Env(name) => {
                // `$TOKENx` would name another variable.
                let glued = matches!(template.get(i + 1), Some(Part::Text(next))
                    if next.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'));
                if glued {
                    out.push_str(&format!("${{{name}}}"));
                } else {
                    out.push_str(&format!("${name}"));
                }
            }
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// Python (requests)

fn python_expr(template: &Template) -> String {
    expression(template, " + ", c_quote, |name| {
        format!("os.environ[{}]", c_quote(name))
    })
}

fn python(plan: &Plan) -> String {
    let mut args = vec![c_quote(&plan.url)];
    if let Some((name, value)) = &plan.query_secret {
        args.push(format!(
            "params={{{}: {}}}",
            c_quote(name),
            python_expr(value)
        ));
    }
    let mut headers: Vec<(String, String)> = plan
        .headers
        .iter()
        .map(|(name, value)| (c_quote(name), python_expr(value)))
        .collect();
    if let Some((user, password)) = &plan.basic {
        args.push(format!(
            "auth=({}, {})",
            python_expr(user),
            python_expr(password)
        ));
    }
    let body = plan
        .body
        .as_ref()
        .map(|body| python_body(body, &mut headers));
    if !headers.is_empty() {
        args.push(format!("headers={}", python_dict(&headers, 4)));
    }
    args.extend(body);
    let function = match plan.method.as_str() {
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" => {
            format!("requests.{}", plan.method.to_ascii_lowercase())
        }
        method => {
            args.insert(0, c_quote(method));
            "requests.request".to_string()
        }
    };
    let call = if args.len() == 1 {
        format!("{function}({})", args[0])
    } else {
        let lines: Vec<String> = args.iter().map(|arg| format!("    {arg},\n")).collect();
        format!("{function}(\n{})", lines.concat())
    };
    let imports = if plan.uses_env() {
        "import os\n\nimport requests\n"
    } else {
        "import requests\n"
    };
    format!("{imports}\nresponse = {call}\nprint(response.status_code)\nprint(response.text)\n")
}

/// The body argument; adds the Content-Type header where requests does not set it.
fn python_body(body: &Payload, headers: &mut Vec<(String, String)>) -> String {
    let mut content_type = |media_type: &str| {
        headers.push((c_quote("Content-Type"), c_quote(media_type)));
    };
    match body {
        Payload::Json { media_type, value } => {
            // `json=` says application/json itself; other JSON types (merge-patch) are named.
            if media_type != "application/json" {
                content_type(media_type);
            }
            format!("json={}", python_value(value, 4))
        }
        Payload::Text { media_type, text } => {
            content_type(media_type);
            // A str body is sent as Latin-1 by http.client: encode anything else first.
            if text.is_ascii() {
                format!("data={}", c_quote(text))
            } else {
                format!("data={}.encode(\"utf-8\")", c_quote(text))
            }
        }
        Payload::Form(fields) => {
            let fields: Vec<(String, String)> = fields
                .iter()
                .map(|(name, value)| (c_quote(name), c_quote(value)))
                .collect();
            format!("data={}", python_pairs(&fields, 4))
        }
        // `files=` makes requests send multipart; `(None, value)` is a plain field.
        Payload::Multipart(fields) => {
            let fields: Vec<(String, String)> = fields
                .iter()
                .map(|(name, field)| {
                    let value = match field {
                        Field::Text(value) => format!("(None, {})", c_quote(value)),
                        Field::File => format!("open({}, \"rb\")", c_quote(FILE_PATH)),
                    };
                    (c_quote(name), value)
                })
                .collect();
            format!("files={}", python_pairs(&fields, 4))
        }
    }
}

/// A dict of rendered keys and values, or a list of pairs when a name repeats.
fn python_pairs(pairs: &[(String, String)], indent: usize) -> String {
    if has_duplicate_names(pairs) {
        let items: Vec<String> = pairs
            .iter()
            .map(|(name, value)| format!("{}({name}, {value}),\n", pad(indent + 4)))
            .collect();
        format!("[\n{}{}]", items.concat(), pad(indent))
    } else {
        python_dict(pairs, indent)
    }
}

fn python_dict(pairs: &[(String, String)], indent: usize) -> String {
    let items: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}{name}: {value},\n", pad(indent + 4)))
        .collect();
    format!("{{\n{}{}}}", items.concat(), pad(indent))
}

/// A JSON value as a Python literal (`None`, `True`, dicts and lists), four-space indented.
fn python_value(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => c_quote(text),
        Value::Array(items) if items.is_empty() => "[]".to_string(),
        Value::Object(map) if map.is_empty() => "{}".to_string(),
        Value::Array(items) => {
            let lines: Vec<String> = items
                .iter()
                .map(|item| format!("{}{},\n", pad(indent + 4), python_value(item, indent + 4)))
                .collect();
            format!("[\n{}{}]", lines.concat(), pad(indent))
        }
        Value::Object(map) => {
            let pairs: Vec<(String, String)> = map
                .iter()
                .map(|(key, item)| (c_quote(key), python_value(item, indent + 4)))
                .collect();
            python_dict(&pairs, indent)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JavaScript (fetch, Node 18+ as an ES module: top-level await)

fn js_expr(template: &Template) -> String {
    expression(template, " + ", c_quote, |name| {
        format!("process.env.{name}")
    })
}

fn javascript(plan: &Plan) -> String {
    let url = match &plan.query_secret {
        Some((name, value)) => format!(
            "{} + encodeURIComponent({})",
            c_quote(&plan.url_before_secret(name)),
            js_expr(value)
        ),
        None => c_quote(&plan.url),
    };
    let mut headers: Vec<(String, String)> = plan
        .headers
        .iter()
        .map(|(name, value)| (object_key(name, true), js_expr(value)))
        .collect();
    if let Some((user, password)) = &plan.basic {
        let credentials = js_expr(&join(&[user.clone(), text(":"), password.clone()]));
        let value = format!("\"Basic \" + Buffer.from({credentials}).toString(\"base64\")");
        headers.insert(0, (c_quote("Authorization"), value));
    }
    let mut prelude = Vec::new();
    let body = plan
        .body
        .as_ref()
        .map(|body| js_body(body, &mut headers, &mut prelude));
    let mut options = Vec::new();
    if plan.method != "GET" {
        options.push(format!("method: {}", c_quote(&plan.method)));
    }
    if !headers.is_empty() {
        let lines: Vec<String> = headers
            .iter()
            .map(|(name, value)| format!("    {name}: {value},\n"))
            .collect();
        options.push(format!("headers: {{\n{}  }}", lines.concat()));
    }
    options.extend(body);
    let call = if options.is_empty() {
        format!("fetch({url})")
    } else {
        let lines: Vec<String> = options
            .iter()
            .map(|option| format!("  {option},\n"))
            .collect();
        format!("fetch({url}, {{\n{}}})", lines.concat())
    };
    let mut source = String::new();
    if plan.has_files() {
        source.push_str("import { readFileSync } from \"node:fs\";\n\n");
    }
    for line in prelude {
        source.push_str(&line);
        source.push('\n');
    }
    if !source.is_empty() {
        source.push('\n');
    }
    source.push_str(&format!(
        "const response = await {call};\nconsole.log(response.status);\nconsole.log(await response.text());\n"
    ));
    source
}

/// The `body:` option; statements that build it go to `prelude`.
fn js_body(
    body: &Payload,
    headers: &mut Vec<(String, String)>,
    prelude: &mut Vec<String>,
) -> String {
    let mut content_type = |media_type: &str| {
        headers.push((c_quote("Content-Type"), c_quote(media_type)));
    };
    match body {
        Payload::Json { media_type, value } => {
            content_type(media_type);
            format!(
                "body: JSON.stringify({})",
                indent_rest(&json_text(value, true), "  ")
            )
        }
        Payload::Text { media_type, text } => {
            content_type(media_type);
            format!("body: {}", c_quote(text))
        }
        // fetch sets the form Content-Type itself.
        Payload::Form(fields) => {
            let pairs: Vec<(String, String)> = fields
                .iter()
                .map(|(name, value)| (name.clone(), c_quote(value)))
                .collect();
            let lines: Vec<String> = if has_duplicate_names(&pairs) {
                pairs
                    .iter()
                    .map(|(name, value)| format!("    [{}, {value}],\n", c_quote(name)))
                    .collect()
            } else {
                pairs
                    .iter()
                    .map(|(name, value)| format!("    {}: {value},\n", object_key(name, true)))
                    .collect()
            };
            let (open, close) = if has_duplicate_names(&pairs) {
                ('[', ']')
            } else {
                ('{', '}')
            };
            format!(
                "body: new URLSearchParams({open}\n{}  {close})",
                lines.concat()
            )
        }
        // fetch writes the multipart Content-Type with its boundary.
        Payload::Multipart(fields) => {
            prelude.push("const form = new FormData();".to_string());
            for (name, field) in fields {
                prelude.push(match field {
                    Field::Text(value) => {
                        format!("form.append({}, {});", c_quote(name), c_quote(value))
                    }
                    Field::File => format!(
                        "form.append({}, new Blob([readFileSync({})]), {});",
                        c_quote(name),
                        c_quote(FILE_PATH),
                        c_quote(FILE_NAME)
                    ),
                });
            }
            "body: form".to_string()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Go (net/http)

fn go_expr(template: &Template) -> String {
    // gofmt writes `"Bearer "+token` without spaces inside argument lists.
    expression(template, "+", c_quote, |name| {
        format!("os.Getenv({})", c_quote(name))
    })
}

/// A Go string: a raw literal for multi-line text when it can hold it (raw literals cannot
/// contain a backtick and drop carriage returns), else an interpreted one.
fn go_string(text: &str) -> String {
    let raw_safe = !text.contains(['`', '\r'])
        && !text
            .chars()
            .any(|c| (c < ' ' && c != '\n' && c != '\t') || is_hidden(c));
    if text.contains('\n') && raw_safe {
        format!("`{text}`")
    } else {
        c_quote(text)
    }
}

fn go(plan: &Plan) -> String {
    let mut imports: BTreeSet<&str> = ["fmt", "io", "net/http"].into();
    if plan.uses_env() || plan.has_files() {
        imports.insert("os");
    }
    let mut lines: Vec<String> = Vec::new();
    let mut after_request: Vec<String> = Vec::new();
    let body = match &plan.body {
        Some(body) => {
            go_body(body, &mut lines, &mut after_request, &mut imports);
            "body"
        }
        None => "nil",
    };
    let url = match &plan.query_secret {
        Some((name, value)) => {
            imports.insert("net/url");
            format!(
                "{}+url.QueryEscape({})",
                c_quote(&plan.url_before_secret(name)),
                go_expr(value)
            )
        }
        None => c_quote(&plan.url),
    };
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "req, err := http.NewRequest({}, {url}, {body})",
        go_method(&plan.method)
    ));
    lines.extend(go_check());
    if let Some((user, password)) = &plan.basic {
        lines.push(format!(
            "req.SetBasicAuth({}, {})",
            go_expr(user),
            go_expr(password)
        ));
    }
    for (name, value) in &plan.headers {
        lines.push(format!(
            "req.Header.Set({}, {})",
            c_quote(name),
            go_expr(value)
        ));
    }
    lines.extend(after_request);
    lines.push(String::new());
    lines.push("res, err := http.DefaultClient.Do(req)".to_string());
    lines.extend(go_check());
    lines.push("defer res.Body.Close()".to_string());
    lines.push(String::new());
    lines.push("data, err := io.ReadAll(res.Body)".to_string());
    lines.extend(go_check());
    lines.push("fmt.Println(res.StatusCode)".to_string());
    lines.push("fmt.Println(string(data))".to_string());

    let imports: Vec<String> = imports
        .iter()
        .map(|path| format!("\t\"{path}\"\n"))
        .collect();
    let body: Vec<String> = lines
        .iter()
        .map(|line| match line.as_str() {
            "" => "\n".to_string(),
            // Raw literals span lines; only their first line is indented.
            line => format!("\t{line}\n"),
        })
        .collect();
    format!(
        "package main\n\nimport (\n{}\n)\n\nfunc main() {{\n{}}}\n",
        imports.concat().trim_end_matches('\n'),
        body.concat()
    )
}

fn go_check() -> [String; 3] {
    [
        "if err != nil {".to_string(),
        "\tpanic(err)".to_string(),
        "}".to_string(),
    ]
}

fn go_method(method: &str) -> String {
    let constant = match method {
        "GET" => "MethodGet",
        "POST" => "MethodPost",
        "PUT" => "MethodPut",
        "PATCH" => "MethodPatch",
        "DELETE" => "MethodDelete",
        "HEAD" => "MethodHead",
        "OPTIONS" => "MethodOptions",
        "TRACE" => "MethodTrace",
        "CONNECT" => "MethodConnect",
        other => return c_quote(other),
    };
    format!("http.{constant}")
}

/// Statements that declare `body`, and header lines for after the request exists.
fn go_body(
    body: &Payload,
    lines: &mut Vec<String>,
    after: &mut Vec<String>,
    imports: &mut BTreeSet<&str>,
) {
    let mut content_type =
        |value: String| after.push(format!("req.Header.Set(\"Content-Type\", {value})"));
    match body {
        Payload::Json { media_type, value } => {
            imports.insert("strings");
            lines.push(format!(
                "body := strings.NewReader({})",
                go_string(&json_text(value, false))
            ));
            content_type(c_quote(media_type));
        }
        Payload::Text { media_type, text } => {
            imports.insert("strings");
            lines.push(format!("body := strings.NewReader({})", go_string(text)));
            content_type(c_quote(media_type));
        }
        Payload::Form(fields) => {
            imports.extend(["strings", "net/url"]);
            lines.push("form := url.Values{}".to_string());
            for (name, value) in fields {
                lines.push(format!("form.Add({}, {})", c_quote(name), c_quote(value)));
            }
            lines.push("body := strings.NewReader(form.Encode())".to_string());
            content_type(c_quote("application/x-www-form-urlencoded"));
        }
        Payload::Multipart(fields) => {
            imports.extend(["bytes", "mime/multipart"]);
            lines.push("body := &bytes.Buffer{}".to_string());
            lines.push("writer := multipart.NewWriter(body)".to_string());
            let mut file_read = false;
            for (name, field) in fields {
                match field {
                    Field::Text(value) => {
                        lines.push(format!(
                            "writer.WriteField({}, {})",
                            c_quote(name),
                            c_quote(value)
                        ));
                    }
                    Field::File => {
                        if !file_read {
                            lines.push(format!("file, err := os.ReadFile({})", c_quote(FILE_PATH)));
                            lines.extend(go_check());
                        }
                        // `:=` declares `part` once; later files reuse it.
                        let assign = if file_read { "=" } else { ":=" };
                        lines.push(format!(
                            "part, err {assign} writer.CreateFormFile({}, {})",
                            c_quote(name),
                            c_quote(FILE_NAME)
                        ));
                        lines.extend(go_check());
                        lines.push("part.Write(file)".to_string());
                        file_read = true;
                    }
                }
            }
            lines.push("writer.Close()".to_string());
            content_type("writer.FormDataContentType()".to_string());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Java (java.net.http, Java 15+ for text blocks)

fn java_expr(template: &Template) -> String {
    expression(template, " + ", java_quote, |name| {
        format!("System.getenv({})", java_quote(name))
    })
}

/// A text block for multi-line text (JSON bodies), closed right after the last character so
/// that no newline is added. Backslashes are doubled (text blocks process escapes) and every
/// third quote in a row is escaped so the text cannot close the block.
fn java_text_block(text: &str, indent: &str) -> String {
    let mut out = format!("\"\"\"\n{indent}");
    let mut quotes = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        quotes = if c == '"' { quotes + 1 } else { 0 };
        match c {
            '\\' => out.push_str("\\\\"),
            // The last character, if a quote, would run into the closing delimiter.
            '"' if quotes == 3 || chars.peek().is_none() => {
                out.push_str("\\\"");
                quotes = 0;
            }
            '\n' => {
                out.push('\n');
                out.push_str(indent);
            }
            c if c < ' ' && c != '\t' => out.push_str(&format!("\\{:03o}", c as u32)),
            c if is_hidden(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

/// Headers `HttpRequest.Builder.header` refuses: the client sets them itself.
fn java_restricted(name: &str) -> bool {
    ["connection", "content-length", "expect", "host", "upgrade"]
        .iter()
        .any(|restricted| name.eq_ignore_ascii_case(restricted))
}

fn java(plan: &Plan) -> String {
    let mut imports: BTreeSet<&str> = [
        "java.net.URI",
        "java.net.http.HttpClient",
        "java.net.http.HttpRequest",
        "java.net.http.HttpResponse",
    ]
    .into();
    let url = match &plan.query_secret {
        Some((name, value)) => {
            imports.extend(["java.net.URLEncoder", "java.nio.charset.StandardCharsets"]);
            format!(
                "{} + URLEncoder.encode({}, StandardCharsets.UTF_8)",
                java_quote(&plan.url_before_secret(name)),
                java_expr(value)
            )
        }
        None => java_quote(&plan.url),
    };
    let mut builder = vec![format!(".uri(URI.create({url}))")];
    if let Some((user, password)) = &plan.basic {
        imports.extend(["java.util.Base64", "java.nio.charset.StandardCharsets"]);
        let credentials = java_expr(&join(&[user.clone(), text(":"), password.clone()]));
        builder.push(format!(
            ".header(\"Authorization\", \"Basic \" + Base64.getEncoder().encodeToString(({credentials}).getBytes(StandardCharsets.UTF_8)))"
        ));
    }
    for (name, value) in plan
        .headers
        .iter()
        .filter(|(name, _)| !java_restricted(name))
    {
        builder.push(format!(
            ".header({}, {})",
            java_quote(name),
            java_expr(value)
        ));
    }
    let publisher = plan
        .body
        .as_ref()
        .map(|body| java_body(body, &mut builder, &mut imports));
    builder.push(java_method(&plan.method, publisher));
    builder.push(".build();".to_string());

    let imports: Vec<String> = imports
        .iter()
        .map(|path| format!("import {path};\n"))
        .collect();
    format!(
        "{}\npublic class Main {{\n    public static void main(String[] args) throws Exception {{\n        \
         HttpRequest request = HttpRequest.newBuilder()\n{}\n        \
         HttpResponse<String> response = HttpClient.newHttpClient()\n            \
         .send(request, HttpResponse.BodyHandlers.ofString());\n        \
         System.out.println(response.statusCode());\n        \
         System.out.println(response.body());\n    }}\n}}\n",
        imports.concat(),
        builder
            .iter()
            .map(|line| format!("            {line}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

fn java_method(method: &str, publisher: Option<String>) -> String {
    match (method, publisher) {
        ("GET", None) => ".GET()".to_string(),
        ("DELETE", None) => ".DELETE()".to_string(),
        ("POST", Some(publisher)) => format!(".POST({publisher})"),
        ("PUT", Some(publisher)) => format!(".PUT({publisher})"),
        (method, publisher) => format!(
            ".method({}, {})",
            java_quote(method),
            publisher.unwrap_or_else(|| "HttpRequest.BodyPublishers.noBody()".to_string())
        ),
    }
}

/// The body publisher; adds the Content-Type header to the builder.
fn java_body(body: &Payload, builder: &mut Vec<String>, imports: &mut BTreeSet<&str>) -> String {
    let mut content_type =
        |value: &str| builder.push(format!(".header(\"Content-Type\", {})", java_quote(value)));
    let of_string = |literal: String| format!("HttpRequest.BodyPublishers.ofString({literal})");
    match body {
        Payload::Json { media_type, value } => {
            content_type(media_type);
            let json = json_text(value, false);
            if json.contains('\n') {
                of_string(java_text_block(&json, &pad(16)))
            } else {
                of_string(java_quote(&json))
            }
        }
        Payload::Text { media_type, text } => {
            content_type(media_type);
            of_string(java_quote(text))
        }
        Payload::Form(fields) => {
            content_type("application/x-www-form-urlencoded");
            of_string(java_quote(&form_encoded(fields)))
        }
        Payload::Multipart(fields) => {
            let boundary = boundary(fields);
            content_type(&format!("multipart/form-data; boundary={boundary}"));
            imports.extend(["java.util.List", "java.nio.charset.StandardCharsets"]);
            let chunks: Vec<String> = multipart_chunks(fields, &boundary)
                .iter()
                .map(|chunk| match chunk {
                    Chunk::Text(pieces) => java_bytes(pieces),
                    Chunk::File => {
                        imports.extend(["java.nio.file.Files", "java.nio.file.Path"]);
                        format!("Files.readAllBytes(Path.of({}))", java_quote(FILE_PATH))
                    }
                })
                .map(|chunk| format!("\n                {chunk}"))
                .collect();
            format!(
                "HttpRequest.BodyPublishers.ofByteArrays(List.of({}))",
                chunks.join(",")
            )
        }
    }
}

/// UTF-8 bytes of text pieces, one literal per line.
fn java_bytes(pieces: &[String]) -> String {
    let literals: Vec<String> = pieces.iter().map(|piece| java_quote(piece)).collect();
    match literals.as_slice() {
        [one] => format!("{one}.getBytes(StandardCharsets.UTF_8)"),
        _ => format!(
            "({}).getBytes(StandardCharsets.UTF_8)",
            literals.join("\n                    + ")
        ),
    }
}

/// A multipart body written by hand: text pieces (each ending a line) and files.
enum Chunk {
    Text(Vec<String>),
    File,
}

fn multipart_chunks(fields: &[(String, Field)], boundary: &str) -> Vec<Chunk> {
    // Names go inside a quoted header parameter: escape as browsers do.
    let header_text = |text: &str| {
        text.replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let mut chunks = Vec::new();
    let mut pieces = Vec::new();
    for (name, field) in fields {
        pieces.push(format!("--{boundary}\r\n"));
        let disposition = format!(
            "Content-Disposition: form-data; name=\"{}\"",
            header_text(name)
        );
        match field {
            Field::Text(value) => {
                pieces.push(format!("{disposition}\r\n"));
                pieces.push("\r\n".to_string());
                pieces.push(format!("{value}\r\n"));
            }
            Field::File => {
                pieces.push(format!("{disposition}; filename=\"{FILE_NAME}\"\r\n"));
                pieces.push("Content-Type: application/octet-stream\r\n".to_string());
                pieces.push("\r\n".to_string());
                chunks.push(Chunk::Text(std::mem::take(&mut pieces)));
                chunks.push(Chunk::File);
                pieces.push("\r\n".to_string());
            }
        }
    }
    pieces.push(format!("--{boundary}--\r\n"));
    chunks.push(Chunk::Text(pieces));
    chunks
}

// ---------------------------------------------------------------------------------------------
// C# (HttpClient, top-level statements; C# 11 for raw string literals)

fn csharp_expr(template: &Template) -> String {
    expression(template, " + ", c_quote, |name| {
        format!("Environment.GetEnvironmentVariable({})", c_quote(name))
    })
}

/// A C# string: multi-line text as a raw literal whose delimiter is longer than any run of
/// quotes inside (raw literals have no escapes at all), else a regular literal.
fn csharp_string(text: &str) -> String {
    let raw_safe = !text.contains('\r') && !text.lines().any(|line| line.trim().is_empty());
    if !text.contains('\n') || !raw_safe {
        return c_quote(text);
    }
    let delimiter = "\"".repeat(longest_quote_run(text).max(2) + 1);
    format!(
        "{delimiter}\n    {}\n    {delimiter}",
        indent_rest(text, "    ")
    )
}

fn csharp_method(method: &str) -> String {
    let property = match method {
        "GET" => "Get",
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        "HEAD" => "Head",
        "OPTIONS" => "Options",
        "TRACE" => "Trace",
        other => return format!("new HttpMethod({})", c_quote(other)),
    };
    format!("HttpMethod.{property}")
}

fn csharp(plan: &Plan) -> String {
    let mut usings: BTreeSet<&str> = ["System", "System.Net.Http"].into();
    let url = match &plan.query_secret {
        Some((name, value)) => format!(
            "{} + Uri.EscapeDataString({})",
            c_quote(&plan.url_before_secret(name)),
            csharp_expr(value)
        ),
        None => c_quote(&plan.url),
    };
    let mut lines = vec![
        "using var client = new HttpClient();".to_string(),
        format!(
            "using var request = new HttpRequestMessage({}, {url});",
            csharp_method(&plan.method)
        ),
    ];
    // TryAddWithoutValidation: Add would throw on values it cannot parse.
    let header = |name: &str, value: &str| {
        format!(
            "request.Headers.TryAddWithoutValidation({}, {value});",
            c_quote(name)
        )
    };
    if let Some((user, password)) = &plan.basic {
        usings.insert("System.Text");
        let credentials = csharp_expr(&join(&[user.clone(), text(":"), password.clone()]));
        lines.push(header(
            "Authorization",
            &format!("\"Basic \" + Convert.ToBase64String(Encoding.UTF8.GetBytes({credentials}))"),
        ));
    }
    for (name, value) in &plan.headers {
        lines.push(header(name, &csharp_expr(value)));
    }
    if let Some(body) = &plan.body {
        csharp_body(body, &mut lines, &mut usings);
    }
    lines.push(String::new());
    lines.push("using var response = await client.SendAsync(request);".to_string());
    lines.push("Console.WriteLine((int)response.StatusCode);".to_string());
    lines.push("Console.WriteLine(await response.Content.ReadAsStringAsync());".to_string());
    let usings: Vec<String> = usings
        .iter()
        .map(|using| format!("using {using};\n"))
        .collect();
    format!("{}\n{}\n", usings.concat(), lines.join("\n"))
}

fn csharp_body(body: &Payload, lines: &mut Vec<String>, usings: &mut BTreeSet<&str>) {
    // StringContent takes the bare media type; it adds the charset itself.
    let string_content = |text: String, media_type: &str| {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        format!(
            "request.Content = new StringContent({text}, Encoding.UTF8, {});",
            c_quote(essence)
        )
    };
    match body {
        Payload::Json { media_type, value } => {
            usings.insert("System.Text");
            lines.push(string_content(
                csharp_string(&json_text(value, false)),
                media_type,
            ));
        }
        Payload::Text { media_type, text } => {
            usings.insert("System.Text");
            lines.push(string_content(c_quote(text), media_type));
        }
        Payload::Form(fields) => {
            usings.insert("System.Collections.Generic");
            lines.push("request.Content = new FormUrlEncodedContent(new[]".to_string());
            lines.push("{".to_string());
            for (name, value) in fields {
                lines.push(format!(
                    "    new KeyValuePair<string, string>({}, {}),",
                    c_quote(name),
                    c_quote(value)
                ));
            }
            lines.push("});".to_string());
        }
        Payload::Multipart(fields) => {
            lines.push("var content = new MultipartFormDataContent();".to_string());
            for (name, field) in fields {
                lines.push(match field {
                    Field::Text(value) => format!(
                        "content.Add(new StringContent({}), {});",
                        c_quote(value),
                        c_quote(name)
                    ),
                    Field::File => {
                        usings.insert("System.IO");
                        format!(
                            "content.Add(new ByteArrayContent(File.ReadAllBytes({})), {}, {});",
                            c_quote(FILE_PATH),
                            c_quote(name),
                            c_quote(FILE_NAME)
                        )
                    }
                });
            }
            lines.push("request.Content = content;".to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LABELS: [&str; 6] = ["curl", "Python", "JavaScript", "Go", "Java", "C#"];

    /// Strings meant to break out of literals in one language or another.
    const HOSTILE: &[&str] = &[
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

    fn get(url: &str) -> Request {
        Request {
            method: "GET".into(),
            url: url.into(),
            ..Request::default()
        }
    }

    fn post_json(value: Value) -> Request {
        Request {
            method: "POST".into(),
            url: "https://api.example.com/v2/customers".into(),
            body: Some(Body {
                media_type: "application/json".into(),
                value,
            }),
            ..Request::default()
        }
    }

    fn source(request: &Request, label: &str) -> String {
        samples(request)
            .into_iter()
            .find(|sample| sample.label == label)
            .map(|sample| sample.source)
            .unwrap_or_default()
    }

    fn with_auth(auth: Auth) -> Request {
        Request {
            auth: Some(auth),
            ..get("https://api.example.com/v2/me")
        }
    }

    // --- Decoders for the literals the writers produce, so tests can check round trips. ---

    /// A shell word made of `'...'`, `\'` and `"..."` pieces (the only forms written), with
    /// `$NAME`/`${NAME}` inside double quotes shown as `{NAME}`.
    fn decode_shell_word(word: &str) -> String {
        let mut out = String::new();
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\'' => {
                    for c in chars.by_ref() {
                        if c == '\'' {
                            break;
                        }
                        assert!(!needs_shell_escape(c), "raw {c:?} in {word}");
                        out.push(c);
                    }
                }
                '\\' => out.extend(chars.next()),
                '$' => {
                    assert_eq!(chars.next(), Some('\''));
                    while let Some(c) = chars.next() {
                        match c {
                            '\'' => break,
                            '\\' => match chars.next() {
                                Some('n') => out.push('\n'),
                                Some('t') => out.push('\t'),
                                Some('r') => out.push('\r'),
                                Some('x') => {
                                    let hex: String = chars.by_ref().take(2).collect();
                                    out.extend(char::from_u32(
                                        u32::from_str_radix(&hex, 16).unwrap(),
                                    ));
                                }
                                Some('u') => {
                                    let hex: String = chars.by_ref().take(4).collect();
                                    out.extend(char::from_u32(
                                        u32::from_str_radix(&hex, 16).unwrap(),
                                    ));
                                }
                                Some(other) => out.push(other),
                                None => panic!("dangling escape in {word}"),
                            },
                            c => {
                                assert!(!needs_shell_escape(c), "raw {c:?} in {word}");
                                out.push(c);
                            }
                        }
                    }
                }
                '"' => {
                    while let Some(c) = chars.next() {
                        match c {
                            '"' => break,
                            '$' => {
                                let braced = chars.peek() == Some(&'{');
                                if braced {
                                    chars.next();
                                }
                                let mut name = String::new();
                                while let Some(&c) = chars.peek() {
                                    if c.is_ascii_alphanumeric() || c == '_' {
                                        name.push(c);
                                        chars.next();
                                    } else {
                                        break;
                                    }
                                }
                                if braced {
                                    assert_eq!(chars.next(), Some('}'));
                                }
                                out.push_str(&format!("{{{name}}}"));
                            }
                            '\\' | '`' | '!' => panic!("unexpected {c} in double quotes: {word}"),
                            c => out.push(c),
                        }
                    }
                }
                c => panic!("unquoted {c:?} in {word}"),
            }
        }
        out
    }

    /// Java string escapes, including the `\uXXXX` translation that happens before lexing.
    fn decode_java_escapes(body: &str) -> String {
        let chars: Vec<char> = body.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != '\\' {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let next = chars[i + 1];
            i += 2;
            match next {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' => {
                    let hex: String = chars[i..i + 4].iter().collect();
                    let c = char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap();
                    // Translated before lexing: these would end or break the literal.
                    assert!(!matches!(c, '\n' | '\r' | '"' | '\\'), "\\u{hex} in {body}");
                    out.push(c);
                    i += 4;
                }
                '0'..='7' => {
                    let octal: String = chars[i - 1..i + 2].iter().collect();
                    out.extend(char::from_u32(u32::from_str_radix(&octal, 8).unwrap()));
                    i += 2;
                }
                other => panic!("unknown escape \\{other}"),
            }
        }
        out
    }

    fn decode_java_quote(literal: &str) -> String {
        assert!(literal.starts_with('"') && literal.ends_with('"') && literal.len() >= 2);
        let body = &literal[1..literal.len() - 1];
        assert!(!body.contains(['\n', '\r']), "raw line break in {literal}");
        // Every quote inside is escaped (preceded by an odd number of backslashes).
        let chars: Vec<char> = body.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c == '"' {
                let slashes = chars[..i].iter().rev().take_while(|c| **c == '\\').count();
                assert!(slashes % 2 == 1, "unescaped quote in {literal}");
            }
        }
        decode_java_escapes(body)
    }

    fn decode_text_block(block: &str, indent: &str) -> String {
        let inner = block
            .strip_prefix("\"\"\"\n")
            .and_then(|b| b.strip_suffix("\"\"\""))
            .expect("text block delimiters");
        assert!(!inner.contains("\"\"\""), "{block}");
        let lines: Vec<&str> = inner
            .split('\n')
            .map(|line| line.strip_prefix(indent).expect("indented"))
            .collect();
        decode_java_escapes(&lines.join("\n"))
    }

    fn decode_csharp_raw(literal: &str) -> String {
        let delimiter_len = literal.chars().take_while(|c| *c == '"').count();
        assert!(delimiter_len >= 3);
        let lines: Vec<&str> = literal.split('\n').collect();
        let delimiter = "\"".repeat(delimiter_len);
        assert_eq!(lines[0], delimiter);
        assert_eq!(lines[lines.len() - 1], format!("    {delimiter}"));
        let content: Vec<&str> = lines[1..lines.len() - 1]
            .iter()
            .map(|line| line.strip_prefix("    ").expect("indented"))
            .collect();
        let content = content.join("\n");
        assert!(!content.contains(&delimiter));
        content
    }

    // --- Literal writers. ---

    #[test]
    fn double_quoted_literals_round_trip() {
        for text in HOSTILE {
            let literal = c_quote(text);
            assert_eq!(serde_json::from_str::<String>(&literal).unwrap(), *text);
            assert!(
                !literal.contains(['\n', '\r', '\u{202e}', '\u{2028}']),
                "{literal}"
            );
            assert_eq!(decode_java_quote(&java_quote(text)), *text);
        }
    }

    #[test]
    fn shell_words_round_trip() {
        for text in HOSTILE.iter().filter(|t| !t.contains('\0')) {
            assert_eq!(decode_shell_word(&single_quoted(text)), *text);
            let template = join(&[text_part(text), vec![Part::Env("TOKEN".into())]]);
            assert_eq!(
                decode_shell_word(&shell_word(&template)),
                format!("{text}{{TOKEN}}")
            );
        }
        assert_eq!(single_quoted("it's"), r"'it'\''s'");
        assert_eq!(
            shell_word(&placeholders("Bearer $TOKEN")),
            "\"Bearer $TOKEN\""
        );
        assert_eq!(shell_word(&placeholders("${A}b")), "\"${A}b\"");
        assert_eq!(shell_word(&placeholders("it's $A")), r#""it's $A""#);
        assert_eq!(
            shell_word(&placeholders("say \"it\" $A")),
            r#"'say "it" '"${A}""#
        );
        assert_eq!(shell_word(&placeholders("$A:$B")), "\"$A:$B\"");
    }

    fn text_part(text: &str) -> Template {
        vec![Part::Text(text.to_string())]
    }

    #[test]
    fn raw_and_block_literals_round_trip() {
        let multi_line: Vec<String> = HOSTILE
            .iter()
            .map(|text| format!("{{\n  {text}\n}}"))
            .collect();
        for text in &multi_line {
            assert_eq!(
                decode_text_block(&java_text_block(text, "    "), "    "),
                *text
            );
            let csharp = csharp_string(text);
            if csharp.starts_with("\"\"\"") {
                assert_eq!(decode_csharp_raw(&csharp), *text);
            } else {
                assert_eq!(serde_json::from_str::<String>(&csharp).unwrap(), *text);
            }
            let go = go_string(text);
            match go.strip_prefix('`') {
                Some(raw) => assert_eq!(raw.strip_suffix('`'), Some(text.as_str())),
                None => assert_eq!(serde_json::from_str::<String>(&go).unwrap(), *text),
            }
        }
        // A quote at the very end cannot merge with the closing delimiter.
        let block = java_text_block("a\n\"", "");
        assert_eq!(block, "\"\"\"\na\n\\\"\"\"\"");
        assert_eq!(decode_text_block(&block, ""), "a\n\"");
        assert_eq!(
            csharp_string("a\n\"\"\"\"\"b"),
            "\"\"\"\"\"\"\n    a\n    \"\"\"\"\"b\n    \"\"\"\"\"\""
        );
        assert_eq!(go_string("a\n`b`"), "\"a\\n`b`\"");
        assert_eq!(go_string("a\nb"), "`a\nb`");
    }

    #[test]
    fn json_text_matches_serde_pretty_printing() {
        let value =
            json!({"a": [1, 2.5, -3e300, null, true, {}], "b": {"c": "d", "e": []}, "": "x"});
        assert_eq!(
            json_text(&value, false),
            serde_json::to_string_pretty(&value).unwrap()
        );
        let sneaky = json!({"__proto__": {"admin": true}, "s": "\u{202e}\u{2028}"});
        assert_eq!(
            json_text(&sneaky, false),
            "{\n  \"__proto__\": {\n    \"admin\": true\n  },\n  \"s\": \"\\u202e\\u2028\"\n}"
        );
        assert!(json_text(&sneaky, true).starts_with("{\n  [\"__proto__\"]: {"));
        let parsed: Value = serde_json::from_str(&json_text(&sneaky, false)).unwrap();
        assert_eq!(parsed, sneaky);
    }

    // --- URLs. ---

    #[test]
    fn query_components_are_percent_encoded() {
        assert_eq!(
            encode_component("a b&c=d/é?#+"),
            "a%20b%26c%3Dd%2F%C3%A9%3F%23%2B"
        );
        assert_eq!(encode_component("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode_component("日本"), "%E6%97%A5%E6%9C%AC");
        let request = Request {
            query: vec![
                ("q".into(), "shoes & socks".into()),
                ("city".into(), "Zürich".into()),
                ("tag".into(), "a".into()),
                ("tag".into(), "b".into()),
            ],
            ..get("https://api.example.com/search")
        };
        let url =
            "https://api.example.com/search?q=shoes%20%26%20socks&city=Z%C3%BCrich&tag=a&tag=b";
        for sample in samples(&request) {
            assert!(sample.source.contains(url), "{}", sample.source);
        }
    }

    #[test]
    fn urls_are_cleaned_of_characters_they_cannot_hold() {
        assert_eq!(
            clean_url(" https://x.io/a b/{id}/\"q\" "),
            "https://x.io/a%20b/%7Bid%7D/%22q%22"
        );
        assert_eq!(
            clean_url("https://x.io/café#frag"),
            "https://x.io/caf%C3%A9%23frag"
        );
        assert_eq!(
            clean_url("https://x.io/a%20b/100%"),
            "https://x.io/a%20b/100%25"
        );
        assert_eq!(
            clean_url("http://[::1]:8080/a[0]"),
            "http://[::1]:8080/a%5B0%5D"
        );
        assert_eq!(
            clean_url("https://x.io/a;b=c,d'e$f!"),
            "https://x.io/a;b=c,d'e$f!"
        );
        assert_eq!(clean_url("/relative path"), "/relative%20path");
        assert_eq!(
            url_with_query("https://x.io/a?b=1", &[("c".into(), "2".into())]),
            "https://x.io/a?b=1&c=2"
        );
        assert_eq!(
            url_with_query("https://x.io/a?", &[("c".into(), "2".into())]),
            "https://x.io/a?c=2"
        );
    }

    // --- Whole samples. ---

    #[test]
    fn samples_come_in_a_fixed_order() {
        let all = samples(&get("https://api.example.com"));
        let labels: Vec<&str> = all.iter().map(|s| s.label.as_str()).collect();
        let languages: Vec<&str> = all.iter().map(|s| s.language.as_str()).collect();
        assert_eq!(labels, LABELS);
        assert_eq!(
            languages,
            ["bash", "python", "javascript", "go", "java", "csharp"]
        );
    }

    #[test]
    fn a_plain_get() {
        let request = Request {
            query: vec![("limit".into(), "10".into())],
            ..get("https://api.example.com/v2/customers")
        };
        assert_eq!(
            source(&request, "curl"),
            "curl --request GET \\\n  --url 'https://api.example.com/v2/customers?limit=10'"
        );
        assert_eq!(
            source(&request, "Python"),
            "import requests\n\nresponse = requests.get(\"https://api.example.com/v2/customers?limit=10\")\n\
             print(response.status_code)\nprint(response.text)\n"
        );
        assert_eq!(
            source(&request, "JavaScript"),
            "const response = await fetch(\"https://api.example.com/v2/customers?limit=10\");\n\
             console.log(response.status);\nconsole.log(await response.text());\n"
        );
        let go = source(&request, "Go");
        assert!(go.contains(
            "req, err := http.NewRequest(http.MethodGet, \"https://api.example.com/v2/customers?limit=10\", nil)"
        ));
        assert!(
            go.contains("import (\n\t\"fmt\"\n\t\"io\"\n\t\"net/http\"\n)"),
            "{go}"
        );
        let java = source(&request, "Java");
        assert!(java.contains(".GET()\n"), "{java}");
        assert!(!java.contains("StandardCharsets"), "{java}");
        let csharp = source(&request, "C#");
        assert!(
            csharp.starts_with("using System;\nusing System.Net.Http;\n\n"),
            "{csharp}"
        );
        assert!(csharp.contains("new HttpRequestMessage(HttpMethod.Get, \"https://api.example.com/v2/customers?limit=10\")"));
    }

    #[test]
    fn post_json_with_bearer_token() {
        let request = Request {
            headers: vec![("Idempotency-Key".into(), "8e03978e".into())],
            auth: Some(Auth::Header {
                name: "Authorization".into(),
                value: "Bearer $ACCESS_TOKEN".into(),
            }),
            ..post_json(json!({"name": "Jane", "tags": ["a"], "vip": false, "note": null}))
        };
        assert_eq!(
            source(&request, "curl"),
            r#"curl --request POST \
  --url 'https://api.example.com/v2/customers' \
  --header "Authorization: Bearer $ACCESS_TOKEN" \
  --header 'Idempotency-Key: 8e03978e' \
  --header 'Content-Type: application/json' \
  --data '{
  "name": "Jane",
  "tags": [
    "a"
  ],
  "vip": false,
  "note": null
}'"#
        );
        assert_eq!(
            source(&request, "Python"),
            r#"import os

import requests

response = requests.post(
    "https://api.example.com/v2/customers",
    headers={
        "Authorization": "Bearer " + os.environ["ACCESS_TOKEN"],
        "Idempotency-Key": "8e03978e",
    },
    json={
        "name": "Jane",
        "tags": [
            "a",
        ],
        "vip": False,
        "note": None,
    },
)
print(response.status_code)
print(response.text)
"#
        );
        assert_eq!(
            source(&request, "JavaScript"),
            r#"const response = await fetch("https://api.example.com/v2/customers", {
  method: "POST",
  headers: {
    "Authorization": "Bearer " + process.env.ACCESS_TOKEN,
    "Idempotency-Key": "8e03978e",
    "Content-Type": "application/json",
  },
  body: JSON.stringify({
    "name": "Jane",
    "tags": [
      "a"
    ],
    "vip": false,
    "note": null
  }),
});
console.log(response.status);
console.log(await response.text());
"#
        );
        assert_eq!(
            source(&request, "Go"),
            "package main

import (
\t\"fmt\"
\t\"io\"
\t\"net/http\"
\t\"os\"
\t\"strings\"
)

func main() {
\tbody := strings.NewReader(`{
  \"name\": \"Jane\",
  \"tags\": [
    \"a\"
  ],
  \"vip\": false,
  \"note\": null
}`)

\treq, err := http.NewRequest(http.MethodPost, \"https://api.example.com/v2/customers\", body)
\tif err != nil {
\t\tpanic(err)
\t}
\treq.Header.Set(\"Authorization\", \"Bearer \"+os.Getenv(\"ACCESS_TOKEN\"))
\treq.Header.Set(\"Idempotency-Key\", \"8e03978e\")
\treq.Header.Set(\"Content-Type\", \"application/json\")

\tres, err := http.DefaultClient.Do(req)
\tif err != nil {
\t\tpanic(err)
\t}
\tdefer res.Body.Close()

\tdata, err := io.ReadAll(res.Body)
\tif err != nil {
\t\tpanic(err)
\t}
\tfmt.Println(res.StatusCode)
\tfmt.Println(string(data))
}
"
        );
        assert_eq!(
            source(&request, "Java"),
            r#"import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class Main {
    public static void main(String[] args) throws Exception {
        HttpRequest request = HttpRequest.newBuilder()
            .uri(URI.create("https://api.example.com/v2/customers"))
            .header("Authorization", "Bearer " + System.getenv("ACCESS_TOKEN"))
            .header("Idempotency-Key", "8e03978e")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("""
                {
                  "name": "Jane",
                  "tags": [
                    "a"
                  ],
                  "vip": false,
                  "note": null
                }"""))
            .build();
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode());
        System.out.println(response.body());
    }
}
"#
        );
        assert_eq!(
            source(&request, "C#"),
            r#"using System;
using System.Net.Http;
using System.Text;

using var client = new HttpClient();
using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/v2/customers");
request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Environment.GetEnvironmentVariable("ACCESS_TOKEN"));
request.Headers.TryAddWithoutValidation("Idempotency-Key", "8e03978e");
request.Content = new StringContent("""
    {
      "name": "Jane",
      "tags": [
        "a"
      ],
      "vip": false,
      "note": null
    }
    """, Encoding.UTF8, "application/json");

using var response = await client.SendAsync(request);
Console.WriteLine((int)response.StatusCode);
Console.WriteLine(await response.Content.ReadAsStringAsync());
"#
        );
    }

    #[test]
    fn api_key_headers_read_the_environment() {
        let request = with_auth(Auth::Header {
            name: "X-API-Key".into(),
            value: "$API_KEY".into(),
        });
        let expected = [
            "--header \"X-API-Key: $API_KEY\"",
            "\"X-API-Key\": os.environ[\"API_KEY\"],",
            "\"X-API-Key\": process.env.API_KEY,",
            "req.Header.Set(\"X-API-Key\", os.Getenv(\"API_KEY\"))",
            ".header(\"X-API-Key\", System.getenv(\"API_KEY\"))",
            "TryAddWithoutValidation(\"X-API-Key\", Environment.GetEnvironmentVariable(\"API_KEY\"));",
        ];
        for (label, expected) in LABELS.iter().zip(expected) {
            let source = source(&request, label);
            assert!(source.contains(expected), "{label}:\n{source}");
            if *label != "curl" {
                assert!(!source.contains("$API_KEY"), "{label}:\n{source}");
            }
        }
        // Go imports os only when it is used.
        assert!(source(&request, "Go").contains("\t\"os\"\n"));
        assert!(!source(&get("https://x.io"), "Go").contains("\"os\""));
        assert!(source(&request, "Python").starts_with("import os\n\nimport requests\n"));
    }

    #[test]
    fn query_keys_are_encoded_at_run_time() {
        let request = Request {
            query: vec![("q".into(), "a b".into())],
            ..with_auth(Auth::Query {
                name: "api key".into(),
                value: "$API_KEY".into(),
            })
        };
        let expected = [
            "--url \"https://api.example.com/v2/me?q=a%20b&api%20key=$API_KEY\"",
            "\"https://api.example.com/v2/me?q=a%20b\",\n    params={\"api key\": os.environ[\"API_KEY\"]},",
            "fetch(\"https://api.example.com/v2/me?q=a%20b&api%20key=\" + encodeURIComponent(process.env.API_KEY))",
            "\"https://api.example.com/v2/me?q=a%20b&api%20key=\"+url.QueryEscape(os.Getenv(\"API_KEY\")), nil)",
            "URI.create(\"https://api.example.com/v2/me?q=a%20b&api%20key=\" + URLEncoder.encode(System.getenv(\"API_KEY\"), StandardCharsets.UTF_8))",
            "HttpMethod.Get, \"https://api.example.com/v2/me?q=a%20b&api%20key=\" + Uri.EscapeDataString(Environment.GetEnvironmentVariable(\"API_KEY\")));",
        ];
        for (label, expected) in LABELS.iter().zip(expected) {
            let source = source(&request, label);
            assert!(source.contains(expected), "{label}:\n{source}");
        }
        assert!(source(&request, "Go").contains("\t\"net/url\"\n"));
        assert!(source(&request, "Java").contains("import java.net.URLEncoder;\n"));
        // A literal value (no placeholder) is simply part of the URL.
        let literal = with_auth(Auth::Query {
            name: "key".into(),
            value: "demo key".into(),
        });
        for sample in samples(&literal) {
            assert!(
                sample
                    .source
                    .contains("https://api.example.com/v2/me?key=demo%20key"),
                "{}",
                sample.source
            );
        }
    }

    #[test]
    fn basic_auth_in_every_language() {
        let request = with_auth(Auth::Basic {
            user: "$USERNAME".into(),
            password: "$PASSWORD".into(),
        });
        let expected = [
            "--user \"$USERNAME:$PASSWORD\"",
            "auth=(os.environ[\"USERNAME\"], os.environ[\"PASSWORD\"]),",
            "\"Authorization\": \"Basic \" + Buffer.from(process.env.USERNAME + \":\" + process.env.PASSWORD).toString(\"base64\"),",
            "req.SetBasicAuth(os.Getenv(\"USERNAME\"), os.Getenv(\"PASSWORD\"))",
            ".header(\"Authorization\", \"Basic \" + Base64.getEncoder().encodeToString((System.getenv(\"USERNAME\") + \":\" + System.getenv(\"PASSWORD\")).getBytes(StandardCharsets.UTF_8)))",
            "TryAddWithoutValidation(\"Authorization\", \"Basic \" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable(\"USERNAME\") + \":\" + Environment.GetEnvironmentVariable(\"PASSWORD\"))));",
        ];
        for (label, expected) in LABELS.iter().zip(expected) {
            let source = source(&request, label);
            assert!(source.contains(expected), "{label}:\n{source}");
        }
        assert!(source(&request, "Java").contains("import java.util.Base64;"));
        assert!(source(&request, "C#").contains("using System.Text;"));
        // A literal user name stays literal.
        let mixed = with_auth(Auth::Basic {
            user: "alice".into(),
            password: "$PASSWORD".into(),
        });
        assert!(source(&mixed, "curl").contains("--user \"alice:$PASSWORD\""));
        assert!(source(&mixed, "Python").contains("auth=(\"alice\", os.environ[\"PASSWORD\"])"));
    }

    #[test]
    fn placeholders_are_found_in_values() {
        let env = |name: &str| Part::Env(name.to_string());
        let text = |text: &str| Part::Text(text.to_string());
        assert_eq!(placeholders("$API_KEY"), [env("API_KEY")]);
        assert_eq!(
            placeholders("Bearer $ACCESS_TOKEN"),
            [text("Bearer "), env("ACCESS_TOKEN")]
        );
        assert_eq!(placeholders("${A}b"), [env("A"), text("b")]);
        assert_eq!(placeholders("$5 and $"), [text("$5 and $")]);
        assert_eq!(placeholders("$$X"), [text("$"), env("X")]);
        assert_eq!(placeholders("${bad name}"), [text("${bad name}")]);
        assert_eq!(placeholders(""), [text("")]);
    }

    #[test]
    fn other_json_media_types_are_named() {
        let mut request = post_json(json!({"a": 1}));
        if let Some(body) = request.body.as_mut() {
            body.media_type = "application/merge-patch+json".into();
        }
        request.method = "PATCH".into();
        let python = source(&request, "Python");
        assert!(python.contains("requests.patch("), "{python}");
        assert!(
            python.contains("\"Content-Type\": \"application/merge-patch+json\","),
            "{python}"
        );
        assert!(
            python.contains("json={\n        \"a\": 1,\n    },"),
            "{python}"
        );
        assert!(!source(&post_json(json!(1)), "Python").contains("Content-Type"));
        assert!(source(&request, "Java")
            .contains(".method(\"PATCH\", HttpRequest.BodyPublishers.ofString("));
        assert!(source(&request, "C#").contains("HttpMethod.Patch"));
        assert!(
            source(&request, "C#").contains("Encoding.UTF8, \"application/merge-patch+json\");")
        );
        // Scalar JSON stays on one line in every language.
        let scalar = post_json(json!("it's \"quoted\""));
        assert!(source(&scalar, "Go").contains(r#"strings.NewReader("\"it's \\\"quoted\\\"\"")"#));
        assert!(source(&scalar, "Java").contains(r#"ofString("\"it's \\\"quoted\\\"\"")"#));
        assert!(source(&scalar, "C#").contains(r#"new StringContent("\"it's \\\"quoted\\\"\"", "#));
        assert!(source(&scalar, "curl").contains(r#"--data '"it'\''s \"quoted\""'"#));
    }

    #[test]
    fn content_type_from_the_request_gives_way_to_the_body() {
        let request = Request {
            headers: vec![
                ("content-type".into(), "text/csv".into()),
                ("Accept".into(), "application/json".into()),
            ],
            ..post_json(json!({}))
        };
        for sample in samples(&request) {
            assert!(!sample.source.contains("text/csv"), "{}", sample.source);
            assert!(sample.source.contains("Accept"), "{}", sample.source);
        }
        let without_body = Request {
            headers: vec![("Content-Type".into(), "text/csv".into())],
            ..get("https://x.io")
        };
        assert!(source(&without_body, "curl").contains("--header 'Content-Type: text/csv'"));
    }

    fn form(value: Value) -> Request {
        Request {
            method: "POST".into(),
            url: "https://api.example.com/token".into(),
            body: Some(Body {
                media_type: "application/x-www-form-urlencoded".into(),
                value,
            }),
            ..Request::default()
        }
    }

    #[test]
    fn form_bodies_are_encoded_fields() {
        let request = form(
            json!({"grant type": "client_credentials", "scope": ["a b", "c&d"], "n": 5, "skip": null}),
        );
        assert_eq!(
            source(&request, "curl"),
            "curl --request POST \\\n  --url 'https://api.example.com/token' \\\n  \
             --data-urlencode 'grant%20type=client_credentials' \\\n  \
             --data-urlencode 'scope=a b' \\\n  --data-urlencode 'scope=c&d' \\\n  --data-urlencode 'n=5'"
        );
        assert!(source(&request, "Python").contains(
            "    data=[\n        (\"grant type\", \"client_credentials\"),\n        (\"scope\", \"a b\"),\n        \
             (\"scope\", \"c&d\"),\n        (\"n\", \"5\"),\n    ],\n"
        ));
        assert!(source(&request, "JavaScript").contains(
            "  body: new URLSearchParams([\n    [\"grant type\", \"client_credentials\"],\n    [\"scope\", \"a b\"],\n    \
             [\"scope\", \"c&d\"],\n    [\"n\", \"5\"],\n  ]),\n"
        ));
        let go = source(&request, "Go");
        assert!(
            go.contains(
                "\tform := url.Values{}\n\tform.Add(\"grant type\", \"client_credentials\")\n"
            ),
            "{go}"
        );
        assert!(
            go.contains("\tbody := strings.NewReader(form.Encode())\n"),
            "{go}"
        );
        assert!(
            go.contains("req.Header.Set(\"Content-Type\", \"application/x-www-form-urlencoded\")"),
            "{go}"
        );
        let java = source(&request, "Java");
        assert!(java.contains(
            ".POST(HttpRequest.BodyPublishers.ofString(\"grant%20type=client_credentials&scope=a%20b&scope=c%26d&n=5\"))"
        ), "{java}");
        let csharp = source(&request, "C#");
        assert!(csharp.contains("using System.Collections.Generic;"));
        assert!(
            csharp.contains("    new KeyValuePair<string, string>(\"scope\", \"c&d\"),\n"),
            "{csharp}"
        );
        // Without repeated names: a dict and an object literal.
        let simple = form(json!({"a": "1", "__proto__": "2"}));
        assert!(source(&simple, "Python")
            .contains("data={\n        \"a\": \"1\",\n        \"__proto__\": \"2\",\n    },"));
        assert!(source(&simple, "JavaScript").contains(
            "new URLSearchParams({\n    \"a\": \"1\",\n    [\"__proto__\"]: \"2\",\n  }),"
        ));
        // A field without a name cannot use curl's name=value form.
        assert!(source(&form(json!({"": "a b"})), "curl").contains("--data '=a%20b'"));
        // A form type with a non-object value is sent as text.
        assert!(source(&form(json!("a=1&b=2")), "curl").contains("--data 'a=1&b=2'"));
    }

    fn multipart(value: Value) -> Request {
        Request {
            method: "POST".into(),
            url: "https://api.example.com/files".into(),
            body: Some(Body {
                media_type: "multipart/form-data".into(),
                value,
            }),
            ..Request::default()
        }
    }

    #[test]
    fn multipart_bodies_send_fields_and_files() {
        let request =
            multipart(json!({"purpose": "@etc/passwd", "file": BINARY, "meta": {"a": 1}}));
        assert_eq!(
            source(&request, "curl"),
            "curl --request POST \\\n  --url 'https://api.example.com/files' \\\n  \
             --form-string 'purpose=@etc/passwd' \\\n  --form 'file=@path/to/file' \\\n  \
             --form-string 'meta={\"a\":1}'"
        );
        assert!(source(&request, "Python").contains(
            "    files={\n        \"purpose\": (None, \"@etc/passwd\"),\n        \
             \"file\": open(\"path/to/file\", \"rb\"),\n        \"meta\": (None, \"{\\\"a\\\":1}\"),\n    },\n"
        ));
        let js = source(&request, "JavaScript");
        assert!(
            js.starts_with(
                "import { readFileSync } from \"node:fs\";\n\nconst form = new FormData();\n"
            ),
            "{js}"
        );
        assert!(
            js.contains(
                "form.append(\"file\", new Blob([readFileSync(\"path/to/file\")]), \"file\");"
            ),
            "{js}"
        );
        assert!(js.contains("  body: form,\n"), "{js}");
        assert!(
            !js.contains("Content-Type"),
            "fetch must set the boundary itself:\n{js}"
        );
        let go = source(&request, "Go");
        assert!(
            go.contains("\twriter.WriteField(\"purpose\", \"@etc/passwd\")\n"),
            "{go}"
        );
        assert!(
            go.contains("\tpart, err := writer.CreateFormFile(\"file\", \"file\")\n"),
            "{go}"
        );
        assert!(
            go.contains("req.Header.Set(\"Content-Type\", writer.FormDataContentType())"),
            "{go}"
        );
        assert!(go.contains("\t\"bytes\"\n\t\"fmt\"\n\t\"io\"\n\t\"mime/multipart\"\n\t\"net/http\"\n\t\"os\"\n)"), "{go}");
        let java = source(&request, "Java");
        assert!(java.contains(".header(\"Content-Type\", \"multipart/form-data; boundary=PorticoFormBoundary7MA4YWxkTrZu0gW\")"));
        assert!(
            java.contains("Files.readAllBytes(Path.of(\"path/to/file\")),"),
            "{java}"
        );
        assert!(java.contains("import java.nio.file.Path;"), "{java}");
        let csharp = source(&request, "C#");
        assert!(csharp.contains("content.Add(new StringContent(\"@etc/passwd\"), \"purpose\");"));
        assert!(csharp.contains("content.Add(new ByteArrayContent(File.ReadAllBytes(\"path/to/file\")), \"file\", \"file\");"));
        assert!(csharp.contains("using System.IO;"));
        // Without files nothing reads the disk.
        let text_only = multipart(json!({"a": "b"}));
        assert!(!source(&text_only, "JavaScript").contains("node:fs"));
        assert!(!source(&text_only, "Go").contains("os.ReadFile"));
        assert!(!source(&text_only, "Go").contains("\"os\""));
        assert!(!source(&text_only, "Java").contains("java.nio.file"));
        assert!(!source(&text_only, "C#").contains("System.IO"));
    }

    #[test]
    fn multipart_built_by_hand_is_well_formed() {
        let fields = vec![
            ("a\"b\r\n".to_string(), Field::Text("x\r\ny".to_string())),
            ("f".to_string(), Field::File),
        ];
        let chunks = multipart_chunks(&fields, "B");
        let text: Vec<String> = chunks
            .iter()
            .map(|chunk| match chunk {
                Chunk::Text(pieces) => pieces.concat(),
                Chunk::File => "<file>".to_string(),
            })
            .collect();
        assert_eq!(
            text.concat(),
            "--B\r\nContent-Disposition: form-data; name=\"a%22b%0D%0A\"\r\n\r\nx\r\ny\r\n\
             --B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"file\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n<file>\r\n--B--\r\n"
        );
        // The boundary never occurs in the content.
        let clash = vec![("x".to_string(), Field::Text(format!("--{BOUNDARY}--")))];
        assert_eq!(boundary(&clash), format!("{BOUNDARY}x"));
        // Several files: `part` is declared once in Go.
        let go = source(&multipart(json!({"a": BINARY, "b": BINARY})), "Go");
        assert_eq!(go.matches("part, err := ").count(), 1, "{go}");
        assert_eq!(go.matches("part, err = ").count(), 1, "{go}");
        assert_eq!(go.matches("os.ReadFile").count(), 1, "{go}");
    }

    #[test]
    fn other_media_types_are_sent_as_text() {
        let request = Request {
            method: "PUT".into(),
            url: "https://x.io/notes".into(),
            body: Some(Body {
                media_type: "text/plain; charset=utf-8".into(),
                value: json!("@not-a-file ünïcode"),
            }),
            ..Request::default()
        };
        let curl = source(&request, "curl");
        assert!(curl.contains("--header 'Content-Type: text/plain; charset=utf-8' \\\n  --data-raw '@not-a-file ünïcode'"), "{curl}");
        let python = source(&request, "Python");
        assert!(
            python.contains("data=\"@not-a-file ünïcode\".encode(\"utf-8\"),"),
            "{python}"
        );
        assert!(
            python.contains("\"Content-Type\": \"text/plain; charset=utf-8\","),
            "{python}"
        );
        assert!(source(&request, "JavaScript").contains("  body: \"@not-a-file ünïcode\",\n"));
        assert!(source(&request, "Go").contains("strings.NewReader(\"@not-a-file ünïcode\")"));
        assert!(source(&request, "Java")
            .contains(".PUT(HttpRequest.BodyPublishers.ofString(\"@not-a-file ünïcode\"))"));
        assert!(source(&request, "C#").contains(
            "new StringContent(\"@not-a-file ünïcode\", Encoding.UTF8, \"text/plain\");"
        ));
        // Structured values of other types are sent as their JSON text.
        let xml = Request {
            body: Some(Body {
                media_type: "application/xml".into(),
                value: json!({"a": 1}),
            }),
            ..request.clone()
        };
        assert!(source(&xml, "curl").contains("--data '{\n  \"a\": 1\n}'"));
        // No media type: JSON for structured values.
        let untyped = Request {
            body: Some(Body {
                media_type: String::new(),
                value: json!({"a": 1}),
            }),
            ..request
        };
        assert!(source(&untyped, "curl").contains("--header 'Content-Type: application/json'"));
    }

    #[test]
    fn methods_outside_the_usual_set() {
        let head = Request {
            method: "head".into(),
            ..get("https://x.io")
        };
        assert!(source(&head, "curl").starts_with("curl --head \\\n"));
        assert!(source(&head, "Python").contains("requests.head(\"https://x.io\")"));
        assert!(source(&head, "JavaScript").contains("method: \"HEAD\","));
        assert!(source(&head, "Java")
            .contains(".method(\"HEAD\", HttpRequest.BodyPublishers.noBody())"));
        let purge = Request {
            method: "PURGE".into(),
            ..get("https://x.io")
        };
        assert!(source(&purge, "curl").contains("--request PURGE"));
        assert!(source(&purge, "Python")
            .contains("requests.request(\n    \"PURGE\",\n    \"https://x.io\",\n)"));
        assert!(source(&purge, "Go").contains("http.NewRequest(\"PURGE\", \"https://x.io\", nil)"));
        assert!(source(&purge, "C#")
            .contains("new HttpRequestMessage(new HttpMethod(\"PURGE\"), \"https://x.io\")"));
        let delete = Request {
            method: "DELETE".into(),
            ..get("https://x.io")
        };
        assert!(source(&delete, "Java").contains(".DELETE()"));
        assert!(source(&delete, "Go").contains("http.MethodDelete"));
        let odd = Request {
            method: "GET'; rm -rf /".into(),
            ..get("https://x.io")
        };
        assert!(source(&odd, "curl").contains(r"--request 'GET'\''; RM -RF /'"));
        assert!(source(&Request::default(), "curl").starts_with("curl --request GET"));
    }

    #[test]
    fn java_leaves_out_headers_the_client_sets() {
        let request = Request {
            headers: vec![
                ("Host".into(), "x".into()),
                ("Content-Length".into(), "3".into()),
                ("X-Ok".into(), "1".into()),
            ],
            ..get("https://x.io")
        };
        let java = source(&request, "Java");
        assert!(
            !java.contains("\"Host\"") && !java.contains("Content-Length"),
            "{java}"
        );
        assert!(java.contains(".header(\"X-Ok\", \"1\")"));
    }

    #[test]
    fn hostile_strings_stay_inside_their_literals() {
        for text in HOSTILE {
            let request = Request {
                method: "POST".into(),
                url: format!("https://x.io/{text}"),
                query: vec![(text.to_string(), text.to_string())],
                headers: vec![(format!("X-{text}"), text.to_string())],
                auth: Some(Auth::Header {
                    name: "Authorization".into(),
                    value: format!("{text} $TOKEN"),
                }),
                body: Some(Body {
                    media_type: "application/json".into(),
                    value: json!({ *text: [text, {"k": text}] }),
                }),
            };
            let all = samples(&request);
            assert_eq!(all, samples(&request), "deterministic");
            for sample in &all {
                // Bidi overrides and line separators never reach a sample raw.
                assert!(
                    !sample
                        .source
                        .contains(['\u{202e}', '\u{2028}', '\u{feff}', '\0']),
                    "{}",
                    sample.source
                );
            }
            // The body survives each embedding.
            let json = json_text(&request.body.as_ref().unwrap().value, false);
            let csharp = source(&request, "C#");
            let start = csharp.find("new StringContent(").unwrap() + "new StringContent(".len();
            let end = csharp.find(", Encoding.UTF8").unwrap();
            let literal = &csharp[start..end];
            let decoded = if literal.starts_with("\"\"\"") {
                decode_csharp_raw(literal)
            } else {
                serde_json::from_str(literal).unwrap()
            };
            assert_eq!(decoded, json);
            let java = source(&request, "Java");
            let start = java.find("ofString(").unwrap() + "ofString(".len();
            let end = java.find("))\n            .build()").unwrap();
            assert_eq!(decode_text_block(&java[start..end], &pad(16)), json);
            let curl = source(&request, "curl");
            let start = curl.find("--data ").unwrap() + "--data ".len();
            assert_eq!(decode_shell_word(&curl[start..]), json);
            let word = curl
                .split(" \\\n  ")
                .find_map(|arg| {
                    arg.strip_prefix("--header ")
                        .filter(|w| w.contains("TOKEN"))
                })
                .unwrap();
            assert_eq!(
                decode_shell_word(word),
                placeholders(&format!("Authorization: {text} $TOKEN"))
                    .iter()
                    .map(|part| match part {
                        Part::Text(text) => text.clone(),
                        Part::Env(name) => format!("{{{name}}}"),
                    })
                    .collect::<String>()
            );
        }
    }

    /// Checks the samples with the real tools where they exist: `bash -n`, Python's parser,
    /// `node --check`, `javac`. Run with `cargo test -- --ignored`.
    #[test]
    #[ignore]
    fn external_tools_accept_the_samples() {
        use std::process::Command;
        let dir = tempfile::tempdir().unwrap();
        let mut requests = vec![
            get("https://x.io/a"),
            Request {
                query: vec![("q".into(), "a b".into())],
                headers: vec![("Idempotency-Key".into(), "k".into())],
                auth: Some(Auth::Header {
                    name: "Authorization".into(),
                    value: "Bearer $TOKEN".into(),
                }),
                ..post_json(json!({"a": [1, {"b": null}], "__proto__": {"x": true}}))
            },
            Request {
                auth: Some(Auth::Query {
                    name: "k".into(),
                    value: "$KEY".into(),
                }),
                ..form(json!({"a": ["1", "2"], "b": 3}))
            },
            Request {
                auth: Some(Auth::Basic {
                    user: "$U".into(),
                    password: "$P".into(),
                }),
                ..multipart(json!({"a": "b", "f": BINARY, "g": BINARY}))
            },
            Request {
                method: "PURGE".into(),
                ..get("https://x.io")
            },
        ];
        for text in HOSTILE {
            requests.push(Request {
                method: "PATCH".into(),
                url: format!("https://x.io/{text}"),
                query: vec![(text.to_string(), text.to_string())],
                headers: vec![(text.to_string(), text.to_string())],
                auth: Some(Auth::Header {
                    name: text.to_string(),
                    value: format!("{text}$TOKEN"),
                }),
                body: Some(Body {
                    media_type: "application/json".into(),
                    value: json!({ *text: text }),
                }),
            });
            requests.push(Request {
                body: Some(Body {
                    media_type: "text/plain".into(),
                    value: json!(text),
                }),
                ..get("https://x.io")
            });
            requests.push(Request {
                auth: None,
                ..multipart(json!({ *text: text }))
            });
        }
        let available = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
        for (i, request) in requests.iter().enumerate() {
            let all = samples(request);
            let run = |tool: &str, args: &[&str], file: &str, text: &str| {
                if !available(tool) {
                    return;
                }
                let folder = dir.path().join(format!("{i}-{tool}"));
                std::fs::create_dir_all(&folder).unwrap();
                let path = folder.join(file);
                std::fs::write(&path, text).unwrap();
                let output = Command::new(tool)
                    .args(args)
                    .arg(&path)
                    .current_dir(&folder)
                    .output()
                    .unwrap();
                assert!(
                    output.status.success(),
                    "{tool} rejected:\n{text}\n{}",
                    String::from_utf8_lossy(&output.stderr)
                );
            };
            run("bash", &["-n"], "sample.sh", &all[0].source);
            run(
                "python3",
                &["-m", "py_compile"],
                "sample.py",
                &all[1].source,
            );
            run("node", &["--check"], "sample.mjs", &all[2].source);
            run(
                "javac",
                &["-encoding", "UTF-8", "-Xlint:all", "-Werror"],
                "Main.java",
                &all[4].source,
            );
        }
    }
}
