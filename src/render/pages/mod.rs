//! Renders every page of the site, in parallel: natively for the default theme's templates
//! (`native`), through Tera for a project's own.
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
mod native;
mod reference;
mod sidebar;
mod views;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use super::theme::Theme;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::config::Config;
use crate::model::api::Api;
use crate::model::links::SiteLinks;
use crate::model::site::{relative_root, Site};
pub use native::Native;
use views::PageInfo;

/// The templates an API's pages are rendered with, and those of the pages made from the site's
/// structure. A rebuild renders a group again when one of its templates (or what it extends or
/// includes) changed; keep these lists in step with the `render` calls.
pub const API_TEMPLATES: &[&str] = &[
    "api.html",
    "tag.html",
    "operation.html",
    "schema.html",
    "schemas.html",
];
pub const STRUCTURE_TEMPLATES: &[&str] = &["home.html", "section.html", "404.html", "search.html"];

/// The template a guide page is rendered with.
pub fn guide_template(kind: crate::load::content::SourceKind) -> &'static str {
    use crate::load::content::SourceKind;
    match kind {
        SourceKind::Home => "home.html",
        SourceKind::Section => "section.html",
        SourceKind::Page => "guide.html",
    }
}

/// A rendered page: its path inside the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    /// Empty when the page went to a [`PageSink`] instead.
    pub bytes: bytes::Bytes,
    /// Handed to the renderer's sink (written out) rather than kept in `bytes`.
    pub written: bool,
}

/// Where pages go as soon as they are rendered, when they are not kept: `portico build` writes
/// each into its staging folder, so a big reference never sits in memory whole (GitHub's is
/// 100 MB of HTML). Called from rendering threads with the page's site path and bytes.
pub type PageSink = dyn Fn(&str, &[u8]) + Send + Sync;

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    footer: Option<&'a str>,
    version: &'static str,
}

/// A theme's templates, compiled, and the page kinds that can be written without them.
pub struct Compiled {
    /// `None` for the default theme as it is, whose pages are all written natively: compiling
    /// its templates took 0.5 MB and a tenth of a small site's build for nothing.
    pub tera: Option<Tera>,
    pub native: Native,
}

/// Compile the theme's templates once. `native`: write the page kinds whose templates are the
/// default theme's natively (see `native`); `false` renders every page through Tera.
///
/// A project that changes or adds any template gets all of them compiled, so that an error in
/// one is reported whether or not a page uses it.
pub fn compile(theme: &Theme, native: bool) -> Result<Compiled, Vec<Diagnostic>> {
    let native = if native {
        Native::for_theme(theme)
    } else {
        Native::default()
    };
    let untouched = theme
        .templates
        .keys()
        .all(|name| theme.is_default_template(name));
    if native.writes_all() && untouched {
        return Ok(Compiled { tera: None, native });
    }
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
                .code(Code::TemplateError)
                .with_hint("templates in templates/ override the theme's files of the same name"),
        ]
    })?;
    Ok(Compiled {
        tera: Some(tera),
        native,
    })
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

/// Renders pages of one planned site. The build asks for the pages whose inputs changed: one
/// guide, an API's reference, or the pages made from the site's structure.
pub struct Renderer<'a> {
    /// Counts pages as they are rendered, for a progress bar.
    progress: Option<&'a crate::build::Progress>,
    /// `None` when every page is written natively.
    tera: Option<&'a Tera>,
    native: Native,
    config: &'a Config,
    site: &'a Site,
    base: Context,
    sink: Option<&'a PageSink>,
    /// Sidebars shared by the pages of a folder, by what they show and the folder.
    sidebars: Mutex<HashMap<FolderKey, Arc<sidebar::SharedSidebar>>>,
    /// The groups they open (an API's current tag), by what they open and the folder.
    open_groups: Mutex<HashMap<FolderKey, Option<Arc<sidebar::OpenGroup>>>>,
}

/// What a shared part of a sidebar is made for, and the folder of the pages that share it.
type FolderKey = (String, String);

/// A page, or the problems that kept it from rendering.
pub type PageResult = Result<OutputFile, Vec<Diagnostic>>;

