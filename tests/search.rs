//! Search: the index `build` writes, and the theme's own search engine (`search.js`, run in
//! Node) on it: relevance sets for the sample portal and GitHub's REST API, Unicode text, and
//! the browser tokeniser against the index's. Node-based tests skip loudly without `node`.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn node_available() -> bool {
    Command::new("node").arg("--version").output().is_ok()
}

fn build_project(dir: &Path) -> PathBuf {
    let output = run(dir, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    dir.join("public")
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every stored record of a built site's index: `[kind, title, url, api, method, subtitle,
/// excerpt]`.
fn records(site: &Path) -> Vec<serde_json::Value> {
    let meta = read_json(&site.join("search/index.json"));
    let build = meta["build"].as_str().unwrap();
    let mut all = Vec::new();
    for i in 0..meta["stores"].as_u64().unwrap() {
        let rows = read_json(&site.join(format!("search/{build}/r{i}.json")));
        all.extend(rows.as_array().unwrap().iter().cloned());
    }
    assert_eq!(all.len() as u64, meta["records"].as_u64().unwrap());
    all
}

/// Runs `tests/search/relevance.mjs` on a query set; returns its report.
fn relevance(site: &Path, queries: &Path) -> (bool, String) {
    let output = Command::new("node")
        .arg(repo().join("tests/search/relevance.mjs"))
        .arg(site)
        .arg(queries)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), report)
}

/// A relevance set of at least 30 queries: every expected result in the top 3, 90% first.
fn assert_relevance(site: &Path, set: &str) {
    let (ok, report) = relevance(site, &repo().join(set));
    let (queries, top1, top3) = figures(&report);
    println!("{report}");
    assert!(queries >= 30, "{set} has {queries} queries");
    assert!(
        ok && top3 == queries,
        "{set}: every expected result in the top 3:\n{report}"
    );
    assert!(top1 * 10 >= queries * 9, "{set}: top 1 for 90%:\n{report}");
}

/// "`N` queries: top 1 `a` (..%), top 3 `b` (..%)" → (N, a, b).
fn figures(report: &str) -> (usize, usize, usize) {
    let line = report
        .lines()
        .find(|l| l.contains(" queries: top 1 "))
        .unwrap_or_else(|| panic!("no summary in:\n{report}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    // [N, 1, a, a%, 3, b, b%, ...]
    (numbers[0], numbers[2], numbers[5])
}

#[test]
fn the_sample_portal_is_indexed_and_every_result_leads_to_a_page_and_anchor() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let site = build_project(dir.path());
    let records = records(&site);
    let count = |kind: &str| records.iter().filter(|r| r[0] == kind).count();
    assert_eq!(count("operation"), 47);
    assert_eq!(count("schema"), 60);
    assert_eq!(count("api"), 1);
    assert!(count("guide") >= 9, "{}", count("guide"));
    assert!(count("section") >= 40, "{}", count("section"));
    for record in &records {
        let url = record[2].as_str().unwrap();
        let (page, anchor) = url.split_once('#').unwrap_or((url, ""));
        let file = site.join(page).join("index.html");
        let html = fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("search result {url} has no page {}", file.display()));
        if !anchor.is_empty() {
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "search result {url}: no element with id {anchor}"
            );
        }
        if record[0] == "operation" {
            assert!(
                ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&record[4].as_str().unwrap())
            );
            assert!(record[5].as_str().unwrap().starts_with('/'), "{record}");
            assert_eq!(record[3], 0, "operations name their API");
        }
    }
    // Every page loads the search script, has the header form, and the search page exists.
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("<script src=\"assets/search.js\" defer></script>"));
    assert!(home.contains("<form class=\"site-search\" role=\"search\" action=\"search/\""));
    let page = fs::read_to_string(site.join("search/index.html")).unwrap();
    assert!(
        page.contains("<noscript>"),
        "the search page explains itself without script"
    );
    assert!(page.contains("id=\"search-page-input\""));
}

#[test]
fn the_index_is_split_into_small_files_that_a_query_fetches_few_of() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let site = build_project(dir.path());
    let meta = read_json(&site.join("search/index.json"));
    let build = meta["build"].as_str().unwrap();
    let boundaries: Vec<&str> = meta["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(boundaries.len() > 5, "{}", boundaries.len());
    assert!(boundaries.windows(2).all(|w| w[0] < w[1]), "sorted");
    let files: BTreeSet<String> = fs::read_dir(site.join("search").join(build))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files.len(),
        boundaries.len() + meta["stores"].as_u64().unwrap() as usize
    );
    for (i, boundary) in boundaries.iter().enumerate() {
        let chunk = read_json(&site.join(format!("search/{build}/t{i}.json")));
        let terms: Vec<&String> = chunk.as_object().unwrap().keys().collect();
        // Each chunk holds the terms from its boundary up to the next one.
        assert!(terms.iter().all(|t| t.as_str() >= *boundary), "chunk {i}");
        if let Some(next) = boundaries.get(i + 1) {
            assert!(terms.iter().all(|t| t.as_str() < *next), "chunk {i}");
        }
        let size = fs::metadata(site.join(format!("search/{build}/t{i}.json")))
            .unwrap()
            .len();
        assert!(size < 16 * 1024, "chunk {i} is {size} bytes");
    }
    // The same build twice gives the same index (and so the same cacheable file names).
    let again = build_project(dir.path());
    assert_eq!(read_json(&again.join("search/index.json")), meta);
}

