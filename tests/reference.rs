//! The API reference renders what a spec says: OpenAPI 3.1 features, webhooks, tag groups,
//! schemas with recursion, enums with descriptions, discriminators.

mod common;

use std::fs;

use common::*;

fn build_fixture(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures").join(name), dir.path());
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let site = dir.path().join("public");
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
    (dir, site)
}

fn read(site: &std::path::Path, page: &str) -> String {
    fs::read_to_string(site.join(page).join("index.html"))
        .unwrap_or_else(|_| panic!("no page {page}"))
}

/// A project of `portico.toml` and one spec, built: the folder (kept while in use) and its site.
fn build_files(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let site = dir.path().join("public");
    (dir, site)
}

#[test]
fn openapi_31_webhooks_are_pages_listed_beside_operations() {
    let (_dir, site) = build_fixture("openapi31");
    let hook = read(&site, "api/events/webhooks/eventcreated");
    assert!(
        hook.contains("data-webhook=\"eventCreated POST\""),
        "{hook}"
    );
    assert!(hook.contains("Payload"), "a webhook's body is its payload");
    let overview = read(&site, "api/events");
    assert!(overview.contains("data-webhook=\"eventCreated POST\""));
    let operation = read(&site, "api/events/operations/get-event");
    assert!(
        operation.contains(">Webhooks</a>"),
        "the sidebar lists webhooks beside tags"
    );
}

#[test]
fn tag_groups_display_names_and_untagged_operations_shape_navigation() {
    let (_dir, site) = build_fixture("openapi31");
    let page = read(&site, "api/events/operations/get-event");
    let (core, admin) = (page.find(">Core<").unwrap(), page.find(">Admin<").unwrap());
    assert!(core < admin, "x-tagGroups order");
    assert!(
        page.contains(">Event stream</a>"),
        "x-displayName is shown instead of the tag name"
    );
    let untagged = read(&site, "api/events/operations/get-untagged");
    assert!(untagged.contains("data-operation=\"GET /untagged\""));
    assert!(
        untagged.contains(">Other operations</a>"),
        "untagged operations get a default group"
    );
}

#[test]
fn info_summary_license_identifier_and_response_ranges() {
    let (_dir, site) = build_fixture("openapi31");
    let overview = read(&site, "api/events");
    assert!(overview.contains("Everything OpenAPI 3.1 adds, in one spec."));
    assert!(overview.contains("Apache 2.0 (Apache-2.0)"));
    let operation = read(&site, "api/events/operations/get-event");
    for status in ["200", "4XX", "default"] {
        assert!(
            operation.contains(&format!("id=\"response-{status}\"")),
            "{status}"
        );
    }
}

#[test]
fn schemas_show_31_keywords_recursion_and_enum_descriptions() {
    let (_dir, site) = build_fixture("openapi31");
    let event = read(&site, "api/events/schemas/event");
    assert!(event.contains("[number, number]"), "prefixItems as a tuple");
    assert!(
        event.contains("badge--recursive"),
        "a schema containing itself is marked"
    );
    assert!(
        event.contains("The event that caused this one."),
        "a $ref's sibling description wins"
    );
    assert!(
        event.contains("<dd>Made.</dd>") && event.contains("<dd>Gone.</dd>"),
        "x-enumDescriptions"
    );
    assert!(event.contains("<code>evt_1</code>"), "const");
    assert!(
        event.contains("nullable"),
        "a type array with null is nullable"
    );
    assert!(
        event.contains("&quot;kind&quot;") || event.contains("hl-"),
        "the schema's example is shown"
    );
}

