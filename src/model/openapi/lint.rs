//! The lint rules a team sets in `[lint]` of `portico.toml`: missing summaries, descriptions and
//! examples, unused components, operations without a tag, and (in `examples.rs`) examples that
//! do not match their schema. Each rule reads the normalised document and returns findings in
//! document order; `mod.rs` gives them their level, position and the per-spec limit.

use std::collections::HashSet;

use crate::doc::Value;

use super::{str_of, METHODS};
use crate::diagnostics::Code;
use crate::keys::Keys;
use crate::load::config::{Level, Lint};
use crate::normalise::swagger2::media_object;
use crate::resolve::refs::{self, pointer_segments, ref_of};

/// How many findings of one rule a build lists per spec; the rest are counted in one more.
/// `portico check` lists them all.
pub const BUILD_LIMIT: usize = 20;

/// What the lint rules do in this run.
#[derive(Debug, Clone, Copy)]
pub struct LintOptions {
    pub rules: Lint,
    /// Findings listed per rule and spec; `None` lists every one.
    pub limit: Option<usize>,
}

impl LintOptions {
    /// For a build (`check == false`): limited, so that a big spec does not flood the terminal;
    /// for `portico check`: every finding, which is what a team fixing them wants to see.
    pub fn new(rules: Lint, check: bool) -> Self {
        LintOptions {
            rules,
            limit: (!check).then_some(BUILD_LIMIT),
        }
    }
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions::new(Lint::default(), false)
    }
}

/// One finding of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub at: Vec<String>,
    pub message: String,
    pub hint: String,
}

/// A rule: its code, its key in `[lint]`, and what its findings are called in a count.
pub struct Rule {
    pub code: Code,
    pub key: &'static str,
    pub plural: &'static str,
}

pub const MISSING_SUMMARY: Rule = Rule {
    code: Code::MissingSummary,
    key: "missing-summary",
    plural: "operations without a summary",
};
pub const MISSING_DESCRIPTION: Rule = Rule {
    code: Code::MissingDescription,
    key: "missing-description",
    plural: "operations without a description",
};
pub const MISSING_EXAMPLES: Rule = Rule {
    code: Code::MissingExamples,
    key: "missing-examples",
    plural: "media types without an example",
};
pub const UNUSED_COMPONENTS: Rule = Rule {
    code: Code::UnusedComponent,
    key: "unused-components",
    plural: "unused components",
};
pub const OPERATION_WITHOUT_TAG: Rule = Rule {
    code: Code::OperationWithoutTag,
    key: "operation-without-tag",
    plural: "operations without a tag",
};
pub const INVALID_EXAMPLE: Rule = Rule {
    code: Code::InvalidExample,
    key: "invalid-example",
    plural: "invalid examples",
};

/// Run every rule that is not off: `(rule, level, findings)`, in a fixed order.
pub fn run(
    document: &Value,
    openapi_version: &str,
    rules: &Lint,
) -> Vec<(&'static Rule, Level, Vec<Finding>)> {
    let mut out = Vec::new();
    let operations = || operations(document);
    let mut add = |rule: &'static Rule, level: Level, find: &dyn Fn() -> Vec<Finding>| {
        if level != Level::Off {
            out.push((rule, level, find()));
        }
    };
    add(&INVALID_EXAMPLE, rules.invalid_example, &|| {
        let lenient = !(openapi_version.starts_with("3.1") || openapi_version.starts_with("3.2"));
        super::examples::check(document, lenient, openapi_version.starts_with('2'))
            .into_iter()
            .map(|invalid| Finding {
                at: invalid.at,
                message: invalid.message,
                hint: hint("fix the example or its schema", &INVALID_EXAMPLE),
            })
            .collect()
    });
    add(&MISSING_SUMMARY, rules.missing_summary, &|| {
        missing(&operations(), "summary", &MISSING_SUMMARY)
    });
    add(&MISSING_DESCRIPTION, rules.missing_description, &|| {
        missing(&operations(), "description", &MISSING_DESCRIPTION)
    });
    add(&OPERATION_WITHOUT_TAG, rules.operation_without_tag, &|| {
        without_tag(&operations())
    });
    add(&MISSING_EXAMPLES, rules.missing_examples, &|| {
        missing_examples(document, &operations(), openapi_version.starts_with('2'))
    });
    add(&UNUSED_COMPONENTS, rules.unused_components, &|| {
        unused_components(document, openapi_version.starts_with('2'))
    });
    out
}

