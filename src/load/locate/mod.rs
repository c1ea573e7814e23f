//! Finds the line and column of a JSON pointer in a spec's text, for messages.
//!
//! Positions are paid for only when a problem is reported, by reading the text again: many
//! pointers at once in one pass (`json.rs` scans JSON by hand, `yaml.rs` reads saphyr-parser's
//! events), a single pointer with saphyr's tree of the text (YAML is a superset of JSON, so one
//! parser serves both), built the first time it is asked for.

use std::borrow::Cow;
use std::sync::OnceLock;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::source_text::SourceText;
use crate::diagnostics::Position;

mod json;
mod wanted;
mod yaml;

pub struct Locator<'a> {
    text: Text<'a>,
    tree: OnceLock<Option<MarkedYaml<'a>>>,
}

#[derive(Clone, Copy)]
enum Text<'a> {
    Str(&'a str),
    /// A spec's text, which may have to be read again (and is then asked for only when a
    /// position is).
    Source(&'a SourceText),
}

impl<'a> Text<'a> {
    fn get(self) -> Option<&'a str> {
        match self {
            Text::Str(text) => Some(text),
            Text::Source(source) => source.get(),
        }
    }
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator {
            text: Text::Str(text),
            tree: OnceLock::new(),
        }
    }

    /// A locator for a spec's text; when the text cannot be had again, every position is
    /// unknown (`Position::default()`).
    pub fn of_source(text: &'a SourceText) -> Self {
        Locator {
            text: Text::Source(text),
            tree: OnceLock::new(),
        }
    }

    /// Position of the key (or item) that `pointer` names, or of its nearest existing parent.
    /// `pointer` is a list of unescaped segments: `["paths", "/users/{id}", "get"]`.
    pub fn position<S: AsRef<str>>(&self, pointer: &[S]) -> Position {
        let Some(root) = self.tree.get_or_init(|| {
            MarkedYaml::load_from_str(self.text.get()?)
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

impl Locator<'_> {
    /// Positions of many pointers at once, each as [`Locator::position`] finds it, in one pass
    /// over the text that builds no tree: a JSON text is scanned by hand (about 20 ms for
    /// GitHub's 13 MB spec, where building the tree takes 300 ms), any other text is read as
    /// YAML events. The tree answers only what a pass cannot (a pointer through an alias).
    pub fn positions<S: AsRef<str>>(&self, pointers: &[&[S]]) -> Vec<Position> {
        let Some(text) = self.text.get() else {
            return vec![Position::default(); pointers.len()];
        };
        if self.tree.get().is_none() {
            if let Some(found) =
                json::positions(text, pointers).or_else(|| yaml::positions(text, pointers))
            {
                return found;
            }
        }
        pointers.iter().map(|p| self.position(p)).collect()
    }
}

fn marker_position(node: &MarkedYaml) -> Position {
    Position::new(node.span.start.line(), node.span.start.col() + 1)
}

fn key_text<'n>(node: &'n MarkedYaml) -> Option<Cow<'n, str>> {
    match &node.data {
        YamlData::Value(scalar) => scalar_text(scalar),
        YamlData::Representation(s, _, _) => Some(Cow::Borrowed(s.as_ref())),
        _ => None,
    }
}

