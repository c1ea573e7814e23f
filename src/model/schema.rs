//! Schemas drawn as tables: a schema (with refs, `allOf` merges and `oneOf` alternatives)
//! becomes rows of properties. Named schemas are linked rather than repeated, which keeps pages
//! small and makes cycles harmless.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::doc::Value;

use super::api::{Discriminator, DiscriminatorCase, EnumDetail, RowDetails, SchemaRow, SchemaView};
use super::shared::Shared;
use crate::keys::Keys;
use crate::render::sanitize::SpecText;
use crate::resolve::refs::{component_name, deref, ref_of};

/// Nested inline objects deeper than this are not expanded further.
const MAX_DEPTH: usize = 8;
/// Rows per table: beyond this a page would be unreadable anyway.
const MAX_ROWS: usize = 400;
/// Longest example or default shown inline in a row.
const MAX_INLINE_VALUE: usize = 160;

/// The tables of schemas that are only a `$ref`, by the ref: GitHub's spec names `repository`
/// as the body of hundreds of operations, and each gets the same table, made once and shared.
pub type SharedViews = Shared<String, SchemaView>;

/// Example texts, each held once: Stripe's 935 examples are 5.9 MB of text and 214 distinct
/// ones (0.5 MB), since bodies that name the same schema get the same generated example.
pub type SharedTexts = Mutex<std::collections::HashSet<Arc<str>>>;

/// `text`, as the one copy `shared` holds.
pub fn shared_text(shared: &SharedTexts, text: String) -> Arc<str> {
    let mut held = shared.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = held.get(text.as_str()) {
        return found.clone();
    }
    let text: Arc<str> = text.into();
    held.insert(text.clone());
    text
}

pub struct SchemaContext<'a> {
    pub document: &'a Value,
    /// Component schema name → site path of its page.
    pub schema_urls: &'a HashMap<String, Arc<str>>,
    pub text: &'a SpecText,
    pub shared: &'a SharedViews,
    pub texts: &'a SharedTexts,
}

