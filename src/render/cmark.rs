//! pulldown-cmark event helpers shared by guides (`markdown`) and spec text (`sanitize`):
//! code blocks folded into highlighted HTML, and link/image destinations rewritten.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::highlight;

/// Collects a fenced or indented code block's text and emits it as one highlighted block.
#[derive(Default)]
pub struct CodeBlocks {
    open: Option<(String, String)>,
}

impl CodeBlocks {
    /// `Ok(Some(html))` at the end of a block, `Ok(None)` for events inside one (consumed),
    /// `Err(event)` for everything else, handed back unchanged.
    pub fn fold<'a>(&mut self, event: Event<'a>) -> Result<Option<Event<'a>>, Event<'a>> {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.open = Some((language, String::new()));
                Ok(None)
            }
            Event::Text(text) if self.open.is_some() => {
                if let Some((_, source)) = self.open.as_mut() {
                    source.push_str(&text);
                }
                Ok(None)
            }
            Event::End(TagEnd::CodeBlock) => Ok(self.open.take().map(|(language, source)| {
                Event::Html(highlight::code_block(&source, &language).into())
            })),
            other => Err(other),
        }
    }
}

/// The event with its link or image destination replaced by `rewrite(destination)`; any other
/// event unchanged.
pub fn rewrite_destination<'a>(
    event: Event<'a>,
    rewrite: impl FnOnce(CowStr<'a>) -> CowStr<'a>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite(dest_url),
            title,
            id,
        }),
        other => other,
    }
}
