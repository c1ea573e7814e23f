//! Helpers shared by the end-to-end tests: run the real `portico` binary on fixture projects in
//! temporary folders and look at what it wrote.
#![allow(dead_code)]

pub mod native;
pub mod serve;
pub mod static_server;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, which is itself the sample portal.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn portico() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portico"));
    command.env_remove("NO_COLOR");
    command
}

/// Run `portico` with `args`, from `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    portico()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("portico runs")
}

/// [`run`] with extra environment variables.
pub fn run_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    portico()
        .current_dir(cwd)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("portico runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copy the sample portal's sources (not its output or build folders) into `dest`.
pub fn copy_sample(dest: &Path) {
    for item in ["portico.toml", "content", "specs", "templates", "static"] {
        let from = repo().join(item);
        if from.exists() {
            copy_tree(&from, &dest.join(item));
        }
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap();
        return;
    }
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

/// Write `files` (path → text) under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let target = dir.join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, text).unwrap();
    }
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Values of `attr="..."` in an HTML text (the theme always quotes attributes).
pub fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        rest = &rest[start + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    values
}

/// Internal links of every HTML page in `site` that point nowhere: (page, href).
pub fn broken_links(site: &Path) -> Vec<(String, String)> {
    let mut broken = Vec::new();
    for (page, bytes) in tree(site) {
        if !page.ends_with(".html") || page == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = Path::new(&page)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for href in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if href.starts_with("http://")
                || href.starts_with("https://")
                || href.starts_with("mailto:")
            {
                continue;
            }
            let path = href.split('#').next().unwrap().split('?').next().unwrap();
            if path.is_empty() {
                continue; // same-page anchor
            }
            let target = portico::uri::normalise_relative(&dir.join(path));
            let exists = match &target {
                Some(t)
                    if href.ends_with('/') || path.ends_with('/') || t.as_os_str().is_empty() =>
                {
                    site.join(t).join("index.html").is_file()
                }
                Some(t) => site.join(t).is_file() || site.join(t).join("index.html").is_file(),
                None => false,
            };
            if !exists {
                broken.push((page.clone(), href));
            }
        }
    }
    broken
}

