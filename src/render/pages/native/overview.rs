//! `api.html`, `tag.html` and `schemas.html` of the default theme: an API's overview, a tag's
//! (or the webhooks') list of operations, and the list of its schemas.

use super::layout::{Frame, SidebarView};
use super::tables::security;
use super::{given, operation_item, Html, Marked};
use crate::model::api::{Api, Operation, SecurityScheme, Server};
use crate::render::pages::Renderer;

/// What `tag.html` shows: a tag, or the webhooks, which are listed the same way.
pub(in crate::render::pages) struct TagBody<'a> {
    pub title: &'a str,
    pub description_html: &'a str,
    pub operations: Vec<&'a Operation>,
}

impl Renderer<'_> {
    /// The page of a tag, as `tag.html` renders it.
    pub(in crate::render::pages) fn native_tag(
        &self,
        api: &Api,
        tag: &TagBody,
        frame: &Frame,
        sidebar: SidebarView,
    ) -> Vec<u8> {
        let root = frame.root;
        self.native_page(
            frame,
            sidebar,
            |h| {
                h.raw("\n<article class=\"tag-page\">\n<header class=\"page-header\">\n  ");
                eyebrow(h, root, api);
                h.raw("\n  <h1>").text(tag.title).raw("</h1>\n</header>\n");
                if !tag.description_html.is_empty() {
                    h.raw("<div class=\"prose\">")
                        .raw(tag.description_html)
                        .raw("</div>");
                }
                h.raw("\n<ul class=\"operation-list operation-list--cards\">\n  ");
                for op in &tag.operations {
                    h.raw("\n  ");
                    operation_item(h, root, op, Marked::ByKind, true);
                    h.raw("\n  ");
                }
                h.raw("\n</ul>\n</article>\n");
            },
            |_| {},
        )
    }

    /// The list of an API's schemas, as `schemas.html` renders it.
    pub(in crate::render::pages) fn native_schema_index(
        &self,
        api: &Api,
        frame: &Frame,
        sidebar: SidebarView,
    ) -> Vec<u8> {
        let root = frame.root;
        self.native_page(
            frame,
            sidebar,
            |h| {
                h.raw("\n<article>\n<header class=\"page-header\">\n  ");
                eyebrow(h, root, api);
                h.raw("\n  <h1>Schemas</h1>\n</header>\n<ul class=\"schema-list\">\n  ");
                for schema in &api.schemas {
                    h.raw("<li><a href=\"")
                        .text(root)
                        .text(&schema.url)
                        .raw("\"><code>")
                        .text(&schema.name)
                        .raw("</code></a></li>");
                }
                h.raw("\n</ul>\n</article>\n");
            },
            |_| {},
        )
    }

    /// An API's overview, as `api.html` renders it.
    pub(in crate::render::pages) fn native_overview(
        &self,
        api: &Api,
        frame: &Frame,
        sidebar: SidebarView,
    ) -> Vec<u8> {
        let root = frame.root;
        self.native_page(
            frame,
            sidebar,
            |h| {
                let spec = if api.openapi_version.starts_with('2') {
                    "Swagger"
                } else {
                    "OpenAPI"
                };
                h.raw("\n<article class=\"api-overview\">\n<header class=\"page-header\">\n  <p class=\"eyebrow\">API reference · ")
                    .raw(spec)
                    .raw(" ")
                    .text(&api.openapi_version)
                    .raw("</p>\n  <h1>")
                    .text(&api.title)
                    .raw(" <span class=\"version\">v")
                    .text(&api.version)
                    .raw("</span></h1>\n  ");
                if let Some(summary) = given(&api.summary) {
                    h.raw("<p class=\"lead\">").text(summary).raw("</p>");
                }
                h.raw("\n  <p class=\"actions\"><a class=\"button\" href=\"")
                    .text(root)
                    .text(&api.download)
                    .raw("\" download>Download the OpenAPI spec</a></p>\n</header>\n");
                if !api.description_html.is_empty() {
                    h.raw("<div class=\"prose\">")
                        .raw(&api.description_html)
                        .raw("</div>");
                }
                h.raw("\n\n");
                servers(h, &api.servers);
                h.raw("\n\n");
                if !api.security_schemes.is_empty() {
                    h.raw("\n<section id=\"authentication\">\n  <h2>Authentication</h2>\n  ");
                    for scheme in &api.security_schemes {
                        security_scheme(h, scheme);
                    }
                    h.raw("\n  ");
                    if !api.security.is_empty() {
                        h.raw("\n  <p>By default, requests need:</p>\n  ");
                        security(h, root, &api.url, &api.security);
                        h.raw("\n  ");
                    }
                    h.raw("\n</section>\n");
                }
                h.raw("\n\n<section id=\"operations\">\n  <h2>Operations</h2>\n  ");
                for tag in &api.tags {
                    h.raw("\n  <div class=\"tag-group\">\n    <h3><a href=\"")
                        .text(root)
                        .text(&tag.url)
                        .raw("\">")
                        .text(&tag.display_name)
                        .raw("</a></h3>\n    ")
                        .raw(&tag.description_html)
                        .raw("\n    <ul class=\"operation-list\">\n      ");
                    for &i in &tag.operations {
                        h.raw("\n      ");
                        operation_item(h, root, &api.operations[i], Marked::Operation, true);
                        h.raw("\n      ");
                    }
                    h.raw("\n    </ul>\n  </div>\n  ");
                }
                h.raw("\n</section>\n\n");
                if !api.webhooks.is_empty() {
                    h.raw("\n<section id=\"webhooks\">\n  <h2>Webhooks</h2>\n  <ul class=\"operation-list\">\n    ");
                    for op in &api.webhooks {
                        h.raw("\n    ");
                        operation_item(h, root, op, Marked::Webhook, false);
                        h.raw("\n    ");
                    }
                    h.raw("\n  </ul>\n</section>\n");
                }
                h.raw("\n\n");
                about(h, api);
                h.raw("\n</article>\n");
            },
            |_| {},
        )
    }
}

