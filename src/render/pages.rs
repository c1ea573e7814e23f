//! Renders every page of the site through the theme's Tera templates, in parallel.
//!
//! Each page gets the site-wide values (`site`, `nav`, `root`) and only what it shows: an
//! operation page carries its tag's operations in the sidebar, never the whole portal, so output
//! grows linearly with the number of pages.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use super::markdown::{self, Heading};
use super::theme::Theme;
use crate::diagnostics::{Diagnostic, Position};
use crate::load::config::Config;
use crate::load::content::SourceKind;
use crate::model::api::{Api, NamedSchema, Operation, SecurityRequirement, Tag};
use crate::model::links::SiteLinks;
use crate::model::site::{relative_root, Site};

/// A rendered page: its path inside the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    footer: Option<&'a str>,
    version: &'static str,
}

#[derive(Serialize, Clone)]
struct SidebarItem {
    title: String,
    url: String,
    active: bool,
    method: Option<String>,
    deprecated: bool,
}

#[derive(Serialize, Clone)]
struct SidebarGroup {
    /// A heading above this group (an `x-tagGroups` name).
    heading: Option<String>,
    title: Option<String>,
    url: Option<String>,
    active: bool,
    items: Vec<SidebarItem>,
}

#[derive(Serialize, Clone)]
struct Sidebar {
    title: String,
    url: String,
    active: bool,
    groups: Vec<SidebarGroup>,
}

#[derive(Serialize)]
struct OperationLink<'a> {
    webhook: bool,
    method: &'a str,
    path: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    url: &'a str,
    deprecated: bool,
}

impl<'a> OperationLink<'a> {
    fn of(op: &'a Operation) -> Self {
        OperationLink {
            webhook: op.webhook,
            method: &op.method,
            path: &op.path,
            title: &op.title,
            summary: op.summary.as_deref(),
            url: &op.url,
            deprecated: op.deprecated,
        }
    }
}

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    display_name: &'a str,
    url: &'a str,
    description_html: &'a str,
    operations: Vec<OperationLink<'a>>,
}

#[derive(Serialize)]
struct ApiSummary<'a> {
    slug: &'a str,
    title: &'a str,
    version: &'a str,
    url: &'a str,
    download: &'a str,
    openapi_version: &'a str,
}

/// Compile the theme's templates once.
pub fn compile(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let sources: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    tera.add_raw_templates(sources).map_err(|e| {
        vec![
            Diagnostic::error("templates", format!("template error: {}", error_chain(&e)))
                .with_hint("templates in templates/ override the theme's files of the same name"),
        ]
    })?;
    Ok(tera)
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

struct Renderer<'a> {
    tera: &'a Tera,
    config: &'a Config,
    site: &'a Site,
    base: Context,
}

/// Render every page. Problems (broken links, template errors) come back as diagnostics.
pub fn render_site(
    tera: &Tera,
    config: &Config,
    site: &Site,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut base = Context::new();
    base.insert(
        "site",
        &SiteInfo {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            footer: config.footer.as_deref(),
            version: env!("CARGO_PKG_VERSION"),
        },
    );
    base.insert("nav", &site.top_nav);
    let renderer = Renderer {
        tera,
        config,
        site,
        base,
    };
    let links = SiteLinks::new(site);

    let guides = (0..site.pages.len())
        .into_par_iter()
        .map(|i| renderer.guide(&links, i));
    let mut results: Vec<Result<OutputFile, Vec<Diagnostic>>> = guides.collect();
    if site.home.is_none() {
        results.push(renderer.generated_home());
    }
    for (s, section) in site.sections.iter().enumerate() {
        if section.index_page.is_none() {
            results.push(renderer.generated_section(s));
        }
    }
    for api in &site.apis {
        results.push(renderer.api_overview(api));
        results.push(renderer.schema_index(api));
        results.extend(
            api.tags
                .par_iter()
                .map(|tag| renderer.tag(api, tag))
                .collect::<Vec<_>>(),
        );
        results.extend(
            api.operations
                .par_iter()
                .map(|op| renderer.operation(api, op))
                .collect::<Vec<_>>(),
        );
        if !api.webhooks.is_empty() {
            results.push(renderer.webhook_index(api));
            results.extend(
                api.webhooks
                    .par_iter()
                    .map(|hook| renderer.operation(api, hook))
                    .collect::<Vec<_>>(),
            );
        }
        results.extend(
            api.schemas
                .par_iter()
                .map(|schema| renderer.schema(api, schema))
                .collect::<Vec<_>>(),
        );
    }
    results.push(renderer.not_found());

    let mut files = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(mut problems) => diagnostics.append(&mut problems),
        }
    }
    (files, diagnostics)
}

