//! The one place where text from a spec becomes HTML. Spec text is untrusted (specs come from
//! other teams and vendors): it is rendered as CommonMark and then cleaned with `ammonia`, which
//! keeps formatting and drops scripts, event handlers, and URLs with unsafe schemes.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use pulldown_cmark::{Options, Parser};

use super::cmark::{rewrite_destination, CodeBlocks, TableCells, ALIGN_CLASSES};

use super::highlight;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            // Relative links were resolved against the spec's own site before cleaning (see
            // `SpecText`); any left would point into this portal at random, so only in-page
            // anchors stay.
            .url_relative(ammonia::UrlRelative::Custom(Box::new(keep_fragments)))
            .add_tag_attributes("span", ["class"])
            .add_tag_attributes("pre", ["class", "data-lang"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("td", ["align"])
            .add_tag_attributes("th", ["align"])
            .add_allowed_classes("td", ALIGN_CLASSES)
            .add_allowed_classes("th", ALIGN_CLASSES);
        builder
    })
}

fn keep_fragments(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    url.starts_with('#')
        .then_some(std::borrow::Cow::Borrowed(url))
}

/// How one spec's text becomes HTML: relative links in its descriptions are written for the
/// spec's own documentation site (`externalDocs.url`), so they are resolved against it.
///
/// Clones share one memo of what was made: a spec repeats its descriptions (GitHub's 22,000
/// descriptions are 10,000 distinct texts: shared parameters and properties), and cleaning
/// with `ammonia` parses the HTML again each time.
#[derive(Debug, Clone, Default)]
pub struct SpecText {
    base: Option<ammonia::Url>,
    made: Arc<Made>,
}

/// HTML by the fingerprint of its Markdown text, in shards so that rayon's threads seldom wait
/// on one another.
#[derive(Debug, Default)]
struct Made {
    shards: [Mutex<HashMap<u128, Arc<str>>>; 16],
    empty: Arc<str>,
}

/// What the memo knows a text by, instead of a copy of it (the copies were 0.3 MB of Box's
/// build and 0.9 MB of GitHub's): 128 bits of two SipHashes. Two texts of a spec that share a
/// fingerprint by chance are as unlikely as rustc's incremental fingerprints colliding (the
/// same width); a spec crafted to collide could only show one of its own descriptions in place
/// of another, which its author can write anyway.
fn fingerprint(text: &str) -> u128 {
    let half = |salt: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        hasher.write_u8(salt);
        text.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

impl SpecText {
    pub fn new(base: Option<&str>) -> Self {
        SpecText {
            base: base
                .and_then(|b| ammonia::Url::parse(b).ok())
                .filter(|u| matches!(u.scheme(), "http" | "https")),
            made: Arc::default(),
        }
    }

    /// Spec Markdown (a `description`) as safe HTML.
    pub fn markdown(&self, text: &str) -> String {
        self.markdown_shared(text).to_string()
    }

    /// [`Self::markdown`], shared with every other place that shows the same text: Kubernetes
    /// repeats the same long parameter descriptions on a thousand operations.
    pub fn markdown_shared(&self, text: &str) -> Arc<str> {
        if text.trim().is_empty() {
            return self.made.empty.clone();
        }
        let key = fingerprint(text);
        let shards = &self.made.shards;
        let shard = &shards[key as usize % shards.len()];
        if let Some(html) = shard.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return html;
        }
        let html: Arc<str> = markdown_with_base(text, self.base.as_ref()).into();
        if let Ok(mut made) = shard.lock() {
            made.insert(key, html.clone());
        }
        html
    }
}

/// Spec Markdown as safe HTML, with no site to resolve relative links against.
pub fn markdown(text: &str) -> String {
    markdown_with_base(text, None)
}

fn absolute(url: &str, base: Option<&ammonia::Url>) -> Option<String> {
    if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
        return None;
    }
    base?.join(url).ok().map(|u| u.to_string())
}

