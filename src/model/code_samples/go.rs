//! Go, with net/http.

use std::collections::BTreeSet;

use super::literals::{c_quote, is_hidden, json_text};
use super::plan::{expression, Field, Payload, Plan, Template, FILE_NAME, FILE_PATH};

fn go_expr(template: &Template) -> String {
    // gofmt writes `"Bearer "+token` without spaces inside argument lists.
    expression(template, "+", c_quote, |name| {
        format!("os.Getenv({})", c_quote(name))
    })
}

/// A Go string: a raw literal for multi-line text when it can hold it (raw literals cannot
/// contain a backtick and drop carriage returns), else an interpreted one.
pub(super) fn go_string(text: &str) -> String {
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

pub(super) fn go(plan: &Plan) -> String {
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