impl SchemaContext<'_> {
    /// The table for `schema`. A top-level `$ref` is expanded once so that readers see the fields
    /// of a body without a click; refs below it become links.
    pub fn view(&self, schema: &Value) -> Arc<SchemaView> {
        let only_ref = schema
            .as_object()
            .filter(|m| m.len() == 1)
            .and_then(|_| ref_of(schema));
        let Some(reference) = only_ref else {
            return Arc::new(self.view_from(schema, Vec::new()));
        };
        self.shared
            .get_or_make(reference.to_string(), || {
                Some(self.view_from(schema, Vec::new()))
            })
            .expect("a view is always made")
    }

    /// The table for the component schema `reference` (`#/components/schemas/Name`): refs back
    /// to it inside are marked recursive.
    pub fn named_view(&self, reference: &str, schema: &Value) -> SchemaView {
        self.view_from(schema, vec![reference])
    }

    fn view_from<'v>(&'v self, schema: &'v Value, mut stack: Vec<&'v str>) -> SchemaView {
        let mut view = SchemaView {
            root: self.row("", schema, 0, false),
            discriminator: self.discriminator(schema),
            ..SchemaView::default()
        };
        self.expand(schema, 0, true, &mut stack, &mut view);
        // Held until the page is rendered: without its growth room (glibc shrinks in place).
        view.rows.shrink_to_fit();
        view
    }

    fn discriminator(&self, schema: &Value) -> Option<Discriminator> {
        let target = deref(self.document, schema).unwrap_or(schema);
        let discriminator = target.key("discriminator")?;
        let property = discriminator.key("propertyName")?.as_str()?.to_string();
        let mut mapping: Vec<DiscriminatorCase> = discriminator
            .key("mapping")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(value, reference)| {
                        let reference = reference.as_str()?;
                        // A mapping value is a ref or, by the spec's shorthand, a schema name.
                        let name = component_name(reference, "schemas")
                            .unwrap_or_else(|| reference.to_string());
                        Some(DiscriminatorCase {
                            value: value.to_string(),
                            link: self.schema_urls.get(&name).map(|l| l.to_string()),
                            schema: name,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        if mapping.is_empty() {
            // Without a mapping, the value is the schema name of each variant.
            for keyword in ["oneOf", "anyOf"] {
                for variant in target
                    .key(keyword)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(name) = ref_of(variant).and_then(|r| component_name(r, "schemas")) {
                        mapping.push(DiscriminatorCase {
                            value: name.clone(),
                            link: self.schema_urls.get(&name).map(|l| l.to_string()),
                            schema: name,
                        });
                    }
                }
            }
        }
        Some(Discriminator { property, mapping })
    }

    fn expand<'v>(
        &'v self,
        schema: &'v Value,
        depth: usize,
        expand_ref: bool,
        stack: &mut Vec<&'v str>,
        view: &mut SchemaView,
    ) {
        if depth > MAX_DEPTH || view.truncated {
            return;
        }
        if let Some(reference) = ref_of(schema) {
            if !expand_ref || stack.contains(&reference) {
                return;
            }
            let Ok(target) = deref(self.document, schema) else {
                return;
            };
            stack.push(reference);
            self.expand(target, depth, false, stack, view);
            stack.pop();
            return;
        }
        if let Some(Value::Array(members)) = schema.key("allOf") {
            for member in members {
                self.expand(member, depth, true, stack, view);
            }
        }
        let required: Vec<&str> = schema
            .key("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(Value::Object(properties)) = schema.key("properties") {
            for (name, property) in properties {
                let mut row = self.row(name, property, depth, required.contains(&name.as_str()));
                row.recursive = refers_to_any(property, stack);
                if !self.push(view, row) {
                    return;
                }
                self.expand_inline(property, depth + 1, stack, view);
            }
        }
        if let Some(Value::Object(patterns)) = schema.key("patternProperties") {
            for (pattern, property) in patterns {
                let mut row = self.row(&format!("/{pattern}/"), property, depth, false);
                row.recursive = refers_to_any(property, stack);
                if !self.push(view, row) {
                    return;
                }
                self.expand_inline(property, depth + 1, stack, view);
            }
        }
        if let Some(extra) = schema.key("additionalProperties").filter(|v| v.is_object()) {
            let mut row = self.row("{key}", extra, depth, false);
            row.recursive = refers_to_any(extra, stack);
            if !self.push(view, row) {
                return;
            }
            self.expand_inline(extra, depth + 1, stack, view);
        }
        for (keyword, label) in [("oneOf", "one of"), ("anyOf", "any of")] {
            if let Some(Value::Array(variants)) = schema.key(keyword) {
                for (i, variant) in variants.iter().enumerate() {
                    let name = variant_name(variant, i);
                    let mut row = self.row(&name, variant, depth, false);
                    row.variant = Some(label);
                    row.recursive = refers_to_any(variant, stack);
                    if !self.push(view, row) {
                        return;
                    }
                    self.expand_inline(variant, depth + 1, stack, view);
                }
            }
        }
        for keyword in ["if", "then", "else", "not"] {
            if let Some(sub) = schema.key(keyword).filter(|v| v.is_object()) {
                let mut row = self.row(keyword, sub, depth, false);
                row.variant = Some(keyword);
                row.recursive = refers_to_any(sub, stack);
                if !self.push(view, row) {
                    return;
                }
                self.expand_inline(sub, depth + 1, stack, view);
            }
        }
        if depth == 0 && is_type(schema, "array") {
            if let Some(items) = schema.key("items") {
                self.expand(items, depth, expand_ref, stack, view);
            }
        }
    }

    /// Expand an inline (not named) object, or the inline items of an array, one level down.
    fn expand_inline<'v>(
        &'v self,
        schema: &'v Value,
        depth: usize,
        stack: &mut Vec<&'v str>,
        view: &mut SchemaView,
    ) {
        if ref_of(schema).is_some() {
            return;
        }
        let has_children = ["properties", "allOf", "oneOf", "anyOf"]
            .iter()
            .any(|k| schema.get(*k).is_some())
            || schema
                .key("additionalProperties")
                .is_some_and(Value::is_object);
        if has_children {
            self.expand(schema, depth, false, stack, view);
        } else if let Some(items) = schema.key("items") {
            self.expand_inline(items, depth, stack, view);
        }
    }

    fn push(&self, view: &mut SchemaView, row: SchemaRow) -> bool {
        if view.rows.len() >= MAX_ROWS {
            view.truncated = true;
            return false;
        }
        view.rows.push(row);
        true
    }

    /// One row: what `schema` is, without its children.
    pub fn row(&self, name: &str, schema: &Value, depth: usize, required: bool) -> SchemaRow {
        let (type_label, link) = self.describe(schema, 0);
        // Siblings of a `$ref` (3.1) win over the target's own keywords.
        let target = deref(self.document, schema).unwrap_or(schema);
        let pick = |key: &str| schema.key(key).or_else(|| target.key(key));
        let types = type_list(target);
        SchemaRow {
            // Expansion stops at `MAX_DEPTH`.
            depth: u16::try_from(depth).unwrap_or(u16::MAX),
            name: name.into(),
            type_label: type_label.into(),
            link,
            required,
            nullable: types.iter().any(|t| t == "null")
                || target.key("nullable") == Some(&Value::Bool(true)),
            deprecated: pick("deprecated") == Some(&Value::Bool(true)),
            read_only: pick("readOnly") == Some(&Value::Bool(true)),
            write_only: pick("writeOnly") == Some(&Value::Bool(true)),
            description_html: pick("description")
                .and_then(Value::as_str)
                .map(|d| self.text.markdown_shared(d))
                .unwrap_or_default(),
            details: RowDetails {
                constraints: constraints(target).into(),
                enum_details: enum_details(target).into(),
                enum_values: target
                    .key("enum")
                    .and_then(Value::as_array)
                    .map(|values| values.iter().map(|v| inline_value(v).into()).collect())
                    .or_else(|| target.key("const").map(|c| vec![inline_value(c).into()]))
                    .unwrap_or_default()
                    .into(),
                default: pick("default").map(|v| inline_value(v).into()),
                example: pick("examples")
                    .and_then(|e| e.as_array().and_then(|a| a.first()))
                    .or_else(|| pick("example"))
                    .map(|v| inline_value(v).into()),
            }
            .boxed(),
            variant: None,
            recursive: false,
        }
    }

    /// A short type label and the page of the named schema it refers to.
    fn describe(&self, schema: &Value, depth: usize) -> (String, Option<Arc<str>>) {
        if depth > 4 {
            return ("…".into(), None);
        }
        if let Some(reference) = ref_of(schema) {
            if let Some(name) = component_name(reference, "schemas") {
                let link = self.schema_urls.get(&name).cloned();
                return (name, link);
            }
            return match deref(self.document, schema) {
                Ok(target) => self.describe(target, depth + 1),
                Err(_) => ("unresolved $ref".into(), None),
            };
        }
        if let Some(Value::Array(members)) = schema.key("allOf") {
            if members.len() == 1 {
                return self.describe(&members[0], depth + 1);
            }
        }
        for (keyword, label) in [
            ("oneOf", "one of"),
            ("anyOf", "any of"),
            ("allOf", "all of"),
        ] {
            if schema.key(keyword).is_some_and(Value::is_array) && schema.key("type").is_none() {
                return (label.into(), None);
            }
        }
        let types: Vec<String> = type_list(schema)
            .into_iter()
            .filter(|t| t != "null")
            .collect();
        let mut label = if types.is_empty() {
            if schema.key("properties").is_some() || schema.key("additionalProperties").is_some() {
                "object".to_string()
            } else if let Some(Value::Array(values)) = schema.key("enum") {
                values.first().map(json_type).unwrap_or("any").to_string()
            } else if let Some(value) = schema.key("const") {
                json_type(value).to_string()
            } else {
                "any".to_string()
            }
        } else {
            types.join(" | ")
        };
        let mut link = None;
        if let Some(Value::Array(prefix)) = schema.key("prefixItems") {
            let parts: Vec<String> = prefix
                .iter()
                .map(|p| self.describe(p, depth + 1).0)
                .collect();
            label = format!("[{}]", parts.join(", "));
        } else if types.len() == 1 && types[0] == "array" {
            if let Some(items) = schema.key("items") {
                let (item_label, item_link) = self.describe(items, depth + 1);
                label = format!("array of {item_label}");
                link = item_link;
            }
        } else if types.len() == 1 && types[0] == "object" {
            if let Some(extra) = schema.key("additionalProperties").filter(|v| v.is_object()) {
                if schema.key("properties").is_none() {
                    let (value_label, value_link) = self.describe(extra, depth + 1);
                    label = format!("map of {value_label}");
                    link = value_link;
                }
            }
        }
        if let Some(format) = schema.key("format").and_then(Value::as_str) {
            label = format!("{label} ({format})");
        }
        (label, link)
    }
}

