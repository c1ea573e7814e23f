//! Text from a spec is untrusted: scripts, event handlers and `javascript:` URLs in every field
//! of a spec must never reach a page as markup, and a real browser must run none of them.

mod common;

use common::*;

fn build_hostile() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/hostile"), dir.path());
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let site = dir.path().join("public");
    (dir, site)
}

#[test]
fn no_markup_from_a_hostile_spec_can_run_script() {
    let (_dir, site) = build_hostile();
    let mut pages = 0;
    for (path, bytes) in tree(&site) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        let found = unsafe_markup(&html);
        assert!(found.is_empty(), "{path}: {found:#?}");
    }
    assert!(pages >= 6, "the hostile spec's pages were built");
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    // The check above would pass on an empty page; make sure it can fail.
    assert_eq!(unsafe_markup("<p>&lt;script&gt;</p>").len(), 0);
    assert_eq!(unsafe_markup("<script>alert(1)</script>").len(), 1);
    assert_eq!(unsafe_markup("<img src=x onerror=alert(1)>").len(), 1);
    assert_eq!(
        unsafe_markup("<a href=\"javascript:alert(1)\">x</a>").len(),
        1
    );
    assert_eq!(
        unsafe_markup("<a href=\" JAVASCRIPT:alert(1)\">x</a>").len(),
        1
    );
    assert_eq!(
        unsafe_markup("<script src=\"../assets/portico.js\" defer></script>").len(),
        0
    );
}

#[test]
fn the_text_is_still_shown_to_the_reader() {
    let (_dir, site) = build_hostile();
    let overview = std::fs::read_to_string(site.join("api/evil/index.html")).unwrap();
    assert!(
        overview.contains("Evil &lt;script&gt;"),
        "a hostile title is shown as text"
    );
}

#[test]
fn a_browser_opening_every_page_runs_no_script_from_the_spec() {
    let (_dir, site) = build_hostile();
    let (chromium, scripts) = match browser_setup() {
        Ok(setup) => setup,
        Err(why) => {
            loud(&format!("SKIPPED browser test xss.mjs: {why}"));
            return;
        }
    };
    let base = static_server::serve(&site);
    let mut pages: Vec<String> = tree(&site)
        .into_keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();
    // The search results show the spec's titles, summaries and excerpts.
    pages.extend(
        [
            "search/?q=alert",
            "search/?q=script%20img",
            "search/?q=onerror",
        ]
        .map(String::from),
    );
    let output = std::process::Command::new("node")
        .arg(scripts.join("xss.mjs"))
        .arg(&base)
        .args(&pages)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