/// `METHOD /path` of every operation in a spec, read independently of Portico.
pub fn spec_operations(spec: &Path) -> Vec<String> {
    let text = fs::read_to_string(spec).unwrap();
    let value: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    let mut ops = Vec::new();
    for (path, item) in value["paths"].as_object().unwrap() {
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if item.get(method).is_some() {
                ops.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    ops
}

/// The shared corpus beside the checkout, when it is there.
pub fn corpus() -> Option<PathBuf> {
    let dir = repo().join("../shared/corpus");
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}

/// Where the browser tests find Chromium, or why they cannot run.
pub fn browser_setup() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        return Err(format!(
            "no Chromium at {} (Debian package `chromium`)",
            chromium.display()
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("no `node` on PATH".into());
    }
    let scripts = repo().join("tests/browser");
    if !scripts.join("node_modules/playwright-core").is_dir() {
        return Err(
            "tests/browser/node_modules is missing (run `npm ci --prefix tests/browser`)".into(),
        );
    }
    Ok((chromium, scripts))
}

/// Print past the test harness's output capture, so that a skip is never silent.
pub fn loud(message: &str) {
    use std::io::Write;
    match fs::OpenOptions::new().write(true).open("/dev/stderr") {
        Ok(mut tty) => {
            let _ = writeln!(tty, "{message}");
        }
        Err(_) => eprintln!("{message}"),
    }
}

/// Markup in `html` that could run script: script elements other than the theme's files,
/// frames, objects, inline styles blocks, `on*` attributes, and `javascript:`/`data:`/`vbscript:`
/// URLs. Text that a page shows is escaped, so every `<` in the page starts a real tag.
pub fn unsafe_markup(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let theme_script = name == "script"
            && (tag.contains("assets/portico.js\"") || tag.contains("assets/search.js\""));
        let theme_form = name == "form"
            && (tag.starts_with("form class=\"site-search\"")
                || tag.starts_with("form class=\"search-page__form\""));
        if matches!(
            name.as_str(),
            "script" | "iframe" | "object" | "embed" | "style" | "base" | "form"
        ) && !theme_script
            && !theme_form
        {
            found.push(format!("<{tag}>"));
        }
        for attribute in attributes(tag) {
            let (key, value) = attribute;
            let lower = value.trim().to_ascii_lowercase();
            // Event handlers run script; style attributes are refused by the pages' policy.
            if key.starts_with("on") || key == "style" {
                found.push(format!("<{tag}>: {key}"));
            }
            if matches!(
                key.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) && ["javascript:", "data:", "vbscript:"]
                .iter()
                .any(|s| lower.starts_with(s))
            {
                found.push(format!("<{tag}>: {key}={value}"));
            }
        }
        rest = &rest[end..];
    }
    found
}

/// `name="value"` pairs of a tag's text (the theme and the sanitiser always quote values).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = tag.char_indices().peekable();
    // Skip the tag name.
    while let Some((_, c)) = chars.peek() {
        if c.is_whitespace() {
            break;
        }
        chars.next();
    }
    let bytes = tag;
    loop {
        while chars
            .peek()
            .is_some_and(|(_, c)| c.is_whitespace() || *c == '/')
        {
            chars.next();
        }
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        while chars
            .peek()
            .is_some_and(|(_, c)| !c.is_whitespace() && *c != '=' && *c != '/')
        {
            chars.next();
        }
        let end = chars.peek().map_or(bytes.len(), |(i, _)| *i);
        let key = bytes[start..end].to_ascii_lowercase();
        let mut value = String::new();
        if chars.peek().is_some_and(|(_, c)| *c == '=') {
            chars.next();
            match chars.peek().map(|(_, c)| *c) {
                Some(quote @ ('"' | '\'')) => {
                    chars.next();
                    for (_, c) in chars.by_ref() {
                        if c == quote {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        if key.is_empty() {
            break;
        }
        out.push((
            key,
            value
                .replace("&amp;", "&")
                .replace("&#x3A;", ":")
                .replace("&colon;", ":"),
        ));
    }
    out
}

/// What one run of `portico` under [`run_bounded`] did.
#[derive(Debug)]
pub struct Bounded {
    /// The exit code, or `None` when a signal ended the process.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The process's peak resident memory, in KiB, from `/usr/bin/time` when it is there,
    /// otherwise the highest figure seen while polling (which can miss a last spike).
    pub peak_rss_kib: u64,
}

/// Memory above which a run is killed at once: a runaway child must not take the shared
/// machine down with it before the test can fail.
const RSS_GUARD_KIB: u64 = 3 * 1024 * 1024;

/// Run `portico` with `args` from `cwd`, killed (and the test failed) when it outlives `limit`
/// or its memory grows past a few gigabytes. It runs in its own process group, so the kill
/// reaches the `time` wrapper and portico alike.
pub fn run_bounded(cwd: &Path, args: &[&str], limit: std::time::Duration) -> Bounded {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::time::{Duration, Instant};

    let scratch = tempfile::tempdir().unwrap();
    let out_path = scratch.path().join("stdout");
    let err_path = scratch.path().join("stderr");
    let usage_path = scratch.path().join("usage");
    let time = Path::new("/usr/bin/time");
    let wrapped = time.is_file();
    let mut command = if wrapped {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&usage_path)
            .arg(env!("CARGO_BIN_EXE_portico"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_portico"))
    };
    command
        .env_remove("NO_COLOR")
        .current_dir(cwd)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .process_group(0);
    let mut child = command.spawn().expect("portico starts");
    let group = child.id();
    // procps `kill` reads `-PGID` as a signal name unless it follows `--`.
    let kill_group = || {
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--"])
            .arg(format!("-{group}"))
            .status();
    };
    let started = Instant::now();
    let mut polled_peak = 0;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let rss = group_rss_kib(group);
        polled_peak = polled_peak.max(rss);
        if rss > RSS_GUARD_KIB {
            kill_group();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "portico {args:?} in {} grew past {rss} KiB and was killed",
                cwd.display()
            );
        }
        if started.elapsed() > limit {
            kill_group();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "portico {args:?} in {} did not finish within {limit:?} and was killed; stderr so far:\n{}",
                cwd.display(),
                fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let usage = fs::read_to_string(&usage_path).unwrap_or_default();
    // GNU time reports a signal on a line of its own and exits with 128 + its number.
    let time_signal = usage
        .lines()
        .find_map(|l| l.strip_prefix("Command terminated by signal "))
        .and_then(|n| n.trim().parse().ok());
    let signal = status.signal().or(time_signal);
    let measured = usage
        .lines()
        .last()
        .and_then(|l| l.trim().parse::<u64>().ok());
    Bounded {
        code: if signal.is_some() {
            None
        } else {
            status.code()
        },
        signal,
        stdout: String::from_utf8_lossy(&fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned(),
        peak_rss_kib: measured.unwrap_or(polled_peak).max(polled_peak),
    }
}

/// Resident memory of `pid` and all its descendants, in KiB.
fn group_rss_kib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let own: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let children =
        fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    own + children
        .split_whitespace()
        .filter_map(|c| c.parse().ok())
        .map(group_rss_kib)
        .sum::<u64>()
}

impl Bounded {
    /// The process ended on its own terms: no panic, no signal (a stack overflow aborts with
    /// SIGABRT), no exit code 101.
    pub fn assert_no_crash(&self, case: &str) {
        assert!(
            self.signal.is_none(),
            "{case}: killed by signal {:?}\n{}",
            self.signal,
            self.stderr
        );
        assert_ne!(self.code, Some(101), "{case}: panicked\n{}", self.stderr);
        for sign in ["panicked", "RUST_BACKTRACE", "overflowed its stack"] {
            assert!(
                !self.stderr.contains(sign),
                "{case}: {sign} in stderr\n{}",
                self.stderr
            );
        }
    }

    /// A clean failure: exit code 1 and every `needle` in the messages.
    pub fn assert_error(&self, case: &str, needles: &[&str]) {
        self.assert_no_crash(case);
        assert_eq!(self.code, Some(1), "{case}: exit code\n{}", self.stderr);
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "{case}: `{needle}` missing from\n{}",
                self.stderr
            );
        }
    }

    /// A clean success.
    pub fn assert_success(&self, case: &str) {
        self.assert_no_crash(case);
        assert_eq!(self.code, Some(0), "{case}: exit code\n{}", self.stderr);
    }
}
