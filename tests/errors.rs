//! Bad input: clear messages with file and line, exit code 1, and the previous output untouched.

mod common;

use std::fs;

use common::*;

#[test]
fn a_broken_markdown_link_fails_with_file_and_line_and_keeps_the_old_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let first = run(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&dir.path().join("public"));

    let guide = dir.path().join("content/guides/quickstart.md");
    let mut text = fs::read_to_string(&guide).unwrap();
    let line = text.lines().count() + 2;
    text.push_str("\nSee [the missing guide](no-such-guide.md) and [a bad anchor](webhooks.md#no-such-heading).\n");
    fs::write(&guide, text).unwrap();

    let second = run(dir.path(), &["build"]);
    assert_eq!(second.status.code(), Some(1));
    let err = stderr(&second);
    assert!(
        err.contains(&format!("content/guides/quickstart.md:{line}:")),
        "{err}"
    );
    assert!(err.contains("no-such-guide.md"), "{err}");
    assert!(
        err.contains("#no-such-heading"),
        "both problems are reported in one run: {err}"
    );
    assert_eq!(
        tree(&dir.path().join("public")),
        before,
        "the previous output is unchanged"
    );
    assert_no_staging_folder(dir.path());
}

/// A failed build leaves no `.public.portico-new` (or `-old`) beside the output.
fn assert_no_staging_folder(project: &std::path::Path) {
    let leftovers: Vec<_> = fs::read_dir(project)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("portico-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders left: {leftovers:?}"
    );
}

/// `build` writes pages into its staging folder as they are rendered; a template that fails on
/// the reference, after guides were written, must still leave the old site whole and no
/// staging folder behind.
#[test]
fn a_build_that_fails_after_writing_pages_keeps_the_old_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let first = run(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&dir.path().join("public"));

    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/operation.html"),
        "{% extends \"base.html\" %}{% block content %}{{ operation.no_such_field.x }}{% endblock %}",
    )
    .unwrap();
    let second = run(dir.path(), &["build"]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("operation.html"),
        "{}",
        stderr(&second)
    );
    assert_eq!(
        tree(&dir.path().join("public")),
        before,
        "the previous output is unchanged"
    );
    assert_no_staging_folder(dir.path());
}

#[test]
fn an_unknown_config_key_names_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[("portico.toml", "title = \"x\"\n\nthem = \"dark\"\n")],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("portico.toml:3:1"), "{err}");
    assert!(err.contains("unknown field `them`"), "{err}");
}

#[test]
fn front_matter_problems_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"x\"\n"),
            ("content/a.md", "---\ntitle: A\nweigth: 2\n---\nBody\n"),
            ("content/b.md", "---\nweight: heavy\n---\nBody\n"),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("content/a.md:3"), "{err}");
    assert!(err.contains("weigth"), "{err}");
    assert!(
        err.contains("content/b.md:2"),
        "both files are reported: {err}"
    );
}

#[test]
fn spec_structure_errors_are_all_reported_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "openapi: 3.0.3
info:
  title: Broken
  version: '1'
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Nope'
  /other:
    post:
      operationId: getItem
";
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"x\"\n"),
            ("specs/api.yaml", spec),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("specs/api.yaml:7:5"),
        "undeclared path parameter at the operation: {err}"
    );
    assert!(err.contains("{itemId}"), "{err}");
    assert!(
        err.contains("specs/api.yaml:15:17"),
        "dangling ref where it is written: {err}"
    );
    assert!(err.contains("#/components/schemas/Nope"), "{err}");
    assert!(
        err.contains("warning[P0306]: operationId \"getItem\" is also used by GET /items/{itemId}"),
        "duplicate operationId: {err}"
    );
    assert!(err.contains("specs/api.yaml:18:7"), "{err}");
    assert!(err.contains("POST /other has no responses"), "{err}");
    assert!(!dir.path().join("public").exists(), "nothing is written");
}

#[test]
fn a_yaml_syntax_error_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"x\"\n"),
            ("specs/api.yaml", "openapi: 3.0.3\ninfo:\n  title: [oops\n"),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("specs/api.yaml:"), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
}

#[test]
fn a_missing_project_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("portico init"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(dir.path(), &["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(run(dir.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(dir.path(), &[]).status.code(), Some(2));
}

#[test]
fn help_and_version_work() {
    let dir = tempfile::tempdir().unwrap();
    let version = run(dir.path(), &["--version"]);
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")));
    let help = run(dir.path(), &["build", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Examples:") && text.contains("--root"),
        "{text}"
    );
}

#[test]
fn output_inside_the_sources_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["build", "--output", "content"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(dir.path().join("content/guides/quickstart.md").is_file());
}

#[test]
fn colour_is_off_when_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["build"]);
    assert!(
        !stderr(&output).contains('\u{1b}'),
        "no escape codes in a pipe"
    );
}

#[test]
fn wrong_types_in_a_spec_are_errors_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "openapi: 3.0.3
info:
  title: Wrong types
  version: '1'
paths:
  /a: just a string
  /b:
    get: also a string
  /c:
    get:
      parameters:
        - description: no name and no in
      responses:
        '200':
          description: ok
";
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"x\"\n"),
            ("specs/api.yaml", spec),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for (message, at) in [
        (
            "the path item of /a must be a mapping",
            "specs/api.yaml:6:3",
        ),
        ("GET /b must be a mapping", "specs/api.yaml:8:5"),
        (
            "a parameter needs a `name` and an `in`",
            "specs/api.yaml:11:7",
        ),
    ] {
        let found = err
            .find(message)
            .unwrap_or_else(|| panic!("{message} missing: {err}"));
        assert!(
            err[found..].lines().nth(1).unwrap_or("").contains(at),
            "{message} at {at}: {err}"
        );
    }
}