/// Render every page. Problems (broken links, template errors) come back as diagnostics.
pub fn render_site(
    compiled: &Compiled,
    config: &Config,
    site: &Site,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let renderer = Renderer::new(compiled, config, site);
    let links = SiteLinks::new(site);
    let mut results: Vec<PageResult> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| renderer.guide(&links, i))
        .collect();
    results.extend(renderer.structure_pages());
    for api in &site.apis {
        results.extend(renderer.api_pages(api));
    }
    split_results(results)
}

/// Pages and problems, apart.
pub fn split_results(
    results: impl IntoIterator<Item = PageResult>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(mut problems) => diagnostics.append(&mut problems),
        }
    }
    (files, diagnostics)
}

impl<'a> Renderer<'a> {
    pub fn new(compiled: &'a Compiled, config: &'a Config, site: &'a Site) -> Self {
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
        Renderer {
            progress: None,
            tera: compiled.tera.as_ref(),
            native: compiled.native,
            config,
            site,
            base,
            sink: None,
            sidebars: Mutex::default(),
            open_groups: Mutex::default(),
        }
    }

    /// Hand every page to `sink` instead of returning its bytes.
    pub fn streaming(mut self, sink: Option<&'a PageSink>) -> Self {
        self.sink = sink;
        self
    }

    /// Count every page rendered on `progress`.
    pub fn counting(mut self, progress: Option<&'a crate::build::Progress>) -> Self {
        self.progress = progress;
        self
    }

    /// Guide page `index` of the site.
    pub fn guide_page(&self, links: &SiteLinks, index: usize) -> PageResult {
        self.guide(links, index)
    }

    /// The pages made from the site's structure rather than from one file: a generated home
    /// and section pages, the 404 page and the search page.
    pub fn structure_pages(&self) -> Vec<PageResult> {
        let mut results = Vec::new();
        if self.site.home.is_none() {
            results.push(self.generated_home());
        }
        for (s, section) in self.site.sections.iter().enumerate() {
            if section.index_page.is_none() {
                results.push(self.generated_section(s));
            }
        }
        results.push(self.not_found());
        results.push(self.search_page());
        results
    }

    /// Every page of one API's reference.
    pub fn api_pages(&self, api: &Api) -> Vec<PageResult> {
        let mut results = vec![self.api_overview(api), self.schema_index(api)];
        results.par_extend(api.tags.par_iter().map(|tag| self.tag(api, tag)));
        results.par_extend(api.operations.par_iter().map(|op| self.operation(api, op)));
        if !api.webhooks.is_empty() {
            results.push(self.webhook_index(api));
            results.par_extend(
                api.webhooks
                    .par_iter()
                    .map(|hook| self.operation(api, hook)),
            );
        }
        results.par_extend(
            api.schemas
                .par_iter()
                .map(|schema| self.schema(api, schema)),
        );
        results
    }
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

    /// The sidebar that `make` builds for `key`, made once for all the pages of the same folder
    /// as the page at `page` (see [`sidebar::SharedSidebar`]).
    fn shared_sidebar(
        &self,
        key: String,
        page: &str,
        make: impl FnOnce() -> sidebar::Sidebar,
    ) -> Arc<sidebar::SharedSidebar> {
        let folder = sidebar::parent_folder(page);
        let key = (key, folder.to_string());
        let lock = || self.sidebars.lock().unwrap_or_else(|e| e.into_inner());
        let found = lock().get(&key).cloned();
        let shared = found.unwrap_or_else(|| {
            // Made outside the lock; two threads may both make it, and one is kept.
            let made = Arc::new(sidebar::SharedSidebar::new(make(), folder));
            lock().entry(key).or_insert(made).clone()
        });
        shared
    }

