//! Examples judged without compiling their schema: most are plainly valid (an example of a leaf
//! property), and most invalid ones fail one plain assertion (a value outside an `enum`, a
//! string where an array is expected). Only the rest are given to the validator.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt::Write;

use crate::doc::{Map, Number, Value};
use crate::keys::Keys;
use crate::resolve::refs;

use super::excuses::{missing_is_excused, says_nullable};
use super::{Direction, ANNOTATIONS, MAX_DEPTH};

/// What the shortcut makes of an example.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    Valid,
    /// The failure `jsonschema` would report first, with no rule of OpenAPI's to excuse it: its
    /// instance path (a JSON pointer), its text as the validator words it, and the failing
    /// value as JSON. Decided when one assertion fails, when every failure reads the same,
    /// when all are the missing properties of one `required` (reported in its order), or when
    /// all are of plain keywords of one schema, which the validator runs in a fixed order
    /// ([`keyword_rank`]).
    Invalid {
        path: String,
        text: String,
        instance: String,
    },
    /// For the validator: a keyword the shortcut does not judge, a doubt, or failures in
    /// several schemas, which the validator's order of evaluation would choose between.
    Undecided,
}

/// The shortcut over one document, with the regular expressions it has compiled.
pub(super) struct Shortcut<'a> {
    document: &'a Value,
    patterns: Patterns,
    /// A `null` may be excused by a `nullable` on the way (3.0 and 2.0 documents).
    nullable_leniency: bool,
}

impl<'a> Shortcut<'a> {
    pub fn new(document: &'a Value, nullable_leniency: bool) -> Self {
        Shortcut {
            document,
            patterns: Patterns::default(),
            nullable_leniency,
        }
    }

    /// Judge `value` against `schema`, an example sent in `direction`.
    pub fn verdict(&self, schema: &'a Value, value: &'a Value, direction: Direction) -> Verdict {
        let mut judge = Judge::new(
            self,
            Some(Reporting {
                direction,
                path: Vec::new(),
                here: Vec::new(),
                assertion: 0,
                schemas: 0,
                schema: 0,
                fused: false,
                rank: None,
            }),
        );
        judge.visit(schema, value, 0);
        if judge.undecided || judge.failures.len() > MAX_FAILURES {
            return Verdict::Undecided;
        }
        let failures = judge.failures;
        let Some(first) = failures.first() else {
            return Verdict::Valid;
        };
        let agreed = failures.iter().all(|f| {
            f.assertion == first.assertion || (f.path == first.path && f.text == first.text)
        });
        let ranked = failures.iter().all(|f| {
            f.schema == first.schema && !f.fused && f.rank.is_some() && first.rank.is_some()
        });
        let first = if agreed {
            failures.into_iter().next()
        } else if ranked {
            // The first of the lowest rank: a rank is one keyword, met once per schema.
            let lowest = failures.iter().filter_map(|f| f.rank).min();
            failures.into_iter().find(|f| f.rank == lowest)
        } else {
            None
        };
        let Some(first) = first else {
            return Verdict::Undecided;
        };
        Verdict::Invalid {
            path: first.path,
            text: first.text,
            instance: first.instance,
        }
    }

    /// Whether `value` certainly satisfies `schema`: each keyword judged as strictly as JSON
    /// Schema or more (`1.0` is not taken for an integer, nor equal to `1`), through local
    /// `$ref`s. Any doubt is `false`.
    fn holds(&self, schema: &'a Value, value: &'a Value, depth: usize) -> bool {
        let mut judge = Judge::new(self, None);
        judge.visit(schema, value, depth);
        !judge.undecided && judge.failures.is_empty()
    }

    #[cfg(test)]
    pub fn certainly_valid(&self, schema: &'a Value, value: &'a Value) -> bool {
        self.holds(schema, value, 0)
    }
}

/// A failure of one assertion.
struct Failure {
    /// Which assertion failed, in the order they were met.
    assertion: usize,
    /// The schema (one visit of one) whose keyword failed, and whether the validator fuses
    /// some of its keywords into one (`items` with `type` and `minItems`).
    schema: usize,
    fused: bool,
    /// Where the validator runs the keyword among those of its schema ([`keyword_rank`]).
    rank: Option<u8>,
    path: String,
    text: String,
    instance: String,
}

