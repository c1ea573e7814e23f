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
