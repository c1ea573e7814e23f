//! Looking up a keyword (`type`, `$ref`, `properties`) in an object of a parsed spec.
//!
//! `value.key("type")` is `value.get("type")` for a value that may not be an object, without
//! the generic index of `Value::get`. Modelling looks keywords up millions of times (GitHub's
//! spec: 2.4 million lookups, most of them from the rows of schema tables); `doc::Map` scans
//! the handful of keys of a small object and hashes only in big ones (`paths`,
//! `components/schemas`, a wide schema's `properties`).

use crate::doc::{Map, Value};

/// `value[name]` when `value` is an object that has the key.
pub trait Keys {
    fn key(&self, name: &str) -> Option<&Value>;
}

impl Keys for Value {
    #[inline]
    fn key(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(name),
            _ => None,
        }
    }
}

impl Keys for Map {
    #[inline]
    fn key(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn small_and_big_objects_find_the_same_keys() {
        let small = json!({"type": "string", "format": "uuid", "": 1});
        assert_eq!(small.key("format"), Some(&json!("uuid")));
        assert_eq!(small.key(""), Some(&json!(1)));
        assert_eq!(small.key("form"), None);
        assert_eq!(json!(["type"]).key("type"), None);
        assert_eq!(json!("type").key("type"), None);

        let big: Map = (0..40).map(|i| (format!("k{i}"), json!(i))).collect();
        assert!(big.len() >= crate::doc::SMALL);
        for i in 0..40 {
            assert_eq!(big.key(&format!("k{i}")), Some(&json!(i)));
        }
        assert_eq!(big.key("k40"), None);
        assert_eq!(Value::Object(big).key("k7"), Some(&json!(7)));
    }
}