/// True when `schema` (or its array items) is a ref to a schema being expanded above it.
fn refers_to_any(schema: &Value, stack: &[&str]) -> bool {
    let reference = ref_of(schema).or_else(|| schema.key("items").and_then(ref_of));
    reference.is_some_and(|r| stack.contains(&r))
}

/// Names and descriptions of enum values, from the extensions that tools use for them.
fn enum_details(schema: &Value) -> Vec<EnumDetail> {
    let Some(Value::Array(values)) = schema.key("enum") else {
        return Vec::new();
    };
    let descriptions = schema
        .key("x-enumDescriptions")
        .or_else(|| schema.key("x-enum-descriptions"));
    let names = schema
        .key("x-enum-varnames")
        .or_else(|| schema.key("x-enumNames"));
    if descriptions.is_none() && names.is_none() {
        return Vec::new();
    }
    let text_at = |source: Option<&Value>, i: usize, value: &str| -> Option<String> {
        match source? {
            Value::Array(items) => items.get(i)?.as_str().map(str::to_string),
            Value::Object(map) => map.get(value)?.as_str().map(str::to_string),
            _ => None,
        }
    };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let value = inline_value(v);
            EnumDetail {
                name: text_at(names, i, &value),
                description: text_at(descriptions, i, &value),
                value,
            }
        })
        .collect()
}

