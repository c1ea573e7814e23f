//! An incremental rebuild must give exactly what a full build of the same files gives. These
//! tests edit a copy of the sample portal in every way a writer does and compare, after each
//! edit, the workspace's result with a fresh build: every path, every byte, every diagnostic.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::workspace::Group;
use super::*;
use crate::write::output::Entry;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn sample_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(repo.join("portico.toml"), dir.path().join("portico.toml")).unwrap();
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    copy_dir(&repo.join("specs"), &dir.path().join("specs"));
    dir
}

/// What a result is made of, comparably.
#[derive(Debug, PartialEq)]
enum Outcome {
    Site {
        files: Vec<(String, Vec<u8>)>,
        warnings: Vec<Diagnostic>,
    },
    Failed(Vec<Diagnostic>),
}

fn outcome(result: Result<Rebuilt, BuildError>) -> Outcome {
    match result {
        Ok(rebuilt) => {
            assert!(rebuilt.search_current, "the search index is behind");
            Outcome::Site {
                files: rebuilt
                    .entries
                    .into_iter()
                    .map(|entry| match entry {
                        Entry::Bytes(path, bytes) => (path, bytes.to_vec()),
                        Entry::Copy(path, source) => {
                            (path, source.to_string_lossy().into_owned().into_bytes())
                        }
                        Entry::Written(path) => {
                            panic!("{path} was streamed by a rebuilding workspace")
                        }
                    })
                    .collect(),
                warnings: rebuilt.warnings,
            }
        }
        Err(BuildError::Project(problems)) => Outcome::Failed(problems),
        Err(other) => panic!("unexpected error: {other}"),
    }
}

struct Session {
    dir: tempfile::TempDir,
    workspace: Workspace,
    /// Whether the watcher reports edits; without it, stamps alone must find them.
    report: bool,
}

impl Session {
    fn new(report: bool) -> Self {
        let dir = sample_project();
        let mut workspace = Workspace::new(options(dir.path()));
        outcome(workspace.rebuild(&Changes::All, SearchTiming::WithPages));
        Session {
            dir,
            workspace,
            report,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap()
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Rebuild after `edited` changed and compare with a full build.
    fn check(&mut self, what: &str, edited: &[&str]) -> Outcome {
        let changes = if self.report {
            Changes::Paths(edited.iter().map(PathBuf::from).collect::<HashSet<_>>())
        } else {
            Changes::Paths(HashSet::new())
        };
        let mut result = self.workspace.rebuild(&changes, SearchTiming::Later);
        if result.is_ok() {
            if let Some(job) = self.workspace.search_job() {
                result = self
                    .workspace
                    .accept_search(job.run())
                    .expect("the site did not change meanwhile");
            }
        }
        let incremental = outcome(result);
        let full = outcome(render(&options(self.root())));
        if incremental != full {
            panic!(
                "{what}: the incremental result differs from a full build\n{}",
                describe(&incremental, &full)
            );
        }
        incremental
    }
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
        drafts: false,
        ..Default::default()
    }
}

fn describe(a: &Outcome, b: &Outcome) -> String {
    match (a, b) {
        (
            Outcome::Site {
                files: fa,
                warnings: wa,
            },
            Outcome::Site {
                files: fb,
                warnings: wb,
            },
        ) => {
            let pa: HashSet<&String> = fa.iter().map(|f| &f.0).collect();
            let pb: HashSet<&String> = fb.iter().map(|f| &f.0).collect();
            let mut out = format!(
                "only incremental: {:?}\nonly full: {:?}\n",
                pa.difference(&pb).take(10).collect::<Vec<_>>(),
                pb.difference(&pa).take(10).collect::<Vec<_>>()
            );
            for ((path, x), (_, y)) in fa.iter().zip(fb) {
                if x != y {
                    out.push_str(&format!("differs: {path}\n"));
                }
            }
            if wa != wb {
                out.push_str(&format!("warnings: {wa:#?}\nvs {wb:#?}\n"));
            }
            out
        }
        _ => format!("{a:#?}\nvs\n{b:#?}"),
    }
}

/// Whether some file of a built site contains `needle`.
fn site_contains(outcome: &Outcome, needle: &str) -> bool {
    let Outcome::Site { files, .. } = outcome else {
        return false;
    };
    files
        .iter()
        .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
}

fn is_site(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Site { .. })
}

