//! Guides' Markdown: heading anchors, table of contents, highlighted code, checked links.
//!
//! Rendering is two passes over the same events: [`outline`] collects every page's headings
//! first (so a link to `other.md#anchor` can be checked), then [`render`] writes the HTML.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::cmark::{rewrite_destination, CodeBlocks, TableCells};
use super::highlight;
use crate::diagnostics::Code;
use crate::slug::{slugify, UniqueSlugs};

/// The Markdown extensions guides are read with (search reads them the same way).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// What pass one learns about a page.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Every heading in order, with its unique anchor.
    pub headings: Vec<Heading>,
    /// The text of a level-1 heading that opens the body, if any.
    pub leading_h1: Option<String>,
    /// The first paragraph as plain text, for a description when front matter has none.
    pub first_paragraph: Option<String>,
    pub ids: HashSet<String>,
}

/// Pass one: headings and anchors.
pub fn outline(body: &str) -> Outline {
    let mut outline = Outline::default();
    let mut slugs = UniqueSlugs::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    let mut paragraph: Option<String> = None;
    let mut seen_block = false;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = current.take() {
                    let text = text.trim().to_string();
                    let wanted = explicit.unwrap_or_else(|| slugify(&text));
                    let id = slugs.claim(if wanted.is_empty() {
                        "section"
                    } else {
                        &wanted
                    });
                    if level == 1 && !seen_block {
                        outline.leading_h1 = Some(text.clone());
                    }
                    outline.ids.insert(id.clone());
                    outline.headings.push(Heading { level, text, id });
                    seen_block = true;
                }
            }
            Event::Start(Tag::Paragraph) if outline.first_paragraph.is_none() => {
                paragraph = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(text) = paragraph.take() {
                    outline.first_paragraph = Some(text.trim().to_string());
                }
                seen_block = true;
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, heading)) = current.as_mut() {
                    heading.push_str(&text);
                } else if let Some(p) = paragraph.as_mut() {
                    p.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = paragraph.as_mut() {
                    p.push(' ');
                }
            }
            Event::Start(_) if current.is_none() && paragraph.is_none() => seen_block = true,
            _ => {}
        }
    }
    outline
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// How a link in a guide should be written in the output.
pub enum LinkTarget {
    /// Leave the link as written (external URLs, `mailto:`).
    Keep,
    /// Replace the destination.
    Rewrite(String),
}

/// Why a link points nowhere: what kind of problem it is, and a message for the writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    /// `BrokenLink`, `BrokenAnchor`, `UnknownApiReference` or `UnsafeLink`.
    pub code: Code,
    pub message: String,
}

impl LinkError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        LinkError {
            code,
            message: message.into(),
        }
    }
}

/// Decides where links go; the site plan implements it, since it knows every page.
pub trait LinkResolver {
    /// `Err` describes a broken link.
    fn resolve(&self, destination: &str) -> Result<LinkTarget, LinkError>;
}

/// A broken link found while rendering, at a byte range of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub range: Range<usize>,
    pub code: Code,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    pub broken_links: Vec<BrokenLink>,
}

/// Pass two: HTML with anchors, highlighting and rewritten links. `skip_leading_h1` drops the
/// opening `# Title` when it has become the page title (the theme prints the title).
pub fn render(
    body: &str,
    outline: &Outline,
    resolver: &dyn LinkResolver,
    skip_leading_h1: bool,
) -> Rendered {
    let mut rendered = Rendered {
        toc: outline
            .headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .cloned()
            .collect(),
        ..Rendered::default()
    };
    let mut heading_index = 0;
    let mut open_heading: Option<String> = None;
    let mut skipping = false;
    let mut code = CodeBlocks::default();
    let mut cells = TableCells::default();
    let mut events: Vec<Event> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if skipping {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                skipping = false;
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = outline.headings.get(heading_index).map(|h| h.id.clone());
                heading_index += 1;
                if heading_index == 1 && skip_leading_h1 && outline.leading_h1.is_some() {
                    skipping = true;
                    continue;
                }
                open_heading = id.clone();
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: id.map(CowStr::from),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                // A link to the heading itself, so readers can copy a deep link.
                if let Some(id) = open_heading.take() {
                    let id = highlight::escape_html(&id);
                    let link = format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
                    );
                    events.push(Event::InlineHtml(link.into()));
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            other => match code.fold(cells.map(other)) {
                Ok(folded) => events.extend(folded),
                Err(other) => events.push(rewrite_destination(other, |dest| {
                    resolve_or_report(&dest, range.clone(), resolver, &mut rendered)
                })),
            },
        }
    }
    let mut html = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    rendered.html = html;
    rendered
}

fn resolve_or_report<'a>(
    destination: &CowStr<'a>,
    range: Range<usize>,
    resolver: &dyn LinkResolver,
    rendered: &mut Rendered,
) -> CowStr<'a> {
    match resolver.resolve(destination) {
        Ok(LinkTarget::Keep) => destination.clone(),
        Ok(LinkTarget::Rewrite(url)) => CowStr::from(url),
        Err(LinkError { code, message }) => {
            rendered.broken_links.push(BrokenLink {
                range,
                code,
                message,
            });
            destination.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Identity;
    impl LinkResolver for Identity {
        fn resolve(&self, destination: &str) -> Result<LinkTarget, LinkError> {
            if destination.contains("missing") {
                Err(LinkError::new(
                    Code::BrokenLink,
                    format!("no page {destination}"),
                ))
            } else {
                Ok(LinkTarget::Rewrite(format!("/x/{destination}")))
            }
        }
    }

    #[test]
    fn headings_get_unique_anchors_and_explicit_ids_win() {
        let o =
            outline("# Title\n\n## Setup\n\n## Setup\n\n### Custom {#mine}\n\n## `code` & more\n");
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["title", "setup", "setup-2", "mine", "code-more"]);
        assert_eq!(o.leading_h1.as_deref(), Some("Title"));
    }

    #[test]
    fn a_title_later_in_the_page_is_not_the_leading_heading() {
        let o = outline("Intro text.\n\n# Later\n");
        assert_eq!(o.leading_h1, None);
        assert_eq!(o.first_paragraph.as_deref(), Some("Intro text."));
    }

    #[test]
    fn render_writes_ids_toc_code_and_links() {
        let body = "# Title\n\n## Setup\n\nSee [b](b.md) and [gone](missing.md).\n\n```python\nprint(1)\n```\n";
        let o = outline(body);
        let r = render(body, &o, &Identity, true);
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert!(
            r.html
                .contains("<h2 id=\"setup\">Setup<a class=\"anchor\" href=\"#setup\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/x/b.md\""), "{}", r.html);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.broken_links.len(), 1);
        assert_eq!(&body[r.broken_links[0].range.clone()], "[gone](missing.md)");
    }

    #[test]
    fn tables_footnotes_tasks_and_strikethrough_render() {
        let body = "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ text[^1]\n\n[^1]: note\n";
        let r = render(body, &outline(body), &Identity, false);
        for needle in ["<table>", "type=\"checkbox\"", "<del>old</del>", "footnote"] {
            assert!(r.html.contains(needle), "{needle} missing in {}", r.html);
        }
    }
}
