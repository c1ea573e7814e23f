//! A small lexer for the languages of the request samples Portico writes itself (curl,
//! Python, JavaScript, Go, Java, C#: `model/code_samples/`), plus Rust and YAML, used for every
//! block in those languages, guides' included.
//!
//! Those writers emit a small, known set of constructs: keywords, calls, numbers, comments and
//! the string literals of each language (Go's backtick raw strings, Java's text blocks, C#'s raw
//! `"""` literals, bash's `'…'` and `$'…'`). A lexer for just those gives the classes syntect
//! gives, and costs a fraction of it: syntect's regex engine was over half of the CPU time of
//! building GitHub's reference (1,223 operations, six samples each), and a third of building
//! 10,000 guides. Hand-written code in these languages gets the same treatment: keywords,
//! strings, numbers, comments and calls are coloured, and an unusual construct (a heredoc, a
//! regex literal) is at worst coloured as plain text, never lost. Other languages go through
//! syntect.
//!
//! Whatever the input, the output is the input escaped, with spans around tokens: stripping the
//! tags and unescaping gives the input back (tested below on hostile text).

use super::escape_into;

/// The languages of generated samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Shell,
    Python,
    JavaScript,
    Go,
    Java,
    CSharp,
    /// Not a sample language, but the most common one in guides after these.
    Rust,
    /// Configuration in guides (and specs shown as text).
    Yaml,
}

impl Language {
    /// The language of a sample's highlighting name (`CodeSample::language`) or of a fenced
    /// block's info string (lower case).
    pub fn from_name(name: &str) -> Option<Language> {
        Some(match name {
            "bash" | "sh" | "shell" | "curl" | "zsh" | "console" => Language::Shell,
            "python" | "py" | "python3" => Language::Python,
            "javascript" | "js" | "mjs" | "node" | "jsx" | "ts" | "typescript" | "tsx" => {
                Language::JavaScript
            }
            "go" | "golang" => Language::Go,
            "java" => Language::Java,
            "csharp" | "cs" | "c#" => Language::CSharp,
            "rust" | "rs" => Language::Rust,
            "yaml" | "yml" => Language::Yaml,
            _ => return None,
        })
    }

    fn keywords(self) -> &'static [&'static str] {
        match self {
            Language::Shell => &[
                "if", "then", "else", "fi", "for", "do", "done", "while", "case", "esac", "export",
            ],
            Language::Python => &[
                "import", "from", "as", "def", "return", "if", "else", "elif", "for", "in",
                "while", "with", "try", "except", "raise", "not", "and", "or", "is", "lambda",
                "pass", "class", "await", "async",
            ],
            Language::JavaScript => &[
                "const", "let", "var", "await", "async", "function", "return", "if", "else", "for",
                "of", "in", "new", "import", "from", "export", "try", "catch", "throw", "typeof",
            ],
            Language::Go => &[
                "package", "import", "func", "return", "if", "else", "for", "range", "defer", "go",
                "var", "const", "type", "struct", "map", "chan", "select", "case", "switch",
                "default", "break", "continue",
            ],
            Language::Java => &[
                "import",
                "package",
                "public",
                "private",
                "protected",
                "static",
                "final",
                "class",
                "void",
                "new",
                "return",
                "throws",
                "throw",
                "try",
                "catch",
                "if",
                "else",
                "for",
                "var",
            ],
            Language::CSharp => &[
                "using",
                "var",
                "new",
                "await",
                "return",
                "if",
                "else",
                "class",
                "public",
                "static",
                "async",
                "namespace",
                "foreach",
                "in",
            ],
            Language::Rust => &[
                "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else",
                "enum", "extern", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod",
                "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
                "trait", "type", "unsafe", "use", "where", "while",
            ],
            Language::Yaml => &[],
        }
    }

    fn constants(self) -> &'static [&'static str] {
        match self {
            Language::Shell => &[],
            Language::Python => &["True", "False", "None"],
            Language::JavaScript => &["true", "false", "null", "undefined"],
            Language::Go => &["nil", "true", "false"],
            Language::Java | Language::CSharp => &["true", "false", "null"],
            Language::Rust => &["true", "false", "None", "Some", "Ok", "Err"],
            Language::Yaml => &["true", "false", "null", "yes", "no", "on", "off"],
        }
    }

    fn c_comments(self) -> bool {
        matches!(
            self,
            Language::JavaScript
                | Language::Go
                | Language::Java
                | Language::CSharp
                | Language::Rust
        )
    }
}

