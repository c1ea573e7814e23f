//! One pass over a JSON text that notes where the keys and items on the way to some pointers
//! start. Anything that is not strict JSON gives up (`None`), and the YAML tree answers.
use super::wanted::Wanted;
use crate::diagnostics::Position;

/// Containers nested deeper than this give up rather than recurse further.
const MAX_DEPTH: usize = 512;

pub(super) fn positions<S: AsRef<str>>(text: &str, pointers: &[&[S]]) -> Option<Vec<Position>> {
    let bytes = text.as_bytes();
    let mut wanted = Wanted::new(pointers);
    let mut scanner = Scanner {
        bytes,
        i: 0,
        wanted: &mut wanted,
    };
    scanner.space();
    nodes_at_root(&mut scanner)?;
    let offsets: Vec<usize> = wanted
        .deepest()
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    Some(to_positions(text, &offsets))
}

fn nodes_at_root(scanner: &mut Scanner) -> Option<()> {
    scanner.wanted.found(Wanted::<usize>::ROOT, scanner.i);
    scanner.value(Some(Wanted::<usize>::ROOT), 0)?;
    scanner.space();
    (scanner.i == scanner.bytes.len()).then_some(())
}

/// Byte offsets to lines and character columns, in one pass: the bytes between two offsets
/// (most of a big spec) are only searched for newlines, a loop the compiler vectorises;
/// characters are counted only on the line of an offset.
pub(super) fn to_positions(text: &str, offsets: &[usize]) -> Vec<Position> {
    let bytes = text.as_bytes();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![Position::default(); offsets.len()];
    // Minified JSON is one long line: the column is carried forward from the last offset on
    // the same line, never counted from the line's start again.
    let (mut line, mut scanned, mut column) = (1, 0, 1);
    for i in order {
        let offset = offsets[i].min(bytes.len());
        let between = &bytes[scanned..offset];
        if let Some(last) = between.iter().rposition(|&b| b == b'\n') {
            line += between.iter().filter(|&&b| b == b'\n').count();
            column = 1 + characters(&between[last + 1..]);
        } else {
            column += characters(between);
        }
        scanned = offset;
        out[i] = Position::new(line, column);
    }
    out
}

/// Characters in UTF-8 bytes: the bytes that do not continue one.
fn characters(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

struct Scanner<'t, 'n> {
    bytes: &'t [u8],
    i: usize,
    wanted: &'n mut Wanted<usize>,
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
        let wanted = node.filter(|&n| self.wanted.goes_below(n));
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
                            self.wanted.child(n, &key)
                        }
                        None => {
                            self.skip_string()?;
                            None
                        }
                    };
                    if let Some(child) = child {
                        self.wanted.found(child, start);
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
                    let child = wanted.and_then(|n| self.wanted.child(n, &index.to_string()));
                    if let Some(child) = child {
                        self.wanted.found(child, self.i);
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
