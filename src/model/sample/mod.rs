//! Example values generated from schemas, for bodies and responses that have no example.
//!
//! The generator is deliberately bounded: refs already being expanded are cut (a cycle yields
//! nothing rather than recursing), output nesting stops at `MAX_DEPTH`, and after
//! `MAX_NODES` generated values no further optional properties are added. A 13 MB spec with
//! mutually recursive schemas therefore still gives small, finite examples. The output depends
//! only on the input: no randomness, no clock.
//!
//! This file holds the generator's walk: refs, the limits, and the choice of a type. The values
//! of each kind are made in `containers` (objects and arrays), `strings` and `numbers`;
//! `compose` handles `allOf`, `oneOf`/`anyOf` and discriminators.

mod compose;
mod containers;
mod numbers;
mod strings;

#[cfg(test)]
mod tests;

use crate::doc::{Map, Value};

use crate::keys::Keys;
use crate::resolve::refs::{deref, ref_of};

use numbers::{integer_example, number_example};
use strings::string_example;

/// The example for a `format: binary` string. `code_samples` recognises it in multipart bodies
/// and sends a file there instead of this text.
pub const BINARY: &str = "<binary>";

/// Which side of the API the example is for: requests leave out readOnly properties,
/// responses leave out writeOnly ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// Objects and arrays nested deeper than this are cut.
const MAX_DEPTH: usize = 8;
/// Values generated in one example; past it only required properties are kept (as `null`).
/// An example is read, not processed: a few hundred values show the shape, and each example is
/// printed in the page and in six request samples, so this bounds page weight on huge schemas.
const MAX_NODES: usize = 300;
/// Recursion through refs and compositions that add no output depth (`allOf` of `allOf` ...).
const MAX_NESTING: usize = 64;

/// An example value for `schema` (which may be a `$ref`), resolving local refs in `document`.
pub fn example(document: &Value, schema: &Value, direction: Direction) -> Value {
    let mut generator = Generator {
        document,
        direction,
        expanding: Vec::new(),
        nodes: 0,
        nesting: 0,
    };
    generator.generate(schema, 0).unwrap_or(Value::Null)
}

struct Generator<'a> {
    document: &'a Value,
    direction: Direction,
    /// Refs being expanded, outermost first: meeting one again is a cycle.
    expanding: Vec<&'a str>,
    nodes: usize,
    nesting: usize,
}

impl<'a> Generator<'a> {
    /// The example for one schema, or `None` when it was cut (cycle or limit). Callers decide
    /// what a cut means where they are: an optional property is left out, a required one is
    /// `null`, an array is empty.
    fn generate(&mut self, schema: &'a Value, depth: usize) -> Option<Value> {
        if self.nodes >= MAX_NODES || depth > MAX_DEPTH || self.nesting >= MAX_NESTING {
            return None;
        }
        self.nodes += 1;
        self.nesting += 1;
        let result = self.generate_unbounded(schema, depth);
        self.nesting -= 1;
        result
    }

    fn generate_unbounded(&mut self, schema: &'a Value, depth: usize) -> Option<Value> {
        // Boolean schemas (`true`, `false`) say nothing about the shape.
        let Value::Object(map) = schema else {
            return Some(Value::Null);
        };
        // An example written beside a `$ref` describes this use of it, so it comes first.
        if let Some(given) = given_value(map) {
            return Some(given);
        }
        match ref_of(schema) {
            Some(reference) => self.expand_ref(schema, reference, depth),
            None => Some(self.resolved(map, depth, None)),
        }
    }

    fn expand_ref(&mut self, schema: &'a Value, reference: &'a str, depth: usize) -> Option<Value> {
        if self.expanding.contains(&reference) {
            return None;
        }
        // Dangling, external and ref-to-ref cycles are reported elsewhere; here they are `null`.
        let Ok(Value::Object(target)) = deref(self.document, schema) else {
            return Some(Value::Null);
        };
        if let Some(given) = given_value(target) {
            return Some(given);
        }
        self.expanding.push(reference);
        let result = self.resolved(target, depth, Some(reference));
        self.expanding.pop();
        Some(result)
    }

    /// A schema that is not a ref. `origin` is the ref it was reached through, if any, so that
    /// a subtype (`allOf` of a base with a discriminator) can name itself.
    fn resolved(&mut self, schema: &'a Map, depth: usize, origin: Option<&str>) -> Value {
        match array_of(schema, "allOf") {
            Some(members) => self.all_of(schema, members, depth, origin),
            None => self.without_all_of(schema, depth),
        }
    }

    fn by_type(&mut self, schema: &'a Map, depth: usize) -> Value {
        match schema_type(schema) {
            Some("object") => self.object(schema, depth),
            Some("array") => self.array(schema, depth),
            Some("string") => string_example(schema),
            Some("integer") => integer_example(schema),
            Some("number") => number_example(schema),
            Some("boolean") => Value::Bool(true),
            _ => Value::Null,
        }
    }
}

/// The schema's own example, in order of precedence: `examples[0]`, `example`, `const`,
/// `default`, then the first non-null `enum` value.
fn given_value(schema: &Map) -> Option<Value> {
    if let Some(first) = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return Some(first.clone());
    }
    for key in ["example", "const", "default"] {
        if let Some(value) = schema.key(key) {
            return Some(value.clone());
        }
    }
    let options = schema.get("enum")?.as_array()?;
    options
        .iter()
        .find(|v| !v.is_null())
        .or(options.first())
        .cloned()
}

fn array_of<'v>(schema: &'v Map, key: &str) -> Option<&'v [Value]> {
    schema.key(key).and_then(Value::as_array).map(Vec::as_slice)
}

/// The declared type (the first that is not "null" in a type list), or one inferred from the
/// keywords present.
fn schema_type(schema: &Map) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(name)) => return Some(name),
        Some(Value::Array(names)) => {
            let mut names = names.iter().filter_map(Value::as_str);
            let first = names.clone().next();
            return names.find(|name| *name != "null").or(first);
        }
        _ => {}
    }
    let has = |keys: &[&str]| keys.iter().any(|key| schema.contains_key(*key));
    if has(&[
        "properties",
        "additionalProperties",
        "patternProperties",
        "required",
    ]) {
        Some("object")
    } else if has(&["items", "prefixItems", "minItems", "maxItems"]) {
        Some("array")
    } else if has(&["format", "pattern", "minLength", "maxLength"]) {
        Some("string")
    } else if has(&[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]) {
        Some("number")
    } else {
        None
    }
}
