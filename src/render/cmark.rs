//! pulldown-cmark event helpers shared by guides (`markdown`) and spec text (`sanitize`):
//! code blocks folded into highlighted HTML, table cells aligned by class, and link/image
//! destinations rewritten.

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, Tag, TagEnd};

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

/// The classes a table cell's alignment becomes (the theme's stylesheet aligns them).
pub const ALIGN_CLASSES: [&str; 3] = ["align-left", "align-center", "align-right"];

/// Writes table cells itself, with their alignment as a class: pulldown-cmark writes it as a
/// `style` attribute, which the pages' Content-Security-Policy does not allow.
#[derive(Default)]
pub struct TableCells {
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

impl TableCells {
    /// The event as it should be written: a cell's start or end as HTML, others unchanged.
    pub fn map<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        let element = if self.in_head { "th" } else { "td" };
        match event {
            Event::Start(Tag::Table(ref alignments)) => {
                self.alignments = alignments.clone();
                event
            }
            Event::Start(Tag::TableHead) => {
                (self.in_head, self.column) = (true, 0);
                event
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                event
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                event
            }
            Event::Start(Tag::TableCell) => {
                let class = match self.alignments.get(self.column) {
                    Some(Alignment::Left) => Some(ALIGN_CLASSES[0]),
                    Some(Alignment::Center) => Some(ALIGN_CLASSES[1]),
                    Some(Alignment::Right) => Some(ALIGN_CLASSES[2]),
                    Some(Alignment::None) | None => None,
                };
                self.column += 1;
                Event::Html(match class {
                    Some(class) => format!("<{element} class=\"{class}\">").into(),
                    None => format!("<{element}>").into(),
                })
            }
            Event::End(TagEnd::TableCell) => Event::Html(format!("</{element}>").into()),
            other => other,
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

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn html(markdown: &str) -> String {
        let mut cells = TableCells::default();
        let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|e| cells.map(e));
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events);
        out
    }

    #[test]
    fn table_cells_carry_their_alignment_as_a_class_not_a_style() {
        let out = html("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n| 5 |\n");
        assert_eq!(
            out,
            "<table><thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th>\
             <th class=\"align-right\">c</th><th>d</th></tr></thead><tbody>\n\
             <tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td>\
             <td class=\"align-right\">3</td><td>4</td></tr>\n\
             <tr><td class=\"align-left\">5</td><td class=\"align-center\"></td>\
             <td class=\"align-right\"></td><td></td></tr>\n</tbody></table>\n"
        );
        assert!(!out.contains("style="));
    }
}
