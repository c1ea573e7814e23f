//! Example values generated from schemas, for bodies and responses that have no example.
//!
//! The generator is deliberately bounded: refs already being expanded are cut (a cycle yields
//! nothing rather than recursing), output nesting stops at `MAX_DEPTH`, and after
//! `MAX_NODES` generated values no further optional properties are added. A 13 MB spec with
//! mutually recursive schemas therefore still gives small, finite examples. The output depends
//! only on the input: no randomness, no clock.

use serde_json::{Map, Number, Value};

use crate::resolve::refs::{component_name, deref, pointer_segments, ref_of};

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
const MAX_DEPTH: usize = 12;
/// Values generated in one example; past it only required properties are kept (as `null`).
const MAX_NODES: usize = 2_000;
/// Recursion through refs and compositions that add no output depth (`allOf` of `allOf` ...).
const MAX_NESTING: usize = 64;
/// `minItems` is honoured up to this many items.
const MAX_ITEMS: u64 = 3;
/// `minLength` is honoured up to this many characters.
const MAX_STRING: usize = 1_024;
/// Floats are rounded to this many decimals so `multipleOf: 0.1` gives 0.3, not 0.30000000000000004.
const DECIMALS: f64 = 1e9;

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
    fn resolved(
        &mut self,
        schema: &'a Map<String, Value>,
        depth: usize,
        origin: Option<&str>,
    ) -> Value {
        match array_of(schema, "allOf") {
            Some(members) => self.all_of(schema, members, depth, origin),
            None => self.without_all_of(schema, depth),
        }
    }

    /// `allOf`: every member's example, then the schema's own, merged key by key.
    fn all_of(
        &mut self,
        schema: &'a Map<String, Value>,
        members: &'a [Value],
        depth: usize,
        origin: Option<&str>,
    ) -> Value {
        let mut merged = Value::Null;
        for member in members {
            if let Some(value) = self.generate(member, depth) {
                merged = merge(merged, value);
            }
        }
        if has_own_shape(schema)
            || array_of(schema, "oneOf").is_some()
            || array_of(schema, "anyOf").is_some()
        {
            let own = self.without_all_of(schema, depth);
            merged = merge(merged, own);
        }
        if let Some(origin) = origin {
            self.name_subtype(&mut merged, members, origin);
        }
        merged
    }

    /// A base schema with a discriminator, used through `allOf` by a subtype reached via
    /// `origin`: the discriminator property names the subtype instead of saying "string".
    fn name_subtype(&self, value: &mut Value, members: &[Value], origin: &str) {
        let Value::Object(object) = value else {
            return;
        };
        for member in members {
            let Ok(Value::Object(base)) = deref(self.document, member) else {
                continue;
            };
            if let Some((property, name)) = discriminator_value(base, origin) {
                object.insert(property, Value::String(name));
            }
        }
    }

    fn without_all_of(&mut self, schema: &'a Map<String, Value>, depth: usize) -> Value {
        match array_of(schema, "oneOf").or_else(|| array_of(schema, "anyOf")) {
            Some(variants) => self.one_of(schema, variants, depth),
            None => self.by_type(schema, depth),
        }
    }

    /// `oneOf`/`anyOf`: the first variant that is not just `null` (3.1's way of writing a
    /// nullable ref), merged into the schema's own properties, with the discriminator set.
    fn one_of(
        &mut self,
        schema: &'a Map<String, Value>,
        variants: &'a [Value],
        depth: usize,
    ) -> Value {
        let mut chosen = None;
        for variant in variants.iter().filter(|v| !is_null_only(v)) {
            // A variant that is cut (a cycle back to this schema) is passed over for the next.
            if let Some(value) = self.generate(variant, depth) {
                chosen = Some((variant, value));
                break;
            }
        }
        let Some((variant, value)) = chosen else {
            return if has_own_shape(schema) {
                self.by_type(schema, depth)
            } else {
                Value::Null
            };
        };
        // The schema's own properties come first; for scalars the variant is the more specific.
        let mut value = match (has_own_shape(schema), value) {
            (true, Value::Object(variant)) => match self.by_type(schema, depth) {
                own @ Value::Object(_) => merge(own, Value::Object(variant)),
                _ => Value::Object(variant),
            },
            (true, Value::Null) => self.by_type(schema, depth),
            (_, value) => value,
        };
        if let (Some(reference), Value::Object(object)) = (ref_of(variant), &mut value) {
            if let Some((property, name)) = discriminator_value(schema, reference) {
                object.insert(property, Value::String(name));
            }
        }
        value
    }

    fn by_type(&mut self, schema: &'a Map<String, Value>, depth: usize) -> Value {
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

    fn object(&mut self, schema: &'a Map<String, Value>, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            if self.hidden(property) {
                continue;
            }
            match self.generate(property, depth + 1) {
                Some(value) => {
                    out.insert(name.clone(), value);
                }
                None if required.contains(&name.as_str()) => {
                    out.insert(name.clone(), Value::Null);
                }
                None => {}
            }
        }
        // A map type (`additionalProperties` and nothing else) shows one sample entry.
        if properties.is_none_or(Map::is_empty) {
            if let Some(extra) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                if let Some(value) = self.generate(extra, depth + 1) {
                    out.insert("key".to_string(), value);
                }
            }
        }
        Value::Object(out)
    }

    /// readOnly properties are never sent, writeOnly ones never returned. The flag may sit on
    /// the property or on the schema its ref names.
    fn hidden(&self, property: &Value) -> bool {
        let flag = match self.direction {
            Direction::Request => "readOnly",
            Direction::Response => "writeOnly",
        };
        let set = |schema: &Value| schema.get(flag).and_then(Value::as_bool) == Some(true);
        set(property) || deref(self.document, property).is_ok_and(set)
    }

    fn array(&mut self, schema: &'a Map<String, Value>, depth: usize) -> Value {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = schema.get("maxItems").and_then(Value::as_u64);
        // `items` as an array is the pre-2020-12 spelling of `prefixItems`.
        let prefix = array_of(schema, "prefixItems").or_else(|| array_of(schema, "items"));
        let mut out = Vec::new();
        for item in prefix.into_iter().flatten() {
            if max.is_some_and(|max| out.len() as u64 >= max) {
                break;
            }
            out.push(self.generate(item, depth + 1).unwrap_or(Value::Null));
        }
        let wanted = if prefix.is_some() {
            min.min(MAX_ITEMS)
        } else {
            min.clamp(1, MAX_ITEMS)
        };
        let wanted = max.map_or(wanted, |max| wanted.min(max));
        if let Some(items) = schema.get("items").filter(|items| items.is_object()) {
            if (out.len() as u64) < wanted {
                // One example, repeated: the items are alike anyway, and it costs one node.
                if let Some(value) = self.generate(items, depth + 1) {
                    while (out.len() as u64) < wanted {
                        out.push(value.clone());
                    }
                }
            }
        }
        Value::Array(out)
    }
}

