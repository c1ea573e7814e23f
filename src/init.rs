//! `portico init`: writes a small starter project that builds as it is.

use std::fs;
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
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Write the starter project into `dir`. Existing files are never overwritten unless `force`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, InitError> {
    if !force {
        if let Some((path, _)) = FILES.iter().find(|(path, _)| dir.join(path).exists()) {
            return Err(InitError::Exists(dir.join(path)));
        }
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|source| InitError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        fs::write(&target, text).map_err(|source| InitError::Io {
            path: target.clone(),
            source,
        })?;
        written.push(PathBuf::from(path));
    }
    Ok(written)
}
