//! How text becomes search terms. `themes/default/static/search.js` applies the same rules to
//! what the reader types, so any change here must be made there too (the test
//! `tests/search.rs::the_browser_tokeniser_agrees_with_the_index` runs both on the same strings).
//!
//! The rules, in order:
//! 1. Accents are dropped: characters below U+2000 (Latin, Greek, Cyrillic, ...) are decomposed
//!    (NFD) and combining marks removed, so `café` and `cafe` are one term. Scripts above that
//!    point are left alone (Hangul would fall apart into jamo).
//! 2. Words are runs of letters and digits; everything else separates them, so
//!    `/customers/{customerId}/subscriptions` gives `customers`, `customerId`, `subscriptions`
//!    and `repos/create-for-authenticated-user` gives five words.
//! 3. A word in camelCase or PascalCase also gives its parts (`customerId` → `customerid`,
//!    `customer`, `id`); the index keeps the whole word and the parts, a query only the parts,
//!    so `customerId`, `customer id` and `customer_id` all meet.
//! 4. Lower case, then a light plural rule on ASCII words of four letters or more
//!    (`policies` → `policy`, `addresses` → `address`, `subscriptions` → `subscription`).
//! 5. Chinese, Japanese and Korean have no spaces: a run of those characters gives its
//!    overlapping pairs (`订阅管理` → `订阅`, `阅管`, `管理`), a single character itself.
//! 6. Terms shorter than two characters (except a CJK character), longer than 40, and a few
//!    English stop words are dropped.

use unicode_normalization::UnicodeNormalization;

/// Longest term kept: longer runs are hashes, tokens or base64, not words anyone types.
pub const MAX_TERM_CHARS: usize = 40;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "the", "this", "that", "to", "with",
];

/// Terms one after the other in one buffer: the thousands of words of a record's fields are
/// counted without an allocation each.
#[derive(Debug, Default)]
pub struct TermList {
    text: String,
    /// Where each term ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
}

impl TermList {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th term.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Add `term` as it is.
    pub fn push(&mut self, term: &str) {
        self.text.push_str(term);
        self.ends.push(self.text.len());
    }

    /// The text written since the last term, as a term of its own.
    fn close(&mut self) {
        self.ends.push(self.text.len());
    }

    /// Drop what was written since the last term.
    fn discard(&mut self) {
        self.text.truncate(self.ends.last().copied().unwrap_or(0));
    }

    /// What was written since the last term.
    fn open(&self) -> &str {
        &self.text[self.ends.last().copied().unwrap_or(0)..]
    }
}

/// Every term of `text` for the index, in order, with repeats (their count is a term frequency).
pub fn index_terms(text: &str, out: &mut Vec<String>) {
    let mut list = TermList::default();
    index_terms_into(text, &mut list);
    out.extend(list.iter().map(str::to_string));
}

/// [`index_terms`] into a [`TermList`]: called for every field of every record, so words are
/// slices of one folded buffer and terms are written into one list, not allocated each.
pub fn index_terms_into(text: &str, out: &mut TermList) {
    let folded = fold(text);
    let mut parts = Vec::new();
    for_each_word(&folded, |word, cjk| {
        if cjk {
            cjk_terms(word, out);
            return;
        }
        camel_parts(word, &mut parts);
        if parts.len() > 1 {
            push_term(word, out);
        }
        for &(start, end) in &parts {
            push_term(&word[start..end], out);
        }
    });
}

/// The terms the reader means by `query` (camel-case words give only their parts), each once.
pub fn query_terms(query: &str) -> Vec<String> {
    let folded = fold(query);
    let mut list = TermList::default();
    let mut parts = Vec::new();
    for_each_word(&folded, |word, cjk| {
        if cjk {
            cjk_terms(word, &mut list);
            return;
        }
        camel_parts(word, &mut parts);
        for &(start, end) in &parts {
            push_term(&word[start..end], &mut list);
        }
    });
    let mut out: Vec<String> = list.iter().map(str::to_string).collect();
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out
}

