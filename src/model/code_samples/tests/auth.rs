//! Authentication: API keys in headers and queries, and basic auth, read from the environment.

use super::{get, source, with_auth, LABELS};
use crate::model::code_samples::{samples, Auth, Request};

#[test]
fn api_key_headers_read_the_environment() {
    let request = with_auth(Auth::Header {
        name: "X-API-Key".into(),
        value: "$API_KEY".into(),
    });
    let expected = [
        "--header \"X-API-Key: $API_KEY\"",
        "\"X-API-Key\": os.environ[\"API_KEY\"],",
        "\"X-API-Key\": process.env.API_KEY,",
        "req.Header.Set(\"X-API-Key\", os.Getenv(\"API_KEY\"))",
        ".header(\"X-API-Key\", System.getenv(\"API_KEY\"))",
        "TryAddWithoutValidation(\"X-API-Key\", Environment.GetEnvironmentVariable(\"API_KEY\"));",
    ];
    for (label, expected) in LABELS.iter().zip(expected) {
        let source = source(&request, label);
        assert!(source.contains(expected), "{label}:\n{source}");
        if *label != "curl" {
            assert!(!source.contains("$API_KEY"), "{label}:\n{source}");
        }
    }
    // Go imports os only when it is used.
    assert!(source(&request, "Go").contains("\t\"os\"\n"));
    assert!(!source(&get("https://x.io"), "Go").contains("\"os\""));
    assert!(source(&request, "Python").starts_with("import os\n\nimport requests\n"));
}

#[test]
fn query_keys_are_encoded_at_run_time() {
    let request = Request {
        query: vec![("q".into(), "a b".into())],
        ..with_auth(Auth::Query {
            name: "api key".into(),
            value: "$API_KEY".into(),
        })
    };
    let expected = [
        "--url \"https://api.example.com/v2/me?q=a%20b&api%20key=$API_KEY\"",
        "\"https://api.example.com/v2/me?q=a%20b\",\n    params={\"api key\": os.environ[\"API_KEY\"]},",
        "fetch(\"https://api.example.com/v2/me?q=a%20b&api%20key=\" + encodeURIComponent(process.env.API_KEY))",
        "\"https://api.example.com/v2/me?q=a%20b&api%20key=\"+url.QueryEscape(os.Getenv(\"API_KEY\")), nil)",
        "URI.create(\"https://api.example.com/v2/me?q=a%20b&api%20key=\" + URLEncoder.encode(System.getenv(\"API_KEY\"), StandardCharsets.UTF_8))",
        "HttpMethod.Get, \"https://api.example.com/v2/me?q=a%20b&api%20key=\" + Uri.EscapeDataString(Environment.GetEnvironmentVariable(\"API_KEY\")));",
    ];
    for (label, expected) in LABELS.iter().zip(expected) {
        let source = source(&request, label);
        assert!(source.contains(expected), "{label}:\n{source}");
    }
    assert!(source(&request, "Go").contains("\t\"net/url\"\n"));
    assert!(source(&request, "Java").contains("import java.net.URLEncoder;\n"));
    // A literal value (no placeholder) is simply part of the URL.
    let literal = with_auth(Auth::Query {
        name: "key".into(),
        value: "demo key".into(),
    });
    for sample in samples(&literal) {
        assert!(
            sample
                .source
                .contains("https://api.example.com/v2/me?key=demo%20key"),
            "{}",
            sample.source
        );
    }
}

#[test]
fn basic_auth_in_every_language() {
    let request = with_auth(Auth::Basic {
        user: "$USERNAME".into(),
        password: "$PASSWORD".into(),
    });
    let expected = [
        "--user \"$USERNAME:$PASSWORD\"",
        "auth=(os.environ[\"USERNAME\"], os.environ[\"PASSWORD\"]),",
        "\"Authorization\": \"Basic \" + Buffer.from(process.env.USERNAME + \":\" + process.env.PASSWORD).toString(\"base64\"),",
        "req.SetBasicAuth(os.Getenv(\"USERNAME\"), os.Getenv(\"PASSWORD\"))",
        ".header(\"Authorization\", \"Basic \" + Base64.getEncoder().encodeToString((System.getenv(\"USERNAME\") + \":\" + System.getenv(\"PASSWORD\")).getBytes(StandardCharsets.UTF_8)))",
        "TryAddWithoutValidation(\"Authorization\", \"Basic \" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable(\"USERNAME\") + \":\" + Environment.GetEnvironmentVariable(\"PASSWORD\"))));",
    ];
    for (label, expected) in LABELS.iter().zip(expected) {
        let source = source(&request, label);
        assert!(source.contains(expected), "{label}:\n{source}");
    }
    assert!(source(&request, "Java").contains("import java.util.Base64;"));
    assert!(source(&request, "C#").contains("using System.Text;"));
    // A literal user name stays literal.
    let mixed = with_auth(Auth::Basic {
        user: "alice".into(),
        password: "$PASSWORD".into(),
    });
    assert!(source(&mixed, "curl").contains("--user \"alice:$PASSWORD\""));
    assert!(source(&mixed, "Python").contains("auth=(\"alice\", os.environ[\"PASSWORD\"])"));
}
