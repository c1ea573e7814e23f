//! Plain text out of the HTML the model holds, and the short excerpts results show.

/// Longest excerpt, in characters: two lines under a result title.
const EXCERPT_CHARS: usize = 150;

/// The text of sanitised HTML: tags dropped, entities decoded, whitespace collapsed. The input
/// comes from `render::sanitize`, so every `<` starts a tag.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let end = rest.find('>').unwrap_or(rest.len() - 1);
            // Block boundaries separate words (`</p><p>` must not glue two of them); inline
            // tags do not (`<code>id</code>.` stays `id.`).
            if is_block_tag(&rest[..end]) {
                out.push(' ');
            }
            rest = &rest[end + 1..];
        } else {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    collapse(&out)
}

fn is_block_tag(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "pre"
            | "blockquote"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "details"
            | "summary"
            | "section"
    )
}

fn entity(text: &str) -> (String, usize) {
    // Entity names are short ASCII; a `;` further on (or after other text) is not one.
    let Some(end) = text
        .bytes()
        .take(12)
        .position(|b| b == b';')
        .filter(|&end| {
            text[1..end]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'#')
        })
    else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The start of `text`, cut at a word boundary.
pub fn excerpt(text: &str) -> String {
    cut_at_word(opening(text))
}

/// `collapse(text)`, or enough of its start for an excerpt: only the opening words are read,
/// as this is called on the whole text of every guide section.
fn opening(text: &str) -> String {
    let mut opening = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > EXCERPT_CHARS {
            break;
        }
        if !opening.is_empty() {
            opening.push(' ');
            chars += 1;
        }
        opening.push_str(word);
        chars += word.chars().count();
    }
    opening
}

/// Collapsed text as it is when short enough, else its first characters up to a word
/// boundary, with an ellipsis.
fn cut_at_word(text: String) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > EXCERPT_CHARS / 2 => cut[..space].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_entities_are_decoded() {
        assert_eq!(
            plain("<p>Use <code>a&amp;b</code> &lt;here&gt;&#39;s&#x41;</p><p>next</p>"),
            "Use a&b <here>'sA next"
        );
        assert_eq!(
            plain("<p>See <a href=\"x\">404 Not Found</a>. (<code>percent_off</code>)</p>"),
            "See 404 Not Found. (percent_off)"
        );
        assert_eq!(plain("<p>unclosed <b"), "unclosed");
        assert_eq!(plain("fish & chips &bogus;"), "fish & chips &bogus;");
        assert_eq!(plain("a &ééééé; b &é;"), "a &ééééé; b &é;");
        assert_eq!(plain("&"), "&");
    }

    #[test]
    fn excerpts_stop_at_a_word() {
        let long = "word ".repeat(60);
        let cut = excerpt(&long);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= EXCERPT_CHARS + 1);
        assert_eq!(excerpt("short text"), "short text");
    }

    /// Reading only the opening words gives what collapsing the whole text first gave.
    #[test]
    fn excerpts_are_the_opening_of_the_collapsed_text() {
        let whole = |text: &str| cut_at_word(collapse(text));
        let mut texts = vec![
            String::new(),
            "  \n\t ".to_string(),
            "é".repeat(EXCERPT_CHARS),
            "é".repeat(EXCERPT_CHARS + 1),
            format!("{} b", "a".repeat(EXCERPT_CHARS - 2)),
            format!("{} b", "a".repeat(EXCERPT_CHARS - 1)),
            format!("{} bc", "a".repeat(EXCERPT_CHARS - 2)),
            format!("{} b more", "a".repeat(EXCERPT_CHARS - 2)),
            "x".repeat(3 * EXCERPT_CHARS),
        ];
        for n in 1..40 {
            texts.push("Ünïcode words, and\n\nmore:  ".repeat(n));
        }
        for text in &texts {
            assert_eq!(excerpt(text), whole(text), "{text:?}");
        }
    }
}
