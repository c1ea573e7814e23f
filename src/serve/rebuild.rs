//! The rebuilding thread: waits for file events, lets a burst of them settle, rebuilds the
//! workspace, swaps the served snapshot and tells the pages. The search index follows in the
//! background, so a page reloads without waiting for it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::http::Shared;
use super::messages::{self, Problem};
use super::site::Snapshot;
use super::watch::{self, Signal, Touch, TouchKind, Watch};
use super::Notice;
use crate::build::{BuildError, Changes, Rebuilt, SearchTiming, Workspace};
use crate::diagnostics::Diagnostic;

/// How long the files must stay quiet before a rebuild starts: an editor's save is a burst of
/// events (write a temporary file, rename it, set its mode) a few milliseconds long.
const QUIET: Duration = Duration::from_millis(10);
/// A stream of events that never goes quiet (a tool writing many files) still gets a rebuild.
const MOST: Duration = Duration::from_millis(300);
/// A file still open for writing holds the rebuild back (writing a 13 MB spec takes longer than
/// `QUIET`, and reading it halfway shows a parse error), but not forever.
const MOST_WRITING: Duration = Duration::from_secs(2);
/// A reload names the pages that changed, so other open pages stay; past this many the message
/// says "every page" instead of carrying a long list.
const MOST_PAGES_NAMED: usize = 2000;

pub struct Rebuilder<N> {
    pub workspace: Workspace,
    pub shared: Arc<Shared>,
    pub signals: Receiver<Signal>,
    /// For the search thread to say it is done.
    pub sender: Sender<Signal>,
    pub watch: Watch,
    /// Whether the watcher reports closes (see `watch::reports_closes`).
    pub waits_for_close: bool,
    /// Write the output folder after each complete rebuild (`--write`).
    pub write: bool,
    pub notices: N,
    /// The warnings last shown, so unchanged ones are not repeated on every save.
    pub shown_warnings: Vec<Diagnostic>,
}

