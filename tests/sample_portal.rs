//! The sample portal in the repository root, built the way a newcomer would build it.

mod common;

use std::fs;

use common::*;

fn build_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["build"]);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        stderr(&output)
    );
    let site = dir.path().join("public");
    (dir, site)
}

#[test]
fn every_page_of_the_sample_portal_is_built() {
    let (_dir, site) = build_sample();
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "guides/index.html",
        "guides/quickstart/index.html",
        "guides/authentication/index.html",
        "guides/checkout-flow/index.html",
        "guides/entitlements/index.html",
        "guides/webhooks/index.html",
        "guides/errors-and-pagination/index.html",
        "api/streamline/index.html",
        "api/streamline/schemas/index.html",
        "api/streamline/openapi.yaml",
        "assets/style.css",
        "assets/highlight.css",
        "assets/portico.js",
    ] {
        assert!(site.join(page).is_file(), "{page} is missing");
    }
    // The downloadable spec is the spec itself.
    assert_eq!(
        fs::read(site.join("api/streamline/openapi.yaml")).unwrap(),
        fs::read(repo().join("specs/streamline.yaml")).unwrap()
    );
}

#[test]
fn every_operation_has_a_page_with_its_data_operation_attribute() {
    let (_dir, site) = build_sample();
    let expected = spec_operations(&repo().join("specs/streamline.yaml"));
    assert!(
        expected.len() >= 25,
        "the sample spec should have at least 25 operations"
    );
    let mut found = Vec::new();
    for entry in fs::read_dir(site.join("api/streamline/operations")).unwrap() {
        let html = fs::read_to_string(entry.unwrap().path().join("index.html")).unwrap();
        let ops = attribute_values(&html, "data-operation");
        assert_eq!(ops.len(), 1, "one operation per page");
        found.push(
            ops[0]
                .replace("&#x2F;", "/")
                .replace("&#x7B;", "{")
                .replace("&#x7D;", "}"),
        );
    }
    found.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(found, expected_sorted);
    // The overview lists every operation too.
    let overview = fs::read_to_string(site.join("api/streamline/index.html")).unwrap();
    assert_eq!(
        attribute_values(&overview, "data-operation").len(),
        expected.len()
    );
}

#[test]
fn every_schema_has_a_page() {
    let (_dir, site) = build_sample();
    let text = fs::read_to_string(repo().join("specs/streamline.yaml")).unwrap();
    let spec: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    assert!(schemas.len() >= 20);
    for name in schemas.keys() {
        let slug = portico::slug::kebab(name);
        let page = site.join(format!("api/streamline/schemas/{slug}/index.html"));
        let html =
            fs::read_to_string(&page).unwrap_or_else(|_| panic!("no page for schema {name}"));
        assert!(html.contains(&format!("data-schema=\"{name}\"")), "{name}");
    }
}

#[test]
fn all_internal_links_resolve() {
    let (_dir, site) = build_sample();
    let broken = broken_links(&site);
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn guides_render_markdown_features_and_highlighted_code() {
    let (_dir, site) = build_sample();
    let quickstart = fs::read_to_string(site.join("guides/quickstart/index.html")).unwrap();
    assert!(
        quickstart.contains("class=\"hl-"),
        "code is highlighted with classes"
    );
    assert!(!quickstart.contains("style=\""), "no inline styles");
    assert!(quickstart.contains("class=\"toc\""), "a table of contents");
    assert!(quickstart.contains("<h2 id=\""), "headings carry anchors");
    // Links between guides became page URLs.
    assert!(
        !quickstart.contains(".md\""),
        "no link to a .md file is left"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let a = dir.path().join("out-a");
    let b = dir.path().join("out-b");
    for out in [&a, &b] {
        let output = run(dir.path(), &["build", "--output", out.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between two builds");
    }
}

#[test]
fn the_summary_line_counts_pages_operations_and_schemas() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["build"]);
    let err = stderr(&output);
    let ops = spec_operations(&repo().join("specs/streamline.yaml")).len();
    assert!(err.contains(&format!("{ops} operations")), "{err}");
    assert!(err.contains(" schemas) in "), "{err}");
}

#[test]
fn a_sub_path_base_url_keeps_links_relative_and_the_sitemap_absolute() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(
        dir.path(),
        &["build", "--base-url", "https://example.com/docs/"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let site = dir.path().join("public");
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.com/docs/guides/quickstart/</loc>"),
        "{sitemap}"
    );
    let guide = fs::read_to_string(site.join("guides/quickstart/index.html")).unwrap();
    for href in attribute_values(&guide, "href") {
        assert!(
            !href.starts_with('/'),
            "root-absolute link {href} would break under /docs/"
        );
    }
    // The 404 page is served at any depth, so its links start from the base path.
    let not_found = fs::read_to_string(site.join("404.html")).unwrap();
    assert!(
        not_found.contains("href=\"/docs/assets/style.css\""),
        "{not_found}"
    );
}
