//! Hostile input and faults: whatever a project holds, `portico` ends on its own (no panic, no
//! signal, no hang), reads nothing outside the project, and either fails with a clear message
//! naming the file (and its line and column where the input has one), exit code 1 and no output
//! folder left behind, or renders the site correctly.
//!
//! Every run is a subprocess under a 60-second limit (killed and failed after it), its peak
//! memory measured; a stack overflow or a panic shows as a failed assertion.
//! Script injection through specs and front matter is `tests/hostile.rs` (static and in Chromium).
//!
//! | class | input | expected outcome (asserted) |
//! |---|---|---|
//! | alias bomb | billion laughs (10⁹ leaves) in a spec | error `specs/bomb.yaml:L:C` "YAML aliases expand the document beyond the limit", < 1 GB, no output |
//! | alias bomb | billion laughs in front matter | error `content/bomb.md:L:C`, < 1 GB, no output |
//! | huge | 50 MB spec (1,000 operations, 50 KB of prose each) | builds (≈25 s debug, ≈480 MB; limit 180 s), < 1 GB, every operation has its page |
//! | deep JSON | 10,000 nested arrays in a `.json` spec | error `specs/deep.json:1:C` (recursion limit), no output |
//! | deep YAML | 10,000 nested flow sequences in a `.yaml` spec | error `specs/deep.yaml:6:C` "nested deeper than", no output |
//! | deep YAML block | 10,000 nested block mappings | error `specs/deep.yaml:L:C` on the first line past the parsers' depth (134), "nested deeper than", no output |
//! | deep schema | a schema nested 10,000 levels through `properties` (YAML) | error `specs/deep.yaml:14:C` "nested deeper than", no output |
//! | deep refs | 10,000 named schemas, each a property of the previous | builds, < 1 GB |
//! | cycles | self, through allOf/oneOf/anyOf/additionalProperties/not, between files | builds; the row that contains its schema is marked "recursive" |
//! | cycles | through items; mutual; a ref into the middle of a schema | builds; "array of Node" links to its own page; each links to the other; expanded once |
//! | cycles | a schema, parameter, response or path item that is only a ref to itself (directly, through another, through files) | error `P0305` at each ref's file:line:col, no output |
//! | leaving the project | `$ref` by absolute path, `..`, `file://`, to a secret outside | error `specs/api.yaml:L:C` naming the ref; the secret appears nowhere |
//! | leaving the project | `http://` / `https://` refs | error naming the ref; a listener on the named port gets no connection |
//! | leaving the project | a symlinked spec, folder or guide pointing outside | error "outside the project" naming the link; the secret appears nowhere |
//! | leaving the project | `apis.spec` in portico.toml outside the project | error `portico.toml:L:C` |
//! | leaving the project | front matter `slug: ../../x`, `/abs`, `..` | no file is written outside the output folder (today: the slug is slugified into a folder of public/) |
//! | invalid UTF-8 | in a spec, a guide body, front matter | error `file:L:C` "not valid UTF-8", no output |
//! | invalid UTF-8 | in portico.toml | error `P0202` at `portico.toml:L:C` "not valid UTF-8", no output |
//! | empty files | empty spec | error `P0302` naming it, no output |
//! | empty files | empty guide, guide with empty front matter | builds (title from the file name) |
//! | empty files | empty portico.toml | error `portico.toml:1:1` "missing field `title`", no output |
//! | binary | a PNG in content/ | copied beside the pages, byte for byte |
//! | binary | random bytes named `.md` | error `content/random.md:L:C` "not valid UTF-8" |
//! | slugs | two guides that slugify alike; a front matter slug taking another's URL | error naming both files |
//! | slugs | two operations with one operationId; `getPet`/`get_pet` | builds with a warning `P0306`, one page each |
//! | slugs | tags that slugify alike | builds, each tag its own page with its own operations |
//! | slugs | two specs with the same slug (`pets.json`, `pets.yaml`; two `[[apis]]`) | error `P0307` naming `specs/pets.yaml`; `portico.toml:4:8` |
//! | slugs | a static file where a page is generated | error `P0501` naming the static file |
//! | script URLs in guides | `javascript:`, `vbscript:`, `data:` (not an image) Markdown links and images, any case, spaces, tab entities | error `P0210 unsafe-link` at each link's file:line:col, no output |
//! | data images in guides | `![x](data:image/png;base64,…)` | renders as written |
//! | the harness | `serve` (never ends) under a 3-second limit | killed; the test fails |
//! | limits | `[limits] max-spec-bytes = 10`, `max-depth = 6` in portico.toml | `build` and `check` fail at the spec with the limit; the defaults build it |
//! | limits | a chain of 70 local refs to refs | error `P0305` "chain of more than 64 refs" with the key to raise; builds with `max-ref-chain = 100` |

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::*;

