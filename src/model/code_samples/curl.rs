//! curl: one shell command, every argument a single- or double-quoted shell word.

use super::literals::{json_text, needs_shell_escape, single_quoted};
use super::plan::{join, literal_text, text, Field, Part, Payload, Plan, Template, FILE_PATH};
use super::url::encode_component;

pub(super) fn curl(plan: &Plan) -> String {
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
pub(super) fn shell_word(template: &Template) -> String {
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