const STRING: &str = "hl-string";
const COMMENT: &str = "hl-comment";
const KEYWORD: &str = "hl-keyword";
const CONSTANT: &str = "hl-constant hl-language";
const NUMBER: &str = "hl-constant hl-numeric";
const CALL: &str = "hl-support hl-function";
const PARAMETER: &str = "hl-variable hl-parameter";
const VARIABLE: &str = "hl-variable hl-other";
const KEY: &str = "hl-entity hl-name hl-tag";

/// The inner HTML of a `<code>` element for a generated sample.
pub fn highlight(code: &str, language: Language) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (end, class) = token(code, i, language);
        match class {
            Some(class) => span(&mut out, class, &code[i..end]),
            None => escape_into(&mut out, &code[i..end]),
        }
        i = end;
    }
    out
}

fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    escape_into(out, text);
    out.push_str("</span>");
}

/// The token starting at `i`: where it ends and its class (`None` for plain text). Every token
/// starts and ends on an ASCII byte or the end, so slices stay on character boundaries.
fn token(code: &str, i: usize, language: Language) -> (usize, Option<&'static str>) {
    let bytes = code.as_bytes();
    let c = bytes[i];
    let rest = &code[i..];
    let word_start = i == 0 || !is_word_byte(bytes[i - 1]);

    if let Some(end) = string_end(code, i, language) {
        return (end, Some(STRING));
    }
    if language.c_comments() && rest.starts_with("//") {
        return (line_end(code, i), Some(COMMENT));
    }
    if language.c_comments() && rest.starts_with("/*") {
        let end = rest[2..].find("*/").map_or(code.len(), |at| i + 2 + at + 2);
        return (end, Some(COMMENT));
    }
    if c == b'#' {
        let shell_comment = matches!(language, Language::Shell | Language::Yaml)
            && (i == 0 || bytes[i - 1].is_ascii_whitespace());
        if language == Language::Python || shell_comment {
            return (line_end(code, i), Some(COMMENT));
        }
    }
    if language == Language::Shell {
        if c == b'$' {
            let end = shell_variable_end(bytes, i);
            if end > i + 1 {
                return (end, Some(VARIABLE));
            }
        }
        if c == b'-' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            let end = scan(bytes, i + 1, |b| b.is_ascii_alphanumeric() || b == b'-');
            if end > i + 1 {
                return (end, Some(PARAMETER));
            }
        }
    }
    if language == Language::Yaml && word_start && (c.is_ascii_alphanumeric() || c == b'_') {
        // `key:` (followed by a space or the end of the line) is a mapping key.
        let end = scan(bytes, i, |b| {
            is_word_byte(b) || matches!(b, b'-' | b'.' | b'/')
        });
        if bytes.get(end) == Some(&b':')
            && bytes.get(end + 1).is_none_or(|b| b.is_ascii_whitespace())
        {
            return (end, Some(KEY));
        }
    }
    if c.is_ascii_digit() && word_start {
        let end = scan(bytes, i, |b| is_word_byte(b) || b == b'.');
        // `1.5` but not the `.` that starts a method call after a number.
        let end = if bytes[end - 1] == b'.' { end - 1 } else { end };
        return (end, Some(NUMBER));
    }
    if is_word_start(c, language) {
        let end = scan(bytes, i, |b| {
            is_word_byte(b) || (b == b'$' && language == Language::JavaScript)
        });
        let word = &code[i..end];
        if language.keywords().contains(&word) {
            return (end, Some(KEYWORD));
        }
        if language.constants().contains(&word) {
            return (end, Some(CONSTANT));
        }
        let call = bytes.get(end) == Some(&b'(')
            || (language == Language::Rust && bytes.get(end) == Some(&b'!'));
        if !matches!(language, Language::Shell | Language::Yaml) && call {
            return (end, Some(CALL));
        }
        return (end, None);
    }
    // Anything else: one character, kept whole.
    let len = rest.chars().next().map_or(1, char::len_utf8);
    (i + len, None)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_word_start(b: u8, language: Language) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || (b == b'$' && language == Language::JavaScript)
}

