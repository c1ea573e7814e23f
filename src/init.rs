//! `portico init`: writes a small starter project that builds as it is.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const FILES: &[(&str, &str)] = &[
    ("portico.toml", include_str!("starter/portico.toml")),
    ("content/index.md", include_str!("starter/index.md")),
    (
        "content/guides/_index.md",
        include_str!("starter/guides-index.md"),
    ),
    (
        "content/guides/getting-started.md",
        include_str!("starter/getting-started.md"),
    ),
    ("specs/example.yaml", include_str!("starter/example.yaml")),
    ("static/.gitkeep", ""),
    ("templates/.gitkeep", ""),
    (".gitignore", "/public\n"),
];

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already exists; pass --force to overwrite the starter files", .0.display())]
    Exists(PathBuf),
    #[error("{} is a symbolic link; `portico init` writes only inside the project folder", .0.display())]
    Linked(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Write the starter project into `dir`. Existing files are never overwritten unless `force`,
/// and nothing is written through a symbolic link: a link where a starter file goes (even a
/// dangling one) counts as an existing file, and a linked folder on the way is refused.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, InitError> {
    for (path, _) in FILES {
        if let Some(folder) = linked_folder(dir, path) {
            return Err(InitError::Linked(folder));
        }
        let target = dir.join(path);
        // `exists` follows links: a dangling one would be written through, outside the folder.
        if !force && fs::symlink_metadata(&target).is_ok() {
            return Err(InitError::Exists(target));
        }
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let target = dir.join(path);
        let io_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| InitError::Io { path, source }
        };
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        if is_link(&target) {
            // Only with `--force`: the link is replaced, never followed.
            fs::remove_file(&target).map_err(io_error(&target))?;
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .create(force)
            .create_new(!force)
            .open(&target)
            .map_err(io_error(&target))?;
        file.write_all(text.as_bytes()).map_err(io_error(&target))?;
        written.push(PathBuf::from(path));
    }
    Ok(written)
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The first folder of `path` below `dir` that is a symbolic link.
fn linked_folder(dir: &Path, path: &str) -> Option<PathBuf> {
    let mut folder = dir.to_path_buf();
    let (folders, _) = path.rsplit_once('/')?;
    for part in folders.split('/') {
        folder.push(part);
        if is_link(&folder) {
            return Some(folder);
        }
    }
    None
}
