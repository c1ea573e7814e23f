//! `portico serve` end to end: the real binary on a copy of the sample portal, edited while it
//! runs, read over HTTP and over its live-reload events (harness in `common/serve.rs`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::serve::*;
use common::*;
use serde_json::{json, Value};

const QUICKSTART: &str = "/guides/quickstart/";
const QUICKSTART_OPENING: &str = "This guide takes you from zero";
const CREATE_CUSTOMER: &str = "/api/streamline/operations/create-customer/";

/// A copy of the sample portal in a temporary folder.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    dir
}

fn quickstart(root: &Path) -> PathBuf {
    root.join("content/guides/quickstart.md")
}

/// Site paths (without the search index, whose folder is named by its build) whose bytes
/// differ between two versions of the site, or that only one has.
fn changed_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| !k.starts_with("search/") && a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// The reload events of `events` so far.
fn reloads(events: &Events) -> Vec<&Event> {
    events.log.iter().filter(|e| e.name == "reload").collect()
}

#[test]
fn editing_a_guide_reloads_that_page_and_changes_no_other() {
    let dir = project();
    let server = Server::start(dir.path());
    let before = server.site();
    let mut events = server.events();
    let first_generation = events.hello.data["generation"].as_u64().unwrap();

    // A plain in-place write, as many editors save.
    let file = quickstart(dir.path());
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen(QUICKSTART_OPENING, "EDITED-BODY-1 then", 1),
    )
    .unwrap();
    let page = events.wait_page(&server, QUICKSTART, "EDITED-BODY-1 then");
    assert!(!page.contains(QUICKSTART_OPENING));

    let reloads = reloads(&events);
    for reload in &reloads {
        assert!(reload.names(QUICKSTART), "{reload:?}");
        assert!(reload.data["ms"].as_f64().unwrap() > 0.0, "{reload:?}");
        assert!(reload.data["generation"].as_u64().unwrap() > first_generation);
    }
    if let [only] = reloads[..] {
        // One save, one rebuild: only the guide's own page changed.
        assert_eq!(only.data["paths"], json!([QUICKSTART]), "{only:?}");
    }
    assert!(
        events.log.iter().all(|e| e.name == "reload"),
        "{}",
        events.summary()
    );

    server.wait_idle();
    let after = server.site();
    assert_eq!(
        changed_files(&before, &after),
        vec!["guides/quickstart/index.html".to_string()]
    );
    assert!(server.stderr().contains("content/guides/quickstart.md"));
}

#[test]
fn guides_created_renamed_and_deleted_while_serving_appear_move_and_disappear() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let guides = dir.path().join("content/guides");

    // Created: served, and listed in the section's sidebar on the other guides.
    write_atomic(
        &guides.join("zebra-crossing.md"),
        "---\ntitle: Zebra crossing\ndescription: Made while serving.\nweight: 50\n---\n\nZEBRA-BODY text.\n",
    );
    let page = events.wait_page(&server, "/guides/zebra-crossing/", "ZEBRA-BODY");
    assert!(page.contains("Zebra crossing"));
    assert!(
        reloads(&events)
            .iter()
            .any(|e| e.names("/guides/zebra-crossing/")),
        "{}",
        events.summary()
    );
    let other = server.page(QUICKSTART);
    assert!(
        other.contains("href=\"../zebra-crossing/\""),
        "the quickstart's sidebar does not list the new guide"
    );
    assert!(server
        .manifest()
        .contains(&"guides/zebra-crossing/index.html".to_string()));

    // Renamed: the old URL is gone, the new one is served and linked.
    fs::rename(
        guides.join("zebra-crossing.md"),
        guides.join("yak-shaving.md"),
    )
    .unwrap();
    events.wait_page(&server, "/guides/yak-shaving/", "ZEBRA-BODY");
    assert!(
        reloads(&events)
            .iter()
            .any(|e| e.covers("/guides/zebra-crossing/") && e.covers("/guides/yak-shaving/")),
        "{}",
        events.summary()
    );
    let gone = server.get("/guides/zebra-crossing/");
    assert_eq!(gone.status, 404);
    assert!(gone.text().contains("Page not found"), "{}", gone.text());
    let other = server.page(QUICKSTART);
    assert!(other.contains("href=\"../yak-shaving/\""));
    assert!(!other.contains("zebra-crossing"));

    // Deleted: 404, and gone from the manifest and the sidebars.
    fs::remove_file(guides.join("yak-shaving.md")).unwrap();
    events.wait_reload("/guides/yak-shaving/");
    assert_eq!(server.get("/guides/yak-shaving/").status, 404);
    let manifest = server.manifest();
    assert!(
        !manifest.iter().any(|p| p.contains("yak-shaving")),
        "{manifest:?}"
    );
    assert!(!server.page(QUICKSTART).contains("yak-shaving"));
}

#[test]
fn atomic_saves_show_and_editor_leftovers_alone_rebuild_nothing() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let guides = dir.path().join("content/guides");
    let generation = server.generation();

    // Swap, backup, autosave and probe files, without the real file changing.
    for name in [
        ".quickstart.md.swp",
        ".quickstart.md.swx",
        "quickstart.md~",
        "#quickstart.md#",
        ".#quickstart.md",
        "4913",
    ] {
        fs::write(guides.join(name), "editor leftovers\n").unwrap();
    }
    fs::remove_file(guides.join("4913")).unwrap();
    fs::write(guides.join(".quickstart.md.swp"), "more swap\n").unwrap();
    let seen = events.during(Duration::from_millis(600));
    assert!(seen.is_empty(), "leftovers caused events: {seen:?}");
    assert_eq!(
        server.generation(),
        generation,
        "leftovers caused a rebuild"
    );

    // A save through a hidden temporary file renamed over the guide.
    let file = quickstart(dir.path());
    let text = fs::read_to_string(&file).unwrap();
    let temp = guides.join(".quickstart.md.tmp");
    fs::write(&temp, text.replacen(QUICKSTART_OPENING, "ATOMIC-ONE", 1)).unwrap();
    fs::rename(&temp, &file).unwrap();
    events.wait_page(&server, QUICKSTART, "ATOMIC-ONE");

    // Vim without backupcopy: the original becomes the backup, a new file is written, the
    // backup removed.
    let backup = guides.join("quickstart.md~");
    fs::rename(&file, &backup).unwrap();
    fs::write(&file, text.replacen(QUICKSTART_OPENING, "ATOMIC-TWO", 1)).unwrap();
    fs::remove_file(&backup).unwrap();
    events.wait_page(&server, QUICKSTART, "ATOMIC-TWO");

    // Through a swap-named temporary file.
    let swap = guides.join("quickstart.md.swp");
    fs::write(&swap, text.replacen(QUICKSTART_OPENING, "ATOMIC-THREE", 1)).unwrap();
    fs::rename(&swap, &file).unwrap();
    events.wait_page(&server, QUICKSTART, "ATOMIC-THREE");

    // JetBrains' safe write: new text beside the file, the file moved aside, the new text
    // moved in, the old one deleted.
    let new = guides.join("quickstart.md___jb_tmp___");
    let old = guides.join("quickstart.md___jb_old___");
    fs::write(&new, text.replacen(QUICKSTART_OPENING, "ATOMIC-FOUR", 1)).unwrap();
    fs::rename(&file, &old).unwrap();
    fs::rename(&new, &file).unwrap();
    fs::remove_file(&old).unwrap();
    events.wait_page(&server, QUICKSTART, "ATOMIC-FOUR");

    server.wait_idle();
    let manifest = server.manifest();
    for leftover in ["swp", "swx", "~", "#", "4913", ".tmp", "___jb_"] {
        assert!(
            !manifest.iter().any(|p| p.contains(leftover)),
            "{leftover} in {manifest:?}"
        );
    }
    let status = server.status();
    assert_eq!(status["failed"], false, "{status}");
}