fn hint(what: &str, rule: &Rule) -> String {
    format!(
        "{what}; or set `{} = \"off\"` under `[lint]` in portico.toml",
        rule.key
    )
}

/// An operation of `paths` or `webhooks`: where it is defined, and what to call it.
struct Op<'a> {
    at: Vec<String>,
    name: String,
    operation: &'a Value,
}

/// Every operation and webhook, in document order. A path item that is a `$ref` is followed,
/// and its operations are placed where it is defined.
fn operations(document: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    for (key, webhook) in [("paths", false), ("webhooks", true)] {
        let Some(Value::Object(items)) = document.key(key) else {
            continue;
        };
        for (path, item) in items {
            let (mut at, item) = match ref_of(item) {
                Some(reference) => {
                    let Some(fragment) = reference.strip_prefix('#') else {
                        continue;
                    };
                    let Ok(target) = refs::deref(document, item) else {
                        continue;
                    };
                    (pointer_segments(fragment).collect::<Vec<_>>(), target)
                }
                None => (vec![key.to_string(), path.to_string()], item),
            };
            let methods = item.as_object().into_iter().flatten();
            for (method, operation) in
                methods.filter(|(m, o)| METHODS.contains(&m.as_str()) && o.is_object())
            {
                at.push(method.to_string());
                let name = if webhook {
                    format!("webhook {path} ({})", method.to_uppercase())
                } else {
                    format!("{} {path}", method.to_uppercase())
                };
                out.push(Op {
                    at: at.clone(),
                    name,
                    operation,
                });
                at.pop();
            }
        }
    }
    out
}

fn missing(operations: &[Op], field: &str, rule: &'static Rule) -> Vec<Finding> {
    operations
        .iter()
        .filter(|op| str_of(op.operation, field).is_none_or(|s| s.trim().is_empty()))
        .map(|op| Finding {
            at: op.at.clone(),
            message: format!("{} has no {field}", op.name),
            hint: hint(
                match field {
                    "summary" => {
                        "add a `summary`: it is the operation's title in navigation and search"
                    }
                    _ => "add a `description`: what the operation does, when to use it",
                },
                rule,
            ),
        })
        .collect()
}

fn without_tag(operations: &[Op]) -> Vec<Finding> {
    operations
        .iter()
        .filter(|op| !op.name.starts_with("webhook "))
        .filter(|op| {
            op.operation
                .key("tags")
                .and_then(Value::as_array)
                .is_none_or(|tags| !tags.iter().any(Value::is_string))
        })
        .map(|op| Finding {
            at: op.at.clone(),
            message: format!("{} has no tag", op.name),
            hint: hint(
                &format!(
                    "add `tags`: untagged operations are listed under \"{}\"",
                    super::UNTAGGED
                ),
                &OPERATION_WITHOUT_TAG,
            ),
        })
        .collect()
}

/// Request and response media types with a schema but no example: not their own, not their
/// schema's (or its `allOf` members'). A shared request body or response is reported once,
/// where it is defined.
fn missing_examples(document: &Value, operations: &[Op], converted: bool) -> Vec<Finding> {
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    let mut out = Vec::new();
    for op in operations {
        let mut parts: Vec<(Vec<String>, &Value, String)> = Vec::new();
        if let Some(body) = op.operation.key("requestBody") {
            let at = [&op.at[..], &["requestBody".to_string()]].concat();
            parts.push((at, body, "request body".into()));
        }
        if let Some(Value::Object(responses)) = op.operation.key("responses") {
            for (status, response) in responses.iter().filter(|(s, _)| !s.starts_with("x-")) {
                let at = [&op.at[..], &["responses".to_string(), status.to_string()]].concat();
                parts.push((at, response, format!("response {status}")));
            }
        }
        for (at, part, what) in parts {
            let (at, part) = match ref_of(part) {
                Some(reference) => match (reference.strip_prefix('#'), refs::deref(document, part))
                {
                    (Some(fragment), Ok(target)) => {
                        (pointer_segments(fragment).collect::<Vec<_>>(), target)
                    }
                    _ => continue,
                },
                None => (at, part),
            };
            if !seen.insert(at.clone()) {
                continue;
            }
            let Some(Value::Object(content)) = part.key("content") else {
                continue;
            };
            for (media_type, media) in content {
                let media = media_object(content, media, converted);
                let Some(schema) = media.key("schema") else {
                    continue;
                };
                if has_example(media) || schema_has_example(document, schema) {
                    continue;
                }
                out.push(Finding {
                    at: [&at[..], &["content".to_string(), media_type.to_string()]].concat(),
                    message: format!("{}: {what} ({media_type}) has no example", op.name),
                    hint: hint(
                        "add an `example` or `examples` (the portal shows one generated from the schema until then)",
                        &MISSING_EXAMPLES,
                    ),
                });
            }
        }
    }
    out
}

