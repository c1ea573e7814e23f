//! `schema.html` of the default theme: a named schema's page.

use super::layout::{Frame, SidebarView};
use super::tables::schema_table;
use super::{operation_item, Marked};
use crate::model::api::{Api, NamedSchema};
use crate::render::pages::Renderer;

impl Renderer<'_> {
    /// The page of `schema`, as `schema.html` renders it.
    pub(in crate::render::pages) fn native_schema(
        &self,
        api: &Api,
        schema: &NamedSchema,
        frame: &Frame,
        sidebar: SidebarView,
    ) -> Vec<u8> {
        let root = frame.root;
        self.native_page(
            frame,
            sidebar,
            |h| {
                h.raw("\n<article class=\"schema-page\" data-schema=\"")
                    .text(&schema.name)
                    .raw("\">\n<header class=\"page-header\">\n  <p class=\"eyebrow\"><a href=\"")
                    .text(root)
                    .text(&api.url)
                    .raw("\">")
                    .text(&api.title)
                    .raw("</a> · <a href=\"")
                    .text(root)
                    .text(&api.url)
                    .raw("schemas/\">Schemas</a></p>\n  <h1>")
                    .text(&schema.name)
                    .raw("</h1>\n</header>\n");
                if !schema.description_html.is_empty() {
                    h.raw("<div class=\"prose\">")
                        .raw(&schema.description_html)
                        .raw("</div>");
                }
                h.raw("\n");
                schema_table(h, root, &schema.view);
                h.raw("\n");
                for example in &schema.examples {
                    h.raw("\n<figure class=\"example-block\">\n  <figcaption>")
                        .text(&example.name)
                        .raw("</figcaption>\n  <pre class=\"code language-json\" data-lang=\"json\"><code>")
                        .raw(&example.value_html.html())
                        .raw("</code></pre>\n</figure>\n");
                }
                h.raw("\n");
                if !schema.used_by.is_empty() {
                    h.raw("\n<section id=\"used-by\">\n  <h2>Used by</h2>\n  <ul class=\"operation-list\">\n    ");
                    for &i in &schema.used_by {
                        h.raw("\n    ");
                        operation_item(h, root, &api.operations[i], Marked::Plain, false);
                        h.raw("\n    ");
                    }
                    h.raw("\n  </ul>\n</section>\n");
                }
                h.raw("\n</article>\n");
            },
            |_| {},
        )
    }
}