#[test]
fn the_sample_spec_shows_discriminators_and_used_by() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    assert!(run(dir.path(), &["build"]).status.success());
    let site = dir.path().join("public");
    let method = read(&site, "api/streamline/schemas/payment-method");
    assert!(
        method.contains("The variant is chosen by the value of <code>type</code>"),
        "{method}"
    );
    assert!(method.contains("schemas/card-payment-method/\">CardPaymentMethod"));
    let customer = read(&site, "api/streamline/schemas/customer");
    assert!(
        customer.contains("id=\"used-by\""),
        "a schema lists the operations that use it"
    );
    assert!(customer.contains("operations/get-customer/"));
}

#[test]
fn swagger_2_is_converted_into_the_same_reference() {
    let (_dir, site) = build_fixture("swagger2");
    let overview = read(&site, "api/pets");
    assert!(
        overview.contains("Swagger 2.0"),
        "the overview says which version the spec is"
    );
    assert!(
        overview.contains("https://pets.example.com/v1"),
        "host, basePath and schemes become a server"
    );
    assert!(
        overview.contains("https://pets.example.com/oauth/token"),
        "an accessCode flow is an OAuth flow"
    );
    let create = read(&site, "api/pets/operations/create-pet");
    assert!(
        create.contains("id=\"request-body\""),
        "a body parameter becomes a request body"
    );
    assert!(create.contains("with scopes <code>pets:write</code>"));
    let upload = read(&site, "api/pets/operations/upload-photo");
    assert!(
        upload.contains("<code>multipart/form-data</code>"),
        "formData with a file is multipart"
    );
    assert!(upload.contains("string (binary)"), "a file field is binary");
    let list = read(&site, "api/pets/operations/list-pets");
    assert!(
        !list.contains("id=\"request-body\""),
        "a GET gets no request body"
    );
    assert!(
        list.contains("Style: <code>form</code>, explode: <code>false</code>"),
        "collectionFormat csv"
    );
    let pet = read(&site, "api/pets/schemas/pet");
    assert!(pet.contains("nullable"), "x-nullable");
}

#[test]
fn several_specs_get_a_section_each_and_urls_never_collide() {
    let (_dir, site) = build_fixture("swagger2");
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains("api/pets/") && home.contains("api/events/"),
        "both APIs are in the navigation"
    );
    // `get_pet` and `getPet` both want /get-pet/: one keeps it, the other is numbered.
    let first = read(&site, "api/pets/operations/get-pet");
    let second = read(&site, "api/pets/operations/get-pet-2");
    assert!(
        first.contains("data-operation=\"GET /pets/by_id\""),
        "{first}"
    );
    assert!(
        second.contains("data-operation=\"GET /pets/by-id\""),
        "{second}"
    );
}

#[test]
fn operation_pages_carry_request_samples_in_six_languages_and_generated_examples() {
    let (_dir, site) = build_fixture("swagger2");
    let create = read(&site, "api/pets/operations/create-pet");
    for language in ["bash", "python", "javascript", "go", "java", "csharp"] {
        assert!(
            create.contains(&format!("data-language=\"{language}\"")),
            "{language}"
        );
    }
    assert!(
        create.contains("https://pets.example.com/v1/pets"),
        "the sample calls the server's URL"
    );
    assert!(
        create.contains("Bearer $ACCESS_TOKEN") || create.contains("ACCESS_TOKEN"),
        "OAuth as a bearer token"
    );
    assert!(
        create.contains("Example (generated from the schema)"),
        "a response without examples gets one"
    );
    assert!(
        create.contains("Rex"),
        "generated examples use the schema's own example values"
    );
}