fn edit_in_every_way(report: bool) {
    let mut s = Session::new(report);
    let quickstart = "content/guides/quickstart.md";

    s.replace(quickstart, "You need:", "You need, at the very least:");
    assert!(is_site(&s.check("guide body", &[quickstart])));

    s.replace(
        quickstart,
        "title: Quickstart",
        "title: Quick start in ten minutes",
    );
    s.check("guide title", &[quickstart]);

    s.replace(quickstart, "## Before you begin", "## Before anything else");
    s.check(
        "guide heading (anchors other guides may link to)",
        &[quickstart],
    );

    s.write(
        "content/guides/linking.md",
        "---\ntitle: Linking\n---\n\nSee [the start](quickstart.md#before-anything-else).\n",
    );
    s.check(
        "new guide with a link to an anchor",
        &["content/guides/linking.md"],
    );

    s.replace(quickstart, "## Before anything else", "## Prerequisites");
    let broken = s.check("the anchor a link points at disappears", &[quickstart]);
    let reported = match &broken {
        Outcome::Site { warnings, .. } => warnings.clone(),
        Outcome::Failed(problems) => problems.clone(),
    };
    assert!(
        reported
            .iter()
            .any(|d| d.message.contains("before-anything-else")),
        "the broken anchor is reported: {reported:#?}"
    );
    s.replace(quickstart, "## Prerequisites", "## Before anything else");
    s.check("the anchor is back", &[quickstart]);

    fs::rename(
        s.root().join("content/guides/linking.md"),
        s.root().join("content/guides/links.md"),
    )
    .unwrap();
    s.check(
        "renamed guide",
        &["content/guides/linking.md", "content/guides/links.md"],
    );

    s.replace(
        "content/guides/links.md",
        "---\ntitle",
        "---\ndraft: true\ntitle",
    );
    s.check("guide becomes a draft", &["content/guides/links.md"]);

    fs::remove_file(s.root().join("content/guides/links.md")).unwrap();
    s.check("deleted guide", &["content/guides/links.md"]);

    s.write(
        "content/guides/advanced/retries.md",
        "---\ntitle: Retries\n---\n\nBack off.\n",
    );
    s.check(
        "a subsection of the guides",
        &["content/guides/advanced/retries.md"],
    );
    s.replace(
        "content/guides/advanced/retries.md",
        "title: Retries",
        "title: Retrying",
    );
    s.check(
        "title in a subsection",
        &["content/guides/advanced/retries.md"],
    );

    let docs = "content/docs/project-format.md";
    s.replace(
        docs,
        "title: The project format",
        "title: The project format, in full",
    );
    s.check("title in another section", &[docs]);

    s.replace(
        "content/guides/_index.md",
        "description: Task-oriented guides",
        "description: Guides, task by task,",
    );
    s.check(
        "a section's description (the home page shows it)",
        &["content/guides/_index.md"],
    );

    s.write(
        "content/tutorials/first.md",
        "# First tutorial\n\nA new section.\n",
    );
    s.check("a new section folder", &["content/tutorials"]);

    s.write(
        "content/guides/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    s.check(
        "an asset beside the guides",
        &["content/guides/diagram.svg"],
    );

    s.write("static/robots.txt", "User-agent: *\n");
    s.check("a static file", &["static/robots.txt"]);

    let spec = "specs/streamline.yaml";
    s.replace(
        spec,
        "summary: Create a customer",
        "summary: Register a customer",
    );
    s.check("operation summary in the spec", &[spec]);

    s.replace(
        spec,
        "operationId: createCustomer",
        "operationId: registerCustomer",
    );
    let renamed = s.check("an operation guides link to is renamed", &[spec]);
    assert!(!is_site(&renamed), "the guides' links to it are broken");
    s.replace(
        spec,
        "operationId: registerCustomer",
        "operationId: createCustomer",
    );
    assert!(is_site(&s.check("the operation's name is back", &[spec])));

    // The quickstart links to `api:createCustomer`; `create_customer` keeps the page's URL, so
    // only the operationId tells the guides that the link is broken.
    s.replace(
        spec,
        "operationId: createCustomer",
        "operationId: create_customer",
    );
    let renamed = s.check(
        "an operationId an api: link names is renamed, its URL kept",
        &[spec],
    );
    let Outcome::Failed(problems) = &renamed else {
        panic!("the api: link to the renamed operation is not reported");
    };
    assert!(
        problems
            .iter()
            .any(|d| d.code == crate::diagnostics::Code::UnknownApiReference
                && d.file.ends_with("quickstart.md")
                && d.message.contains("`createCustomer`")),
        "{problems:#?}"
    );
    s.replace(
        spec,
        "operationId: create_customer",
        "operationId: createCustomer",
    );
    assert!(is_site(&s.check("the operationId is back", &[spec])));

    s.replace(spec, "summary: Register a customer", "summary: [unclosed");
    assert!(!is_site(&s.check("broken spec", &[spec])));
    s.replace(spec, "summary: [unclosed", "summary: Create a customer");
    assert!(is_site(&s.check("fixed spec", &[spec])));

    s.write(
        "templates/guide.html",
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/guide.html"),
        )
        .unwrap()
        .replacen(
            "{% block content %}",
            "{% block content %}<!-- override -->",
            1,
        ),
    );
    let overridden = s.check("template override", &["templates/guide.html"]);
    assert!(
        site_contains(&overridden, "<!-- override -->"),
        "the override renders"
    );

    for name in [
        "operation.html",
        "partials/sidebar.html",
        "404.html",
        "base.html",
    ] {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let text = fs::read_to_string(theme.join(name)).unwrap();
        let rel = format!("templates/{name}");
        let marked = text
            .replacen("</main>", &format!("<!-- {name} --></main>"), 1)
            .replacen(
                "{% block content %}",
                &format!("{{% block content %}}<!-- {name} -->"),
                1,
            );
        let marked = if marked == text {
            format!("<!-- {name} -->{text}")
        } else {
            marked
        };
        s.write(&rel, &marked);
        let outcome = s.check(&format!("template override of {name}"), &[rel.as_str()]);
        assert!(
            site_contains(&outcome, &format!("<!-- {name} -->")),
            "the override of {name} renders"
        );
        fs::remove_file(s.root().join(&rel)).unwrap();
        s.check(&format!("{name} override removed"), &[rel.as_str()]);
    }

    s.write(
        "templates/guide.html",
        "{% extends \"base.html\" %}{% block nope",
    );
    assert!(!is_site(
        &s.check("broken template", &["templates/guide.html"])
    ));
    fs::remove_file(s.root().join("templates/guide.html")).unwrap();
    assert!(is_site(
        &s.check("template override removed", &["templates/guide.html"])
    ));

    s.write("themes/default/static/style.css", "body { color: red }\n");
    s.check("stylesheet override", &["themes/default/static/style.css"]);

    s.replace(
        "portico.toml",
        "StreamLine Developers",
        "StreamLine for Developers",
    );
    s.check("site title in portico.toml", &["portico.toml"]);
}

