//! What the search index holds: one record per thing a reader looks for (a guide's sections, an
//! operation, a webhook, a schema, a tag, an API), each with weighted fields.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use super::terms::Counted;
use super::text::{excerpt, plain};
use super::tokenize::query_terms;
use crate::model::api::{Api, NamedSchema, Operation, SchemaRow};
use crate::model::site::{GuidePage, Site};

/// A field of a record and how much a match in it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Guide or heading title, operation summary, schema name.
    Title,
    /// `operationId`, a schema's name as an identifier.
    Ident,
    /// An operation's path (or a webhook's name).
    Path,
    Method,
    /// Tag names, parameter and property names, enum values.
    Keyword,
    /// The page a heading belongs to, the tag of an operation: context, not the subject.
    Context,
    /// Descriptions and prose.
    Body,
    /// A whole title or identifier as one term (`=create subscription`), so that a query that
    /// names a record exactly finds it first (see [`title_term`]); never split into words.
    Whole,
    /// `METHOD /path` of an operation as one term (see [`route_terms`]), for readers who type
    /// or paste a path; never split into words.
    Route,
}

impl Field {
    /// Number of fields, for per-field arrays indexed by `field as usize`.
    pub const COUNT: usize = 9;
    /// Every field, in declaration order: `ALL[field as usize] == field`.
    pub const ALL: [Field; Field::COUNT] = [
        Field::Title,
        Field::Ident,
        Field::Path,
        Field::Method,
        Field::Keyword,
        Field::Context,
        Field::Body,
        Field::Whole,
        Field::Route,
    ];

    /// Field weights (BM25F). Titles and identifiers are what a reader types; prose only
    /// breaks ties and finds what has no better home.
    pub fn weight(self) -> f64 {
        match self {
            Field::Title => 10.0,
            Field::Ident => 7.0,
            Field::Path => 6.0,
            Field::Method => 3.0,
            Field::Keyword => 3.0,
            Field::Context => 2.0,
            Field::Body => 1.0,
            Field::Route | Field::Whole => 12.0,
        }
    }

    /// A match here means the record is *about* the term: results whose titles hold every word
    /// of the query rank first.
    pub fn is_title(self) -> bool {
        matches!(self, Field::Title | Field::Ident)
    }
}

/// The term that stands for a whole title: `=` and its query terms, sorted and
/// space-separated (`Create a subscription`, `createSubscription` and `subscription create` all
/// give `=create subscription`). `search.js` builds the same term from the whole query. Long
/// titles are nobody's query.
pub fn title_term(title: &str) -> Option<String> {
    let mut terms = query_terms(title);
    terms.sort_unstable_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    let joined = terms.join(" ");
    (!terms.is_empty() && joined.chars().count() <= 60).then(|| format!("={joined}"))
}

/// The route terms of an operation: `/get/customers/{}` and `/customers/{}` for
/// `GET /customers/{customerId}`. Parameter names are dropped (a reader types `{id}` as often
/// as the spec's name), case is folded, and a trailing slash does not count. `search.js` builds
/// the same terms from a query that looks like a path.
pub fn route_terms(method: &str, path: &str) -> [String; 2] {
    let mut normal = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                normal.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => normal.extend(c.to_lowercase()),
        }
    }
    let normal = normal.trim_end_matches('/');
    let normal = if normal.starts_with('/') || normal.is_empty() {
        normal.to_string()
    } else {
        format!("/{normal}")
    };
    let with_method = format!("/{}{normal}", method.to_lowercase());
    if normal.is_empty() {
        return [with_method, "/".to_string()];
    }
    [with_method, normal]
}

/// The kinds of result, as the search UI shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Guide,
    Section,
    Operation,
    Webhook,
    Schema,
    Tag,
    Api,
}

impl Kind {
    /// How likely a reader is to want this kind of result, all else equal: operations and
    /// guides are what people search for; a schema of the same name is usually the second
    /// answer.
    pub fn prior(self) -> f64 {
        match self {
            Kind::Operation | Kind::Webhook | Kind::Guide | Kind::Api => 1.0,
            Kind::Section | Kind::Tag => 0.9,
            Kind::Schema => 0.8,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Kind::Guide => "guide",
            Kind::Section => "section",
            Kind::Operation => "operation",
            Kind::Webhook => "webhook",
            Kind::Schema => "schema",
            Kind::Tag => "tag",
            Kind::Api => "api",
        }
    }
}