#[test]
fn a_stylesheet_override_swaps_the_css_without_reloading_pages() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let page_before = strip_live_script(&server.get(QUICKSTART).body).unwrap();

    // The theme folder appears first (as a `mkdir -p` would make it), then the file in it.
    let generation = server.generation();
    let static_dir = dir.path().join("themes/default/static");
    fs::create_dir_all(&static_dir).unwrap();
    server.wait_generation_after(generation);

    let theme_css = fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    let rule = ".portico-test-rule { color: rebeccapurple; }";
    write_atomic(
        &static_dir.join("style.css"),
        &format!("{theme_css}\n{rule}\n"),
    );
    let css = events.wait_event("css");
    assert_eq!(css.data["paths"], json!(["/assets/style.css"]), "{css:?}");
    assert!(css.data["ms"].as_f64().unwrap() > 0.0);
    events.during(Duration::from_millis(500));
    assert!(
        !events.log.iter().any(|e| e.name == "reload"),
        "a stylesheet change reloaded pages:\n{}",
        events.summary()
    );

    let served = server.get("/assets/style.css");
    assert_eq!(served.status, 200);
    assert_eq!(
        served.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert!(served.text().ends_with(&format!("{rule}\n")));
    let page_after = strip_live_script(&server.get(QUICKSTART).body).unwrap();
    assert!(
        page_after == page_before,
        "a stylesheet change changed a page"
    );
}

#[test]
fn a_template_override_reloads_every_page_it_changes() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let before = server.site();

    let generation = server.generation();
    fs::create_dir(dir.path().join("templates")).unwrap();
    server.wait_generation_after(generation);

    let template = fs::read_to_string(repo().join("themes/default/templates/guide.html")).unwrap();
    let marked = template.replacen(
        "<article class=\"guide\">",
        "<article class=\"guide\" data-test=\"TEMPLATE-MARKER\">",
        1,
    );
    assert_ne!(marked, template);
    write_atomic(&dir.path().join("templates/guide.html"), &marked);
    let reload = events.wait_reload(QUICKSTART);

    server.wait_idle();
    let after = server.site();
    let changed = changed_files(&before, &after);
    for path in ["guides/quickstart/index.html", "guides/webhooks/index.html"] {
        let html = String::from_utf8_lossy(&after[path]);
        assert!(html.contains("TEMPLATE-MARKER"), "{path}");
    }
    // Every page the template changed is reloaded; pages it does not render keep their bytes.
    for path in &changed {
        let url = format!("/{}", path.strip_suffix("index.html").unwrap_or(path));
        assert!(
            reload.covers(&url),
            "{path} changed but {reload:?} does not reload it"
        );
        assert!(
            String::from_utf8_lossy(&after[path]).contains("TEMPLATE-MARKER"),
            "{path} changed without the marker"
        );
    }
    for (path, bytes) in &after {
        if String::from_utf8_lossy(bytes).contains("TEMPLATE-MARKER") {
            assert!(changed.contains(path), "{path}");
        }
    }
    assert_eq!(
        server.get(CREATE_CUSTOMER).status,
        200,
        "reference pages still served"
    );
}

#[test]
fn a_broken_spec_shows_its_problem_keeps_the_last_good_site_and_recovers() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let spec = dir.path().join("specs/streamline.yaml");
    let original = fs::read_to_string(&spec).unwrap();

    // Line 122 is `summary: Create a customer`; a second `: ` makes it invalid YAML there.
    let mut lines: Vec<&str> = original.lines().collect();
    assert_eq!(lines[121], "      summary: Create a customer");
    lines[121] = "      summary: Create a customer: oops";
    write_atomic(&spec, &(lines.join("\n") + "\n"));

    let problems = events.wait_event("problems");
    let list = problems.data["problems"].as_array().unwrap();
    let problem = list
        .iter()
        .find(|p| p["file"] == "specs/streamline.yaml")
        .unwrap_or_else(|| panic!("no problem in the spec: {problems:?}"));
    assert_eq!(problem["severity"], "error", "{problem}");
    assert_eq!(problem["line"], 122, "{problem}");
    assert!(problem["column"].as_u64().unwrap() > 0, "{problem}");
    assert!(
        problem["message"].as_str().unwrap().contains("YAML"),
        "{problem}"
    );
    assert_eq!(
        problem["source"], "      summary: Create a customer: oops",
        "{problem}"
    );
    // A short line is shown whole: the caret's column is the problem's.
    assert_eq!(problem["source_column"], problem["column"], "{problem}");

    let status = server.status();
    assert_eq!(status["failed"], true, "{status}");
    assert!(!status["problems"].as_array().unwrap().is_empty());
    // The last good site is still served.
    let page = server.page(CREATE_CUSTOMER);
    assert!(page.contains("Create a customer") && !page.contains("oops"));
    assert_eq!(server.get("/api/streamline/openapi.yaml").status, 200);

    // A page opened now learns about the problems at once.
    let mut fresh = server.events();
    let first = fresh
        .next(EVENT_TIMEOUT)
        .expect("problems right after hello");
    assert_eq!(first.name, "problems", "{first:?}");
    assert_eq!(first.data["problems"], problems.data["problems"]);

    // Fixed: `ok`, then every page reloads.
    write_atomic(&spec, &original);
    let ok = events.wait_event("ok");
    let reload = events.wait_event("reload");
    assert_eq!(reload.data["paths"], Value::Null, "{reload:?}");
    assert_eq!(ok.data["generation"], reload.data["generation"]);
    assert!(
        ok.data["generation"].as_u64().unwrap() > problems.data["generation"].as_u64().unwrap()
    );
    fresh.wait_event("ok");
    let status = server.status();
    assert_eq!(status["failed"], false, "{status}");
    assert_eq!(status["problems"], json!([]));
    let mut after = server.events();
    let extra = after.during(Duration::from_millis(300));
    assert!(
        extra.iter().all(|e| e.name != "problems"),
        "problems after the fix: {extra:?}"
    );
}