#[test]
fn a_parameter_listed_by_many_operations_shows_what_each_one_says() {
    // Parameters are made once per distinct parameter and shared: the same name with another
    // description, requirement, schema or place must still show its own.
    let param = |description: &str, required: bool, kind: &str| {
        format!(
            r#"{{"name": "limit", "in": "query", "description": "{description}", "required": {required}, "schema": {{"type": "{kind}"}}}}"#
        )
    };
    let op = |id: &str, params: &[String]| {
        format!(
            r#"{{"get": {{"operationId": "{id}", "parameters": [{}], "responses": {{"200": {{"description": "ok"}}}}}}}}"#,
            params.join(",")
        )
    };
    let spec = format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "P", "version": "1"}}, "paths": {{
            "/a": {}, "/b": {}, "/c": {}, "/d": {}, "/e/{{limit}}": {}}}}}"#,
        op("op-a", &[param("Most items.", true, "integer")]),
        op("op-b", &[param("Fewest items.", true, "integer")]),
        op("op-c", &[param("Most items.", true, "integer")]),
        op("op-d", &[param("Most items.", false, "string")]),
        op(
            "op-e",
            &[param("Most items.", true, "integer").replace("\"query\"", "\"path\"")]
        ),
    );
    let (_dir, site) = build_files(&[("portico.toml", "title = \"P\"\n"), ("specs/p.json", &spec)]);
    let table = |page: &str| {
        let html = read(&site, &format!("api/p/operations/{page}"));
        let start = html
            .find("<table class=\"params\">")
            .expect("a parameter table");
        let end = start + html[start..].find("</table>").unwrap();
        html[start..end].to_string()
    };
    let (a, b, c, d, e) = (
        table("op-a"),
        table("op-b"),
        table("op-c"),
        table("op-d"),
        table("op-e"),
    );
    assert!(a.contains("Most items.") && a.contains("required") && a.contains("integer"));
    assert!(b.contains("Fewest items.") && !b.contains("Most items."));
    assert_eq!(a, c);
    assert!(d.contains("string") && !d.contains("required"), "{d}");
    assert!(e.contains("required") && e.contains("Most items."), "{e}");
}

#[test]
fn a_response_given_by_many_operations_shows_what_each_one_says() {
    // Responses are made once per distinct (status, response) and shared; a link to another
    // operation is resolved for each operation that gives it.
    let op = |id: &str, description: &str| {
        format!(
            r#"{{"get": {{"operationId": "{id}", "responses": {{
                "200": {{"description": "{description}", "content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"id": {{"type": "string"}}}}}}}}}},
                          "links": {{"Next": {{"operationId": "op-c", "description": "Then this."}}}}}},
                "404": {{"description": "Gone."}}}}}}}}"#
        )
    };
    let spec = format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "R", "version": "1"}}, "paths": {{
            "/a": {}, "/b": {}, "/c": {}}}}}"#,
        op("op-a", "The thing."),
        op("op-b", "The thing."),
        op("op-c", "Another thing."),
    );
    let (_dir, site) = build_files(&[("portico.toml", "title = \"R\"\n"), ("specs/r.json", &spec)]);
    let responses = |page: &str| {
        let html = read(&site, &format!("api/r/operations/{page}"));
        let start = html
            .find("<section id=\"responses\"")
            .unwrap_or_else(|| panic!("{html}"));
        html[start..].to_string()
    };
    let (a, b, c) = (responses("op-a"), responses("op-b"), responses("op-c"));
    for page in [&a, &b, &c] {
        assert!(page.contains("operations/op-c/\">op-c</a>"), "{page}");
        assert!(page.contains("Gone."));
    }
    assert!(a.contains("The thing.") && b.contains("The thing."));
    assert!(c.contains("Another thing.") && !c.contains("The thing."));
}