impl<N: FnMut(Notice)> Rebuilder<N> {
    pub fn run(mut self) {
        // The index is built on a pool of its own, one thread, so that it never holds up the
        // global pool a rebuild renders on: a save made while the index of the previous one is
        // being built still reloads at once.
        let search_pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "portico-search".into())
            .build()
            .expect("a thread for the search index");
        let mut pending: Option<Signal> = None;
        let mut search_running = false;
        loop {
            let signal = match pending.take() {
                Some(signal) => signal,
                None => match self.signals.recv() {
                    Ok(signal) => signal,
                    Err(_) => return,
                },
            };
            match signal {
                Signal::SearchDone(index) => {
                    search_running = false;
                    if let Some(Ok(rebuilt)) = self.workspace.accept_search(*index) {
                        let elapsed = rebuilt
                            .timings
                            .first()
                            .map(|lap| lap.time)
                            .unwrap_or_default();
                        self.publish_search(rebuilt);
                        (self.notices)(Notice::SearchUpdated {
                            ms: elapsed.as_secs_f64() * 1000.0,
                        });
                    }
                }
                Signal::Changed(touches, first_seen) => {
                    self.shared.update_status(|s| s.busy = true);
                    let (changed, search_done) = self.settle(touches);
                    if let Some(index) = search_done {
                        search_running = false;
                        pending = Some(Signal::SearchDone(index));
                    }
                    let Some(changed) = changed else { return };
                    if !changed.is_empty() {
                        self.rebuild(changed, first_seen);
                    }
                }
            }
            // Index when nothing else waits: a reader's next save matters more.
            if pending.is_none() && !search_running {
                match self.signals.try_recv() {
                    Ok(signal) => pending = Some(signal),
                    Err(_) => {
                        if let Some(job) = self.workspace.search_job() {
                            let sender = self.sender.clone();
                            search_pool.spawn(move || {
                                let _ = sender.send(Signal::SearchDone(Box::new(job.run())));
                            });
                            search_running = true;
                        }
                    }
                }
            }
            self.shared
                .update_status(|s| s.busy = pending.is_some() || search_running);
        }
    }

    /// Collect the events of one burst: until nothing happened for `QUIET` and no input is
    /// still open for writing. Returns the input paths that changed (`None` when the watcher is
    /// gone) and a search index that finished meanwhile.
    #[allow(clippy::type_complexity)]
    fn settle(
        &mut self,
        first: Vec<Touch>,
    ) -> (
        Option<HashSet<PathBuf>>,
        Option<Box<crate::build::SearchIndex>>,
    ) {
        let started = Instant::now();
        let outside = self.workspace.outside_inputs();
        let mut burst = Burst::default();
        burst.note(first, &outside);
        let mut search_done = None;
        loop {
            let waiting = self.waits_for_close && !burst.writing.is_empty();
            let limit = if waiting { MOST_WRITING } else { MOST };
            if started.elapsed() >= limit {
                break;
            }
            match self.signals.recv_timeout(QUIET) {
                Ok(Signal::Changed(more, _)) => burst.note(more, &outside),
                Ok(Signal::SearchDone(index)) => search_done = Some(index),
                Err(RecvTimeoutError::Timeout) if !waiting => break,
                Err(RecvTimeoutError::Timeout) => {
                    // A file deleted while open will never report its close.
                    let root = &self.workspace.options().root;
                    burst.writing.retain(|p| root.join(p).is_file());
                }
                Err(RecvTimeoutError::Disconnected) => return (None, search_done),
            }
        }
        let paths = burst.paths;
        (Some(paths), search_done)
    }

    fn rebuild(&mut self, changed: HashSet<PathBuf>, first_seen: Instant) {
        self.shared.update_status(|s| s.busy = true);
        let assets_changed = changed.iter().any(|p| is_copied_file(p));
        let mut reasons: Vec<PathBuf> = changed.iter().cloned().collect();
        reasons.sort();
        // An input folder created since the last build is watched before the build reads it,
        // so a file written into it from now on is seen (one written before is read now).
        self.watch.refresh(&self.workspace.outside_inputs());
        let result = self
            .workspace
            .rebuild(&Changes::Paths(changed), SearchTiming::Later);
        let root = self.workspace.options().root.clone();
        // Files specs reach that were not reached before are watched from now on; what changed
        // in their folders meanwhile is looked at by one more rebuild.
        if self.watch.refresh(&self.workspace.outside_inputs()) {
            let _ = self.sender.send(Signal::Changed(
                self.workspace
                    .outside_inputs()
                    .into_iter()
                    .map(|path| Touch {
                        path,
                        kind: TouchKind::Other,
                    })
                    .collect(),
                Instant::now(),
            ));
        }
        match result {
            Ok(rebuilt) => {
                let was_failed = self.shared.status().failed;
                let generation = self.shared.status().generation + 1;
                let warnings = rebuilt.warnings.clone();
                let timings = rebuilt.timings.clone();
                let old = self.shared.snapshot();
                let (pages, search_current) = (rebuilt.stats.pages, rebuilt.search_current);
                self.write_output(&rebuilt);
                let snapshot = Snapshot::new(rebuilt.entries, generation);
                let mut difference = old.difference(&snapshot);
                difference.other |= assets_changed;
                let files = snapshot.files.len();
                self.shared.publish(snapshot);
                self.shared.update_status(|s| {
                    s.generation = generation;
                    s.failed = false;
                    s.problems.clear();
                    s.search_current = search_current;
                    s.files = files;
                });
                if was_failed {
                    self.shared.send(messages::ok(generation));
                }
                let ms = first_seen.elapsed().as_secs_f64() * 1000.0;
                if difference.other || difference.pages.len() > MOST_PAGES_NAMED || was_failed {
                    self.shared.send(messages::reload(generation, None, ms));
                } else if !difference.pages.is_empty() {
                    self.shared
                        .send(messages::reload(generation, Some(&difference.pages), ms));
                }
                if !difference.stylesheets.is_empty() && !difference.other {
                    self.shared
                        .send(messages::css(generation, &difference.stylesheets, ms));
                }
                let new_warnings = warnings != self.shown_warnings;
                self.shown_warnings = warnings.clone();
                (self.notices)(Notice::Rebuilt {
                    ms,
                    changed: reasons,
                    pages_changed: difference.pages.len(),
                    pages,
                    timings,
                    warnings: if new_warnings { warnings } else { Vec::new() },
                });
            }
            Err(BuildError::Project(problems)) => {
                let sources = crate::diagnostics::Sources::of(&root, &problems);
                let shown: Vec<Problem> = problems
                    .iter()
                    .map(|d| Problem::new(&root, d, &sources))
                    .collect();
                let generation = self.shared.status().generation;
                self.shared.update_status(|s| {
                    s.failed = true;
                    s.problems = shown.clone();
                });
                self.shared.send(messages::problems(generation, &shown));
                self.shown_warnings.clear();
                (self.notices)(Notice::Failed {
                    changed: reasons,
                    problems,
                });
            }
            Err(other) => (self.notices)(Notice::Failed {
                changed: reasons,
                problems: vec![Diagnostic::error("", other.to_string())],
            }),
        }
    }

    /// The search index caught up: serve it. Pages are unchanged, so nobody reloads.
    fn publish_search(&mut self, rebuilt: Rebuilt) {
        self.write_output(&rebuilt);
        let snapshot = Snapshot::new(rebuilt.entries, self.shared.snapshot().generation);
        let files = snapshot.files.len();
        self.shared.publish(snapshot);
        self.shared.update_status(|s| {
            s.search_current = rebuilt.search_current;
            s.files = files;
        });
    }
}

impl<N: FnMut(Notice)> Rebuilder<N> {
    /// With `--write`: the output folder gets the site once it is whole (search index
    /// included), so it is what `portico build` would write.
    fn write_output(&mut self, rebuilt: &Rebuilt) {
        if self.write && rebuilt.search_current {
            let notice = super::write_output(&self.workspace, &rebuilt.entries);
            (self.notices)(notice);
        }
    }
}

/// The input paths of one burst of events, and those still open for writing.
#[derive(Default)]
struct Burst {
    paths: HashSet<PathBuf>,
    writing: HashSet<PathBuf>,
}

impl Burst {
    fn note(&mut self, touches: Vec<Touch>, outside: &[PathBuf]) {
        for touch in touches {
            if !watch::is_input(&touch.path, outside) {
                continue;
            }
            match touch.kind {
                TouchKind::Writing => {
                    self.writing.insert(touch.path.clone());
                }
                TouchKind::Closed | TouchKind::Other => {
                    self.writing.remove(&touch.path);
                }
            }
            self.paths.insert(touch.path);
        }
    }
}

/// Files the site copies as they are (static files, guide assets): the snapshot refers to them
/// by path, so an edit of one does not show up as a difference between snapshots.
fn is_copied_file(rel: &Path) -> bool {
    rel.starts_with("static")
        || (rel.starts_with(crate::load::content::CONTENT_DIR)
            && rel.extension().is_some_and(|e| e != "md"))
}