#[test]
fn incremental_rebuilds_serve_exactly_what_a_full_build_writes() {
    let dir = project();
    let root = dir.path();
    // Folders exist from the start, so files written into them are watched at once.
    fs::create_dir(root.join("templates")).unwrap();
    write_files(root, &[("static/notes.txt", "first notes\n")]);
    let server = Server::start(root);
    let mut events = server.events();
    let guides = root.join("content/guides");

    // A body edit.
    replace_in(&quickstart(root), QUICKSTART_OPENING, "INCR-1 takes you");
    events.wait_page(&server, QUICKSTART, "INCR-1 takes you");
    // A title in front matter: every sidebar shows it.
    replace_in(
        &guides.join("webhooks.md"),
        "title: Webhooks\n",
        "title: Webhooks INCR-2\n",
    );
    events.wait_page(&server, QUICKSTART, "Webhooks INCR-2");
    // A new guide, then renamed.
    write_atomic(
        &guides.join("incr-new.md"),
        "---\ntitle: Added INCR-3\n---\n\n## Section\n\nBody INCR-3.\n",
    );
    events.wait_page(&server, "/guides/incr-new/", "Body INCR-3");
    fs::rename(guides.join("incr-new.md"), guides.join("incr-renamed.md")).unwrap();
    events.wait_page(&server, "/guides/incr-renamed/", "Body INCR-3");
    // An existing guide renamed (nothing links to it).
    fs::rename(
        root.join("content/docs/project-format.md"),
        root.join("content/docs/format.md"),
    )
    .unwrap();
    events.wait_page(&server, "/docs/format/", "The project format");
    // An operation's summary in the spec.
    replace_in(
        &root.join("specs/streamline.yaml"),
        "summary: Create a customer\n",
        "summary: Create a customer INCR-5\n",
    );
    events.wait_page(&server, CREATE_CUSTOMER, "Create a customer INCR-5");
    // A template override.
    let template = fs::read_to_string(repo().join("themes/default/templates/guide.html")).unwrap();
    write_atomic(
        &root.join("templates/guide.html"),
        &template.replacen(
            "<article class=\"guide\">",
            "<article class=\"guide\" data-incr=\"INCR-6\">",
            1,
        ),
    );
    events.wait_page(&server, QUICKSTART, "INCR-6");
    // A static file and an asset beside the guides.
    write_atomic(&root.join("static/notes.txt"), "second notes INCR-7\n");
    events.wait_page(&server, "/notes.txt", "INCR-7");
    write_atomic(
        &guides.join("diagram.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    events.wait_page(&server, "/guides/diagram.svg", "<svg");
    // A section's title: the header of every page, reference pages included.
    replace_in(
        &guides.join("_index.md"),
        "title: Guides\n",
        "title: Guides INCR-9\n",
    );
    events.wait_page(&server, CREATE_CUSTOMER, "Guides INCR-9");
    // The API's version (on the home page) and a tag's description.
    replace_in(
        &root.join("specs/streamline.yaml"),
        "  version: 2.4.0\n",
        "  version: 2.5.0-incr\n",
    );
    events.wait_page(&server, "/", "2.5.0-incr");
    replace_in(
        &root.join("specs/streamline.yaml"),
        "      Customers are the people who subscribe",
        "      INCR-10 Customers are the people who subscribe",
    );
    events.wait_page(&server, "/api/streamline/tags/customers/", "INCR-10");
    // A guide's description and a new heading; a guide turned into a draft.
    replace_in(
        &guides.join("entitlements.md"),
        "description: ",
        "description: INCR-11 ",
    );
    events.wait_page(&server, "/guides/", "INCR-11");
    replace_in(
        &guides.join("checkout-flow.md"),
        "\n## ",
        "\n## Added heading INCR-12\n\nText.\n\n## ",
    );
    events.wait_page(&server, "/guides/checkout-flow/", "Added heading INCR-12");
    replace_in(
        &guides.join("incr-renamed.md"),
        "title: Added INCR-3\n",
        "title: Added INCR-3\ndraft: true\n",
    );
    events.wait_reload("/guides/incr-renamed/");
    // The site's title in portico.toml.
    replace_in(
        &root.join("portico.toml"),
        "title = \"StreamLine Developers\"",
        "title = \"StreamLine INCR-8\"",
    );
    events.wait_page(&server, "/", "StreamLine INCR-8");

    server.wait_idle();
    let served = server.site();
    let out = tempfile::tempdir().unwrap();
    let output = run(
        root,
        &[
            "build",
            "--base-url",
            &server.url,
            "--output",
            out.path().join("site").to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let built = tree(&out.path().join("site"));

    let served_paths: BTreeSet<&String> = served.keys().collect();
    let built_paths: BTreeSet<&String> = built.keys().collect();
    assert_eq!(
        served_paths.difference(&built_paths).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "served but not built"
    );
    assert_eq!(
        built_paths.difference(&served_paths).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "built but not served"
    );
    let differ: Vec<&String> = built
        .iter()
        .filter(|(path, bytes)| served[*path] != **bytes)
        .map(|(path, _)| path)
        .collect();
    assert!(
        differ.is_empty(),
        "{} files differ from a full build, first: {}",
        differ.len(),
        first_difference(&served[differ[0]], &built[differ[0]], differ[0])
    );
    // The edits are all in there.
    for (path, needle) in [
        ("guides/quickstart/index.html", "INCR-1"),
        ("guides/quickstart/index.html", "Webhooks INCR-2"),
        ("docs/format/index.html", "The project format"),
        (
            "api/streamline/operations/create-customer/index.html",
            "INCR-5",
        ),
        ("guides/webhooks/index.html", "INCR-6"),
        ("notes.txt", "INCR-7"),
        ("index.html", "StreamLine INCR-8"),
    ] {
        assert!(
            String::from_utf8_lossy(&built[path]).contains(needle),
            "{path}: {needle}"
        );
    }
    assert!(built.contains_key("guides/diagram.svg"));
    assert!(!built.contains_key("docs/project-format/index.html"));
    assert!(!built.contains_key("guides/incr-new/index.html"));
    assert!(!built.contains_key("guides/incr-renamed/index.html"));
}

/// Where two versions of a file first differ, for a failure message.
fn first_difference(served: &[u8], built: &[u8], path: &str) -> String {
    let at = served
        .iter()
        .zip(built)
        .position(|(a, b)| a != b)
        .unwrap_or(served.len().min(built.len()));
    let show = |bytes: &[u8]| {
        let start = at.saturating_sub(80);
        let end = (at + 120).min(bytes.len());
        String::from_utf8_lossy(&bytes[start.min(end)..end]).into_owned()
    };
    format!(
        "{path} at byte {at} (served {} bytes, built {}):\n served: {:?}\n built:  {:?}",
        served.len(),
        built.len(),
        show(served),
        show(built)
    )
}

#[test]
fn http_paths_redirects_methods_and_headers() {
    let dir = project();
    let server = Server::start(dir.path());

    let page = server.get(QUICKSTART);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(
        live_script(&page.body).is_some(),
        "one live-reload script, right before </body>"
    );
    assert_eq!(server.get("/guides/quickstart/index.html").body, page.body);

    let head = server.head(QUICKSTART);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(page.body.len().to_string().as_str())
    );

    let redirect = server.get("/guides");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/guides/"));
    let with_query = server.get("/guides/quickstart?tab=go");
    assert_eq!(with_query.status, 308);
    assert_eq!(
        with_query.header("location"),
        Some("/guides/quickstart/?tab=go")
    );

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.is_html());
    let not_found = server.get("/404.html");
    assert_eq!(not_found.status, 200);
    assert_eq!(missing.body, not_found.body);

    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let response = server.request(method, QUICKSTART);
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD"), "{method}");
    }
    for bad in [
        "/%zz",
        "/%ff",
        "/a//b",
        "/./index.html",
        "/guides/%2e/",
        "/%00",
    ] {
        assert_eq!(server.get(bad).status, 400, "{bad}");
    }

    for (path, kind) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/search.js", "text/javascript; charset=utf-8"),
        ("/__portico/live.js", "text/javascript; charset=utf-8"),
        ("/api/streamline/openapi.yaml", "text/yaml; charset=utf-8"),
        ("/assets/favicon.svg", "image/svg+xml; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(kind), "{path}");
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
    }

    let status = server.status();
    assert_eq!(status["generation"], 1);
    assert_eq!(status["failed"], false);
    assert_eq!(status["search_current"], true);
    let manifest = server.manifest();
    assert_eq!(status["files"].as_u64().unwrap() as usize, manifest.len());
    let mut sorted = manifest.clone();
    sorted.sort();
    assert_eq!(manifest, sorted);
    assert!(manifest.contains(&"guides/quickstart/index.html".to_string()));
    assert!(manifest.contains(&"search/index.json".to_string()));
    assert!(!manifest.iter().any(|p| p.starts_with("__portico")));
}

#[test]
fn nothing_outside_the_site_is_served_and_odd_requests_do_not_hurt() {
    let dir = project();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    fs::write(&secret, "TOP-SECRET-OUTSIDE\n").unwrap();
    write_files(dir.path(), &[("static/notes.txt", "public notes\n")]);
    let server = Server::start(dir.path());
    let mut events = server.events();

    // Project sources are not part of the site, however the path is spelled.
    for path in [
        "/../portico.toml",
        "/%2e%2e/portico.toml",
        "/%2E%2E/portico.toml",
        "/..%2fportico.toml",
        "/..%5cportico.toml",
        "/guides/../../portico.toml",
        "/portico.toml",
        "/specs/streamline.yaml",
        "/content/guides/quickstart.md",
        "/static/notes.txt",
    ] {
        let response = server.get(path);
        assert!(
            response.status == 400 || response.status == 404,
            "{path}: {}",
            response.status
        );
        let text = response.text();
        assert!(!text.contains("[[apis]]"), "{path} served portico.toml");
        assert!(!text.contains("operationId:"), "{path} served the spec");
        assert!(
            !text.contains("weight: 1"),
            "{path} served a guide's source"
        );
    }
    assert_eq!(server.get("/../portico.toml").status, 400);
    assert_eq!(server.get("/%2e%2e/portico.toml").status, 400);
    assert_eq!(server.get("/..%2fportico.toml").status, 400);
    assert_eq!(server.get("/specs/streamline.yaml").status, 404);
    let download = server.get("/api/streamline/openapi.yaml");
    assert_eq!(download.status, 200);
    assert!(download.text().contains("operationId: createCustomer"));
    assert_eq!(server.page("/notes.txt"), "public notes\n");

    // A symlink out of the project added to static/: the build refuses it.
    std::os::unix::fs::symlink(&secret, dir.path().join("static/leak.txt")).unwrap();
    let problems = events.wait_event("problems");
    assert!(
        problems.data["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["file"] == "static/leak.txt"),
        "{problems:?}"
    );
    let leak = server.get("/leak.txt");
    assert_eq!(leak.status, 404);
    assert!(!leak.text().contains("TOP-SECRET"));
    // A served static file replaced by such a symlink: the last good site names it, but its
    // content is read only while it stays inside the project.
    let link = dir.path().join("static/.notes.txt.link");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    fs::rename(&link, dir.path().join("static/notes.txt")).unwrap();
    let notes = server.get("/notes.txt");
    assert!(
        !notes.text().contains("TOP-SECRET"),
        "served the outside file"
    );
    assert_ne!(notes.status, 200);
    events.wait_event("problems");
    let notes = server.get("/notes.txt");
    assert!(
        !notes.text().contains("TOP-SECRET"),
        "served the outside file"
    );
    for path in server.manifest() {
        let response = server.get(&format!("/{}", encode_path(&path)));
        assert!(!response.text().contains("TOP-SECRET"), "/{path}");
    }

    // A 100 KB request target and malformed requests: an error or a closed connection, and
    // the server keeps serving.
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(100_000),
        server.addr
    );
    let odd: Vec<Vec<u8>> = vec![
        long.into_bytes(),
        b"NOT A REQUEST\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        b"GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".to_vec(),
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage-tls-hello\r\n\r\n".to_vec(),
    ];
    for request in &odd {
        let shown = String::from_utf8_lossy(&request[..request.len().min(40)]).into_owned();
        if let Ok(response) = raw(&server.addr, request) {
            if let Some(status) = raw_status(&response) {
                assert!(status >= 400, "{shown:?} got {status}");
            }
            assert!(!String::from_utf8_lossy(&response).contains("TOP-SECRET"));
        }
        assert_eq!(server.get("/").status, 200, "not serving after {shown:?}");
    }
    let mut server = server;
    assert!(server.exited().is_none(), "the server died");

    // A build never carries the preview's script or endpoints.
    fs::remove_file(dir.path().join("static/leak.txt")).unwrap();
    fs::remove_file(dir.path().join("static/notes.txt")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let output = run(dir.path(), &["build", "--output", site.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (path, bytes) in tree(&site) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__portico"),
            "{path} mentions __portico"
        );
    }
}

#[test]
fn a_symlink_out_of_the_project_at_startup_is_never_served() {
    let dir = project();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "TOP-SECRET-OUTSIDE\n").unwrap();
    fs::create_dir(dir.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dir.path().join("static/leak.txt"),
    )
    .unwrap();
    let server = Server::start(dir.path());
    // No good build yet: every path answers with the problems page.
    let leak = server.get("/leak.txt");
    assert_eq!(leak.status, 503);
    assert!(!leak.text().contains("TOP-SECRET"));
    assert!(live_script(&leak.body).is_some(), "{}", leak.text());
    // serve's own page runs no inline script either.
    let policy = leak.header("content-security-policy").unwrap_or_default();
    assert!(policy.contains("script-src 'self'"), "{policy:?}");
    assert!(leak
        .text()
        .contains("http-equiv=\"Content-Security-Policy\""));
    let status = server.status();
    assert_eq!(status["failed"], true);
    assert_eq!(status["generation"], 0);
    let mut events = server.events();
    let problems = events.next(EVENT_TIMEOUT).unwrap();
    assert_eq!(problems.name, "problems");
    assert!(problems.data["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["file"] == "static/leak.txt"));

    // Removing it recovers.
    fs::remove_file(dir.path().join("static/leak.txt")).unwrap();
    events.wait_event("ok");
    events.wait_for("reload", |e| e.data["paths"].is_null(), EVENT_TIMEOUT);
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/leak.txt").status, 404);
}

#[test]
fn without_a_port_a_taken_default_is_skipped_and_a_taken_explicit_port_is_an_error() {
    let dir = project();
    // Hold 4000 if nobody does; if it cannot be bound, it is taken already, which is as good.
    let holder = TcpListener::bind("127.0.0.1:4000").ok();
    let server = Server::spawn(dir.path(), &[]).unwrap_or_else(|f| panic!("{f:?}"));
    assert_ne!(server.port, 4000, "{}", server.url);
    assert_eq!(server.url, format!("http://127.0.0.1:{}/", server.port));
    let home = server.page("/");
    assert!(home.contains("StreamLine"));
    drop(server);
    drop(holder);

    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let started = Instant::now();
    let failed = match Server::spawn(dir.path(), &["--port", &port]) {
        Ok(server) => panic!("serve started on a taken port: {}", server.url),
        Err(failed) => failed,
    };
    assert_eq!(
        failed.status.and_then(|s| s.code()),
        Some(1),
        "{}",
        failed.stderr
    );
    assert!(
        failed.stderr.contains(&format!("127.0.0.1:{port}")),
        "{}",
        failed.stderr
    );
    assert!(failed.stderr.contains("--port"), "{}", failed.stderr);
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn pages_stay_whole_under_load_while_the_guide_is_edited() {
    const EDITS: usize = 20;
    let dir = project();
    let file = quickstart(dir.path());
    let original = fs::read_to_string(&file).unwrap();
    let marked = |i: usize| {
        original.replacen(
            QUICKSTART_OPENING,
            &format!("LOADMARK-{i:02}-END {QUICKSTART_OPENING}"),
            1,
        )
    };
    write_atomic(&file, &marked(0));
    let server = Server::start(dir.path());
    let mut events = server.events();
    let url = format!("{}guides/quickstart/", server.url);

    let wrk = match Command::new("wrk").arg("--version").output() {
        Ok(_) => Some(
            Command::new("wrk")
                .args(["-t2", "-c32", "-d3s", "--latency", &url])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("wrk runs"),
        ),
        Err(_) => {
            loud(
                "SKIPPED the wrk part of serve load test: no `wrk` on PATH (Debian package `wrk`)",
            );
            None
        }
    };

    let editing = Arc::new(AtomicBool::new(true));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let addr = server.addr.clone();
            let editing = editing.clone();
            std::thread::spawn(move || {
                let mut seen = BTreeSet::new();
                let mut problems = Vec::new();
                let mut fetches = 0;
                let mut last_round = false;
                loop {
                    if !editing.load(Ordering::SeqCst) {
                        if last_round {
                            break;
                        }
                        last_round = true;
                    }
                    fetches += 1;
                    match request(&addr, "GET", QUICKSTART) {
                        Ok(response) => {
                            let text = response.text();
                            let marks: Vec<&str> = text
                                .match_indices("LOADMARK-")
                                .map(|(i, _)| &text[i..(i + 15).min(text.len())])
                                .collect();
                            if response.status != 200 {
                                problems.push(format!("status {}", response.status));
                            } else if !text.trim_end().ends_with("</html>") {
                                problems.push(format!("incomplete page of {} bytes", text.len()));
                            } else if marks.len() != 1 {
                                problems.push(format!("markers {marks:?}"));
                            } else {
                                seen.insert(marks[0].to_string());
                            }
                        }
                        Err(e) => problems.push(format!("request failed: {e}")),
                    }
                }
                (fetches, seen, problems)
            })
        })
        .collect();

    for i in 1..=EDITS {
        std::thread::sleep(Duration::from_millis(100));
        write_atomic(&file, &marked(i));
    }
    let last = format!("LOADMARK-{EDITS:02}-END");
    events.wait_page(&server, QUICKSTART, &last);
    editing.store(false, Ordering::SeqCst);

    let mut all_seen = BTreeSet::new();
    for reader in readers {
        let (fetches, seen, problems) = reader.join().unwrap();
        assert!(
            problems.is_empty(),
            "{} bad fetches: {problems:?}",
            problems.len()
        );
        assert!(fetches > 1, "{fetches}");
        all_seen.extend(seen);
    }
    // The readers saw the page change while it was edited.
    assert!(all_seen.len() > 1, "{all_seen:?}");
    assert!(all_seen.contains(&last), "{all_seen:?}");

    if let Some(wrk) = wrk {
        let output = wrk.wait_with_output().unwrap();
        let report = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{report}\n{}", stderr(&output));
        assert!(!report.contains("Socket errors"), "{report}");
        assert!(!report.contains("Non-2xx or 3xx responses"), "{report}");
        let requests: u64 = report
            .lines()
            .find(|l| l.contains(" requests in "))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no request count in {report}"));
        assert!(requests > 0, "{report}");
        loud(&format!(
            "serve under wrk while editing: {}",
            report
                .lines()
                .filter(|l| l.contains("requests in")
                    || l.contains("Requests/sec")
                    || l.contains(" 99%"))
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    let mut server = server;
    assert!(server.exited().is_none());
}

/// Sleep until the wall clock enters its next second (and a little into it).
fn next_second() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    std::thread::sleep(Duration::from_nanos(
        1_000_000_000 - u64::from(now.subsec_nanos()) + 20_000_000,
    ));
}

#[test]
fn with_poll_an_edit_is_still_picked_up() {
    let dir = project();
    let server = Server::start_with(dir.path(), &["--poll"]);
    let mut events = server.events();
    let file = quickstart(dir.path());
    let started = Instant::now();
    replace_in(&file, QUICKSTART_OPENING, "POLLED-EDIT then");
    let reload = events.wait_for("reload", |e| e.covers(QUICKSTART), Duration::from_secs(3));
    let took = reload.at - started;
    assert!(took < Duration::from_secs(2), "picked up after {took:?}");
    assert!(server.page(QUICKSTART).contains("POLLED-EDIT then"));
}

#[test]
fn with_poll_two_saves_within_a_second_are_both_picked_up() {
    let dir = project();
    let server = Server::start_with(dir.path(), &["--poll"]);
    let mut events = server.events();
    let file = quickstart(dir.path());
    next_second();
    let first = Instant::now();
    replace_in(&file, QUICKSTART_OPENING, "POLL-FIRST then");
    events.wait_page(&server, QUICKSTART, "POLL-FIRST then");
    assert!(
        first.elapsed() < Duration::from_millis(900),
        "too slow to make the second save in the same second; the test proves nothing"
    );
    // Same second as the first save: only the content differs.
    replace_in(&file, "POLL-FIRST then", "POLL-SECOND then");
    events.wait_page(&server, QUICKSTART, "POLL-SECOND then");
}

#[test]
fn while_a_spec_is_broken_its_download_is_the_last_good_one() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let spec = dir.path().join("specs/streamline.yaml");
    let before = server.get("/api/streamline/openapi.yaml");
    assert_eq!(before.status, 200);
    replace_in(
        &spec,
        "      summary: Create a customer\n",
        "      summary: Create a customer: oops\n",
    );
    events.wait_event("problems");
    // The reference pages are the last good build's; the download must be too.
    assert!(!server.page(CREATE_CUSTOMER).contains("oops"));
    let during = server.get("/api/streamline/openapi.yaml");
    assert_eq!(during.status, 200);
    assert!(
        !during.text().contains("Create a customer: oops"),
        "the download serves the broken spec"
    );
    assert_eq!(during.body, before.body);
}

#[test]
fn the_search_index_is_served_while_it_is_rebuilt() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    assert_eq!(server.get("/search/index.json").status, 200);

    replace_in(
        &dir.path().join("portico.toml"),
        "title = \"StreamLine Developers\"",
        "title = \"StreamLine Renamed\"",
    );
    events.wait_page(&server, "/", "StreamLine Renamed");
    // Until the new index is ready the site carries the previous one (whole, only older).
    let mut answers = Vec::new();
    loop {
        answers.push(server.get("/search/index.json").status);
        let status = server.status();
        if status["search_current"] == true && status["busy"] == false {
            break;
        }
    }
    answers.push(server.get("/search/index.json").status);
    assert!(
        answers.iter().all(|s| *s == 200),
        "search/index.json answered {answers:?} while the index was rebuilt"
    );
}

#[test]
fn an_editor_backup_changes_serve_and_build_alike() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let guides = dir.path().join("content/guides");
    fs::copy(
        guides.join("quickstart.md"),
        guides.join("quickstart.md.bak"),
    )
    .unwrap();
    fs::copy(guides.join("webhooks.md"), guides.join("webhooks.md.orig")).unwrap();
    let seen = events.during(Duration::from_millis(600));
    server.wait_idle();

    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let output = run(
        dir.path(),
        &[
            "build",
            "--base-url",
            &server.url,
            "--output",
            site.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let built: BTreeSet<String> = tree(&site).into_keys().collect();
    let served: BTreeSet<String> = server.manifest().into_iter().collect();
    assert_eq!(
        built.symmetric_difference(&served).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "serve and build disagree (events after the backups: {seen:?})"
    );
}

#[test]
fn the_status_is_busy_while_a_burst_of_changes_is_collected() {
    let dir = project();
    let server = Server::start(dir.path());
    let file = quickstart(dir.path());
    let text = fs::read_to_string(&file).unwrap();
    let generation = server.generation();

    // Saves 2 ms apart for 200 ms: never quiet long enough for a build to start early.
    let writer = {
        let file = file.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut i = 0;
            while started.elapsed() < Duration::from_millis(200) {
                fs::write(&file, format!("{text}\nburst {i}\n")).unwrap();
                i += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(50));
    let mut seen = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(100) {
        let status = server.status();
        seen.push((status["busy"].clone(), status["generation"].clone()));
        std::thread::sleep(Duration::from_millis(5));
    }
    writer.join().unwrap();
    assert!(
        seen.iter().any(|(busy, _)| *busy == true),
        "never busy while saves kept coming (generation was {generation}): {seen:?}"
    );
}

#[test]
fn a_file_written_into_a_new_folder_during_its_first_build_is_picked_up() {
    let dir = project();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let template = fs::read_to_string(repo().join("themes/default/templates/guide.html")).unwrap();
    let marked = template.replacen(
        "<article class=\"guide\">",
        "<article class=\"guide\" data-test=\"NEW-FOLDER-MARKER\">",
        1,
    );
    // As `cp -r` does: the folder, an empty file, then its bytes a moment later.
    let folder = dir.path().join("templates");
    fs::create_dir(&folder).unwrap();
    fs::File::create(folder.join("guide.html")).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    fs::write(folder.join("guide.html"), &marked).unwrap();
    events.wait_page(&server, QUICKSTART, "NEW-FOLDER-MARKER");
}

#[test]
fn with_write_the_output_folder_gets_what_build_would_write() {
    let dir = project();
    let server = Server::start_with(dir.path(), &["--write"]);
    let mut events = server.events();
    let file = quickstart(dir.path());
    replace_in(&file, QUICKSTART_OPENING, "WRITTEN-EDIT then");
    events.wait_page(&server, QUICKSTART, "WRITTEN-EDIT then");
    server.wait_idle();
    let written = dir.path().join("public/guides/quickstart/index.html");
    let text = fs::read_to_string(&written).expect("serve --write wrote the page");
    assert!(
        text.contains("WRITTEN-EDIT then"),
        "the written page has the edit"
    );
    assert!(
        !text.contains("__portico"),
        "no live-reload script in written pages"
    );
    let built = tempfile::tempdir().unwrap();
    let out = built.path().join("site");
    let base = server.url.clone();
    let output = common::run(
        dir.path(),
        &[
            "build",
            "--base-url",
            &base,
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(
        common::tree(&dir.path().join("public")),
        common::tree(&out),
        "serve --write writes what build writes"
    );
}

#[test]
fn a_file_a_spec_reaches_through_ref_outside_specs_is_watched() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("portico.toml", "title = \"Split\"\n"),
            (
                "specs/pets.yaml",
                "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      summary: List pets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '../shared/pet.yaml'}\n",
            ),
            (
                "shared/pet.yaml",
                "type: object\nproperties:\n  name: {type: string, description: The first name}\n",
            ),
        ],
    );
    let server = Server::start(root);
    let mut events = server.events();
    let page = "/api/pets/operations/list-pets/";
    assert!(server.page(page).contains("The first name"));
    // shared/ is not an input folder: it is watched because the spec reaches it.
    fs::write(
        root.join("shared/pet.yaml"),
        "type: object\nproperties:\n  name: {type: string, description: The given name}\n",
    )
    .unwrap();
    events.wait_page(&server, page, "The given name");
}

/// The process of the `portico serve` started on `root`, found by its command line (the harness
/// keeps the child to itself; the temporary root is unique to the test).
fn server_pid(root: &Path) -> u32 {
    let root = root.to_string_lossy().into_owned();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(cmdline) = fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.iter().any(|a| a == "serve") && args.contains(&root) {
            return pid;
        }
    }
    panic!("no portico serve process for {root}");
}

/// Resident memory of a process, in kilobytes.
fn resident_kb(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no VmRSS in {status}"))
}

/// Memory after abuse stays within twice the memory before plus 50 MB.
fn assert_memory_bounded(pid: u32, before_kb: u64, what: &str) {
    let after = resident_kb(pid);
    assert!(
        after < 2 * before_kb + 50 * 1024,
        "{what}: resident memory went from {before_kb} kB to {after} kB"
    );
}

/// How the server dealt with one abusive request.
#[derive(Debug, PartialEq)]
enum Outcome {
    Status(u16),
    /// Closed (or reset) without a status line.
    Closed,
    /// Still open, silent, long after the server should have given up on it.
    Hung,
}

/// Send `bytes` (a write the server cuts short counts as its answer) and read until the server
/// closes. The connection is never half-closed: the server must decide on its own.
fn abuse(addr: &str, bytes: &[u8]) -> (Outcome, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    // Well past the server's stall limit (10 s), so only a connection it keeps forever hangs.
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    let _ = stream.write_all(bytes);
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return (Outcome::Hung, out)
            }
            Err(_) => break,
        }
    }
    let outcome = raw_status(&out).map_or(Outcome::Closed, Outcome::Status);
    (outcome, out)
}

