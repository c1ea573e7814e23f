//! The default theme's partials for tables: `security.html`, `parameters.html`, `media.html`
//! and `schema_table.html`. Each writes what its `{% include %}` puts in a page.

use std::sync::Arc;

use super::{given, Html};
use crate::model::api::{MediaType, Parameter, SchemaRow, SchemaView, SecurityRequirement};

/// `partials/security.html`, with `security` the alternatives and `api_url` the API's page.
pub(super) fn security(h: &mut Html, root: &str, api_url: &str, security: &[SecurityRequirement]) {
    h.raw("\n");
    if security.is_empty() {
        h.raw("\n<p>No authentication.</p>\n");
    } else {
        h.raw("\n<ul class=\"security\">\n  ");
        for (r, requirement) in security.iter().enumerate() {
            h.raw("\n  <li>");
            if requirement.schemes.is_empty() {
                h.raw("No authentication");
            } else {
                for (s, scheme) in requirement.schemes.iter().enumerate() {
                    h.raw("<a href=\"")
                        .text(root)
                        .text(api_url)
                        .raw("#")
                        .text(&scheme.anchor)
                        .raw("\">")
                        .text(&scheme.name)
                        .raw("</a>");
                    if !scheme.scopes.is_empty() {
                        h.raw(" with scopes ");
                        list(h, &scheme.scopes);
                    }
                    if s + 1 < requirement.schemes.len() {
                        h.raw(" and ");
                    }
                }
            }
            if r + 1 < security.len() {
                h.raw(" <span class=\"or\">or</span>");
            }
            h.raw("</li>\n  ");
        }
        h.raw("\n</ul>\n");
    }
    h.raw("\n");
}

/// `<code>a</code>, <code>b</code>`: the values of a list, each in code.
fn list(h: &mut Html, values: &[impl AsRef<str>]) {
    for (i, value) in values.iter().enumerate() {
        h.raw("<code>").text(value.as_ref()).raw("</code>");
        if i + 1 < values.len() {
            h.raw(", ");
        }
    }
}

fn constraints(h: &mut Html, constraints: &[String]) {
    if !constraints.is_empty() {
        h.raw("<p class=\"constraints\">");
        for c in constraints {
            h.raw("<span class=\"constraint\">").text(c).raw("</span>");
        }
        h.raw("</p>");
    }
}

/// A row's type, linked to its schema's page when it has one.
fn type_label(h: &mut Html, root: &str, row: &SchemaRow) {
    match given(&row.link) {
        Some(link) => h
            .raw("<a href=\"")
            .text(root)
            .text(link)
            .raw("\">")
            .text(&row.type_label)
            .raw("</a>"),
        None => h.text(&row.type_label),
    };
}

/// `partials/parameters.html`.
pub(super) fn parameters(h: &mut Html, root: &str, parameters: &[Arc<Parameter>]) {
    h.raw("\n<table class=\"params\">\n  <thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead>\n  <tbody>\n  ");
    for param in parameters {
        let schema = &param.schema;
        h.raw("\n    <tr>\n      <td class=\"params__name\"><code>")
            .text(&param.name)
            .raw("</code>");
        if param.required {
            h.raw(" <span class=\"badge badge--required\">required</span>");
        }
        if param.deprecated {
            h.raw(" <span class=\"badge badge--deprecated\">deprecated</span>");
        }
        h.raw("</td>\n      <td class=\"params__type\">");
        type_label(h, root, schema);
        if schema.nullable {
            h.raw(" <span class=\"badge\">nullable</span>");
        }
        h.raw("</td>\n      <td class=\"params__desc\">\n        ")
            .raw(&param.description_html)
            .raw("\n        ");
        constraints(h, schema.constraints());
        h.raw("\n        ");
        if !schema.enum_values().is_empty() {
            h.raw("<p class=\"enum\">One of: ");
            list(h, schema.enum_values());
            h.raw("</p>");
        }
        h.raw("\n        ");
        if let Some(default) = given(&schema.default()) {
            h.raw("<p class=\"default\">Default: <code>")
                .text(default)
                .raw("</code></p>");
        }
        h.raw("\n        ");
        if let Some(style) = given(&param.style) {
            h.raw("<p class=\"default\">Style: <code>")
                .text(style)
                .raw("</code>");
            if let Some(explode) = param.explode {
                h.raw(", explode: <code>")
                    .raw(if explode { "true" } else { "false" })
                    .raw("</code>");
            }
            h.raw("</p>");
        }
        h.raw("\n        ");
        if let Some(example) = given(&schema.example()) {
            h.raw("<p class=\"example\">Example: <code>")
                .text(example)
                .raw("</code></p>");
        }
        h.raw("\n        ");
        for example in &param.examples {
            h.raw("<p class=\"example\">")
                .text(given(&example.summary).unwrap_or(&example.name))
                .raw(": <code>")
                .raw(&example.value_html.html())
                .raw("</code></p>");
        }
        h.raw("\n      </td>\n    </tr>\n  ");
    }
    h.raw("\n  </tbody>\n</table>\n");
}

