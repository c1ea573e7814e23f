//! `Str`: a string of a parsed spec, held inline when short.
//!
//! Most strings of a spec are short: keys (`type`, `description`, `properties`), types,
//! formats, enum values, status codes. As a `String` each is 24 bytes plus an allocation of
//! its own; here one of up to [`INLINE`] bytes lives in the 24 bytes themselves, and a longer
//! one is a `Box<str>` of exactly its length.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// The longest string held without an allocation.
pub const INLINE: usize = 22;

#[derive(Clone)]
pub struct Str(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Str {
    pub fn new(text: &str) -> Str {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Str(Repr::Inline {
                len: text.len() as u8,
                bytes,
            })
        } else {
            Str(Repr::Heap(text.into()))
        }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: the bytes were copied from a `&str` up to `len`, at a char boundary.
            Repr::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(bytes.get_unchecked(..*len as usize))
            },
            Repr::Heap(text) => text,
        }
    }
}

impl Default for Str {
    fn default() -> Str {
        Str::new("")
    }
}

impl Deref for Str {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

// Hashes as the `str` it holds, so that maps keyed by `Str` can be looked up with a `&str`.
impl Hash for Str {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialEq for Str {
    #[inline]
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl From<&str> for Str {
    fn from(text: &str) -> Str {
        Str::new(text)
    }
}

impl From<&String> for Str {
    fn from(text: &String) -> Str {
        Str::new(text)
    }
}

impl From<String> for Str {
    fn from(text: String) -> Str {
        if text.len() <= INLINE {
            Str::new(&text)
        } else {
            Str(Repr::Heap(text.into_boxed_str()))
        }
    }
}

impl From<&Str> for Str {
    fn from(text: &Str) -> Str {
        text.clone()
    }
}

impl From<Box<str>> for Str {
    fn from(text: Box<str>) -> Str {
        if text.len() <= INLINE {
            Str::new(&text)
        } else {
            Str(Repr::Heap(text))
        }
    }
}

impl From<std::borrow::Cow<'_, str>> for Str {
    fn from(text: std::borrow::Cow<'_, str>) -> Str {
        match text {
            std::borrow::Cow::Borrowed(text) => Str::new(text),
            std::borrow::Cow::Owned(text) => Str::from(text),
        }
    }
}

impl From<Str> for String {
    fn from(text: Str) -> String {
        match text.0 {
            Repr::Heap(text) => text.into_string(),
            Repr::Inline { .. } => text.as_str().to_string(),
        }
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_strings_read_back_the_same() {
        assert_eq!(std::mem::size_of::<Str>(), 24);
        for text in [
            "",
            "type",
            "ü€𝄞",
            &"x".repeat(INLINE),
            &"y".repeat(INLINE + 1),
        ] {
            let held = Str::new(text);
            assert_eq!(held.as_str(), text);
            assert_eq!(Str::from(text.to_string()).as_str(), text);
            assert_eq!(String::from(held.clone()), text);
            assert_eq!(held, *text);
        }
        assert!(matches!(
            Str::new(&"x".repeat(INLINE)).0,
            Repr::Inline { .. }
        ));
        assert!(matches!(Str::new(&"x".repeat(INLINE + 1)).0, Repr::Heap(_)));
    }
}
