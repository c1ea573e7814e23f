//! Guide pages: guides, sections (written or generated), and the home page.

use super::native::{Frame, GuideBody, SidebarView};
use super::sidebar::{relative_url, SidebarItem};
use super::views::{ApiCard, Card};
use super::{OutputFile, Renderer};
use crate::diagnostics::{Diagnostic, Position};
use crate::load::content::SourceKind;
use crate::model::links::SiteLinks;
use crate::model::site::relative_root;
use crate::render::markdown::{self, Heading};

/// The `body_class` block of `home.html`.
const HOME_BODY_CLASS: &str = "page page--home";

impl Renderer<'_> {
    pub(super) fn guide(
        &self,
        links: &SiteLinks,
        index: usize,
    ) -> Result<OutputFile, Vec<Diagnostic>> {
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
                    let hint = if broken.code == crate::diagnostics::Code::UnsafeLink {
                        "a Markdown link may not be a javascript:, vbscript: or (other than an image) data: URL"
                    } else if broken.code == crate::diagnostics::Code::UnknownApiReference {
                        "links into the reference are api:<operationId>, api:<slug>:<operationId>, api:<slug>#/components/schemas/<Name> or api:<slug>"
                    } else {
                        "links between guides are relative paths to .md files; links to the reference start with api: or /api/"
                    };
                    Diagnostic::error(&page.source.file, broken.message.clone())
                        .code(broken.code)
                        .at(position)
                        .with_hint(hint)
                })
                .collect());
        }
        let top_key = page
            .section
            .map(|s| self.top_section(s))
            .map(|s| self.site.sections[s].url.clone())
            .unwrap_or_else(|| page.url.clone());
        let template = super::guide_template(page.source.kind);
        if self.native.writes(template) {
            let sidebar = page.section.map(|s| {
                let top = self.top_section(s);
                self.shared_sidebar(format!("guides {top}"), &page.url, || {
                    self.guide_sidebar(s, "")
                })
            });
            let sidebar_view = match &sidebar {
                Some(sidebar) => sidebar.on(&page.url, &page.url, None),
                None => SidebarView::None,
            };
            let root = relative_root(&page.url);
            let frame = Frame {
                root: &root,
                url: &page.url,
                title: &page.title,
                description: page.description.as_deref(),
                section: &top_key,
                body_class: "page",
            };
            let html = match page.source.kind {
                SourceKind::Home => self.native_home(
                    &Frame {
                        body_class: HOME_BODY_CLASS,
                        ..frame
                    },
                    &rendered.html,
                    &self.api_summaries(),
                    &self.section_cards(),
                ),
                SourceKind::Section => self.native_section(
                    &frame,
                    sidebar_view,
                    &rendered.html,
                    &self.section_children(page.section.unwrap_or(0)),
                ),
                SourceKind::Page => {
                    let (previous, next) = match page.section {
                        Some(s) => self.neighbours(s, index),
                        None => (None, None),
                    };
                    let body = GuideBody {
                        content: &rendered.html,
                        toc: &rendered.toc,
                        previous: previous.as_ref(),
                        next: next.as_ref(),
                        pager: page.section.is_some(),
                    };
                    self.native_guide(&frame, sidebar_view, &body)
                }
            };
            return Ok(self.emit(format!("{}index.html", page.url), html));
        }
        let mut context = self.context(
            &page.url,
            &page.title,
            page.description.as_deref(),
            &top_key,
        );
        context.insert("content", &rendered.html);
        context.insert("toc", &rendered.toc);
        if let Some(s) = page.section {
            let top = self.top_section(s);
            let sidebar = self.shared_sidebar(format!("guides {top}"), &page.url, || {
                self.guide_sidebar(s, "")
            });
            context.insert_value("sidebar", sidebar.for_page(&page.url, &page.url, None));
            let (previous, next) = self.neighbours(s, index);
            context.insert("previous", &previous);
            context.insert("next", &next);
        }
        match page.source.kind {
            SourceKind::Home => {
                context.insert("apis", &self.api_summaries());
                context.insert("sections", &self.section_cards());
            }
            SourceKind::Section => {
                context.insert(
                    "children",
                    &self.section_children(page.section.unwrap_or(0)),
                );
            }
            SourceKind::Page => {}
        }
        self.render(super::guide_template(page.source.kind), &page.url, &context)
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
            href: relative_url(&self.site.pages[index].url, &self.site.pages[p].url),
            active: false,
            method: None,
            deprecated: false,
        };
        let previous = position.checked_sub(1).map(|i| item(pages[i]));
        let next = pages.get(position + 1).map(|&p| item(p));
        (previous, next)
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

    pub(super) fn generated_home(&self) -> Result<OutputFile, Vec<Diagnostic>> {
        if self.native.writes("home.html") {
            let frame = Frame {
                root: "",
                url: "",
                title: &self.config.title,
                description: self.config.description.as_deref(),
                section: "",
                body_class: HOME_BODY_CLASS,
            };
            let html = self.native_home(&frame, "", &self.api_summaries(), &self.section_cards());
            return Ok(self.emit("index.html".into(), html));
        }
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

    pub(super) fn generated_section(&self, s: usize) -> Result<OutputFile, Vec<Diagnostic>> {
        let section = &self.site.sections[s];
        let top = &self.site.sections[self.top_section(s)].url;
        if self.native.writes("section.html") {
            let sidebar = self
                .guide_sidebar(s, &section.url)
                .linked_from(&section.url);
            let root = relative_root(&section.url);
            let frame = Frame {
                root: &root,
                url: &section.url,
                title: &section.title,
                description: section.description.as_deref(),
                section: top,
                body_class: "page",
            };
            let html = self.native_section(
                &frame,
                SidebarView::Own(&sidebar),
                "",
                &self.section_children(s),
            );
            return Ok(self.emit(format!("{}index.html", section.url), html));
        }
        let mut context = self.context(
            &section.url,
            &section.title,
            section.description.as_deref(),
            top,
        );
        context.insert("content", "");
        context.insert("toc", &Vec::<Heading>::new());
        context.insert("children", &self.section_children(s));
        context.insert(
            "sidebar",
            &self
                .guide_sidebar(s, &section.url)
                .linked_from(&section.url),
        );
        self.render("section.html", &section.url, &context)
    }
}