#[test]
fn every_media_type_of_a_swagger_2_response_shows_its_schema_and_is_checked() {
    // 2.0 gives one schema to all of an operation's media types; converted, the media types
    // after the first stand for it (`swagger2::media_object`), and must still show and be
    // linted each on its own.
    let spec = r#"{"swagger": "2.0", "info": {"title": "S", "version": "1"},
        "produces": ["application/json", "application/yaml"],
        "paths": {"/pets": {"get": {"operationId": "list-pets", "summary": "List",
            "responses": {"200": {"description": "ok", "schema": {"type": "object",
                "properties": {"petName": {"type": "string"}}}}}}}}}"#;
    let (dir, site) = build_files(&[
        (
            "portico.toml",
            "title = \"S\"\n[lint]\nmissing-examples = \"warning\"\n",
        ),
        ("specs/s.json", spec),
    ]);
    let page = read(&site, "api/s/operations/list-pets");
    let responses = &page[page.find("<section id=\"responses\"").unwrap()..];
    for media_type in ["application/json", "application/yaml"] {
        let at = responses
            .find(&format!("<code>{media_type}</code>"))
            .unwrap_or_else(|| panic!("{media_type} in {responses}"));
        let table = &responses[at..];
        let end = table.find("</table>").unwrap();
        assert!(table[..end].contains("petName"), "{media_type}: {table}");
    }
    let report = stderr(&run(dir.path(), &["check"]));
    for media_type in ["application/json", "application/yaml"] {
        assert!(
            report.contains(&format!("response 200 ({media_type}) has no example")),
            "{report}"
        );
    }
}

/// The sidebar of a page's HTML.
fn sidebar(html: &str) -> String {
    let start = html.find("<nav class=\"sidebar\"").expect("a sidebar");
    html[start..start + html[start..].find("</nav>").unwrap()].to_string()
}

/// A spec of `tags` tags, each with two operations, and a schema.
fn spec_with_tags(tags: usize) -> String {
    let mut paths = String::new();
    for t in 0..tags {
        for (method, suffix) in [("get", "list"), ("post", "create")] {
            paths.push_str(&format!(
                "  /t{t}/{suffix}:\n    {method}:\n      tags: [tag{t}]\n      \
                 operationId: {suffix}{t}\n      summary: {suffix} {t}\n      responses:\n        \
                 '200':\n          description: OK\n          content:\n            \
                 application/json:\n              schema:\n                \
                 $ref: '#/components/schemas/Thing'\n"
            ));
        }
    }
    format!(
        "openapi: 3.0.3\ninfo:\n  title: Many\n  version: '1'\npaths:\n{paths}components:\n  \
         schemas:\n    Thing:\n      type: object\n      properties:\n        id:\n          \
         type: string\n"
    )
}

/// Past 100 tags, the sidebar of each page lists its own tag and links to the overview, which
/// lists them all: listing every tag on every page made the site grow with tags × pages.
#[test]
fn an_api_with_many_tags_lists_only_the_current_one_in_each_sidebar() {
    let config = "title = \"Many\"\n[[apis]]\nslug = \"many\"\nspec = \"specs/many.yaml\"\n";

    let spec = spec_with_tags(101);
    let (dir, site) = build_files(&[("portico.toml", config), ("specs/many.yaml", &spec)]);
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
    let op = sidebar(&read(&site, "api/many/operations/create7"));
    assert!(op.contains(">All 101 tags</a>"), "{op}");
    assert!(op.contains("href=\"../../#operations\""), "{op}");
    assert!(op.contains("href=\"../../tags/tag7/\">tag7</a>"), "{op}");
    assert!(op.contains("href=\"../list7/\""), "{op}");
    assert!(
        op.contains("aria-current=\"page\" class=\"is-active\""),
        "{op}"
    );
    assert!(op.contains(">Schemas</a>"), "{op}");
    assert!(!op.contains("tags/tag8/"), "{op}");
    assert_eq!(op.matches("sidebar__group-title").count(), 3, "{op}");
    let tag = sidebar(&read(&site, "api/many/tags/tag7"));
    assert!(tag.contains("aria-current=\"page\">tag7</a>"), "{tag}");
    assert!(!tag.contains("tags/tag8/"), "{tag}");
    let schema = sidebar(&read(&site, "api/many/schemas/thing"));
    assert_eq!(
        schema.matches("sidebar__group-title").count(),
        2,
        "{schema}"
    );
    let overview = read(&site, "api/many");
    assert!(overview.contains("<section id=\"operations\">"));
    assert_eq!(overview.matches("href=\"../../api/many/tags/").count(), 101);
    let [native, tera] = common::native::built_both_ways(dir.path());
    common::native::assert_same_site("101 tags", &[native, tera]);

    // At 100 tags, every page still lists them all.
    let spec = spec_with_tags(100);
    let (_dir, site) = build_files(&[("portico.toml", config), ("specs/many.yaml", &spec)]);
    let op = sidebar(&read(&site, "api/many/operations/create7"));
    assert!(!op.contains("All 100 tags"), "{op}");
    assert!(op.contains("tags/tag8/"), "{op}");
    assert_eq!(op.matches("sidebar__group-title").count(), 101, "{op}");
}

