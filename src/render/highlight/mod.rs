//! Syntax highlighting at build time, as CSS classes (no inline styles), so one stylesheet gives
//! both the light and the dark palette.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

mod json;
pub mod samples;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Above this size a block is shown as plain text: classed output is ~18× the input for JSON,
/// and nobody reads a 200 KB example for its colours.
const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;

/// Loaded once from syntect's binary dump and shared by every rendering thread.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Info-string aliases that syntect's default set does not know by these names.
fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let language = language.trim().to_ascii_lowercase();
    let token = match language.as_str() {
        "" | "text" | "plain" | "plaintext" | "txt" => return None,
        "shell" | "sh" | "curl" | "console" | "zsh" => "bash",
        "js" | "node" | "nodejs" | "jsx" | "mjs" | "ts" | "typescript" | "tsx" => "js",
        "py" | "python3" => "python",
        "golang" => "go",
        "yml" => "yaml",
        "jsonc" | "json5" => "json",
        "rb" => "ruby",
        "cs" | "csharp" => "cs",
        "html" | "xml" | "svg" => "html",
        other => other,
    };
    // Loaded only now: plain text (every string example of a parameter) needs no syntax, and
    // loading the set costs 0.3 MB of heap and the pages of its 368 KB dump.
    syntaxes().find_syntax_by_token(token)
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text);
    out
}

/// [`escape_html`], appending to `out`: copies runs of safe text at once.
pub fn escape_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
}

/// Highlighted code kept from one build for the next. Highlighting the generated code samples
/// is most of the time it takes to model a big spec; after an edit, almost every sample is the
/// same text as before, so `portico serve` hands each spec the previous build's memo.
#[derive(Default)]
pub struct Memo {
    earlier: HashMap<u64, String>,
    now: Mutex<HashMap<u64, String>>,
    /// Escape instead of highlighting (`portico check` shows no page).
    plain: bool,
    /// Keep what is highlighted for the next build (none follows a one-off build).
    remember: bool,
}

impl Memo {
    pub fn new(earlier: HashMap<u64, String>) -> Self {
        Memo {
            earlier,
            now: Mutex::default(),
            plain: false,
            remember: true,
        }
    }

    /// A memo for a one-off build: it highlights, and keeps no copy for a next build.
    pub fn once() -> Self {
        Memo::default()
    }

    /// A memo that only escapes code: for checking, where nobody reads the pages.
    pub fn plain() -> Self {
        Memo {
            plain: true,
            ..Memo::default()
        }
    }

    /// Whether this memo keeps what it highlights for a next build: otherwise code is better
    /// highlighted when its page is rendered, and dropped with the page.
    pub fn remembers(&self) -> bool {
        self.remember && !self.plain
    }

    /// Like [`highlight`], from the memo when the same code was highlighted before.
    pub fn highlight(&self, code: &str, language: &str) -> String {
        if self.plain {
            return escape_html(code);
        }
        if !self.remember {
            return highlight(code, language);
        }
        let mut hasher = std::hash::DefaultHasher::new();
        (language, code).hash(&mut hasher);
        let key = hasher.finish();
        let used = |now: &Mutex<HashMap<u64, String>>| {
            now.lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&key)
                .cloned()
        };
        if let Some(html) = used(&self.now) {
            return html;
        }
        let html = match self.earlier.get(&key) {
            Some(html) => html.clone(),
            None => highlight(code, language),
        };
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, html.clone());
        html
    }

    /// What this build highlighted: the memo for the next one (nothing it did not use).
    pub fn into_used(self) -> HashMap<u64, String> {
        self.now.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// The inner HTML of a `<code>` element for `code` in `language`: highlighted spans when the
/// language is known (by hand for JSON and the languages of `samples.rs`, by syntect for the
/// rest), escaped text otherwise. Never fails: bad input falls back to plain text.
pub fn highlight(code: &str, language: &str) -> String {
    if let Some(lexer) = samples::Language::from_name(&language.trim().to_ascii_lowercase()) {
        return if code.len() <= MAX_HIGHLIGHT_BYTES {
            samples::highlight(code, lexer)
        } else {
            escape_html(code)
        };
    }
    if is_json(language) {
        return if code.len() <= MAX_HIGHLIGHT_BYTES {
            json::highlight_json(code)
        } else {
            escape_html(code)
        };
    }
    let syntax = match find_syntax(language) {
        Some(syntax) if code.len() <= MAX_HIGHLIGHT_BYTES => syntax,
        _ => return escape_html(code),
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return escape_html(code);
        }
    }
    generator.finalize()
}

