//! Java, with java.net.http (Java 15+ for text blocks).

use std::collections::BTreeSet;

use super::literals::{is_hidden, java_quote, json_text, pad};
use super::plan::{
    boundary, expression, join, text, Field, Payload, Plan, Template, FILE_NAME, FILE_PATH,
};
use super::url::form_encoded;

fn java_expr(template: &Template) -> String {
    expression(template, " + ", java_quote, |name| {
        format!("System.getenv({})", java_quote(name))
    })
}

/// A text block for multi-line text (JSON bodies), closed right after the last character so
/// that no newline is added. Backslashes are doubled (text blocks process escapes) and every
/// third quote in a row is escaped so the text cannot close the block.
pub(super) fn java_text_block(text: &str, indent: &str) -> String {
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

pub(super) fn java(plan: &Plan) -> String {
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
pub(super) enum Chunk {
    Text(Vec<String>),
    File,
}

pub(super) fn multipart_chunks(fields: &[(String, Field)], boundary: &str) -> Vec<Chunk> {
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
