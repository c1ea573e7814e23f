//! Inputs that once crashed, hung or exhausted memory (found by the targets in `fuzz/`), and the
//! `[limits]` of `portico.toml`: each goes through the same code as `build` and must end in a
//! result or a diagnostic with its file and line, never a panic.

use std::path::Path;
use std::time::{Duration, Instant};

use portico::diagnostics::Diagnostic;
use portico::doc::Value;
use portico::load::config::{self, Limits};
use portico::load::spec::{self, Format};
use portico::resolve::bundle;

/// A project holding `portico.toml` (with `limits` as its `[limits]` table) and `files`.
fn project(limits: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let toml = format!("title = \"Limits\"\n[limits]\n{limits}");
    std::fs::write(dir.path().join("portico.toml"), toml).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// What `build` does with the project's one spec up to bundling, with the limits of its
/// `portico.toml`: the spec's value and every problem.
fn load_and_bundle(root: &Path) -> Result<Value, Vec<Diagnostic>> {
    let config = config::load(root)?;
    let mut problems = Vec::new();
    // Every YAML file under specs/ is a candidate; the root document is `specs/api.yaml`.
    let candidates = spec::candidates(root, &config, &mut problems);
    let candidate = candidates
        .iter()
        .find(|c| c.file == Path::new("specs/api.yaml"))
        .expect("specs/api.yaml is a candidate");
    let (text, value, format) = candidate.read(root).map_err(|d| vec![d])?;
    let source = candidate.source(text, value, format);
    let bundled = bundle::bundle_with(
        root,
        &source.file,
        source.value,
        &source.limits,
        &mut problems,
    );
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(bundled.document)
}

fn one_error(result: Result<Value, Vec<Diagnostic>>) -> Diagnostic {
    let mut problems = result.expect_err("the input is over a limit");
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems.remove(0)
}

/// A YAML spec whose `x-deep` value nests `levels` mappings in all (the top level counts).
fn nested_yaml(levels: usize) -> String {
    let mut text =
        String::from("openapi: 3.1.0\ninfo: {title: Deep, version: '1'}\npaths: {}\nx-deep:\n");
    for level in 2..levels {
        text.push_str(&"  ".repeat(level - 1));
        text.push_str("a:\n");
    }
    text.push_str(&"  ".repeat(levels - 1));
    text.push_str("leaf: 1\n");
    text
}

#[test]
fn a_spec_larger_than_max_spec_bytes_is_refused_with_the_limit_and_a_hint() {
    let spec = "openapi: 3.1.0\ninfo: {title: Big, version: '1'}\npaths: {}\n";
    let size = spec.len();
    let dir = project(
        &format!("max-spec-bytes = {}\n", size - 1),
        &[("specs/api.yaml", spec)],
    );
    let error = one_error(load_and_bundle(dir.path()));
    assert_eq!(error.file, Path::new("specs/api.yaml"));
    assert!(
        error
            .message
            .contains(&format!("limit of {} bytes", size - 1)),
        "{error}"
    );
    assert!(error.hint.unwrap().contains("max-spec-bytes"));

    let dir = project(
        &format!("max-spec-bytes = {size}\n"),
        &[("specs/api.yaml", spec)],
    );
    assert!(load_and_bundle(dir.path()).is_ok());
}

#[test]
fn a_file_reached_by_ref_respects_max_spec_bytes_too() {
    let root = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: 'big.yaml'}\n";
    let big = format!(
        "get:\n  description: '{}'\n  responses: {{}}\n",
        "x".repeat(500)
    );
    let files = [("specs/api.yaml", root), ("specs/big.yaml", big.as_str())];
    let dir = project("max-spec-bytes = 200\n", &files);
    let error = one_error(load_and_bundle(dir.path()));
    assert_eq!(error.file, Path::new("specs/big.yaml"));
    assert!(error.message.contains("limit of 200 bytes"), "{error}");
    let dir = project("max-spec-bytes = 1000\n", &files);
    assert!(load_and_bundle(dir.path()).is_ok());
}