/// What a judge that reports failures keeps track of.
struct Reporting<'a> {
    direction: Direction,
    /// The instance's path so far: property names and item indexes.
    path: Vec<String>,
    /// The schemas that apply to the current part of the instance, outermost first: what
    /// OpenAPI's excuses look at ([`super::excuses`]).
    here: Vec<&'a Value>,
    /// Assertions met so far, to tell apart the failures of one from those of several.
    assertion: usize,
    /// Schemas visited so far.
    schemas: usize,
    /// The current assertion's schema (its number), whether that schema has keywords the
    /// validator fuses, and the keyword's rank.
    schema: usize,
    fused: bool,
    rank: Option<u8>,
}

/// One walk of a schema and a value.
struct Judge<'s, 'a> {
    shortcut: &'s Shortcut<'a>,
    /// `None` when only validity matters (inside `anyOf` and `oneOf`): failures are counted,
    /// not worded.
    reporting: Option<Reporting<'a>>,
    failures: Vec<Failure>,
    undecided: bool,
}

/// Failures past which a reporting judge stops: they are most likely of several assertions.
const MAX_FAILURES: usize = 16;

impl<'s, 'a> Judge<'s, 'a> {
    fn new(shortcut: &'s Shortcut<'a>, reporting: Option<Reporting<'a>>) -> Self {
        Judge {
            shortcut,
            reporting,
            failures: Vec::new(),
            undecided: false,
        }
    }

    /// Nothing this walk can still find changes its verdict.
    fn settled(&self) -> bool {
        let enough = match self.reporting {
            Some(_) => MAX_FAILURES,
            None => 0,
        };
        self.undecided || self.failures.len() > enough
    }

    fn doubt(&mut self) {
        self.undecided = true;
    }

    /// Record that `value` fails the current assertion, worded by `text` (given the value as
    /// JSON) as `jsonschema` words it, unless OpenAPI excuses it. `missing` names the property
    /// a `required` found missing.
    fn fail(&mut self, value: &Value, missing: Option<&str>, text: impl FnOnce(&str) -> String) {
        let Some(reporting) = &self.reporting else {
            self.failures.push(Failure {
                assertion: 0,
                schema: 0,
                fused: false,
                rank: None,
                path: String::new(),
                text: String::new(),
                instance: String::new(),
            });
            return;
        };
        let document = self.shortcut.document;
        let lenient_null = value.is_null() && self.shortcut.nullable_leniency;
        if lenient_null && reporting.here.iter().any(|s| says_nullable(s)) {
            return;
        }
        if let Some(property) = missing {
            if missing_is_excused(document, &reporting.here, property, reporting.direction) {
                return;
            }
        }
        let instance = value.to_string();
        let mut path = String::new();
        for segment in &reporting.path {
            path.push('/');
            path.push_str(&segment.replace('~', "~0").replace('/', "~1"));
        }
        self.failures.push(Failure {
            assertion: reporting.assertion,
            schema: reporting.schema,
            fused: reporting.fused,
            rank: reporting.rank,
            path,
            text: text(&instance),
            instance,
        });
    }

    /// Judge `value`, the part of the instance at `segment` below the current one.
    fn visit_below(&mut self, segment: &str, schema: &'a Value, value: &'a Value, depth: usize) {
        let above = self.reporting.as_mut().map(|reporting| {
            reporting.path.push(segment.to_string());
            std::mem::take(&mut reporting.here)
        });
        self.visit(schema, value, depth);
        if let (Some(reporting), Some(above)) = (&mut self.reporting, above) {
            reporting.path.pop();
            reporting.here = above;
        }
    }

