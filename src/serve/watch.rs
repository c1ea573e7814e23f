//! Watching the project's files with notify: native events, or polling (`--poll`) where the
//! file system does not deliver them (network mounts, some containers and VMs).
//!
//! Folders are watched, never single files: an editor that saves by writing a temporary file
//! and renaming it over the original replaces the file, and a watch on it would be lost. Events
//! are reduced to the paths they name; what changed is decided by the build, which compares
//! each input with what it read last time, so the kind of event (and its order) does not matter.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::build::INPUT_DIRS;

/// What the watcher (and the search thread) send to the rebuilding thread.
pub enum Signal {
    /// Paths relative to the project root, what happened to each, and when they were seen.
    Changed(Vec<Touch>, Instant),
    /// The search index finished in the background (see `rebuild.rs`).
    SearchDone(Box<crate::build::SearchIndex>),
}

/// A path an event named.
#[derive(Debug, Clone)]
pub struct Touch {
    pub path: PathBuf,
    pub kind: TouchKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TouchKind {
    /// Created or written to: a writer may still have it open.
    Writing,
    /// A writer closed it (Linux reports this; other systems and polling do not).
    Closed,
    /// Renamed, removed, or its metadata changed.
    Other,
}

/// Whether this watcher reports a writer closing a file, so a rebuild can wait for the end of
/// a long write instead of reading half a file.
pub fn reports_closes(poll: bool) -> bool {
    cfg!(any(target_os = "linux", target_os = "android")) && !poll
}

fn touch_kind(kind: &EventKind) -> Option<TouchKind> {
    use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(TouchKind::Closed),
        // Reading a file is not a change (the build itself reads them all).
        EventKind::Access(_) => None,
        EventKind::Create(CreateKind::File) | EventKind::Create(CreateKind::Any) => {
            Some(TouchKind::Writing)
        }
        EventKind::Modify(ModifyKind::Data(_)) | EventKind::Modify(ModifyKind::Any) => {
            Some(TouchKind::Writing)
        }
        _ => Some(TouchKind::Other),
    }
}

pub struct Watch {
    watcher: Box<dyn Watcher + Send>,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watch {
    /// Start watching `root` (canonical). Events go to `signals`.
    pub fn start(root: &Path, poll: bool, signals: Sender<Signal>) -> notify::Result<Watch> {
        let prefix = root.to_path_buf();
        let handler = move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            let Some(kind) = touch_kind(&event.kind) else {
                return;
            };
            let touches: Vec<Touch> = event
                .paths
                .iter()
                .filter_map(|p| p.strip_prefix(&prefix).ok())
                .filter(|rel| !is_editor_noise(rel))
                .map(|rel| Touch {
                    path: rel.to_path_buf(),
                    kind,
                })
                .collect();
            if !touches.is_empty() {
                let _ = signals.send(Signal::Changed(touches, Instant::now()));
            }
        };
        let watcher: Box<dyn Watcher + Send> = if poll {
            // notify compares modification times in whole seconds; two saves within one second
            // would look like one. Comparing contents costs reading the files every interval.
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(300))
                .with_compare_contents(true);
            Box::new(notify::PollWatcher::new(handler, config)?)
        } else {
            Box::new(notify::recommended_watcher(handler)?)
        };
        let mut watch = Watch {
            watcher,
            root: root.to_path_buf(),
            watched: HashSet::new(),
        };
        // The root itself, for portico.toml and for input folders created later.
        watch.add(PathBuf::new(), RecursiveMode::NonRecursive);
        watch.refresh(&[]);
        Ok(watch)
    }

    /// Watch input folders that exist now and the folders of `outside` files (files that specs
    /// reach through `$ref` outside the input folders). Called after every build.
    /// Returns true when it started watching a folder it did not watch before.
    pub fn refresh(&mut self, outside: &[PathBuf]) -> bool {
        let mut added = false;
        for dir in INPUT_DIRS {
            if self.root.join(dir).is_dir() {
                added |= self.add(PathBuf::from(dir), RecursiveMode::Recursive);
            } else {
                // A folder that was removed must be watched again when it comes back.
                self.watched.remove(Path::new(dir));
            }
        }
        for file in outside {
            if let Some(dir) = file.parent() {
                if !dir.as_os_str().is_empty() {
                    added |= self.add(dir.to_path_buf(), RecursiveMode::NonRecursive);
                }
            }
        }
        added
    }

    fn add(&mut self, rel: PathBuf, mode: RecursiveMode) -> bool {
        if self.watched.contains(&rel) {
            return false;
        }
        let ok = self.watcher.watch(&self.root.join(&rel), mode).is_ok();
        if ok {
            self.watched.insert(rel);
        }
        ok
    }
}

/// Files that editors write beside the real ones (swap, backup, lock and probe files) and
/// hidden files: never inputs (the build leaves them out too), so never a reason to rebuild.
pub fn is_editor_noise(rel: &Path) -> bool {
    rel.components()
        .any(|c| crate::load::content::is_ignored(&c.as_os_str().to_string_lossy()))
}

/// Whether a changed path can affect the site: `portico.toml`, anything in an input folder, or
/// one of the `outside` files.
pub fn is_input(rel: &Path, outside: &[PathBuf]) -> bool {
    rel == Path::new(crate::load::config::CONFIG_FILE)
        || INPUT_DIRS.iter().any(|dir| rel.starts_with(dir))
        || outside.iter().any(|f| f == rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_noise_and_inputs_are_not() {
        for noise in [
            "content/.guide.md.swp",
            "content/guide.md~",
            "content/4913",
            "content/#guide.md#",
            "content/.#guide.md",
            "specs/api.yaml.bak",
            "content/guide.md___jb_tmp___",
            ".git/index",
        ] {
            assert!(is_editor_noise(Path::new(noise)), "{noise}");
        }
        assert!(!is_editor_noise(Path::new("content/guide.md")));
        let outside = [PathBuf::from("shared/common.yaml")];
        assert!(is_input(Path::new("portico.toml"), &outside));
        assert!(is_input(Path::new("content/a.md"), &outside));
        assert!(is_input(Path::new("shared/common.yaml"), &outside));
        assert!(!is_input(Path::new("public/index.html"), &outside));
        assert!(!is_input(Path::new("shared/other.yaml"), &outside));
    }
}