/// The schema's own example, in order of precedence: `examples[0]`, `example`, `const`,
/// `default`, then the first non-null `enum` value.
fn given_value(schema: &Map<String, Value>) -> Option<Value> {
    if let Some(first) = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return Some(first.clone());
    }
    for key in ["example", "const", "default"] {
        if let Some(value) = schema.get(key) {
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

fn array_of<'v>(schema: &'v Map<String, Value>, key: &str) -> Option<&'v [Value]> {
    schema.get(key).and_then(Value::as_array).map(Vec::as_slice)
}

/// Whether a composed schema also describes a value of its own (beside `allOf`/`oneOf`).
fn has_own_shape(schema: &Map<String, Value>) -> bool {
    [
        "type",
        "properties",
        "additionalProperties",
        "items",
        "prefixItems",
    ]
    .iter()
    .any(|key| schema.contains_key(*key))
}

/// `{"type": "null"}`: the variant that makes a 3.1 `oneOf` nullable.
fn is_null_only(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

/// The declared type (the first that is not "null" in a type list), or one inferred from the
/// keywords present.
fn schema_type(schema: &Map<String, Value>) -> Option<&str> {
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

/// Where a discriminator says `reference` is chosen: its property and the value naming it,
/// the mapping key that points to the ref, else the schema's own name.
fn discriminator_value(schema: &Map<String, Value>, reference: &str) -> Option<(String, String)> {
    let discriminator = schema.get("discriminator")?.as_object()?;
    let property = discriminator.get("propertyName")?.as_str()?;
    let name = schema_name(reference);
    let mapped = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .and_then(|mapping| {
            mapping
                .iter()
                .find(|(_, target)| target.as_str().is_some_and(|t| t == reference || t == name))
        })
        .map(|(key, _)| key.clone());
    Some((property.to_string(), mapped.unwrap_or(name)))
}

/// `#/components/schemas/Dog` → `Dog`; other pointers give their last segment.
fn schema_name(reference: &str) -> String {
    component_name(reference, "schemas")
        .or_else(|| {
            let pointer = reference.strip_prefix('#').unwrap_or(reference);
            pointer_segments(pointer).last()
        })
        .unwrap_or_default()
}

/// Merge `later` into `earlier`: objects key by key (recursively, keeping the first object's
/// key order), otherwise the first value that is not `null` stays.
fn merge(earlier: Value, later: Value) -> Value {
    match (earlier, later) {
        (Value::Object(mut into), Value::Object(from)) => {
            for (key, value) in from {
                match into.get_mut(&key) {
                    Some(existing) => *existing = merge(existing.take(), value),
                    None => {
                        into.insert(key, value);
                    }
                }
            }
            Value::Object(into)
        }
        (Value::Null, later) => later,
        (earlier, _) => earlier,
    }
}

fn string_example(schema: &Map<String, Value>) -> Value {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let base = format_example(format, schema)
        .or_else(|| content_example(schema))
        .unwrap_or_else(|| "string".to_string());
    let min = schema.get("minLength").and_then(Value::as_u64);
    let max = schema.get("maxLength").and_then(Value::as_u64);
    Value::String(fit_length(&base, min, max))
}

fn format_example(format: &str, schema: &Map<String, Value>) -> Option<String> {
    let text = match format {
        "date-time" => "2024-01-15T09:30:00Z",
        "date" => "2024-01-15",
        "time" => "09:30:00",
        "duration" => "PT1H",
        "email" | "idn-email" => "user@example.com",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "uri" | "url" | "iri" => "https://example.com",
        "uri-reference" | "iri-reference" => "/path",
        "uri-template" => "https://example.com/{id}",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "U3dhZ2dlciByb2Nrcw==",
        "binary" => BINARY,
        "password" => "********",
        "json-pointer" => "/path",
        // Numbers carried in strings (big integers, decimals) look like numbers.
        "int32" | "int64" | "integer" | "uint32" | "uint64" => {
            return Some(integer_example(schema).to_string())
        }
        "float" | "double" | "decimal" | "number" => {
            return Some(number_example(schema).to_string())
        }
        _ => return None,
    };
    Some(text.to_string())
}

/// 3.1 writes binary strings with `contentEncoding`/`contentMediaType` instead of `format`.
fn content_example(schema: &Map<String, Value>) -> Option<String> {
    if schema.get("contentEncoding").and_then(Value::as_str) == Some("base64") {
        return Some("U3dhZ2dlciByb2Nrcw==".to_string());
    }
    let media = schema.get("contentMediaType").and_then(Value::as_str)?;
    (media == "application/octet-stream").then(|| BINARY.to_string())
}

/// Pad (repeating the text) to `min` characters and cut to `max`, counting characters as JSON
/// Schema does. Padding is capped so a huge `minLength` cannot make a huge page.
fn fit_length(base: &str, min: Option<u64>, max: Option<u64>) -> String {
    let min = min.map_or(0, |min| {
        usize::try_from(min).unwrap_or(MAX_STRING).min(MAX_STRING)
    });
    let mut chars: Vec<char> = base.chars().collect();
    if chars.is_empty() {
        chars.push('x');
    }
    let mut out: Vec<char> = chars
        .iter()
        .copied()
        .cycle()
        .take(min.max(chars.len()))
        .collect();
    if let Some(max) = max.and_then(|max| usize::try_from(max).ok()) {
        out.truncate(max);
    }
    out.into_iter().collect()
}

/// The range and step a number must respect.
struct Bounds {
    /// Lowest allowed value and whether it is itself excluded.
    low: Option<(f64, bool)>,
    high: Option<(f64, bool)>,
    multiple: Option<f64>,
}

impl Bounds {
    fn of(schema: &Map<String, Value>) -> Bounds {
        let number = |key: &str| {
            schema
                .get(key)
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite())
        };
        // When both forms are given the tighter one counts.
        let low = match (number("minimum"), number("exclusiveMinimum")) {
            (Some(min), Some(ex)) if ex >= min => Some((ex, true)),
            (Some(min), _) => Some((min, false)),
            (None, ex) => ex.map(|ex| (ex, true)),
        };
        let high = match (number("maximum"), number("exclusiveMaximum")) {
            (Some(max), Some(ex)) if ex <= max => Some((ex, true)),
            (Some(max), _) => Some((max, false)),
            (None, ex) => ex.map(|ex| (ex, true)),
        };
        let multiple = number("multipleOf").filter(|m| *m > 0.0);
        Bounds {
            low,
            high,
            multiple,
        }
    }

    fn above_low(&self, x: f64) -> bool {
        self.low
            .is_none_or(|(low, excluded)| if excluded { x > low } else { x >= low })
    }

    fn below_high(&self, x: f64) -> bool {
        self.high
            .is_none_or(|(high, excluded)| if excluded { x < high } else { x <= high })
    }

    fn allows(&self, x: f64) -> bool {
        self.above_low(x) && self.below_high(x)
    }

    /// 0 when allowed, else the bound nearest to it, then moved onto a multiple if one is
    /// required and fits.
    fn pick(&self, integer: bool) -> f64 {
        let mut x = 0.0;
        if !self.above_low(x) {
            x = self
                .low
                .map_or(x, |(low, excluded)| step_above(low, excluded, integer));
        } else if !self.below_high(x) {
            x = self
                .high
                .map_or(x, |(high, excluded)| step_below(high, excluded, integer));
        }
        // A narrow float range (0 < x < 0.5): its middle.
        if !self.allows(x) && !integer {
            if let (Some((low, _)), Some((high, _))) = (self.low, self.high) {
                x = low / 2.0 + high / 2.0;
            }
        }
        if let Some(step) = self.multiple {
            let candidates = [(x / step).ceil() * step, (x / step).floor() * step];
            let fits = |c: &&f64| self.allows(**c) && (!integer || c.fract() == 0.0);
            if let Some(multiple) = candidates.iter().find(fits) {
                x = *multiple;
            }
        }
        tidy(x)
    }
}

fn step_above(low: f64, excluded: bool, integer: bool) -> f64 {
    match (integer, excluded) {
        (true, true) => low.floor() + 1.0,
        (true, false) => low.ceil(),
        (false, true) => low + 1.0,
        (false, false) => low,
    }
}

fn step_below(high: f64, excluded: bool, integer: bool) -> f64 {
    match (integer, excluded) {
        (true, true) => high.ceil() - 1.0,
        (true, false) => high.floor(),
        (false, true) => high - 1.0,
        (false, false) => high,
    }
}

/// Drop float noise from arithmetic on steps like 0.1.
fn tidy(x: f64) -> f64 {
    if x.abs() < 1e9 {
        (x * DECIMALS).round() / DECIMALS
    } else {
        x
    }
}

fn integer_example(schema: &Map<String, Value>) -> Value {
    let x = Bounds::of(schema).pick(true);
    // Integral values in i64's exact range print as integers; anything else (a bound of 1e300)
    // stays a float rather than being clamped into a wrong number.
    if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_992.0 {
        Value::Number(Number::from(x as i64))
    } else {
        float(x)
    }
}

fn number_example(schema: &Map<String, Value>) -> Value {
    float(Bounds::of(schema).pick(false))
}

fn float(x: f64) -> Value {
    Value::Number(Number::from_f64(x).unwrap_or_else(|| Number::from(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(schema: Value) -> Value {
        example(&json!({}), &schema, Direction::Request)
    }

    fn with_doc(doc: &Value, reference: &str, direction: Direction) -> Value {
        example(doc, &json!({ "$ref": reference }), direction)
    }

    /// Nesting depth of a value (a scalar is 0).
    fn depth_of(value: &Value) -> usize {
        match value {
            Value::Object(map) => 1 + map.values().map(depth_of).max().unwrap_or(0),
            Value::Array(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
            _ => 0,
        }
    }

    fn count_nodes(value: &Value) -> usize {
        match value {
            Value::Object(map) => 1 + map.values().map(count_nodes).sum::<usize>(),
            Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
            _ => 1,
        }
    }

    #[test]
    fn string_formats_have_fixed_examples() {
        let cases = [
            ("date-time", "2024-01-15T09:30:00Z"),
            ("date", "2024-01-15"),
            ("time", "09:30:00"),
            ("email", "user@example.com"),
            ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            ("uri", "https://example.com"),
            ("url", "https://example.com"),
            ("hostname", "example.com"),
            ("ipv4", "192.0.2.1"),
            ("ipv6", "2001:db8::1"),
            ("byte", "U3dhZ2dlciByb2Nrcw=="),
            ("binary", "<binary>"),
            ("password", "********"),
            ("int64", "0"),
            ("something-else", "string"),
        ];
        for (format, expected) in cases {
            assert_eq!(
                request(json!({"type": "string", "format": format})),
                json!(expected),
                "{format}"
            );
        }
        assert_eq!(request(json!({"type": "string"})), json!("string"));
        assert_eq!(
            request(json!({"type": "string", "format": "int64", "minimum": 5})),
            json!("5")
        );
        assert_eq!(
            request(json!({"type": "string", "contentEncoding": "base64"})),
            json!("U3dhZ2dlciByb2Nrcw==")
        );
    }

    #[test]
    fn string_lengths_are_respected_and_patterns_ignored() {
        assert_eq!(
            request(json!({"type": "string", "minLength": 10})),
            json!("stringstri")
        );
        assert_eq!(
            request(json!({"type": "string", "maxLength": 3})),
            json!("str")
        );
        assert_eq!(
            request(json!({"type": "string", "maxLength": 0})),
            json!("")
        );
        assert_eq!(
            request(json!({"type": "string", "pattern": "^[A-Z]{3}$"})),
            json!("string")
        );
        let huge = request(json!({"type": "string", "minLength": 100_000_000_u64}));
        assert_eq!(huge.as_str().map(str::len), Some(MAX_STRING));
        // Lengths count characters, not bytes.
        assert_eq!(
            request(json!({"type": "string", "examples": [], "enum": ["ééé"], "maxLength": 2})),
            json!("ééé"),
            "given values are used as written"
        );
        assert_eq!(
            request(json!({"format": "date", "maxLength": 4})),
            json!("2024"),
            "format alone implies a string"
        );
    }

    #[test]
    fn integers_respect_bounds_and_steps() {
        let cases = [
            (json!({"type": "integer"}), json!(0)),
            (json!({"type": "integer", "minimum": 1}), json!(1)),
            (json!({"type": "integer", "minimum": -5}), json!(0)),
            (json!({"type": "integer", "exclusiveMinimum": 0}), json!(1)),
            (
                json!({"type": "integer", "exclusiveMinimum": 2.5}),
                json!(3),
            ),
            (json!({"type": "integer", "maximum": -3}), json!(-3)),
            (
                json!({"type": "integer", "exclusiveMaximum": -3}),
                json!(-4),
            ),
            (
                json!({"type": "integer", "minimum": 1, "multipleOf": 5}),
                json!(5),
            ),
            (
                json!({"type": "integer", "minimum": 7, "maximum": 9, "multipleOf": 4}),
                json!(8),
            ),
            (json!({"type": "integer", "minimum": 1e300}), json!(1e300)),
        ];
        for (schema, expected) in cases {
            assert_eq!(request(schema.clone()), expected, "{schema}");
        }
    }

    #[test]
    fn numbers_look_like_floats() {
        let cases = [
            (json!({"type": "number"}), "0.0"),
            (json!({"type": "number", "minimum": 2}), "2.0"),
            (json!({"type": "number", "minimum": 1.5}), "1.5"),
            (
                json!({"type": "number", "exclusiveMinimum": 0, "maximum": 10}),
                "1.0",
            ),
            (
                json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 0.5}),
                "0.25",
            ),
            (
                json!({"type": "number", "minimum": 0.25, "multipleOf": 0.1}),
                "0.3",
            ),
            (json!({"type": "number", "maximum": -0.5}), "-0.5"),
        ];
        for (schema, expected) in cases {
            assert_eq!(request(schema.clone()).to_string(), expected, "{schema}");
        }
    }

    #[test]
    fn other_scalars() {
        assert_eq!(request(json!({"type": "boolean"})), json!(true));
        assert_eq!(request(json!({"type": "null"})), json!(null));
        assert_eq!(request(json!({})), json!(null));
        assert_eq!(request(json!(true)), json!(null));
        assert_eq!(request(json!("not a schema")), json!(null));
        assert_eq!(request(json!({"type": 42})), json!(null));
    }

    #[test]
    fn given_values_take_precedence_in_order() {
        let full = json!({
            "type": "string",
            "examples": ["from examples"],
            "example": "from example",
            "const": "from const",
            "default": "from default",
            "enum": ["from enum"]
        });
        assert_eq!(request(full.clone()), json!("from examples"));
        let mut schema = full;
        let steps = [
            ("examples", "from example"),
            ("example", "from const"),
            ("const", "from default"),
            ("default", "from enum"),
            ("enum", "string"),
        ];
        for (removed, expected) in steps {
            schema.as_object_mut().unwrap().remove(removed);
            assert_eq!(
                request(schema.clone()),
                json!(expected),
                "without {removed}"
            );
        }
        assert_eq!(
            request(json!({"type": ["string", "null"], "enum": [null, "b", "c"]})),
            json!("b")
        );
        assert_eq!(request(json!({"enum": [null]})), json!(null));
        assert_eq!(request(json!({"type": "integer", "default": 0})), json!(0));
        assert_eq!(
            request(json!({"type": "object", "examples": [{"a": 1}], "properties": {"b": {}}})),
            json!({"a": 1})
        );
    }

    #[test]
    fn type_arrays_pick_the_first_non_null_type() {
        assert_eq!(request(json!({"type": ["null", "integer"]})), json!(0));
        assert_eq!(
            request(json!({"type": ["string", "null"], "format": "date"})),
            json!("2024-01-15")
        );
        assert_eq!(request(json!({"type": ["null"]})), json!(null));
        assert_eq!(request(json!({"type": []})), json!(null));
    }

    #[test]
    fn types_are_inferred_from_keywords() {
        assert_eq!(
            request(json!({"properties": {"a": {"type": "boolean"}}})),
            json!({"a": true})
        );
        assert_eq!(request(json!({"items": {"type": "integer"}})), json!([0]));
        assert_eq!(request(json!({"minimum": 3})), json!(3.0));
    }

    #[test]
    fn objects_keep_property_order() {
        let schema = json!({
            "type": "object",
            "properties": {
                "zeta": {"type": "string"},
                "alpha": {"type": "integer"},
                "mid": {"type": "object", "properties": {"x": {"type": "boolean"}}}
            }
        });
        let value = request(schema);
        assert_eq!(
            value.to_string(),
            r#"{"zeta":"string","alpha":0,"mid":{"x":true}}"#
        );
    }

    #[test]
    fn read_only_and_write_only_depend_on_direction() {
        let doc = json!({"components": {"schemas": {
            "Id": {"type": "string", "readOnly": true},
            "User": {
                "type": "object",
                "required": ["id", "password"],
                "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "name": {"type": "string"},
                    "created": {"type": "string", "format": "date-time", "readOnly": true},
                    "password": {"type": "string", "format": "password", "writeOnly": true},
                    "nested": {"type": "object", "properties": {
                        "secret": {"type": "string", "writeOnly": true},
                        "etag": {"type": "string", "readOnly": true}
                    }}
                }
            }
        }}});
        let req = with_doc(&doc, "#/components/schemas/User", Direction::Request);
        assert_eq!(
            req,
            json!({"name": "string", "password": "********", "nested": {"secret": "string"}})
        );
        let res = with_doc(&doc, "#/components/schemas/User", Direction::Response);
        assert_eq!(
            res,
            json!({"id": "string", "name": "string", "created": "2024-01-15T09:30:00Z",
                   "nested": {"etag": "string"}})
        );
    }

    #[test]
    fn all_of_merges_members_key_by_key() {
        let doc = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {
                "id": {"type": "integer"},
                "meta": {"type": "object", "properties": {"a": {"type": "string"}}}
            }},
            "Extended": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "properties": {
                        "name": {"type": "string"},
                        "meta": {"type": "object", "properties": {"b": {"type": "boolean"}}}
                    }}
                ],
                "properties": {"own": {"type": "boolean"}}
            }
        }}});
        let value = with_doc(&doc, "#/components/schemas/Extended", Direction::Response);
        assert_eq!(
            value.to_string(),
            r#"{"id":0,"meta":{"a":"string","b":true},"name":"string","own":true}"#
        );
        // Scalars: the first member that gives something wins.
        assert_eq!(
            request(json!({"allOf": [{"type": "string", "format": "email"}, {"maxLength": 100}]})),
            json!("user@example.com")
        );
    }

    #[test]
    fn one_of_takes_the_first_variant_with_its_discriminator() {
        let doc = json!({"components": {"schemas": {
            "Pet": {
                "type": "object",
                "properties": {"petType": {"type": "string"}, "name": {"type": "string"}},
                "oneOf": [
                    {"$ref": "#/components/schemas/Dog"},
                    {"$ref": "#/components/schemas/Cat"}
                ],
                "discriminator": {"propertyName": "petType"}
            },
            "MappedPet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Dog"},
                    {"$ref": "#/components/schemas/Cat"}
                ],
                "discriminator": {"propertyName": "kind", "mapping": {
                    "cat": "#/components/schemas/Cat",
                    "dog": "#/components/schemas/Dog"
                }}
            },
            "Dog": {"type": "object", "properties": {"bark": {"type": "boolean"}}},
            "Cat": {"type": "object", "properties": {"lives": {"type": "integer", "default": 9}}}
        }}});
        let pet = with_doc(&doc, "#/components/schemas/Pet", Direction::Response);
        assert_eq!(
            pet.to_string(),
            r#"{"petType":"Dog","name":"string","bark":true}"#
        );
        let mapped = with_doc(&doc, "#/components/schemas/MappedPet", Direction::Response);
        assert_eq!(mapped, json!({"bark": true, "kind": "dog"}));
        // Mapping values may be bare schema names too.
        let mut doc = doc;
        doc["components"]["schemas"]["MappedPet"]["discriminator"]["mapping"] =
            json!({"woof": "Dog"});
        let mapped = with_doc(&doc, "#/components/schemas/MappedPet", Direction::Response);
        assert_eq!(mapped, json!({"bark": true, "kind": "woof"}));
    }

    #[test]
    fn subtypes_name_themselves_through_a_base_discriminator() {
        let doc = json!({"components": {"schemas": {
            "Pet": {
                "type": "object",
                "required": ["petType"],
                "properties": {"petType": {"type": "string"}},
                "discriminator": {"propertyName": "petType", "mapping": {
                    "doggo": "#/components/schemas/Dog"
                }}
            },
            "Dog": {"allOf": [
                {"$ref": "#/components/schemas/Pet"},
                {"type": "object", "properties": {"bark": {"type": "boolean"}}}
            ]},
            "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}]}
        }}});
        let dog = with_doc(&doc, "#/components/schemas/Dog", Direction::Response);
        assert_eq!(dog, json!({"petType": "doggo", "bark": true}));
        let cat = with_doc(&doc, "#/components/schemas/Cat", Direction::Response);
        assert_eq!(cat, json!({"petType": "Cat"}));
    }

    #[test]
    fn scalar_variants_are_more_specific_than_their_parent() {
        assert_eq!(
            request(json!({"type": "string", "oneOf": [{"format": "email"}, {"format": "uuid"}]})),
            json!("user@example.com")
        );
        assert_eq!(
            request(json!({"type": "integer", "anyOf": [{"type": "null"}]})),
            json!(0)
        );
    }

    #[test]
    fn nullable_variants_are_passed_over() {
        let doc = json!({"components": {"schemas": {"A": {"type": "integer", "minimum": 4}}}});
        let schema = json!({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}]});
        assert_eq!(example(&doc, &schema, Direction::Request), json!(4));
        assert_eq!(request(json!({"oneOf": [{"type": "null"}]})), json!(null));
    }

    #[test]
    fn arrays_respect_min_items_and_prefix_items() {
        assert_eq!(
            request(json!({"type": "array", "items": {"type": "string"}})),
            json!(["string"])
        );
        assert_eq!(
            request(json!({"type": "array", "minItems": 2, "items": {"type": "integer"}})),
            json!([0, 0])
        );
        assert_eq!(
            request(json!({"type": "array", "minItems": 50, "items": {"type": "integer"}})),
            json!([0, 0, 0])
        );
        assert_eq!(
            request(json!({"type": "array", "maxItems": 0, "items": {"type": "integer"}})),
            json!([])
        );
        assert_eq!(
            request(
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}]})
            ),
            json!(["string", true])
        );
        assert_eq!(
            request(json!({"type": "array", "prefixItems": [{"type": "string"}],
                           "items": {"type": "integer"}, "minItems": 3})),
            json!(["string", 0, 0])
        );
        assert_eq!(request(json!({"type": "array"})), json!([]));
    }

    #[test]
    fn maps_show_one_entry() {
        assert_eq!(
            request(json!({"type": "object", "additionalProperties": {"type": "integer"}})),
            json!({"key": 0})
        );
        assert_eq!(
            request(json!({"type": "object", "additionalProperties": true})),
            json!({})
        );
        assert_eq!(
            request(
                json!({"type": "object", "properties": {"a": {"type": "boolean"}},
                           "additionalProperties": {"type": "integer"}})
            ),
            json!({"a": true})
        );
    }

    #[test]
    fn dangling_and_external_refs_are_null() {
        let doc = json!({"components": {"schemas": {
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Holder": {"type": "object", "properties": {
                "gone": {"$ref": "#/components/schemas/Gone"},
                "far": {"$ref": "other.yaml#/X"},
                "loop": {"$ref": "#/components/schemas/Loop"}
            }}
        }}});
        assert_eq!(
            with_doc(&doc, "#/components/schemas/Gone", Direction::Request),
            json!(null)
        );
        assert_eq!(
            with_doc(&doc, "#/components/schemas/Holder", Direction::Request),
            json!({"gone": null, "far": null, "loop": null})
        );
    }

    #[test]
    fn a_ref_with_its_own_example_uses_it() {
        let doc = json!({"components": {"schemas": {
            "Money": {"type": "object", "examples": [{"amount": 100, "currency": "EUR"}]},
            "Code": {"type": "string"}
        }}});
        let schema = json!({"type": "object", "properties": {
            "price": {"$ref": "#/components/schemas/Money"},
            "code": {"$ref": "#/components/schemas/Code", "examples": ["ABC"]}
        }});
        assert_eq!(
            example(&doc, &schema, Direction::Request),
            json!({"price": {"amount": 100, "currency": "EUR"}, "code": "ABC"})
        );
    }

    #[test]
    fn self_reference_terminates() {
        let doc = json!({"components": {"schemas": {
            "Node": {
                "type": "object",
                "required": ["value", "parent"],
                "properties": {
                    "value": {"type": "integer"},
                    "parent": {"$ref": "#/components/schemas/Node"},
                    "next": {"$ref": "#/components/schemas/Node"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "byName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Node"}}
                }
            }
        }}});
        let value = with_doc(&doc, "#/components/schemas/Node", Direction::Response);
        // Required cyclic property: null; optional: left out; array: empty; map: empty.
        assert_eq!(
            value,
            json!({"value": 0, "parent": null, "children": [], "byName": {}})
        );
    }

    #[test]
    fn mutual_references_terminate() {
        let doc = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {
                "b": {"$ref": "#/components/schemas/B"},
                "name": {"type": "string"}
            }},
            "B": {"type": "object", "properties": {
                "a": {"$ref": "#/components/schemas/A"},
                "as": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
                "n": {"type": "integer"}
            }},
            "C": {"allOf": [{"$ref": "#/components/schemas/D"}]},
            "D": {"oneOf": [{"$ref": "#/components/schemas/C"}, {"type": "string"}]}
        }}});
        assert_eq!(
            with_doc(&doc, "#/components/schemas/A", Direction::Request),
            json!({"b": {"as": [], "n": 0}, "name": "string"})
        );
        // Through allOf and oneOf: the cyclic variant is passed over.
        assert_eq!(
            with_doc(&doc, "#/components/schemas/C", Direction::Request),
            json!("string")
        );
    }

    #[test]
    fn ref_chains_that_loop_terminate() {
        let doc = json!({"components": {"schemas": {
            "X": {"$ref": "#/components/schemas/Y"},
            "Y": {"$ref": "#/components/schemas/X"}
        }}});
        assert_eq!(
            with_doc(&doc, "#/components/schemas/X", Direction::Request),
            json!(null)
        );
    }

    #[test]
    fn depth_is_limited() {
        let mut schema = json!({"type": "string"});
        for _ in 0..40 {
            schema =
                json!({"type": "object", "required": ["child"], "properties": {"child": schema}});
        }
        let value = request(schema);
        assert!(depth_of(&value) <= MAX_DEPTH + 1, "{}", depth_of(&value));
        assert!(depth_of(&value) >= MAX_DEPTH, "{}", depth_of(&value));
    }

    #[test]
    fn node_count_is_limited() {
        // 20 properties, each an object of the next level: 20^12 nodes if unbounded.
        let mut doc = json!({"components": {"schemas": {}}});
        for level in 0..12 {
            let mut properties = Map::new();
            for i in 0..20 {
                let target = if level == 11 {
                    json!({"type": "string"})
                } else {
                    json!({"$ref": format!("#/components/schemas/L{}", level + 1)})
                };
                properties.insert(format!("p{i}"), target);
            }
            doc["components"]["schemas"][format!("L{level}")] =
                json!({"type": "object", "properties": properties});
        }
        let value = with_doc(&doc, "#/components/schemas/L0", Direction::Request);
        let count = count_nodes(&value);
        assert!((MAX_NODES / 2..=MAX_NODES + 50).contains(&count), "{count}");
        // Required properties are kept (as null) past the limit, still bounded.
        let mut wide = Map::new();
        for i in 0..5_000 {
            wide.insert(format!("f{i}"), json!({"type": "integer"}));
        }
        let names: Vec<String> = (0..5_000).map(|i| format!("f{i}")).collect();
        let value = request(json!({"type": "object", "properties": wide.clone()}));
        assert_eq!(value.as_object().map(Map::len), Some(MAX_NODES - 1));
        let value = request(json!({"type": "object", "properties": wide, "required": names}));
        let object = value.as_object().unwrap();
        assert_eq!(object.len(), 5_000);
        assert_eq!(object["f4999"], json!(null));
        assert_eq!(object["f0"], json!(0));
    }

    #[test]
    fn deep_composition_nesting_terminates() {
        let mut schema = json!({"type": "integer"});
        for _ in 0..200 {
            schema = json!({"allOf": [schema]});
        }
        assert_eq!(request(schema), json!(null));
    }

    #[test]
    fn output_is_deterministic() {
        let doc = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {
                "when": {"type": "string", "format": "date-time"},
                "id": {"type": "string", "format": "uuid"},
                "more": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}
            }}
        }}});
        let first = with_doc(&doc, "#/components/schemas/A", Direction::Response);
        let second = with_doc(&doc, "#/components/schemas/A", Direction::Response);
        assert_eq!(first, second);
    }
}
