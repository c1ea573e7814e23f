//! YAML read straight from saphyr-parser's events into a `Value`.
//!
//! yaml_serde first copies every event of a document (each scalar an owned string, with its
//! position) and only then builds the value from the copy: for Stripe's 4.2 MB spec that copy
//! was 20 MB of the build's 64 MB peak, and the detour 90 ms. Here each event goes into the
//! value as it is parsed.
//!
//! Only what specs are written in is read here: one document of mappings, sequences and
//! untagged scalars, with anchors and aliases. Anything else — a tag, a second document, nesting
//! deeper than yaml_serde allows, a spent value budget, an alias to an unknown anchor, any
//! syntax error — gives `None`, and the caller reads the text with yaml_serde (`lenient.rs`) as
//! before: the same value, or the same error at the same place. What this module gives must
//! be exactly the value yaml_serde gives; `tests` and the corpus test check it.

use std::collections::HashMap;
use std::num::ParseIntError;

use crate::doc::{Str, Value};
use saphyr_parser::{Event, Parser, ScalarStyle};

use super::exact::Pending;
use super::lenient::{float, key_text};

/// Nesting at which yaml_serde stops (it allows 128 levels); the fallback reports it.
const MAX_NESTING: usize = 127;

enum Open {
    Sequence {
        start: usize,
        anchor: usize,
        /// The budget before this node spent its own value.
        left_before: usize,
    },
    Mapping {
        start: usize,
        anchor: usize,
        left_before: usize,
        /// The key read and waiting for its value.
        key: Option<Str>,
    },
}

/// The value of `text`, or `None` when yaml_serde must read it (see the module's comment).
/// `budget` is how many values (mappings, sequences, keys and scalars, aliases counted as
/// what they copy) the document may hold, as for `lenient::Budgeted`.
pub fn parse(text: &str, budget: usize, pending: &Pending) -> Option<Value> {
    let mut open: Vec<Open> = Vec::new();
    // Each anchored value, with how many values a copy of it spends.
    let mut anchors: HashMap<usize, (Value, usize)> = HashMap::new();
    let mut left = budget;
    let mut documents = 0;
    let mut root = None;
    // A block scalar that ends a text without a line break ends with one for saphyr and
    // without one for yaml_serde (the corpus has such files): those are left to yaml_serde.
    let mut block_scalar_last = false;
    for item in Parser::new_from_str(text) {
        let (event, _) = item.ok()?;
        match &event {
            Event::Scalar(_, style, ..) => {
                block_scalar_last = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
            }
            Event::Alias(_) | Event::SequenceStart(..) | Event::MappingStart(..) => {
                block_scalar_last = false;
            }
            _ => {}
        }
        let value = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Alias(id) => {
                let (value, cost) = anchors.get(&id)?;
                left = left.checked_sub(*cost)?;
                value.clone()
            }
            Event::Scalar(scalar, style, anchor, tag) => {
                if tag.is_some() {
                    return None;
                }
                left = left.checked_sub(1)?;
                let value = match style {
                    ScalarStyle::Plain => plain(&scalar),
                    _ => Value::String(scalar.into()),
                };
                if anchor != 0 {
                    anchors.insert(anchor, (value.clone(), 1));
                }
                value
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if tag.is_some() || open.len() >= MAX_NESTING {
                    return None;
                }
                let left_before = left;
                left = left.checked_sub(1)?;
                open.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Sequence {
                        start: pending.items_start(),
                        anchor,
                        left_before,
                    }
                } else {
                    Open::Mapping {
                        start: pending.members_start(),
                        anchor,
                        left_before,
                        key: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor, left_before) = match open.pop()? {
                    Open::Sequence {
                        start,
                        anchor,
                        left_before,
                    } => (pending.array(start), anchor, left_before),
                    Open::Mapping {
                        start,
                        anchor,
                        left_before,
                        key: None,
                    } => (pending.object(start), anchor, left_before),
                    Open::Mapping { key: Some(_), .. } => return None,
                };
                if anchor != 0 {
                    anchors.insert(anchor, (value.clone(), left_before - left));
                }
                value
            }
        };
        match open.last_mut() {
            None if root.is_none() => root = Some(value),
            None => return None,
            Some(Open::Sequence { .. }) => pending.push_item(value),
            Some(Open::Mapping { key, .. }) => match key.take() {
                None => *key = Some(key_text(value)),
                Some(name) => pending.push_member(name, value),
            },
        }
    }
    if !open.is_empty() || (block_scalar_last && !text.ends_with('\n')) {
        return None;
    }
    root
}

