//! Portico writes the default theme's operation, schema and guide pages itself
//! (`render/pages/native`) rather than through Tera. These tests hold it to the templates: real
//! projects built both ways give the same bytes in every file, and a project that overrides one
//! of the templates those pages use gets its own template's output. The corpus sample is in
//! `corpus.rs`.

mod common;

use common::native::{assert_same_site, built_both_ways};

#[test]
fn the_sample_portal_and_the_fixtures_are_the_same_written_natively_or_by_tera() {
    let repo = common::repo();
    let mut compared = 0;
    for root in [
        repo.clone(),
        repo.join("tests/fixtures/hostile"),
        repo.join("tests/fixtures/multi-file"),
        repo.join("tests/fixtures/openapi31"),
        repo.join("tests/fixtures/swagger2"),
        repo.join("tests/fixtures/native"),
    ] {
        let pages = assert_same_site(&root.display().to_string(), &built_both_ways(&root));
        assert!(pages > 0, "{}: no reference pages compared", root.display());
        compared += pages;
    }
    assert!(compared > 100, "only {compared} reference pages compared");
}

/// An override of any template an operation or schema page is rendered with is honoured on
/// those pages: the partial for schema tables, and the base layout (which guides use too).
#[test]
fn an_overridden_template_is_used_on_operation_schema_and_guide_pages() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_sample(dir.path());
    let base = std::fs::read_to_string(common::repo().join("themes/default/templates/base.html"))
        .unwrap()
        .replace(
            "<main id=\"main\"",
            "<main data-marker=\"my-base\" id=\"main\"",
        );
    common::write_files(
        dir.path(),
        &[
            (
                "templates/partials/schema_table.html",
                "<p class=\"my-table\">{{ view.root.type_label }}</p>",
            ),
            ("templates/base.html", &base),
        ],
    );
    let [site, _] = built_both_ways(dir.path());
    let pages: Vec<(&String, String)> = site
        .iter()
        .filter(|(p, _)| {
            p.contains("/operations/") || p.contains("/schemas/") || p.starts_with("guides/")
        })
        .filter(|(p, _)| p.ends_with("index.html"))
        .map(|(p, bytes)| (p, String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    assert!(pages.len() > 50, "{} reference pages", pages.len());
    let guides = pages
        .iter()
        .filter(|(p, _)| p.starts_with("guides/"))
        .count();
    assert!(guides >= 8, "{guides} guide pages");
    for (path, html) in &pages {
        assert!(
            html.contains("data-marker=\"my-base\""),
            "{path}: not my base.html"
        );
    }
    let schema_page = pages
        .iter()
        .find(|(p, _)| p.contains("/schemas/") && p.matches('/').count() > 3)
        .expect("a schema page");
    assert!(
        schema_page.1.contains("<p class=\"my-table\">"),
        "{}: not my schema table",
        schema_page.0
    );
    assert!(!schema_page.1.contains("class=\"schema__table\""));
}