#[test]
fn a_spec_nested_deeper_than_max_depth_is_an_error_at_its_line() {
    let spec = nested_yaml(41);
    let dir = project("max-depth = 40\n", &[("specs/api.yaml", &spec)]);
    let error = one_error(load_and_bundle(dir.path()));
    assert!(
        error.message.contains("nested deeper than 40 levels"),
        "{error}"
    );
    // Lines 5 to 43 hold the 39 `a:` keys of levels 2 to 40; the 41st level is the value of
    // the last one, reported at its key.
    assert_eq!(
        (error.file.as_path(), error.line),
        (Path::new("specs/api.yaml"), 43),
        "{error}"
    );
    assert!(error.hint.unwrap().contains("max-depth"));

    let dir = project("max-depth = 41\n", &[("specs/api.yaml", &spec)]);
    assert!(load_and_bundle(dir.path()).is_ok());
}

#[test]
fn a_file_inlined_by_ref_counts_towards_max_depth_where_it_lands() {
    // Each file nests 4 levels or less; inlined under `paths./a`, the mapping under `c` is at
    // level 7 of the bundle.
    let root =
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: 'deep.yaml'}\n";
    let deep = "get:\n  x-a:\n    b:\n      c:\n        d: 1\n  responses: {}\n";
    let files = [("specs/api.yaml", root), ("specs/deep.yaml", deep)];
    let dir = project("max-depth = 6\n", &files);
    let error = one_error(load_and_bundle(dir.path()));
    assert!(
        error.message.contains("nested deeper than 6 levels"),
        "{error}"
    );
    assert_eq!(
        (error.file.as_path(), error.line),
        (Path::new("specs/deep.yaml"), 4),
        "{error}"
    );
    assert!(error.hint.unwrap().contains("max-depth"));

    let dir = project("max-depth = 7\n", &files);
    let bundled = load_and_bundle(dir.path()).unwrap();
    assert_eq!(bundled["paths"]["/a"]["get"]["x-a"]["b"]["c"]["d"], 1);
}

#[test]
fn nesting_beyond_the_parsers_bound_is_an_error_not_a_stack_overflow() {
    let file = Path::new("specs/api.json");
    let max = Limits::PARSER_DEPTH;
    // The top-level object is level 1, so the arrays reach level `max + 1`.
    let over = format!("{{\"x\": {}{}}}", "[".repeat(max), "]".repeat(max));
    let error = spec::parse_document(&over, file).unwrap_err();
    assert!(
        error.message.contains("nested deeper than 127 levels"),
        "{error}"
    );
    assert_eq!((error.line, error.column > max), (1, true), "{error}");
    let fits = format!("{{\"x\": {}{}}}", "[".repeat(max - 1), "]".repeat(max - 1));
    assert_eq!(spec::parse_document(&fits, file).unwrap().1, Format::Json);
    // yaml_serde reads one level more than serde_json: the same bound holds for YAML.
    let yaml = Path::new("specs/api.yaml");
    let over = format!(
        "openapi: 3.1.0\nx: {}{}\n",
        "[".repeat(max),
        "]".repeat(max)
    );
    let error = spec::parse_document(&over, yaml).unwrap_err();
    assert!(
        error.message.contains("nested deeper than 127 levels"),
        "{error}"
    );
    assert_eq!(error.line, 2, "{error}");
    let fits = format!(
        "openapi: 3.1.0\nx: {}{}\n",
        "[".repeat(max - 1),
        "]".repeat(max - 1)
    );
    assert_eq!(spec::parse_document(&fits, yaml).unwrap().1, Format::Yaml);

    let deep = format!(
        "openapi: 3.1.0\nx: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let error = spec::parse_document(&deep, Path::new("specs/api.yaml")).unwrap_err();
    assert!(
        error.message.contains("nested deeper than 127 levels"),
        "{error}"
    );
    assert_eq!(error.line, 2, "{error}");
}

#[test]
fn refs_inlined_across_files_stop_at_max_ref_chain() {
    // api.yaml → p1.yaml → p2.yaml → … → p5.yaml: five refs inlined inside each other.
    let mut files = vec![(
        "specs/api.yaml".to_string(),
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: 'p1.yaml'}\n"
            .to_string(),
    )];
    for i in 1..5 {
        files.push((
            format!("specs/p{i}.yaml"),
            format!("$ref: 'p{}.yaml'\n", i + 1),
        ));
    }
    files.push((
        "specs/p5.yaml".into(),
        "get: {responses: {'204': {description: done}}}\n".into(),
    ));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = project("max-ref-chain = 4\n", &files);
    let error = one_error(load_and_bundle(dir.path()));
    assert!(
        error.message.contains("inside more than 4 other refs"),
        "{error}"
    );
    assert_eq!(
        (error.file.as_path(), error.line),
        (Path::new("specs/p4.yaml"), 1),
        "{error}"
    );
    assert!(error.hint.unwrap().contains("max-ref-chain"));

    let dir = project("max-ref-chain = 5\n", &files);
    let bundled = load_and_bundle(dir.path()).unwrap();
    assert_eq!(
        bundled["paths"]["/a"]["get"]["responses"]["204"]["description"],
        "done"
    );
}

