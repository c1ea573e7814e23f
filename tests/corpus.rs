//! The real-world corpus in `../shared/corpus/`: every OpenAPI 3.x document in it goes through
//! the whole pipeline (in memory) and yields exactly the operations an independent count found.
//! Skipped, loudly, when the corpus is not beside the checkout.

mod common;

use std::fs;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use portico::build::{render, BuildError, BuildOptions};

/// Print past the test harness's output capture, so that a skip is never silent.
fn loud(message: &str) {
    match fs::OpenOptions::new().write(true).open("/dev/stderr") {
        Ok(mut tty) => {
            let _ = writeln!(tty, "{message}");
        }
        Err(_) => eprintln!("{message}"),
    }
}

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
fn every_openapi_3_document_of_the_corpus_builds_with_all_its_operations() {
    let Some(rows) = manifest() else {
        loud("SKIPPED: ../shared/corpus not found beside the checkout; the corpus-wide test did not run");
        return;
    };
    let corpus = common::corpus().unwrap();
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| r.version.starts_with('3'))
        .collect();
    assert!(
        rows.len() > 100,
        "the corpus should hold 180+ OpenAPI 3 documents"
    );
    let checked = AtomicUsize::new(0);
    let failures: Vec<String> = rows
        .par_iter()
        .filter_map(|row| {
            let dir = tempfile::tempdir().unwrap();
            let spec = match multi_file_root(row) {
                Some(folder) => {
                    common::copy_tree(&corpus.join(folder), &dir.path().join("specs"));
                    format!("specs/{}", row.path.strip_prefix(folder).unwrap().trim_start_matches('/'))
                }
                None => {
                    let ext = row.path.rsplit('.').next().unwrap();
                    fs::create_dir_all(dir.path().join("specs")).unwrap();
                    fs::copy(corpus.join(&row.path), dir.path().join(format!("specs/api.{ext}"))).unwrap();
                    format!("specs/api.{ext}")
                }
            };
            let config = format!(
                "title = \"t\"\nbase_url = \"https://x.example/\"\n[[apis]]\nslug = \"api\"\nspec = \"{spec}\"\n"
            );
            fs::write(dir.path().join("portico.toml"), config).unwrap();
            let options = BuildOptions {
                root: dir.path().to_path_buf(),
                output: None,
                base_url: None,
                drafts: false,
            };
            checked.fetch_add(1, Ordering::Relaxed);
            match render(&options) {
                Ok(site) => {
                    let built = site.site.apis.first().map_or(0, |a| a.operations.len());
                    (built != row.operations).then(|| {
                        format!(
                            "{}: built {built} operations, expected {}",
                            row.path, row.operations
                        )
                    })
                }
                Err(BuildError::Project(problems)) => Some(format!(
                    "{}: {}",
                    row.path,
                    problems.iter().take(3).map(|p| p.to_string()).collect::<Vec<_>>().join(" | ")
                )),
                Err(other) => Some(format!("{}: {other}", row.path)),
            }
        })
        .collect();
    loud(&format!(
        "corpus: {} OpenAPI 3 documents built through the whole pipeline",
        checked.load(Ordering::Relaxed)
    ));
    assert!(
        failures.is_empty(),
        "{} documents failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