    fn visit(&mut self, schema: &'a Value, value: &'a Value, depth: usize) {
        let map = match schema {
            Value::Bool(true) => return,
            // `false` is worded after the keyword that holds it (`additionalProperties`).
            Value::Bool(false) => return self.doubt(),
            Value::Object(map) => map,
            _ => return self.doubt(),
        };
        if depth > MAX_DEPTH {
            return self.doubt();
        }
        let mut number = 0;
        if let Some(reporting) = &mut self.reporting {
            reporting.here.push(schema);
            reporting.schemas += 1;
            number = reporting.schemas;
        }
        let fused = map.contains_key("items");
        for (key, rule) in map {
            if self.settled() {
                break;
            }
            if let Some(reporting) = &mut self.reporting {
                reporting.assertion += 1;
                reporting.schema = number;
                reporting.fused = fused;
                reporting.rank = keyword_rank(key.as_str());
            }
            self.keyword(map, key.as_str(), rule, value, depth);
        }
        if let Some(reporting) = &mut self.reporting {
            reporting.here.pop();
        }
    }

    /// Judge `value` against one keyword of a schema, `map`.
    fn keyword(
        &mut self,
        map: &'a Map,
        key: &str,
        rule: &'a Value,
        value: &'a Value,
        depth: usize,
    ) {
        let shortcut = self.shortcut;
        let holds = |schema: &'a Value| shortcut.holds(schema, value, depth + 1);
        match key {
            "$ref" => match rule
                .as_str()
                .and_then(|reference| refs::lookup(shortcut.document, reference).ok())
            {
                Some(target) => self.visit(target, value, depth + 1),
                None => self.doubt(),
            },
            "type" => match rule {
                Value::String(name) if is_of_type(value, name) => {}
                Value::String(name) if is_not_of_type(value, name) => {
                    self.fail(value, None, |v| format!(r#"{v} is not of type "{name}""#));
                }
                Value::Array(names)
                    if names
                        .iter()
                        .any(|name| name.as_str().is_some_and(|name| is_of_type(value, name))) => {}
                // Several types are worded in the validator's order of types.
                _ => self.doubt(),
            },
            "enum" => match rule {
                Value::Array(allowed) => match any_same(allowed, value) {
                    Some(true) => {}
                    Some(false) => self.fail(value, None, |v| enum_message(v, allowed)),
                    None => self.doubt(),
                },
                _ => self.doubt(),
            },
            "const" => match same(rule, value) {
                Some(true) => {}
                Some(false) => self.fail(value, None, |_| format!("{rule} was expected")),
                None => self.doubt(),
            },
            "uniqueItems" => match (rule, value) {
                (Value::Bool(true), Value::Array(items)) => match repeats(items) {
                    Some(false) => {}
                    Some(true) => {
                        self.fail(value, None, |v| format!("{v} has non-unique elements"))
                    }
                    None => self.doubt(),
                },
                (Value::Bool(_), _) => {}
                _ => self.doubt(),
            },
            "allOf" => match rule {
                Value::Array(all) => {
                    for schema in all {
                        self.visit(schema, value, depth + 1);
                    }
                }
                _ => self.doubt(),
            },
            "anyOf" => {
                let any = rule.as_array().is_some_and(|any| any.iter().any(holds));
                if !any {
                    self.doubt();
                }
            }
            // Exactly one: one alternative plainly holds and each other one plainly fails.
            "oneOf" => {
                let one = rule.as_array().is_some_and(|alternatives| {
                    alternatives.iter().filter(|s| holds(s)).count() == 1
                        && alternatives
                            .iter()
                            .filter(|s| !certainly_invalid(shortcut.document, s, value, depth + 1))
                            .count()
                            == 1
                });
                if !one {
                    self.doubt();
                }
            }
            "pattern" => match (rule, value) {
                (Value::String(pattern), Value::String(text)) => {
                    match shortcut.patterns.matches(pattern, text) {
                        Some(true) => {}
                        Some(false) => self.fail(value, None, |v| {
                            format!(r#"{v} does not match "{pattern}""#)
                        }),
                        None => self.doubt(),
                    }
                }
                (Value::String(_), _) => {}
                _ => self.doubt(),
            },
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                match (value, rule) {
                    (Value::Number(number), Value::Number(limit)) => {
                        match within(key, limit, number) {
                            Some(true) => {}
                            Some(false) => self.fail(value, None, |v| {
                                let relation = match key {
                                    "minimum" => "less than the minimum",
                                    "maximum" => "greater than the maximum",
                                    "exclusiveMinimum" => "less than or equal to the minimum",
                                    _ => "greater than or equal to the maximum",
                                };
                                format!("{v} is {relation} of {limit}")
                            }),
                            None => self.doubt(),
                        }
                    }
                    (_, Value::Number(_)) => {}
                    _ => self.doubt(),
                }
            }
            "minLength" | "maxLength" | "minItems" | "maxItems" => {
                let Some(limit) = rule.as_u64() else {
                    return self.doubt();
                };
                let (length, unit) = match value {
                    Value::String(text) if key.ends_with("Length") => {
                        (text.chars().count(), "character")
                    }
                    Value::Array(items) if key.ends_with("Items") => (items.len(), "item"),
                    // The keyword does not apply to other values.
                    _ => return,
                };
                let minimum = key.starts_with("min");
                let length = length as u64;
                if (minimum && length < limit) || (!minimum && length > limit) {
                    let plural = if limit == 1 { "" } else { "s" };
                    let relation = match (minimum, unit) {
                        (true, "character") => "is shorter than",
                        (false, "character") => "is longer than",
                        (true, _) => "has less than",
                        (false, _) => "has more than",
                    };
                    self.fail(value, None, |v| {
                        format!("{v} {relation} {limit} {unit}{plural}")
                    });
                }
            }
            // `items` does not apply to other values than arrays (nor is a broken subschema
            // reported: a schema that does not compile is skipped).
            "items" => {
                if let Value::Array(items) = value {
                    for (i, item) in items.iter().enumerate() {
                        if self.settled() {
                            return;
                        }
                        self.visit_below(&i.to_string(), rule, item, depth + 1);
                    }
                }
            }
            "required" => match (rule, value) {
                (Value::Array(names), Value::Object(fields)) => {
                    for name in names {
                        match name.as_str() {
                            Some(text) if fields.contains_key(text) => {}
                            Some(missing) => self.fail(value, Some(missing), |_| {
                                format!("{name} is a required property")
                            }),
                            None => self.doubt(),
                        }
                    }
                }
                (Value::Array(_), _) => {}
                _ => self.doubt(),
            },
            "properties" => match (rule, value) {
                (Value::Object(properties), Value::Object(fields)) => {
                    for (name, field) in fields {
                        if self.settled() {
                            return;
                        }
                        if let Some(schema) = properties.get(name) {
                            self.visit_below(name, schema, field, depth + 1);
                        }
                    }
                }
                (Value::Object(_), _) => {}
                _ => self.doubt(),
            },
            "additionalProperties" => {
                if let Value::Object(fields) = value {
                    let declared = map.key("properties").and_then(Value::as_object);
                    let extra = fields
                        .iter()
                        .filter(|(name, _)| !declared.is_some_and(|d| d.contains_key(*name)));
                    if rule == &Value::Bool(false) {
                        let names: Vec<String> =
                            extra.map(|(name, _)| format!("'{name}'")).collect();
                        if !names.is_empty() {
                            let verb = if names.len() == 1 { "was" } else { "were" };
                            self.fail(value, None, |_| {
                                let names = names.join(", ");
                                format!("Additional properties are not allowed ({names} {verb} unexpected)")
                            });
                        }
                        return;
                    }
                    for (name, field) in extra {
                        if self.settled() {
                            return;
                        }
                        self.visit_below(name, rule, field, depth + 1);
                    }
                }
            }
            // Formats are not asserted (see `validator::compile`), nor are defaults; a
            // discriminator is OpenAPI's, not JSON Schema's, and so is a `nullable` that
            // normalising left (the validator ignores it; a `null` it allows is excused
            // after validating). Definitions only hold schemas for refs.
            other => {
                let asserts_nothing = other.starts_with("x-")
                    || ANNOTATIONS.contains(&other)
                    || matches!(
                        other,
                        "format"
                            | "default"
                            | "discriminator"
                            | "nullable"
                            | "definitions"
                            | "$defs"
                    );
                if !asserts_nothing {
                    self.doubt();
                }
            }
        }
    }
}

/// Whether two values are equal as JSON Schema compares them (numbers by value: `1` equals
/// `1.0`; objects whatever the order of their members); `None` when that is in doubt (two
/// numbers that are equal as floats but not both integers).
fn same(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => order(x, y).map(Ordering::is_eq),
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all_same(x.iter().zip(y))
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut pairs = Vec::with_capacity(x.len());
            for (name, member) in x {
                match y.get(name) {
                    Some(other) => pairs.push((member, other)),
                    None => return Some(false),
                }
            }
            all_same(pairs.into_iter())
        }
        _ => Some(a == b),
    }
}

