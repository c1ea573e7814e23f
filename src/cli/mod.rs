//! Command-line interface: arguments (clap), dispatch, and exit codes
//! (0 success, 1 project errors, 2 usage errors).

mod args;
mod check;
mod formats;
mod progress;
mod report;
mod serve;

use std::process::ExitCode;

use clap::Parser;

use args::{Args, Command};
use portico::{BuildError, BuildOptions};
use report::Reporter;

pub fn run() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let reporter = Reporter::new(args.quiet, args.verbose);
    match args.command {
        Command::Build(build) => {
            let options = BuildOptions {
                root: args.root.clone(),
                output: build.output,
                base_url: build.base_url,
                drafts: build.drafts,
                check: false,
                progress: Some(std::sync::Arc::new(portico::build::Progress::default())),
                release_memory: Some(crate::memory::release),
                ..Default::default()
            };
            reporter.verbose(&format!("building {}", args.root.display()));
            let watcher = options
                .progress
                .clone()
                .map(|p| progress::watch(p, args.quiet));
            let result = portico::build(&options);
            drop(watcher);
            match result {
                Ok(report) => {
                    reporter.diagnostics(&args.root, &report.warnings);
                    for lap in &report.timings {
                        reporter.verbose(&report::lap(lap));
                    }
                    reporter.summary(&report);
                    ExitCode::SUCCESS
                }
                Err(BuildError::Project(problems)) => {
                    reporter.diagnostics(&args.root, &problems);
                    reporter.failure(&problems);
                    ExitCode::from(1)
                }
                Err(error) => {
                    reporter.error(&error.to_string());
                    ExitCode::from(1)
                }
            }
        }
        Command::Check(check) => check::run(args.root.clone(), check, reporter),
        Command::Serve(serve) => serve::run(args.root.clone(), serve, reporter),
        Command::Init(init) => {
            let dir = if init.dir.is_absolute() {
                init.dir.clone()
            } else {
                args.root.join(&init.dir)
            };
            match portico::init::init(&dir, init.force) {
                Ok(files) => {
                    reporter.info(&format!("created a Portico project in {}:", dir.display()));
                    for file in files {
                        reporter.verbose(&format!("  {}", file.display()));
                    }
                    reporter.info(&format!(
                        "next: portico build --root {}",
                        init.dir.display()
                    ));
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    reporter.error(&error.to_string());
                    ExitCode::from(1)
                }
            }
        }
    }
}
