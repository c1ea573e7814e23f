//! The literal writers round-trip every hostile string, and placeholders are found in values.

use crate::doc::Value;
use crate::json;

use super::decode::{decode_csharp_raw, decode_java_quote, decode_shell_word, decode_text_block};
use super::HOSTILE;
use crate::model::code_samples::csharp::csharp_string;
use crate::model::code_samples::curl::shell_word;
use crate::model::code_samples::go::go_string;
use crate::model::code_samples::java::java_text_block;
use crate::model::code_samples::literals::{c_quote, java_quote, json_text, single_quoted};
use crate::model::code_samples::plan::{join, placeholders, Part, Template};

#[test]
fn double_quoted_literals_round_trip() {
    for text in HOSTILE {
        let literal = c_quote(text);
        assert_eq!(serde_json::from_str::<String>(&literal).unwrap(), *text);
        assert!(
            !literal.contains(['\n', '\r', '\u{202e}', '\u{2028}']),
            "{literal}"
        );
        assert_eq!(decode_java_quote(&java_quote(text)), *text);
    }
}

#[test]
fn shell_words_round_trip() {
    for text in HOSTILE.iter().filter(|t| !t.contains('\0')) {
        assert_eq!(decode_shell_word(&single_quoted(text)), *text);
        let template = join(&[text_part(text), vec![Part::Env("TOKEN".into())]]);
        assert_eq!(
            decode_shell_word(&shell_word(&template)),
            format!("{text}{{TOKEN}}")
        );
    }
    assert_eq!(single_quoted("it's"), r"'it'\''s'");
    assert_eq!(
        shell_word(&placeholders("Bearer $TOKEN")),
        "\"Bearer $TOKEN\""
    );
    assert_eq!(shell_word(&placeholders("${A}b")), "\"${A}b\"");
    assert_eq!(shell_word(&placeholders("it's $A")), r#""it's $A""#);
    assert_eq!(
        shell_word(&placeholders("say \"it\" $A")),
        r#"'say "it" '"${A}""#
    );
    assert_eq!(shell_word(&placeholders("$A:$B")), "\"$A:$B\"");
}

fn text_part(text: &str) -> Template {
    vec![Part::Text(text.to_string())]
}

#[test]
fn raw_and_block_literals_round_trip() {
    let multi_line: Vec<String> = HOSTILE
        .iter()
        .map(|text| format!("{{\n  {text}\n}}"))
        .collect();
    for text in &multi_line {
        assert_eq!(
            decode_text_block(&java_text_block(text, "    "), "    "),
            *text
        );
        let csharp = csharp_string(text);
        if csharp.starts_with("\"\"\"") {
            assert_eq!(decode_csharp_raw(&csharp), *text);
        } else {
            assert_eq!(serde_json::from_str::<String>(&csharp).unwrap(), *text);
        }
        let go = go_string(text);
        match go.strip_prefix('`') {
            Some(raw) => assert_eq!(raw.strip_suffix('`'), Some(text.as_str())),
            None => assert_eq!(serde_json::from_str::<String>(&go).unwrap(), *text),
        }
    }
    // A quote at the very end cannot merge with the closing delimiter.
    let block = java_text_block("a\n\"", "");
    assert_eq!(block, "\"\"\"\na\n\\\"\"\"\"");
    assert_eq!(decode_text_block(&block, ""), "a\n\"");
    assert_eq!(
        csharp_string("a\n\"\"\"\"\"b"),
        "\"\"\"\"\"\"\n    a\n    \"\"\"\"\"b\n    \"\"\"\"\"\""
    );
    assert_eq!(go_string("a\n`b`"), "\"a\\n`b`\"");
    assert_eq!(go_string("a\nb"), "`a\nb`");
}

#[test]
fn json_text_matches_serde_pretty_printing() {
    let value = json!({"a": [1, 2.5, -3e300, null, true, {}], "b": {"c": "d", "e": []}, "": "x"});
    assert_eq!(
        json_text(&value, false),
        serde_json::to_string_pretty(&value).unwrap()
    );
    let sneaky = json!({"__proto__": {"admin": true}, "s": "\u{202e}\u{2028}"});
    assert_eq!(
        json_text(&sneaky, false),
        "{\n  \"__proto__\": {\n    \"admin\": true\n  },\n  \"s\": \"\\u202e\\u2028\"\n}"
    );
    assert!(json_text(&sneaky, true).starts_with("{\n  [\"__proto__\"]: {"));
    let parsed: Value = serde_json::from_str(&json_text(&sneaky, false)).unwrap();
    assert_eq!(parsed, sneaky);
}

#[test]
fn placeholders_are_found_in_values() {
    let env = |name: &str| Part::Env(name.to_string());
    let text = |text: &str| Part::Text(text.to_string());
    assert_eq!(placeholders("$API_KEY"), [env("API_KEY")]);
    assert_eq!(
        placeholders("Bearer $ACCESS_TOKEN"),
        [text("Bearer "), env("ACCESS_TOKEN")]
    );
    assert_eq!(placeholders("${A}b"), [env("A"), text("b")]);
    assert_eq!(placeholders("$5 and $"), [text("$5 and $")]);
    assert_eq!(placeholders("$$X"), [text("$"), env("X")]);
    assert_eq!(placeholders("${bad name}"), [text("${bad name}")]);
    assert_eq!(placeholders(""), [text("")]);
}