fn scan(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut end = from;
    while end < bytes.len() && keep(bytes[end]) {
        end += 1;
    }
    end
}

fn line_end(code: &str, from: usize) -> usize {
    code[from..].find('\n').map_or(code.len(), |at| from + at)
}

/// `$NAME`, `${NAME}` or `$1`: where it ends (`i + 1` when `$` starts nothing).
fn shell_variable_end(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i + 1) {
        Some(b'{') => bytes[i..]
            .iter()
            .position(|&b| b == b'}')
            .map_or(i + 1, |at| i + at + 1),
        Some(&b) if is_word_byte(b) => scan(bytes, i + 1, is_word_byte),
        _ => i + 1,
    }
}

/// Where the string literal starting at `i` ends (exclusive), if one starts there. A literal
/// that is never closed runs to the end of its line (one-line kinds) or of the code.
fn string_end(code: &str, i: usize, language: Language) -> Option<usize> {
    let bytes = code.as_bytes();
    let rest = &code[i..];
    match language {
        Language::Shell => match bytes[i] {
            b'\'' => Some(closing(code, i + 1, "'", false, true)),
            b'"' => Some(closing(code, i + 1, "\"", true, true)),
            b'$' if bytes.get(i + 1) == Some(&b'\'') => Some(closing(code, i + 2, "'", true, true)),
            _ => None,
        },
        Language::Python => {
            // A prefix (`f"`, `rb'`) belongs to the literal.
            let prefix = rest
                .bytes()
                .take_while(|b| matches!(b.to_ascii_lowercase(), b'r' | b'b' | b'f' | b'u'))
                .count();
            let word_start = i == 0 || !is_word_byte(bytes[i - 1]);
            if prefix > 2 || (prefix > 0 && !word_start) {
                return None;
            }
            let quote_at = i + prefix;
            let quote = *bytes.get(quote_at)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let triple = if quote == b'"' { "\"\"\"" } else { "'''" };
            if code[quote_at..].starts_with(triple) {
                Some(closing(code, quote_at + 3, triple, true, true))
            } else {
                let delimiter = if quote == b'"' { "\"" } else { "'" };
                Some(closing(code, quote_at + 1, delimiter, true, false))
            }
        }
        Language::JavaScript => match bytes[i] {
            b'`' => Some(closing(code, i + 1, "`", true, true)),
            b'"' => Some(closing(code, i + 1, "\"", true, false)),
            b'\'' => Some(closing(code, i + 1, "'", true, false)),
            _ => None,
        },
        Language::Go => match bytes[i] {
            b'`' => Some(closing(code, i + 1, "`", false, true)),
            b'"' => Some(closing(code, i + 1, "\"", true, false)),
            b'\'' => Some(closing(code, i + 1, "'", true, false)),
            _ => None,
        },
        Language::Java => {
            if rest.starts_with("\"\"\"") {
                Some(closing(code, i + 3, "\"\"\"", true, true))
            } else {
                match bytes[i] {
                    b'"' => Some(closing(code, i + 1, "\"", true, false)),
                    b'\'' => Some(closing(code, i + 1, "'", true, false)),
                    _ => None,
                }
            }
        }
        Language::Rust => rust_string_end(code, i),
        Language::Yaml => match bytes[i] {
            b'"' => Some(closing(code, i + 1, "\"", true, true)),
            b'\'' => Some(closing(code, i + 1, "'", false, true)),
            _ => None,
        },
        Language::CSharp => {
            if rest.starts_with("\"\"\"") {
                // A raw literal closes with as many quotes as opened it, and has no escapes.
                let quotes = rest.bytes().take_while(|&b| b == b'"').count();
                Some(closing(code, i + quotes, &rest[..quotes], false, true))
            } else if rest.starts_with("@\"") {
                Some(verbatim_end(code, i + 2))
            } else {
                match bytes[i] {
                    b'"' => Some(closing(code, i + 1, "\"", true, false)),
                    b'\'' => Some(closing(code, i + 1, "'", true, false)),
                    _ => None,
                }
            }
        }
    }
}