fn has_example(holder: &Value) -> bool {
    holder.key("example").is_some()
        || holder
            .key("examples")
            .is_some_and(|e| e.as_object().is_some_and(|m| !m.is_empty()) || e.is_array())
}

fn schema_has_example(document: &Value, schema: &Value) -> bool {
    let Ok(schema) = refs::deref(document, schema) else {
        return false;
    };
    let own = |s: &Value| {
        s.key("example").is_some()
            || s.key("examples")
                .and_then(Value::as_array)
                .is_some_and(|e| !e.is_empty())
    };
    own(schema)
        || schema
            .key("allOf")
            .and_then(Value::as_array)
            .is_some_and(|members| {
                members
                    .iter()
                    .filter_map(|m| refs::deref(document, m).ok())
                    .any(own)
            })
}

/// The kinds of `components` a `$ref` can name, and what one of them is called.
const COMPONENT_KINDS: &[(&str, &str)] = &[
    ("schemas", "schema"),
    ("responses", "response"),
    ("parameters", "parameter"),
    ("examples", "example"),
    ("requestBodies", "request body"),
    ("headers", "header"),
    ("links", "link"),
    ("callbacks", "callback"),
    ("pathItems", "path item"),
    ("securitySchemes", "security scheme"),
];

/// Components that nothing refers to: no `$ref` (other than from inside the component itself),
/// no discriminator `mapping`, and, for security schemes, no security requirement. In a
/// Swagger 2.0 spec, request bodies are left out: converting made them from body parameters,
/// and every use of one became a copy.
fn unused_components(document: &Value, swagger2: bool) -> Vec<Finding> {
    let Some(Value::Object(components)) = document.key("components") else {
        return Vec::new();
    };
    let mut uses = Uses::default();
    uses.collect(document, &mut Vec::new());
    let used = uses.used;
    let mut out = Vec::new();
    for (kind, singular) in COMPONENT_KINDS {
        if swagger2 && *kind == "requestBodies" {
            continue;
        }
        let Some(Value::Object(entries)) = components.get(*kind) else {
            continue;
        };
        for name in entries.keys() {
            if used.contains(&(kind.to_string(), name.to_string())) {
                continue;
            }
            let reference = format!("#/components/{kind}/{}", refs::escape_segment(name));
            let how = if *kind == "securitySchemes" {
                format!("name it in a `security` requirement ({name})")
            } else {
                format!("refer to it (`$ref: '{reference}'`)")
            };
            out.push(Finding {
                at: vec!["components".into(), kind.to_string(), name.to_string()],
                message: format!("{singular} `{name}` is never used"),
                hint: hint(&format!("remove it, or {how}"), &UNUSED_COMPONENTS),
            });
        }
    }
    out
}

/// Every component the document refers to.
#[derive(Default)]
struct Uses<'a> {
    used: HashSet<(String, String)>,
    /// Refs already recorded as they are written: a big spec repeats the same few hundred
    /// thousands of times, and each would be parsed and copied again.
    recorded: HashSet<&'a str>,
}

