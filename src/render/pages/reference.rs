//! Reference pages of an API: its overview, tags, operations, webhooks and schemas.

use super::native::{Frame, SidebarView, TagBody};
use super::sidebar::WEBHOOKS;
use super::views::{ApiInfo, ApiSummary, Card, OperationLink, TagView};
use super::{OutputFile, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::api::{Api, NamedSchema, Operation, SecurityRequirement, Tag};
use crate::model::site::relative_root;

/// What the webhooks' page says above their list.
const WEBHOOKS_DESCRIPTION: &str =
    "<p>Requests that the API sends to your endpoints when events happen.</p>";

impl Renderer<'_> {
    fn api_summary<'a>(&self, api: &'a Api) -> ApiSummary<'a> {
        ApiSummary {
            slug: &api.slug,
            title: &api.title,
            version: &api.version,
            url: &api.url,
            download: &api.download,
            openapi_version: &api.openapi_version,
        }
    }

    pub(super) fn api_overview(&self, api: &Api) -> Result<OutputFile, Vec<Diagnostic>> {
        if self.native.writes("api.html") {
            let (url, title, summary) = (&api.url, &api.title, api.summary.as_deref());
            return Ok(
                self.native_api_page(api, url, title, summary, None, |frame, sidebar| {
                    self.native_overview(api, frame, sidebar)
                }),
            );
        }
        let mut context = self.context(&api.url, &api.title, api.summary.as_deref(), &api.url);
        context.insert("api", &self.api_summary(api));
        context.insert("info", &ApiInfo::of(api));
        context.insert("tags", &self.tag_views(api));
        let webhooks: Vec<OperationLink> = api.webhooks.iter().map(OperationLink::of).collect();
        context.insert("webhooks", &webhooks);
        context.insert(
            "sidebar",
            &self.api_sidebar(api, None, &api.url).linked_from(&api.url),
        );
        self.render("api.html", &api.url, &context)
    }

    fn tag_views<'a>(&self, api: &'a Api) -> Vec<TagView<'a>> {
        api.tags.iter().map(|tag| TagView::of(tag, api)).collect()
    }

    pub(super) fn tag(&self, api: &Api, tag: &Tag) -> Result<OutputFile, Vec<Diagnostic>> {
        if self.native.writes("tag.html") {
            let body = TagBody {
                title: &tag.display_name,
                description_html: &tag.description_html,
                operations: tag.operations.iter().map(|&i| &api.operations[i]).collect(),
            };
            let open = Some(tag.slug.as_str());
            return Ok(
                self.native_api_page(api, &tag.url, body.title, None, open, |f, s| {
                    self.native_tag(api, &body, f, s)
                }),
            );
        }
        let mut context = self.context(&tag.url, &tag.display_name, None, &api.url);
        context.insert("api", &self.api_summary(api));
        context.insert("tag", &TagView::of(tag, api));
        context.insert(
            "sidebar",
            &self
                .api_sidebar(api, Some(&tag.slug), &tag.url)
                .linked_from(&tag.url),
        );
        self.render("tag.html", &tag.url, &context)
    }

    pub(super) fn operation(
        &self,
        api: &Api,
        op: &Operation,
    ) -> Result<OutputFile, Vec<Diagnostic>> {
        let description = op.summary.as_deref();
        let open = if op.webhook {
            WEBHOOKS
        } else {
            op.tag_slug.as_str()
        };
        let sidebar =
            self.shared_sidebar(api.url.clone(), &op.url, || self.api_sidebar(api, None, ""));
        let open_group = self.open_group(&sidebar, format!("{} {open}", api.url), &op.url, || {
            self.api_open_group(api, open)
        });
        let open_group = open_group.as_deref();
        if self.native.writes("operation.html") {
            let root = relative_root(&op.url);
            let frame = Frame {
                root: &root,
                url: &op.url,
                title: &op.title,
                description,
                section: &api.url,
                body_class: "page page--operation",
            };
            let html =
                self.native_operation(api, op, &frame, sidebar.on(&op.url, &op.url, open_group));
            return Ok(self.emit(format!("{}index.html", op.url), html));
        }
        let mut context = self.context(&op.url, &op.title, description, &api.url);
        context.insert("api", &self.api_summary(api));
        context.insert("operation", op);
        let security: &[SecurityRequirement] = op.security.as_deref().unwrap_or(&api.security);
        context.insert("security", security);
        // The API's own servers are on its overview; an operation shows only servers of its own.
        context.insert("servers", &op.servers);
        context.insert_value("sidebar", sidebar.for_page(&op.url, &op.url, open_group));
        self.render("operation.html", &op.url, &context)
    }

    /// A page of `api` with a sidebar of its own (the overview, a tag's or the webhooks' page,
    /// the schema list), written natively by `write`: `open` is the sidebar group it opens.
    fn native_api_page(
        &self,
        api: &Api,
        url: &str,
        title: &str,
        description: Option<&str>,
        open: Option<&str>,
        write: impl FnOnce(&Frame, SidebarView) -> Vec<u8>,
    ) -> OutputFile {
        let sidebar = self.api_sidebar(api, open, url).linked_from(url);
        let root = relative_root(url);
        let frame = Frame {
            root: &root,
            url,
            title,
            description,
            section: &api.url,
            body_class: "page",
        };
        let html = write(&frame, SidebarView::Own(&sidebar));
        self.emit(format!("{url}index.html"), html)
    }

    pub(super) fn webhook_index(&self, api: &Api) -> Result<OutputFile, Vec<Diagnostic>> {
        let url = format!("{}webhooks/", api.url);
        if self.native.writes("tag.html") {
            let body = TagBody {
                title: "Webhooks",
                description_html: WEBHOOKS_DESCRIPTION,
                operations: api.webhooks.iter().collect(),
            };
            return Ok(self.native_api_page(
                api,
                &url,
                body.title,
                None,
                Some(WEBHOOKS),
                |f, s| self.native_tag(api, &body, f, s),
            ));
        }
        let mut context = self.context(&url, "Webhooks", None, &api.url);
        context.insert("api", &self.api_summary(api));
        let tag = TagView {
            name: "Webhooks",
            display_name: "Webhooks",
            url: &url,
            description_html: WEBHOOKS_DESCRIPTION,
            operations: api.webhooks.iter().map(OperationLink::of).collect(),
        };
        context.insert("tag", &tag);
        context.insert(
            "sidebar",
            &self
                .api_sidebar(api, Some(WEBHOOKS), &url)
                .linked_from(&url),
        );
        self.render("tag.html", &url, &context)
    }

    pub(super) fn schema(
        &self,
        api: &Api,
        schema: &NamedSchema,
    ) -> Result<OutputFile, Vec<Diagnostic>> {
        let current = format!("{}schemas/", api.url);
        let sidebar = self.shared_sidebar(api.url.clone(), &schema.url, || {
            self.api_sidebar(api, None, "")
        });
        if self.native.writes("schema.html") {
            let root = relative_root(&schema.url);
            let frame = Frame {
                root: &root,
                url: &schema.url,
                title: &schema.name,
                description: None,
                section: &api.url,
                body_class: "page",
            };
            let html =
                self.native_schema(api, schema, &frame, sidebar.on(&schema.url, &current, None));
            return Ok(self.emit(format!("{}index.html", schema.url), html));
        }
        let mut context = self.context(&schema.url, &schema.name, None, &api.url);
        context.insert("api", &self.api_summary(api));
        context.insert("schema", schema);
        let used_by: Vec<OperationLink> = schema
            .used_by
            .iter()
            .map(|&i| OperationLink::of(&api.operations[i]))
            .collect();
        context.insert("used_by", &used_by);
        context.insert_value("sidebar", sidebar.for_page(&schema.url, &current, None));
        self.render("schema.html", &schema.url, &context)
    }

    pub(super) fn schema_index(&self, api: &Api) -> Result<OutputFile, Vec<Diagnostic>> {
        let url = format!("{}schemas/", api.url);
        if self.native.writes("schemas.html") {
            return Ok(
                self.native_api_page(api, &url, "Schemas", None, None, |f, s| {
                    self.native_schema_index(api, f, s)
                }),
            );
        }
        let mut context = self.context(&url, "Schemas", None, &api.url);
        context.insert("api", &self.api_summary(api));
        let schemas: Vec<Card> = api
            .schemas
            .iter()
            .map(|s| Card {
                title: s.name.clone(),
                url: s.url.clone(),
                description: None,
            })
            .collect();
        context.insert("schemas", &schemas);
        context.insert(
            "sidebar",
            &self.api_sidebar(api, None, &url).linked_from(&url),
        );
        self.render("schemas.html", &url, &context)
    }
}