const LIMIT: Duration = Duration::from_secs(60);
/// A generous ceiling: the sample portal builds in well under 200 MB.
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;

fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("tests/fixtures/hostile-inputs").join(name),
        dir.path(),
    );
    dir
}

fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let target = dir.path().join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
    dir
}

fn build(dir: &Path) -> Bounded {
    run_bounded(dir, &["build"], LIMIT)
}

fn check(dir: &Path) -> Bounded {
    run_bounded(dir, &["check"], LIMIT)
}

/// A failed build wrote nothing: no output folder, no staging folder beside it.
fn assert_nothing_written(case: &str, dir: &Path) {
    assert!(!dir.join("public").exists(), "{case}: public/ was written");
    let leftovers: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("portico-"))
        .collect();
    assert!(leftovers.is_empty(), "{case}: left behind {leftovers:?}");
}

/// `build` fails with every needle in its messages and writes nothing; `check` agrees.
fn assert_fails(case: &str, dir: &Path, needles: &[&str]) -> Bounded {
    let built = build(dir);
    built.assert_error(case, needles);
    assert_nothing_written(case, dir);
    check(dir).assert_error(&format!("{case} (check)"), needles);
    built
}

const SPEC_HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n";

fn one_operation_spec(schema: &str) -> String {
    format!(
        "{SPEC_HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{schema}"
    )
}

// ---------------------------------------------------------------------------------------------
// Alias bombs

#[test]
fn a_billion_laughs_spec_fails_fast_in_bounded_memory() {
    let dir = fixture("alias-bomb-spec");
    let built = assert_fails(
        "alias bomb in a spec",
        dir.path(),
        &[
            // With a line: the alias where the budget ran out.
            "--> specs/bomb.yaml:",
            "YAML aliases expand the document beyond the limit",
        ],
    );
    assert!(
        built.peak_rss_kib < MEMORY_LIMIT_KIB,
        "peak {} KiB",
        built.peak_rss_kib
    );
}

#[test]
fn a_billion_laughs_front_matter_fails_fast_in_bounded_memory() {
    let dir = fixture("alias-bomb-front-matter");
    let built = assert_fails(
        "alias bomb in front matter",
        dir.path(),
        &["content/bomb.md:"],
    );
    assert!(
        built.peak_rss_kib < MEMORY_LIMIT_KIB,
        "peak {} KiB",
        built.peak_rss_kib
    );
}

// ---------------------------------------------------------------------------------------------
// Huge and deep documents

#[test]
fn a_fifty_megabyte_spec_builds_within_the_limit() {
    let operations = 1_000;
    let prose = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(900);
    let mut spec = String::from(SPEC_HEAD);
    spec.push_str("paths:\n");
    for i in 0..operations {
        spec.push_str(&format!(
            "  /items{i}:\n    get:\n      operationId: op{i}\n      description: '{prose}'\n      responses:\n        '200':\n          description: ok\n"
        ));
    }
    assert!(spec.len() > 50_000_000, "{} bytes", spec.len());
    let dir = project(&[
        ("portico.toml", b"title = \"Huge\"\n"),
        ("specs/huge.yaml", spec.as_bytes()),
    ]);
    // A debug build takes about 25 s on two busy cores: the limit leaves room for a slower
    // machine and still catches a hang.
    let built = run_bounded(dir.path(), &["build"], Duration::from_secs(180));
    built.assert_success("50 MB spec");
    assert!(
        built.peak_rss_kib < MEMORY_LIMIT_KIB,
        "peak {} KiB",
        built.peak_rss_kib
    );
    let pages = fs::read_dir(dir.path().join("public/api/huge/operations"))
        .unwrap()
        .count();
    assert_eq!(pages, operations);
}