/// One result a search can return.
#[derive(Debug, Clone)]
pub struct Record {
    pub kind: Kind,
    pub title: String,
    /// Site path, with `#anchor` for a heading.
    pub url: String,
    /// Index into the site's APIs.
    pub api: Option<usize>,
    /// Upper-case method, for operations and webhooks.
    pub method: Option<String>,
    /// Path of an operation; for a section, the title of its guide.
    pub subtitle: Option<String>,
    pub excerpt: String,
    /// The text of each field, while the record is built.
    fields: Vec<(Field, String)>,
    /// Its terms, counted when the record is sealed.
    pub terms: Counted,
}

impl Record {
    fn new(kind: Kind, title: &str, url: &str) -> Self {
        Record {
            kind,
            title: title.to_string(),
            url: url.to_string(),
            api: None,
            method: None,
            subtitle: None,
            excerpt: String::new(),
            fields: Vec::new(),
            terms: Counted::default(),
        }
    }

    fn add(&mut self, field: Field, text: impl Into<String>) {
        let text = text.into();
        if text.trim().is_empty() {
            return;
        }
        if field.is_title() {
            if let Some(whole) = title_term(&text) {
                if !self
                    .fields
                    .iter()
                    .any(|(f, t)| *f == Field::Whole && *t == whole)
                {
                    self.fields.push((Field::Whole, whole));
                }
            }
        }
        self.fields.push((field, text));
    }

    /// The record with its fields counted into terms and their text dropped.
    fn sealed(mut self) -> Record {
        self.terms = Counted::of(std::mem::take(&mut self.fields));
        self
    }
}

/// Records are made in parallel this many items (guides, operations, schemas) at a time, and
/// handed on in order before the next ones are made: the terms of a few hundred records are
/// alive at once, not those of the whole site.
const BATCH: usize = 256;

/// Every record of the site, guides first, then each API in navigation order, each sealed (its
/// terms counted) as soon as it is built, on the thread that built it, and given to `sink` in
/// that order.
pub fn collect(site: &Site, mut sink: impl FnMut(Record)) {
    // Each guide is parsed again for its sections.
    for pages in site.pages.chunks(BATCH) {
        let guides: Vec<Vec<Record>> = pages
            .par_iter()
            .map(|page| {
                let mut records = Vec::new();
                guide_records(page, &mut records);
                records.into_iter().map(Record::sealed).collect()
            })
            .collect();
        guides.into_iter().flatten().for_each(&mut sink);
    }
    for (a, api) in site.apis.iter().enumerate() {
        api_records(api, &mut |mut record: Record| {
            record.api = Some(a);
            sink(record);
        });
    }
}

