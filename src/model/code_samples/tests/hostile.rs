//! Hostile strings stay inside their literals, and the real tools accept the samples.

use crate::json;

use super::decode::{decode_csharp_raw, decode_shell_word, decode_text_block};
use super::{form, get, multipart, post_json, source, HOSTILE};
use crate::model::code_samples::literals::{json_text, pad};
use crate::model::code_samples::plan::{placeholders, Part};
use crate::model::code_samples::{samples, Auth, Body, Request};
use crate::model::sample::BINARY;

#[test]
fn hostile_strings_stay_inside_their_literals() {
    for text in HOSTILE {
        let request = Request {
            method: "POST".into(),
            url: format!("https://x.io/{text}"),
            query: vec![(text.to_string(), text.to_string())],
            headers: vec![(format!("X-{text}"), text.to_string())],
            auth: Some(Auth::Header {
                name: "Authorization".into(),
                value: format!("{text} $TOKEN"),
            }),
            body: Some(Body::new(
                "application/json",
                &json!({ *text: [text, {"k": text}] }),
            )),
        };
        let all = samples(&request);
        assert_eq!(all, samples(&request), "deterministic");
        for sample in &all {
            // Bidi overrides and line separators never reach a sample raw.
            assert!(
                !sample
                    .source
                    .contains(['\u{202e}', '\u{2028}', '\u{feff}', '\0']),
                "{}",
                sample.source
            );
        }
        // The body survives each embedding.
        let json = json_text(&request.body.as_ref().unwrap().value(), false);
        let csharp = source(&request, "C#");
        let start = csharp.find("new StringContent(").unwrap() + "new StringContent(".len();
        let end = csharp.find(", Encoding.UTF8").unwrap();
        let literal = &csharp[start..end];
        let decoded = if literal.starts_with("\"\"\"") {
            decode_csharp_raw(literal)
        } else {
            serde_json::from_str(literal).unwrap()
        };
        assert_eq!(decoded, json);
        let java = source(&request, "Java");
        let start = java.find("ofString(").unwrap() + "ofString(".len();
        let end = java.find("))\n            .build()").unwrap();
        assert_eq!(decode_text_block(&java[start..end], &pad(16)), json);
        let curl = source(&request, "curl");
        let start = curl.find("--data ").unwrap() + "--data ".len();
        assert_eq!(decode_shell_word(&curl[start..]), json);
        let word = curl
            .split(" \\\n  ")
            .find_map(|arg| {
                arg.strip_prefix("--header ")
                    .filter(|w| w.contains("TOKEN"))
            })
            .unwrap();
        assert_eq!(
            decode_shell_word(word),
            placeholders(&format!("Authorization: {text} $TOKEN"))
                .iter()
                .map(|part| match part {
                    Part::Text(text) => text.clone(),
                    Part::Env(name) => format!("{{{name}}}"),
                })
                .collect::<String>()
        );
    }
}

/// Checks the samples with the real tools where they exist: `bash -n`, Python's parser,
/// `node --check`, `javac`. Run with `cargo test -- --ignored`.
#[test]
#[ignore]
fn external_tools_accept_the_samples() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut requests = vec![
        get("https://x.io/a"),
        Request {
            query: vec![("q".into(), "a b".into())],
            headers: vec![("Idempotency-Key".into(), "k".into())],
            auth: Some(Auth::Header {
                name: "Authorization".into(),
                value: "Bearer $TOKEN".into(),
            }),
            ..post_json(json!({"a": [1, {"b": null}], "__proto__": {"x": true}}))
        },
        Request {
            auth: Some(Auth::Query {
                name: "k".into(),
                value: "$KEY".into(),
            }),
            ..form(json!({"a": ["1", "2"], "b": 3}))
        },
        Request {
            auth: Some(Auth::Basic {
                user: "$U".into(),
                password: "$P".into(),
            }),
            ..multipart(json!({"a": "b", "f": BINARY, "g": BINARY}))
        },
        Request {
            method: "PURGE".into(),
            ..get("https://x.io")
        },
    ];
    for text in HOSTILE {
        requests.push(Request {
            method: "PATCH".into(),
            url: format!("https://x.io/{text}"),
            query: vec![(text.to_string(), text.to_string())],
            headers: vec![(text.to_string(), text.to_string())],
            auth: Some(Auth::Header {
                name: text.to_string(),
                value: format!("{text}$TOKEN"),
            }),
            body: Some(Body::new("application/json", &json!({ *text: text }))),
        });
        requests.push(Request {
            body: Some(Body::new("text/plain", &json!(text))),
            ..get("https://x.io")
        });
        requests.push(Request {
            auth: None,
            ..multipart(json!({ *text: text }))
        });
    }
    let available = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
    for (i, request) in requests.iter().enumerate() {
        let all = samples(request);
        let run = |tool: &str, args: &[&str], file: &str, text: &str| {
            if !available(tool) {
                return;
            }
            let folder = dir.path().join(format!("{i}-{tool}"));
            std::fs::create_dir_all(&folder).unwrap();
            let path = folder.join(file);
            std::fs::write(&path, text).unwrap();
            let output = Command::new(tool)
                .args(args)
                .arg(&path)
                .current_dir(&folder)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{tool} rejected:\n{text}\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        run("bash", &["-n"], "sample.sh", &all[0].source);
        run(
            "python3",
            &["-m", "py_compile"],
            "sample.py",
            &all[1].source,
        );
        run("node", &["--check"], "sample.mjs", &all[2].source);
        run(
            "javac",
            &["-encoding", "UTF-8", "-Xlint:all", "-Werror"],
            "Main.java",
            &all[4].source,
        );
    }
}