/// Whether every pair is the same: `Some(false)` as soon as one certainly differs.
fn all_same<'v>(pairs: impl Iterator<Item = (&'v Value, &'v Value)>) -> Option<bool> {
    let mut certain = true;
    for (a, b) in pairs {
        match same(a, b) {
            Some(false) => return Some(false),
            Some(true) => {}
            None => certain = false,
        }
    }
    certain.then_some(true)
}

/// Whether `value` is the same as one of `options`.
fn any_same(options: &[Value], value: &Value) -> Option<bool> {
    let mut certain = true;
    for option in options {
        match same(option, value) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => certain = false,
        }
    }
    certain.then_some(false)
}

/// The most items `uniqueItems` is judged on: pairs are compared one by one.
const MAX_UNIQUE_ITEMS: usize = 256;

/// Whether two of `items` are the same.
fn repeats(items: &[Value]) -> Option<bool> {
    if items.len() > MAX_UNIQUE_ITEMS {
        return None;
    }
    let mut certain = true;
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            match same(a, b) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => certain = false,
            }
        }
    }
    certain.then_some(false)
}

/// Where `jsonschema` runs a keyword among those of one schema, for the keywords that assert on
/// the value itself (lower first: `jsonschema::keywords::keyword_priority`, which runs cheap
/// checks first). The agreement test holds the shortcut to the validator's choice.
fn keyword_rank(key: &str) -> Option<u8> {
    Some(match key {
        "type" => 1,
        "const" => 5,
        "enum" => 6,
        "minimum" => 10,
        "maximum" => 11,
        "exclusiveMinimum" => 12,
        "exclusiveMaximum" => 13,
        "minLength" => 20,
        "maxLength" => 21,
        "minItems" => 22,
        "maxItems" => 23,
        "required" => 26,
        "pattern" => 30,
        "uniqueItems" => 35,
        _ => return None,
    })
}

