//! URLs: query components are percent-encoded, and URLs are cleaned.

use super::get;
use crate::model::code_samples::url::{clean_url, encode_component, url_with_query};
use crate::model::code_samples::{samples, Request};

#[test]
fn query_components_are_percent_encoded() {
    assert_eq!(
        encode_component("a b&c=d/é?#+"),
        "a%20b%26c%3Dd%2F%C3%A9%3F%23%2B"
    );
    assert_eq!(encode_component("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(encode_component("日本"), "%E6%97%A5%E6%9C%AC");
    let request = Request {
        query: vec![
            ("q".into(), "shoes & socks".into()),
            ("city".into(), "Zürich".into()),
            ("tag".into(), "a".into()),
            ("tag".into(), "b".into()),
        ],
        ..get("https://api.example.com/search")
    };
    let url = "https://api.example.com/search?q=shoes%20%26%20socks&city=Z%C3%BCrich&tag=a&tag=b";
    for sample in samples(&request) {
        assert!(sample.source.contains(url), "{}", sample.source);
    }
}

#[test]
fn urls_are_cleaned_of_characters_they_cannot_hold() {
    assert_eq!(
        clean_url(" https://x.io/a b/{id}/\"q\" "),
        "https://x.io/a%20b/%7Bid%7D/%22q%22"
    );
    assert_eq!(
        clean_url("https://x.io/café#frag"),
        "https://x.io/caf%C3%A9%23frag"
    );
    assert_eq!(
        clean_url("https://x.io/a%20b/100%"),
        "https://x.io/a%20b/100%25"
    );
    assert_eq!(
        clean_url("http://[::1]:8080/a[0]"),
        "http://[::1]:8080/a%5B0%5D"
    );
    assert_eq!(
        clean_url("https://x.io/a;b=c,d'e$f!"),
        "https://x.io/a;b=c,d'e$f!"
    );
    assert_eq!(clean_url("/relative path"), "/relative%20path");
    assert_eq!(
        url_with_query("https://x.io/a?b=1", &[("c".into(), "2".into())]),
        "https://x.io/a?b=1&c=2"
    );
    assert_eq!(
        url_with_query("https://x.io/a?", &[("c".into(), "2".into())]),
        "https://x.io/a?c=2"
    );
}
