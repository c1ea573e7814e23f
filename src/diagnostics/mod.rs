//! Problems found in a project, as values: severity, file, line, column, message and hint.
//!
//! The library never prints; it collects `Diagnostic`s and the CLI decides how to show them.

mod codes;

use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};

pub use codes::Code;

/// How bad a problem is. Errors fail the build; warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem it is: stable across versions (see `codes.rs`).
    pub code: Code,
    /// Path relative to the project root when the file is inside it.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// What to do about it, when we can tell.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: Code::Internal,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, position: Position) -> Self {
        self.line = position.line;
        self.column = position.column;
        self
    }

    /// The kind of problem. Every diagnostic a project can cause gets one.
    pub fn code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, leaving out what is unknown.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A 1-based line and column in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }

    /// The position of a byte offset in `text` (columns count characters, not bytes).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }

    /// Shift a position found in an embedded text (front matter, a Markdown body) to the file.
    pub fn offset_lines(self, lines: usize) -> Self {
        Position {
            line: self.line + lines,
            column: self.column,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Sort for reporting: by file, then position, errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

/// The path to show for `path`: relative to `root` when inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The lines diagnostics point at. Each file is read once, line by line up to the last line
/// wanted, and only those lines are kept: a big spec with hundreds of findings is neither read
/// hundreds of times nor held whole (Twilio's 0.85 MB spec, once held with the offset of each
/// of its lines, was the peak of a build that printed its warnings). A long line is cut to
/// [`EXCERPT_CHARS`] around the column (a spec written on one line is one line of megabytes).
#[derive(Default)]
pub struct Sources {
    lines: HashMap<(PathBuf, usize, usize), Excerpt>,
}

/// The most characters of a line shown under a message.
pub const EXCERPT_CHARS: usize = 160;

/// The part of a line shown under a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The line, or the part of it around the column, with `…` where it was cut.
    pub text: String,
    /// The diagnostic's column counted in `text` (1-based characters; 0 when it has none).
    pub column: usize,
}

impl Sources {
    /// The lines `diagnostics` point at, from the files under `root` they name.
    pub fn of<'d>(root: &Path, diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Sources {
        let mut wanted: HashMap<PathBuf, Vec<(usize, usize)>> = HashMap::new();
        for d in diagnostics.into_iter().filter(|d| d.line > 0) {
            wanted
                .entry(source_path(root, d))
                .or_default()
                .push((d.line, d.column));
        }
        let mut lines = HashMap::new();
        for (path, mut places) in wanted {
            places.sort_unstable();
            places.dedup();
            let Ok(file) = std::fs::File::open(&path) else {
                continue;
            };
            let mut reader = std::io::BufReader::new(file);
            let mut buffer = Vec::new();
            let mut number = 0;
            for (want, column) in places {
                // Lines before the wanted one are read and dropped.
                while number < want {
                    buffer.clear();
                    match reader.read_until(b'\n', &mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => number += 1,
                    }
                }
                if number != want {
                    break;
                }
                if let Ok(line) = std::str::from_utf8(&buffer) {
                    let line = line.trim_end_matches(['\n', '\r']);
                    lines.insert((path.clone(), want, column), excerpt(line, column));
                }
            }
        }
        Sources { lines }
    }

    /// The line `d` points at, when it has one and its file could be read (a long line cut
    /// around the column).
    pub fn line(&self, root: &Path, d: &Diagnostic) -> Option<Excerpt> {
        if d.line == 0 {
            return None;
        }
        self.lines
            .get(&(source_path(root, d), d.line, d.column))
            .cloned()
    }
}

fn source_path(root: &Path, d: &Diagnostic) -> PathBuf {
    if d.file.is_absolute() {
        d.file.clone()
    } else {
        root.join(&d.file)
    }
}