const DEPTH: usize = 10_000;

#[test]
fn ten_thousand_levels_of_json_fail_with_a_position() {
    let deep = format!(
        "{{\"openapi\": \"3.1.0\", \"info\": {{\"title\": \"T\", \"version\": \"1\"}}, \"x-deep\": {}{}}}",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    let dir = project(&[
        ("portico.toml", b"title = \"Deep\"\n"),
        ("specs/deep.json", deep.as_bytes()),
    ]);
    assert_fails("10,000 levels of JSON", dir.path(), &["specs/deep.json:1:"]);
}

#[test]
fn ten_thousand_levels_of_yaml_flow_fail_with_a_position() {
    let deep = format!(
        "{SPEC_HEAD}paths: {{}}\nx-deep: {}{}\n",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    let dir = project(&[
        ("portico.toml", b"title = \"Deep\"\n"),
        ("specs/deep.yaml", deep.as_bytes()),
    ]);
    assert_fails(
        "10,000 levels of YAML flow",
        dir.path(),
        &["specs/deep.yaml:6:", "nested deeper than"],
    );
}

#[test]
fn ten_thousand_levels_of_yaml_blocks_fail_with_a_position() {
    let mut deep = format!("{SPEC_HEAD}paths: {{}}\nx-deep:\n");
    for level in 1..DEPTH {
        deep.push_str(&" ".repeat(level));
        deep.push_str("a:\n");
    }
    deep.push_str(&" ".repeat(DEPTH));
    deep.push_str("end\n");
    let dir = project(&[
        ("portico.toml", b"title = \"Deep\"\n"),
        ("specs/deep.yaml", deep.as_bytes()),
    ]);
    // The head, `paths` and `x-deep:` (whose mapping is level 2), then one level per line:
    // the error points at the line after the deepest level the parsers read.
    let deepest_read = SPEC_HEAD.lines().count() + 2 + portico::load::config::Limits::PARSER_DEPTH;
    let at = format!("specs/deep.yaml:{}:", deepest_read + 1);
    assert_fails(
        "10,000 levels of YAML blocks",
        dir.path(),
        &[&at, "nested deeper than"],
    );
}

#[test]
fn a_schema_nested_ten_thousand_levels_fails_with_a_position() {
    let schema = format!(
        "                {}{{type: string}}{}\n",
        "{type: object, properties: {a: ".repeat(DEPTH),
        "}}".repeat(DEPTH)
    );
    let dir = project(&[
        ("portico.toml", b"title = \"Deep\"\n"),
        ("specs/deep.yaml", one_operation_spec(&schema).as_bytes()),
    ]);
    assert_fails(
        "a schema nested 10,000 levels",
        dir.path(),
        &["specs/deep.yaml:14:", "nested deeper than"],
    );
}

/// Nesting the parser never sees: each schema is small, but they refer to each other in a chain
/// as deep as the one above, which the model, samples and examples walk.
#[test]
fn a_chain_of_ten_thousand_refs_builds() {
    let mut spec = one_operation_spec("                $ref: '#/components/schemas/S0'\n");
    spec.push_str("components:\n  schemas:\n");
    for i in 0..DEPTH {
        spec.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n        next:\n          $ref: '#/components/schemas/S{}'\n",
            i + 1
        ));
    }
    spec.push_str(&format!("    S{DEPTH}:\n      type: string\n"));
    let dir = project(&[
        ("portico.toml", b"title = \"Chain\"\n"),
        ("specs/chain.yaml", spec.as_bytes()),
    ]);
    let built = build(dir.path());
    built.assert_success("a chain of 10,000 refs");
    assert!(
        built.peak_rss_kib < MEMORY_LIMIT_KIB,
        "peak {} KiB",
        built.peak_rss_kib
    );
    assert!(dir
        .path()
        .join("public/api/chain/schemas/s9999/index.html")
        .is_file());
}

// ---------------------------------------------------------------------------------------------
// Cycles

