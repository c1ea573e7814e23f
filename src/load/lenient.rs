//! A JSON value read from YAML without losing real-world specs on YAML's looser data model:
//! integers beyond 64 bits become floats, and non-string mapping keys (`200:`, `true:`) become
//! their text. A budget of values bounds what YAML aliases can expand to.

use std::cell::Cell;
use std::fmt;

use crate::doc::{Number, Str, Value};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::exact::Pending;

/// A `crate::doc::Value`, deserialised leniently, without a budget.
pub struct Lenient(pub Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let budget = Cell::new(usize::MAX);
        let pending = Pending::default();
        Budgeted(&budget, &pending)
            .deserialize(deserializer)
            .map(Lenient)
    }
}

/// The message of the error a spent budget gives (the parser appends its position).
pub const BUDGET_SPENT: &str = "the document holds more values than its limit";

/// A lenient value that may hold at most as many values (mappings, sequences, keys, scalars)
/// as the budget: each one spends one. The parser expands every alias into a copy of its
/// anchor's value, so this is what stops a "billion laughs" document before memory runs out.
/// Objects and arrays are made at their final size (`Pending`).
#[derive(Clone, Copy)]
pub struct Budgeted<'b>(pub &'b Cell<usize>, pub &'b Pending);

impl<'de> DeserializeSeed<'de> for Budgeted<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor {
            budget: self.0,
            pending: self.1,
        })
    }
}

struct ValueVisitor<'b> {
    budget: &'b Cell<usize>,
    pending: &'b Pending,
}

impl<'b> ValueVisitor<'b> {
    fn seed(&self) -> Budgeted<'b> {
        Budgeted(self.budget, self.pending)
    }

    fn spend<E: de::Error>(&self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(BUDGET_SPENT)),
        }
    }
}

/// A float as the value a spec holds: NaN and infinities have no JSON number and become null.
pub fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// A mapping key as the object's member name: `200` and `true` are keys of OpenAPI documents
/// written unquoted; other values become their JSON text.
pub fn key_text(key: Value) -> Str {
    match key {
        Value::String(s) => s,
        Value::Null => Str::new("null"),
        other => other.to_string().into(),
    }
}

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(Value::from(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(Value::from(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(Value::String(v.into()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spend::<E>()?;
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.seed().deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend::<A::Error>()?;
        let start = self.pending.items_start();
        while let Some(item) = seq.next_element_seed(self.seed())? {
            self.pending.push_item(item);
        }
        Ok(self.pending.array(start))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        self.spend::<A::Error>()?;
        let start = self.pending.members_start();
        while let Some(key) = access.next_key_seed(self.seed())? {
            let key = key_text(key);
            let value = access.next_value_seed(self.seed())?;
            self.pending.push_member(key, value);
        }
        Ok(self.pending.object(start))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged YAML value (`!tag value`): keep the value, drop the tag.
        let (_tag, variant): (Value, _) = data.variant_seed(self.seed())?;
        de::VariantAccess::newtype_variant_seed(variant, self.seed())
    }
}