/// At most [`EXCERPT_CHARS`] characters of `line`: its start when the column is near it (or
/// unknown), else a window with the column a third of the way in.
fn excerpt(line: &str, column: usize) -> Excerpt {
    let length = line.chars().count();
    if length <= EXCERPT_CHARS {
        return Excerpt {
            text: line.to_string(),
            column,
        };
    }
    let lead = EXCERPT_CHARS / 3;
    let start = if column <= EXCERPT_CHARS - lead {
        0
    } else {
        (column - 1 - lead).min(length - EXCERPT_CHARS)
    };
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    text.extend(line.chars().skip(start).take(EXCERPT_CHARS));
    if start + EXCERPT_CHARS < length {
        text.push('…');
    }
    Excerpt {
        text,
        column: match column {
            0 => 0,
            _ => column - start + usize::from(start > 0),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_keep_only_the_lines_pointed_at() {
        let dir = tempfile::tempdir().unwrap();
        let long = "x".repeat(200);
        std::fs::write(
            dir.path().join("a.yaml"),
            format!("one\r\ntwo\n{long}\nfour"),
        )
        .unwrap();
        let at =
            |file: &str, line: usize| Diagnostic::warning(file, "m").at(Position::new(line, 1));
        let found = [
            at("a.yaml", 2),
            at("a.yaml", 1),
            at("a.yaml", 4),
            at("a.yaml", 3),
            at("a.yaml", 2),
            at("a.yaml", 9),
            at("gone.yaml", 1),
            Diagnostic::warning("a.yaml", "no line"),
        ];
        let sources = Sources::of(dir.path(), &found);
        let lines: Vec<Option<String>> = found
            .iter()
            .map(|d| sources.line(dir.path(), d).map(|e| e.text))
            .collect();
        let shortened = format!("{}…", "x".repeat(160));
        assert_eq!(
            lines,
            [
                Some("two".to_string()),
                Some("one".to_string()),
                Some("four".to_string()),
                Some(shortened),
                Some("two".to_string()),
                None,
                None,
                None,
            ]
        );
        assert_eq!(sources.lines.len(), 4, "only the lines pointed at are held");
    }

    #[test]
    fn a_long_line_is_cut_around_its_column() {
        // A spec written on one line: the message is 100,000 characters in.
        let line: String = (0..200_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let column = 100_000;
        let shown = excerpt(&line, column);
        let chars: Vec<char> = shown.text.chars().collect();
        assert_eq!(chars.len(), EXCERPT_CHARS + 2, "{}", shown.text);
        assert_eq!((chars[0], chars[chars.len() - 1]), ('…', '…'));
        // The caret's column in the excerpt is the same character as the column in the line.
        assert_eq!(
            chars[shown.column - 1],
            line.chars().nth(column - 1).unwrap()
        );
        // Near the start or the end, the window stops at the line's edge.
        let start = excerpt(&line, 3);
        assert_eq!((start.column, start.text.chars().next()), (3, Some('a')));
        let end = excerpt(&line, 199_999);
        let end_chars: Vec<char> = end.text.chars().collect();
        assert_eq!(
            end_chars[end.column - 1],
            line.chars().nth(199_998).unwrap()
        );
        assert!(!end.text.ends_with('…'));
        assert_eq!(excerpt(&line, 0).column, 0);
        assert_eq!(
            excerpt("short", 4),
            Excerpt {
                text: "short".into(),
                column: 4
            }
        );
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "ab\nçd\nef";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 3), Position::new(2, 1));
        // 'ç' is two bytes: byte 5 is the second character of line 2.
        assert_eq!(Position::of_offset(text, 5), Position::new(2, 2));
        assert_eq!(Position::of_offset(text, 100), Position::new(3, 3));
    }

    #[test]
    fn location_leaves_out_unknown_parts() {
        let d = Diagnostic::error("a.md", "x");
        assert_eq!(d.location(), "a.md");
        assert_eq!(d.at(Position::new(3, 0)).location(), "a.md:3");
    }
}