/// `GET /` answers with the home page, within the harness's I/O timeout.
fn assert_serving(server: &Server, after: &str) {
    let response = request(&server.addr, "GET", "/")
        .unwrap_or_else(|e| panic!("no answer after {after}: {e}\n{}", server.stderr()));
    assert_eq!(response.status, 200, "after {after}");
    assert!(response.text().contains("</html>"), "after {after}");
}

#[test]
fn huge_and_malformed_requests_get_a_client_error_or_a_closed_connection() {
    let dir = project();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "TOP-SECRET-OUTSIDE\n").unwrap();
    let server = Server::start(dir.path());
    let pid = server_pid(dir.path());
    assert_serving(&server, "start");
    let before = resident_kb(pid);
    // Closed after the answer, so a case does not wait out the idle keep-alive limit.
    let host = format!("Host: {}\r\nConnection: close\r\n", server.addr);
    let secret = outside.path().join("secret.txt");
    let secret = secret.to_string_lossy();

    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    let mut case = |name: &str, bytes: Vec<u8>| cases.push((name.to_string(), bytes));
    case(
        "a 1 MB request line",
        format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a".repeat(1 << 20)).into_bytes(),
    );
    let many: String = (0..10_000)
        .map(|i| format!("X-Header-{i}: {i}\r\n"))
        .collect();
    case(
        "10,000 headers",
        format!("GET / HTTP/1.1\r\n{host}{many}\r\n").into_bytes(),
    );
    case(
        "a 1 MB header",
        format!(
            "GET / HTTP/1.1\r\n{host}X-Big: {}\r\n\r\n",
            "b".repeat(1 << 20)
        )
        .into_bytes(),
    );
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    case("binary garbage", garbage);
    case("an HTTP/0.9 request", b"GET /\r\n\r\n".to_vec());
    case(
        "an HTTP/0.9 request for a file outside",
        format!("GET {secret}\r\n\r\n").into_bytes(),
    );
    case("a bare line", b"\r\n\r\n\r\n".to_vec());
    for method in ["FOO", "get", "G\x01T", "PROPFIND", "CONNECT", "TRACE"] {
        case(
            &format!("method {method:?}"),
            format!("{method} / HTTP/1.1\r\n{host}\r\n").into_bytes(),
        );
    }
    case(
        "a POST with a body",
        format!("POST / HTTP/1.1\r\n{host}Content-Length: 5\r\n\r\nhello").into_bytes(),
    );
    case(
        "a header without a colon",
        format!("GET / HTTP/1.1\r\n{host}NoColonHere\r\n\r\n").into_bytes(),
    );
    for target in [
        format!("http://{}/../../{secret}", server.addr),
        format!("file://{secret}"),
        secret.to_string(),
        format!("/..{secret}"),
        format!("/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e{secret}"),
        "*".to_string(),
        "//etc/passwd".to_string(),
        "/../portico.toml".to_string(),
    ] {
        case(
            &format!("target {target}"),
            format!("GET {target} HTTP/1.1\r\n{host}\r\n").into_bytes(),
        );
    }

    for (name, bytes) in &cases {
        let (outcome, response) = abuse(&server.addr, bytes);
        match outcome {
            Outcome::Status(status) => {
                assert!((400..500).contains(&status), "{name}: status {status}")
            }
            Outcome::Closed => {}
            Outcome::Hung => panic!("{name}: the server kept the connection, silent"),
        }
        let text = String::from_utf8_lossy(&response);
        assert!(!text.contains("TOP-SECRET"), "{name} read a file outside");
        assert!(!text.contains("[[apis]]"), "{name} served portico.toml");
        assert!(!text.contains("root:x:0"), "{name} served /etc/passwd");
        assert_serving(&server, name);
    }
    // The oversized ones are refused as too large, not merely dropped.
    let (outcome, _) = abuse(
        &server.addr,
        format!("GET / HTTP/1.1\r\n{host}{many}\r\n").as_bytes(),
    );
    assert_eq!(outcome, Outcome::Status(431), "10,000 headers");
    assert_memory_bounded(pid, before, "huge and malformed requests");
    let mut server = server;
    assert!(server.exited().is_none(), "the server died");
}