#[test]
fn incremental_rebuilds_equal_full_builds_when_the_watcher_reports_edits() {
    edit_in_every_way(true);
}

#[test]
fn incremental_rebuilds_equal_full_builds_from_file_stamps_alone() {
    // Every edit above changes the file's size, so a missed event is still seen.
    edit_in_every_way(false);
}

#[test]
fn specs_split_across_files_rebuild_when_a_referenced_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("portico.toml"), "title = \"Split\"\n").unwrap();
    fs::create_dir_all(root.join("specs/parts")).unwrap();
    fs::write(
        root.join("specs/api.yaml"),
        "openapi: 3.1.0\ninfo: {title: Split, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'parts/pet.yaml'}\n",
    )
    .unwrap();
    fs::write(
        root.join("specs/parts/pet.yaml"),
        "type: object\nproperties:\n  name: {type: string, description: The pet's name}\n",
    )
    .unwrap();
    let mut workspace = Workspace::new(options(root));
    let first = outcome(workspace.rebuild(&Changes::All, SearchTiming::WithPages));
    assert!(is_site(&first));
    fs::write(
        root.join("specs/parts/pet.yaml"),
        "type: object\nproperties:\n  nickname: {type: string, description: What the pet answers to}\n",
    )
    .unwrap();
    let changes = Changes::Paths(HashSet::from([PathBuf::from("specs/parts/pet.yaml")]));
    let incremental = outcome(workspace.rebuild(&changes, SearchTiming::WithPages));
    let full = outcome(render(&options(root)));
    assert_eq!(incremental, full);
    assert_ne!(incremental, first);
    let Outcome::Site { files, .. } = &incremental else {
        panic!("the spec builds")
    };
    assert!(files
        .iter()
        .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("nickname")));
}

