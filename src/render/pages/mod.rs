//! Renders every page of the site through the theme's Tera templates, in parallel.
//!
//! Each page gets the site-wide values (`site`, `nav`, `root`) and only what it shows: an
//! operation page carries its tag's operations in the sidebar, never the whole portal, so output
//! grows linearly with the number of pages.
//!
//! This file holds the entry points, the values every page shares and the 404 page. The pages
//! themselves are made in `guides` (guides, sections, the home page) and `reference` (an API's
//! overview, tags, operations, webhooks and schemas); `sidebar` builds the sidebars and `views`
//! holds the small structs the templates read.

mod guides;
mod reference;
mod sidebar;
mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use super::theme::Theme;
use crate::diagnostics::Diagnostic;
use crate::load::config::Config;
use crate::model::links::SiteLinks;
use crate::model::site::{relative_root, Site};
use views::PageInfo;

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
    results.push(renderer.search_page());

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

    /// The search page: results for `?q=` are filled in by the theme's `search.js`.
    fn search_page(&self) -> Result<OutputFile, Vec<Diagnostic>> {
        let context = self.context("search/", "Search", None, "");
        self.render("search.html", "search/", &context)
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
