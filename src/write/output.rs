//! Writes the site into a fresh folder beside the output folder, then swaps it in, so a failed
//! or interrupted build never leaves a half-written site where the old one was.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// What goes into the output folder.
#[derive(Debug, Clone)]
pub enum Entry {
    Bytes(String, bytes::Bytes),
    /// A file copied as it is (static files, assets of guides).
    Copy(String, PathBuf),
    /// A page already written into the staging folder while it was rendered (`portico build`
    /// streams pages there instead of holding them all in memory).
    Written(String),
}

impl Entry {
    pub fn path(&self) -> &str {
        match self {
            Entry::Bytes(path, _) | Entry::Copy(path, _) | Entry::Written(path) => path,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("refusing to write the site to {0}: it would replace the project's own files")]
    UnsafeOutput(PathBuf),
    #[error("two files want the same output path {0}")]
    Collision(String),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Write `entries` to `output`, replacing what was there only once everything is written.
pub fn write_site(root: &Path, output: &Path, entries: &[Entry]) -> Result<(), WriteError> {
    Staging::create(root, output)?.finish(entries)
}

/// The folder a site is written into before it replaces the output folder
/// (`.public.portico-new` beside `public/`). Files can be written into it while the rest of the
/// site is still being rendered; it is removed when dropped unfinished, so a build that fails
/// after writing some pages leaves the old site as it was and no staging folder behind.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    previous: PathBuf,
    finished: AtomicBool,
}

impl Staging {
    /// Check that `output` may be replaced, put back an old site a killed build left aside, and
    /// start an empty staging folder.
    pub fn create(root: &Path, output: &Path) -> Result<Staging, WriteError> {
        guard(root, output)?;
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io_error(parent))?;
        let name = output
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let dir = parent.join(format!(".{name}.portico-new"));
        let previous = parent.join(format!(".{name}.portico-old"));
        recover(output, &previous)?;
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            previous,
            finished: AtomicBool::new(false),
        })
    }

    /// Write one file of the site (`path` is its site path). Any thread may call this.
    pub fn write_file(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let target = self.target(path)?;
        let mut file = fs::File::create(&target).map_err(io_error(&target))?;
        file.write_all(bytes).map_err(io_error(&target))
    }

    /// Where site path `path` goes in the staging folder, with its folder created.
    fn target(&self, path: &str) -> Result<PathBuf, WriteError> {
        let target = self.dir.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        Ok(target)
    }

    /// Write the remaining entries and swap the staging folder in for the output folder.
    pub fn finish(&self, entries: &[Entry]) -> Result<(), WriteError> {
        write_all(self, entries)?;
        let output = &self.output;
        if output.exists() {
            fs::rename(output, &self.previous).map_err(io_error(output))?;
        }
        if let Err(source) = fs::rename(&self.dir, output) {
            // Put the old site back rather than leave nothing.
            let _ = fs::rename(&self.previous, output);
            return Err(WriteError::Io {
                path: output.to_path_buf(),
                source,
            });
        }
        self.finished.store(true, Ordering::Relaxed);
        if self.previous.exists() {
            fs::remove_dir_all(&self.previous).map_err(io_error(&self.previous))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished.load(Ordering::Relaxed) {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// A build killed between the two renames leaves the old site aside: put it back.
fn recover(output: &Path, previous: &Path) -> Result<(), WriteError> {
    if previous.exists() {
        if output.exists() {
            fs::remove_dir_all(previous).map_err(io_error(previous))?;
        } else {
            fs::rename(previous, output).map_err(io_error(previous))?;
        }
    }
    Ok(())
}

fn write_all(staging: &Staging, entries: &[Entry]) -> Result<(), WriteError> {
    let mut seen = std::collections::HashSet::new();
    for entry in entries {
        if !seen.insert(entry.path()) {
            return Err(WriteError::Collision(entry.path().to_string()));
        }
    }
    use rayon::prelude::*;
    entries.par_iter().try_for_each(|entry| match entry {
        Entry::Bytes(path, bytes) => staging.write_file(path, bytes),
        Entry::Copy(path, source) => {
            let target = staging.target(path)?;
            fs::copy(source, &target).map_err(io_error(&target))?;
            Ok(())
        }
        Entry::Written(_) => Ok(()),
    })
}

/// The output must not be the project itself, a folder above it, or one of its source folders:
/// replacing it would destroy the sources.
fn guard(root: &Path, output: &Path) -> Result<(), WriteError> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let output_abs = match output.canonicalize() {
        Ok(path) => path,
        Err(_) => match (
            output.parent().and_then(|p| p.canonicalize().ok()),
            output.file_name(),
        ) {
            (Some(parent), Some(name)) => parent.join(name),
            _ => output.to_path_buf(),
        },
    };
    let protected = [
        "content",
        "specs",
        "templates",
        "themes",
        "static",
        "src",
        ".git",
    ];
    let unsafe_target = root.starts_with(&output_abs)
        || protected
            .iter()
            .any(|dir| output_abs.starts_with(root.join(dir)));
    if unsafe_target {
        return Err(WriteError::UnsafeOutput(output.to_path_buf()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_replaces_and_refuses_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            dir.path(),
            &out,
            &[Entry::Bytes(
                "a/index.html".into(),
                bytes::Bytes::from_static(b"one"),
            )],
        )
        .unwrap();
        write_site(
            dir.path(),
            &out,
            &[Entry::Bytes(
                "b.txt".into(),
                bytes::Bytes::from_static(b"two"),
            )],
        )
        .unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"two");
        assert!(matches!(
            write_site(dir.path(), dir.path(), &[]),
            Err(WriteError::UnsafeOutput(_))
        ));
        assert!(matches!(
            write_site(dir.path(), &dir.path().join("content"), &[]),
            Err(WriteError::UnsafeOutput(_))
        ));
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    /// A site with one file, `keep.html`, at `out`.
    fn old_site(root: &Path, out: &Path) {
        let keep = Entry::Bytes("keep.html".into(), bytes::Bytes::from_static(b"old"));
        write_site(root, out, &[keep]).unwrap();
    }

    #[test]
    fn a_dropped_staging_folder_leaves_the_old_site_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        old_site(dir.path(), &out);
        let staging = Staging::create(dir.path(), &out).unwrap();
        staging.write_file("a/b/index.html", b"half").unwrap();
        drop(staging);
        assert_eq!(fs::read(out.join("keep.html")).unwrap(), b"old");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);

        // Pages written while rendering plus entries written at the end make the new site.
        let staging = Staging::create(dir.path(), &out).unwrap();
        staging.write_file("a/index.html", b"page").unwrap();
        staging
            .finish(&[
                Entry::Written("a/index.html".into()),
                Entry::Bytes("b.txt".into(), bytes::Bytes::from_static(b"b")),
            ])
            .unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"page");
        assert!(!out.join("keep.html").exists());
    }

    #[test]
    fn a_failed_write_keeps_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        old_site(dir.path(), &out);
        let missing = Entry::Copy("x".into(), dir.path().join("does-not-exist"));
        assert!(write_site(dir.path(), &out, &[missing]).is_err());
        assert_eq!(fs::read(out.join("keep.html")).unwrap(), b"old");
    }
}
