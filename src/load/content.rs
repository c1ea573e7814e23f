//! Guides: finds the Markdown files under `content/`, splits off and checks their front matter.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Position};

pub const CONTENT_DIR: &str = "content";

/// The front matter keys a guide may have. Unknown keys are errors, so typos surface.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Lower comes first in navigation; pages without a weight follow, by title.
    #[serde(alias = "order")]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    /// Replaces the file name in the page's URL.
    pub slug: Option<String>,
}

/// What a Markdown file is for, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `content/index.md` or `content/_index.md`: the home page.
    Home,
    /// `content/<folder>/_index.md` (or `index.md`): the folder's section page.
    Section,
    /// Any other `.md` file.
    Page,
}

/// One Markdown file, read and split.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Relative to the project root, e.g. `content/guides/quickstart.md`: for messages.
    pub file: PathBuf,
    /// Relative to `content/`, e.g. `guides/quickstart.md`: for URLs and links.
    pub rel: PathBuf,
    pub kind: SourceKind,
    pub front: FrontMatter,
    pub body: String,
    /// Lines of the file before the body (the front matter block), to report body positions.
    pub body_line_offset: usize,
}

/// A file under `content/` that is not Markdown: copied to the output beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    pub rel: PathBuf,
}

/// Files under `dir`, sorted, without hidden files, editor leftovers, or anything that resolves
/// outside `root` (a symlink out of the project is reported, never followed).
pub fn project_files(
    root: &Path,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, PathBuf)> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or("")));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = e.path().map(|p| p.to_path_buf()).unwrap_or_default();
                diagnostics.push(
                    Diagnostic::error(
                        crate::diagnostics::display_path(root, &at),
                        format!("cannot read: {e}"),
                    )
                    .code(Code::Unreadable),
                );
                continue;
            }
        };
        let path = entry.path();
        let shown = crate::diagnostics::display_path(root, path);
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) => {
                    if target.is_dir() {
                        diagnostics.push(
                            Diagnostic::warning(shown, "symlinked folders are not followed")
                                .code(Code::SymlinkOutside),
                        );
                        continue;
                    }
                }
                _ => {
                    diagnostics.push(
                        Diagnostic::error(shown, "symlink points outside the project")
                            .code(Code::SymlinkOutside)
                            .with_hint("Portico reads only files inside the project folder"),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let rel = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
        files.push((path.to_path_buf(), rel));
    }
    files
}

/// Hidden files, and the swap, backup, lock and temporary files that editors and tools leave
/// beside the real ones: never part of a site (and `serve` does not rebuild for them).
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".bak", ".orig", ".crswap"]
            .iter()
            .any(|ext| name.ends_with(ext))
        // JetBrains IDEs save through these.
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        // Vim checks that it may create files in a folder with one called 4913.
        || name == "4913"
}

pub fn read_page(path: &Path, file: &Path, rel: &Path) -> Result<SourcePage, Diagnostic> {
    page_from_bytes(read_bytes(path, file)?, file, rel)
}

/// A page's file as bytes, or the problem that kept it from being read.
pub fn read_bytes(path: &Path, file: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path)
        .map_err(|e| Diagnostic::error(file, format!("cannot read: {e}")).code(Code::Unreadable))
}

/// [`read_page`] from bytes already read.
pub fn page_from_bytes(bytes: Vec<u8>, file: &Path, rel: &Path) -> Result<SourcePage, Diagnostic> {
    let text = super::utf8_text(bytes, file, "the page").map_err(|d| {
        d.with_hint(
            "save the file as UTF-8; binary files belong next to pages with another extension",
        )
    })?;
    let (front, body, body_line_offset) = split_front_matter(&text, file)?;
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let is_index = name == "_index.md" || name == "index.md";
    let kind = match (
        is_index,
        rel.parent().is_none_or(|p| p.as_os_str().is_empty()),
    ) {
        (true, true) => SourceKind::Home,
        (true, false) => SourceKind::Section,
        (false, _) => SourceKind::Page,
    };
    Ok(SourcePage {
        file: file.to_path_buf(),
        rel: rel.to_path_buf(),
        kind,
        front,
        body: body.to_string(),
        body_line_offset,
    })
}

/// Split `---`-delimited YAML front matter from the body and parse it.
pub fn split_front_matter<'a>(
    text: &'a str,
    file: &Path,
) -> Result<(FrontMatter, &'a str, usize), Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok((FrontMatter::default(), text, 0));
    }
    let mut offset = first_line_end;
    let mut lines = 1;
    loop {
        if offset >= text.len() {
            return Err(Diagnostic::error(file, "front matter is not closed")
                .code(Code::FrontMatterSyntax)
                .at(Position::new(1, 1))
                .with_hint("end the front matter with a line holding only `---`"));
        }
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..end].trim_end();
        lines += 1;
        if line == "---" || line == "..." {
            let yaml = &text[first_line_end..offset];
            let front = parse_front_matter(yaml, file)?;
            return Ok((front, &text[end..], lines));
        }
        offset = end;
    }
}

fn parse_front_matter(yaml: &str, file: &Path) -> Result<FrontMatter, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml::from_str::<FrontMatter>(yaml).map_err(|e| {
        let position = e
            .location()
            .map(|l| Position::new(l.line() + 1, l.column()))
            .unwrap_or(Position::new(1, 0));
        let message = super::parser_message(&e);
        let mut d = Diagnostic::error(file, format!("front matter: {message}"))
            .code(Code::FrontMatterSyntax)
            .at(position);
        if message.contains("unknown field") {
            d = d
                .code(Code::FrontMatterUnknownKey)
                .with_hint("front matter keys are: title, description, weight, draft, slug");
        }
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_and_lines_counted() {
        let text = "---\ntitle: Hello\nweight: 3\n---\n# Body\n";
        let (front, body, lines) = split_front_matter(text, Path::new("a.md")).unwrap();
        assert_eq!(front.title.as_deref(), Some("Hello"));
        assert_eq!(front.weight, Some(3));
        assert_eq!(body, "# Body\n");
        assert_eq!(lines, 4);
    }

    #[test]
    fn no_front_matter_means_defaults() {
        let (front, body, lines) = split_front_matter("# Hi\n", Path::new("a.md")).unwrap();
        assert_eq!(front, FrontMatter::default());
        assert_eq!((body, lines), ("# Hi\n", 0));
    }

    #[test]
    fn unknown_front_matter_key_names_the_line() {
        let err =
            split_front_matter("---\ntitle: x\ntitel: y\n---\n", Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("titel"), "{err}");
        assert_eq!(err.line, 3, "{err}");
    }

    #[test]
    fn wrong_type_is_an_error() {
        let err = split_front_matter("---\nweight: heavy\n---\n", Path::new("a.md")).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split_front_matter("---\ntitle: x\n", Path::new("a.md")).is_err());
    }
}
