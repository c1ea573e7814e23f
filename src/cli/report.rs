//! How results reach a person or a CI log: diagnostics with the source line and a caret, a
//! one-line summary. Colour only on a terminal, and never when NO_COLOR is set.

use std::io::IsTerminal;
use std::path::Path;

use portico::diagnostics::{self, Diagnostic, Severity};
use portico::BuildReport;

#[derive(Clone)]
pub struct Reporter {
    quiet: bool,
    verbose: bool,
    colour: bool,
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const GREEN: &str = "\x1b[1;32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Reporter {
    pub fn new(quiet: bool, verbose: bool) -> Self {
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Reporter {
            quiet,
            verbose,
            colour: std::io::stderr().is_terminal() && !no_colour,
        }
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    pub fn info(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    pub fn verbose(&self, message: &str) {
        if self.verbose {
            eprintln!("{message}");
        }
    }

    pub fn warning(&self, message: &str) {
        eprintln!("{} {message}", self.paint(YELLOW, "warning:"));
    }

    pub fn error(&self, message: &str) {
        eprintln!("{} {message}", self.paint(RED, "error:"));
    }

    pub fn diagnostics(&self, root: &Path, diagnostics: &[Diagnostic]) {
        let shown: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| !(self.quiet && d.severity == Severity::Warning))
            .collect();
        // Only the lines of the messages shown are read: a quiet build of a spec written on
        // one line (codat's, 1.2 MB) read that line for warnings it did not print, 2 MB more
        // than the build's peak.
        let sources = diagnostics::Sources::of(root, shown.iter().copied());
        for d in shown {
            let (label, style) = match d.severity {
                Severity::Error => ("error", RED),
                Severity::Warning => ("warning", YELLOW),
            };
            // `error[P0303]: …`: the code to search for, as compilers print theirs.
            eprintln!(
                "{}{}",
                self.paint(style, &format!("{label}[{}]", d.code.id())),
                self.paint(BOLD, &format!(": {}", d.message))
            );
            eprintln!("  {} {}", self.paint(BLUE, "-->"), d.location());
            if let Some(excerpt) = sources.line(root, d) {
                let line = excerpt.text;
                let number = d.line.to_string();
                let gutter = " ".repeat(number.len());
                eprintln!("{gutter} {}", self.paint(BLUE, "|"));
                eprintln!(
                    "{} {} {line}",
                    self.paint(BLUE, &number),
                    self.paint(BLUE, "|")
                );
                if excerpt.column > 0 {
                    let pad: String = line
                        .chars()
                        .take(excerpt.column - 1)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    eprintln!(
                        "{gutter} {} {pad}{}",
                        self.paint(BLUE, "|"),
                        self.paint(style, "^")
                    );
                }
            }
            if let Some(hint) = &d.hint {
                eprintln!("  {} {hint}", self.paint(BLUE, "= hint:"));
            }
            eprintln!("  {} {}", self.paint(BLUE, "= code:"), d.code);
            eprintln!();
        }
    }

    pub fn failure(&self, diagnostics: &[Diagnostic]) {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        let mut line = format!("build failed: {errors} error(s)");
        if warnings > 0 {
            line.push_str(&format!(", {warnings} warning(s)"));
        }
        line.push_str("; nothing was written");
        eprintln!("{}", self.paint(RED, &line));
    }

    pub fn summary(&self, report: &BuildReport) {
        if self.quiet {
            return;
        }
        let line = format!(
            "built {} pages ({} guides, {} APIs, {} operations, {} schemas) in {:.2}s → {}",
            report.pages,
            report.guides,
            report.apis,
            report.operations,
            report.schemas,
            report.elapsed.as_secs_f64(),
            report.output.display()
        );
        eprintln!("{}", self.paint(GREEN, &line));
    }
}

/// One stage of a build for `--verbose`: its time, the process's peak memory so far when it
/// ended (blank where unknown), and its name.
pub fn lap(lap: &portico::build::Lap) -> String {
    let peak = match lap.peak_rss {
        Some(bytes) => format!("{:>7.1} MiB peak", bytes as f64 / (1024.0 * 1024.0)),
        None => " ".repeat(16),
    };
    format!(
        "  {:>8.1} ms  {peak}  {}",
        lap.time.as_secs_f64() * 1000.0,
        lap.stage
    )
}
