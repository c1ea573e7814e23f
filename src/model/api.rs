//! The API reference as the theme sees it: plain, serialisable types built from a spec.
//!
//! Fields ending in `_html` hold HTML that `render::sanitize` produced from spec text; every
//! other string is plain text that templates escape. Links are site paths without a leading `/`
//! (`api/billing/schemas/invoice/`); templates prefix them with the page's relative root.

use std::sync::Arc;

use crate::doc::Str;
use serde::Serialize;

use super::code_samples::{self, Request};
use crate::render::highlight;

#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub slug: String,
    pub title: String,
    pub version: String,
    pub openapi_version: String,
    pub summary: Option<String>,
    pub description_html: String,
    pub terms_of_service: Option<String>,
    pub contact: Option<Contact>,
    pub license: Option<NamedLink>,
    pub external_docs: Option<NamedLink>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Alternatives: any one of these requirements is enough.
    pub security: Vec<SecurityRequirement>,
    pub tags: Vec<Tag>,
    /// Groups of tags from `x-tagGroups`, for navigation; empty when the spec has none.
    pub tag_groups: Vec<TagGroup>,
    pub operations: Vec<Operation>,
    /// OpenAPI 3.1 `webhooks`: requests the API sends, drawn like operations.
    pub webhooks: Vec<Operation>,
    pub schemas: Vec<NamedSchema>,
    /// Site path of the downloadable copy of the spec.
    pub download: String,
    /// Site path of the API's overview page.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub name: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedLink {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Server {
    pub url: String,
    pub description_html: String,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    pub values: Vec<String>,
    pub description_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    pub name: String,
    /// Id of the scheme's section on the overview page.
    pub anchor: String,
    /// `apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS`.
    pub kind: String,
    pub description_html: String,
    /// Label/value pairs such as ("Header", "X-API-Key").
    pub details: Vec<(String, String)>,
    pub flows: Vec<OAuthFlow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OAuthFlow {
    pub kind: String,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    pub scopes: Vec<(String, String)>,
}

