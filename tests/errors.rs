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

/// A spec big enough that writing its reference takes a while: GitHub's from the shared corpus,
/// or one made up with thousands of operations.
fn big_spec() -> (&'static str, String) {
    let github = repo().join("../shared/corpus/vendor/github/api.github.com.json");
    if let Ok(text) = fs::read_to_string(&github) {
        return ("specs/big.json", text);
    }
    loud("errors.rs: no GitHub spec in ../shared/corpus, using a generated one");
    let mut paths = serde_json::Map::new();
    for i in 0..3000 {
        paths.insert(
            format!("/things{i}/{{id}}"),
            serde_json::json!({
                "get": {
                    "operationId": format!("getThing{i}"),
                    "summary": format!("Get thing {i}"),
                    "description": "Returns the thing. ".repeat(20),
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "size": {"type": "integer"}}
                    }}}}}
                }
            }),
        );
    }
    let spec = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Big", "version": "1"},
        "paths": paths,
    });
    ("specs/big.json", spec.to_string())
}

const SMALL_SPEC: &str = r#"{"openapi": "3.1.0", "info": {"title": "Big", "version": "1"},
 "paths": {"/one": {"get": {"operationId": "getOne", "responses": {"200": {"description": "OK"}}}}}}"#;

/// A `build` killed with SIGKILL while it streams pages into its staging folder: the previous
/// site stays exactly as it was, and the next build replaces it and leaves nothing behind.
#[test]
fn a_build_killed_while_writing_leaves_the_old_output_and_the_next_build_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let (spec_path, big) = big_spec();
    write_files(
        dir.path(),
        &[
            (
                "portico.toml",
                &format!(
                    "title = \"Killed\"\n\n[[apis]]\nslug = \"big\"\nspec = \"{spec_path}\"\n"
                ),
            ),
            ("content/index.md", "# Home\n\nHello.\n"),
            (spec_path, SMALL_SPEC),
        ],
    );
    let first = run(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let public = dir.path().join("public");
    let before = tree(&public);
    assert!(before.contains_key("api/big/operations/get-one/index.html"));

    fs::write(dir.path().join(spec_path), &big).unwrap();
    let staging = dir.path().join(".public.portico-new");
    let mut child = portico()
        .current_dir(dir.path())
        .arg("build")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once some pages are in the staging folder, so the build was mid-write.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let mut pages_written = 0;
    while pages_written == 0 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before it could be killed"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "no staging folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        pages_written = walkdir::WalkDir::new(&staging)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no cleanup runs
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert_eq!(
        tree(&public),
        before,
        "the previous output is byte-identical after the kill"
    );

    let next = run(dir.path(), &["build"]);
    assert!(next.status.success(), "{}", stderr(&next));
    assert_no_staging_folder(dir.path());
    let after = tree(&public);
    assert!(!after.contains_key("api/big/operations/get-one/index.html"));
    assert!(
        after.keys().filter(|k| k.contains("/operations/")).count() > 100,
        "the big reference was written"
    );
}

/// A build killed between its two renames leaves no `public/`, only the old site set aside
/// (`.public.portico-old`) and the new one staged: whatever the next build does, the site is
/// never lost.
#[test]
fn a_build_killed_between_its_renames_is_repaired_by_the_next_even_a_failing_one() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let first = run(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let public = dir.path().join("public");
    let before = tree(&public);
    let aside = dir.path().join(".public.portico-old");
    let staged = dir.path().join(".public.portico-new");
    let kill_between_renames = || {
        fs::rename(&public, &aside).unwrap();
        write_files(&staged, &[("index.html", "half")]);
    };

    // A build that fails on the project still puts the old site back.
    kill_between_renames();
    let guide = dir.path().join("content/guides/quickstart.md");
    let original = fs::read_to_string(&guide).unwrap();
    fs::write(&guide, format!("{original}\n[broken](no-such-guide.md)\n")).unwrap();
    let failed = run(dir.path(), &["build"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert_eq!(tree(&public), before, "the old site is back in place");
    assert_no_staging_folder(dir.path());

    // And a good build replaces it.
    kill_between_renames();
    fs::write(&guide, &original).unwrap();
    let next = run(dir.path(), &["build"]);
    assert!(next.status.success(), "{}", stderr(&next));
    assert_eq!(tree(&public), before);
    assert_no_staging_folder(dir.path());
}
