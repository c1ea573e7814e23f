//! Behaviour in a real headless Chromium (Debian's), driven by playwright-core scripts in
//! `tests/browser/`. Skipped, loudly, when Chromium or the scripts' dependencies are missing.

mod common;

use common::*;

fn run_script(script: &str, site: &std::path::Path) {
    let (chromium, scripts) = match browser_setup() {
        Ok(setup) => setup,
        Err(why) => {
            loud(&format!("SKIPPED browser test {script}: {why}"));
            return;
        }
    };
    let base = static_server::serve(site);
    let output = std::process::Command::new("node")
        .arg(scripts.join(script))
        .arg(&base)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{script} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn code_sample_tabs_switch_remember_and_degrade_without_javascript() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    run_script("tabs.mjs", &dir.path().join("public"));
}

#[test]
fn the_theme_follows_the_system_and_the_toggle_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    run_script("theme.mjs", &dir.path().join("public"));
}

#[test]
fn search_finds_as_you_type_opens_results_from_the_keyboard_and_degrades_without_javascript() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Like run_script, but keeps the script's report (timings) for `--nocapture`.
    let (chromium, scripts) = match browser_setup() {
        Ok(setup) => setup,
        Err(why) => {
            loud(&format!("SKIPPED browser test search.mjs: {why}"));
            return;
        }
    };
    let base = static_server::serve(&dir.path().join("public"));
    let output = std::process::Command::new("node")
        .arg(scripts.join("search.mjs"))
        .arg(&base)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    print!("{}", String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "search.mjs failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `portico serve` of `root`, killed when dropped; its log goes to `log`.
struct Server {
    child: std::process::Child,
    url: String,
}

impl Server {
    fn start(root: &std::path::Path, log: &std::path::Path) -> Server {
        use std::io::BufRead;
        let mut child = portico()
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .expect("portico serve starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        // Reads the address, then drains the rest so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(url) = line.strip_prefix("serving at ") {
                    let _ = sender.send(url.trim().to_string());
                }
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
        };
        match receiver.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(url) => server.url = url,
            Err(_) => panic!(
                "portico serve printed no address:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            ),
        }
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_reloads_changed_pages_swaps_stylesheets_and_overlays_build_problems() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    copy_sample(&project);
    let (chromium, scripts) = match browser_setup() {
        Ok(setup) => setup,
        Err(why) => {
            loud(&format!("SKIPPED browser test serve.mjs: {why}"));
            return;
        }
    };
    let log = dir.path().join("serve.log");
    let server = Server::start(&project, &log);
    let output = std::process::Command::new("node")
        .arg(scripts.join("serve.mjs"))
        .arg(&server.url)
        .arg(&project)
        .env("CHROMIUM", chromium)
        .env("THEME_CSS", repo().join("themes/default/static/style.css"))
        .output()
        .expect("node runs");
    drop(server);
    print!("{}", String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "serve.mjs failed:\n{}\nportico serve said:\n{}",
        String::from_utf8_lossy(&output.stderr),
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}

/// Run `csp.mjs MODE BASE ARGS...`; `false` when the browser tests are skipped.
fn run_csp(mode: &str, base: &str, args: &[String]) -> bool {
    let (chromium, scripts) = match browser_setup() {
        Ok(setup) => setup,
        Err(why) => {
            loud(&format!("SKIPPED browser test csp.mjs {mode}: {why}"));
            return false;
        }
    };
    let output = std::process::Command::new("node")
        .arg(scripts.join("csp.mjs"))
        .arg(mode)
        .arg(base)
        .args(args)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "csp.mjs {mode} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    true
}

/// Every HTML page of a built site, as URLs relative to its root (`guides/x/`, `404.html`).
fn site_pages(site: &std::path::Path) -> Vec<String> {
    tree(site)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| match p.strip_suffix("index.html") {
            Some(folder) => folder.to_string(),
            None => p,
        })
        .collect()
}

/// The policy in a page's `<meta http-equiv="Content-Security-Policy">`, if it has one.
fn page_policy(html: &str) -> Option<&str> {
    let start = html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"")?;
    let rest = &html[start..];
    let rest = &rest[rest.find("content=\"")? + 9..];
    Some(&rest[..rest.find('"')?])
}