fn cycle_project(shape: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("portico.toml"), "title = \"Cycles\"\n").unwrap();
    let source = repo()
        .join("tests/fixtures/hostile-inputs/cycles")
        .join(shape);
    if source.is_dir() {
        copy_tree(&source, &dir.path().join("specs"));
    } else {
        copy_tree(&source, &dir.path().join("specs/api.yaml"));
    }
    dir
}

/// Each shape builds, and the schema's own page shows where it contains itself: a row marked
/// "recursive", or (for a schema that is a list of itself) its type linking to its own page.
#[test]
fn recursive_schemas_of_every_shape_render_marked() {
    let recursive = "badge--recursive";
    let cases: [(&str, &str, &str); 10] = [
        ("self-property.yaml", "node", recursive),
        ("through-allOf.yaml", "node", recursive),
        ("through-oneOf.yaml", "node", recursive),
        ("through-anyOf.yaml", "node", recursive),
        ("through-additionalProperties.yaml", "node", recursive),
        ("through-not.yaml", "node", recursive),
        ("between-files", "b", recursive),
        (
            "through-items.yaml",
            "node",
            "schemas/node/\">array of Node</a>",
        ),
        // Neither encloses the other on one page: each links to the other's page.
        ("mutual-property.yaml", "node", "schemas/other/\""),
        // A ref into the middle of a schema: expanded once, then cut.
        ("deep-pointer.yaml", "node", "<code>again</code>"),
    ];
    for (shape, schema, mark) in cases {
        let dir = cycle_project(shape);
        build(dir.path()).assert_success(shape);
        let site = dir.path().join("public");
        let page = site.join(format!("api/api/schemas/{schema}/index.html"));
        let html = fs::read_to_string(&page).unwrap_or_else(|e| panic!("{shape}: {e}"));
        assert!(html.contains(mark), "{shape}: {mark} missing from\n{html}");
        assert!(broken_links(&site).is_empty(), "{shape}");
    }
}

#[test]
fn refs_that_are_only_themselves_are_errors_at_the_ref() {
    let cases: [(&str, &[&str]); 7] = [
        ("self-alias.yaml", &["specs/api.yaml:19:7"]),
        (
            "mutual-alias.yaml",
            &["specs/api.yaml:19:7", "specs/api.yaml:21:7"],
        ),
        ("path-item-self.yaml", &["specs/api.yaml:7:5"]),
        (
            "path-item-mutual.yaml",
            &["specs/api.yaml:7:5", "specs/api.yaml:9:5"],
        ),
        ("parameter-self.yaml", &["specs/api.yaml:16:7"]),
        (
            "response-mutual.yaml",
            &["specs/api.yaml:14:7", "specs/api.yaml:16:7"],
        ),
        ("file-alias", &["specs/a.yaml:1:1", "specs/b.yaml:1:1"]),
    ];
    for (shape, at) in cases {
        let dir = cycle_project(shape);
        let mut needles = at.to_vec();
        needles.push("error[P0305]");
        needles.push("cycle of refs that never reaches a value");
        assert_fails(shape, dir.path(), &needles);
    }
}

/// Bundling rewrites refs between files to refs into `components/schemas`; a message about one
/// still quotes it as its author wrote it, as the line printed under it shows.
#[test]
fn a_cycle_between_files_quotes_the_refs_as_written() {
    let dir = cycle_project("file-alias");
    let run = assert_fails(
        "file-alias",
        dir.path(),
        &[
            "$ref \"b.yaml\" is part of a cycle",
            "$ref \"a.yaml\" is part of a cycle",
        ],
    );
    assert!(!run.stderr.contains("#/components"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Leaving the project

const SECRET: &str = "SECRET-7f3a9c-DO-NOT-READ";

/// A folder holding a secret file, and a project beside it (not inside it).
fn outside_and_project() -> (tempfile::TempDir, tempfile::TempDir) {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.yaml"),
        format!("type: string\ndescription: {SECRET}\nexample: {SECRET}\n"),
    )
    .unwrap();
    fs::write(outside.path().join("secret.md"), format!("# {SECRET}\n")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("portico.toml"), "title = \"t\"\n").unwrap();
    (outside, dir)
}

fn assert_secret_kept(case: &str, dir: &Path, run: &Bounded) {
    assert!(!run.stderr.contains(SECRET), "{case}: {}", run.stderr);
    assert!(!run.stdout.contains(SECRET), "{case}: {}", run.stdout);
    for (path, bytes) in tree(dir) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(SECRET),
            "{case}: the secret is in {path}"
        );
    }
}

