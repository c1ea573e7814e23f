//! `portico check`: the build's checks, no output, problems in the chosen format.

use std::path::PathBuf;
use std::process::ExitCode;

use portico::BuildOptions;

use super::args::{CheckArgs, Format};
use super::formats;
use super::report::Reporter;

pub fn run(root: PathBuf, args: CheckArgs, reporter: Reporter) -> ExitCode {
    let options = BuildOptions {
        root: root.clone(),
        drafts: args.drafts,
        check: true,
        ..BuildOptions::default()
    };
    let report = portico::build::check(&options);
    if args.list_external_links {
        for link in &report.external_links {
            let place = match link.line {
                0 => link.file.display().to_string(),
                line => format!("{}:{line}", link.file.display()),
            };
            println!("{}\t{place}", link.url);
        }
    }
    let errors = report.problems.iter().filter(|d| d.is_error()).count();
    let warnings = report.problems.len() - errors;
    let failed = errors > 0 || (args.strict && warnings > 0);
    let elapsed_ms = report.elapsed.as_secs_f64() * 1000.0;
    match args.format {
        Format::Json => println!("{}", formats::json(&report.problems, !failed, elapsed_ms)),
        Format::Github => print!("{}", formats::github(&report.problems)),
        Format::Human if !args.list_external_links => {
            reporter.diagnostics(&root, &report.problems);
            let checked = report.stats.map(|s| {
                format!(
                    " ({} pages, {} guides, {} APIs, {} operations)",
                    s.pages, s.guides, s.apis, s.operations
                )
            });
            let summary = format!(
                "checked{} in {:.2}s: {errors} error(s), {warnings} warning(s){}",
                checked.unwrap_or_default(),
                report.elapsed.as_secs_f64(),
                if args.strict && warnings > 0 && errors == 0 {
                    " (warnings fail with --strict)"
                } else {
                    ""
                }
            );
            if failed {
                reporter.error(&summary);
            } else {
                reporter.info(&summary);
            }
        }
        Format::Human => {}
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