/// One way to authenticate: every scheme listed is needed (an empty list means anonymous).
#[derive(Debug, Clone, Serialize)]
pub struct SecurityRequirement {
    pub schemes: Vec<SchemeUse>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchemeUse {
    pub name: String,
    /// Id of the scheme's section on the overview page.
    pub anchor: String,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagGroup {
    pub name: String,
    /// Indexes into `Api::tags`.
    pub tags: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    pub name: String,
    /// `x-displayName`, or the name.
    pub display_name: String,
    pub slug: String,
    pub description_html: String,
    pub url: String,
    /// Indexes into `Api::operations`.
    pub operations: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// True for a webhook: `path` then holds the webhook's name.
    pub webhook: bool,
    pub slug: String,
    pub url: String,
    pub operation_id: Option<String>,
    /// Upper case: `GET`.
    pub method: String,
    /// Exactly as written in the spec.
    pub path: String,
    /// The path cut into literal text and `{parameter}` parts, for highlighting.
    pub path_parts: Vec<PathPart>,
    pub summary: Option<String>,
    /// The summary, or `METHOD /path` when there is none.
    pub title: String,
    pub description_html: String,
    pub deprecated: bool,
    pub tags: Vec<String>,
    /// Slug of the tag the operation is listed under in navigation.
    pub tag_slug: String,
    pub servers: Vec<Server>,
    /// `None`: the API's default security applies.
    pub security: Option<Vec<SecurityRequirement>>,
    pub parameters: Vec<ParameterGroup>,
    pub request_body: Option<RequestBody>,
    /// Shared with every operation that gives the same response for the same status.
    pub responses: Vec<Arc<Response>>,
    pub callbacks: Vec<Callback>,
    /// Request samples in several languages (none for webhooks).
    pub code_samples: CodeSamples,
}

/// An operation's request samples: the spec's own (`x-codeSamples`), then Portico's in the
/// languages the spec gave none in. Portico's are written and highlighted when the page is
/// rendered, from the request: six highlighted samples per operation, held for every operation
/// until its page is rendered, were most of a big API's model (over half of 9.3 GB at 20,000
/// synthetic operations). Serialises as the list of [`CodeSampleView`]s.
#[derive(Debug, Clone, Default)]
pub struct CodeSamples {
    pub own: Vec<OwnSample>,
    pub generated: Option<Request>,
}

/// One of the spec's own samples (`x-codeSamples`).
#[derive(Debug, Clone)]
pub struct OwnSample {
    /// Language id (`bash`, `python`, ...), for `data-language`.
    pub language: String,
    /// Tab label (`curl`, `Python`, ...).
    pub label: String,
    pub code: SampleCode,
}

/// The code of a spec's own sample. A one-off build highlights it when the page is rendered:
/// highlighted HTML is 8 to 10 times the size of the code, and held for every operation until
/// its page was rendered it was 12 MB of Zuora's model (1.5 MB of samples in six languages).
/// Builds that follow one another (`portico serve`) highlight it when the spec is modelled,
/// through the memo of what the last build highlighted, so that an edit does not highlight
/// every sample again.
#[derive(Debug, Clone)]
pub enum SampleCode {
    Highlighted(String),
    /// The code, and its language as the spec names it (what the highlighter reads).
    Source {
        code: String,
        language: String,
    },
}

impl CodeSamples {
    /// Every sample, own first, each written and highlighted.
    pub fn views(&self) -> Vec<CodeSampleView> {
        let mut views: Vec<CodeSampleView> = self
            .own
            .iter()
            .map(|sample| CodeSampleView {
                language: sample.language.clone(),
                label: sample.label.clone(),
                html: match &sample.code {
                    SampleCode::Highlighted(html) => html.clone(),
                    SampleCode::Source { code, language } => highlight::highlight(code, language),
                },
            })
            .collect();
        let Some(request) = &self.generated else {
            return views;
        };
        for sample in code_samples::samples(request) {
            if views
                .iter()
                .any(|v| v.label.eq_ignore_ascii_case(&sample.label))
            {
                continue; // the spec's own sample for a language wins
            }
            views.push(CodeSampleView {
                html: highlight::highlight(&sample.source, &sample.language),
                language: sample.language,
                label: sample.label,
            });
        }
        views
    }
}

impl Serialize for CodeSamples {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.views().serialize(serializer)
    }
}

/// A request sample, highlighted.
#[derive(Debug, Clone, Serialize)]
pub struct CodeSampleView {
    /// Language id (`bash`, `python`, ...), for `data-language`.
    pub language: String,
    /// Tab label (`curl`, `Python`, ...).
    pub label: String,
    /// Highlighted source (inner HTML of a `<code>`).
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathPart {
    pub text: String,
    pub is_param: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParameterGroup {
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    pub title: String,
    /// Shared with every operation that lists the same parameter.
    pub parameters: Vec<Arc<Parameter>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub name: String,
    pub required: bool,
    pub deprecated: bool,
    /// Shared with every parameter that shows the same description.
    pub description_html: Arc<str>,
    pub schema: SchemaRow,
    pub style: Option<String>,
    pub explode: Option<bool>,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    pub required: bool,
    pub description_html: String,
    pub contents: Vec<MediaType>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    /// `success`, `redirect`, `client-error`, `server-error` or `other`, for styling.
    pub class: String,
    pub description_html: String,
    pub headers: Vec<Arc<Parameter>>,
    pub contents: Vec<MediaType>,
    pub links: Vec<ResponseLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseLink {
    pub name: String,
    pub operation_id: Option<String>,
    /// Site path of the linked operation when it is in this API.
    pub url: Option<String>,
    pub description_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Callback {
    pub name: String,
    pub expression: String,
    pub method: String,
    pub summary: Option<String>,
    pub description_html: String,
    pub request_body: Option<RequestBody>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MediaType {
    pub media_type: String,
    /// Shared with the other bodies that name the same schema.
    pub schema: Option<Arc<SchemaView>>,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub name: String,
    pub summary: Option<String>,
    pub description_html: String,
    /// The value, serialised indented and highlighted (inner HTML of a `<code>`).
    pub value_html: CodeText,
}

/// Code held as text and highlighted when it is serialised, that is when its page is rendered:
/// highlighted HTML is about three times the text (Stripe's examples: 5.6 MB of text, 18 MB
/// highlighted), and the model holds every example until the end of the build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeText {
    /// Shared by every example with the same text (`model::schema::SharedTexts`).
    pub text: Arc<str>,
    /// The language to highlight it as; `None` to only escape it.
    pub language: Option<&'static str>,
    /// `text` is compact JSON, shown indented (`model::pretty`): a third smaller while held.
    pub indent: bool,
}

impl CodeText {
    /// The longest code shown highlighted (as shown, indented); longer code is only escaped.
    pub const MAX_HIGHLIGHTED_BYTES: usize = 32 * 1024;

    /// The inner HTML of a `<code>` for it.
    pub fn html(&self) -> String {
        let indented;
        let text = if self.indent {
            indented = crate::model::pretty::indent(&self.text);
            &indented
        } else {
            &*self.text
        };
        match self.language {
            Some(language) if text.len() <= Self::MAX_HIGHLIGHTED_BYTES => {
                highlight::highlight(text, language)
            }
            _ => highlight::escape_html(text),
        }
    }
}

impl Serialize for CodeText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.html())
    }
}

/// A schema drawn as a table: one row per property, nested properties indented by `depth`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SchemaView {
    /// The schema's own type line (`object`, `array of Customer`, ...).
    pub root: SchemaRow,
    /// How a `oneOf`/`anyOf` picks its variant, when the schema says.
    pub discriminator: Option<Discriminator>,
    pub rows: Vec<SchemaRow>,
    /// True when rows were cut at the limit of a page.
    pub truncated: bool,
}

/// A row of a schema table. Big references have tens of thousands (Stripe: 22,000, held until
/// the end of the build), so names and types are `Str`s (inline up to 22 bytes: `id`,
/// `string (date-time)`), the link is shared with the schema's URL, and what only some rows
/// have (constraints, enum values, a default or an example) is boxed apart in [`RowDetails`]:
/// 112 bytes a row, where those fields inline made 200 (Discord: 1.6 MB of rows).
///
/// Serialised for templates as one flat object, as it always was.
#[derive(Debug, Clone, Default)]
pub struct SchemaRow {
    pub depth: u16,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// The row's type is a schema that contains it: drawn as a link, never expanded.
    pub recursive: bool,
    pub name: Str,
    /// `string`, `integer (int64)`, `array of Customer`, `one of`, ...
    pub type_label: Str,
    /// Site path of the named schema the type refers to, shared with every row that links to it.
    pub link: Option<Arc<str>>,
    /// Shared with every row that shows the same description (`SpecText::markdown_shared`).
    pub description_html: Arc<str>,
    /// `None` when the row has none of them.
    pub details: Option<Box<RowDetails>>,
    /// For rows that are alternatives of a `oneOf`/`anyOf`: "one of" or "any of"; for
    /// conditional subschemas "if", "then", "else"; "not".
    pub variant: Option<&'static str>,
}

/// What only some rows of a schema table have.
#[derive(Debug, Clone, Default)]
pub struct RowDetails {
    /// Human-readable constraints: `>= 1`, `length <= 64`, `pattern ^[A-Z]{3}$`, ...
    pub constraints: Box<[String]>,
    pub enum_values: Box<[Str]>,
    /// Enum values with their descriptions (`x-enumDescriptions`) or names (`x-enum-varnames`),
    /// when the spec gives them; empty otherwise.
    pub enum_details: Box<[EnumDetail]>,
    pub default: Option<Str>,
    pub example: Option<Str>,
}

impl RowDetails {
    /// `None` for details that hold nothing, so that the row holds no box.
    pub fn boxed(self) -> Option<Box<RowDetails>> {
        let empty = self.constraints.is_empty()
            && self.enum_values.is_empty()
            && self.enum_details.is_empty()
            && self.default.is_none()
            && self.example.is_none();
        (!empty).then(|| Box::new(self))
    }
}

impl SchemaRow {
    pub fn constraints(&self) -> &[String] {
        self.details.as_ref().map_or(&[], |d| &d.constraints)
    }

