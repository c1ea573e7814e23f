//! One pass over a YAML text's events that notes where the keys and items on the way to some
//! pointers start, without building the document's tree: for Stripe's 4.2 MB spec the tree
//! (`saphyr::MarkedYaml`) was 43 MB, kept until the model was done. The answers are the tree's:
//! keys are matched as the tree reads them (`200` and `"200"` alike, a float by its value), and
//! a pointer that goes on through an alias gives up (`None`), so the tree answers.

use std::borrow::Cow;

use saphyr::Scalar;
use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::wanted::Wanted;
use crate::diagnostics::Position;

pub(super) fn positions<S: AsRef<str>>(text: &str, pointers: &[&[S]]) -> Option<Vec<Position>> {
    let mut scan = Scan {
        wanted: Wanted::new(pointers),
        frames: Vec::new(),
        root_seen: false,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        if scan.event(event, span)?.is_break() {
            break;
        }
    }
    Some(
        scan.wanted
            .deepest()
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
    )
}

struct Scan {
    wanted: Wanted<Position>,
    frames: Vec<Frame>,
    root_seen: bool,
}

/// An open mapping or sequence, with the pointer node it stands for (if any pointer goes
/// through it).
enum Frame {
    Mapping { node: Option<usize>, next: Next },
    Sequence { node: Option<usize>, index: usize },
}

/// What a mapping reads next.
#[derive(Clone, Copy)]
enum Next {
    Key,
    /// Inside a key that is itself a mapping or a sequence (never a pointer's segment).
    ComplexKey,
    /// The value of the key just read, with that key's pointer node.
    Value(Option<usize>),
}

impl Scan {
    /// `Break` once the first document's root is read: the tree keeps only that document.
    fn event(&mut self, event: Event, span: Span) -> Option<std::ops::ControlFlow<()>> {
        use std::ops::ControlFlow::{Break, Continue};
        let at = Position::new(span.start.line(), span.start.col() + 1);
        match event {
            Event::Scalar(value, style, _, tag) => {
                self.node_starts(at, Starting::Scalar(value, style, tag));
            }
            Event::Alias(_) => {
                // The tree copies the anchor here; a pointer going on inside that copy is the
                // tree's to answer.
                if self
                    .node_starts(at, Starting::Alias)
                    .is_some_and(|n| self.wanted.goes_below(n))
                {
                    return None;
                }
            }
            Event::MappingStart(..) => {
                let node = self.node_starts(at, Starting::Container);
                self.frames.push(Frame::Mapping {
                    node,
                    next: Next::Key,
                });
            }
            Event::SequenceStart(..) => {
                let node = self.node_starts(at, Starting::Container);
                self.frames.push(Frame::Sequence { node, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                if let Some(Frame::Mapping { next, .. }) = self.frames.last_mut() {
                    if let Next::ComplexKey = next {
                        *next = Next::Value(None);
                    }
                }
            }
            Event::DocumentEnd | Event::StreamEnd => return Some(Break(())),
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
        }
        Some(if self.root_seen && self.frames.is_empty() {
            Break(())
        } else {
            Continue(())
        })
    }

    /// A node starts at `at`: the pointer node it stands for, noted as found there.
    fn node_starts(&mut self, at: Position, node: Starting) -> Option<usize> {
        let Some(frame) = self.frames.last_mut() else {
            self.root_seen = true;
            self.wanted.found(Wanted::<Position>::ROOT, at);
            return Some(Wanted::<Position>::ROOT);
        };
        let found = match frame {
            Frame::Sequence { node, index } => {
                let item = node.and_then(|n| self.wanted.child(n, &index.to_string()));
                *index += 1;
                item
            }
            Frame::Mapping { node: parent, next } => match *next {
                Next::Key => {
                    // A key's place is noted as its entry's; the key itself is no pointer's.
                    let child = match node {
                        Starting::Container => {
                            *next = Next::ComplexKey;
                            return None;
                        }
                        Starting::Alias => None,
                        Starting::Scalar(value, style, tag) => {
                            parent.filter(|&n| self.wanted.goes_below(n)).and_then(|n| {
                                key_text(value, style, tag).and_then(|k| self.wanted.child(n, &k))
                            })
                        }
                    };
                    *next = Next::Value(child);
                    if let Some(child) = child {
                        self.wanted.found(child, at);
                    }
                    return None;
                }
                Next::ComplexKey => None,
                Next::Value(child) => {
                    *next = Next::Key;
                    return child;
                }
            },
        };
        if let Some(found) = found {
            self.wanted.found(found, at);
        }
        found
    }
}

/// What starts at an event.
enum Starting<'e> {
    Scalar(Cow<'e, str>, ScalarStyle, Option<Cow<'e, Tag>>),
    Alias,
    Container,
}

/// A scalar key's text as the tree matches it: what `saphyr` resolves the scalar to, written
/// out; a null or a key with a tag of its own matches nothing.
fn key_text(value: Cow<str>, style: ScalarStyle, tag: Option<Cow<Tag>>) -> Option<String> {
    if tag.as_ref().is_some_and(|t| !t.is_yaml_core_schema()) {
        return None;
    }
    let scalar = Scalar::parse_from_cow_and_metadata(value, style, tag.as_ref())?;
    super::scalar_text(&scalar).map(Cow::into_owned)
}