/// `partials/media.html`.
pub(super) fn media(h: &mut Html, root: &str, contents: &[MediaType]) {
    h.raw("\n");
    for media in contents {
        h.raw("\n<div class=\"media\">\n  <p class=\"media__type\"><code>")
            .text(&media.media_type)
            .raw("</code></p>\n  ");
        if let Some(view) = &media.schema {
            schema_table(h, root, view);
        }
        h.raw("\n  ");
        for example in &media.examples {
            h.raw("\n  <figure class=\"example-block\">\n    <figcaption>")
                .text(given(&example.summary).unwrap_or(&example.name))
                .raw("</figcaption>\n    ")
                .raw(&example.description_html)
                .raw("\n    <pre class=\"code language-json\" data-lang=\"json\"><code>")
                .raw(&example.value_html.html())
                .raw("</code></pre>\n  </figure>\n  ");
        }
        h.raw("\n</div>\n");
    }
    h.raw("\n");
}

/// `partials/schema_table.html`.
pub(super) fn schema_table(h: &mut Html, root: &str, view: &SchemaView) {
    let top = &view.root;
    h.raw("\n<div class=\"schema\">\n  <p class=\"schema__root\">\n    <span class=\"type\">");
    type_label(h, root, top);
    h.raw("</span>\n    ");
    if top.nullable {
        h.raw("<span class=\"badge\">nullable</span>");
    }
    h.raw("\n    ");
    for c in top.constraints() {
        h.raw("<span class=\"constraint\">").text(c).raw("</span>");
    }
    h.raw("\n  </p>\n  ");
    if let Some(discriminator) = &view.discriminator {
        h.raw("\n  <p class=\"discriminator\">The variant is chosen by the value of <code>")
            .text(&discriminator.property)
            .raw("</code>");
        if !discriminator.mapping.is_empty() {
            h.raw(":");
        }
        h.raw("</p>\n  ");
        if !discriminator.mapping.is_empty() {
            h.raw("\n  <ul class=\"discriminator__cases\">");
            for case in &discriminator.mapping {
                h.raw("<li><code>").text(&case.value).raw("</code> → ");
                match given(&case.link) {
                    Some(link) => h
                        .raw("<a href=\"")
                        .text(root)
                        .text(link)
                        .raw("\">")
                        .text(&case.schema)
                        .raw("</a>"),
                    None => h.text(&case.schema),
                };
                h.raw("</li>");
            }
            h.raw("</ul>\n  ");
        }
        h.raw("\n  ");
    }
    h.raw("\n  ");
    if !view.rows.is_empty() {
        h.raw("\n  <table class=\"schema__table\">\n    <thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead>\n    <tbody>\n    ");
        for row in &view.rows {
            schema_row(h, root, row);
        }
        h.raw("\n    </tbody>\n  </table>\n  ");
        if view.truncated {
            h.raw("<p class=\"note\">This schema has more fields than one page shows; the downloadable spec has them all.</p>");
        }
        h.raw("\n  ");
    }
    h.raw("\n</div>\n");
}

/// One row of `partials/schema_table.html`.
fn schema_row(h: &mut Html, root: &str, row: &SchemaRow) {
    let variant = row.variant.filter(|v| !v.is_empty());
    h.raw("\n      <tr class=\"depth-")
        .number(usize::from(row.depth));
    if variant.is_some() {
        h.raw(" is-variant");
    }
    h.raw("\">\n        <td class=\"schema__name\">");
    if let Some(variant) = variant {
        h.raw("<span class=\"variant\">")
            .text(variant)
            .raw("</span> ");
    }
    h.raw("<code>").text(&row.name).raw("</code>");
    if row.required {
        h.raw(" <span class=\"badge badge--required\">required</span>");
    }
    if row.deprecated {
        h.raw(" <span class=\"badge badge--deprecated\">deprecated</span>");
    }
    h.raw("</td>\n        <td class=\"schema__type\">");
    type_label(h, root, row);
    if row.nullable {
        h.raw(" <span class=\"badge\">nullable</span>");
    }
    if row.read_only {
        h.raw(" <span class=\"badge\">read-only</span>");
    }
    if row.write_only {
        h.raw(" <span class=\"badge\">write-only</span>");
    }
    if row.recursive {
        h.raw(" <span class=\"badge badge--recursive\" title=\"This schema contains itself; follow the link to see its fields.\">recursive</span>");
    }
    h.raw("</td>\n        <td class=\"schema__desc\">\n          ")
        .raw(&row.description_html)
        .raw("\n          ");
    constraints(h, row.constraints());
    h.raw("\n          ");
    if !row.enum_details().is_empty() {
        h.raw("\n          <dl class=\"enum-details\">");
        for detail in row.enum_details() {
            h.raw("<dt><code>").text(&detail.value).raw("</code>");
            if let Some(name) = given(&detail.name) {
                h.raw(" <span class=\"enum-name\">")
                    .text(name)
                    .raw("</span>");
            }
            h.raw("</dt><dd>");
            if let Some(description) = given(&detail.description) {
                h.text(description);
            }
            h.raw("</dd>");
        }
        h.raw("</dl>\n          ");
    } else if !row.enum_values().is_empty() {
        h.raw("<p class=\"enum\">One of: ");
        list(h, row.enum_values());
        h.raw("</p>");
    }
    h.raw("\n          ");
    if let Some(default) = given(&row.default()) {
        h.raw("<p class=\"default\">Default: <code>")
            .text(default)
            .raw("</code></p>");
    }
    h.raw("\n          ");
    if let Some(example) = given(&row.example()) {
        h.raw("<p class=\"example\">Example: <code>")
            .text(example)
            .raw("</code></p>");
    }
    h.raw("\n        </td>\n      </tr>\n    ");
}
