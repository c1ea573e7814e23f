//! Looking up a keyword (`type`, `$ref`, `properties`) in an object of a parsed spec.
//!
//! serde_json's map hashes the key with SipHash on every `get`. Modelling looks keywords up
//! millions of times (GitHub's spec: 2.4 million lookups, a tenth of the build's instructions,
//! most of them from the rows of schema tables), in objects that hold a handful of keys, where
//! comparing the keys one by one costs a fraction of hashing one. Big objects (`paths`,
//! `components/schemas`, `properties` of a wide schema) still go through the hash table.

use serde_json::{Map, Value};

/// Objects with fewer keys than this are scanned. Spec objects rarely hold more than a dozen
/// keywords; a scan of sixteen short keys still costs less than one SipHash (measured with
/// callgrind on GitHub's spec).
const SCAN_BELOW: usize = 16;

/// `value[name]` when `value` is an object that has the key.
pub trait Keys {
    fn key(&self, name: &str) -> Option<&Value>;
}

impl Keys for Value {
    #[inline]
    fn key(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => key_in(map, name),
            _ => None,
        }
    }
}

impl Keys for Map<String, Value> {
    #[inline]
    fn key(&self, name: &str) -> Option<&Value> {
        key_in(self, name)
    }
}

#[inline]
fn key_in<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if map.len() < SCAN_BELOW {
        map.iter()
            .find_map(|(key, value)| (key.as_str() == name).then_some(value))
    } else {
        map.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn small_and_big_objects_find_the_same_keys() {
        let small = json!({"type": "string", "format": "uuid", "": 1});
        assert_eq!(small.key("format"), Some(&json!("uuid")));
        assert_eq!(small.key(""), Some(&json!(1)));
        assert_eq!(small.key("form"), None);
        assert_eq!(json!(["type"]).key("type"), None);
        assert_eq!(json!("type").key("type"), None);

        let big: Map<String, Value> = (0..40).map(|i| (format!("k{i}"), json!(i))).collect();
        assert!(big.len() >= SCAN_BELOW);
        for i in 0..40 {
            assert_eq!(big.key(&format!("k{i}")), Some(&json!(i)));
        }
        assert_eq!(big.key("k40"), None);
        assert_eq!(Value::Object(big).key("k7"), Some(&json!(7)));
    }
}