/// A scalar key as a pointer segment: its text as `saphyr` resolved it (`200`, `1.5`, `true`);
/// a null names nothing.
fn scalar_text<'s>(scalar: &'s Scalar) -> Option<Cow<'s, str>> {
    Some(match scalar {
        Scalar::String(s) => Cow::Borrowed(s.as_ref()),
        Scalar::Integer(i) => i.to_string().into(),
        Scalar::FloatingPoint(f) => f.to_string().into(),
        Scalar::Boolean(b) => b.to_string().into(),
        Scalar::Null => return None,
    })
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

    /// Offsets become lines and character columns as counting every byte from the start does,
    /// whatever their order, on lines long and short, with multi-byte characters.
    #[test]
    fn offsets_become_positions_as_a_count_from_the_start_gives() {
        let text = "ab\n\nçé{\"k\": \"日本\"}\n\n  x".to_string() + &"z".repeat(300) + "\n€";
        let naive = |offset: usize| {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let last_line = before.rsplit('\n').next().unwrap_or_default();
            Position::new(line, last_line.chars().count() + 1)
        };
        let offsets: Vec<usize> = (0..=text.len() + 2)
            .filter(|&o| o > text.len() || text.is_char_boundary(o))
            .rev()
            .chain([8, 0, 8, text.len()])
            .collect();
        let expected: Vec<Position> = offsets.iter().map(|&o| naive(o)).collect();
        assert_eq!(json::to_positions(&text, &offsets), expected);
    }

    #[test]
    fn json_is_scanned_once_for_many_pointers_with_the_same_answers() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\"get\": {\"x\": [1, {\"é\": \"v\\\"}\"}, true]}},\n    \"/b~c\": null\n  },\n  \"n\": -1.5e3\n}";
        let pointers: Vec<Vec<&str>> = vec![
            vec![],
            vec!["paths", "/a", "get"],
            vec!["paths", "/a", "get", "x", "1", "é"],
            vec!["paths", "/a", "get", "x", "2"],
            vec!["paths", "/a", "nope", "deeper"],
            vec!["paths", "/b~c"],
            vec!["n"],
            vec!["paths", "/a", "get", "x", "9"],
        ];
        let refs: Vec<&[&str]> = pointers.iter().map(Vec::as_slice).collect();
        let scanned = json::positions(text, &refs).expect("strict JSON");
        let locator = Locator::new(text);
        let tree: Vec<Position> = pointers.iter().map(|p| locator.position(p)).collect();
        assert_eq!(scanned, tree);
        assert_eq!(scanned[2], Position::new(3, 30));
        assert_eq!(Locator::new(text).positions(&refs), tree);
        // Not JSON: the tree answers.
        assert!(json::positions("a: 1\n", &refs).is_none());
        assert_eq!(
            Locator::new("a:\n  b: 1\n").positions(&[&["a", "b"][..]]),
            [Position::new(2, 3)]
        );
    }

    /// Every pointer the tree has (and one missing key below each mapping), as the tree reads
    /// its keys.
    fn every_pointer(node: &MarkedYaml, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        match &node.data {
            YamlData::Mapping(map) => {
                path.push("no such key".into());
                out.push(path.clone());
                path.pop();
                for (key, value) in map {
                    if let Some(key) = key_text(key) {
                        path.push(key.into_owned());
                        every_pointer(value, path, out);
                        path.pop();
                    }
                }
            }
            YamlData::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    every_pointer(item, path, out);
                    path.pop();
                }
                path.push(items.len().to_string());
                out.push(path.clone());
                path.pop();
            }
            _ => {}
        }
    }

    /// The YAML event pass answers as the tree does, for every pointer of a text.
    fn assert_event_pass_is_the_tree(text: &str) {
        let tree = MarkedYaml::load_from_str(text).expect("YAML");
        let mut pointers = Vec::new();
        every_pointer(&tree[0], &mut Vec::new(), &mut pointers);
        let refs: Vec<&[String]> = pointers.iter().map(Vec::as_slice).collect();
        let locator = Locator::new(text);
        let expected: Vec<Position> = pointers.iter().map(|p| locator.position(p)).collect();
        let scanned = yaml::positions(text, &refs).expect("no pointer goes through an alias");
        for ((pointer, scanned), expected) in pointers.iter().zip(&scanned).zip(&expected) {
            assert_eq!(scanned, expected, "{pointer:?} in\n{text}");
        }
        assert_eq!(Locator::new(text).positions(&refs), expected);
    }

    #[test]
    fn yaml_is_read_as_events_once_for_many_pointers_with_the_tree_s_answers() {
        assert_event_pass_is_the_tree(
            "openapi: 3.0.0\n\
             paths:\n  \
               /users/{id}:\n    \
                 get:\n      \
                   responses:\n        \
                     200: {description: ok, content: {a: [1, {b: c}]}}\n        \
                     '404':\n          description: \"missing\"\n      \
                   tags: [a, b]\n      \
                   x-list:\n        - one\n        - k: v\n          w: [x]\n        - - nested\n\
             ? {complex: mapping}\n: {after: it}\n\
             ? [complex, key]\n: value\n\
             1.50: a float key, read as 1.5\n\
             true: a boolean key\n\
             ~: a null key\n\
             !custom tagged: a key with its own tag\n\
             !!str 300: a core tag\n\
             \"quoted \\u00e9\": é\n\
             text: |\n  a block\n  scalar\n\
             last: [ {x: 1}, [2, 3] ]\n\
             ---\n\
             second: document\n",
        );
        for fixture in [
            include_str!("../../../specs/streamline.yaml"),
            include_str!("../../../tests/fixtures/swagger2/specs/pets.yaml"),
            include_str!("../../../tests/fixtures/hostile/specs/evil31.yaml"),
        ] {
            assert_event_pass_is_the_tree(fixture);
        }
    }

    #[test]
    fn a_pointer_through_an_alias_is_the_tree_s_to_answer() {
        let text = "base: &b\n  inner: 1\nuse: *b\nlist:\n  - *b\n";
        let through: &[&[&str]] = &[&["use", "inner"]];
        assert!(yaml::positions(text, through).is_none());
        assert_eq!(Locator::new(text).positions(through), [Position::new(2, 3)]);
        // Up to the alias itself, the pass answers.
        let to: &[&[&str]] = &[&["use"], &["list", "0"], &["base", "inner"]];
        assert_eq!(
            yaml::positions(text, to).expect("no pointer goes through"),
            [
                Position::new(3, 1),
                Position::new(5, 5),
                Position::new(2, 3)
            ]
        );
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
