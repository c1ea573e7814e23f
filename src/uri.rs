//! Small helpers for the URIs and relative paths that refs and links are written as:
//! percent-decoding and lexical path normalisation, shared so both follow one rule.

use std::path::{Component, Path, PathBuf};

/// Decode `%XX` escapes (refs and links are URIs: `%7B` for `{`, `%C2%AB` for `«`). Invalid
/// escapes are kept as written; invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolve `.` and `..` without touching the file system; `None` when the path climbs above
/// its start or is absolute.
pub fn normalise_relative(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_are_decoded_and_bad_ones_kept() {
        assert_eq!(percent_decode("a%7Bid%7D"), "a{id}");
        assert_eq!(percent_decode("%C2%AB"), "«");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn paths_cannot_climb_out() {
        assert_eq!(
            normalise_relative(Path::new("a/./b/../c")),
            Some(PathBuf::from("a/c"))
        );
        assert_eq!(normalise_relative(Path::new("../a")), None);
        assert_eq!(normalise_relative(Path::new("/etc/passwd")), None);
    }
}