fn variant_name(variant: &Value, index: usize) -> String {
    if let Some(title) = variant.key("title").and_then(Value::as_str) {
        return title.to_string();
    }
    if let Some(name) = ref_of(variant).and_then(|r| component_name(r, "schemas")) {
        return name;
    }
    format!("option {}", index + 1)
}

fn type_list(schema: &Value) -> Vec<String> {
    match schema.key("type") {
        Some(Value::String(t)) => vec![t.to_string()],
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn is_type(schema: &Value, wanted: &str) -> bool {
    type_list(schema).iter().any(|t| t == wanted)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value as short text: strings without quotes, everything else as compact JSON.
fn inline_value(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.to_string(),
        other => other.to_string(),
    };
    if text.chars().count() > MAX_INLINE_VALUE {
        let cut: String = text.chars().take(MAX_INLINE_VALUE).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn constraints(schema: &Value) -> Vec<String> {
    let number = |key: &str| {
        schema
            .key(key)
            .filter(|v| v.is_number())
            .map(Value::to_string)
    };
    let mut out = Vec::new();
    if let Some(v) = number("minimum") {
        out.push(format!(">= {v}"));
    }
    if let Some(v) = number("exclusiveMinimum") {
        out.push(format!("> {v}"));
    }
    if let Some(v) = number("maximum") {
        out.push(format!("<= {v}"));
    }
    if let Some(v) = number("exclusiveMaximum") {
        out.push(format!("< {v}"));
    }
    if let Some(v) = number("multipleOf") {
        out.push(format!("multiple of {v}"));
    }
    for (min, max, what) in [
        ("minLength", "maxLength", "length"),
        ("minItems", "maxItems", "items"),
        ("minProperties", "maxProperties", "properties"),
    ] {
        match (number(min), number(max)) {
            (Some(a), Some(b)) if a == b => out.push(format!("{what} = {a}")),
            (Some(a), Some(b)) => out.push(format!("{what} {a}..{b}")),
            (Some(a), None) => out.push(format!("{what} >= {a}")),
            (None, Some(b)) => out.push(format!("{what} <= {b}")),
            (None, None) => {}
        }
    }
    if schema.key("uniqueItems") == Some(&Value::Bool(true)) {
        out.push("unique items".into());
    }
    if let Some(pattern) = schema.key("pattern").and_then(Value::as_str) {
        out.push(format!("pattern {pattern}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn context_for(document: &Value, urls: &HashMap<String, Arc<str>>) -> SchemaView {
        let text = SpecText::default();
        let shared = SharedViews::default();
        let ctx = SchemaContext {
            document,
            schema_urls: urls,
            text: &text,
            shared: &shared,
            texts: &SharedTexts::default(),
        };
        let view = ctx.view(&json!({"$ref": "#/components/schemas/Customer"}));
        // The second use of the same ref is the first one's table.
        let again = ctx.view(&json!({"$ref": "#/components/schemas/Customer"}));
        assert!(Arc::ptr_eq(&view, &again));
        Arc::unwrap_or_clone(view)
    }

    #[test]
    fn an_example_text_is_held_once() {
        let shared = SharedTexts::default();
        let a = shared_text(&shared, "{\n  \"id\": 1\n}".to_string());
        let b = shared_text(&shared, "{\n  \"id\": 1\n}".to_string());
        let c = shared_text(&shared, "{}".to_string());
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(&*c, "{}");
        assert_eq!(shared.lock().unwrap().len(), 2);
    }

    #[test]
    fn a_referenced_body_is_expanded_once_and_nested_refs_link() {
        let document = json!({"components": {"schemas": {
            "Customer": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "email": {"type": ["string", "null"], "maxLength": 254},
                    "address": {"$ref": "#/components/schemas/Address"},
                    "friends": {"type": "array", "items": {"$ref": "#/components/schemas/Customer"}},
                    "prefs": {"type": "object", "properties": {"lang": {"type": "string", "enum": ["en", "fr"]}}}
                }
            },
            "Address": {"type": "object", "properties": {"city": {"type": "string"}}}
        }}});
        let urls = HashMap::from([
            ("Customer".to_string(), "api/x/schemas/customer/".into()),
            ("Address".to_string(), "api/x/schemas/address/".into()),
        ]);
        let view = context_for(&document, &urls);
        assert_eq!(view.root.type_label, "Customer");
        let names: Vec<_> = view
            .rows
            .iter()
            .map(|r| (r.depth, r.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (0, "id"),
                (0, "email"),
                (0, "address"),
                (0, "friends"),
                (0, "prefs"),
                (1, "lang")
            ]
        );
        assert!(view.rows[0].required);
        assert_eq!(view.rows[0].type_label, "string (uuid)");
        assert!(view.rows[1].nullable);
        assert_eq!(view.rows[1].constraints(), ["length <= 254"]);
        assert_eq!(view.rows[2].link.as_deref(), Some("api/x/schemas/address/"));
        assert_eq!(view.rows[3].type_label, "array of Customer");
        assert_eq!(view.rows[5].enum_values(), ["en", "fr"]);
    }

    #[test]
    fn cycles_through_all_of_terminate() {
        let document = json!({"components": {"schemas": {
            "Customer": {"allOf": [{"$ref": "#/components/schemas/Customer"}, {"properties": {"a": {"type": "string"}}}]}
        }}});
        let view = context_for(&document, &HashMap::new());
        assert_eq!(view.rows.len(), 1);
    }

    #[test]
    fn one_of_variants_are_rows() {
        let document = json!({"components": {"schemas": {
            "Customer": {"oneOf": [{"title": "Card", "type": "object", "properties": {"last4": {"type": "string"}}}, {"type": "string"}]}
        }}});
        let view = context_for(&document, &HashMap::new());
        let rows: Vec<_> = view
            .rows
            .iter()
            .map(|r| (r.depth, r.name.as_str(), r.variant))
            .collect();
        assert_eq!(
            rows,
            [
                (0, "Card", Some("one of")),
                (1, "last4", None),
                (0, "option 2", Some("one of"))
            ]
        );
    }
}
