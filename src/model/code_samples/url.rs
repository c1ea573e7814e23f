//! URLs: percent-encoding of query components and form bodies, and cleaning a URL of
//! characters it cannot hold.

/// Percent-encode one query component: everything but RFC 3986's unreserved characters.
pub(super) fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Encode what may not appear raw in a URL (spaces, quotes, braces, non-ASCII, ...), keeping
/// reserved characters and existing `%XX` escapes. `#` is encoded too: a fragment is never
/// sent, so a `#` here can only be data. Brackets are kept in the host (IPv6) only.
/// This also keeps curl's `{}`/`[]` globbing and Java's strict `URI.create` away.
pub(super) fn clean_url(url: &str) -> String {
    let url = url.trim();
    let authority_end = url
        .find("://")
        .map(|at| {
            let start = at + 3;
            start
                + url[start..]
                    .find(['/', '?', '#'])
                    .unwrap_or(url.len() - start)
        })
        .unwrap_or(0);
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &byte) in bytes.iter().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || b"-._~:/?@!$&'()*+,;=".contains(&byte)
            || (matches!(byte, b'[' | b']') && i < authority_end)
            || (byte == b'%' && is_hex_pair(bytes.get(i + 1..i + 3)));
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn is_hex_pair(pair: Option<&[u8]>) -> bool {
    pair.is_some_and(|pair| pair.iter().all(u8::is_ascii_hexdigit))
}

pub(super) fn push_query_separator(url: &mut String) {
    if !url.contains('?') {
        url.push('?');
    } else if !url.ends_with(['?', '&']) {
        url.push('&');
    }
}

pub(super) fn url_with_query(base: &str, query: &[(String, String)]) -> String {
    let mut url = clean_url(base);
    if !query.is_empty() {
        push_query_separator(&mut url);
        let pairs: Vec<String> = query
            .iter()
            .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
            .collect();
        url.push_str(&pairs.join("&"));
    }
    url
}

/// `application/x-www-form-urlencoded` text for languages without a form builder.
pub(super) fn form_encoded(fields: &[(String, String)]) -> String {
    let pairs: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
        .collect();
    pairs.join("&")
}
