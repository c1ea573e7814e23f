//! Whole samples: the order of languages, a plain GET and a JSON POST written out in full,
//! and methods and headers that need care.

use crate::json;

use super::{get, post_json, source, LABELS};
use crate::model::code_samples::{samples, Auth, Request};

#[test]
fn samples_come_in_a_fixed_order() {
    let all = samples(&get("https://api.example.com"));
    let labels: Vec<&str> = all.iter().map(|s| s.label.as_str()).collect();
    let languages: Vec<&str> = all.iter().map(|s| s.language.as_str()).collect();
    assert_eq!(labels, LABELS);
    assert_eq!(
        languages,
        ["bash", "python", "javascript", "go", "java", "csharp"]
    );
}

#[test]
fn a_plain_get() {
    let request = Request {
        query: vec![("limit".into(), "10".into())],
        ..get("https://api.example.com/v2/customers")
    };
    assert_eq!(
        source(&request, "curl"),
        "curl --request GET \\\n  --url 'https://api.example.com/v2/customers?limit=10'"
    );
    assert_eq!(
        source(&request, "Python"),
        "import requests\n\nresponse = requests.get(\"https://api.example.com/v2/customers?limit=10\")\n\
         print(response.status_code)\nprint(response.text)\n"
    );
    assert_eq!(
        source(&request, "JavaScript"),
        "const response = await fetch(\"https://api.example.com/v2/customers?limit=10\");\n\
         console.log(response.status);\nconsole.log(await response.text());\n"
    );
    let go = source(&request, "Go");
    assert!(go.contains(
        "req, err := http.NewRequest(http.MethodGet, \"https://api.example.com/v2/customers?limit=10\", nil)"
    ));
    assert!(
        go.contains("import (\n\t\"fmt\"\n\t\"io\"\n\t\"net/http\"\n)"),
        "{go}"
    );
    let java = source(&request, "Java");
    assert!(java.contains(".GET()\n"), "{java}");
    assert!(!java.contains("StandardCharsets"), "{java}");
    let csharp = source(&request, "C#");
    assert!(
        csharp.starts_with("using System;\nusing System.Net.Http;\n\n"),
        "{csharp}"
    );
    assert!(csharp.contains(
        "new HttpRequestMessage(HttpMethod.Get, \"https://api.example.com/v2/customers?limit=10\")"
    ));
}

