//! Refs: where a 2.0 `$ref` points in 3.0, and following a chain of refs inside the document.

use crate::doc::Value;
use crate::json;

use super::Converter;
use crate::keys::Keys;
use crate::uri::percent_decode;

/// How many `$ref` hops are followed to find out what a parameter or response is; a longer chain
/// is almost certainly a cycle.
const REF_HOPS: usize = 32;

impl<'a> Converter<'a> {
    /// Rewrite a 2.0 ref to where the same thing lives in 3.0. Refs to other files get the same
    /// fragment rewrite, assuming the other file is 2.0 too.
    pub(super) fn rewrite_ref(&self, reference: &str) -> String {
        let Some((file, fragment)) = reference.split_once('#') else {
            return reference.to_string();
        };
        let rewritten = if let Some(rest) = fragment.strip_prefix("/definitions/") {
            format!("/components/schemas/{rest}")
        } else if let Some(rest) = fragment.strip_prefix("/parameters/") {
            let name = rest.split('/').next().unwrap_or_default();
            let body = file.is_empty() && self.global_location(&decode_token(name)) == Some("body");
            let folder = if body { "requestBodies" } else { "parameters" };
            format!("/components/{folder}/{rest}")
        } else if let Some(rest) = fragment.strip_prefix("/responses/") {
            format!("/components/responses/{rest}")
        } else {
            return reference.to_string();
        };
        format!("{file}#{rewritten}")
    }

    /// Follow a chain of refs inside this document. `None` for refs to other files, dangling
    /// refs and chains that do not end.
    pub(super) fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let mut reference = reference.to_string();
        for _ in 0..REF_HOPS {
            let fragment = reference.strip_prefix('#')?;
            let target = self.document.pointer(&percent_decode(fragment))?;
            match target.key("$ref").and_then(Value::as_str) {
                Some(next) => reference = next.to_string(),
                None => return Some(target),
            }
        }
        None
    }

    pub(super) fn rewritten_ref(&self, value: &Value) -> Value {
        match value.as_str() {
            Some(reference) => json!({ "$ref": self.rewrite_ref(reference) }),
            None => json!({ "$ref": value.clone() }),
        }
    }
}

/// A JSON pointer token as written in a ref (`~1` for `/`, `~0` for `~`, percent-encoded).
fn decode_token(token: &str) -> String {
    percent_decode(token).replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::super::tests::doc;
    use super::super::{convert, Converter};
    use crate::json;

    #[test]
    fn refs_to_global_body_parameters_point_at_request_bodies() {
        let mut input = doc(json!({}));
        input["parameters"] = json!({
            "b": {"name": "b", "in": "body", "schema": {}},
            "q": {"name": "q", "in": "query", "type": "string"},
            "alias": {"$ref": "#/parameters/b"},
        });
        input["x-ref-holder"] = json!(null);
        let converter = Converter::new(&input, input.as_object().unwrap());
        assert_eq!(
            converter.rewrite_ref("#/parameters/b"),
            "#/components/requestBodies/b"
        );
        assert_eq!(
            converter.rewrite_ref("#/parameters/q"),
            "#/components/parameters/q"
        );
        assert_eq!(
            converter.rewrite_ref("#/parameters/alias"),
            "#/components/requestBodies/alias"
        );
        assert_eq!(
            converter.rewrite_ref("x.yaml#/parameters/b"),
            "x.yaml#/components/parameters/b"
        );
        assert_eq!(
            converter.rewrite_ref("#/responses/r"),
            "#/components/responses/r"
        );
        assert_eq!(converter.rewrite_ref("#/paths/~1a"), "#/paths/~1a");
        let out = convert(&input);
        assert!(out["components"]["requestBodies"]["alias"]["content"].is_object());
    }
}
