//! C#, with HttpClient (top-level statements; C# 11 for raw string literals).

use std::collections::BTreeSet;

use super::literals::{c_quote, indent_rest, json_text, longest_quote_run};
use super::plan::{expression, join, text, Field, Payload, Plan, Template, FILE_NAME, FILE_PATH};

fn csharp_expr(template: &Template) -> String {
    expression(template, " + ", c_quote, |name| {
        format!("Environment.GetEnvironmentVariable({})", c_quote(name))
    })
}

/// A C# string: multi-line text as a raw literal whose delimiter is longer than any run of
/// quotes inside (raw literals have no escapes at all), else a regular literal.
pub(super) fn csharp_string(text: &str) -> String {
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

pub(super) fn csharp(plan: &Plan) -> String {
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