#[test]
fn post_json_with_bearer_token() {
    let request = Request {
        headers: vec![("Idempotency-Key".into(), "8e03978e".into())],
        auth: Some(Auth::Header {
            name: "Authorization".into(),
            value: "Bearer $ACCESS_TOKEN".into(),
        }),
        ..post_json(json!({"name": "Jane", "tags": ["a"], "vip": false, "note": null}))
    };
    assert_eq!(
        source(&request, "curl"),
        r#"curl --request POST \
  --url 'https://api.example.com/v2/customers' \
  --header "Authorization: Bearer $ACCESS_TOKEN" \
  --header 'Idempotency-Key: 8e03978e' \
  --header 'Content-Type: application/json' \
  --data '{
  "name": "Jane",
  "tags": [
    "a"
  ],
  "vip": false,
  "note": null
}'"#
    );
    assert_eq!(
        source(&request, "Python"),
        r#"import os

import requests

response = requests.post(
    "https://api.example.com/v2/customers",
    headers={
        "Authorization": "Bearer " + os.environ["ACCESS_TOKEN"],
        "Idempotency-Key": "8e03978e",
    },
    json={
        "name": "Jane",
        "tags": [
            "a",
        ],
        "vip": False,
        "note": None,
    },
)
print(response.status_code)
print(response.text)
"#
    );
    assert_eq!(
        source(&request, "JavaScript"),
        r#"const response = await fetch("https://api.example.com/v2/customers", {
  method: "POST",
  headers: {
    "Authorization": "Bearer " + process.env.ACCESS_TOKEN,
    "Idempotency-Key": "8e03978e",
    "Content-Type": "application/json",
  },
  body: JSON.stringify({
    "name": "Jane",
    "tags": [
      "a"
    ],
    "vip": false,
    "note": null
  }),
});
console.log(response.status);
console.log(await response.text());
"#
    );
    assert_eq!(
        source(&request, "Go"),
        "package main

import (
\t\"fmt\"
\t\"io\"
\t\"net/http\"
\t\"os\"
\t\"strings\"
)

func main() {
\tbody := strings.NewReader(`{
  \"name\": \"Jane\",
  \"tags\": [
    \"a\"
  ],
  \"vip\": false,
  \"note\": null
}`)

\treq, err := http.NewRequest(http.MethodPost, \"https://api.example.com/v2/customers\", body)
\tif err != nil {
\t\tpanic(err)
\t}
\treq.Header.Set(\"Authorization\", \"Bearer \"+os.Getenv(\"ACCESS_TOKEN\"))
\treq.Header.Set(\"Idempotency-Key\", \"8e03978e\")
\treq.Header.Set(\"Content-Type\", \"application/json\")

\tres, err := http.DefaultClient.Do(req)
\tif err != nil {
\t\tpanic(err)
\t}
\tdefer res.Body.Close()

\tdata, err := io.ReadAll(res.Body)
\tif err != nil {
\t\tpanic(err)
\t}
\tfmt.Println(res.StatusCode)
\tfmt.Println(string(data))
}
"
    );
    assert_eq!(
        source(&request, "Java"),
        r#"import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class Main {
    public static void main(String[] args) throws Exception {
        HttpRequest request = HttpRequest.newBuilder()
            .uri(URI.create("https://api.example.com/v2/customers"))
            .header("Authorization", "Bearer " + System.getenv("ACCESS_TOKEN"))
            .header("Idempotency-Key", "8e03978e")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("""
                {
                  "name": "Jane",
                  "tags": [
                    "a"
                  ],
                  "vip": false,
                  "note": null
                }"""))
            .build();
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode());
        System.out.println(response.body());
    }
}
"#
    );
    assert_eq!(
        source(&request, "C#"),
        r#"using System;
using System.Net.Http;
using System.Text;

using var client = new HttpClient();
using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/v2/customers");
request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Environment.GetEnvironmentVariable("ACCESS_TOKEN"));
request.Headers.TryAddWithoutValidation("Idempotency-Key", "8e03978e");
request.Content = new StringContent("""
    {
      "name": "Jane",
      "tags": [
        "a"
      ],
      "vip": false,
      "note": null
    }
    """, Encoding.UTF8, "application/json");

using var response = await client.SendAsync(request);
Console.WriteLine((int)response.StatusCode);
Console.WriteLine(await response.Content.ReadAsStringAsync());
"#
    );
}

#[test]
fn methods_outside_the_usual_set() {
    let head = Request {
        method: "head".into(),
        ..get("https://x.io")
    };
    assert!(source(&head, "curl").starts_with("curl --head \\\n"));
    assert!(source(&head, "Python").contains("requests.head(\"https://x.io\")"));
    assert!(source(&head, "JavaScript").contains("method: \"HEAD\","));
    assert!(
        source(&head, "Java").contains(".method(\"HEAD\", HttpRequest.BodyPublishers.noBody())")
    );
    let purge = Request {
        method: "PURGE".into(),
        ..get("https://x.io")
    };
    assert!(source(&purge, "curl").contains("--request PURGE"));
    assert!(source(&purge, "Python")
        .contains("requests.request(\n    \"PURGE\",\n    \"https://x.io\",\n)"));
    assert!(source(&purge, "Go").contains("http.NewRequest(\"PURGE\", \"https://x.io\", nil)"));
    assert!(source(&purge, "C#")
        .contains("new HttpRequestMessage(new HttpMethod(\"PURGE\"), \"https://x.io\")"));
    let delete = Request {
        method: "DELETE".into(),
        ..get("https://x.io")
    };
    assert!(source(&delete, "Java").contains(".DELETE()"));
    assert!(source(&delete, "Go").contains("http.MethodDelete"));
    let odd = Request {
        method: "GET'; rm -rf /".into(),
        ..get("https://x.io")
    };
    assert!(source(&odd, "curl").contains(r"--request 'GET'\''; RM -RF /'"));
    assert!(source(&Request::default(), "curl").starts_with("curl --request GET"));
}

#[test]
fn java_leaves_out_headers_the_client_sets() {
    let request = Request {
        headers: vec![
            ("Host".into(), "x".into()),
            ("Content-Length".into(), "3".into()),
            ("X-Ok".into(), "1".into()),
        ],
        ..get("https://x.io")
    };
    let java = source(&request, "Java");
    assert!(
        !java.contains("\"Host\"") && !java.contains("Content-Length"),
        "{java}"
    );
    assert!(java.contains(".header(\"X-Ok\", \"1\")"));
}
