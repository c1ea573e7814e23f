//! Problems for machines: one JSON document (`--format json`), or GitHub Actions workflow
//! commands (`--format github`) that show each problem on the pull request's diff.

use serde::Serialize;

use portico::diagnostics::{Diagnostic, Severity};

#[derive(Serialize)]
struct Document<'a> {
    /// Of this document's shape; bumped when a field changes meaning.
    version: u32,
    ok: bool,
    errors: usize,
    warnings: usize,
    elapsed_ms: f64,
    problems: Vec<Problem<'a>>,
}

#[derive(Serialize)]
struct Problem<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    file: String,
    /// 1-based; 0 when the problem is about the whole file.
    line: usize,
    column: usize,
    message: &'a str,
    hint: Option<&'a str>,
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The whole report as one JSON document.
pub fn json(problems: &[Diagnostic], ok: bool, elapsed_ms: f64) -> String {
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let document = Document {
        version: 1,
        ok,
        errors,
        warnings: problems.len() - errors,
        elapsed_ms,
        problems: problems
            .iter()
            .map(|d| Problem {
                code: d.code.id(),
                name: d.code.name(),
                severity: severity(d),
                file: d.file.display().to_string(),
                line: d.line,
                column: d.column,
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// One workflow command per problem: `::error file=F,line=L,col=C,title=T::message`.
pub fn github(problems: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in problems {
        let mut properties = vec![format!("file={}", property(&d.file.display().to_string()))];
        if d.line > 0 {
            properties.push(format!("line={}", d.line));
            if d.column > 0 {
                properties.push(format!("col={}", d.column));
            }
        }
        properties.push(format!("title={}", property(&d.code.to_string())));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str("\nhint: ");
            message.push_str(hint);
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            severity(d),
            properties.join(","),
            data(&message)
        ));
    }
    out
}

/// Escaping for a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a workflow command's property values.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use portico::diagnostics::{Code, Position};

    #[test]
    fn github_commands_escape_what_would_break_them() {
        let d = Diagnostic::error("specs/a,b.yaml", "100% broken:\nsee below")
            .code(Code::DanglingRef)
            .at(Position::new(3, 7))
            .with_hint("fix it");
        assert_eq!(
            github(&[d]),
            "::error file=specs/a%2Cb.yaml,line=3,col=7,title=P0303 dangling-ref::100%25 broken:%0Asee below%0Ahint: fix it\n"
        );
    }
}
