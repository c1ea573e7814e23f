//! `api:` links from guides to the reference: they become the pages' relative URLs, and a link
//! to an operationId or a schema that no longer exists fails the build where the guide names it.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const CONFIG: &str = r#"title = "Billing portal"

[[apis]]
slug = "billing"
spec = "specs/billing.yaml"
"#;

const SPEC: &str = r##"openapi: 3.0.3
info:
  title: Billing
  version: "1.0"
paths:
  /subscriptions:
    post:
      operationId: createSubscription
      summary: Create a subscription
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Subscription"
  /invoices/{id}:
    get:
      operationId: getInvoice
      summary: Get an invoice
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The invoice
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Invoice"
components:
  schemas:
    Subscription:
      type: object
      properties:
        id:
          type: string
    Invoice:
      type: object
      properties:
        id:
          type: string
        subscription:
          $ref: "#/components/schemas/Subscription"
"##;

const GUIDE: &str = "---
title: Billing
---

Start with the [overview](api:billing).

First [create a subscription](api:createSubscription).

Every month brings an [invoice](api:billing#/components/schemas/Invoice); fetch it with
[`getInvoice`](api:billing:getInvoice). Its [subscription](api:#/components/schemas/Subscription)
is the one you created.
";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", CONFIG),
            ("specs/billing.yaml", SPEC),
            ("content/guides/billing.md", GUIDE),
        ],
    );
    dir
}

fn hrefs(page: &Path) -> Vec<String> {
    let html = fs::read_to_string(page).unwrap();
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn api_links_become_the_reference_pages_relative_urls() {
    let dir = project();
    let build = run(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let site = dir.path().join("public");
    let page = site.join("guides/billing/index.html");
    let hrefs = hrefs(&page);
    for expected in [
        "../../api/billing/",
        "../../api/billing/operations/create-subscription/",
        "../../api/billing/schemas/invoice/",
        "../../api/billing/operations/get-invoice/",
        "../../api/billing/schemas/subscription/",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "{expected} in {hrefs:?}"
        );
        let target = page.parent().unwrap().join(expected).join("index.html");
        assert!(target.is_file(), "{} exists", target.display());
    }
    assert!(
        !hrefs.iter().any(|h| h.starts_with("api:")),
        "no api: link is left as written: {hrefs:?}"
    );
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
}

#[test]
fn a_renamed_operation_id_fails_the_build_where_a_guide_names_it() {
    let dir = project();
    let first = run(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));

    let spec = dir.path().join("specs/billing.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(
        &spec,
        text.replace(
            "operationId: createSubscription",
            "operationId: startSubscription",
        ),
    )
    .unwrap();
    let second = run(dir.path(), &["build"]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    let err = stderr(&second);
    // Line 7 of the file (front matter included), column 7: where the link starts.
    assert!(err.contains("content/guides/billing.md:7:7"), "{err}");
    assert!(err.contains("`createSubscription`"), "{err}");
    assert!(err.contains("did you mean `startSubscription`?"), "{err}");

    // A schema that is gone is reported the same way.
    fs::write(
        &spec,
        text.replace("    Invoice:\n", "    Invoices:\n")
            .replace("schemas/Invoice\"", "schemas/Invoices\""),
    )
    .unwrap();
    let third = run(dir.path(), &["build"]);
    assert_eq!(third.status.code(), Some(1), "{}", stderr(&third));
    let err = stderr(&third);
    assert!(err.contains("content/guides/billing.md:9:"), "{err}");
    assert!(err.contains("no schema `Invoice`"), "{err}");
    assert!(err.contains("did you mean `Invoices`?"), "{err}");
}