    pub fn enum_values(&self) -> &[Str] {
        self.details.as_ref().map_or(&[], |d| &d.enum_values)
    }

    pub fn enum_details(&self) -> &[EnumDetail] {
        self.details.as_ref().map_or(&[], |d| &d.enum_details)
    }

    pub fn default(&self) -> Option<&Str> {
        self.details.as_ref().and_then(|d| d.default.as_ref())
    }

    pub fn example(&self) -> Option<&Str> {
        self.details.as_ref().and_then(|d| d.example.as_ref())
    }
}

impl Serialize for SchemaRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = serializer.serialize_struct("SchemaRow", 17)?;
        row.serialize_field("depth", &self.depth)?;
        row.serialize_field("required", &self.required)?;
        row.serialize_field("nullable", &self.nullable)?;
        row.serialize_field("deprecated", &self.deprecated)?;
        row.serialize_field("read_only", &self.read_only)?;
        row.serialize_field("write_only", &self.write_only)?;
        row.serialize_field("recursive", &self.recursive)?;
        row.serialize_field("name", &self.name)?;
        row.serialize_field("type_label", &self.type_label)?;
        row.serialize_field("link", &self.link)?;
        row.serialize_field("description_html", &self.description_html)?;
        row.serialize_field("constraints", self.constraints())?;
        row.serialize_field("enum_values", self.enum_values())?;
        row.serialize_field("enum_details", self.enum_details())?;
        row.serialize_field("default", &self.default())?;
        row.serialize_field("example", &self.example())?;
        row.serialize_field("variant", &self.variant)?;
        row.end()
    }
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct EnumDetail {
    pub value: String,
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Discriminator {
    pub property: String,
    /// (value of the property, schema name, schema page).
    pub mapping: Vec<DiscriminatorCase>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct DiscriminatorCase {
    pub value: String,
    pub schema: String,
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedSchema {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub view: SchemaView,
    pub description_html: String,
    pub examples: Vec<Example>,
    /// Operations whose parameters, bodies or responses name this schema directly.
    pub used_by: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_rows_stay_small() {
        // Stripe's build holds 22,000 rows to its end; what few rows have is boxed apart.
        assert_eq!(std::mem::size_of::<SchemaRow>(), 112);
    }

    #[test]
    fn code_text_serialises_as_the_html_it_stands_for() {
        let json = CodeText {
            text: "{\"a\": \"<b>\"}".into(),
            language: Some("json"),
            indent: false,
        };
        let html = serde_json::to_value(&json).unwrap();
        assert_eq!(html, serde_json::Value::String(json.html()));
        assert!(json.html().contains("class=\"hl-"), "{}", json.html());
        assert!(json.html().contains("&lt;b&gt;") && !json.html().contains("<b>"));
        let plain = CodeText {
            text: "<xml/>".into(),
            language: None,
            indent: false,
        };
        assert_eq!(plain.html(), "&lt;xml/&gt;");
        let compact = CodeText {
            text: r#"{"a":["<b>",{}]}"#.into(),
            language: None,
            indent: true,
        };
        assert_eq!(
            compact.html(),
            "{\n  &quot;a&quot;: [\n    &quot;&lt;b&gt;&quot;,\n    {}\n  ]\n}"
        );
        // Longer than the limit once indented, though not as held: escaped, not highlighted.
        let items = vec!["1"; CodeText::MAX_HIGHLIGHTED_BYTES / 4];
        let long = CodeText {
            text: format!("[{}]", items.join(",")).into(),
            language: Some("json"),
            indent: true,
        };
        assert!(long.text.len() < CodeText::MAX_HIGHLIGHTED_BYTES);
        let html = long.html();
        assert!(html.len() > CodeText::MAX_HIGHLIGHTED_BYTES);
        assert!(!html.contains("class=\"hl-"), "only escaped");
    }
}