/// Drop accents from characters below U+2000.
fn fold(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if (c as u32) < 0x2000 && !c.is_ascii() {
            out.extend(std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF)
}

/// Chinese, Japanese and Korean characters, which are written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Call `f` with each word of `chars` (a run of letters and digits, or of CJK characters) and
/// whether it is CJK.
fn for_each_word(chars: &[char], mut f: impl FnMut(&[char], bool)) {
    let mut start: Option<usize> = None;
    let mut current_cjk = false;
    for (i, &c) in chars.iter().enumerate() {
        let cjk = is_cjk(c);
        let word_char = cjk || c.is_alphanumeric();
        if let Some(first) = start {
            if !word_char || cjk != current_cjk {
                f(&chars[first..i], current_cjk);
                start = None;
            }
        }
        if word_char {
            current_cjk = cjk;
            start.get_or_insert(i);
        }
    }
    if let Some(first) = start {
        f(&chars[first..], current_cjk);
    }
}

/// Split at lower→upper (`customerId`) and at the last capital of a run of capitals followed
/// by a lower-case letter (`HTTPServer` → `HTTP`, `Server`). Digits stay with their word.
fn camel_parts(chars: &[char], parts: &mut Vec<(usize, usize)>) {
    parts.clear();
    let mut start = 0;
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1], chars[i]);
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let boundary = cur.is_uppercase()
            && ((prev.is_lowercase() || prev.is_numeric()) || (prev.is_uppercase() && next_lower));
        if boundary {
            parts.push((start, i));
            start = i;
        }
    }
    parts.push((start, chars.len()));
}

fn push_term(chars: &[char], out: &mut TermList) {
    if chars.len() < 2 || chars.len() > MAX_TERM_CHARS {
        return;
    }
    if chars.iter().all(char::is_ascii) {
        out.text.extend(chars.iter().map(char::to_ascii_lowercase));
    } else {
        out.text.extend(chars.iter().flat_map(|c| c.to_lowercase()));
    }
    if STOP_WORDS.contains(&out.open()) {
        out.discard();
        return;
    }
    stem(out);
    out.close();
}

fn cjk_terms(chars: &[char], out: &mut TermList) {
    if chars.len() == 1 {
        out.text.push(chars[0]);
        out.close();
        return;
    }
    for pair in chars.windows(2) {
        out.text.extend(pair);
        out.close();
    }
}

/// English plurals to their singular, for ASCII words of four letters or more: the open term
/// of `out`, in place.
fn stem(out: &mut TermList) {
    let word = out.open();
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    let end = out.text.len();
    if word.len() > 4 && word.ends_with("ies") {
        out.text.truncate(end - 3);
        out.text.push('y');
    } else if word.ends_with("sses") {
        out.text.truncate(end - 2);
    } else if word.ends_with('s')
        && !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is"))
    {
        out.text.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        index_terms(text, &mut out);
        out
    }

    #[test]
    fn paths_and_identifiers_give_the_words_a_reader_types() {
        assert_eq!(
            index("/customers/{customerId}/subscriptions"),
            ["customer", "customerid", "customer", "id", "subscription"]
        );
        assert_eq!(query_terms("customer id"), ["customer", "id"]);
        assert_eq!(query_terms("customerId"), ["customer", "id"]);
        assert_eq!(query_terms("customer_id"), ["customer", "id"]);
        assert_eq!(
            index("createSubscription"),
            ["createsubscription", "create", "subscription"]
        );
        assert_eq!(
            query_terms("repos/create-for-authenticated-user"),
            ["repo", "create", "authenticated", "user"]
        );
        assert_eq!(query_terms("GET /customers"), ["get", "customer"]);
        assert_eq!(index("HTTPServer"), ["httpserver", "http", "server"]);
        assert_eq!(index("oauth2"), ["oauth2"]);
    }

    #[test]
    fn plurals_meet_their_singular() {
        assert_eq!(
            query_terms("policies addresses statuses status"),
            ["policy", "address", "statuse", "status"]
        );
        assert_eq!(query_terms("ids bus kiss"), ["ids", "bus", "kiss"]);
    }

    #[test]
    fn accents_cyrillic_and_cjk_are_searchable() {
        assert_eq!(query_terms("Café CRÈME"), ["cafe", "creme"]);
        assert_eq!(query_terms("Подписка"), ["подписка"]);
        assert_eq!(query_terms("订阅管理"), ["订阅", "阅管", "管理"]);
        assert_eq!(query_terms("订"), ["订"]);
        assert_eq!(query_terms("API订阅"), ["api", "订阅"]);
        assert_eq!(query_terms("구독"), ["구독"]);
        // A decomposed accent (e + U+0301) folds like a composed one.
        assert_eq!(query_terms("cafe\u{301}"), ["cafe"]);
    }

    #[test]
    fn stop_words_short_and_huge_terms_are_dropped() {
        assert_eq!(query_terms("a list of the users"), ["list", "user"]);
        assert!(index(&"x".repeat(41)).is_empty());
    }
}