/// An untagged plain scalar, resolved as yaml_serde resolves it: null, a boolean, an integer
/// (decimal, `0x`, `0o`, `0b`; beyond 64 bits a float), a float, else a string. Decimal digits
/// after a leading zero (`0123`) are a string, as YAML 1.2 says.
fn plain(scalar: &str) -> Value {
    match scalar {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = unsigned(scalar, u64::from_str_radix) {
        return Value::from(n);
    }
    if let Some(n) = negative(scalar, i64::from_str_radix) {
        return Value::from(n);
    }
    if let Some(n) = unsigned(scalar, u128::from_str_radix) {
        return float(n as f64);
    }
    if let Some(n) = negative(scalar, i128::from_str_radix) {
        return float(n as f64);
    }
    if !zero_then_digits(scalar) {
        if let Some(f) = decimal(scalar) {
            return float(f);
        }
    }
    Value::from(scalar)
}

type Radix<T> = fn(&str, u32) -> Result<T, ParseIntError>;

const PREFIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

/// A number with an optional `+` and a radix prefix, or decimal digits.
fn unsigned<T>(scalar: &str, parse: Radix<T>) -> Option<T> {
    let digits = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in PREFIXES {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = parse(rest, radix) {
                return Some(n);
            }
        }
    }
    if digits.starts_with(['+', '-']) || zero_then_digits(scalar) {
        return None;
    }
    parse(digits, 10).ok()
}

