//! `operation.html` of the default theme: an operation's or a webhook's page.

use super::layout::{Frame, SidebarView};
use super::tables::{media, parameters, security};
use super::{given, operation_mark, Html};
use crate::model::api::{Api, Operation, SecurityRequirement};
use crate::render::pages::Renderer;

impl Renderer<'_> {
    /// The page of `op`, as `operation.html` renders it.
    pub(in crate::render::pages) fn native_operation(
        &self,
        api: &Api,
        op: &Operation,
        frame: &Frame,
        sidebar: SidebarView,
    ) -> Vec<u8> {
        let root = frame.root;
        let requirements: &[SecurityRequirement] = op.security.as_deref().unwrap_or(&api.security);
        let samples = op.code_samples.views();
        self.native_page(
            frame,
            sidebar,
            |h| {
                header(h, root, api, op);
                h.raw("\n\n");
                if !op.description_html.is_empty() {
                    h.raw("<div class=\"prose\">")
                        .raw(&op.description_html)
                        .raw("</div>");
                }
                h.raw("\n\n");
                if !op.servers.is_empty() {
                    h.raw("\n<section id=\"servers\">\n  <h2>Servers</h2>\n  <ul class=\"servers\">");
                    for server in &op.servers {
                        h.raw("<li><code>")
                            .text(&server.url)
                            .raw("</code> ")
                            .raw(&server.description_html)
                            .raw("</li>");
                    }
                    h.raw("</ul>\n</section>\n");
                }
                h.raw("\n\n<section id=\"authentication\">\n  <h2>Authentication</h2>\n  ");
                security(h, root, &api.url, requirements);
                h.raw("\n</section>\n\n");
                if !samples.is_empty() {
                    h.raw("\n<section id=\"request-sample\">\n  <h2>Request sample</h2>\n  <div class=\"code-samples\" data-tabs>\n    ");
                    for sample in &samples {
                        h.raw("\n    <div class=\"code-sample\" data-language=\"")
                            .text(&sample.language)
                            .raw("\">\n      <p class=\"code-sample__label\">")
                            .text(&sample.label)
                            .raw("</p>\n      <pre class=\"code language-")
                            .text(&sample.language)
                            .raw("\" data-lang=\"")
                            .text(&sample.label)
                            .raw("\"><code>")
                            .raw(&sample.html)
                            .raw("</code></pre>\n    </div>\n    ");
                    }
                    h.raw("\n  </div>\n</section>\n");
                }
                h.raw("\n\n");
                if !op.parameters.is_empty() {
                    h.raw("\n<section id=\"parameters\">\n  <h2>Parameters</h2>\n  ");
                    for group in &op.parameters {
                        h.raw("\n  <h3 id=\"parameters-")
                            .text(&group.location)
                            .raw("\">")
                            .text(&group.title)
                            .raw("</h3>\n  ");
                        parameters(h, root, &group.parameters);
                        h.raw("\n  ");
                    }
                    h.raw("\n</section>\n");
                }
                h.raw("\n\n");
                if let Some(body) = &op.request_body {
                    h.raw("\n<section id=\"request-body\">\n  <h2>")
                        .raw(if op.webhook { "Payload" } else { "Request body" });
                    if body.required {
                        h.raw(" <span class=\"badge badge--required\">required</span>");
                    }
                    h.raw("</h2>\n  ")
                        .raw(&body.description_html)
                        .raw("\n  ");
                    media(h, root, &body.contents);
                    h.raw("\n</section>\n");
                }
                h.raw("\n\n");
                responses(h, root, op);
                h.raw("\n\n");
                if !op.callbacks.is_empty() {
                    h.raw("\n<section id=\"callbacks\">\n  <h2>Callbacks</h2>\n  ");
                    for callback in &op.callbacks {
                        h.raw("\n  <div class=\"callback\">\n    <h3><code>")
                            .text(&callback.name)
                            .raw("</code></h3>\n    <div class=\"endpoint\"><span class=\"method method--")
                            .lower(&callback.method)
                            .raw("\">")
                            .text(&callback.method)
                            .raw("</span> <code class=\"path\">")
                            .text(&callback.expression)
                            .raw("</code></div>\n    ")
                            .raw(&callback.description_html)
                            .raw("\n    ");
                        if let Some(body) = &callback.request_body {
                            media(h, root, &body.contents);
                        }
                        h.raw("\n  </div>\n  ");
                    }
                    h.raw("\n</section>\n");
                }
                h.raw("\n</article>\n");
            },
            |h| toc(h, op, !samples.is_empty()),
        )
    }
}