#[test]
fn relevance_on_the_sample_portal() {
    if !node_available() {
        loud("SKIPPED search relevance on the sample portal: no `node` on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let site = build_project(dir.path());
    assert_relevance(&site, "tests/search/sample-queries.tsv");
}

#[test]
fn relevance_on_githubs_rest_api_with_the_sample_guides() {
    let Some(corpus) = corpus() else {
        loud("SKIPPED search relevance on GitHub's REST API: ../shared/corpus is not there");
        return;
    };
    if !node_available() {
        loud("SKIPPED search relevance on GitHub's REST API: no `node` on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    fs::copy(
        corpus.join("vendor/github/api.github.com.json"),
        dir.path().join("specs/github.json"),
    )
    .unwrap();
    let mut config = fs::read_to_string(dir.path().join("portico.toml")).unwrap();
    config.push_str("\n[[apis]]\nslug = \"github\"\nspec = \"specs/github.json\"\ntitle = \"GitHub REST API\"\n");
    fs::write(dir.path().join("portico.toml"), config).unwrap();
    let site = build_project(dir.path());
    assert_relevance(&site, "tests/search/github-queries.tsv");
}

#[test]
fn cyrillic_cjk_and_accented_text_is_searchable() {
    if !node_available() {
        loud("SKIPPED Unicode search: no `node` on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"Портал\"\n"),
            (
                "content/guides/ru.md",
                "---\ntitle: Управление подписками\n---\n\nКак отменить подписку клиента.\n\n## Продление\n\nПодписка продлевается автоматически.\n",
            ),
            (
                "content/guides/ja.md",
                "---\ntitle: 定期購読の管理\n---\n\n購読をキャンセルする方法。\n\n## 支払い方法\n\nクレジットカードで支払います。\n",
            ),
            (
                "content/guides/fr.md",
                "---\ntitle: Créer un abonnement\n---\n\nLe café est facturé à l'échéance.\n",
            ),
            (
                "content/guides/zh.md",
                "---\ntitle: 订阅管理\n---\n\n如何取消订阅。\n",
            ),
        ],
    );
    let site = build_project(dir.path());
    let queries = dir.path().join("queries.tsv");
    fs::write(
        &queries,
        [
            "подписками\tguides/ru/\tCyrillic title word",
            "Продление\tguides/ru/#продление\tCyrillic heading",
            "ПОДПИСКА\tguides/ru/#продление\tCyrillic, upper case",
            "定期購読\tguides/ja/\tJapanese title, no spaces",
            "支払い\tguides/ja/#支払い方法\tJapanese heading, prefix",
            "クレジットカード\tguides/ja/#支払い方法\tkatakana in text",
            "订阅\tguides/zh/\tChinese",
            "creer abonnement\tguides/fr/\taccents dropped",
            "Café échéance\tguides/fr/\taccents typed",
        ]
        .join("\n"),
    )
    .unwrap();
    let (ok, report) = relevance(&site, &queries);
    println!("{report}");
    assert!(ok, "{report}");
}

#[test]
fn the_browser_tokeniser_agrees_with_the_index() {
    if !node_available() {
        loud("SKIPPED tokeniser agreement: no `node` on PATH");
        return;
    }
    let samples = [
        "/customers/{customerId}/subscriptions",
        "GET /repos/{owner}/{repo}/pulls/{pull_number}",
        "createSubscription HTTPServer OAuth2Token getURLForID",
        "repos/create-for-authenticated-user",
        "customer_id X-Request-ID Idempotency-Key",
        "Policies addresses statuses buses kisses ids",
        "Café CRÈME naïve Ångström façade",
        "Подписка ПРОДЛЕНИЕ Ёлка",
        "订阅管理 API订阅 定期購読の管理 クレジットカード 구독 관리",
        "Ωmega ΣΊΣΥΦΟΣ straße",
        "emoji 🎉 party_time 2fa v2 10GB",
        "a the of to in x y z",
        "cafe\u{301} e\u{301}te\u{301}",
        "",
    ];
    let expected: Vec<serde_json::Value> = samples
        .iter()
        .map(|s| {
            let mut index = Vec::new();
            portico::search::tokenize::index_terms(s, &mut index);
            serde_json::json!({
                "text": s,
                "index": index,
                "query": portico::search::tokenize::query_terms(s),
            })
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.json");
    fs::write(&cases, serde_json::to_string(&expected).unwrap()).unwrap();
    let script = format!(
        "const s = require({:?}); const cases = require({:?}); let bad = 0;\n\
         for (const c of cases) {{\n\
           const index = s.indexTerms(c.text), query = s.queryTerms(c.text);\n\
           if (JSON.stringify(index) !== JSON.stringify(c.index) || JSON.stringify(query) !== JSON.stringify(c.query)) {{\n\
             bad++; console.log(JSON.stringify({{ text: c.text, rust: [c.index, c.query], js: [index, query] }}));\n\
           }}\n\
         }}\n\
         process.exit(bad ? 1 : 0);",
        repo()
            .join("themes/default/static/search.js")
            .to_string_lossy(),
        cases.to_string_lossy()
    );
    let output = Command::new("node").arg("-e").arg(script).output().unwrap();
    assert!(
        output.status.success(),
        "the tokenisers disagree:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The postings of a term, from the chunk that holds it: (record, score) pairs.
fn postings(site: &Path, term: &str) -> Vec<(u64, u64)> {
    let meta = read_json(&site.join("search/index.json"));
    let build = meta["build"].as_str().unwrap();
    let boundaries = meta["terms"].as_array().unwrap();
    let chunk = boundaries
        .iter()
        .rposition(|b| b.as_str().unwrap() <= term)
        .unwrap();
    let terms = read_json(&site.join(format!("search/{build}/t{chunk}.json")));
    let numbers: Vec<u64> = terms[term]
        .as_array()
        .unwrap_or_else(|| panic!("no term {term}"))
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let mut record = 0;
    numbers
        .chunks(2)
        .map(|pair| {
            record += pair[0];
            (record, pair[1])
        })
        .collect()
}

#[test]
fn records_made_in_batches_keep_their_numbers_in_postings_and_stores() {
    // More operations and schemas than one batch of records (256), each with a word of its own.
    let word = |i: usize| {
        let letters: String = [i / 676, i / 26 % 26, i % 26]
            .iter()
            .map(|&d| char::from(b'a' + d as u8))
            .collect();
        format!("zq{letters}qx")
    };
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for i in 0..600 {
        paths.insert(
            format!("/items{i}"),
            serde_json::json!({"get": {
                "operationId": format!("get{i}"),
                "summary": format!("Read {}", word(i)),
                "responses": {"200": {"description": "ok"}},
            }}),
        );
        schemas.insert(
            format!("Thing{i}"),
            serde_json::json!({"type": "object", "description": word(1000 + i)}),
        );
    }
    let spec = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Batches", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "portico.toml",
                "title = \"Batches\"\n[lint]\nunused-components = \"off\"\n",
            ),
            ("specs/batches.json", &spec.to_string()),
        ],
    );
    let site = build_project(dir.path());
    let stored = records(&site);
    let position = |title: &str| {
        stored
            .iter()
            .position(|r| r[1].as_str() == Some(title))
            .unwrap_or_else(|| panic!("no record titled {title}")) as u64
    };
    // In navigation order, and `perFile` to a file (the browser finds record `n` in file
    // `n / perFile`).
    let operations: Vec<u64> = (0..600)
        .map(|i| position(&format!("Read {}", word(i))))
        .collect();
    assert!(
        operations.windows(2).all(|w| w[0] + 1 == w[1]),
        "operations in order"
    );
    let meta = read_json(&site.join("search/index.json"));
    let per_file = meta["perFile"].as_u64().unwrap() as usize;
    for i in 0..meta["stores"].as_u64().unwrap() {
        let rows = read_json(&site.join(format!(
            "search/{}/r{i}.json",
            meta["build"].as_str().unwrap()
        )));
        let last = i + 1 == meta["stores"].as_u64().unwrap();
        assert!(
            rows.as_array().unwrap().len() == per_file || last,
            "store {i}"
        );
    }
    for i in (0..600).step_by(37).chain([255, 256, 257, 511, 512, 599]) {
        let found = postings(&site, &word(i));
        assert_eq!(found.len(), 1, "{}: {found:?}", word(i));
        assert_eq!(found[0].0, position(&format!("Read {}", word(i))), "op {i}");
        let found = postings(&site, &word(1000 + i));
        assert_eq!(found.len(), 1, "{}: {found:?}", word(1000 + i));
        assert_eq!(found[0].0, position(&format!("Thing{i}")), "schema {i}");
    }
}