impl<'a> Uses<'a> {
    /// Record the uses in `node`. `path` is where the walk is (keys; an array index is ""), so
    /// that a component's refs to itself (a recursive schema) do not count.
    fn collect(&mut self, node: &'a Value, path: &mut Vec<&'a str>) {
        match node {
            Value::Object(map) => {
                // One pass over the keys: looking up `$ref`, `discriminator` and `security` in
                // every object of a big spec was most of this lint's time.
                for (key, child) in map {
                    match (key.as_str(), child) {
                        ("$ref", Value::String(reference)) => self.reference(reference, path),
                        ("discriminator", _) => {
                            if let Some(Value::Object(mapping)) = child.key("mapping") {
                                for value in mapping.values().filter_map(Value::as_str) {
                                    let target = component_of(value).unwrap_or_else(|| {
                                        ("schemas".to_string(), value.to_string())
                                    });
                                    self.used.insert(target);
                                }
                            }
                        }
                        ("security", Value::Array(requirements)) => {
                            for requirement in requirements.iter().filter_map(Value::as_object) {
                                for name in requirement.keys() {
                                    self.used
                                        .insert(("securitySchemes".to_string(), name.to_string()));
                                }
                            }
                        }
                        _ => {}
                    }
                    if child.is_object() || child.is_array() {
                        path.push(key);
                        self.collect(child, path);
                        path.pop();
                    }
                }
            }
            Value::Array(items) => {
                for child in items {
                    if child.is_object() || child.is_array() {
                        path.push("");
                        self.collect(child, path);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, reference: &'a str, path: &[&str]) {
        if self.recorded.contains(reference) {
            return;
        }
        let Some(target) = component_of(reference) else {
            return;
        };
        let inside = match path {
            ["components", kind, name, ..] => *kind == target.0 && *name == target.1,
            _ => false,
        };
        if !inside {
            self.used.insert(target);
            self.recorded.insert(reference);
        }
    }
}

/// `#/components/schemas/Pet/properties/name` → `("schemas", "Pet")`.
fn component_of(reference: &str) -> Option<(String, String)> {
    let fragment = reference.strip_prefix('#')?;
    let mut segments = pointer_segments(fragment);
    (segments.next()? == "components").then_some(())?;
    let kind = segments.next()?;
    let name = segments.next()?;
    Some((kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn rules(set: impl Fn(&mut Lint)) -> Lint {
        let mut lint = Lint {
            missing_summary: Level::Off,
            missing_description: Level::Off,
            missing_examples: Level::Off,
            unused_components: Level::Off,
            operation_without_tag: Level::Off,
            invalid_example: Level::Off,
        };
        set(&mut lint);
        lint
    }

    fn findings(document: &Value, lint: Lint) -> Vec<(Code, String, String)> {
        run(document, "3.1.0", &lint)
            .into_iter()
            .flat_map(|(rule, _, found)| {
                found
                    .into_iter()
                    .map(move |f| (rule.code, f.at.join("/"), f.message))
            })
            .collect()
    }

    fn petstore() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "Pets", "version": "1"},
            "paths": {
                "/pets": {
                    "get": {"summary": "List pets", "description": "All of them.", "tags": ["pets"],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                            "example": [{"name": "Rex"}]}}}}},
                    "post": {"operationId": "createPet",
                        "requestBody": {"$ref": "#/components/requestBodies/NewPet"},
                        "responses": {"201": {"$ref": "#/components/responses/Created"}},
                        "security": [{"key": []}]}
                },
                "/pets/{id}": {"$ref": "#/components/pathItems/OnePet"}
            },
            "webhooks": {"petAdopted": {"post": {"summary": "Adopted", "responses": {}}}},
            "components": {
                "schemas": {
                    "Pet": {"type": "object", "properties": {"name": {"type": "string"},
                        "friend": {"$ref": "#/components/schemas/Pet"}}},
                    "Cat": {"type": "object", "properties": {"self": {"$ref": "#/components/schemas/Cat"}}},
                    "Dog": {"type": "object"},
                    "Animal": {"oneOf": [{"type": "object"}],
                        "discriminator": {"propertyName": "kind", "mapping": {"dog": "Dog"}}}
                },
                "requestBodies": {"NewPet": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Pet"}}}}},
                "responses": {
                    "Created": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Pet"}}}},
                    "Gone": {"description": "gone"}
                },
                "pathItems": {"OnePet": {"get": {"summary": "  ", "responses": {}}}},
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"},
                                    "oauth": {"type": "oauth2", "flows": {}}}
            }
        })
    }

    #[test]
    fn operations_without_summary_or_description_are_found_where_they_are_defined() {
        let doc = petstore();
        let found = findings(&doc, rules(|l| l.missing_summary = Level::Warning));
        assert_eq!(
            found,
            [
                (
                    Code::MissingSummary,
                    "paths//pets/post".into(),
                    "POST /pets has no summary".into()
                ),
                (
                    Code::MissingSummary,
                    "components/pathItems/OnePet/get".into(),
                    "GET /pets/{id} has no summary".into()
                ),
            ]
        );
        let found = findings(&doc, rules(|l| l.missing_description = Level::Error));
        let at: Vec<&str> = found.iter().map(|(_, at, _)| at.as_str()).collect();
        assert_eq!(
            at,
            [
                "paths//pets/post",
                "components/pathItems/OnePet/get",
                "webhooks/petAdopted/post"
            ]
        );
    }

    #[test]
    fn operations_without_tags_are_found_but_webhooks_need_none() {
        let found = findings(
            &petstore(),
            rules(|l| l.operation_without_tag = Level::Warning),
        );
        let at: Vec<&str> = found.iter().map(|(_, at, _)| at.as_str()).collect();
        assert_eq!(at, ["paths//pets/post", "components/pathItems/OnePet/get"]);
    }

    #[test]
    fn media_without_examples_are_found_once_where_they_are_defined() {
        let mut doc = petstore();
        // A second operation using the same response is not a second finding.
        doc["paths"]["/pets"]["put"] = json!({"summary": "Replace",
            "responses": {"201": {"$ref": "#/components/responses/Created"}}});
        let found = findings(&doc, rules(|l| l.missing_examples = Level::Warning));
        let at: Vec<&str> = found.iter().map(|(_, at, _)| at.as_str()).collect();
        assert_eq!(
            at,
            [
                "components/requestBodies/NewPet/content/application/json",
                "components/responses/Created/content/application/json",
            ]
        );
        // An example in the schema counts.
        doc["components"]["schemas"]["Pet"]["examples"] = json!([{"name": "Rex"}]);
        assert_eq!(
            findings(&doc, rules(|l| l.missing_examples = Level::Warning)),
            []
        );
    }

    #[test]
    fn components_nothing_refers_to_are_unused() {
        let found = findings(&petstore(), rules(|l| l.unused_components = Level::Warning));
        let at: Vec<&str> = found.iter().map(|(_, at, _)| at.as_str()).collect();
        // Cat refers only to itself; Dog is named by a discriminator mapping; Animal by nothing.
        assert_eq!(
            at,
            [
                "components/schemas/Cat",
                "components/schemas/Animal",
                "components/responses/Gone",
                "components/securitySchemes/oauth",
            ]
        );
        assert_eq!(found[0].2, "schema `Cat` is never used");
    }

    #[test]
    fn a_component_that_refers_to_itself_first_is_used_by_a_later_one() {
        // `Node`'s ref to itself comes first in the walk and does not count; `Tree`'s ref to it,
        // the same text, later, does.
        let doc = json!({"openapi": "3.1.0", "paths": {}, "components": {"schemas": {
            "Node": {"properties": {"next": {"$ref": "#/components/schemas/Node"}}},
            "Tree": {"properties": {"root": {"$ref": "#/components/schemas/Node"}}},
            "Loop": {"items": {"$ref": "#/components/schemas/Loop"}}
        }}});
        let found = findings(&doc, rules(|l| l.unused_components = Level::Warning));
        let at: Vec<&str> = found.iter().map(|(_, at, _)| at.as_str()).collect();
        assert_eq!(at, ["components/schemas/Tree", "components/schemas/Loop"]);
    }

    #[test]
    fn request_bodies_converted_from_swagger_2_are_not_counted() {
        let doc = json!({"openapi": "3.0.3", "paths": {},
            "components": {"requestBodies": {"Pet": {"content": {}}}}});
        let lint = rules(|l| l.unused_components = Level::Warning);
        assert_eq!(run(&doc, "3.0.3", &lint)[0].2.len(), 1);
        assert_eq!(run(&doc, "2.0", &lint)[0].2.len(), 0);
    }

    #[test]
    fn rules_that_are_off_do_not_run() {
        assert!(run(&petstore(), "3.1.0", &rules(|_| {})).is_empty());
        let defaults = run(&petstore(), "3.1.0", &Lint::default());
        let keys: Vec<&str> = defaults.iter().map(|(r, _, _)| r.key).collect();
        assert_eq!(
            keys,
            ["invalid-example", "missing-summary", "unused-components"]
        );
    }
}