impl Renderer<'_> {
    fn context(&self, url: &str, title: &str, description: Option<&str>, section: &str) -> Context {
        let mut context = self.base.clone();
        context.insert("root", &relative_root(url));
        context.insert(
            "page",
            &PageInfo {
                title,
                description,
                url,
                section,
            },
        );
        context
    }

    fn render(
        &self,
        template: &str,
        url: &str,
        context: &Context,
    ) -> Result<OutputFile, Vec<Diagnostic>> {
        let html = self.tera.render(template, context).map_err(|e| {
            vec![Diagnostic::error(
                format!("templates/{template}"),
                format!("rendering /{url}: {}", error_chain(&e)),
            )]
        })?;
        Ok(OutputFile {
            path: format!("{url}index.html"),
            bytes: html.into_bytes(),
        })
    }

    fn guide(&self, links: &SiteLinks, index: usize) -> Result<OutputFile, Vec<Diagnostic>> {
        let page = &self.site.pages[index];
        let resolver = links.for_page(self.site, index);
        let rendered = markdown::render(
            &page.source.body,
            &page.outline,
            &resolver,
            page.title_from_h1,
        );
        if !rendered.broken_links.is_empty() {
            return Err(rendered
                .broken_links
                .iter()
                .map(|broken| {
                    let position = Position::of_offset(&page.source.body, broken.range.start)
                        .offset_lines(page.source.body_line_offset);
                    Diagnostic::error(&page.source.file, broken.message.clone())
                        .at(position)
                        .with_hint("links between guides are relative paths to .md files; links to the reference start with /api/")
                })
                .collect());
        }
        let top_key = page
            .section
            .map(|s| self.top_section(s))
            .map(|s| self.site.sections[s].url.clone())
            .unwrap_or_else(|| page.url.clone());
        let mut context = self.context(
            &page.url,
            &page.title,
            page.description.as_deref(),
            &top_key,
        );
        context.insert("content", &rendered.html);
        context.insert("toc", &rendered.toc);
        if let Some(s) = page.section {
            context.insert("sidebar", &self.guide_sidebar(s, &page.url));
            let (previous, next) = self.neighbours(s, index);
            context.insert("previous", &previous);
            context.insert("next", &next);
        }
        let template = match page.source.kind {
            SourceKind::Home => {
                context.insert("apis", &self.api_summaries());
                context.insert("sections", &self.section_cards());
                "home.html"
            }
            SourceKind::Section => {
                context.insert(
                    "children",
                    &self.section_children(page.section.unwrap_or(0)),
                );
                "section.html"
            }
            SourceKind::Page => "guide.html",
        };
        self.render(template, &page.url, &context)
    }

    fn neighbours(
        &self,
        section: usize,
        index: usize,
    ) -> (Option<SidebarItem>, Option<SidebarItem>) {
        let pages = &self.site.sections[section].pages;
        let Some(position) = pages.iter().position(|&p| p == index) else {
            return (None, None);
        };
        let item = |p: usize| SidebarItem {
            title: self.site.pages[p].title.clone(),
            url: self.site.pages[p].url.clone(),
            active: false,
            method: None,
            deprecated: false,
        };
        let previous = position.checked_sub(1).map(|i| item(pages[i]));
        let next = pages.get(position + 1).map(|&p| item(p));
        (previous, next)
    }

    fn top_section(&self, mut section: usize) -> usize {
        while let Some(parent) = self.site.sections[section].parent {
            section = parent;
        }
        section
    }

    fn guide_sidebar(&self, section: usize, current: &str) -> Sidebar {
        let top = self.top_section(section);
        let site = self.site;
        let item = |p: usize| SidebarItem {
            title: site.pages[p].title.clone(),
            url: site.pages[p].url.clone(),
            active: site.pages[p].url == current,
            method: None,
            deprecated: false,
        };
        let top_section = &site.sections[top];
        let mut groups = vec![SidebarGroup {
            heading: None,
            title: None,
            url: None,
            active: false,
            items: top_section.pages.iter().map(|&p| item(p)).collect(),
        }];
        let mut stack: Vec<usize> = top_section.subsections.iter().rev().copied().collect();
        while let Some(s) = stack.pop() {
            let sub = &site.sections[s];
            groups.push(SidebarGroup {
                heading: None,
                title: Some(sub.title.clone()),
                url: Some(sub.url.clone()),
                active: sub.url == current,
                items: sub.pages.iter().map(|&p| item(p)).collect(),
            });
            stack.extend(sub.subsections.iter().rev());
        }
        Sidebar {
            title: top_section.title.clone(),
            url: top_section.url.clone(),
            active: top_section.url == current,
            groups,
        }
    }

    fn section_children(&self, section: usize) -> Vec<Card> {
        let sec = &self.site.sections[section];
        let mut cards: Vec<Card> = sec
            .subsections
            .iter()
            .map(|&s| {
                let sub = &self.site.sections[s];
                Card {
                    title: sub.title.clone(),
                    url: sub.url.clone(),
                    description: sub.description.clone(),
                }
            })
            .collect();
        cards.extend(sec.pages.iter().map(|&p| {
            let page = &self.site.pages[p];
            Card {
                title: page.title.clone(),
                url: page.url.clone(),
                description: page.description.clone(),
            }
        }));
        cards
    }

    fn section_cards(&self) -> Vec<Card> {
        self.site
            .top_nav
            .iter()
            .filter(|item| item.kind != "api")
            .map(|item| Card {
                title: item.title.clone(),
                url: item.url.clone(),
                description: self
                    .site
                    .sections
                    .iter()
                    .find(|s| s.url == item.url)
                    .and_then(|s| s.description.clone()),
            })
            .collect()
    }

    fn api_summaries(&self) -> Vec<ApiCard<'_>> {
        self.site
            .apis
            .iter()
            .map(|api| ApiCard {
                title: &api.title,
                url: &api.url,
                version: &api.version,
                summary: api.summary.as_deref(),
                operations: api.operations.len(),
                schemas: api.schemas.len(),
            })
            .collect()
    }

    fn generated_home(&self) -> Result<OutputFile, Vec<Diagnostic>> {
        let mut context = self.context(
            "",
            &self.config.title,
            self.config.description.as_deref(),
            "",
        );
        context.insert("content", "");
        context.insert("toc", &Vec::<Heading>::new());
        context.insert("apis", &self.api_summaries());
        context.insert("sections", &self.section_cards());
        self.render("home.html", "", &context)
    }

    fn generated_section(&self, s: usize) -> Result<OutputFile, Vec<Diagnostic>> {
        let section = &self.site.sections[s];
        let top = &self.site.sections[self.top_section(s)].url;
        let mut context = self.context(
            &section.url,
            &section.title,
            section.description.as_deref(),
            top,
        );
        context.insert("content", "");
        context.insert("toc", &Vec::<Heading>::new());
        context.insert("children", &self.section_children(s));
        context.insert("sidebar", &self.guide_sidebar(s, &section.url));
        self.render("section.html", &section.url, &context)
    }

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

    /// The API's sidebar: every tag (in its `x-tagGroups` group when there are groups), the
    /// operations of the current tag only, then webhooks and schemas.
    fn api_sidebar(&self, api: &Api, current_tag: Option<&str>, current: &str) -> Sidebar {
        let op_item = |op: &Operation| SidebarItem {
            title: op.title.clone(),
            url: op.url.clone(),
            active: op.url == current,
            method: Some(op.method.clone()),
            deprecated: op.deprecated,
        };
        let tag_group = |tag: &Tag, heading: Option<String>| {
            let open = current_tag == Some(tag.slug.as_str());
            SidebarGroup {
                heading,
                title: Some(tag.display_name.clone()),
                url: Some(tag.url.clone()),
                active: tag.url == current,
                items: if open {
                    tag.operations
                        .iter()
                        .map(|&i| op_item(&api.operations[i]))
                        .collect()
                } else {
                    Vec::new()
                },
            }
        };
        let mut groups = Vec::new();
        if api.tag_groups.is_empty() {
            groups.extend(api.tags.iter().map(|tag| tag_group(tag, None)));
        } else {
            let mut listed = vec![false; api.tags.len()];
            for group in &api.tag_groups {
                for (n, &t) in group.tags.iter().enumerate() {
                    listed[t] = true;
                    groups.push(tag_group(
                        &api.tags[t],
                        (n == 0).then(|| group.name.clone()),
                    ));
                }
            }
            // Tags that no group names still get a place.
            let rest: Vec<usize> = (0..api.tags.len()).filter(|&t| !listed[t]).collect();
            for (n, t) in rest.into_iter().enumerate() {
                groups.push(tag_group(
                    &api.tags[t],
                    (n == 0).then(|| "Other".to_string()),
                ));
            }
        }
        if !api.webhooks.is_empty() {
            let url = format!("{}webhooks/", api.url);
            let open = current_tag == Some(WEBHOOKS);
            groups.push(SidebarGroup {
                heading: None,
                title: Some("Webhooks".into()),
                active: url == current,
                url: Some(url),
                items: if open {
                    api.webhooks.iter().map(op_item).collect()
                } else {
                    Vec::new()
                },
            });
        }
        if !api.schemas.is_empty() {
            let url = format!("{}schemas/", api.url);
            groups.push(SidebarGroup {
                heading: None,
                title: Some("Schemas".into()),
                active: url == current,
                url: Some(url),
                items: Vec::new(),
            });
        }
        Sidebar {
            title: api.title.clone(),
            url: api.url.clone(),
            active: api.url == current,
            groups,
        }
    }

    fn api_overview(&self, api: &Api) -> Result<OutputFile, Vec<Diagnostic>> {
        let mut context = self.context(&api.url, &api.title, api.summary.as_deref(), &api.url);
        context.insert("api", &self.api_summary(api));
        context.insert("info", api);
        context.insert("tags", &self.tag_views(api));
        let webhooks: Vec<OperationLink> = api.webhooks.iter().map(OperationLink::of).collect();
        context.insert("webhooks", &webhooks);
        context.insert("sidebar", &self.api_sidebar(api, None, &api.url));
        self.render("api.html", &api.url, &context)
    }

    fn tag_views<'a>(&self, api: &'a Api) -> Vec<TagView<'a>> {
        api.tags
            .iter()
            .map(|tag| TagView {
                name: &tag.name,
                display_name: &tag.display_name,
                url: &tag.url,
                description_html: &tag.description_html,
                operations: tag
                    .operations
                    .iter()
                    .map(|&i| OperationLink::of(&api.operations[i]))
                    .collect(),
            })
            .collect()
    }

    fn tag(&self, api: &Api, tag: &Tag) -> Result<OutputFile, Vec<Diagnostic>> {
        let mut context = self.context(&tag.url, &tag.display_name, None, &api.url);
        context.insert("api", &self.api_summary(api));
        context.insert(
            "tag",
            &TagView {
                name: &tag.name,
                display_name: &tag.display_name,
                url: &tag.url,
                description_html: &tag.description_html,
                operations: tag
                    .operations
                    .iter()
                    .map(|&i| OperationLink::of(&api.operations[i]))
                    .collect(),
            },
        );
        context.insert("sidebar", &self.api_sidebar(api, Some(&tag.slug), &tag.url));
        self.render("tag.html", &tag.url, &context)
    }

    fn operation(&self, api: &Api, op: &Operation) -> Result<OutputFile, Vec<Diagnostic>> {
        let description = op.summary.as_deref();
        let mut context = self.context(&op.url, &op.title, description, &api.url);
        context.insert("api", &self.api_summary(api));
        context.insert("operation", op);
        let security: &[SecurityRequirement] = op.security.as_deref().unwrap_or(&api.security);
        context.insert("security", security);
        // The API's own servers are on its overview; an operation shows only servers of its own.
        context.insert("servers", &op.servers);
        let open = if op.webhook {
            WEBHOOKS
        } else {
            op.tag_slug.as_str()
        };
        context.insert("sidebar", &self.api_sidebar(api, Some(open), &op.url));
        self.render("operation.html", &op.url, &context)
    }

    fn webhook_index(&self, api: &Api) -> Result<OutputFile, Vec<Diagnostic>> {
        let url = format!("{}webhooks/", api.url);
        let mut context = self.context(&url, "Webhooks", None, &api.url);
        context.insert("api", &self.api_summary(api));
        let tag = TagView {
            name: "Webhooks",
            display_name: "Webhooks",
            url: &url,
            description_html:
                "<p>Requests that the API sends to your endpoints when events happen.</p>",
            operations: api.webhooks.iter().map(OperationLink::of).collect(),
        };
        context.insert("tag", &tag);
        context.insert("sidebar", &self.api_sidebar(api, Some(WEBHOOKS), &url));
        self.render("tag.html", &url, &context)
    }

    fn schema(&self, api: &Api, schema: &NamedSchema) -> Result<OutputFile, Vec<Diagnostic>> {
        let mut context = self.context(&schema.url, &schema.name, None, &api.url);
        context.insert("api", &self.api_summary(api));
        context.insert("schema", schema);
        let used_by: Vec<OperationLink> = schema
            .used_by
            .iter()
            .map(|&i| OperationLink::of(&api.operations[i]))
            .collect();
        context.insert("used_by", &used_by);
        context.insert(
            "sidebar",
            &self.api_sidebar(api, None, &format!("{}schemas/", api.url)),
        );
        self.render("schema.html", &schema.url, &context)
    }

    fn schema_index(&self, api: &Api) -> Result<OutputFile, Vec<Diagnostic>> {
        let url = format!("{}schemas/", api.url);
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
        context.insert("sidebar", &self.api_sidebar(api, None, &url));
        self.render("schemas.html", &url, &context)
    }

    /// The 404 page is served at any URL, so its links are absolute from the site's base path.
    fn not_found(&self) -> Result<OutputFile, Vec<Diagnostic>> {
        let mut context = self.context("", "Page not found", None, "");
        context.insert("root", &self.config.base_path());
        let mut file = self.render("404.html", "", &context)?;
        file.path = "404.html".into();
        Ok(file)
    }
}

/// The sidebar key that opens the webhooks group (tags use their slugs).
const WEBHOOKS: &str = "\u{0}webhooks";

#[derive(Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: &'a str,
    /// Site path of the top-level navigation entry this page belongs to.
    section: &'a str,
}

#[derive(Serialize)]
struct Card {
    title: String,
    url: String,
    description: Option<String>,
}

#[derive(Serialize)]
struct ApiCard<'a> {
    title: &'a str,
    url: &'a str,
    version: &'a str,
    summary: Option<&'a str>,
    operations: usize,
    schemas: usize,
}
