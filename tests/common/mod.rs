//! Helpers shared by the end-to-end tests: run the real `portico` binary on fixture projects in
//! temporary folders and look at what it wrote.
#![allow(dead_code)]

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
            if key.starts_with("on") {
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