#[test]
fn local_ref_chains_stop_at_the_given_length() {
    let doc = portico::json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"type": "string"}});
    use portico::resolve::refs::{deref_within, RefError};
    assert!(matches!(
        deref_within(&doc, &doc["a"], 2),
        Err(RefError::Cycle(_))
    ));
    assert_eq!(deref_within(&doc, &doc["a"], 3).unwrap()["type"], "string");
}

/// An anchor of `items` values repeated by `aliases` aliases: the document grows by their
/// product, quadratically in its size, which yaml_serde's own guard lets through.
fn alias_bomb(items: usize, aliases: usize) -> String {
    let mut text = String::from(
        "openapi: 3.1.0\ninfo: {title: Bomb, version: '1'}\npaths: {}\nx-items: &items\n",
    );
    for i in 0..items {
        text.push_str(&format!("  - {i}\n"));
    }
    text.push_str("x-copies:\n");
    for _ in 0..aliases {
        text.push_str("  - *items\n");
    }
    text
}

#[test]
fn yaml_aliases_may_add_at_most_max_yaml_alias_values() {
    // 2,000 aliases of 101 values (the list and its items): 202,000 values added.
    let spec = alias_bomb(100, 2000);
    let dir = project(
        "max-yaml-alias-values = 10000\n",
        &[("specs/api.yaml", &spec)],
    );
    let error = one_error(load_and_bundle(dir.path()));
    assert!(
        error
            .message
            .contains("beyond the limit of 10000 added values"),
        "{error}"
    );
    assert!(
        error.line > 105,
        "the error is where the aliases are: {error}"
    );
    assert!(error.hint.unwrap().contains("max-yaml-alias-values"));

    let dir = project(
        "max-yaml-alias-values = 300000\n",
        &[("specs/api.yaml", &spec)],
    );
    let value = load_and_bundle(dir.path()).unwrap();
    assert_eq!(value["x-copies"].as_array().unwrap().len(), 2000);
}

#[test]
fn quadratic_alias_expansion_fails_fast_with_the_default_limit() {
    // 60 KB of YAML that would expand to 100 million values.
    let spec = alias_bomb(10_000, 10_000);
    let started = Instant::now();
    let error = spec::parse_document(&spec, Path::new("specs/api.yaml")).unwrap_err();
    assert!(error.message.contains("YAML aliases expand"), "{error}");
    assert!(error.line > 0, "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_billion_laughs_fails_fast_with_a_clear_error() {
    let mut spec = String::from(
        "openapi: 3.1.0\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..10 {
        let previous = format!("*l{}", level - 1);
        let items = [previous.as_str(); 10].join(", ");
        spec.push_str(&format!("l{level}: &l{level} [{items}]\n"));
    }
    let started = Instant::now();
    let error = spec::parse_document(&spec, Path::new("specs/api.yaml")).unwrap_err();
    assert!(error.message.contains("YAML aliases expand"), "{error}");
    assert!(error.line > 1, "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
