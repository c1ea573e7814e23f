//! Bodies: JSON of any JSON media type, forms, multipart with files, and other media types as text.

use crate::json;

use super::{form, get, multipart, post_json, source};
use crate::model::code_samples::java::{multipart_chunks, Chunk};
use crate::model::code_samples::plan::{boundary, Field, BOUNDARY};
use crate::model::code_samples::{samples, Body, Request};
use crate::model::sample::BINARY;

#[test]
fn other_json_media_types_are_named() {
    let mut request = post_json(json!({"a": 1}));
    if let Some(body) = request.body.as_mut() {
        body.media_type = "application/merge-patch+json".into();
    }
    request.method = "PATCH".into();
    let python = source(&request, "Python");
    assert!(python.contains("requests.patch("), "{python}");
    assert!(
        python.contains("\"Content-Type\": \"application/merge-patch+json\","),
        "{python}"
    );
    assert!(
        python.contains("json={\n        \"a\": 1,\n    },"),
        "{python}"
    );
    assert!(!source(&post_json(json!(1)), "Python").contains("Content-Type"));
    assert!(source(&request, "Java")
        .contains(".method(\"PATCH\", HttpRequest.BodyPublishers.ofString("));
    assert!(source(&request, "C#").contains("HttpMethod.Patch"));
    assert!(source(&request, "C#").contains("Encoding.UTF8, \"application/merge-patch+json\");"));
    // Scalar JSON stays on one line in every language.
    let scalar = post_json(json!("it's \"quoted\""));
    assert!(source(&scalar, "Go").contains(r#"strings.NewReader("\"it's \\\"quoted\\\"\"")"#));
    assert!(source(&scalar, "Java").contains(r#"ofString("\"it's \\\"quoted\\\"\"")"#));
    assert!(source(&scalar, "C#").contains(r#"new StringContent("\"it's \\\"quoted\\\"\"", "#));
    assert!(source(&scalar, "curl").contains(r#"--data '"it'\''s \"quoted\""'"#));
}

#[test]
fn content_type_from_the_request_gives_way_to_the_body() {
    let request = Request {
        headers: vec![
            ("content-type".into(), "text/csv".into()),
            ("Accept".into(), "application/json".into()),
        ],
        ..post_json(json!({}))
    };
    for sample in samples(&request) {
        assert!(!sample.source.contains("text/csv"), "{}", sample.source);
        assert!(sample.source.contains("Accept"), "{}", sample.source);
    }
    let without_body = Request {
        headers: vec![("Content-Type".into(), "text/csv".into())],
        ..get("https://x.io")
    };
    assert!(source(&without_body, "curl").contains("--header 'Content-Type: text/csv'"));
}

#[test]
fn form_bodies_are_encoded_fields() {
    let request = form(
        json!({"grant type": "client_credentials", "scope": ["a b", "c&d"], "n": 5, "skip": null}),
    );
    assert_eq!(
        source(&request, "curl"),
        "curl --request POST \\\n  --url 'https://api.example.com/token' \\\n  \
         --data-urlencode 'grant%20type=client_credentials' \\\n  \
         --data-urlencode 'scope=a b' \\\n  --data-urlencode 'scope=c&d' \\\n  --data-urlencode 'n=5'"
    );
    assert!(source(&request, "Python").contains(
        "    data=[\n        (\"grant type\", \"client_credentials\"),\n        (\"scope\", \"a b\"),\n        \
         (\"scope\", \"c&d\"),\n        (\"n\", \"5\"),\n    ],\n"
    ));
    assert!(source(&request, "JavaScript").contains(
        "  body: new URLSearchParams([\n    [\"grant type\", \"client_credentials\"],\n    [\"scope\", \"a b\"],\n    \
         [\"scope\", \"c&d\"],\n    [\"n\", \"5\"],\n  ]),\n"
    ));
    let go = source(&request, "Go");
    assert!(
        go.contains("\tform := url.Values{}\n\tform.Add(\"grant type\", \"client_credentials\")\n"),
        "{go}"
    );
    assert!(
        go.contains("\tbody := strings.NewReader(form.Encode())\n"),
        "{go}"
    );
    assert!(
        go.contains("req.Header.Set(\"Content-Type\", \"application/x-www-form-urlencoded\")"),
        "{go}"
    );
    let java = source(&request, "Java");
    assert!(java.contains(
        ".POST(HttpRequest.BodyPublishers.ofString(\"grant%20type=client_credentials&scope=a%20b&scope=c%26d&n=5\"))"
    ), "{java}");
    let csharp = source(&request, "C#");
    assert!(csharp.contains("using System.Collections.Generic;"));
    assert!(
        csharp.contains("    new KeyValuePair<string, string>(\"scope\", \"c&d\"),\n"),
        "{csharp}"
    );
    // Without repeated names: a dict and an object literal.
    let simple = form(json!({"a": "1", "__proto__": "2"}));
    assert!(source(&simple, "Python")
        .contains("data={\n        \"a\": \"1\",\n        \"__proto__\": \"2\",\n    },"));
    assert!(source(&simple, "JavaScript")
        .contains("new URLSearchParams({\n    \"a\": \"1\",\n    [\"__proto__\"]: \"2\",\n  }),"));
    // A field without a name cannot use curl's name=value form.
    assert!(source(&form(json!({"": "a b"})), "curl").contains("--data '=a%20b'"));
    // A form type with a non-object value is sent as text.
    assert!(source(&form(json!("a=1&b=2")), "curl").contains("--data 'a=1&b=2'"));
}

#[test]
fn multipart_bodies_send_fields_and_files() {
    let request = multipart(json!({"purpose": "@etc/passwd", "file": BINARY, "meta": {"a": 1}}));
    assert_eq!(
        source(&request, "curl"),
        "curl --request POST \\\n  --url 'https://api.example.com/files' \\\n  \
         --form-string 'purpose=@etc/passwd' \\\n  --form 'file=@path/to/file' \\\n  \
         --form-string 'meta={\"a\":1}'"
    );
    assert!(source(&request, "Python").contains(
        "    files={\n        \"purpose\": (None, \"@etc/passwd\"),\n        \
         \"file\": open(\"path/to/file\", \"rb\"),\n        \"meta\": (None, \"{\\\"a\\\":1}\"),\n    },\n"
    ));
    let js = source(&request, "JavaScript");
    assert!(
        js.starts_with(
            "import { readFileSync } from \"node:fs\";\n\nconst form = new FormData();\n"
        ),
        "{js}"
    );
    assert!(
        js.contains("form.append(\"file\", new Blob([readFileSync(\"path/to/file\")]), \"file\");"),
        "{js}"
    );
    assert!(js.contains("  body: form,\n"), "{js}");
    assert!(
        !js.contains("Content-Type"),
        "fetch must set the boundary itself:\n{js}"
    );
    let go = source(&request, "Go");
    assert!(
        go.contains("\twriter.WriteField(\"purpose\", \"@etc/passwd\")\n"),
        "{go}"
    );
    assert!(
        go.contains("\tpart, err := writer.CreateFormFile(\"file\", \"file\")\n"),
        "{go}"
    );
    assert!(
        go.contains("req.Header.Set(\"Content-Type\", writer.FormDataContentType())"),
        "{go}"
    );
    assert!(
        go.contains(
            "\t\"bytes\"\n\t\"fmt\"\n\t\"io\"\n\t\"mime/multipart\"\n\t\"net/http\"\n\t\"os\"\n)"
        ),
        "{go}"
    );
    let java = source(&request, "Java");
    assert!(java.contains(".header(\"Content-Type\", \"multipart/form-data; boundary=PorticoFormBoundary7MA4YWxkTrZu0gW\")"));
    assert!(
        java.contains("Files.readAllBytes(Path.of(\"path/to/file\")),"),
        "{java}"
    );
    assert!(java.contains("import java.nio.file.Path;"), "{java}");
    let csharp = source(&request, "C#");
    assert!(csharp.contains("content.Add(new StringContent(\"@etc/passwd\"), \"purpose\");"));
    assert!(csharp.contains("content.Add(new ByteArrayContent(File.ReadAllBytes(\"path/to/file\")), \"file\", \"file\");"));
    assert!(csharp.contains("using System.IO;"));
    // Without files nothing reads the disk.
    let text_only = multipart(json!({"a": "b"}));
    assert!(!source(&text_only, "JavaScript").contains("node:fs"));
    assert!(!source(&text_only, "Go").contains("os.ReadFile"));
    assert!(!source(&text_only, "Go").contains("\"os\""));
    assert!(!source(&text_only, "Java").contains("java.nio.file"));
    assert!(!source(&text_only, "C#").contains("System.IO"));
}

#[test]
fn multipart_built_by_hand_is_well_formed() {
    let fields = vec![
        ("a\"b\r\n".to_string(), Field::Text("x\r\ny".to_string())),
        ("f".to_string(), Field::File),
    ];
    let chunks = multipart_chunks(&fields, "B");
    let text: Vec<String> = chunks
        .iter()
        .map(|chunk| match chunk {
            Chunk::Text(pieces) => pieces.concat(),
            Chunk::File => "<file>".to_string(),
        })
        .collect();
    assert_eq!(
        text.concat(),
        "--B\r\nContent-Disposition: form-data; name=\"a%22b%0D%0A\"\r\n\r\nx\r\ny\r\n\
         --B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"file\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n<file>\r\n--B--\r\n"
    );
    // The boundary never occurs in the content.
    let clash = vec![("x".to_string(), Field::Text(format!("--{BOUNDARY}--")))];
    assert_eq!(boundary(&clash), format!("{BOUNDARY}x"));
    // Several files: `part` is declared once in Go.
    let go = source(&multipart(json!({"a": BINARY, "b": BINARY})), "Go");
    assert_eq!(go.matches("part, err := ").count(), 1, "{go}");
    assert_eq!(go.matches("part, err = ").count(), 1, "{go}");
    assert_eq!(go.matches("os.ReadFile").count(), 1, "{go}");
}

#[test]
fn other_media_types_are_sent_as_text() {
    let request = Request {
        method: "PUT".into(),
        url: "https://x.io/notes".into(),
        body: Some(Body::new(
            "text/plain; charset=utf-8",
            &json!("@not-a-file ünïcode"),
        )),
        ..Request::default()
    };
    let curl = source(&request, "curl");
    assert!(curl.contains("--header 'Content-Type: text/plain; charset=utf-8' \\\n  --data-raw '@not-a-file ünïcode'"), "{curl}");
    let python = source(&request, "Python");
    assert!(
        python.contains("data=\"@not-a-file ünïcode\".encode(\"utf-8\"),"),
        "{python}"
    );
    assert!(
        python.contains("\"Content-Type\": \"text/plain; charset=utf-8\","),
        "{python}"
    );
    assert!(source(&request, "JavaScript").contains("  body: \"@not-a-file ünïcode\",\n"));
    assert!(source(&request, "Go").contains("strings.NewReader(\"@not-a-file ünïcode\")"));
    assert!(source(&request, "Java")
        .contains(".PUT(HttpRequest.BodyPublishers.ofString(\"@not-a-file ünïcode\"))"));
    assert!(source(&request, "C#")
        .contains("new StringContent(\"@not-a-file ünïcode\", Encoding.UTF8, \"text/plain\");"));
    // Structured values of other types are sent as their JSON text.
    let xml = Request {
        body: Some(Body::new("application/xml", &json!({"a": 1}))),
        ..request.clone()
    };
    assert!(source(&xml, "curl").contains("--data '{\n  \"a\": 1\n}'"));
    // No media type: JSON for structured values.
    let untyped = Request {
        body: Some(Body::new(String::new(), &json!({"a": 1}))),
        ..request
    };
    assert!(source(&untyped, "curl").contains("--header 'Content-Type: application/json'"));
}

#[test]
fn a_body_kept_as_text_gives_back_its_value_and_is_shared() {
    let value = json!({
        "z": 1.0,
        "a": [-0.0, 1e300, 0.1, 18446744073709551615u64, -9223372036854775808i64],
        "ü\u{2028}": "\"</script>",
    });
    let body = Body::new("application/json", &value);
    let back = body.value();
    assert_eq!(back, value);
    assert!(back["z"].is_f64() && back["a"][0].as_f64().unwrap().is_sign_negative());
    let keys: Vec<&str> = back
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, ["z", "a", "ü\u{2028}"]);
    let texts = crate::model::schema::SharedTexts::default();
    let one = Body::new("application/json", &value).shared(&texts);
    let two = Body::new("application/json", &value).shared(&texts);
    assert!(std::sync::Arc::ptr_eq(&one.json, &two.json));
}