/// A guide gives one record for its opening (title and text before the first heading) and one
/// per `##`/`###` heading, which links to the heading's anchor.
fn guide_records(page: &GuidePage, out: &mut Vec<Record>) {
    let mut intro = Record::new(Kind::Guide, &page.title, &page.url);
    intro.add(Field::Title, page.title.clone());
    if let Some(description) = &page.description {
        intro.add(Field::Body, description.clone());
    }
    intro.excerpt = page
        .description
        .as_deref()
        .or(page.outline.first_paragraph.as_deref())
        .map(excerpt)
        .unwrap_or_default();
    let mut current = Open::new(intro);
    let mut parent_heading: Option<String> = None;
    let mut heading_index = 0;
    let mut heading: Option<(u8, String)> = None;
    let mut in_code_block = false;
    for event in Parser::new_ext(&page.source.body, crate::render::markdown::options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, text)) = heading.take() else {
                    continue;
                };
                let id = page
                    .outline
                    .headings
                    .get(heading_index)
                    .map(|h| h.id.as_str())
                    .unwrap_or_default();
                heading_index += 1;
                // The opening `# Title` is the page's title; deeper headings stay in their
                // section's text.
                if level == 1 && heading_index == 1 && page.title_from_h1 {
                    continue;
                }
                if level > 3 {
                    current.text.push_str(&text);
                    current.text.push('\n');
                    continue;
                }
                let title = text.trim().to_string();
                let mut record = Record::new(Kind::Section, &title, &format!("{}#{id}", page.url));
                record.add(Field::Title, title.clone());
                record.add(Field::Context, page.title.clone());
                // A `###` belongs to its `##`: "Scopes" under "OAuth 2.0" is about OAuth.
                let mut trail = page.title.clone();
                if level == 3 {
                    if let Some(parent) = &parent_heading {
                        record.add(Field::Context, parent.clone());
                        trail = format!("{trail} › {parent}");
                    }
                } else {
                    parent_heading = Some(title);
                }
                record.subtitle = Some(trail);
                std::mem::replace(&mut current, Open::new(record)).close(out);
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(t) => match heading.as_mut() {
                Some((_, text)) => text.push_str(&t),
                None if !in_code_block => current.text.push_str(&t),
                None => {}
            },
            Event::Code(t) => match heading.as_mut() {
                Some((_, text)) => text.push_str(&t),
                None => {
                    current.text.push_str(&t);
                    current.code_spans.push_str(&t);
                    current.code_spans.push(' ');
                }
            },
            Event::SoftBreak | Event::HardBreak => current.text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                current.text.push(' ')
            }
            _ => {}
        }
    }
    current.close(out);
}

/// A guide's record whose text is still being read.
struct Open {
    record: Record,
    text: String,
    /// Inline code in prose names identifiers (`starting_after`, `Idempotency-Key`): the
    /// section that mentions them explains them, so they count as keywords.
    code_spans: String,
}

impl Open {
    fn new(record: Record) -> Self {
        Open {
            record,
            text: String::new(),
            code_spans: String::new(),
        }
    }

    fn close(self, out: &mut Vec<Record>) {
        let mut record = self.record;
        // A section's excerpt is its opening text; a guide's comes from its description.
        if record.kind == Kind::Section {
            record.excerpt = excerpt(&self.text);
        }
        record.add(Field::Body, self.text);
        record.add(Field::Keyword, self.code_spans);
        out.push(record);
    }
}

fn api_records(api: &Api, sink: &mut impl FnMut(Record)) {
    let mut overview = Record::new(Kind::Api, &api.title, &api.url);
    overview.add(Field::Title, api.title.clone());
    let description = plain(&api.description_html);
    overview.excerpt = excerpt(api.summary.as_deref().unwrap_or(&description));
    overview.add(Field::Body, api.summary.clone().unwrap_or_default());
    overview.add(Field::Body, description);
    sink(overview.sealed());

    for tag in &api.tags {
        let mut record = Record::new(Kind::Tag, &tag.display_name, &tag.url);
        record.add(Field::Title, tag.display_name.clone());
        if tag.name != tag.display_name {
            record.add(Field::Ident, tag.name.clone());
        }
        let description = plain(&tag.description_html);
        record.excerpt = excerpt(&description);
        record.add(Field::Body, description);
        sink(record.sealed());
    }
    let common = common_parameters(api);
    let operations: Vec<&Operation> = api.operations.iter().chain(&api.webhooks).collect();
    for batch in operations.chunks(BATCH) {
        let records: Vec<Record> = batch
            .par_iter()
            .map(|op| operation_record(api, op, &common).sealed())
            .collect();
        records.into_iter().for_each(&mut *sink);
    }
    for batch in api.schemas.chunks(BATCH) {
        let records: Vec<Record> = batch
            .par_iter()
            .map(|s| schema_record(s).sealed())
            .collect();
        records.into_iter().for_each(&mut *sink);
    }
}

fn schema_record(schema: &NamedSchema) -> Record {
    let mut record = Record::new(Kind::Schema, &schema.name, &schema.url);
    record.add(Field::Title, schema.name.clone());
    record.add(Field::Ident, schema.name.clone());
    let description = plain(&schema.description_html);
    record.excerpt = excerpt(&description);
    record.add(Field::Body, description);
    // A schema that is itself an enum lists its values on its root row.
    schema_row(&schema.view.root, &mut record);
    for row in &schema.view.rows {
        schema_row(row, &mut record);
    }
    record
}