#[test]
fn refs_out_of_the_project_read_nothing_and_name_the_ref() {
    let (outside, dir) = outside_and_project();
    let secret = outside.path().join("secret.yaml");
    let relative = format!(
        "{}{}",
        "../".repeat(dir.path().join("specs").components().count()),
        secret.display().to_string().trim_start_matches('/')
    );
    for reference in [
        secret.display().to_string(),
        relative,
        format!("file://{}", secret.display()),
        format!("file://localhost{}", secret.display()),
        format!("{}#/description", secret.display()),
        format!("%2E%2E/{}", "x.yaml"),
    ] {
        let schema = format!("                $ref: '{reference}'\n");
        fs::create_dir_all(dir.path().join("specs")).unwrap();
        fs::write(
            dir.path().join("specs/api.yaml"),
            one_operation_spec(&schema),
        )
        .unwrap();
        let built = assert_fails(&reference, dir.path(), &["specs/api.yaml:14:17"]);
        assert_secret_kept(&reference, dir.path(), &built);
    }
}

#[test]
fn remote_refs_are_errors_and_nothing_is_fetched() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    for reference in [
        format!("http://127.0.0.1:{port}/schema.yaml"),
        format!("https://127.0.0.1:{port}/schema.yaml#/S"),
        format!("//127.0.0.1:{port}/schema.yaml"),
    ] {
        let dir = project(&[
            ("portico.toml", b"title = \"t\"\n"),
            (
                "specs/api.yaml",
                one_operation_spec(&format!("                $ref: '{reference}'\n")).as_bytes(),
            ),
        ]);
        assert_fails(
            &reference,
            dir.path(),
            &["specs/api.yaml:14:17", &format!("127.0.0.1:{port}")],
        );
        assert!(
            matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "{reference}: portico connected to the listener"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_project_are_refused_by_name() {
    use std::os::unix::fs::symlink;
    let (outside, _) = outside_and_project();
    // The link, and what it points to outside the project.
    for (link, target) in [
        ("specs/api.yaml", outside.path().join("secret.yaml")),
        ("specs/link", outside.path().to_path_buf()),
        ("content/secret.md", outside.path().join("secret.md")),
        ("content/outside", outside.path().to_path_buf()),
    ] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("portico.toml"), "title = \"t\"\n").unwrap();
        fs::create_dir_all(dir.path().join("specs")).unwrap();
        fs::create_dir_all(dir.path().join("content")).unwrap();
        if link == "specs/link" {
            // A spec that reaches through the linked folder.
            let spec = one_operation_spec("                $ref: 'link/secret.yaml'\n");
            fs::write(dir.path().join("specs/api.yaml"), spec).unwrap();
        }
        symlink(target, dir.path().join(link)).unwrap();
        let built = assert_fails(link, dir.path(), &[link, "outside the project"]);
        assert_secret_kept(link, dir.path(), &built);
    }
}

#[test]
fn a_configured_spec_outside_the_project_is_refused() {
    let (outside, dir) = outside_and_project();
    for path in [
        outside.path().join("secret.yaml").display().to_string(),
        "../secret.yaml".to_string(),
    ] {
        fs::write(
            dir.path().join("portico.toml"),
            format!("title = \"t\"\n\n[[apis]]\nslug = \"x\"\nspec = \"{path}\"\n"),
        )
        .unwrap();
        let built = assert_fails(&path, dir.path(), &["portico.toml:"]);
        assert_secret_kept(&path, dir.path(), &built);
    }
}

