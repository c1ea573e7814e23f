//! The pipeline, end to end: load → normalise → resolve → model → render → write.
//!
//! `workspace.rs` runs the stages and keeps what it can reuse for the next run (`portico serve`);
//! `specs.rs` takes one spec from its file to its model; `changes.rs` and `fingerprint.rs` decide
//! what must be done again.
//!
//! Every stage adds its problems to one list; the build stops before writing when any of them
//! is an error, so the previous output stays as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod changes;
pub mod external;
mod fingerprint;
mod laps;
mod progress;
pub mod specs;
#[cfg(test)]
mod tests;
mod workspace;

pub use changes::Changes;
pub use laps::Lap;
pub use progress::Progress;
pub use workspace::{Rebuilt, SearchIndex, SearchJob, SearchTiming, SiteStats, Workspace};

use crate::diagnostics::Diagnostic;
use crate::load::config;
use crate::write::output;

/// The folders of a project that hold its inputs (besides `portico.toml` and files specs reach
/// through `$ref`).
pub const INPUT_DIRS: [&str; 5] = ["content", "specs", "templates", "themes", "static"];

/// What `portico build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` from `portico.toml`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `portico.toml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Only check (`portico check`): code samples are not highlighted and no search index is
    /// built; what is checked is what a build checks.
    pub check: bool,
    /// Where the build reports how far it is, when someone watches (a progress bar).
    pub progress: Option<std::sync::Arc<Progress>>,
    /// Run when memory was just freed ([`Release`] says when): after each spec is read and
    /// modelled, on every thread of rayon's pool once all are, when the search index is built,
    /// and every 256 files written. The binary has its allocator give that memory back, so that
    /// rendering, whose pages are made on any thread, does not raise the peak instead of
    /// reusing it (Stripe: 82 -> 68 MB). The library does not know the allocator.
    pub release_memory: Option<fn(Release)>,
    /// Render every page through the theme's Tera templates, even the operation and schema
    /// pages that Portico writes itself when their templates are the default theme's. The
    /// output is the same; `tests/native_pages.rs` checks that it is.
    pub tera_only: bool,
}

/// A finished build.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub guides: usize,
    pub apis: usize,
    pub operations: usize,
    pub schemas: usize,
    pub elapsed: Duration,
    /// Time spent in each stage, in pipeline order (for `--verbose` and profiling).
    pub timings: Vec<Lap>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the project's files, all of them, sorted by file and position.
    #[error("the project has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Project(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] output::WriteError),
}

/// When `BuildOptions::release_memory` is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// A stage is over (a spec read, a spec modelled, every spec modelled, the search index
    /// built): most of what it ran does not run again.
    StageOver,
    /// Another 256 pages were written: memory was freed, but the code that made them is still
    /// making the others.
    Rendering,
}

/// How many files (pages, then the search index's) are written between two calls of
/// `BuildOptions::release_memory`. With the call after the search index is built: Kubernetes
/// 21,824 -> 21,012 KiB peak, Discord 11,408 -> 10,900, 10,000 guides 123.6 -> 118.8 MB, same
/// time (medians of 5).
const RELEASE_EVERY_PAGES: usize = 256;

/// Build the project and write it to its output folder. Pages go into the staging folder as
/// they are rendered (never all in memory at once); the staging folder replaces the output
/// folder only when the whole site is written, and is removed when the build fails.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    // The output folder is needed before rendering: `--output`, or the config's. A config that
    // does not load gets its errors from the rebuild, which then fails before writing.
    let output = options.output.clone().or_else(|| {
        config::load(&options.root)
            .ok()
            .map(|config| output_dir(&options.root, &config))
    });
    let staging = match &output {
        Some(output) => Some(Arc::new(output::Staging::create(&options.root, output)?)),
        None => None,
    };
    let write_failed: Arc<Mutex<Option<output::WriteError>>> = Arc::default();
    let mut workspace = Workspace::new(options.clone());
    if let Some(staging) = &staging {
        let (staging, failed) = (staging.clone(), write_failed.clone());
        let release = options.release_memory;
        let written = AtomicUsize::new(0);
        workspace = workspace.streaming(Arc::new(move |path: &str, bytes: &[u8]| {
            // Pages are made and freed on every thread at once, and the allocator keeps what
            // they freed between the blocks still in use: given back now and then, it does not
            // add up.
            let count = written.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(release) = release.filter(|_| count % RELEASE_EVERY_PAGES == 0) {
                release(Release::Rendering);
            }
            if let Err(e) = staging.write_file(path, bytes) {
                let mut failed = failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert(e);
            }
        }));
    }
    let mut rebuilt = workspace.rebuild(&Changes::All, SearchTiming::WithPages)?;
    if let Some(progress) = &options.progress {
        progress.stage(4);
    }
    let write_started = Instant::now();
    if let Some(e) = write_failed
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    {
        return Err(e.into());
    }
    let output = match (output, staging) {
        (Some(output), Some(staging)) => {
            staging.finish(&rebuilt.entries)?;
            output
        }
        _ => {
            // The config did not load before the rebuild but did during it (it was being
            // saved): nothing was streamed, every page is in the entries.
            let config = workspace
                .config()
                .expect("a config after a successful build");
            let output = output_dir(&options.root, config);
            output::write_site(&options.root, &output, &rebuilt.entries)?;
            output
        }
    };
    rebuilt.timings.push(Lap {
        stage: "write",
        time: write_started.elapsed(),
        peak_rss: laps::peak_rss(),
    });
    let stats = rebuilt.stats;
    Ok(BuildReport {
        output,
        pages: stats.pages,
        guides: stats.guides,
        apis: stats.apis,
        operations: stats.operations,
        schemas: stats.schemas,
        elapsed: started.elapsed(),
        timings: rebuilt.timings,
        warnings: rebuilt.warnings,
    })
}

/// Run every stage but writing: the site as entries in memory, or every problem found.
pub fn render(options: &BuildOptions) -> Result<Rebuilt, BuildError> {
    Workspace::new(options.clone()).rebuild(&Changes::All, SearchTiming::WithPages)
}

/// What `portico check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every problem, errors and warnings, sorted by file and position.
    pub problems: Vec<Diagnostic>,
    /// What was checked; `None` when the project could not be planned.
    pub stats: Option<SiteStats>,
    pub elapsed: Duration,
    /// Every absolute `http(s)` URL the site links to (not fetched: the build is offline), with
    /// where it is written.
    pub external_links: Vec<external::ExternalLink>,
}

/// Check the project as a build would, writing nothing: no highlighting, no search index.
pub fn check(options: &BuildOptions) -> CheckReport {
    let started = Instant::now();
    let mut options = options.clone();
    options.check = true;
    // Pages are rendered (rendering finds problems too) and dropped: held, the pages of a big
    // reference were most of what a check kept in memory.
    let mut workspace = Workspace::new(options.clone()).streaming(Arc::new(|_: &str, _: &[u8]| {}));
    let (problems, stats) = match workspace.rebuild(&Changes::All, SearchTiming::Later) {
        Ok(rebuilt) => (rebuilt.warnings, Some(rebuilt.stats)),
        Err(BuildError::Project(problems)) => (problems, None),
        Err(other) => (vec![Diagnostic::error("", other.to_string())], None),
    };
    CheckReport {
        problems,
        stats,
        elapsed: started.elapsed(),
        external_links: external::links(workspace.site()),
    }
}

/// The output folder for a project, as `build` would choose it.
pub fn output_dir(root: &Path, config: &config::Config) -> PathBuf {
    root.join(&config.output_dir)
}
