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
