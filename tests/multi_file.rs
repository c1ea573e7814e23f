//! Specs split across files: refs relative to the referring file, at any depth, bundled into one
//! document; refs that try to leave the project are errors with file and line.

mod common;

use std::fs;

use common::*;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/multi-file"), dir.path());
    dir
}

#[test]
fn a_multi_file_spec_builds_with_every_part() {
    let dir = fixture();
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let site = dir.path().join("public/api/zoo");
    let overview = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        overview.contains("<strong>Zoo API</strong>"),
        "a description from another file"
    );
    for (page, operation) in [
        ("list-animals", "GET /animals"),
        ("get-animal", "GET /animals/{animalId}"),
    ] {
        let html = fs::read_to_string(site.join(format!("operations/{page}/index.html"))).unwrap();
        assert!(
            attribute_values(&html, "data-operation").contains(&operation.to_string()),
            "{page}"
        );
    }
    let get = fs::read_to_string(site.join("operations/get-animal/index.html")).unwrap();
    assert!(
        get.contains("<code>animalId</code>"),
        "a path-level parameter from a shared file"
    );
    let animal = fs::read_to_string(site.join("schemas/animal/index.html")).unwrap();
    assert!(
        animal.contains("array of Animal"),
        "a schema that refers to its own file (`#`) links to itself"
    );
    assert!(
        animal.contains("schemas/habitat/"),
        "a schema in a sibling file gets its own page"
    );
    let habitat = fs::read_to_string(site.join("schemas/habitat/index.html")).unwrap();
    assert!(
        habitat.contains("array of Animal"),
        "mutual refs between files stay finite"
    );
    assert!(broken_links(&dir.path().join("public")).is_empty());
}

#[test]
fn the_download_of_a_multi_file_spec_is_one_bundled_document() {
    let dir = fixture();
    assert!(run(dir.path(), &["build"]).status.success());
    let text = fs::read_to_string(dir.path().join("public/api/zoo/openapi.yaml")).unwrap();
    let bundled: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(bundled["openapi"], "3.1.0");
    assert!(
        !text.contains(".yaml#") && !text.contains("$ref: ../"),
        "no ref to another file is left:\n{text}"
    );
    assert!(bundled["components"]["schemas"]["habitat"].is_object());
}

fn build_with_ref(reference: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let spec = format!(
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '{reference}'\n"
    );
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"t\"\n"),
            ("specs/api.yaml", &spec),
        ],
    );
    let output = run(dir.path(), &["build"]);
    (output, dir)
}

#[test]
fn refs_that_leave_the_project_are_errors_naming_file_line_and_ref() {
    for reference in [
        "/etc/passwd",
        "../../../../../../etc/passwd",
        "https://evil.example/schema.yaml",
        "http://127.0.0.1:1/x.yaml#/A",
        "file:///etc/passwd",
        "missing.yaml#/Thing",
    ] {
        let (output, dir) = build_with_ref(reference);
        assert_eq!(output.status.code(), Some(1), "{reference}");
        let err = stderr(&output);
        assert!(err.contains("specs/api.yaml:14:17"), "{reference}: {err}");
        assert!(
            err.contains(
                reference
                    .split('#')
                    .next()
                    .unwrap()
                    .trim_start_matches("../../../../../../")
            ),
            "{reference}: {err}"
        );
        assert!(!dir.path().join("public").exists());
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_project_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.yaml"),
        "type: string\ndescription: SECRET-CONTENT\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"t\"\n"),
            ("specs/api.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    S:\n      $ref: 'link.yaml'\n"),
        ],
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        dir.path().join("specs/link.yaml"),
    )
    .unwrap();
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("outside the project"), "{err}");
    assert!(!err.contains("SECRET-CONTENT"));
}

#[test]
fn a_cycle_of_inlined_refs_between_files_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"t\"\n"),
            ("specs/api.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    $ref: 'a.yaml'\n"),
            ("specs/a.yaml", "$ref: 'b.yaml'\n"),
            ("specs/b.yaml", "$ref: 'a.yaml'\n"),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("cycle"), "{}", stderr(&output));
}

#[test]
fn a_parse_error_in_a_referenced_file_names_that_file() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"t\"\n"),
            ("specs/api.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    $ref: 'parts/a.yaml'\n"),
            ("specs/parts/a.yaml", "get:\n  responses: [unclosed\n"),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("specs/parts/a.yaml:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_problem_inside_a_referenced_file_is_reported_in_that_file() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"t\"\n"),
            (
                "specs/api.yaml",
                "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /items/{itemId}:\n    $ref: 'paths/item.yaml'\n",
            ),
            (
                "specs/paths/item.yaml",
                "# An item.\nget:\n  summary: Get an item\n  responses:\n    '200':\n      description: ok\n",
            ),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("path parameter {itemId} of /items/{itemId} is not declared"),
        "{err}"
    );
    assert!(
        err.contains("--> specs/paths/item.yaml:2:1"),
        "the problem is placed in the file that has it: {err}"
    );
}
