//! Failures that are JSON Schema's but not OpenAPI's, whether the shortcut or the validator
//! found them. `here` is every schema that applied to the failing value itself, outermost first:
//! through `$ref`s and `allOf`s, not above the property or item it is.

use crate::doc::Value;
use crate::keys::Keys;
use crate::resolve::refs;

use super::Direction;

/// Whether `schema` allows `null` as 3.0 and 2.0 documents say it: `nullable: true`, or a
/// `null` type that normalising wrote for it.
pub(super) fn says_nullable(schema: &Value) -> bool {
    schema.key("nullable") == Some(&Value::Bool(true))
        || match schema.key("type") {
            Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
            Some(t) => t == "null",
            None => false,
        }
}

/// Whether the missing `required` property is one the payload does not carry: `readOnly` in a
/// request, `writeOnly` in a response, as the first of `here` (or their `allOf` members) that
/// declares it says.
pub(super) fn missing_is_excused(
    document: &Value,
    here: &[&Value],
    property: &str,
    direction: Direction,
) -> bool {
    let flag = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
        Direction::Neither => return false,
    };
    let with_members = here.iter().flat_map(|s| {
        std::iter::once(*s).chain(
            s.key("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| refs::deref(document, m).ok()),
        )
    });
    for candidate in with_members {
        if let Some(p) = candidate.key("properties").and_then(|p| p.get(property)) {
            if let Ok(p) = refs::deref(document, p) {
                return p.get(flag) == Some(&Value::Bool(true));
            }
        }
    }
    false
}