    /// The group of `shared` that `make` opens (its link, and its items) for `key`, made once
    /// for all the pages of the same folder as the page at `page`.
    fn open_group(
        &self,
        shared: &sidebar::SharedSidebar,
        key: String,
        page: &str,
        make: impl FnOnce() -> Option<(String, Vec<sidebar::SidebarItem>)>,
    ) -> Option<Arc<sidebar::OpenGroup>> {
        let key = (key, sidebar::parent_folder(page).to_string());
        let lock = || self.open_groups.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&key) {
            return found.clone();
        }
        let made = make()
            .and_then(|(url, items)| shared.open(&url, items))
            .map(Arc::new);
        lock().entry(key).or_insert(made).clone()
    }

    fn render(
        &self,
        template: &str,
        url: &str,
        context: &Context,
    ) -> Result<OutputFile, Vec<Diagnostic>> {
        self.render_at(template, url, format!("{url}index.html"), context)
    }

    /// [`Self::render`] for a page whose file is not `{url}index.html`.
    fn render_at(
        &self,
        template: &str,
        url: &str,
        path: String,
        context: &Context,
    ) -> Result<OutputFile, Vec<Diagnostic>> {
        let error = |message: String| {
            vec![Diagnostic::error(
                format!("templates/{template}"),
                format!("rendering /{url}: {message}"),
            )
            .code(Code::TemplateError)]
        };
        // `compile` leaves Tera out only when every page kind is native.
        let tera = self
            .tera
            .ok_or_else(|| error("internal error: the templates were not compiled".into()))?;
        let html = tera
            .render(template, context)
            .map_err(|e| error(error_chain(&e)))?;
        Ok(self.emit(path, html.into_bytes()))
    }

    /// A page made: handed to the sink, or kept.
    fn emit(&self, path: String, html: Vec<u8>) -> OutputFile {
        if let Some(progress) = self.progress {
            progress.page_done();
        }
        if let Some(sink) = self.sink {
            sink(&path, &html);
            return OutputFile {
                path,
                bytes: bytes::Bytes::new(),
                written: true,
            };
        }
        OutputFile {
            path,
            bytes: html.into(),
            written: false,
        }
    }

    /// The search page: results for `?q=` are filled in by the theme's `search.js`.
    fn search_page(&self) -> Result<OutputFile, Vec<Diagnostic>> {
        if self.native.writes("search.html") {
            let root = relative_root("search/");
            let frame = native::Frame {
                root: &root,
                url: "search/",
                title: "Search",
                description: None,
                section: "",
                body_class: "page",
            };
            return Ok(self.emit("search/index.html".into(), self.native_search(&frame)));
        }
        let context = self.context("search/", "Search", None, "");
        self.render("search.html", "search/", &context)
    }

    /// The 404 page is served at any URL, so its links are absolute from the site's base path.
    fn not_found(&self) -> Result<OutputFile, Vec<Diagnostic>> {
        if self.native.writes("404.html") {
            let root = self.config.base_path();
            let frame = native::Frame {
                root: &root,
                url: "",
                title: "Page not found",
                description: None,
                section: "",
                body_class: "page",
            };
            return Ok(self.emit("404.html".into(), self.native_not_found(&frame)));
        }
        let mut context = self.context("", "Page not found", None, "");
        context.insert("root", &self.config.base_path());
        self.render_at("404.html", "", "404.html".into(), &context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_theme() -> Theme {
        super::super::theme::load(
            std::path::Path::new("/nonexistent"),
            "default",
            &mut Vec::new(),
        )
    }

    /// The default theme as it is needs no template compiled; any change to its templates, even
    /// one that no page uses, compiles them all, and an error in one is reported.
    #[test]
    fn templates_are_compiled_only_for_a_changed_theme() {
        let theme = default_theme();
        let compiled = compile(&theme, true).unwrap();
        assert!(compiled.tera.is_none() && compiled.native.writes_all());
        assert!(compile(&theme, false).unwrap().tera.is_some());

        let mut extra = default_theme();
        extra
            .templates
            .insert("partials/mine.html".into(), "<p>{{ root }}</p>".into());
        let compiled = compile(&extra, true).unwrap();
        assert!(compiled.tera.is_some() && compiled.native.writes_all());

        let mut broken = default_theme();
        broken
            .templates
            .insert("partials/mine.html".into(), "{% if %}".into());
        let problems = compile(&broken, true).err().expect("a template error");
        assert!(
            problems[0].message.contains("template error"),
            "{problems:?}"
        );
    }
}
