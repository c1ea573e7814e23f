//! The parsed document: a spec as a tree of values, kept small.
//!
//! The API is serde_json's `Value` (the stages were written against it), but the layout is
//! not: serde_json with ordered maps spends 72 bytes per value and 104 per object member, plus
//! an allocation per key and string and a hash table per object, about 5–6 times a spec's text
//! (loket.nl: 34 MB of its 59 MB peak). Here a value is 32 bytes, a member 56, short strings
//! and keys live inline (`Str`), and only big objects have a hash table (`Map`).
//!
//! `jsonschema` (the examples check) reads serde_json's `Value`: `From` converts either way.

mod by_text;
mod map;
mod serialize;
mod str;
mod value;

pub use by_text::ByText;
pub use map::{Entry, Map, SMALL};
pub use str::Str;
pub use value::{Index, Number, Value};

/// `serde_json::json!`, giving a [`Value`].
#[macro_export]
macro_rules! json {
    ($($json:tt)+) => {
        $crate::doc::Value::from(::serde_json::json!($($json)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_members_are_small() {
        assert_eq!(std::mem::size_of::<Value>(), 32);
        assert_eq!(std::mem::size_of::<Map>(), 24);
        assert_eq!(std::mem::size_of::<(Str, Value)>(), 56);
    }

    #[test]
    fn pointers_read_as_serde_json_reads_them() {
        let value = crate::json!({"a/b": {"~c": [10, 20]}, "": 1});
        let theirs = serde_json::Value::from(&value);
        for pointer in [
            "",
            "/",
            "/a~1b",
            "/a~1b/~0c/1",
            "/a~1b/~0c/01",
            "/a~1b/~0c/+1",
            "/x",
            "a",
        ] {
            assert_eq!(
                value.pointer(pointer).map(serde_json::Value::from),
                theirs.pointer(pointer).cloned(),
                "{pointer}"
            );
        }
    }
}
