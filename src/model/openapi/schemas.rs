//! The pages of named schemas (`components/schemas`): their tables, examples, and the
//! operations that use them.

use std::collections::{BTreeSet, HashMap};

use crate::doc::Value;
use rayon::prelude::*;

use super::bodies::example_text;
use super::{markdown_of, Builder};
use crate::keys::Keys;
use crate::model::api::*;
use crate::resolve::refs::{self, deref};

impl<'a> Builder<'a> {
    pub(super) fn schemas(
        &mut self,
        names: &[String],
        slugs: &[String],
        operations: &[Operation],
    ) -> Vec<NamedSchema> {
        let used_by = schema_users(operations);
        let ctx = self.schema_context();
        // Each schema's table is built on its own, in parallel.
        names
            .par_iter()
            .zip(slugs)
            .map(|(name, slug)| {
                let schema = &self.document["components"]["schemas"][name];
                let target = deref(self.document, schema).unwrap_or(schema);
                let examples = target
                    .key("examples")
                    .and_then(Value::as_array)
                    .map(|values| {
                        values
                            .iter()
                            .enumerate()
                            .map(|(i, v)| Example {
                                name: format!("Example {}", i + 1),
                                summary: None,
                                description_html: String::new(),
                                value_html: example_text(v, "application/json", ctx.texts),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                NamedSchema {
                    name: name.clone(),
                    slug: slug.clone(),
                    url: format!("{}schemas/{slug}/", self.base),
                    view: ctx.named_view(
                        &format!("#/components/schemas/{}", refs::escape_segment(name)),
                        schema,
                    ),
                    description_html: markdown_of(&self.text, target, "description"),
                    examples,
                    used_by: used_by
                        .get(format!("{}schemas/{slug}/", self.base).as_str())
                        .cloned()
                        .unwrap_or_default(),
                }
            })
            .collect()
    }
}

/// Which operations name each schema directly (through body or response rows), keyed by the
/// schema page's URL, from the links already computed: linear in the size of the tables.
fn schema_users(operations: &[Operation]) -> HashMap<&str, Vec<usize>> {
    let mut users: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, op) in operations.iter().enumerate() {
        let mut links: BTreeSet<&str> = BTreeSet::new();
        let views = op
            .request_body
            .iter()
            .flat_map(|b| &b.contents)
            .chain(op.responses.iter().flat_map(|r| &r.contents))
            .filter_map(|media| media.schema.as_ref());
        for view in views {
            links.extend(
                std::iter::once(&view.root)
                    .chain(&view.rows)
                    .filter_map(|row| row.link.as_deref()),
            );
        }
        for link in links {
            users.entry(link).or_default().push(i);
        }
    }
    users
}
