//! Builds a project with Portico's native operation and schema pages and with Tera only, and
//! compares the two (`tests/native_pages.rs`, and a corpus sample in `tests/corpus.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use portico::build::BuildOptions;

pub type Site = BTreeMap<String, Vec<u8>>;

/// Every file of the site built from `root`, written natively and through Tera only; `None`
/// when the project does not build.
pub fn try_built_both_ways(root: &Path) -> Option<[Site; 2]> {
    let out = tempfile::tempdir().unwrap();
    let mut sites = Vec::new();
    for tera_only in [false, true] {
        let site = out.path().join(format!("site-{tera_only}"));
        let options = BuildOptions {
            root: root.to_path_buf(),
            output: Some(site.clone()),
            tera_only,
            ..Default::default()
        };
        portico::build(&options).ok()?;
        sites.push(super::tree(&site));
    }
    sites.try_into().ok()
}

/// [`try_built_both_ways`] for a project that must build.
pub fn built_both_ways(root: &Path) -> [Site; 2] {
    try_built_both_ways(root).unwrap_or_else(|| panic!("{} does not build", root.display()))
}

/// The first line where two versions of a page differ, for the failure message.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let line = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.lines().count().min(b.lines().count()));
    format!(
        "line {}:\n  native: {:?}\n  tera:   {:?}",
        line + 1,
        a.lines().nth(line).unwrap_or("<end>"),
        b.lines().nth(line).unwrap_or("<end>")
    )
}

/// Asserts that both builds hold the same files with the same bytes; returns how many
/// operation and schema pages were compared.
pub fn assert_same_site(name: &str, [native, tera]: &[Site; 2]) -> usize {
    assert_eq!(
        native.keys().collect::<Vec<_>>(),
        tera.keys().collect::<Vec<_>>(),
        "{name}: not the same files"
    );
    let differing: Vec<String> = native
        .iter()
        .filter(|(path, bytes)| tera[*path] != **bytes)
        .map(|(path, bytes)| format!("{path}: {}", first_difference(bytes, &tera[path])))
        .collect();
    assert!(
        differing.is_empty(),
        "{name}: {} files differ between the native pages and Tera's; first:\n{}",
        differing.len(),
        differing[0]
    );
    native
        .keys()
        .filter(|p| {
            p.contains("/operations/") || p.contains("/webhooks/") || p.contains("/schemas/")
        })
        .count()
}