fn is_json(language: &str) -> bool {
    matches!(
        language.trim().to_ascii_lowercase().as_str(),
        "json" | "jsonc" | "json5"
    )
}

/// A complete `<pre>` block, with the language named for CSS and for readers' scripts.
pub fn code_block(code: &str, language: &str) -> String {
    let language = language.split([' ', ',', '{']).next().unwrap_or("").trim();
    let label = escape_html(language);
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" language-{label}")
    };
    format!(
        "<pre class=\"code{class}\" data-lang=\"{label}\"><code>{}</code></pre>\n",
        highlight(code, language)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_memo_gives_what_highlight_gives_and_keeps_only_what_was_used() {
        let memo = super::Memo::new(Default::default());
        let code = "curl -X POST https://api.example.com/v1/customers";
        assert_eq!(memo.highlight(code, "bash"), super::highlight(code, "bash"));
        let used = memo.into_used();
        assert_eq!(used.len(), 1);
        let next = super::Memo::new(used);
        assert_eq!(next.highlight(code, "bash"), super::highlight(code, "bash"));
        assert_eq!(next.into_used().len(), 1);
        let unused = super::Memo::new(super::Memo::default().into_used());
        assert!(unused.into_used().is_empty());
        let once = super::Memo::once();
        assert_eq!(once.highlight(code, "bash"), super::highlight(code, "bash"));
        assert!(once.into_used().is_empty(), "a one-off build keeps nothing");
    }

    use super::*;

    #[test]
    fn known_languages_get_classes_and_no_inline_styles() {
        let html = highlight("import requests\nprint('hi')\n", "python");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn the_sample_languages_use_the_lexer_whatever_the_info_string_and_others_syntect() {
        for name in ["bash", "Shell", " sh ", "console"] {
            let html = highlight("curl --request GET $URL\n", name);
            assert!(
                html.contains("<span class=\"hl-variable hl-parameter\">--request</span>"),
                "{name}: {html}"
            );
        }
        // Ruby is not one of them: syntect's scopes (`hl-source hl-ruby`).
        let ruby = highlight("def main; end\n", "ruby");
        assert!(ruby.contains("hl-ruby"), "{ruby}");
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text() {
        assert_eq!(
            highlight("<b>&</b>", "no-such-lang"),
            "&lt;b&gt;&amp;&lt;/b&gt;"
        );
        let block = code_block("x", "mermaid\" onload=\"alert(1)");
        assert!(!block.contains("\" onload"), "{block}");
    }

    #[test]
    fn highlighted_output_escapes_markup() {
        let html = highlight("const a = '</script><script>alert(1)</script>';\n", "js");
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn json_is_tokenized_by_hand_and_escaped() {
        let html = highlight(
            "{\"a\": \"<b>\", \"n\": -1.5e3, \"ok\": true, \"é\": null}",
            "json",
        );
        assert!(
            html.contains("<span class=\"hl-string hl-key\">&quot;a&quot;</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">&quot;&lt;b&gt;&quot;</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-constant hl-numeric\">-1.5e3</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-constant hl-language\">true</span>"),
            "{html}"
        );
        assert!(html.contains("&quot;é&quot;"), "{html}");
        // Broken JSON still comes out whole and escaped.
        assert_eq!(
            highlight("\"unterminated <x>", "json"),
            "<span class=\"hl-string\">&quot;unterminated &lt;x&gt;</span>"
        );
    }

    use syntect::highlighting::ThemeSet;
    use syntect::html::css_for_theme_with_class_style;

    const LIGHT_THEME: &str = "InspiredGitHub";
    const DARK_THEME: &str = "base16-ocean.dark";

    /// The stylesheet for highlighted code, `static/highlight.css` of the default theme: the light
    /// palette by default, the dark one when the system asks for it (unless the reader chose light)
    /// or when the reader chose dark. Made here only to check the theme's copy: loading syntect's
    /// themes to make it on every build took 0.15 MB of heap and the code that decompresses them.
    fn make_stylesheet() -> String {
        let themes = ThemeSet::load_defaults();
        let light = css_for_theme_with_class_style(&themes.themes[LIGHT_THEME], CLASS_STYLE)
            .unwrap_or_default();
        let dark = css_for_theme_with_class_style(&themes.themes[DARK_THEME], CLASS_STYLE)
            .unwrap_or_default();
        let mut css =
            String::from("/* Syntax highlighting, generated by Portico from syntect themes. */\n");
        css.push_str(&scope_rules(&light, "pre.code"));
        css.push_str(&scope_rules(&dark, ":root[data-theme=\"dark\"] pre.code"));
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        css.push_str(&scope_rules(
            &dark,
            ":root:not([data-theme=\"light\"]) pre.code",
        ));
        css.push_str("}\n");
        css
    }

    /// Prefix every selector of syntect's CSS with `scope`, leaving out the comment and the rule for
    /// the `code` class, whose colours the theme sets itself.
    fn scope_rules(css: &str, scope: &str) -> String {
        let body = css.find("*/").map_or(css, |i| &css[i + 2..]);
        let mut out = String::new();
        for rule in body.split('}') {
            let Some((selectors, declarations)) = rule.split_once('{') else {
                continue;
            };
            let selectors = selectors.trim();
            if selectors.is_empty() || selectors == ".hl-code" {
                continue;
            }
            let declarations: String = declarations
                .lines()
                .map(str::trim)
                .filter(|d| !d.is_empty() && !d.starts_with("background-color"))
                .collect::<Vec<_>>()
                .join(" ");
            if declarations.is_empty() {
                continue;
            }
            let scoped: Vec<String> = scope
                .split(", ")
                .flat_map(|s| {
                    selectors
                        .split(", ")
                        .map(move |sel| format!("{s} {}", sel.trim()))
                })
                .collect();
            out.push_str(&scoped.join(", "));
            out.push_str(" { ");
            out.push_str(&declarations);
            out.push_str(" }\n");
        }
        out
    }

    /// The default theme ships the stylesheet syntect's themes give, so that a build need not
    /// load them. After a syntect upgrade changes it, write it again with
    /// `PORTICO_WRITE_HIGHLIGHT_CSS=1 cargo test --lib stylesheet`.
    #[test]
    fn the_theme_has_the_stylesheet_syntect_makes() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/highlight.css"
        );
        let made = make_stylesheet();
        if std::env::var_os("PORTICO_WRITE_HIGHLIGHT_CSS").is_some() {
            std::fs::write(path, &made).unwrap();
        }
        let shipped = std::fs::read_to_string(path).unwrap();
        assert!(
            shipped == made,
            "{path} is not what syntect makes; write it again with \
             PORTICO_WRITE_HIGHLIGHT_CSS=1 cargo test --lib stylesheet"
        );
    }

    #[test]
    fn stylesheet_has_both_palettes() {
        let css = make_stylesheet();
        assert!(
            css.contains(":root[data-theme=\"dark\"] pre.code .hl-"),
            "{}",
            &css[..300]
        );
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(!css.contains("background-color"));
    }
}
