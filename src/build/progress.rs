//! How far a build is, for a progress bar: the stage, and pages rendered out of pages to render.
//! The build only counts (atomics, no locks); the command line decides whether and how to draw.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The stages a build goes through, in order.
pub const STAGES: [&str; 5] = [
    "reading files",
    "modelling specs",
    "planning the site",
    "rendering pages",
    "writing",
];

#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicUsize,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    pub fn stage(&self, index: usize) {
        self.stage.store(index, Ordering::Relaxed);
    }

    /// Pages to render in this stage.
    pub fn expect(&self, pages: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(pages, Ordering::Relaxed);
    }

    /// One more page rendered.
    pub fn page_done(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// (stage name, pages done, pages to render).
    pub fn now(&self) -> (&'static str, usize, usize) {
        let stage = self.stage.load(Ordering::Relaxed).min(STAGES.len() - 1);
        (
            STAGES[stage],
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}
