//! What changed since the last build: the files a watcher saw, and each input's file stamp.
//!
//! A file is read again when the watcher named it *or* its stamp (modification time and size)
//! differs from the one recorded when it was read. Either alone is not enough: watchers miss
//! events on some file systems, and two saves within one tick of a coarse clock can leave the
//! same stamp.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use crate::load::source_text::{stamp, Stamp};

/// The files to consider changed, relative to the project root.
#[derive(Debug, Clone)]
pub enum Changes {
    /// A first build: nothing is known.
    All,
    /// Paths a watcher reported (files or folders, relative to the project root).
    Paths(HashSet<PathBuf>),
}

impl Changes {
    /// Whether `rel` (a file relative to the root) or a folder above it was reported.
    pub fn touches(&self, rel: &Path) -> bool {
        match self {
            Changes::All => true,
            Changes::Paths(paths) => rel.ancestors().any(|a| paths.contains(a)),
        }
    }

    /// Whether anything at or below the folder `dir` was reported.
    pub fn touches_under(&self, dir: &Path) -> bool {
        match self {
            Changes::All => true,
            Changes::Paths(paths) => paths
                .iter()
                .any(|p| p.starts_with(dir) || dir.starts_with(p)),
        }
    }
}

/// An input read by a build: its path relative to the root, its stamp and a digest of its
/// bytes, taken *before* its content was read (so a write in between makes it look stale, never
/// fresh).
#[derive(Debug, Clone)]
pub struct Input {
    pub rel: PathBuf,
    stamp: Option<Stamp>,
    digest: Option<u64>,
}

impl Input {
    pub fn read_now(root: &Path, rel: &Path) -> Self {
        let path = root.join(rel);
        Input {
            rel: rel.to_path_buf(),
            stamp: stamp(&path),
            digest: digest(&path),
        }
    }

    /// [`Input::read_now`] without the digest, for a one-off build: nothing will ask whether
    /// the file changed (reading GitHub's 13 MB spec again to digest it cost 5 ms).
    pub fn stamp_now(root: &Path, rel: &Path) -> Self {
        Input {
            rel: rel.to_path_buf(),
            stamp: stamp(&root.join(rel)),
            digest: None,
        }
    }

    /// [`Input::read_now`] for a file whose bytes the caller reads anyway: `read` gets the path
    /// after the stamp is taken (so a write in between shows as a change next time) and returns
    /// the bytes, which are digested and handed back. Reading 10,000 guides twice was 6% of a
    /// build.
    pub fn read_with<E>(
        root: &Path,
        rel: &Path,
        read: impl FnOnce(&Path) -> Result<Vec<u8>, E>,
    ) -> (Self, Result<Vec<u8>, E>) {
        let path = root.join(rel);
        let stamp = stamp(&path);
        let bytes = read(&path);
        let digest = bytes.as_ref().ok().map(|bytes| digest_of(bytes));
        let input = Input {
            rel: rel.to_path_buf(),
            stamp,
            digest,
        };
        (input, bytes)
    }

    /// True when the file may have changed: reported, or no longer looks as it did.
    pub fn is_stale(&self, root: &Path, changes: &Changes) -> bool {
        changes.touches(&self.rel) || stamp(&root.join(&self.rel)) != self.stamp
    }

    /// For a stale input: whether its bytes really changed. An editor that saves an unchanged
    /// buffer, or `touch`, must not cost a rebuild of what the file feeds. When the bytes are the
    /// same, the new stamp is recorded.
    pub fn content_changed(&mut self, root: &Path) -> bool {
        let path = root.join(&self.rel);
        let stamp = stamp(&path);
        let digest = digest(&path);
        if digest.is_none() || digest != self.digest {
            return true;
        }
        self.stamp = stamp;
        false
    }
}

fn digest(path: &Path) -> Option<u64> {
    Some(digest_of(&std::fs::read(path).ok()?))
}

fn digest_of(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hasher::write(&mut hasher, bytes);
    std::hash::Hasher::finish(&hasher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reported_folder_touches_the_files_below_it() {
        let changes = Changes::Paths(HashSet::from([PathBuf::from("content/guides")]));
        assert!(changes.touches(Path::new("content/guides/a.md")));
        assert!(!changes.touches(Path::new("content/other.md")));
        assert!(changes.touches_under(Path::new("content")));
        assert!(!changes.touches_under(Path::new("specs")));
    }
}
