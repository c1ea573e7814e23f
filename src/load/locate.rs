//! Finds the line and column of a JSON pointer in a spec's text, for messages.
//!
//! Parsing positions is paid only when a problem is reported: the text is re-read with `saphyr`
//! (YAML is a superset of JSON, so one parser serves both) the first time a position is asked for.

use std::sync::OnceLock;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::diagnostics::Position;

pub struct Locator<'a> {
    text: &'a str,
    tree: OnceLock<Option<MarkedYaml<'a>>>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator {
            text,
            tree: OnceLock::new(),
        }
    }

    /// Position of the key (or item) that `pointer` names, or of its nearest existing parent.
    /// `pointer` is a list of unescaped segments: `["paths", "/users/{id}", "get"]`.
    pub fn position<S: AsRef<str>>(&self, pointer: &[S]) -> Position {
        let Some(root) = self.tree.get_or_init(|| {
            MarkedYaml::load_from_str(self.text)
                .ok()?
                .into_iter()
                .next()
        }) else {
            return Position::default();
        };
        let mut node = root;
        let mut position = marker_position(node);
        for segment in pointer {
            let segment = segment.as_ref();
            match &node.data {
                YamlData::Mapping(map) => {
                    let Some((key, value)) = map
                        .iter()
                        .find(|(k, _)| key_text(k).as_deref() == Some(segment))
                    else {
                        break;
                    };
                    position = marker_position(key);
                    node = value;
                }
                YamlData::Sequence(items) => {
                    let Some(item) = segment.parse::<usize>().ok().and_then(|i| items.get(i))
                    else {
                        break;
                    };
                    position = marker_position(item);
                    node = item;
                }
                _ => break,
            }
        }
        position
    }
}

fn marker_position(node: &MarkedYaml) -> Position {
    Position::new(node.span.start.line(), node.span.start.col() + 1)
}

fn key_text<'n>(node: &'n MarkedYaml) -> Option<std::borrow::Cow<'n, str>> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string().into()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string().into()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string().into()),
        YamlData::Representation(s, _, _) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_in_yaml() {
        let text = "openapi: 3.0.0\npaths:\n  /users/{id}:\n    get:\n      responses:\n        200:\n          description: ok\n";
        let locator = Locator::new(text);
        assert_eq!(
            locator.position(&["paths", "/users/{id}", "get"]),
            Position::new(4, 5)
        );
        assert_eq!(
            locator.position(&["paths", "/users/{id}", "get", "responses", "200"]),
            Position::new(6, 9)
        );
        // A missing key reports its nearest parent.
        assert_eq!(locator.position(&["paths", "/nope"]), Position::new(2, 1));
    }

    #[test]
    fn finds_keys_in_json() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}";
        let locator = Locator::new(text);
        assert_eq!(
            locator.position(&["paths", "/a", "get"]),
            Position::new(3, 12)
        );
    }
}