/// `"x" is not one of "a", "b" or 6 other candidates`, as `jsonschema` words it.
fn enum_message(instance: &str, allowed: &[Value]) -> String {
    const SHOWN: usize = 3;
    let mut text = format!("{instance} is not one of ");
    if allowed.len() <= SHOWN {
        for (i, option) in allowed.iter().enumerate() {
            let separator = match i {
                0 => "",
                _ if i == allowed.len() - 1 => " or ",
                _ => ", ",
            };
            let _ = write!(text, "{separator}{option}");
        }
    } else {
        for (i, option) in allowed.iter().take(SHOWN - 1).enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            let _ = write!(text, "{separator}{option}");
        }
        let _ = write!(text, " or {} other candidates", allowed.len() - (SHOWN - 1));
    }
    text
}

/// Whether `number` satisfies the bound `key` (`minimum`, `exclusiveMaximum`, …) of `limit`;
/// `None` when that is in doubt ([`order`]).
fn within(key: &str, limit: &Number, number: &Number) -> Option<bool> {
    let order = order(number, limit)?;
    Some(match key {
        "minimum" => order.is_ge(),
        "maximum" => order.is_le(),
        "exclusiveMinimum" => order.is_gt(),
        _ => order.is_lt(),
    })
}

/// How `a` compares with `b` as JSON Schema compares numbers, when that is certain: integers
/// exactly; otherwise as floats, and only a strict difference counts (rounding to a float never
/// reverses an order, but it may make two numbers equal).
fn order(a: &Number, b: &Number) -> Option<Ordering> {
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(a), Some(b), _, _) => Some(a.cmp(&b)),
        (_, _, Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => {
            let (a, b) = (a.as_f64()?, b.as_f64()?);
            a.partial_cmp(&b).filter(|order| order.is_ne())
        }
    }
}