#[test]
fn a_front_matter_slug_cannot_write_outside_the_output() {
    for slug in [
        "../../escaped",
        "../../../../../../../../tmp/portico-escaped",
        "/abs",
        "a/../../b",
        "..",
    ] {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("project");
        write_files(
            &dir,
            &[
                ("portico.toml", "title = \"t\"\n"),
                (
                    "content/a.md",
                    &format!("---\nslug: \"{slug}\"\n---\nBody.\n"),
                ),
            ],
        );
        let built = build(&dir);
        built.assert_no_crash(slug);
        let outside: Vec<_> = tree(parent.path())
            .into_keys()
            .filter(|p| !p.starts_with("project/public/") && !p.starts_with("project/content/"))
            .filter(|p| p != "project/portico.toml")
            .collect();
        assert!(outside.is_empty(), "{slug}: wrote {outside:?}");
        assert!(
            !Path::new("/tmp/portico-escaped").exists(),
            "{slug}: wrote /tmp/portico-escaped"
        );
        if built.code == Some(1) {
            assert!(built.stderr.contains("content/a.md"), "{}", built.stderr);
            assert_nothing_written(slug, &dir);
        } else {
            built.assert_success(slug);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Invalid UTF-8, empty and binary files

#[test]
fn invalid_utf8_is_an_error_at_its_line_and_column() {
    let spec = [SPEC_HEAD.as_bytes(), b"paths: {}\nx-note: caf\xe9\n"].concat();
    let guide = b"# Title\n\nFine line.\nBad \xff\xfe byte.\n".to_vec();
    let front = b"---\ntitle: Caf\xe9\n---\nBody.\n".to_vec();
    for (file, bytes, at) in [
        ("specs/api.yaml", spec, "specs/api.yaml:6:12"),
        ("content/guide.md", guide, "content/guide.md:4:5"),
        ("content/front.md", front, "content/front.md:2:11"),
    ] {
        let mut files: Vec<(&str, &[u8])> = vec![("portico.toml", b"title = \"t\"\n")];
        files.retain(|(f, _)| *f != file);
        files.push((file, &bytes));
        let dir = project(&files);
        assert_fails(file, dir.path(), &[at, "UTF-8"]);
    }
}

#[test]
fn an_invalid_utf8_config_is_an_error_naming_it() {
    let dir = project(&[("portico.toml", b"title = \"Caf\xe9\"\n")]);
    assert_fails(
        "invalid UTF-8 in portico.toml",
        dir.path(),
        &["--> portico.toml", "UTF-8"],
    );
}

#[test]
fn an_invalid_utf8_config_is_reported_at_its_line_and_column() {
    let dir = project(&[("portico.toml", b"title = \"t\"\nfooter = \"Caf\xe9\"\n")]);
    // The column of the first byte that is not UTF-8 (the `é` in Latin-1), as for specs.
    build(dir.path()).assert_error(
        "invalid UTF-8 position",
        &["P0202", "portico.toml:2:14", "UTF-8"],
    );
}

#[test]
fn an_empty_spec_is_an_error_naming_it() {
    let dir = project(&[
        ("portico.toml", b"title = \"t\"\n"),
        ("specs/api.yaml", b""),
    ]);
    assert_fails(
        "empty spec",
        dir.path(),
        &["--> specs/api.yaml", "spec file is empty"],
    );
}

#[test]
fn an_empty_guide_builds_with_its_file_name_as_title() {
    let dir = project(&[
        ("portico.toml", b"title = \"t\"\n"),
        ("content/empty-page.md", b""),
        ("content/front-only.md", b"---\n---\n"),
    ]);
    build(dir.path()).assert_success("empty guide");
    let page = fs::read_to_string(dir.path().join("public/empty-page/index.html")).unwrap();
    assert!(page.contains("Empty page"), "{page}");
    assert!(dir.path().join("public/front-only/index.html").is_file());
}

#[test]
fn an_empty_config_is_an_error_naming_the_missing_title() {
    let dir = project(&[("portico.toml", b"")]);
    assert_fails(
        "empty portico.toml",
        dir.path(),
        &["portico.toml:1:1", "missing field `title`"],
    );
}

#[test]
fn a_png_in_content_is_copied_and_random_bytes_named_md_are_an_error() {
    // The eight-byte PNG signature and an IHDR chunk: enough to be binary, not UTF-8.
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";
    let dir = project(&[
        ("portico.toml", b"title = \"t\"\n"),
        ("content/guide.md", b"# Guide\n\n![logo](logo.png)\n"),
        ("content/logo.png", png),
    ]);
    build(dir.path()).assert_success("a PNG beside a guide");
    assert_eq!(fs::read(dir.path().join("public/logo.png")).unwrap(), png);

    // Bytes from a fixed xorshift sequence: the same every run, and far from UTF-8.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let dir = project(&[
        ("portico.toml", b"title = \"t\"\n"),
        ("content/random.md", &random),
    ]);
    assert_fails("random bytes", dir.path(), &["content/random.md:", "UTF-8"]);
}

// ---------------------------------------------------------------------------------------------
// Duplicate and colliding slugs

#[test]
fn guides_that_slugify_alike_are_an_error_naming_both() {
    let dir = fixture("slugs/guides");
    assert_fails(
        "guides",
        dir.path(),
        &[
            "content/guides/Hello World.md",
            "content/guides/hello-world.md",
        ],
    );
    let dir = fixture("slugs/front-matter-slug");
    assert_fails(
        "front matter slug",
        dir.path(),
        &["content/a.md", "content/b.md"],
    );
}

#[test]
fn duplicate_operation_ids_warn_and_every_operation_keeps_its_page() {
    let dir = fixture("slugs/operation-ids");
    let built = build(dir.path());
    built.assert_success("duplicate operationIds");
    assert!(
        built.stderr.contains("warning[P0306]") && built.stderr.contains("specs/pets.yaml:14:7"),
        "{}",
        built.stderr
    );
    let site = dir.path().join("public/api/pets/operations");
    let mut operations: Vec<String> = tree(&site)
        .into_values()
        .flat_map(|html| attribute_values(&String::from_utf8(html).unwrap(), "data-operation"))
        .collect();
    operations.sort();
    operations.dedup();
    assert_eq!(
        operations,
        ["GET /pets", "GET /pets/{id}", "POST /pets"],
        "one page per operation"
    );
    assert_eq!(fs::read_dir(&site).unwrap().count(), 3);
}

#[test]
fn tags_that_slugify_alike_each_get_their_own_page() {
    let dir = fixture("slugs/tags");
    build(dir.path()).assert_success("tags");
    let site = dir.path().join("public");
    let tags: Vec<String> = tree(&site.join("api/pets/tags")).into_keys().collect();
    assert_eq!(tags.len(), 3, "{tags:?}");
    for summary in [
        "Listed under Pets",
        "Listed under pets!",
        "Listed under PETS",
    ] {
        let holders = tree(&site.join("api/pets/tags"))
            .into_values()
            .filter(|html| String::from_utf8_lossy(html).contains(summary))
            .count();
        assert_eq!(holders, 1, "{summary} is on its own tag's page only");
    }
    assert!(broken_links(&site).is_empty());
}

#[test]
fn two_specs_with_one_slug_are_an_error() {
    let dir = fixture("slugs/specs-same-slug");
    assert_fails(
        "discovered specs with one slug",
        dir.path(),
        &["error[P0307]", "--> specs/pets.yaml"],
    );
    let dir = fixture("slugs/configured-slug");
    assert_fails(
        "configured specs with one slug",
        dir.path(),
        &["error[P0307]", "--> portico.toml:4:8"],
    );
}

#[test]
fn a_static_file_where_a_page_is_generated_is_an_error() {
    let dir = fixture("slugs/static");
    assert_fails(
        "static collision",
        dir.path(),
        &["P0501", "static/api/pets/index.html"],
    );
}

// ---------------------------------------------------------------------------------------------
// Script URLs in guides' Markdown

#[test]
fn script_urls_in_guide_links_and_images_are_errors_at_their_position() {
    let guide = "---\ntitle: Links\n---\n# Links\n\n[a](javascript:alert('a'))\n\n![b](  JAVASCRIPT:alert('b'))\n\n[c](data:text/html,<script>alert('c')</script>)\n\n[d](java&#x09;script:alert('d')) [e](vbscript:msgbox('e'))\n";
    let dir = project(&[
        ("portico.toml", b"title = \"t\"\n"),
        ("content/links.md", guide.as_bytes()),
    ]);
    assert_fails(
        "script URLs in a guide",
        dir.path(),
        &[
            "content/links.md:6:1",
            "content/links.md:8:1",
            "content/links.md:10:1",
            "content/links.md:12:1",
            "content/links.md:12:34",
            "P0210",
            "javascript: URL",
            "vbscript: URL",
            "data: URL",
        ],
    );
}

#[test]
fn an_image_as_a_data_url_in_a_guide_still_renders() {
    let guide = "# Pixel\n\n![pixel](data:image/png;base64,iVBORw0KGgo=)\n";
    let dir = project(&[
        ("portico.toml", b"title = \"t\"\n"),
        ("content/pixel.md", guide.as_bytes()),
    ]);
    build(dir.path()).assert_success("a data: image");
    let html = fs::read_to_string(dir.path().join("public/pixel/index.html")).unwrap();
    assert!(
        html.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""),
        "{html}"
    );
}

