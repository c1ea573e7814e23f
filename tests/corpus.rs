//! The real-world corpus in `../shared/corpus/`: every OpenAPI 3.x document in it goes through
//! the whole pipeline (in memory) and yields exactly the operations an independent count found.
//! Skipped, loudly, when the corpus is not beside the checkout.

mod common;

use std::fs;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use portico::build::{render, BuildError, BuildOptions};

use common::loud;

struct Row {
    path: String,
    version: String,
    operations: usize,
}

fn manifest() -> Option<Vec<Row>> {
    let corpus = common::corpus()?;
    let text = fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (path, version, operations) = (column("path"), column("version"), column("operations"));
    Some(
        lines
            .map(|line| {
                let cells: Vec<&str> = line.split('\t').collect();
                Row {
                    path: cells[path].to_string(),
                    version: cells[version].to_string(),
                    operations: cells[operations].parse().unwrap(),
                }
            })
            .collect(),
    )
}

/// Specs split across files: their whole folder is copied into the project.
fn multi_file_root(row: &Row) -> Option<&'static str> {
    row.path
        .starts_with("vendor/digitalocean/")
        .then_some("vendor/digitalocean/specification")
}

#[test]
fn every_document_of_the_corpus_builds_with_all_its_operations() {
    let Some(rows) = manifest() else {
        loud("SKIPPED: ../shared/corpus not found beside the checkout; the corpus-wide test did not run");
        return;
    };
    let corpus = common::corpus().unwrap();
    assert!(rows.len() > 600, "the corpus should hold 700 documents");
    let checked = AtomicUsize::new(0);
    let missing_files = AtomicUsize::new(0);
    let failures: Vec<String> = rows
        .par_iter()
        .filter_map(|row| {
            let dir = tempfile::tempdir().unwrap();
            copy_spec(&corpus, row, dir.path());
            let options = BuildOptions {
                root: dir.path().to_path_buf(),
                output: None,
                base_url: None,
                drafts: false,
                ..Default::default()
            };
            checked.fetch_add(1, Ordering::Relaxed);
            match render(&options) {
                Ok(site) => {
                    let built = site.stats.operations;
                    (built != row.operations).then(|| {
                        format!(
                            "{}: built {built} operations, expected {}",
                            row.path, row.operations
                        )
                    })
                }
                // Some documents refer to files the corpus does not hold: a clear error is right.
                Err(BuildError::Project(problems))
                    if problems
                        .iter()
                        .filter(|p| p.is_error())
                        .all(|p| p.message.contains(": no such file")) =>
                {
                    missing_files.fetch_add(1, Ordering::Relaxed);
                    None
                }
                Err(BuildError::Project(problems)) => Some(format!(
                    "{}: {}",
                    row.path,
                    problems
                        .iter()
                        .take(3)
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join(" | ")
                )),
                Err(other) => Some(format!("{}: {other}", row.path)),
            }
        })
        .collect();
    loud(&format!(
        "corpus: {} documents through the whole pipeline; {} refer to files the corpus lacks and fail clearly",
        checked.load(Ordering::Relaxed),
        missing_files.load(Ordering::Relaxed)
    ));
    assert!(
        failures.is_empty(),
        "{} documents failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Copy a corpus spec (with its folder when it is split across files) into a new project at
/// `dir`, with a `portico.toml` that publishes it. Returns the spec's path in the project.
fn copy_spec(corpus: &std::path::Path, row: &Row, dir: &std::path::Path) -> String {
    let spec = match multi_file_root(row) {
        Some(folder) => {
            common::copy_tree(&corpus.join(folder), &dir.join("specs"));
            format!(
                "specs/{}",
                row.path
                    .strip_prefix(folder)
                    .unwrap()
                    .trim_start_matches('/')
            )
        }
        None => {
            let ext = row.path.rsplit('.').next().unwrap();
            fs::create_dir_all(dir.join("specs")).unwrap();
            fs::copy(corpus.join(&row.path), dir.join(format!("specs/api.{ext}"))).unwrap();
            format!("specs/api.{ext}")
        }
    };
    let config = format!("title = \"t\"\nbase_url = \"https://x.example/\"\n[[apis]]\nslug = \"api\"\nspec = \"{spec}\"\n");
    fs::write(dir.join("portico.toml"), config).unwrap();
    spec
}

/// The largest and most demanding specs, always in the HTML-level sample.
const ALWAYS: &[&str] = &[
    "vendor/github/api.github.com.json",
    "vendor/stripe/spec3.2023-09-12.yaml",
    "vendor/kubernetes/swagger.json",
    "apis-guru-2020/APIs/azure.com/apimanagement-apimapis/2019-12-01-preview/swagger.yaml",
    "vendor/digitalocean/specification/DigitalOcean-public.v2.yaml",
    "oai/v3.1/webhook-example.yaml",
];

/// Every operation of a spec, listed by `../shared/tools/spec-operations.py` (independent of
/// Portico). `None` when Python or its YAML module is missing.
fn independent_operations(spec: &std::path::Path) -> Option<Vec<String>> {
    let tool = common::repo().join("../shared/tools/spec-operations.py");
    let output = std::process::Command::new("python3")
        .arg(tool)
        .arg(spec)
        .arg("--webhooks")
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// `data-operation` and `data-webhook` values of every operation and webhook page in a site.
fn rendered_operations(site: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in common::tree(site) {
        // api/<slug>/operations/<page>/index.html or api/<slug>/webhooks/<page>/index.html
        let parts: Vec<&str> = path.split('/').collect();
        let is_page =
            parts.len() == 5 && parts[0] == "api" && matches!(parts[2], "operations" | "webhooks");
        if !is_page {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let unescape = |s: String| {
            s.replace("&#x2F;", "/")
                .replace("&#x27;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        };
        for value in common::attribute_values(&html, "data-operation") {
            found.push(unescape(value));
        }
        for value in common::attribute_values(&html, "data-webhook") {
            found.push(format!("WEBHOOK {}", unescape(value)));
        }
    }
    found.sort();
    found
}

#[test]
fn a_sample_of_the_corpus_renders_every_operation_as_a_page() {
    let Some(rows) = manifest() else {
        loud("SKIPPED: ../shared/corpus not found beside the checkout; the corpus HTML sample did not run");
        return;
    };
    if independent_operations(&common::repo().join("tests/fixtures/openapi31/specs/events.yaml"))
        .is_none()
    {
        loud("SKIPPED: python3 with PyYAML is needed to list operations independently; the corpus HTML sample did not run");
        return;
    }
    let corpus = common::corpus().unwrap();
    let supported = |row: &Row| row.version.starts_with('3') || portico_reads_swagger_2();
    let sample: Vec<&Row> = rows
        .iter()
        .enumerate()
        .filter(|(i, row)| supported(row) && (ALWAYS.contains(&row.path.as_str()) || i % 25 == 0))
        .map(|(_, row)| row)
        .collect();
    let failures: Vec<String> = sample
        .par_iter()
        .filter_map(|row| {
            let dir = tempfile::tempdir().unwrap();
            let spec = copy_spec(&corpus, row, dir.path());
            let options = BuildOptions {
                root: dir.path().to_path_buf(),
                output: None,
                base_url: None,
                drafts: false,
                ..Default::default()
            };
            if let Err(e) = portico::build(&options) {
                return Some(format!("{}: build failed: {e}", row.path));
            }
            let mut expected = independent_operations(&dir.path().join(&spec))?;
            expected.sort();
            let found = rendered_operations(&dir.path().join("public"));
            (found != expected).then(|| {
                let missing: Vec<_> = expected
                    .iter()
                    .filter(|e| !found.contains(e))
                    .take(5)
                    .collect();
                let extra: Vec<_> = found
                    .iter()
                    .filter(|f| !expected.contains(f))
                    .take(5)
                    .collect();
                format!(
                    "{}: {} pages for {} operations; missing {missing:?}, unexpected {extra:?}",
                    row.path,
                    found.len(),
                    expected.len()
                )
            })
        })
        .collect();
    loud(&format!(
        "corpus HTML sample: {} specs built to disk and checked page by page",
        sample.len()
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Swagger 2.0 support is detected rather than assumed, so this file needs no edit when it lands.
fn portico_reads_swagger_2() -> bool {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("specs")).unwrap();
    fs::write(
        dir.path().join("specs/a.json"),
        r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
    )
    .unwrap();
    fs::write(dir.path().join("portico.toml"), "title = \"t\"\n").unwrap();
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        output: None,
        base_url: None,
        drafts: false,
        ..Default::default()
    };
    render(&options).is_ok()
}

/// A long build in a CI log (not a terminal) says what it is doing, one line per stage, and
/// ends with its summary. GitHub's spec builds in well under a second in release, so the test
/// shows progress from the start (`PORTICO_PROGRESS_AFTER_MS=0`); stages are polled every
/// 100 ms, so one that short may pass unseen: at least one line is required, and no redraws.
#[test]
fn a_long_build_prints_its_stages_in_a_log() {
    let Some(corpus) = common::corpus() else {
        loud("SKIPPED: ../shared/corpus not found beside the checkout; the progress-lines test did not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("specs")).unwrap();
    fs::copy(
        corpus.join("vendor/github/api.github.com.json"),
        dir.path().join("specs/github.json"),
    )
    .unwrap();
    fs::write(dir.path().join("portico.toml"), "title = \"GitHub\"\n").unwrap();
    let output = common::run_with_env(
        dir.path(),
        &["build"],
        &[("PORTICO_PROGRESS_AFTER_MS", "0")],
    );
    assert!(output.status.success(), "{}", common::stderr(&output));
    let err = common::stderr(&output);
    let stages = ["modelling specs", "rendering pages", "writing"];
    assert!(
        stages
            .iter()
            .any(|stage| err.lines().any(|line| line == format!("  {stage}…"))),
        "no stage line in: {err}"
    );
    assert!(!err.contains('\r'), "no terminal redraws in a log");
    assert!(err.contains("built 2244 pages"), "{err}");
}

/// Portico's native operation and schema pages are byte for byte what the default theme's
/// templates render, on the biggest specs and a sample of the rest (`tests/native_pages.rs`
/// holds the fixtures to it).
#[test]
fn a_sample_of_the_corpus_is_the_same_written_natively_or_by_tera() {
    let Some(rows) = manifest() else {
        loud("SKIPPED: ../shared/corpus not found beside the checkout; the corpus sample of native pages did not run");
        return;
    };
    let corpus = common::corpus().unwrap();
    let sample: Vec<&Row> = rows
        .iter()
        .enumerate()
        .filter(|(i, row)| ALWAYS.contains(&row.path.as_str()) || i % 25 == 11)
        .map(|(_, row)| row)
        .collect();
    // Specs that do not build (files the corpus lacks) are the other tests' business.
    let compared: Vec<usize> = sample
        .par_iter()
        .filter_map(|row| {
            let dir = tempfile::tempdir().unwrap();
            copy_spec(&corpus, row, dir.path());
            let sites = common::native::try_built_both_ways(dir.path())?;
            Some(common::native::assert_same_site(&row.path, &sites))
        })
        .collect();
    loud(&format!(
        "corpus: {} of {} sampled specs built natively and by Tera, {} reference pages the same",
        compared.len(),
        sample.len(),
        compared.iter().sum::<usize>()
    ));
    assert!(
        compared.len() * 10 > sample.len() * 8,
        "too few specs built"
    );
    assert!(compared.iter().sum::<usize>() > 5000);
}
