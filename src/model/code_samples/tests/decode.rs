//! Decoders for the literals the writers produce, so tests can check round trips.

use crate::model::code_samples::literals::needs_shell_escape;

/// A shell word made of `'...'`, `\'` and `"..."` pieces (the only forms written), with
/// `$NAME`/`${NAME}` inside double quotes shown as `{NAME}`.
pub(super) fn decode_shell_word(word: &str) -> String {
    let mut out = String::new();
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    assert!(!needs_shell_escape(c), "raw {c:?} in {word}");
                    out.push(c);
                }
            }
            '\\' => out.extend(chars.next()),
            '$' => {
                assert_eq!(chars.next(), Some('\''));
                while let Some(c) = chars.next() {
                    match c {
                        '\'' => break,
                        '\\' => match chars.next() {
                            Some('n') => out.push('\n'),
                            Some('t') => out.push('\t'),
                            Some('r') => out.push('\r'),
                            Some('x') => {
                                let hex: String = chars.by_ref().take(2).collect();
                                out.extend(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()));
                            }
                            Some('u') => {
                                let hex: String = chars.by_ref().take(4).collect();
                                out.extend(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()));
                            }
                            Some(other) => out.push(other),
                            None => panic!("dangling escape in {word}"),
                        },
                        c => {
                            assert!(!needs_shell_escape(c), "raw {c:?} in {word}");
                            out.push(c);
                        }
                    }
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '$' => {
                            let braced = chars.peek() == Some(&'{');
                            if braced {
                                chars.next();
                            }
                            let mut name = String::new();
                            while let Some(&c) = chars.peek() {
                                if c.is_ascii_alphanumeric() || c == '_' {
                                    name.push(c);
                                    chars.next();
                                } else {
                                    break;
                                }
                            }
                            if braced {
                                assert_eq!(chars.next(), Some('}'));
                            }
                            out.push_str(&format!("{{{name}}}"));
                        }
                        '\\' | '`' | '!' => panic!("unexpected {c} in double quotes: {word}"),
                        c => out.push(c),
                    }
                }
            }
            c => panic!("unquoted {c:?} in {word}"),
        }
    }
    out
}

/// Java string escapes, including the `\uXXXX` translation that happens before lexing.
fn decode_java_escapes(body: &str) -> String {
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\\' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let next = chars[i + 1];
        i += 2;
        match next {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'u' => {
                let hex: String = chars[i..i + 4].iter().collect();
                let c = char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap();
                // Translated before lexing: these would end or break the literal.
                assert!(!matches!(c, '\n' | '\r' | '"' | '\\'), "\\u{hex} in {body}");
                out.push(c);
                i += 4;
            }
            '0'..='7' => {
                let octal: String = chars[i - 1..i + 2].iter().collect();
                out.extend(char::from_u32(u32::from_str_radix(&octal, 8).unwrap()));
                i += 2;
            }
            other => panic!("unknown escape \\{other}"),
        }
    }
    out
}

pub(super) fn decode_java_quote(literal: &str) -> String {
    assert!(literal.starts_with('"') && literal.ends_with('"') && literal.len() >= 2);
    let body = &literal[1..literal.len() - 1];
    assert!(!body.contains(['\n', '\r']), "raw line break in {literal}");
    // Every quote inside is escaped (preceded by an odd number of backslashes).
    let chars: Vec<char> = body.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '"' {
            let slashes = chars[..i].iter().rev().take_while(|c| **c == '\\').count();
            assert!(slashes % 2 == 1, "unescaped quote in {literal}");
        }
    }
    decode_java_escapes(body)
}

pub(super) fn decode_text_block(block: &str, indent: &str) -> String {
    let inner = block
        .strip_prefix("\"\"\"\n")
        .and_then(|b| b.strip_suffix("\"\"\""))
        .expect("text block delimiters");
    assert!(!inner.contains("\"\"\""), "{block}");
    let lines: Vec<&str> = inner
        .split('\n')
        .map(|line| line.strip_prefix(indent).expect("indented"))
        .collect();
    decode_java_escapes(&lines.join("\n"))
}

pub(super) fn decode_csharp_raw(literal: &str) -> String {
    let delimiter_len = literal.chars().take_while(|c| *c == '"').count();
    assert!(delimiter_len >= 3);
    let lines: Vec<&str> = literal.split('\n').collect();
    let delimiter = "\"".repeat(delimiter_len);
    assert_eq!(lines[0], delimiter);
    assert_eq!(lines[lines.len() - 1], format!("    {delimiter}"));
    let content: Vec<&str> = lines[1..lines.len() - 1]
        .iter()
        .map(|line| line.strip_prefix("    ").expect("indented"))
        .collect();
    let content = content.join("\n");
    assert!(!content.contains(&delimiter));
    content
}