// ---------------------------------------------------------------------------------------------
// The harness itself

/// Every assertion above leans on the limit: make sure a process that never ends is killed and
/// fails the test rather than hanging it. `serve` runs until it is stopped.
#[test]
#[should_panic(expected = "did not finish within")]
fn a_run_that_outlives_its_limit_is_killed_and_fails() {
    let dir = project(&[("portico.toml", b"title = \"t\"\n")]);
    run_bounded(
        dir.path(),
        &["serve", "--port", "0"],
        Duration::from_secs(3),
    );
}

// ---------------------------------------------------------------------------------------------
// The limits of `[limits]` in portico.toml reach `build` and `check`

#[test]
fn the_limits_of_portico_toml_apply_to_build_and_check() {
    let spec = "openapi: 3.1.0\ninfo: {title: Small, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  a: {type: object, properties: {b: {type: object, properties: {c: {type: string}}}}}\n";
    let too_small = project(&[
        (
            "portico.toml",
            b"title = \"t\"\n[limits]\nmax-spec-bytes = 10\n",
        ),
        ("specs/api.yaml", spec.as_bytes()),
    ]);
    assert_fails(
        "max-spec-bytes",
        too_small.path(),
        &["specs/api.yaml", "larger than the limit of 10 bytes"],
    );
    let too_shallow = project(&[
        ("portico.toml", b"title = \"t\"\n[limits]\nmax-depth = 6\n"),
        ("specs/api.yaml", spec.as_bytes()),
    ]);
    assert_fails(
        "max-depth",
        too_shallow.path(),
        &["specs/api.yaml:", "nested deeper than 6 levels"],
    );
    // The defaults take the same spec.
    let defaults = project(&[
        ("portico.toml", b"title = \"t\"\n"),
        ("specs/api.yaml", spec.as_bytes()),
    ]);
    build(defaults.path()).assert_success("the defaults");
}