/// Past 100 operations, a tag's pages list the 100 around their own in the sidebar, and link to
/// the tag's page for the others: listing them all made a tag's pages grow with its size squared.
#[test]
fn a_tag_with_many_operations_lists_those_around_the_page_in_its_sidebar() {
    let listed = |html: &str| html.matches("<li><a href=").count();
    let mut paths = String::new();
    for (tag, count) in [("big", 130), ("small", 100)] {
        for n in 0..count {
            paths.push_str(&format!(
                "  /{tag}/{n}:\n    get:\n      tags: [{tag}]\n      operationId: {tag}{n}\n      \
                 summary: {tag} {n}\n      responses:\n        '204':\n          description: done\n"
            ));
        }
    }
    let spec = format!("openapi: 3.0.3\ninfo:\n  title: Big\n  version: '1'\npaths:\n{paths}");
    let config = "title = \"Big\"\n[[apis]]\nslug = \"big\"\nspec = \"specs/big.yaml\"\n";
    let (dir, site) = build_files(&[("portico.toml", config), ("specs/big.yaml", &spec)]);
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));

    // The first: the first 100, and 30 more.
    let first = sidebar(&read(&site, "api/big/operations/big0"));
    assert_eq!(listed(&first), 100, "{first}");
    assert!(first.contains("href=\"../big99/\""), "{first}");
    assert!(!first.contains("href=\"../big100/\""), "{first}");
    assert!(
        first
            .contains("<li class=\"sidebar__more\"><a href=\"../../tags/big/\">… 30 more</a></li>"),
        "{first}"
    );
    // In the middle: 50 before it, and the rest after.
    let middle = sidebar(&read(&site, "api/big/operations/big70"));
    assert_eq!(listed(&middle), 100, "{middle}");
    assert!(
        middle.contains(">… 20 more</a>") && middle.contains(">… 10 more</a>"),
        "{middle}"
    );
    assert!(
        middle.contains("href=\"../big20/\"") && !middle.contains("href=\"../big19/\""),
        "{middle}"
    );
    assert!(
        middle.contains("aria-current=\"page\" class=\"is-active\""),
        "{middle}"
    );
    // The last: the last 100.
    let last = sidebar(&read(&site, "api/big/operations/big129"));
    assert!(
        last.contains(">… 30 more</a>") && last.contains("href=\"../big30/\""),
        "{last}"
    );
    assert!(!last.contains("href=\"../big29/\""), "{last}");
    // The tag's own page: the first 100; its content lists all 130.
    let tag = read(&site, "api/big/tags/big");
    assert!(
        sidebar(&tag).contains("<a href=\"./\">… 30 more</a>"),
        "{}",
        sidebar(&tag)
    );
    assert_eq!(
        tag.matches("href=\"../../../../api/big/operations/big")
            .count(),
        130
    );
    // 100 operations: all of them.
    let small = sidebar(&read(&site, "api/big/operations/small50"));
    assert_eq!(listed(&small), 100, "{small}");
    assert!(!small.contains("sidebar__more"), "{small}");

    let [native, tera] = common::native::built_both_ways(dir.path());
    common::native::assert_same_site("130 operations", &[native, tera]);
}