#[test]
fn a_body_edit_renders_one_page_and_a_title_edit_renders_its_section() {
    let s = Session::new(true);
    let mut workspace = Workspace::new(options(s.root()));
    workspace
        .rebuild(&Changes::All, SearchTiming::WithPages)
        .unwrap();
    let rendered_before: Vec<(Group, u64)> = workspace.fingerprints();
    s.replace(
        "content/guides/quickstart.md",
        "You need:",
        "You need this:",
    );
    let changes = Changes::Paths(HashSet::from([PathBuf::from(
        "content/guides/quickstart.md",
    )]));
    workspace.rebuild(&changes, SearchTiming::Later).unwrap();
    let changed = changed_groups(&rendered_before, &workspace.fingerprints());
    assert_eq!(
        changed,
        vec![Group::Guide(PathBuf::from("content/guides/quickstart.md"))]
    );

    // Saving without a change (or `touch`) renders nothing and indexes nothing.
    let job = workspace
        .search_job()
        .expect("the body edit needs a new index");
    workspace.accept_search(job.run()).unwrap().unwrap();
    let before = workspace.fingerprints();
    let text = s.read("content/guides/quickstart.md");
    s.write("content/guides/quickstart.md", &text);
    s.write("specs/streamline.yaml", &s.read("specs/streamline.yaml"));
    let saved = Changes::Paths(HashSet::from([
        PathBuf::from("content/guides/quickstart.md"),
        PathBuf::from("specs/streamline.yaml"),
    ]));
    workspace.rebuild(&saved, SearchTiming::Later).unwrap();
    assert_eq!(changed_groups(&before, &workspace.fingerprints()), vec![]);
    assert!(
        workspace.search_job().is_none(),
        "the index is still current"
    );

    let before = workspace.fingerprints();
    s.replace(
        "content/guides/quickstart.md",
        "title: Quickstart",
        "title: Begin here",
    );
    workspace.rebuild(&changes, SearchTiming::Later).unwrap();
    let changed = changed_groups(&before, &workspace.fingerprints());
    assert!(changed.contains(&Group::Structure));
    assert!(
        !changed.iter().any(|g| matches!(g, Group::Api(_))),
        "a guide title is not in the API pages' header: {changed:?}"
    );
    assert!(
        changed.contains(&Group::Guide(PathBuf::from("content/guides/webhooks.md"))),
        "the guides beside it show the title in their sidebar: {changed:?}"
    );
    assert!(
        !changed
            .iter()
            .any(|g| matches!(g, Group::Guide(f) if f.starts_with("content/docs"))),
        "guides of another section do not show it: {changed:?}"
    );
}