#[test]
fn a_chain_of_local_refs_longer_than_max_ref_chain_is_an_error_unless_raised() {
    // S0 -> S1 -> ... -> S70, a real schema at the end: long, not a cycle.
    let mut spec = String::from(
        "openapi: 3.1.0\ninfo: {title: Chain, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n",
    );
    for i in 0..70 {
        spec.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    spec.push_str("    S70: {type: object, properties: {id: {type: string}}}\n");
    let defaults = project(&[
        ("portico.toml", b"title = \"t\"\n"),
        ("specs/api.yaml", spec.as_bytes()),
    ]);
    assert_fails(
        "a long local chain",
        defaults.path(),
        &[
            "P0305",
            "specs/api.yaml:",
            "chain of more than 64 refs",
            "max-ref-chain",
        ],
    );
    let raised = project(&[
        (
            "portico.toml",
            b"title = \"t\"\n[limits]\nmax-ref-chain = 100\n",
        ),
        ("specs/api.yaml", spec.as_bytes()),
    ]);
    build(raised.path()).assert_success("max-ref-chain raised");
    let html = fs::read_to_string(raised.path().join("public/api/api/schemas/s0/index.html"))
        .unwrap_or_default();
    assert!(
        html.contains("<code>id</code>"),
        "S0 shows S70's fields: {html}"
    );
}