/// From `<article>` to the end of the page's `<header>`.
fn header(h: &mut Html, root: &str, api: &Api, op: &Operation) {
    h.raw("\n<article class=\"operation\" ");
    operation_mark(h, op, op.webhook);
    h.raw(">\n<header class=\"page-header\">\n  <p class=\"eyebrow\"><a href=\"")
        .text(root)
        .text(&api.url)
        .raw("\">")
        .text(&api.title)
        .raw("</a>");
    if !op.tags.is_empty() {
        h.raw(" · ").text(&op.tags.join(", "));
    }
    h.raw("</p>\n  <h1");
    if op.deprecated {
        h.raw(" class=\"is-deprecated\"");
    }
    h.raw(">")
        .text(&op.title)
        .raw("</h1>\n  <div class=\"endpoint\">\n    ");
    if op.webhook {
        h.raw("<span class=\"badge badge--webhook\">Webhook</span>");
    }
    h.raw("\n    <span class=\"method method--")
        .lower(&op.method)
        .raw("\">")
        .text(&op.method)
        .raw("</span>\n    <code class=\"path\">");
    if op.webhook {
        h.text(&op.path);
    } else {
        for part in &op.path_parts {
            if part.is_param {
                h.raw("<span class=\"path__param\">")
                    .text(&part.text)
                    .raw("</span>");
            } else {
                h.text(&part.text);
            }
        }
    }
    h.raw("</code>\n  </div>\n  ");
    if op.webhook {
        h.raw(
            "<p class=\"note\">The API sends this request to the URL you registered for the <code>",
        )
        .text(&op.path)
        .raw("</code> webhook.</p>");
    }
    h.raw("\n  ");
    if op.deprecated {
        h.raw("<p class=\"callout callout--warning\"><strong>Deprecated.</strong> This operation may be removed in a future version.</p>");
    }
    h.raw("\n  ");
    if let Some(id) = given(&op.operation_id) {
        h.raw("<p class=\"operation-id\">Operation ID <code>")
            .text(id)
            .raw("</code></p>");
    }
    h.raw("\n</header>");
}

/// The `responses` section.
fn responses(h: &mut Html, root: &str, op: &Operation) {
    h.raw("<section id=\"responses\">\n  <h2>")
        .raw(if op.webhook {
            "Expected responses"
        } else {
            "Responses"
        })
        .raw("</h2>\n  ");
    for (i, response) in op.responses.iter().enumerate() {
        h.raw("\n  <details class=\"response response--")
            .text(&response.class)
            .raw("\" id=\"response-")
            .text(&response.status)
            .raw("\"");
        if i == 0 {
            h.raw(" open");
        }
        h.raw(">\n    <summary><span class=\"status status--")
            .text(&response.class)
            .raw("\">")
            .text(&response.status)
            .raw("</span> <span class=\"response__summary\">")
            .raw(&response.description_html)
            .raw("</span></summary>\n    ");
        if !response.headers.is_empty() {
            h.raw("\n    <h4>Headers</h4>\n    ");
            parameters(h, root, &response.headers);
            h.raw("\n    ");
        }
        h.raw("\n    ");
        media(h, root, &response.contents);
        h.raw("\n    ");
        if !response.links.is_empty() {
            h.raw("\n    <h4>Links</h4>\n    <ul>");
            for link in &response.links {
                h.raw("<li><code>").text(&link.name).raw("</code>");
                let id = link.operation_id.as_deref().unwrap_or_default();
                if let Some(url) = given(&link.url) {
                    h.raw(": <a href=\"")
                        .text(root)
                        .text(url)
                        .raw("\">")
                        .text(id)
                        .raw("</a>");
                } else if !id.is_empty() {
                    h.raw(": ").text(id);
                }
                h.raw(" ").raw(&link.description_html).raw("</li>");
            }
            h.raw("</ul>\n    ");
        }
        h.raw("\n  </details>\n  ");
    }
    h.raw("\n</section>");
}

/// The `aside` block: the page's table of contents.
fn toc(h: &mut Html, op: &Operation, samples: bool) {
    h.raw("\n<aside class=\"toc\" aria-label=\"On this page\">\n  <p class=\"toc__title\">On this page</p>\n  <ul>\n    <li><a href=\"#authentication\">Authentication</a></li>\n    ");
    if samples {
        h.raw("<li><a href=\"#request-sample\">Request sample</a></li>");
    }
    h.raw("\n    ");
    if !op.parameters.is_empty() {
        h.raw("<li><a href=\"#parameters\">Parameters</a></li>");
    }
    h.raw("\n    ");
    if op.request_body.is_some() {
        h.raw("<li><a href=\"#request-body\">Request body</a></li>");
    }
    h.raw("\n    <li><a href=\"#responses\">Responses</a></li>\n    ");
    for response in &op.responses {
        h.raw("<li class=\"toc__level-3\"><a href=\"#response-")
            .text(&response.status)
            .raw("\">")
            .text(&response.status)
            .raw("</a></li>");
    }
    h.raw("\n  </ul>\n</aside>\n");
}