/// Spec Markdown as safe HTML. Empty input gives an empty string.
fn markdown_with_base(text: &str, base: Option<&ammonia::Url>) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut html = String::with_capacity(text.len() * 3 / 2);
    let mut code = CodeBlocks::default();
    let mut cells = TableCells::default();
    let events =
        Parser::new_ext(text, options).filter_map(|event| match code.fold(cells.map(event)) {
            Ok(folded) => folded,
            Err(event) => Some(rewrite_destination(event, |dest| {
                absolute(&dest, base).map_or(dest, Into::into)
            })),
        });
    pulldown_cmark::html::push_html(&mut html, events);
    cleaner().clean(&html).to_string()
}

/// Plain text from a spec as safe HTML (for fields that are not Markdown).
pub fn text(text: &str) -> String {
    highlight::escape_html(text)
}

/// A URL from a spec, kept only when its scheme is safe to put in an `href`.
pub fn url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    let safe = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//"));
    safe.then(|| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = markdown(
            "Hi <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn table_alignment_survives_as_a_class_and_other_classes_and_styles_do_not() {
        let html = markdown("| a | b |\n|:-:|--:|\n| 1 | 2 |\n");
        assert!(html.contains("<td class=\"align-center\">1</td>"), "{html}");
        assert!(html.contains("<th class=\"align-right\">b</th>"), "{html}");
        let html =
            markdown("<table><tr><td class=\"evil\" style=\"color:red\">x</td></tr></table>");
        assert!(!html.contains("evil") && !html.contains("style"), "{html}");
    }

    #[test]
    fn formatting_and_highlighting_survive() {
        let html = markdown("**bold** `code`\n\n```json\n{\"a\": 1}\n```\n\n| a |\n|---|\n| b |\n");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn relative_links_resolve_against_the_spec_site_or_are_dropped() {
        let text = SpecText::new(Some("https://docs.example.com/rest/"));
        let html = text.markdown("[a](/rest/x#y) [b](other) [c](#here)");
        assert!(
            html.contains("href=\"https://docs.example.com/rest/x#y\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"https://docs.example.com/rest/other\""),
            "{html}"
        );
        assert!(html.contains("href=\"#here\""), "{html}");
        let html = markdown("[a](/rest/x) [c](#here)");
        assert!(!html.contains("/rest/x"), "{html}");
        assert!(html.contains("href=\"#here\""), "{html}");
    }

    /// How many texts the memo of `text` (shared by its clones) holds.
    fn memo_len(text: &SpecText) -> usize {
        text.made
            .shards
            .iter()
            .map(|m| m.lock().unwrap().len())
            .sum()
    }

    #[test]
    fn a_text_made_once_is_the_same_html_from_every_clone() {
        let text = SpecText::new(Some("https://docs.example.com/rest/"));
        let clone = text.clone();
        let source = "[a](other) <script>alert(1)</script> **b**";
        let first = text.markdown(source);
        assert_eq!(first, markdown_with_base(source, text.base.as_ref()));
        assert!(!first.contains("<script"), "{first}");
        assert_eq!(memo_len(&text), 1);
        assert_eq!(clone.markdown(source), first);
        assert_eq!(memo_len(&clone), 1, "the clone found it in the shared memo");
        // The memo knows texts by fingerprint: another text is another entry, with its HTML.
        assert_eq!(text.markdown("**c**"), "<p><strong>c</strong></p>\n");
        assert_eq!(memo_len(&text), 2);
        assert_eq!(text.markdown(source), first);
        // Another spec's text has its own base, and its own memo.
        let other = SpecText::new(None).markdown(source);
        assert!(!other.contains("docs.example.com"), "{other}");
        assert_eq!(text.markdown("  "), "");
        // Rows and parameters that show the same text hold one copy of its HTML.
        assert!(Arc::ptr_eq(
            &text.markdown_shared(source),
            &clone.markdown_shared(source)
        ));
    }

    #[test]
    fn urls_with_unsafe_schemes_are_dropped() {
        assert_eq!(
            url(" https://x.example/ ").as_deref(),
            Some("https://x.example/")
        );
        assert_eq!(url("JavaScript:alert(1)"), None);
        assert_eq!(url("data:text/html,x"), None);
        assert_eq!(url("//evil.example"), None);
    }
}
