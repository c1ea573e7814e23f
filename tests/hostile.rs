//! Text from a spec is untrusted: scripts, event handlers and `javascript:`/`data:` URLs in every
//! field of a spec (`specs/evil.yaml` for 3.0, `specs/evil31.yaml` for what only 3.1 has and the
//! rest of the fields) must never reach a page as markup, and a real browser must run none of
//! them. Guides' front matter (titles, descriptions, a section's) and a guide's file name are
//! shown as text too.

mod common;

use common::*;

fn build_hostile() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/hostile"), dir.path());
    // Written here rather than kept in the fixture: not every file system accepts the name.
    write_files(
        dir.path(),
        &[(
            "content/guides/\"><img src=x onerror=alert('file-name')>.md",
            "Untitled: the title comes from the file name.\n",
        )],
    );
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
    assert!(
        pages >= 18,
        "the hostile specs' and guides' pages were built: {pages}"
    );
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    // The check above would pass on an empty page; make sure it can fail.
    assert_eq!(unsafe_markup("<p>&lt;script&gt;</p>").len(), 0);
    assert_eq!(unsafe_markup("<script>alert(1)</script>").len(), 1);
    assert_eq!(unsafe_markup("<img src=x onerror=alert(1)>").len(), 1);
    assert_eq!(
        unsafe_markup("<td style=\"text-align: left\">1</td>").len(),
        1
    );
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
fn front_matter_and_file_names_are_shown_as_text() {
    let (_dir, site) = build_hostile();
    for (page, shown) in [
        (
            "guides/front-matter/index.html",
            "<title>Guide &lt;/title&gt;&lt;script&gt;alert(&#39;fm-title&#39;)&lt;/script&gt;",
        ),
        (
            "guides/front-matter/index.html",
            "content=\"&quot;&gt;&lt;img src=x onerror=alert(&#39;fm-desc&#39;)&gt; &lt;/script&gt;&lt;!--",
        ),
        (
            "guides/index.html",
            "<title>&lt;svg onload=alert(&#39;section-title&#39;)&gt;",
        ),
        (
            "guides/img-src-x-onerror-alert-file-name/index.html",
            "<title>&quot;&gt;&lt;img src=x onerror=alert(",
        ),
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains(shown), "{page} shows {shown} as text:\n{html}");
    }
    let evil31 = tree(&site.join("api/evil31"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count();
    assert!(evil31 >= 7, "the 3.1 spec's pages were built: {evil31}");
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
            // Guides: their titles and descriptions come from front matter.
            "search/?q=guide%20title",
            "search/?q=webhook",
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
