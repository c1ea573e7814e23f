//! The progress of a long build: a bar on a terminal, plain lines in a CI log. Nothing shows
//! for a build that ends within half a second (`PORTICO_PROGRESS_AFTER_MS` sets another delay:
//! tests use 0, since a fast machine builds even GitHub's spec in less).

use std::io::IsTerminal;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use portico::build::Progress;

/// Watches a build's `Progress` from a thread of its own until dropped.
pub struct Watcher {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Start showing `progress` (unless `quiet`).
pub fn watch(progress: Arc<Progress>, quiet: bool) -> Watcher {
    if quiet {
        return Watcher {
            stop: None,
            thread: None,
        };
    }
    let (stop, stopped) = mpsc::channel::<()>();
    let terminal = std::io::stderr().is_terminal();
    let delay = std::env::var("PORTICO_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_millis(500), Duration::from_millis);
    let thread = std::thread::spawn(move || {
        let started = Instant::now();
        let mut bar: Option<ProgressBar> = None;
        let mut last_stage = "";
        loop {
            match stopped.recv_timeout(Duration::from_millis(100)) {
                Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if started.elapsed() < delay {
                continue;
            }
            let (stage, done, total) = progress.now();
            if !terminal {
                // A CI log gets one line per stage.
                if stage != last_stage {
                    eprintln!("  {stage}…");
                    last_stage = stage;
                }
                continue;
            }
            let bar = bar.get_or_insert_with(|| {
                let bar = ProgressBar::new(0);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner} {msg} [{bar:30}] {pos}/{len} pages {elapsed}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar
            });
            bar.set_message(stage);
            bar.set_length(total.max(done) as u64);
            bar.set_position(done as u64);
            bar.tick();
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    });
    Watcher {
        stop: Some(stop),
        thread: Some(thread),
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
