//! URL slugs and heading anchors: one rule for the whole site, so writers can predict anchors.

/// Lowercase; anything that is not a letter, digit, `-` or `_` becomes `-`; runs of `-` collapse;
/// no leading or trailing `-`. Letters outside ASCII are kept (Cyrillic and CJK headings get
/// readable anchors).
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c.is_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `createSubscription` → `create-subscription`, `getHTTPStatus` → `get-http-status`,
/// `list_customers` → `list-customers`. Used for operation and schema page slugs.
pub fn kebab(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spaced = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // An acronym ends before the capital that starts the next word: HTTPStatus → HTTP-Status,
            // but a lone capital (OAuth) is not an acronym.
            let acronym_run = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_uppercase())
                .count();
            if prev.is_lowercase() || prev.is_ascii_digit() || (acronym_run >= 2 && next_lower) {
                spaced.push('-');
            }
        }
        spaced.push(c);
    }
    slugify(&spaced.replace('_', "-"))
}

/// Hands out unique slugs: the first `x` stays `x`, later ones become `x-2`, `x-3`, ...
/// Linear in the number of slugs (a set lookup per name), never quadratic.
#[derive(Debug, Default)]
pub struct UniqueSlugs {
    taken: std::collections::HashSet<String>,
}

impl UniqueSlugs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Mark a slug as used without handing it out (e.g. reserved names).
    pub fn reserve(&mut self, slug: &str) {
        self.taken.insert(slug.to_string());
    }

    pub fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "item" } else { wanted };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_follows_the_documented_rule() {
        assert_eq!(
            slugify("Step 2: Create a customer"),
            "step-2-create-a-customer"
        );
        assert_eq!(slugify("  Verifying signatures  "), "verifying-signatures");
        assert_eq!(slugify("snake_case & more!"), "snake_case-more");
        assert_eq!(slugify("Оплата подписки"), "оплата-подписки");
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn kebab_splits_camel_case_and_acronyms() {
        assert_eq!(kebab("createSubscription"), "create-subscription");
        assert_eq!(kebab("CheckoutSession"), "checkout-session");
        assert_eq!(kebab("getHTTPStatus"), "get-http-status");
        assert_eq!(kebab("list_customers"), "list-customers");
        assert_eq!(kebab("repos/get-content"), "repos-get-content");
        assert_eq!(kebab("Error"), "error");
        assert_eq!(kebab("OAuth2Token"), "oauth2-token");
    }

    #[test]
    fn unique_slugs_are_numbered_in_order() {
        let mut slugs = UniqueSlugs::new();
        assert_eq!(slugs.claim("a"), "a");
        assert_eq!(slugs.claim("a"), "a-2");
        assert_eq!(slugs.claim("a-2"), "a-2-2");
        assert_eq!(slugs.claim("a"), "a-3");
        assert_eq!(slugs.claim(""), "item");
    }
}
