//! JavaScript with fetch, for Node 18+ as an ES module (top-level await).

use super::literals::{c_quote, indent_rest, json_text, object_key};
use super::plan::{
    expression, has_duplicate_names, join, text, Field, Payload, Plan, Template, FILE_NAME,
    FILE_PATH,
};

fn js_expr(template: &Template) -> String {
    expression(template, " + ", c_quote, |name| {
        format!("process.env.{name}")
    })
}

pub(super) fn javascript(plan: &Plan) -> String {
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
