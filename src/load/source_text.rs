//! A spec's text once its document is parsed.
//!
//! After parsing, only two things need the text: the position of a reported problem, and the
//! downloadable copy of the spec. A big spec's text is a large part of a build's memory
//! (GitHub's is 13 MB, beside a 47 MB document), held through modelling, when memory peaks. So a
//! one-off build gives it back ([`SourceText::release`]) and reads the file again when a
//! position is asked for, provided the file still has the stamp it had when it was parsed:
//! positions are never taken from a text other than the one the document came from.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

/// What a file looked like: its modification time and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

/// The stamp of a file, or `None` when it cannot be read.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        modified: meta.modified().ok(),
        len: meta.len(),
    })
}

#[derive(Debug, Clone)]
pub struct SourceText {
    /// The file and its stamp taken before it was read; `None` when it could not be stamped,
    /// and then the text is never released.
    file: Option<(PathBuf, Stamp)>,
    /// The text, unless released; once read again, `None` if the file had changed.
    text: OnceLock<Option<String>>,
}

impl SourceText {
    /// The text read from `path`, whose stamp `stamp` was taken before reading it.
    pub fn read_from(text: String, path: PathBuf, stamp: Option<Stamp>) -> Self {
        SourceText {
            file: stamp.map(|stamp| (path, stamp)),
            text: OnceLock::from(Some(text)),
        }
    }

    /// Frees the text; [`SourceText::get`] reads the file again if it is asked for.
    pub fn release(&mut self) {
        if self.file.is_some() {
            self.text = OnceLock::new();
        }
    }

    /// The text the document was parsed from, or `None` when it was released and the file has
    /// changed (or gone) since.
    pub fn get(&self) -> Option<&str> {
        self.text.get_or_init(|| self.read_again()).as_deref()
    }

    /// The text, moved out (read again if it was released).
    pub fn take(&mut self) -> Option<String> {
        match self.text.take() {
            Some(text) => text,
            None => self.read_again(),
        }
    }

    fn read_again(&self) -> Option<String> {
        let (path, was) = self.file.as_ref()?;
        if stamp(path)? != *was {
            return None;
        }
        // No more than the file held when it was parsed, which was within the spec size limit.
        let mut bytes = Vec::with_capacity(usize::try_from(was.len).ok()?);
        std::fs::File::open(path)
            .ok()?
            .take(was.len.saturating_add(1))
            .read_to_end(&mut bytes)
            .ok()?;
        if bytes.len() as u64 != was.len {
            return None;
        }
        String::from_utf8(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(dir: &Path, text: &str) -> SourceText {
        let path = dir.join("spec.yaml");
        std::fs::write(&path, text).unwrap();
        let stamp = stamp(&path);
        assert!(stamp.is_some());
        SourceText::read_from(text.to_string(), path, stamp)
    }

    #[test]
    fn a_released_text_is_read_again_from_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = written(dir.path(), "openapi: 3.1.0\n");
        text.release();
        assert!(text.text.get().is_none(), "released: nothing held");
        assert_eq!(text.get(), Some("openapi: 3.1.0\n"));
        assert_eq!(text.take().as_deref(), Some("openapi: 3.1.0\n"));
    }

    #[test]
    fn a_released_text_whose_file_changed_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = written(dir.path(), "openapi: 3.1.0\n");
        text.release();
        // Another size: the stamp differs even on a file system with a coarse clock.
        std::fs::write(dir.path().join("spec.yaml"), "openapi: 3.0.3\ninfo: {}\n").unwrap();
        assert_eq!(text.get(), None);
        let mut gone = written(dir.path(), "swagger: '2.0'\n");
        gone.release();
        std::fs::remove_file(dir.path().join("spec.yaml")).unwrap();
        assert_eq!(gone.take(), None);
    }

    #[test]
    fn a_text_whose_file_could_not_be_stamped_is_never_released() {
        let mut text = SourceText::read_from("{}".to_string(), PathBuf::from("gone.json"), None);
        text.release();
        assert_eq!(text.get(), Some("{}"));
    }
}