/// The line above a tag's or the schema list's title: a link to the API's overview.
fn eyebrow(h: &mut Html, root: &str, api: &Api) {
    h.raw("<p class=\"eyebrow\"><a href=\"")
        .text(root)
        .text(&api.url)
        .raw("\">")
        .text(&api.title)
        .raw("</a></p>");
}

/// The overview's `servers` section.
fn servers(h: &mut Html, servers: &[Server]) {
    if servers.is_empty() {
        return;
    }
    h.raw("\n<section id=\"servers\">\n  <h2>Servers</h2>\n  <table class=\"params\">\n    <thead><tr><th scope=\"col\">URL</th><th scope=\"col\">Description</th></tr></thead>\n    <tbody>");
    for server in servers {
        h.raw("<tr><td><code>")
            .text(&server.url)
            .raw("</code></td><td>")
            .raw(&server.description_html);
        for var in &server.variables {
            h.raw("<p><code>")
                .text(&format!("{{{}}}", var.name))
                .raw("</code> default <code>")
                .text(&var.default)
                .raw("</code>");
            if !var.values.is_empty() {
                h.raw(", one of ").text(&var.values.join(", "));
            }
            h.raw("</p>");
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody>\n  </table>\n</section>\n");
}

/// One scheme of the overview's `authentication` section.
fn security_scheme(h: &mut Html, scheme: &SecurityScheme) {
    h.raw("\n  <div class=\"auth-scheme\" id=\"")
        .text(&scheme.anchor)
        .raw("\">\n    <h3>")
        .text(&scheme.name)
        .raw(" <span class=\"badge\">")
        .text(&scheme.kind)
        .raw("</span></h3>\n    ")
        .raw(&scheme.description_html)
        .raw("\n    ");
    if !scheme.details.is_empty() {
        h.raw("<dl class=\"details\">");
        for (label, value) in &scheme.details {
            h.raw("<dt>")
                .text(label)
                .raw("</dt><dd><code>")
                .text(value)
                .raw("</code></dd>");
        }
        h.raw("</dl>");
    }
    h.raw("\n    ");
    for flow in &scheme.flows {
        h.raw("\n    <div class=\"flow\">\n      <h4>OAuth 2.0 flow: ")
            .text(&flow.kind)
            .raw("</h4>\n      <dl class=\"details\">\n        ");
        let urls = [
            ("Authorization URL", &flow.authorization_url),
            ("Token URL", &flow.token_url),
            ("Refresh URL", &flow.refresh_url),
        ];
        for (n, (label, url)) in urls.into_iter().enumerate() {
            if n > 0 {
                h.raw("\n        ");
            }
            if let Some(url) = given(url) {
                h.raw("<dt>")
                    .raw(label)
                    .raw("</dt><dd><code>")
                    .text(url)
                    .raw("</code></dd>");
            }
        }
        h.raw("\n      </dl>\n      ");
        if !flow.scopes.is_empty() {
            h.raw("\n      <table class=\"params\"><thead><tr><th scope=\"col\">Scope</th><th scope=\"col\">Grants</th></tr></thead>\n      <tbody>");
            for (scope, grants) in &flow.scopes {
                h.raw("<tr><td><code>")
                    .text(scope)
                    .raw("</code></td><td>")
                    .text(grants)
                    .raw("</td></tr>");
            }
            h.raw("</tbody></table>\n      ");
        }
        h.raw("\n    </div>\n    ");
    }
    h.raw("\n  </div>\n  ");
}

/// The overview's `about` section: contact, license, terms and further documentation.
fn about(h: &mut Html, api: &Api) {
    let terms = given(&api.terms_of_service);
    if api.contact.is_none()
        && api.license.is_none()
        && terms.is_none()
        && api.external_docs.is_none()
    {
        return;
    }
    h.raw("\n<section id=\"about\">\n  <h2>About this API</h2>\n  <dl class=\"details\">\n    ");
    if let Some(contact) = &api.contact {
        h.raw("<dt>Contact</dt><dd>");
        if let Some(name) = given(&contact.name) {
            h.text(name).raw(" ");
        }
        if let Some(email) = given(&contact.email) {
            h.raw("<a href=\"mailto:")
                .text(email)
                .raw("\">")
                .text(email)
                .raw("</a> ");
        }
        if let Some(url) = given(&contact.url) {
            h.raw("<a href=\"")
                .text(url)
                .raw("\" rel=\"noopener\">")
                .text(url)
                .raw("</a>");
        }
        h.raw("</dd>");
    }
    h.raw("\n    ");
    if let Some(license) = &api.license {
        h.raw("<dt>License</dt><dd>");
        match given(&license.url) {
            Some(url) => {
                h.raw("<a href=\"")
                    .text(url)
                    .raw("\" rel=\"noopener\">")
                    .text(&license.name)
                    .raw("</a>");
            }
            None => {
                h.text(&license.name);
            }
        }
        h.raw("</dd>");
    }
    h.raw("\n    ");
    if let Some(terms) = terms {
        h.raw("<dt>Terms of service</dt><dd><a href=\"")
            .text(terms)
            .raw("\" rel=\"noopener\">")
            .text(terms)
            .raw("</a></dd>");
    }
    h.raw("\n    ");
    if let Some(docs) = &api.external_docs {
        h.raw("<dt>More</dt><dd><a href=\"")
            .text(docs.url.as_deref().unwrap_or_default())
            .raw("\" rel=\"noopener\">")
            .text(&docs.name)
            .raw("</a></dd>");
    }
    h.raw("\n  </dl>\n</section>\n");
}
