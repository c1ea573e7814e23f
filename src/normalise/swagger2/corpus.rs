//! The real-world corpus beside the checkout (`../shared/corpus`): every Swagger 2.0 document
//! converts without panicking, keeps its operations, and has no ref the conversion broke.
//! `cargo test --release --lib normalise::swagger2 -- --ignored`; with `SWAGGER2_DUMP=<dir>` the
//! outputs are written there as JSON, for an outside validator.

use std::path::{Path, PathBuf};

use crate::doc::Value;

use super::convert;
use super::paths::METHODS;
use super::schema::is_user_data;
use crate::keys::Keys;
use crate::uri::percent_decode;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}

fn operations(document: &Value) -> usize {
    let paths = document.key("paths").and_then(Value::as_object);
    paths
        .into_iter()
        .flat_map(|p| p.values())
        .filter_map(Value::as_object)
        .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
        .sum()
}

/// Every `$ref` outside user data.
fn refs<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    out.extend(child.as_str());
                } else if !is_user_data(key) {
                    refs(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

fn dangling(document: &Value) -> Vec<String> {
    let mut all = Vec::new();
    refs(document, &mut all);
    all.into_iter()
        .filter_map(|r| r.strip_prefix('#'))
        .filter(|f| document.pointer(&percent_decode(f)).is_none())
        .map(|f| format!("#{f}"))
        .collect()
}

#[test]
#[ignore = "needs ../shared/corpus; slow"]
fn every_swagger_2_document_of_the_corpus_converts() {
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED: ../shared/corpus not found");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap_or_default();
    let dump = std::env::var_os("SWAGGER2_DUMP").map(PathBuf::from);
    let (mut converted, mut failures) = (0, Vec::new());
    for line in manifest.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.get(2) != Some(&"2.0") {
            continue;
        }
        let (path, expected) = (cells[0], cells[6].parse::<usize>().unwrap_or(0));
        let text = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
        let input = match crate::load::spec::parse_document(&text, Path::new(path)) {
            Ok((input, _)) => input,
            Err(e) => {
                failures.push(format!("{path}: unreadable: {}", e.message));
                continue;
            }
        };
        let output = convert(&input);
        converted += 1;
        if let Some(dump) = &dump {
            let name = path.replace('/', "__") + ".json";
            let text = serde_json::to_string_pretty(&output).unwrap_or_default();
            let _ = std::fs::write(dump.join(name), text);
        }
        if output["openapi"] != "3.0.3" {
            failures.push(format!("{path}: no openapi 3.0.3"));
        }
        let count = operations(&output);
        if count != expected {
            failures.push(format!("{path}: {count} operations, manifest {expected}"));
        }
        let (before, after) = (dangling(&input).len(), dangling(&output));
        if after.len() > before {
            failures.push(format!(
                "{path}: {} dangling refs ({} in the input), e.g. {:?}",
                after.len(),
                before,
                &after[..after.len().min(3)]
            ));
        }
    }
    eprintln!("converted {converted} Swagger 2.0 documents");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
