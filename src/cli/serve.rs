//! `portico serve` on the command line: options in, progress out. The URL goes to stdout (a
//! script can read it); everything else goes to stderr like the other commands.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use portico::serve::{self, Notice, ServeOptions};
use portico::BuildOptions;

use super::args::ServeArgs;
use super::report::{self, Reporter};

pub fn run(root: PathBuf, args: ServeArgs, reporter: Reporter) -> ExitCode {
    if !args.bind.is_loopback() {
        reporter.warning(&format!(
            "listening on {}: anyone who can reach this machine can read the preview",
            args.bind
        ));
    }
    let options = ServeOptions {
        build: BuildOptions {
            root: root.clone(),
            output: None,
            base_url: None,
            drafts: args.drafts,
            release_memory: Some(crate::memory::release),
            ..Default::default()
        },
        bind: args.bind,
        port: args.port,
        poll: args.poll,
        write: args.write,
    };
    let open = args.open;
    let result = serve::run(options, move |notice| {
        report(&root, &reporter, notice, open);
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            if args.port.is_some() {
                eprintln!("  = hint: choose another --port, or leave it out to pick a free one");
            }
            ExitCode::from(1)
        }
    }
}

fn report(root: &std::path::Path, reporter: &Reporter, notice: Notice, open: bool) {
    match notice {
        Notice::Listening {
            url,
            stats,
            ms,
            warnings,
            problems,
        } => {
            reporter.diagnostics(root, &warnings);
            match stats {
                Some(stats) => reporter.info(&format!(
                    "built {} pages ({} guides, {} APIs) in memory in {:.0} ms",
                    stats.pages, stats.guides, stats.apis, ms
                )),
                None => {
                    reporter.diagnostics(root, &problems);
                    reporter.failure(&problems);
                    reporter.info("serving the problems until they are fixed");
                }
            }
            println!("serving at {url}");
            let _ = std::io::stdout().flush();
            reporter.info("watching for changes; press Ctrl-C to stop");
            if open {
                open_browser(&url, reporter);
            }
        }
        Notice::Rebuilt {
            ms,
            changed,
            pages_changed,
            pages,
            timings,
            warnings,
        } => {
            reporter.diagnostics(root, &warnings);
            let what = describe(&changed);
            reporter.info(&format!(
                "{ms:>6.0} ms  {what}: {pages_changed} of {pages} pages changed"
            ));
            for lap in &timings {
                reporter.verbose(&report::lap(lap));
            }
        }
        Notice::Failed { changed, problems } => {
            reporter.diagnostics(root, &problems);
            reporter.failure(&problems);
            reporter.info(&format!(
                "after {}: still serving the last good site",
                describe(&changed)
            ));
        }
        Notice::Written { output, ms, error } => match error {
            None => reporter.verbose(&format!("{ms:>6.0} ms  wrote {}", output.display())),
            Some(error) => reporter.error(&format!("could not write the site: {error}")),
        },
        Notice::SearchUpdated { ms } => {
            reporter.verbose(&format!("{ms:>6.0} ms  search index updated"));
        }
    }
}

fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "no files".to_string(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} more", first.display(), rest.len()),
    }
}

fn open_browser(url: &str, reporter: &Reporter) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if command.is_err() {
        reporter.warning(&format!("could not open a browser; open {url} yourself"));
    }
}
