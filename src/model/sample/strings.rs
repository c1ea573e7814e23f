//! String examples: fixed values per `format`, padded or cut to the allowed length.

use crate::doc::{Map, Value};

use super::numbers::{integer_example, number_example};
use super::BINARY;
use crate::keys::Keys;

/// `minLength` is honoured up to this many characters.
const MAX_STRING: usize = 1_024;

pub(super) fn string_example(schema: &Map) -> Value {
    let format = schema.key("format").and_then(Value::as_str).unwrap_or("");
    let base = format_example(format, schema)
        .or_else(|| content_example(schema))
        .unwrap_or_else(|| "string".to_string());
    let min = schema.key("minLength").and_then(Value::as_u64);
    let max = schema.key("maxLength").and_then(Value::as_u64);
    Value::String(fit_length(&base, min, max).into())
}

fn format_example(format: &str, schema: &Map) -> Option<String> {
    let text = match format {
        "date-time" => "2024-01-15T09:30:00Z",
        "date" => "2024-01-15",
        "time" => "09:30:00",
        "duration" => "PT1H",
        "email" | "idn-email" => "user@example.com",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "uri" | "url" | "iri" => "https://example.com",
        "uri-reference" | "iri-reference" => "/path",
        "uri-template" => "https://example.com/{id}",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "U3dhZ2dlciByb2Nrcw==",
        "binary" => BINARY,
        "password" => "********",
        "json-pointer" => "/path",
        // Numbers carried in strings (big integers, decimals) look like numbers.
        "int32" | "int64" | "integer" | "uint32" | "uint64" => {
            return Some(integer_example(schema).to_string())
        }
        "float" | "double" | "decimal" | "number" => {
            return Some(number_example(schema).to_string())
        }
        _ => return None,
    };
    Some(text.to_string())
}

/// 3.1 writes binary strings with `contentEncoding`/`contentMediaType` instead of `format`.
fn content_example(schema: &Map) -> Option<String> {
    if schema.key("contentEncoding").and_then(Value::as_str) == Some("base64") {
        return Some("U3dhZ2dlciByb2Nrcw==".to_string());
    }
    let media = schema.key("contentMediaType").and_then(Value::as_str)?;
    (media == "application/octet-stream").then(|| BINARY.to_string())
}

/// Pad (repeating the text) to `min` characters and cut to `max`, counting characters as JSON
/// Schema does. Padding is capped so a huge `minLength` cannot make a huge page.
fn fit_length(base: &str, min: Option<u64>, max: Option<u64>) -> String {
    let min = min.map_or(0, |min| {
        usize::try_from(min).unwrap_or(MAX_STRING).min(MAX_STRING)
    });
    let mut chars: Vec<char> = base.chars().collect();
    if chars.is_empty() {
        chars.push('x');
    }
    let mut out: Vec<char> = chars
        .iter()
        .copied()
        .cycle()
        .take(min.max(chars.len()))
        .collect();
    if let Some(max) = max.and_then(|max| usize::try_from(max).ok()) {
        out.truncate(max);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::request;
    use super::MAX_STRING;
    use crate::json;

    #[test]
    fn string_formats_have_fixed_examples() {
        let cases = [
            ("date-time", "2024-01-15T09:30:00Z"),
            ("date", "2024-01-15"),
            ("time", "09:30:00"),
            ("email", "user@example.com"),
            ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            ("uri", "https://example.com"),
            ("url", "https://example.com"),
            ("hostname", "example.com"),
            ("ipv4", "192.0.2.1"),
            ("ipv6", "2001:db8::1"),
            ("byte", "U3dhZ2dlciByb2Nrcw=="),
            ("binary", "<binary>"),
            ("password", "********"),
            ("int64", "0"),
            ("something-else", "string"),
        ];
        for (format, expected) in cases {
            assert_eq!(
                request(json!({"type": "string", "format": format})),
                json!(expected),
                "{format}"
            );
        }
        assert_eq!(request(json!({"type": "string"})), json!("string"));
        assert_eq!(
            request(json!({"type": "string", "format": "int64", "minimum": 5})),
            json!("5")
        );
        assert_eq!(
            request(json!({"type": "string", "contentEncoding": "base64"})),
            json!("U3dhZ2dlciByb2Nrcw==")
        );
    }

    #[test]
    fn string_lengths_are_respected_and_patterns_ignored() {
        assert_eq!(
            request(json!({"type": "string", "minLength": 10})),
            json!("stringstri")
        );
        assert_eq!(
            request(json!({"type": "string", "maxLength": 3})),
            json!("str")
        );
        assert_eq!(
            request(json!({"type": "string", "maxLength": 0})),
            json!("")
        );
        assert_eq!(
            request(json!({"type": "string", "pattern": "^[A-Z]{3}$"})),
            json!("string")
        );
        let huge = request(json!({"type": "string", "minLength": 100_000_000_u64}));
        assert_eq!(huge.as_str().map(str::len), Some(MAX_STRING));
        // Lengths count characters, not bytes.
        assert_eq!(
            request(json!({"type": "string", "examples": [], "enum": ["ééé"], "maxLength": 2})),
            json!("ééé"),
            "given values are used as written"
        );
        assert_eq!(
            request(json!({"format": "date", "maxLength": 4})),
            json!("2024"),
            "format alone implies a string"
        );
    }
}
