//! `ByText`: a borrowed value, compared and hashed as its JSON text would be.
//!
//! The model's memos (`model::shared`) share what is made from equal parts of a spec: the
//! same response or parameter written out inline under a thousand operations. Keyed by the
//! part's JSON text, a memo held a copy of every distinct part until the model was done
//! (Codat's inline responses with their examples: 0.95 MB of keys). Keyed by a `ByText`, it
//! holds a reference into the document, which outlives the model's making anyway.

use std::hash::{Hash, Hasher};

use super::{Number, Value};

/// Equal when both values would be written as the same JSON text: the same members in the same
/// order (where `Value`'s own equality ignores the order of members), numbers of the same kind
/// and value.
#[derive(Clone, Copy, Debug)]
pub struct ByText<'a>(pub &'a Value);

impl PartialEq for ByText<'_> {
    fn eq(&self, other: &Self) -> bool {
        same_text(self.0, other.0)
    }
}

impl Eq for ByText<'_> {}

impl Hash for ByText<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_text(self.0, state)
    }
}

fn same_text(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Number(a), Value::Number(b)) => number_key(a) == number_key(b),
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_text(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && same_text(va, vb))
        }
        _ => false,
    }
}

fn hash_text<H: Hasher>(value: &Value, state: &mut H) {
    match value {
        Value::Null => state.write_u8(0),
        Value::Bool(b) => {
            state.write_u8(1);
            b.hash(state);
        }
        Value::Number(n) => {
            state.write_u8(2);
            number_key(n).hash(state);
        }
        Value::String(s) => {
            state.write_u8(3);
            s.as_str().hash(state);
        }
        Value::Array(items) => {
            state.write_u8(4);
            state.write_usize(items.len());
            for item in items {
                hash_text(item, state);
            }
        }
        Value::Object(map) => {
            state.write_u8(5);
            state.write_usize(map.len());
            for (key, value) in map.iter() {
                key.as_str().hash(state);
                hash_text(value, state);
            }
        }
    }
}

/// A number as what decides its text: its kind and its value (a float by its bits, so that
/// `0.0` and `-0.0`, equal as numbers, stay apart as they are written).
fn number_key(n: &Number) -> (u8, u64) {
    if let Some(u) = n.as_u64() {
        (0, u)
    } else if let Some(i) = n.as_i64() {
        (1, i as u64)
    } else {
        (2, n.as_f64().map_or(0, f64::to_bits))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::hash_map::DefaultHasher;

    use super::*;
    use crate::json;

    fn hash_of(value: &Value) -> u64 {
        let mut h = DefaultHasher::new();
        ByText(value).hash(&mut h);
        h.finish()
    }

    /// `ByText` equality must be exactly equality of the compact JSON text.
    fn agrees_with_text(a: &Value, b: &Value) {
        let (text_a, text_b) = (a.to_string(), b.to_string());
        let same = text_a == text_b;
        assert_eq!(ByText(a) == ByText(b), same, "{a} vs {b}");
        if same {
            assert_eq!(hash_of(a), hash_of(b), "{a}");
        }
    }

    #[test]
    fn equal_exactly_when_the_json_text_is() {
        let values = [
            json!(null),
            json!(false),
            json!(0),
            json!(-1),
            json!(1.0),
            json!(0.0),
            json!(-0.0),
            json!(18446744073709551615u64),
            json!("0"),
            json!(""),
            json!([]),
            json!({}),
            json!([1, 2]),
            json!([2, 1]),
            json!({"a": 1, "b": [true]}),
            json!({"b": [true], "a": 1}),
            json!({"a": 1, "b": [false]}),
            json!({"a": {"description": "x"}}),
            json!({"a": {"description": "y"}}),
        ];
        for a in &values {
            for b in &values {
                agrees_with_text(a, b);
            }
        }
        // Two separately parsed copies of the same text: equal, though not the same node.
        agrees_with_text(
            &json!({"200": {"content": {"application/json": {"example": [1.5, "x"]}}}}),
            &json!({"200": {"content": {"application/json": {"example": [1.5, "x"]}}}}),
        );
    }

    #[test]
    fn members_in_another_order_are_another_text() {
        let a = json!({"a": 1, "b": 2});
        let b = json!({"b": 2, "a": 1});
        assert_eq!(a, b, "`Value`'s own equality ignores order");
        assert_ne!(ByText(&a), ByText(&b));
    }

    #[test]
    fn big_objects_compare_in_order_too() {
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        let mut forward = crate::doc::Map::new();
        let mut backward = crate::doc::Map::new();
        for k in &keys {
            forward.insert(k.as_str(), json!(1));
        }
        for k in keys.iter().rev() {
            backward.insert(k.as_str(), json!(1));
        }
        let (forward, backward) = (Value::Object(forward), Value::Object(backward));
        agrees_with_text(&forward, &backward);
        agrees_with_text(&forward, &forward.clone());
    }
}
