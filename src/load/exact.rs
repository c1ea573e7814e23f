//! JSON text to a `crate::doc::Value` whose objects and arrays are allocated at their final
//! size. serde_json's own `Value` grows each object as members arrive (doubling its entries
//! and rebuilding its index), which leaves a quarter of a big spec's value as spare capacity
//! and, on the way, touches memory that the kernel must zero first. Here members wait on one
//! stack shared by the whole document and move into an object of the right size at its end.

use std::cell::RefCell;
use std::fmt;

use crate::doc::{Map, Str, Value};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// What objects and arrays still open hold so far: the members and items of the innermost one
/// are at the top.
#[derive(Default)]
pub struct Pending {
    members: RefCell<Vec<(Str, Value)>>,
    items: RefCell<Vec<Value>>,
}

impl Pending {
    /// Where the members of an object that starts now will begin.
    pub fn members_start(&self) -> usize {
        self.members.borrow().len()
    }

    pub fn push_member(&self, key: Str, value: Value) {
        self.members.borrow_mut().push((key, value));
    }

    /// The object of the members from `start` on. A repeated key keeps its first place and
    /// its last value, as `crate::doc::Map::insert` does.
    pub fn object(&self, start: usize) -> Value {
        let mut members = self.members.borrow_mut();
        let mut map = Map::with_capacity(members.len() - start);
        for (key, value) in members.drain(start..) {
            map.insert(key, value);
        }
        Value::Object(map)
    }

    pub fn items_start(&self) -> usize {
        self.items.borrow().len()
    }

    pub fn push_item(&self, item: Value) {
        self.items.borrow_mut().push(item);
    }

    pub fn array(&self, start: usize) -> Value {
        Value::Array(self.items.borrow_mut().drain(start..).collect())
    }
}

/// Parses a JSON text as `serde_json::from_str::<Value>` does, error for error.
pub fn from_str(text: &str) -> serde_json::Result<Value> {
    let pending = Pending::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Exact(&pending).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// A JSON value read with `Pending`'s stacks.
#[derive(Clone, Copy)]
struct Exact<'p>(&'p Pending);

impl<'de> DeserializeSeed<'de> for Exact<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Exact<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v.into()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let start = self.0.items_start();
        while let Some(item) = seq.next_element_seed(self)? {
            self.0.push_item(item);
        }
        Ok(self.0.array(start))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let start = self.0.members_start();
        while let Some(key) = access.next_key::<Str>()? {
            let value = access.next_value_seed(self)?;
            self.0.push_member(key, value);
        }
        Ok(self.0.object(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads_and_fails_where_it_fails() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let texts = [
            r#"{"b": 1, "a": [true, null, -0.5, 1e400, 18446744073709551615, -9223372036854775808],
               "a": {"x": "\u00e9\"", "": {}, "e": []}, "n": 123456789012345678901234567890}"#,
            "[]",
            " \"text\" ",
            "{\"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {}}}}}}",
            // Failures: the same message at the same place.
            "{\"a\": 1,}",
            "{\"a\": 1} trailing",
            "[1, 2",
            "{\"a\" 1}",
            "\"\\x\"",
            &deep,
        ];
        for text in texts {
            let ours = from_str(text);
            let theirs = serde_json::from_str::<Value>(text);
            match (ours, theirs) {
                (Ok(ours), Ok(theirs)) => {
                    assert_eq!(ours, theirs, "{text}");
                    // Same order of keys, too (the map keeps document order).
                    assert_eq!(ours.to_string(), theirs.to_string());
                }
                (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string()),
                (ours, theirs) => panic!("{text}: {ours:?} but serde_json {theirs:?}"),
            }
        }
    }

    #[test]
    fn objects_and_arrays_are_made_at_their_final_size() {
        let value = from_str(r#"{"a": [1, 2, 3], "b": {"c": 1, "d": 2, "e": 3}}"#).unwrap();
        assert_eq!(value["a"].as_array().unwrap().capacity(), 3);
        assert_eq!(value["b"].as_object().unwrap().len(), 3);
        let pending = Pending::default();
        let mut deserializer = serde_json::Deserializer::from_str("[[1, 2], {\"k\": [3]}]");
        Exact(&pending).deserialize(&mut deserializer).unwrap();
        // Nothing is left waiting once the document is read.
        assert_eq!(pending.members_start(), 0);
        assert_eq!(pending.items_start(), 0);
    }
}