#[test]
fn every_page_of_the_sample_portal_carries_the_content_security_policy() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut pages = 0;
    for (path, bytes) in tree(&dir.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        let policy = page_policy(&html).unwrap_or_else(|| panic!("{path} has no policy"));
        let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
        for wanted in [
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "default-src 'self'",
        ] {
            assert!(directives.contains(&wanted), "{path}: {wanted} in {policy}");
        }
        // Before any element it must govern.
        let head = &html[..html.find("</head>").unwrap()];
        let at = head.find("Content-Security-Policy").unwrap();
        for tag in ["<script", "<link", "<style"] {
            assert!(
                head.find(tag).is_none_or(|i| i > at),
                "{path}: {tag} before the policy"
            );
        }
        // What the policy would refuse is not there to begin with.
        let found = unsafe_markup(&html);
        assert!(found.is_empty(), "{path}: {found:?}");
    }
    assert!(pages > 50, "{pages} pages");
    assert_eq!(page_policy("<p>no policy</p>"), None);
    // A centred Markdown column is aligned by a class the stylesheet knows, not a style.
    let errors = std::fs::read_to_string(
        dir.path()
            .join("public/guides/errors-and-pagination/index.html"),
    )
    .unwrap();
    assert!(
        errors.contains("<td class=\"align-center\">409</td>"),
        "{errors}"
    );
    let css = std::fs::read_to_string(dir.path().join("public/assets/style.css")).unwrap();
    assert!(css.contains(".prose .align-center { text-align: center; }"));
}

#[test]
fn no_page_of_the_sample_portal_or_the_hostile_fixture_violates_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("sample");
    copy_sample(&sample);
    let hostile = dir.path().join("hostile");
    copy_tree(&repo().join("tests/fixtures/hostile"), &hostile);
    for project in [&sample, &hostile] {
        let output = run(project, &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let base = static_server::serve(&sample.join("public"));
    let mut pages = site_pages(&sample.join("public"));
    pages.push("search/?q=customer".into());
    if !run_csp("clean", &base, &pages) {
        return;
    }
    run_csp("theme", &base, &[]);

    let base = static_server::serve(&hostile.join("public"));
    let mut pages = site_pages(&hostile.join("public"));
    pages.extend(["search/?q=alert", "search/?q=script%20img"].map(String::from));
    run_csp("clean", &base, &pages);
}

#[test]
fn an_inline_script_added_by_a_template_override_is_blocked_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    write_files(
        dir.path(),
        &[(
            "templates/guide.html",
            "{% extends \"base.html\" %}{% block content %}\
             <script>window.__inlineRan = true;</script>\
             <button id=\"injected\" type=\"button\" onclick=\"window.__handlerRan = true\">x</button>\
             {{ content | safe }}{% endblock content %}",
        )],
    );
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let site = dir.path().join("public");
    let page = std::fs::read_to_string(site.join("guides/quickstart/index.html")).unwrap();
    assert!(
        page.contains("<script>window.__inlineRan = true;</script>"),
        "the override is in the page"
    );
    let base = static_server::serve(&site);
    run_csp(
        "blocked",
        &base,
        &["guides/quickstart/".into(), "guides/webhooks/".into()],
    );
}

#[test]
fn serve_pages_keep_the_policy_and_live_reload_works_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    copy_sample(&project);
    if let Err(why) = browser_setup() {
        loud(&format!("SKIPPED browser test csp.mjs serve: {why}"));
        return;
    }
    let log = dir.path().join("serve.log");
    let server = Server::start(&project, &log);
    let ok = std::panic::catch_unwind(|| {
        run_csp(
            "serve",
            &server.url,
            &[project.to_string_lossy().into_owned()],
        )
    });
    let said = std::fs::read_to_string(&log).unwrap_or_default();
    drop(server);
    if let Err(panic) = ok {
        eprintln!("portico serve said:\n{said}");
        std::panic::resume_unwind(panic);
    }
}
