//! The examples the shortcut leaves undecided, validated by `jsonschema`, and its errors
//! sifted for those OpenAPI does not excuse.

use jsonschema::{Draft, Registry, ValidationError, Validator};

use super::excuses::{missing_is_excused, says_nullable};
use super::{index, lookup, message, Direction, Site};
use crate::doc::Value;
use crate::keys::Keys;
use crate::resolve::refs;

/// The URI the document has in the registry. Not fetchable: a URN.
pub(super) const BASE: &str = "urn:portico:spec";

/// The document as the one resource of an offline registry.
pub(super) fn registry(document: &serde_json::Value) -> Option<Registry<'_>> {
    Registry::new()
        .draft(Draft::Draft202012)
        .retrieve_known_draft_meta_schemas(false)
        .add(BASE, document)
        .and_then(|builder| builder.prepare())
        .ok()
}

/// The validator of the schema at `pointer` (a URI fragment) in the registry's document.
pub(super) fn compile(registry: &Registry, pointer: &str) -> Option<Validator> {
    let wrapper = serde_json::json!({ "$ref": format!("{BASE}#{pointer}") });
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .offline()
        .should_validate_formats(false)
        .with_registry(registry)
        .build(&wrapper)
        .ok()
}

/// The first error that is worth reporting, as a message.
pub(super) fn first_error(
    document: &Value,
    schema: &[String],
    validator: &Validator,
    site: &Site,
    nullable_leniency: bool,
) -> Option<String> {
    let instance = serde_json::Value::from(site.value);
    if validator.is_valid(&instance) {
        return None;
    }
    let error = validator
        .iter_errors(&instance)
        .find(|e| !excused(document, schema, e, site.direction, nullable_leniency))?;
    Some(message_of(&error))
}

/// The error's message, as [`message`] words it.
fn message_of(error: &ValidationError) -> String {
    message(
        error.instance_path().as_str(),
        error.to_string(),
        &error.instance().to_string(),
    )
}

/// Failures that are JSON Schema's but not OpenAPI's.
fn excused(
    document: &Value,
    schema: &[String],
    error: &ValidationError,
    direction: Direction,
    nullable_leniency: bool,
) -> bool {
    use jsonschema::error::ValidationErrorKind as Kind;
    let null = error.instance().is_null();
    let required = match error.kind() {
        Kind::Required { property } => property.as_str(),
        _ => None,
    };
    let several = matches!(error.kind(), Kind::OneOfMultipleValid { .. });
    let lenient_null = null && nullable_leniency;
    let read_write = required.is_some() && direction != Direction::Neither;
    if !(lenient_null || several || read_write) {
        return false;
    }
    let Some(target) = lookup(document, schema) else {
        return false;
    };
    let here = schemas_at_instance(document, target, error.evaluation_path().as_str());
    // With a discriminator, OpenAPI picks the alternative by name; overlapping ones are fine.
    if several {
        return here
            .last()
            .is_some_and(|s| s.key("discriminator").is_some());
    }
    if lenient_null && here.iter().any(|s| says_nullable(s)) {
        return true;
    }
    required.is_some_and(|property| missing_is_excused(document, &here, property, direction))
}

/// Keywords after which a schema applies to a part of the instance, not the instance itself;
/// `true` when the next segment is a name or index.
const DESCENDING: &[(&str, bool)] = &[
    ("properties", true),
    ("patternProperties", true),
    ("prefixItems", true),
    ("additionalProperties", false),
    ("items", false),
    ("contains", false),
    ("unevaluatedItems", false),
    ("unevaluatedProperties", false),
    ("propertyNames", false),
];

/// Replay an evaluation path (`/properties/owner/allOf/0/$ref/type`) from the schema `root`:
/// the schemas that applied to the failing instance itself, outermost first.
fn schemas_at_instance<'a>(document: &'a Value, root: &'a Value, path: &str) -> Vec<&'a Value> {
    let segments: Vec<String> = path
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut node = root;
    let mut here = vec![root];
    let mut i = 0;
    while i < segments.len() {
        let segment = segments[i].as_str();
        let next = if segment == "$ref" {
            refs::deref(document, node).ok()
        } else if let Some((_, named)) = DESCENDING.iter().find(|(k, _)| *k == segment) {
            here.clear();
            let mut child = node.get(segment);
            if *named {
                i += 1;
                child = segments.get(i).and_then(|s| index(child?, s));
            }
            child
        } else {
            index(node, segment)
        };
        let Some(next) = next else {
            break;
        };
        node = next;
        if node.is_object() {
            here.push(node);
        }
        i += 1;
    }
    // The last node is the keyword's value (`type`), not a schema, unless it is one.
    here
}