/// Rust: `"…"`, `b"…"`, raw `r#"…"#` (as many `#` as opened it), and `'x'` / `'\n'` char
/// literals, told apart from lifetimes (`'a`), which are left plain.
fn rust_string_end(code: &str, i: usize) -> Option<usize> {
    let bytes = code.as_bytes();
    let word_start = i == 0 || !is_word_byte(bytes[i - 1]);
    let mut j = i;
    if word_start && bytes[j] == b'b' {
        j += 1;
    }
    if word_start && bytes.get(j) == Some(&b'r') {
        let hashes = bytes[j + 1..].iter().take_while(|&&b| b == b'#').count();
        if bytes.get(j + 1 + hashes) == Some(&b'"') {
            let close = format!("\"{}", "#".repeat(hashes));
            return Some(closing(code, j + 2 + hashes, &close, false, true));
        }
        return None;
    }
    match bytes.get(j) {
        Some(b'"') if j == i || word_start => Some(closing(code, j + 1, "\"", true, true)),
        Some(b'\'') => {
            // A char literal closes within a few bytes (`'\u{1F600}'` is the longest); a
            // lifetime does not close at all.
            let body = &bytes[j + 1..];
            let len = match body.first() {
                Some(b'\\') => body.iter().skip(1).position(|&b| b == b'\'')? + 1,
                Some(_) => code[j + 1..].chars().next().map_or(1, char::len_utf8),
                None => return None,
            };
            (len <= 10 && body.get(len) == Some(&b'\'')).then_some(j + 1 + len + 1)
        }
        _ => None,
    }
}

/// The end of a literal whose body starts at `from` and which closes with `delimiter`.
fn closing(code: &str, from: usize, delimiter: &str, escapes: bool, multiline: bool) -> usize {
    let bytes = code.as_bytes();
    let mut j = from;
    while j < bytes.len() {
        if escapes && bytes[j] == b'\\' {
            j += 2;
            continue;
        }
        if !multiline && bytes[j] == b'\n' {
            return j;
        }
        if bytes[j..].starts_with(delimiter.as_bytes()) {
            return j + delimiter.len();
        }
        j += 1;
    }
    // Never closed (or an escape stepped past the end).
    code.len()
}

