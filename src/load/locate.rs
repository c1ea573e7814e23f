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

impl Locator<'_> {
    /// Positions of many pointers at once, each as [`Locator::position`] finds it. A JSON text
    /// is scanned once for all of them (about 20 ms for GitHub's 13 MB spec, where building the
    /// YAML tree takes 300 ms); other texts use the tree.
    pub fn positions<S: AsRef<str>>(&self, pointers: &[&[S]]) -> Vec<Position> {
        if self.tree.get().is_none() {
            if let Some(found) = json::positions(self.text, pointers) {
                return found;
            }
        }
        pointers.iter().map(|p| self.position(p)).collect()
    }
}

/// One pass over a JSON text that notes where the keys and items on the way to some pointers
/// start. Anything that is not strict JSON gives up (`None`), and the YAML tree answers.
mod json {
    use std::collections::HashMap;

    use crate::diagnostics::Position;

    /// Containers nested deeper than this give up rather than recurse further.
    const MAX_DEPTH: usize = 512;

    /// The pointers as a tree of segments: each node the place of one segment.
    #[derive(Default)]
    struct Node {
        children: HashMap<String, usize>,
        at: Option<usize>,
    }

    pub(super) fn positions<S: AsRef<str>>(text: &str, pointers: &[&[S]]) -> Option<Vec<Position>> {
        let bytes = text.as_bytes();
        let mut nodes = vec![Node::default()];
        let paths: Vec<Vec<usize>> = pointers
            .iter()
            .map(|pointer| {
                let mut node = 0;
                let mut path = vec![0];
                for segment in pointer.iter() {
                    let next = nodes.len();
                    node = *nodes[node]
                        .children
                        .entry(segment.as_ref().to_string())
                        .or_insert(next);
                    if node == next {
                        nodes.push(Node::default());
                    }
                    path.push(node);
                }
                path
            })
            .collect();
        let mut scanner = Scanner {
            bytes,
            i: 0,
            nodes: &mut nodes,
        };
        scanner.space();
        nodes_at_root(&mut scanner)?;
        // The deepest node that was found, as with a missing key in the tree.
        let offsets: Vec<usize> = paths
            .iter()
            .map(|path| {
                path.iter()
                    .rev()
                    .find_map(|&n| nodes[n].at)
                    .unwrap_or_default()
            })
            .collect();
        Some(to_positions(text, &offsets))
    }

    fn nodes_at_root(scanner: &mut Scanner) -> Option<()> {
        scanner.nodes[0].at = Some(scanner.i);
        scanner.value(Some(0), 0)?;
        scanner.space();
        (scanner.i == scanner.bytes.len()).then_some(())
    }

    /// Byte offsets to lines and character columns, in one pass.
    fn to_positions(text: &str, offsets: &[usize]) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![Position::default(); offsets.len()];
        // Characters are counted as the bytes that do not continue one (minified JSON is one
        // long line: columns are counted on the way, never from the line's start again).
        let (mut line, mut column, mut scanned) = (1, 1, 0);
        for i in order {
            let offset = offsets[i].min(text.len());
            for b in &text.as_bytes()[scanned..offset] {
                if *b == b'\n' {
                    line += 1;
                    column = 1;
                } else if b & 0xC0 != 0x80 {
                    column += 1;
                }
            }
            scanned = offset;
            out[i] = Position::new(line, column);
        }
        out
    }

    struct Scanner<'t, 'n> {
        bytes: &'t [u8],
        i: usize,
        nodes: &'n mut Vec<Node>,
    }

    impl Scanner<'_, '_> {
        fn space(&mut self) {
            while self
                .bytes
                .get(self.i)
                .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                self.i += 1;
            }
        }

        fn eat(&mut self, byte: u8) -> Option<()> {
            self.space();
            (self.bytes.get(self.i) == Some(&byte)).then(|| self.i += 1)
        }

        /// A value; `node` is the pointer tree's node for it, when a pointer goes through it.
        fn value(&mut self, node: Option<usize>, depth: usize) -> Option<()> {
            if depth > MAX_DEPTH {
                return None;
            }
            self.space();
            let wanted = node.filter(|&n| !self.nodes[n].children.is_empty());
            match *self.bytes.get(self.i)? {
                b'{' => {
                    self.i += 1;
                    if self.eat(b'}').is_some() {
                        return Some(());
                    }
                    loop {
                        self.space();
                        let start = self.i;
                        let child = match wanted {
                            Some(n) => {
                                let key = self.string_text()?;
                                self.nodes[n].children.get(&key).copied()
                            }
                            None => {
                                self.skip_string()?;
                                None
                            }
                        };
                        if let Some(child) = child {
                            self.nodes[child].at.get_or_insert(start);
                        }
                        self.eat(b':')?;
                        self.value(child, depth + 1)?;
                        if self.eat(b',').is_none() {
                            return self.eat(b'}');
                        }
                    }
                }
                b'[' => {
                    self.i += 1;
                    if self.eat(b']').is_some() {
                        return Some(());
                    }
                    let mut index = 0usize;
                    loop {
                        self.space();
                        let child = wanted
                            .and_then(|n| self.nodes[n].children.get(&index.to_string()).copied());
                        if let Some(child) = child {
                            self.nodes[child].at.get_or_insert(self.i);
                        }
                        self.value(child, depth + 1)?;
                        index += 1;
                        if self.eat(b',').is_none() {
                            return self.eat(b']');
                        }
                    }
                }
                b'"' => self.skip_string(),
                _ => {
                    // A number, true, false or null: up to the next delimiter.
                    let start = self.i;
                    while self.bytes.get(self.i).is_some_and(|b| {
                        !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                    }) {
                        self.i += 1;
                    }
                    let token = &self.bytes[start..self.i];
                    let literal = matches!(token, b"true" | b"false" | b"null")
                        || token
                            .first()
                            .is_some_and(|b| *b == b'-' || b.is_ascii_digit());
                    literal.then_some(())
                }
            }
        }

        fn skip_string(&mut self) -> Option<()> {
            (self.bytes.get(self.i) == Some(&b'"')).then_some(())?;
            self.i += 1;
            loop {
                match *self.bytes.get(self.i)? {
                    b'"' => {
                        self.i += 1;
                        return Some(());
                    }
                    b'\\' => self.i += 2,
                    _ => self.i += 1,
                }
            }
        }

        /// A string, decoded.
        fn string_text(&mut self) -> Option<String> {
            let start = self.i;
            self.skip_string()?;
            serde_json::from_slice(&self.bytes[start..self.i]).ok()
        }
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