/// A number that `unsigned` does not read: `-0x1f` and the like, or signed decimal digits.
fn negative<T>(scalar: &str, parse: Radix<T>) -> Option<T> {
    for (prefix, radix) in PREFIXES {
        if let Some(rest) = scalar
            .strip_prefix('-')
            .and_then(|s| s.strip_prefix(prefix))
        {
            if let Ok(n) = parse(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if zero_then_digits(scalar) {
        return None;
    }
    parse(scalar, 10).ok()
}

fn zero_then_digits(scalar: &str) -> bool {
    let digits = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `.inf`, `-.inf`, `.nan` in their three spellings, or a finite decimal float.
fn decimal(scalar: &str) -> Option<f64> {
    let unsigned = match scalar.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => scalar,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    match scalar {
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// yaml_serde's value of `text`, through the reader this module stands in for.
    fn by_yaml_serde(text: &str) -> Result<Value, String> {
        let budget = std::cell::Cell::new(usize::MAX);
        let pending = Pending::default();
        serde::de::DeserializeSeed::deserialize(
            super::super::lenient::Budgeted(&budget, &pending),
            serde_yaml::Deserializer::from_str(text),
        )
        .map_err(|e| e.to_string())
    }

    fn by_events(text: &str) -> Option<Value> {
        parse(text, usize::MAX, &Pending::default())
    }

    #[test]
    fn scalars_resolve_as_yaml_serde_resolves_them() {
        let scalars = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "0",
            "-0",
            "+0",
            "00",
            "0123",
            "-0123",
            "+0123",
            "123",
            "+123",
            "-123",
            "1_000",
            "0x1F",
            "0X1F",
            "+0x1F",
            "-0x1F",
            "0x-1",
            "0x+1",
            "-0x-1",
            "0o17",
            "-0o17",
            "0o8",
            "0b101",
            "-0b101",
            "0b2",
            "0x",
            "0o",
            "0b",
            "+-1",
            "-+1",
            "++1",
            "--1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "0xFFFFFFFFFFFFFFFFFF",
            "-0xFFFFFFFFFFFFFFFFFF",
            "1.5",
            "-1.5",
            "+1.5",
            "1.",
            ".5",
            "-.5",
            "1e3",
            "1E3",
            "1e+3",
            "-1e-3",
            "1e400",
            "-1e400",
            "0.1e1",
            "00.5",
            "01.5",
            ".inf",
            ".Inf",
            ".INF",
            "+.inf",
            "-.inf",
            "-.Inf",
            "+-.inf",
            ".nan",
            ".NaN",
            ".NAN",
            "-.nan",
            "+.nan",
            "inf",
            "nan",
            "NaN",
            "infinity",
            "Infinity",
            "1_0.5",
            "0.0",
            "-0.0",
            "2001-12-14",
            "12:30:45",
            "1:20",
            "0x1p3",
            "1,000",
            "v1",
            "200",
            "4XX",
            "e3",
            "1e",
            "·",
        ];
        for scalar in scalars {
            for text in [format!("a: {scalar}\n"), format!("{scalar}: a\n")] {
                let expected = by_yaml_serde(&text);
                let found = by_events(&text);
                if let Ok(expected) = expected {
                    assert_eq!(found, Some(expected), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn documents_read_here_are_what_yaml_serde_reads() {
        let texts = [
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n",
            "a: &x {b: [1, 2, {c: d}]}\ne: *x\nf: [*x, *x]\n",
            "a: &x 1\nb: *x\nc: &x two\nd: *x\n",
            "- |\n  block\n  text\n- >\n  folded\n  text\n- 'single'\n- \"double\\n\"\n",
            "? [complex, key]\n: value\n1: one\n1.5: x\ntrue: t\nnull: n\n~: m\n",
            "a: 1\na: 2\nb:\n",
            "---\na: 1\n...\n",
            "[]\n",
            "{}\n",
            "plain\n",
            "a:\n  - b: 1\n    c:\n      - [1, [2, [3]]]\n",
            "\u{feff}a: 1\n",
            "a: |\n  ends\n  here\n",
            "a: |\n  block\nb: plain at the end",
        ];
        for text in texts {
            let expected = by_yaml_serde(text).unwrap();
            assert_eq!(by_events(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn the_rest_is_left_to_yaml_serde() {
        for text in [
            "a: !!str 1\n",
            "a: !custom x\n",
            "!!map {a: 1}\n",
            "a: 1\n---\nb: 2\n",
            "a: *unknown\n",
            "a: [1, 2\n",
            "a: b: c\n",
            &"[".repeat(200),
            "a: |\n  no line break at the end",
        ] {
            assert_eq!(by_events(text), None, "{text:?}");
        }
        // The budget counts what aliases copy.
        let text = "a: &x [1, 2, 3]\nb: [*x, *x, *x]\n";
        // 8 values written, and 3 copies of 4.
        assert!(parse(text, 19, &Pending::default()).is_none());
        assert!(parse(text, 20, &Pending::default()).is_some());
    }
}

/// Every YAML document of `../shared/corpus/` reads here as yaml_serde reads it (when the
/// corpus is beside the checkout; said loudly when it is not).
#[cfg(test)]
mod corpus {
    use rayon::prelude::*;

    use super::*;

    #[test]
    fn every_yaml_spec_of_the_corpus_reads_as_yaml_serde_reads_it() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if !corpus.is_dir() {
            eprintln!("SKIPPED: ../shared/corpus not found; YAML specs of the corpus not compared");
            return;
        }
        let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&corpus)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        let outcomes: Vec<(bool, Option<String>)> = files
            .par_iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let text = text.trim_start_matches('\u{feff}');
                let found = parse(text, usize::MAX, &Pending::default());
                let budget = std::cell::Cell::new(usize::MAX);
                let pending = Pending::default();
                let expected: Option<Value> = serde::de::DeserializeSeed::deserialize(
                    super::super::lenient::Budgeted(&budget, &pending),
                    serde_yaml::Deserializer::from_str(text),
                )
                .ok();
                let problem = match (&found, &expected) {
                    (Some(found), Some(expected)) if found != expected => {
                        Some(format!("{}: values differ", path.display()))
                    }
                    (Some(_), None) => Some(format!(
                        "{}: read here, but yaml_serde fails",
                        path.display()
                    )),
                    _ => None,
                };
                (found.is_some(), problem)
            })
            .collect();
        let read_here = outcomes.iter().filter(|(here, _)| *here).count();
        let problems: Vec<&String> = outcomes.iter().filter_map(|(_, p)| p.as_ref()).collect();
        eprintln!(
            "corpus: {read_here} of {} YAML files read from events, the rest by yaml_serde",
            files.len()
        );
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(
            read_here * 100 > files.len() * 95,
            "{read_here} of {}",
            files.len()
        );
    }
}
