//! Parameters: path-level and operation-level ones merged, checked against the path template,
//! and grouped by location; a parameter's row (also used for response headers).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::doc::{ByText, Map, Value};

use super::bodies::examples;
use super::{str_of, template_params, Builder};
use crate::diagnostics::Code;
use crate::keys::Keys;
use crate::model::api::*;
use crate::model::schema::SchemaContext;

const LOCATIONS: [(&str, &str); 4] = [
    ("path", "Path parameters"),
    ("query", "Query parameters"),
    ("header", "Header parameters"),
    ("cookie", "Cookie parameters"),
];

impl<'a> Builder<'a> {
    pub(super) fn parameters(
        &mut self,
        path: &str,
        operation: &'a Value,
        path_level: &[&'a Value],
        pointer: &[&str],
    ) -> (Vec<ParameterGroup>, Vec<&'a Value>) {
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: Vec<&'a Value> = Vec::new();
        let op_level: Vec<&'a Value> = operation
            .key("parameters")
            .and_then(Value::as_array)
            .map(|p| p.iter().collect())
            .unwrap_or_default();
        if operation.key("parameters").is_some_and(|p| !p.is_array()) {
            self.error(
                Code::InvalidParameter,
                &[pointer, &["parameters"]].concat(),
                "`parameters` must be a list",
                None,
            );
        }
        for raw in path_level.iter().chain(op_level.iter()) {
            let Some(param) = self.deref(raw) else {
                continue;
            };
            if str_of(param, "name").is_none() || str_of(param, "in").is_none() {
                self.error(
                    Code::InvalidParameter,
                    &[pointer, &["parameters"]].concat(),
                    "a parameter needs a `name` and an `in`",
                    Some("`in` is one of path, query, header, cookie"),
                );
                continue;
            }
            let key = (str_of(param, "name"), str_of(param, "in"));
            merged.retain(|p| (str_of(p, "name"), str_of(p, "in")) != key);
            merged.push(param);
        }
        let declared: BTreeSet<&str> = merged
            .iter()
            .filter(|p| str_of(p, "in") == Some("path"))
            .filter_map(|p| str_of(p, "name"))
            .collect();
        for name in template_params(path) {
            if !declared.contains(name.as_str()) {
                self.error(
                    Code::UndeclaredPathParameter,
                    pointer,
                    format!("path parameter {{{name}}} of {path} is not declared"),
                    Some("add it under `parameters` with `in: path` and `required: true`"),
                );
            }
        }
        let templated = template_params(path);
        let mut groups: Vec<ParameterGroup> = LOCATIONS
            .iter()
            .map(|(location, title)| ParameterGroup {
                location: location.to_string(),
                title: title.to_string(),
                parameters: Vec::new(),
            })
            .collect();
        for &param in &merged {
            let name = str_of(param, "name").unwrap_or("").to_string();
            let location = str_of(param, "in").unwrap_or("");
            let Some(group) = groups.iter_mut().find(|g| g.location == location) else {
                self.error(
                    Code::InvalidParameter,
                    pointer,
                    format!("parameter {name:?} has `in: {location}`; it must be path, query, header or cookie"),
                    None,
                );
                continue;
            };
            if location == "path" && !templated.contains(&name) {
                self.error(
                    Code::UnusedPathParameter,
                    pointer,
                    format!("path parameter {name:?} does not appear in {path}"),
                    Some("remove it, or add it to the path in braces"),
                );
            }
            group
                .parameters
                .push(self.shared_parameter(&name, param, location == "path"));
        }
        groups.retain(|g| !g.parameters.is_empty());
        (groups, merged)
    }
}

impl<'a> Builder<'a> {
    /// The parameter, made once for every operation that lists the same one (by whether it is
    /// a path parameter, and the parameter as written, which holds its name): the parameters a
    /// thousand of Kubernetes' operations list inline (`pretty`, `dryRun`, ...) were 5 MB of
    /// its model.
    fn shared_parameter(&self, name: &str, param: &'a Value, in_path: bool) -> Arc<Parameter> {
        self.shared_parameters
            .get_or_make((in_path, ByText(param)), || {
                Some(parameter(&self.schema_context(), name, param, in_path))
            })
            .expect("a parameter is always made")
    }
}

pub(super) fn parameter(
    ctx: &SchemaContext,
    name: &str,
    param: &Value,
    in_path: bool,
) -> Parameter {
    let schema = param
        .key("schema")
        .or_else(|| {
            // A parameter may describe itself with `content` instead of `schema`.
            param
                .key("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next()?.key("schema"))
        })
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let mut row = ctx.row(
        name,
        &schema,
        0,
        in_path || param.key("required") == Some(&Value::Bool(true)),
    );
    // The parameter's own description is the one to show; the schema's is a fallback.
    let description = str_of(param, "description").map(|d| ctx.text.markdown_shared(d));
    let description_html = description.unwrap_or_else(|| std::mem::take(&mut row.description_html));
    Parameter {
        name: name.to_string(),
        required: row.required,
        deprecated: param.key("deprecated") == Some(&Value::Bool(true)),
        description_html,
        style: str_of(param, "style").map(str::to_string),
        explode: param.key("explode").and_then(Value::as_bool),
        examples: examples(ctx, param, "text/plain"),
        schema: row,
    }
}