fn changed_groups(before: &[(Group, u64)], after: &[(Group, u64)]) -> Vec<Group> {
    after
        .iter()
        .filter(|(group, fp)| !before.iter().any(|(g, f)| g == group && f == fp))
        .map(|(g, _)| g.clone())
        .collect()
}

#[test]
fn memory_is_released_before_each_spec_is_modelled_and_on_every_thread_after() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    static RENDERING: AtomicUsize = AtomicUsize::new(0);
    fn count(moment: Release) {
        match moment {
            Release::StageOver => CALLS.fetch_add(1, Ordering::SeqCst),
            Release::Rendering => RENDERING.fetch_add(1, Ordering::SeqCst),
        };
    }
    let threads = rayon::current_num_threads();
    let s = Session::new(true);
    let mut workspace = Workspace::new(BuildOptions {
        release_memory: Some(count),
        ..options(s.root())
    });
    let rebuilt = workspace
        .rebuild(&Changes::All, SearchTiming::Later)
        .unwrap();
    // Twice on the thread that modelled each spec (before modelling it, before placing its
    // problems), once on every thread when all are read.
    let apis = rebuilt.stats.apis;
    assert!(apis > 0);
    assert_eq!(CALLS.load(Ordering::SeqCst), 2 * apis + threads);

    // A guide edit reads no spec: nothing was freed.
    s.replace(
        "content/guides/quickstart.md",
        "You need:",
        "You need this:",
    );
    let guide = Changes::Paths(HashSet::from([PathBuf::from(
        "content/guides/quickstart.md",
    )]));
    workspace.rebuild(&guide, SearchTiming::Later).unwrap();
    assert_eq!(CALLS.load(Ordering::SeqCst), 2 * apis + threads);

    s.replace(
        "specs/streamline.yaml",
        "summary: Create a customer",
        "summary: Create one customer",
    );
    let spec = Changes::Paths(HashSet::from([PathBuf::from("specs/streamline.yaml")]));
    workspace.rebuild(&spec, SearchTiming::Later).unwrap();
    assert_eq!(CALLS.load(Ordering::SeqCst), 2 * apis + 2 + 2 * threads);

    // Once more when a search index is built beside the pages; no page was streamed, so
    // nothing is released while rendering.
    s.replace(
        "content/guides/quickstart.md",
        "You need this:",
        "You need these:",
    );
    workspace.rebuild(&guide, SearchTiming::WithPages).unwrap();
    assert_eq!(CALLS.load(Ordering::SeqCst), 2 * apis + 3 + 2 * threads);
    assert_eq!(RENDERING.load(Ordering::SeqCst), 0);
}

#[test]
fn a_build_gives_memory_back_every_256_pages_it_writes() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RENDERING: AtomicUsize = AtomicUsize::new(0);
    fn count(moment: Release) {
        if moment == Release::Rendering {
            RENDERING.fetch_add(1, Ordering::SeqCst);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("portico.toml"), "title = \"Many guides\"\n").unwrap();
    fs::create_dir_all(dir.path().join("content/guides")).unwrap();
    for i in 0..600 {
        let guide = format!("---\ntitle: Guide {i}\n---\n\nStep {i} of many.\n");
        fs::write(dir.path().join(format!("content/guides/g{i}.md")), guide).unwrap();
    }
    let report = build(&BuildOptions {
        output: Some(dir.path().join("public")),
        release_memory: Some(count),
        ..options(dir.path())
    })
    .unwrap();
    assert!(report.pages > 600, "{} pages", report.pages);
    // Every 256 files streamed (pages, then the search index's), not once per page.
    let calls = RENDERING.load(Ordering::SeqCst);
    assert!(
        (report.pages / 256..=report.pages / 256 + 1).contains(&calls),
        "{calls} releases for {} pages",
        report.pages
    );
}