/// Parameters that many operations share (`page`, `per_page`, `owner`, `Idempotency-Key`) say
/// little about any one of them; a guide that explains them is the better answer.
fn common_parameters(api: &Api) -> HashSet<String> {
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for op in &api.operations {
        let names: HashSet<&str> = op
            .parameters
            .iter()
            .flat_map(|g| g.parameters.iter().map(|p| p.name.as_str()))
            .collect();
        for name in names {
            *uses.entry(name).or_default() += 1;
        }
    }
    let limit = (api.operations.len() / 20).max(3);
    uses.into_iter()
        .filter(|(_, n)| *n > limit)
        .map(|(name, _)| name.to_string())
        .collect()
}

fn operation_record(api: &Api, op: &Operation, common: &HashSet<String>) -> Record {
    let kind = if op.webhook {
        Kind::Webhook
    } else {
        Kind::Operation
    };
    let mut record = Record::new(kind, &op.title, &op.url);
    record.method = Some(op.method.clone());
    record.subtitle = Some(op.path.clone());
    record.add(Field::Title, op.summary.clone().unwrap_or_default());
    record.add(Field::Ident, op.operation_id.clone().unwrap_or_default());
    record.add(Field::Path, op.path.clone());
    record.add(Field::Method, op.method.to_lowercase());
    if !op.webhook {
        for route in route_terms(&op.method, &op.path) {
            record.add(Field::Route, route);
        }
    }
    for tag in &op.tags {
        let shown = api
            .tags
            .iter()
            .find(|t| &t.name == tag)
            .map(|t| t.display_name.clone())
            .unwrap_or_else(|| tag.clone());
        record.add(Field::Context, shown);
    }
    let description = plain(&op.description_html);
    record.excerpt = excerpt(&description);
    record.add(Field::Body, description);
    for group in &op.parameters {
        for parameter in &group.parameters {
            let field = if common.contains(&parameter.name) {
                Field::Body
            } else {
                Field::Keyword
            };
            record.add(field, parameter.name.clone());
            record.add(Field::Body, plain(&parameter.description_html));
        }
    }
    if let Some(body) = &op.request_body {
        record.add(Field::Body, plain(&body.description_html));
        if let Some(view) = body.contents.first().and_then(|m| m.schema.as_ref()) {
            for row in view.rows.iter().filter(|r| r.depth == 0) {
                record.add(Field::Body, row.name.clone());
            }
        }
    }
    record
}

fn schema_row(row: &SchemaRow, record: &mut Record) {
    // Properties of nested objects are found on their own schema's record when named; the
    // table's top two levels are what this schema is about.
    if row.depth > 1 {
        return;
    }
    record.add(Field::Keyword, row.name.clone());
    record.add(Field::Body, plain(&row.description_html));
    if !row.enum_values().is_empty() {
        record.add(Field::Keyword, row.enum_values().join(" "));
    }
    for detail in row.enum_details() {
        record.add(Field::Body, detail.name.clone().unwrap_or_default());
        record.add(Field::Body, detail.description.clone().unwrap_or_default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_identifiers_give_one_whole_term() {
        assert_eq!(
            title_term("Create a subscription").as_deref(),
            Some("=create subscription")
        );
        assert_eq!(
            title_term("createSubscription").as_deref(),
            Some("=create subscription")
        );
        assert_eq!(title_term("pull-request").as_deref(), Some("=pull request"));
        assert_eq!(
            title_term("EntitlementCheck").as_deref(),
            Some("=check entitlement")
        );
        assert_eq!(title_term("a"), None);
    }

    #[test]
    fn routes_ignore_parameter_names_case_and_trailing_slashes() {
        assert_eq!(
            route_terms("GET", "/customers/{customerId}/Subscriptions/"),
            [
                "/get/customers/{}/subscriptions",
                "/customers/{}/subscriptions"
            ]
        );
        assert_eq!(route_terms("post", "/"), ["/post", "/"].map(String::from));
    }
}
