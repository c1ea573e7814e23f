//! `portico check`: broken projects give the expected code at the expected line and column and
//! exit 1, in every output format; the sample portal checks clean; nothing is written.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

const SPEC_HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\n";

/// A project with `portico.toml` and the given files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[(
            "portico.toml",
            "title = \"Check\"\nbase_url = \"https://example.com/\"\n",
        )],
    );
    write_files(dir.path(), files);
    dir
}

/// `portico check --format json` in `dir`: exit code and the problems.
fn check_json(dir: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let output = run(dir, &args);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    // Every problem a project can cause has a code of its own; P0901 is for Portico's failures.
    for problem in json["problems"].as_array().unwrap() {
        assert_ne!(
            problem["code"], "P0901",
            "a problem without a code: {problem:#}"
        );
    }
    (output.status.code(), json)
}

/// The problem with `code` in a JSON report, as (file, line, column).
fn find(json: &Value, code: &str) -> (String, u64, u64) {
    let problem = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {json:#}"));
    (
        problem["file"].as_str().unwrap().to_string(),
        problem["line"].as_u64().unwrap(),
        problem["column"].as_u64().unwrap(),
    )
}

#[test]
fn the_sample_portal_checks_clean_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("0 error(s), 0 warning(s)"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("public").exists(), "check writes nothing");
    let (code, json) = check_json(dir.path(), &["--strict"]);
    assert_eq!(code, Some(0));
    assert_eq!(json["ok"], true);
    assert_eq!(json["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn wrong_yaml_indentation_is_a_syntax_error_at_its_line() {
    let spec = format!("{SPEC_HEAD}paths:\n  /pets:\n    get:\n      responses:\n     '200':\n        description: ok\n");
    let dir = project(&[("specs/pets.yaml", &spec)]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let (file, line, column) = find(&json, "P0301");
    assert_eq!(file, "specs/pets.yaml");
    assert_eq!(line, 9, "{json:#}");
    assert!(column > 0);
}

#[test]
fn a_trailing_comma_in_json_is_a_syntax_error_at_its_line_and_column() {
    let spec = "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"Pets\", \"version\": \"1\",},\n  \"paths\": {}\n}\n";
    let dir = project(&[("specs/pets.json", spec)]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(find(&json, "P0301"), ("specs/pets.json".into(), 3, 44));
}

#[test]
fn a_dangling_ref_is_reported_at_the_ref() {
    let spec = format!("{SPEC_HEAD}paths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Pett'\ncomponents:\n  schemas:\n    Pet: {{type: object}}\n");
    let dir = project(&[("specs/pets.yaml", &spec)]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let (file, line, _) = find(&json, "P0303");
    assert_eq!((file.as_str(), line), ("specs/pets.yaml", 14), "{json:#}");
}

#[test]
fn path_parameters_and_responses_are_checked() {
    let spec = format!("{SPEC_HEAD}paths:\n  /pets/{{petId}}:\n    get:\n      operationId: getPet\n  /owners:\n    get:\n      parameters:\n        - {{name: ownerId, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok}}\n");
    let dir = project(&[("specs/pets.yaml", &spec)]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    find(&json, "P0311"); // {petId} is not declared
    find(&json, "P0312"); // ownerId is not in /owners
    find(&json, "P0310"); // getPet has no responses
}

#[test]
fn a_link_to_a_renamed_operation_names_the_guide_and_line() {
    let spec = format!("{SPEC_HEAD}paths:\n  /pets:\n    get:\n      operationId: listAnimals\n      responses:\n        '200': {{description: ok}}\n");
    let dir = project(&[
        ("specs/pets.yaml", &spec),
        (
            "content/guides/start.md",
            "# Start\n\nFirst, [list the pets](/api/pets/operations/list-pets/).\n",
        ),
    ]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let (file, line, column) = find(&json, "P0207");
    assert_eq!(
        (file.as_str(), line, column),
        ("content/guides/start.md", 3, 8),
        "{json:#}"
    );
}

#[test]
fn unknown_keys_in_config_and_front_matter_have_their_codes() {
    let dir = project(&[("content/a.md", "---\ntitel: A\n---\n\nText.\n")]);
    fs::write(
        dir.path().join("portico.toml"),
        "title = \"Check\"\ncolour = \"blue\"\n",
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(find(&json, "P0103"), ("portico.toml".into(), 2, 1));
    fs::write(dir.path().join("portico.toml"), "title = \"Check\"\n").unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let (file, line, _) = find(&json, "P0204");
    assert_eq!((file.as_str(), line), ("content/a.md", 2));
}

#[test]
fn the_human_format_shows_code_place_source_line_and_hint() {
    let spec = format!("{SPEC_HEAD}paths:\n  /pets:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Nope'\n");
    let dir = project(&[("specs/pets.yaml", &spec)]);
    let output = run(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("error[P0303]: "), "{err}");
    assert!(err.contains("--> specs/pets.yaml:10:"), "{err}");
    assert!(
        err.contains("$ref: '#/components/responses/Nope'"),
        "the source line: {err}"
    );
    assert!(err.contains("= code: P0303 dangling-ref"), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
}

/// The GitHub format, parsed back: (severity, file, line, col, title, message).
fn parse_github(text: &str) -> Vec<(String, String, u64, u64, String, String)> {
    let unescape = |s: &str| {
        s.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    text.lines()
        .map(|line| {
            let rest = line.strip_prefix("::").expect("a workflow command");
            let (head, message) = rest.split_once("::").expect("command::message");
            let (severity, properties) = head.split_once(' ').expect("command properties");
            let mut file = String::new();
            let (mut l, mut c, mut title) = (0, 0, String::new());
            for property in properties.split(',') {
                let (key, value) = property.split_once('=').expect("key=value");
                match key {
                    "file" => file = unescape(value),
                    "line" => l = value.parse().unwrap(),
                    "col" => c = value.parse().unwrap(),
                    "title" => title = unescape(value),
                    other => panic!("unknown property {other}"),
                }
            }
            (severity.to_string(), file, l, c, title, unescape(message))
        })
        .collect()
}

#[test]
fn the_github_format_parses_back_to_what_json_says() {
    let spec = format!("{SPEC_HEAD}paths:\n  /pets/{{petId}}:\n    get:\n      operationId: getPet\n  /pets:\n    get:\n      operationId: getPet\n      responses:\n        '200': {{description: ok}}\n");
    let dir = project(&[("specs/pets.yaml", &spec)]);
    let output = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    let annotations = parse_github(&String::from_utf8_lossy(&output.stdout));
    let (_, json) = check_json(dir.path(), &[]);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(annotations.len(), problems.len());
    assert!(annotations.len() >= 3, "{annotations:#?}");
    for (annotation, problem) in annotations.iter().zip(problems) {
        assert_eq!(annotation.0, problem["severity"].as_str().unwrap());
        assert_eq!(annotation.1, problem["file"].as_str().unwrap());
        assert_eq!(annotation.2, problem["line"].as_u64().unwrap());
        assert_eq!(annotation.3, problem["column"].as_u64().unwrap());
        assert_eq!(
            annotation.4,
            format!(
                "{} {}",
                problem["code"].as_str().unwrap(),
                problem["name"].as_str().unwrap()
            )
        );
        assert!(annotation
            .5
            .starts_with(problem["message"].as_str().unwrap()));
    }
}

#[test]
fn strict_turns_warnings_into_failure() {
    // A duplicate operationId is a warning: pages stay apart.
    let spec = format!("{SPEC_HEAD}paths:\n  /a:\n    get:\n      operationId: same\n      responses:\n        '200': {{description: ok}}\n  /b:\n    get:\n      operationId: same\n      responses:\n        '200': {{description: ok}}\n");
    let dir = project(&[("specs/pets.yaml", &spec)]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0), "{json:#}");
    assert!(json["warnings"].as_u64().unwrap() >= 1, "{json:#}");
    find(&json, "P0306");
    let (code, json) = check_json(dir.path(), &["--strict"]);
    assert_eq!(code, Some(1));
    assert_eq!(json["ok"], false);
}

#[test]
fn external_links_are_listed_not_fetched() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    write_files(
        dir.path(),
        &[(
            "content/guides/more.md",
            "# More\n\nSee [the spec](https://spec.openapis.org/oas/v3.1.0).\n",
        )],
    );
    let output = run(dir.path(), &["check", "--list-external-links"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listed = String::from_utf8_lossy(&output.stdout);
    assert!(
        listed.contains("https://spec.openapis.org/oas/v3.1.0\tcontent/guides/more.md:3"),
        "{listed}"
    );
    assert!(listed.lines().all(|l| l.starts_with("http")), "{listed}");
}

/// A spec with one example that does not match its schema (line 14) and one operation without
/// a summary (line 23).
fn pets_with_lint_findings() -> String {
    format!(
        "{SPEC_HEAD}paths:
  /pets:
    post:
      summary: Add a pet
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Pet'
            example:
              name: Rex
              price: abc
      responses:
        '201':
          description: ok
  /pets/{{petId}}:
    parameters:
      - {{name: petId, in: path, required: true, schema: {{type: integer}}, example: 7}}
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {{type: string}}
        price: {{type: integer, example: 12}}
"
    )
}

#[test]
fn an_invalid_example_is_a_warning_at_the_example_and_fails_only_with_strict() {
    let dir = project(&[("specs/pets.yaml", &pets_with_lint_findings())]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0), "a warning by default: {json:#}");
    assert_eq!(find(&json, "P0313"), ("specs/pets.yaml".into(), 14, 13));
    let problem = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "P0313")
        .unwrap();
    assert_eq!(problem["severity"], "warning");
    assert_eq!(problem["name"], "invalid-example");
    assert_eq!(
        problem["message"],
        "example does not match its schema: `/price`: \"abc\" is not of type \"integer\""
    );
    // The other examples (a parameter's, a property's) are valid: one finding only.
    let examples = json["problems"].as_array().unwrap();
    assert_eq!(examples.iter().filter(|p| p["code"] == "P0313").count(), 1);
    assert_eq!(find(&json, "P0314"), ("specs/pets.yaml".into(), 23, 5));

    let (code, json) = check_json(dir.path(), &["--strict"]);
    assert_eq!(code, Some(1));
    assert_eq!(json["ok"], false);
}

#[test]
fn lint_rules_are_turned_up_and_down_in_portico_toml() {
    let dir = project(&[("specs/pets.yaml", &pets_with_lint_findings())]);
    let config = "title = \"Check\"\nbase_url = \"https://example.com/\"\n\n[lint]\n";
    fs::write(
        dir.path().join("portico.toml"),
        format!("{config}missing-summary = \"error\"\ninvalid-example = \"off\"\n"),
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1), "{json:#}");
    assert_eq!(find(&json, "P0314"), ("specs/pets.yaml".into(), 23, 5));
    let problems = json["problems"].as_array().unwrap();
    let summary = problems.iter().find(|p| p["code"] == "P0314").unwrap();
    assert_eq!(summary["severity"], "error");
    assert!(
        summary["message"]
            .as_str()
            .unwrap()
            .contains("GET /pets/{petId} has no summary"),
        "{summary}"
    );
    assert!(problems.iter().all(|p| p["code"] != "P0313"), "{json:#}");

    // Everything off: clean, even with --strict.
    let off = ["missing-summary", "invalid-example", "unused-components"]
        .map(|rule| format!("{rule} = \"off\"\n"))
        .concat();
    fs::write(dir.path().join("portico.toml"), format!("{config}{off}")).unwrap();
    let (code, json) = check_json(dir.path(), &["--strict"]);
    assert_eq!(
        (code, json["problems"].as_array().unwrap().len()),
        (Some(0), 0),
        "{json:#}"
    );

    // The rules that are off by default, on.
    let on = [
        "missing-description",
        "missing-examples",
        "operation-without-tag",
    ]
    .map(|rule| format!("{rule} = \"warning\"\n"))
    .concat();
    fs::write(
        dir.path().join("portico.toml"),
        format!("{config}{off}{on}"),
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0), "{json:#}");
    for code in ["P0315", "P0316", "P0318"] {
        find(&json, code);
    }
}

#[test]
fn unknown_lint_rules_and_levels_are_config_errors_at_their_line() {
    let dir = project(&[("specs/pets.yaml", &pets_with_lint_findings())]);
    fs::write(
        dir.path().join("portico.toml"),
        "title = \"Check\"\n\n[lint]\nmissing-sumary = \"error\"\n",
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(find(&json, "P0103"), ("portico.toml".into(), 4, 1));
    assert!(json["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("missing-sumary"));

    fs::write(
        dir.path().join("portico.toml"),
        "title = \"Check\"\n\n[lint]\nmissing-summary = \"loud\"\n",
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let (file, line, _) = find(&json, "P0104");
    assert_eq!((file.as_str(), line), ("portico.toml", 4), "{json:#}");
}

#[test]
fn a_build_lists_twenty_findings_of_a_rule_and_counts_the_rest_where_check_lists_all() {
    let operations: String = (0..25)
        .map(|i| {
            format!("  /op{i}:\n    get:\n      responses:\n        '200': {{description: ok}}\n")
        })
        .collect();
    let spec = format!("{SPEC_HEAD}paths:\n{operations}");
    let dir = project(&[("specs/ops.yaml", &spec)]);
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0));
    let summaries = |json: &Value| {
        json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["code"] == "P0314")
            .count()
    };
    assert_eq!(summaries(&json), 25, "check lists every one");

    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert_eq!(err.matches("warning[P0314]").count(), 21, "{err}");
    assert!(
        err.contains("5 more operations without a summary in this spec (missing-summary)"),
        "{err}"
    );
}