/// Regular expressions as `jsonschema` compiles them (ECMA-262 translated by `jsonschema_regex`,
/// then `fancy_regex`), each compiled once, so that a string the shortcut takes for a match is
/// one the validator takes too. Schemas with a `pattern` are most of those left to compile
/// otherwise (AWS's specs: 26 of 27).
#[derive(Default)]
struct Patterns(RefCell<HashMap<String, Option<fancy_regex::Regex>>>);

impl Patterns {
    /// Whether `text` matches `pattern`; `None` when the pattern does not compile or matching
    /// fails (a backtracking limit), which the validator decides.
    fn matches(&self, pattern: &str, text: &str) -> Option<bool> {
        let mut cache = self.0.borrow_mut();
        if !cache.contains_key(pattern) {
            let regex = jsonschema_regex::to_rust_regex(pattern)
                .ok()
                .and_then(|translated| fancy_regex::Regex::new(&translated).ok());
            cache.insert(pattern.to_string(), regex);
        }
        let regex = cache.get(pattern)?.as_ref()?;
        // The regex engine has panicked on some patterns (rust-lang/regex#1344); that is an
        // undecided example, not a failed build.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| regex.is_match(text)))
            .ok()?
            .ok()
    }
}

/// Whether `value` certainly fails `schema`, as JSON Schema judges it: a `type` it is not of, a
/// missing `required` property, a string, boolean or null outside an `enum` or `const`, or such
/// a failure in a property or an `allOf` member. Only `oneOf` asks this, of its alternatives.
pub(super) fn certainly_invalid(
    document: &Value,
    schema: &Value,
    value: &Value,
    depth: usize,
) -> bool {
    let map = match schema {
        Value::Bool(accepts) => return !*accepts,
        Value::Object(map) => map,
        _ => return false,
    };
    if depth > MAX_DEPTH {
        return false;
    }
    let invalid =
        |schema: &Value, value: &Value| certainly_invalid(document, schema, value, depth + 1);
    // Numbers compare by value in JSON Schema (`1` equals `1.0`): only these are exact.
    let exact = matches!(value, Value::String(_) | Value::Bool(_) | Value::Null);
    map.iter().any(|(key, rule)| match key.as_str() {
        "$ref" => rule
            .as_str()
            .and_then(|reference| refs::lookup(document, reference).ok())
            .is_some_and(|target| invalid(target, value)),
        "type" => match rule {
            Value::String(name) => is_not_of_type(value, name),
            Value::Array(names) => names.iter().all(|name| {
                name.as_str()
                    .is_some_and(|name| is_not_of_type(value, name))
            }),
            _ => false,
        },
        "enum" => {
            exact
                && rule
                    .as_array()
                    .is_some_and(|allowed| !allowed.contains(value))
        }
        "const" => exact && rule != value,
        "required" => match (rule, value) {
            (Value::Array(names), Value::Object(fields)) => names
                .iter()
                .any(|name| name.as_str().is_some_and(|name| !fields.contains_key(name))),
            _ => false,
        },
        "properties" => match (rule, value) {
            (Value::Object(properties), Value::Object(fields)) => {
                fields.iter().any(|(name, field)| {
                    properties
                        .get(name)
                        .is_some_and(|schema| invalid(schema, field))
                })
            }
            _ => false,
        },
        "allOf" => rule
            .as_array()
            .is_some_and(|all| all.iter().any(|schema| invalid(schema, value))),
        _ => false,
    })
}

/// The contrary of [`is_of_type`] where JSON Schema is sure: `1.0` may be an integer.
fn is_not_of_type(value: &Value, name: &str) -> bool {
    match name {
        "integer" => match value {
            Value::Number(n) => n.as_f64().is_some_and(|f| f.fract() != 0.0),
            _ => true,
        },
        "null" | "boolean" | "object" | "array" | "string" | "number" => !is_of_type(value, name),
        _ => false,
    }
}

/// JSON Schema's `type`, with an integer only when serde_json parsed it as one.
fn is_of_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => false,
    }
}