/// C#'s `@"…"`: no escapes, `""` stands for a quote.
fn verbatim_end(code: &str, from: usize) -> usize {
    let bytes = code.as_bytes();
    let mut j = from;
    while j < bytes.len() {
        if bytes[j] == b'"' {
            if bytes.get(j + 1) == Some(&b'"') {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    code.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a reader sees: tags removed, entities decoded.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    const ALL: [Language; 8] = [
        Language::Shell,
        Language::Python,
        Language::JavaScript,
        Language::Go,
        Language::Java,
        Language::CSharp,
        Language::Rust,
        Language::Yaml,
    ];

    #[test]
    fn any_input_comes_out_whole_and_escaped() {
        let hostile = [
            "",
            "\"",
            "'",
            "`",
            "\"\"\"",
            "\"\\",
            "$'\\",
            "@\"",
            "#",
            "//",
            "/*",
            "$",
            "${",
            "-",
            "1.",
            "é\"é\\é",
            "\"</script><script>alert(1)</script>\"",
            "'<!--' <img src=x onerror=alert(1)> &amp; \u{202e}",
            "x = \"unterminated\nnext = 'line'\n",
            "r\"\\\"é\" f'{x}' rb'''a\nb''' u\"\"",
            "`a ${b} \\` c` `raw\\` \"\"\"\"\"raw \"\"\"\" still\"\"\"\"\" /* c */ // d\n",
            "curl -X POST $URL ${TOKEN} $'\\x1b\\'' \"a\\\"b\" 'c' # note\n  --data-raw '@x' a#b",
            "1.5.toString() 0x1F 3e10 _1 a1",
            "fn f<'a>(x: &'a str) -> char { '\\u{1F600}'; 'é'; b'x'; r#\"a\"b\"#; br\"c\"; println!(\"{x}\") }",
            "'\\",
            "r#",
            "key: value # c\nlist:\n  - 'it''s'\n  - \"a\\\"b\"\nx-y.z: 3.1.0\nurl: http://a:b\n",
        ];
        for language in ALL {
            for input in hostile {
                let html = highlight(input, language);
                assert_eq!(text_of(&html), input, "{language:?}: {html}");
                assert!(!html.contains("<script"), "{language:?}: {html}");
                assert!(!html.contains("<img"), "{language:?}: {html}");
                assert!(!html.contains("<!--"), "{language:?}: {html}");
            }
        }
    }

    #[test]
    fn rust_and_yaml_tokens() {
        let rust = highlight(
            "fn main<'a>() { let c = 'x'; let r = r#\"say \"hi\"\"#; println!(\"{c}\"); }\n",
            Language::Rust,
        );
        assert!(
            rust.contains("<span class=\"hl-keyword\">fn</span>"),
            "{rust}"
        );
        assert!(rust.contains("&#39;a"), "a lifetime stays plain: {rust}");
        assert!(!rust.contains("<span class=\"hl-string\">&#39;a"), "{rust}");
        assert!(
            rust.contains("<span class=\"hl-string\">&#39;x&#39;</span>"),
            "{rust}"
        );
        assert!(
            rust.contains("<span class=\"hl-string\">r#&quot;say &quot;hi&quot;&quot;#</span>"),
            "{rust}"
        );
        assert!(
            rust.contains("<span class=\"hl-support hl-function\">println</span>!"),
            "{rust}"
        );

        let yaml = highlight(
            "openapi: 3.1.0 # c\npaths:\n  /a: {}\nok: true\n",
            Language::Yaml,
        );
        assert!(
            yaml.contains("<span class=\"hl-entity hl-name hl-tag\">openapi</span>:"),
            "{yaml}"
        );
        assert!(
            yaml.contains("<span class=\"hl-comment\"># c</span>"),
            "{yaml}"
        );
        assert!(
            yaml.contains("<span class=\"hl-constant hl-language\">true</span>"),
            "{yaml}"
        );
    }

    #[test]
    fn tokens_get_the_classes_the_stylesheet_colours() {
        let python = highlight(
            "import requests\nx = f\"a{b}\"  # c\nok = True or 1.5\n",
            Language::Python,
        );
        assert!(
            python.contains("<span class=\"hl-keyword\">import</span>"),
            "{python}"
        );
        assert!(
            python.contains("<span class=\"hl-string\">f&quot;a{b}&quot;</span>"),
            "{python}"
        );
        assert!(
            python.contains("<span class=\"hl-comment\"># c</span>"),
            "{python}"
        );
        assert!(
            python.contains("<span class=\"hl-constant hl-language\">True</span>"),
            "{python}"
        );
        assert!(
            python.contains("<span class=\"hl-constant hl-numeric\">1.5</span>"),
            "{python}"
        );

        let go = highlight(
            "body := strings.NewReader(`{\n  \"a\": 1\n}`)\n",
            Language::Go,
        );
        assert!(
            go.contains("<span class=\"hl-support hl-function\">NewReader</span>"),
            "{go}"
        );
        assert!(
            go.contains("<span class=\"hl-string\">`{\n  &quot;a&quot;: 1\n}`</span>"),
            "{go}"
        );

        let csharp = highlight(
            "x = \"\"\"\"\n  say \"\"\"hi\n  \"\"\"\";\n",
            Language::CSharp,
        );
        assert!(
            csharp.contains("<span class=\"hl-string\">&quot;&quot;&quot;&quot;\n  say &quot;&quot;&quot;hi\n  &quot;&quot;&quot;&quot;</span>"),
            "{csharp}"
        );

        let java = highlight(
            ".PUT(ofString(\"\"\"\n  {\"a\": \"\\\"\"}\"\"\"))",
            Language::Java,
        );
        assert!(
            java.contains("<span class=\"hl-string\">&quot;&quot;&quot;\n  {&quot;a&quot;: &quot;\\&quot;&quot;}&quot;&quot;&quot;</span>"),
            "{java}"
        );

        let shell = highlight(
            "curl --request PUT \\\n  --header \"Authorization: Bearer $TOKEN\" 'x#y' # done",
            Language::Shell,
        );
        assert!(
            shell.contains("<span class=\"hl-variable hl-parameter\">--request</span>"),
            "{shell}"
        );
        assert!(
            shell.contains(
                "<span class=\"hl-string\">&quot;Authorization: Bearer $TOKEN&quot;</span>"
            ),
            "{shell}"
        );
        assert!(
            shell.contains("<span class=\"hl-string\">&#39;x#y&#39;</span>"),
            "{shell}"
        );
        assert!(
            shell.contains("<span class=\"hl-comment\"># done</span>"),
            "{shell}"
        );
    }
}
