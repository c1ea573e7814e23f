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
/// slices of one buffer and terms are written into one list, not allocated each. ASCII text
/// (nearly all of it) is read as bytes, without the decoded and folded copy other text needs:
/// the same rules, a third of the time.
pub fn index_terms_into(text: &str, out: &mut TermList) {
    if text.is_ascii() {
        index_words(text.as_bytes(), out);
    } else {
        index_words(&fold(text), out);
    }
}

fn index_words<U: Unit>(units: &[U], out: &mut TermList) {
    let mut parts = Vec::new();
    for_each_word(units, |word, cjk| {
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

/// What the tokeniser walks: the bytes of ASCII text, or the characters of folded text. For
/// ASCII the two agree on every rule (letters, digits, case), which the tests check.
trait Unit: Copy {
    /// Chinese, Japanese or Korean.
    fn is_cjk(self) -> bool;
    /// Part of a word: a letter, a digit, or CJK.
    fn is_word(self) -> bool;
    fn is_upper(self) -> bool;
    fn is_lower(self) -> bool;
    fn is_digit(self) -> bool;
    fn push_lower(self, out: &mut String);
    fn push(self, out: &mut String);
}

impl Unit for u8 {
    fn is_cjk(self) -> bool {
        false
    }
    fn is_word(self) -> bool {
        self.is_ascii_alphanumeric()
    }
    fn is_upper(self) -> bool {
        self.is_ascii_uppercase()
    }
    fn is_lower(self) -> bool {
        self.is_ascii_lowercase()
    }
    fn is_digit(self) -> bool {
        self.is_ascii_digit()
    }
    fn push_lower(self, out: &mut String) {
        out.push(self.to_ascii_lowercase() as char);
    }
    fn push(self, out: &mut String) {
        out.push(self as char);
    }
}

impl Unit for char {
    fn is_cjk(self) -> bool {
        is_cjk(self)
    }
    fn is_word(self) -> bool {
        is_cjk(self) || self.is_alphanumeric()
    }
    fn is_upper(self) -> bool {
        self.is_uppercase()
    }
    fn is_lower(self) -> bool {
        self.is_lowercase()
    }
    fn is_digit(self) -> bool {
        self.is_numeric()
    }
    fn push_lower(self, out: &mut String) {
        if char::is_ascii(&self) {
            out.push(self.to_ascii_lowercase());
        } else {
            out.extend(self.to_lowercase());
        }
    }
    fn push(self, out: &mut String) {
        out.push(self);
    }
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

/// Call `f` with each word of `units` (a run of letters and digits, or of CJK characters) and
/// whether it is CJK.
fn for_each_word<U: Unit>(units: &[U], mut f: impl FnMut(&[U], bool)) {
    let mut start: Option<usize> = None;
    let mut current_cjk = false;
    for (i, &c) in units.iter().enumerate() {
        let cjk = c.is_cjk();
        let word_char = c.is_word();
        if let Some(first) = start {
            if !word_char || cjk != current_cjk {
                f(&units[first..i], current_cjk);
                start = None;
            }
        }
        if word_char {
            current_cjk = cjk;
            start.get_or_insert(i);
        }
    }
    if let Some(first) = start {
        f(&units[first..], current_cjk);
    }
}

/// Split at lower→upper (`customerId`) and at the last capital of a run of capitals followed
/// by a lower-case letter (`HTTPServer` → `HTTP`, `Server`). Digits stay with their word.
fn camel_parts<U: Unit>(word: &[U], parts: &mut Vec<(usize, usize)>) {
    parts.clear();
    let mut start = 0;
    for i in 1..word.len() {
        let (prev, cur) = (word[i - 1], word[i]);
        let next_lower = word.get(i + 1).is_some_and(|n| n.is_lower());
        let boundary = cur.is_upper()
            && ((prev.is_lower() || prev.is_digit()) || (prev.is_upper() && next_lower));
        if boundary {
            parts.push((start, i));
            start = i;
        }
    }
    parts.push((start, word.len()));
}

fn push_term<U: Unit>(word: &[U], out: &mut TermList) {
    if word.len() < 2 || word.len() > MAX_TERM_CHARS {
        return;
    }
    for &c in word {
        c.push_lower(&mut out.text);
    }
    if STOP_WORDS.contains(&out.open()) {
        out.discard();
        return;
    }
    stem(out);
    out.close();
}

fn cjk_terms<U: Unit>(word: &[U], out: &mut TermList) {
    if word.len() == 1 {
        word[0].push(&mut out.text);
        out.close();
        return;
    }
    for pair in word.windows(2) {
        pair[0].push(&mut out.text);
        pair[1].push(&mut out.text);
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

    /// ASCII text is read as bytes; everything else as folded characters. Both must give the
    /// same terms for the same ASCII text, or a query typed in the browser would miss.
    #[test]
    fn ascii_bytes_and_characters_give_the_same_terms() {
        let samples = [
            "/customers/{customerId}/subscriptions?starting_after=sub_1NXu",
            "HTTPServer XMLHttpRequest getHTTP2Settings v2Beta OAuth2Token ID IDs",
            "The policies, addresses & statuses of a list of users: ids, bus, kiss.",
            "aB Ab AB ab 1a a1 A1b 9Z zZ9 __init__ x-rate-limit-remaining",
            "\t\n\r !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \u{7f}\u{0}",
            &"word ".repeat(50),
            &"y".repeat(40),
            &"z".repeat(41),
        ];
        let all_ascii: String = (0u8..128).map(char::from).collect();
        for text in samples.iter().copied().chain([all_ascii.as_str()]) {
            let (mut bytes, mut chars) = (TermList::default(), TermList::default());
            index_words(text.as_bytes(), &mut bytes);
            index_words(&text.chars().collect::<Vec<char>>(), &mut chars);
            let bytes: Vec<&str> = bytes.iter().collect();
            assert_eq!(bytes, chars.iter().collect::<Vec<&str>>(), "{text:?}");
            assert_eq!(bytes, index(text), "{text:?}");
        }
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
