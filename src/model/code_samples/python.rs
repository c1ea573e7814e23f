//! Python, with requests.

use crate::doc::Value;

use super::literals::{c_quote, pad};
use super::plan::{expression, has_duplicate_names, Field, Payload, Plan, Template, FILE_PATH};

fn python_expr(template: &Template) -> String {
    expression(template, " + ", c_quote, |name| {
        format!("os.environ[{}]", c_quote(name))
    })
}

pub(super) fn python(plan: &Plan) -> String {
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