#[test]
fn slow_and_silent_clients_do_not_block_others_and_are_dropped() {
    use std::io::{Read, Write};
    let dir = project();
    let server = Server::start(dir.path());
    let pid = server_pid(dir.path());
    assert_serving(&server, "start");
    let before = resident_kb(pid);

    // Slowloris: requests whose headers never end, a connection that says nothing, and one
    // that stops after a response without closing (idle keep-alive).
    let mut held = Vec::new();
    for i in 0..100 {
        let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
        let start = format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow-{i}: waiting",
            server.addr
        );
        stream.write_all(start.as_bytes()).unwrap();
        held.push(stream);
    }
    held.push(std::net::TcpStream::connect(&server.addr).unwrap());
    let mut idle = std::net::TcpStream::connect(&server.addr).unwrap();
    write!(idle, "GET /assets/style.css HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    held.push(idle);
    // One that keeps sending a byte of its headers now and then, which must not buy it time.
    let dribbler = {
        let addr = server.addr.clone();
        std::thread::spawn(move || {
            let mut stream = std::net::TcpStream::connect(&addr).unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\nX-Drip: ").unwrap();
            // Stops at the server's deadline, or after 60 s when it has none.
            for _ in 0..120 {
                std::thread::sleep(Duration::from_millis(500));
                if stream.write_all(b"x").is_err() {
                    return true;
                }
            }
            false
        })
    };

    for i in 0..5 {
        assert_serving(&server, &format!("100 slow clients held open ({i})"));
    }
    let page = server.get(CREATE_CUSTOMER);
    assert_eq!(page.status, 200);

    // Each is closed by the server; none is kept for good.
    for (i, mut stream) in held.into_iter().enumerate() {
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut rest = Vec::new();
        let closed = loop {
            let mut buf = [0u8; 65536];
            match stream.read(&mut buf) {
                Ok(0) => break true,
                Ok(n) => rest.extend_from_slice(&buf[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    break false
                }
                Err(_) => break true,
            }
        };
        assert!(closed, "slow connection {i} was never closed by the server");
    }
    assert!(
        dribbler.join().unwrap(),
        "a client sending its headers a byte at a time was never cut off"
    );
    assert_serving(&server, "the slow clients were dropped");
    assert_memory_bounded(pid, before, "slow clients");
}

#[test]
fn five_hundred_concurrent_connections_are_all_answered() {
    use std::io::{Read, Write};
    const CLIENTS: usize = 500;
    let dir = project();
    let server = Server::start(dir.path());
    let pid = server_pid(dir.path());
    assert_serving(&server, "start");
    let before = resident_kb(pid);
    let paths = ["/", QUICKSTART, CREATE_CUSTOMER, "/assets/style.css"];
    let expected: Vec<Vec<u8>> = paths.iter().map(|p| server.get(p).body).collect();

    // Every client connects first, then all send at once: the server holds 500 connections.
    let ready = Arc::new(std::sync::Barrier::new(CLIENTS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let addr = server.addr.clone();
            let ready = ready.clone();
            let path = paths[i % paths.len()];
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || -> Result<Vec<u8>, String> {
                    let stream = std::net::TcpStream::connect(&addr);
                    ready.wait();
                    let mut stream = stream.map_err(|e| format!("connect: {e}"))?;
                    stream
                        .set_read_timeout(Some(Duration::from_secs(60)))
                        .unwrap();
                    write!(
                        stream,
                        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
                    )
                    .map_err(|e| format!("send: {e}"))?;
                    let mut out = Vec::new();
                    stream
                        .read_to_end(&mut out)
                        .map_err(|e| format!("read: {e}"))?;
                    Ok(out)
                })
                .unwrap()
        })
        .collect();
    let mut failures = Vec::new();
    for (i, client) in clients.into_iter().enumerate() {
        match client.join().unwrap() {
            Ok(response) => {
                let body_at = response
                    .windows(4)
                    .position(|w| w == b"\r\n\r\n")
                    .map(|p| p + 4);
                if raw_status(&response) != Some(200)
                    || body_at.map(|at| &response[at..]) != Some(&expected[i % paths.len()][..])
                {
                    failures.push(format!(
                        "{i}: {:?}",
                        String::from_utf8_lossy(&response[..response.len().min(60)])
                    ));
                }
            }
            Err(e) => failures.push(format!("{i}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {CLIENTS} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    assert_serving(&server, "500 concurrent connections");
    assert_memory_bounded(pid, before, "500 concurrent connections");
}
