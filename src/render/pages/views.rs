//! The small views the templates read: page information, cards, and links to operations.

use serde::Serialize;

use crate::model::api::{
    Api, Contact, NamedLink, Operation, SecurityRequirement, SecurityScheme, Server,
};

#[derive(Serialize)]
pub(super) struct PageInfo<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) url: &'a str,
    /// Site path of the top-level navigation entry this page belongs to.
    pub(super) section: &'a str,
}

/// What the API overview shows about the API itself (`info` in `api.html`). Not the whole
/// `Api`: turning every operation and schema into template values for this one page made it
/// the largest allocation of a build (157 of 266 MB at the peak for GitHub's spec).
#[derive(Serialize)]
pub(super) struct ApiInfo<'a> {
    pub(super) title: &'a str,
    pub(super) version: &'a str,
    pub(super) summary: Option<&'a str>,
    pub(super) description_html: &'a str,
    pub(super) terms_of_service: Option<&'a str>,
    pub(super) contact: Option<&'a Contact>,
    pub(super) license: Option<&'a NamedLink>,
    pub(super) external_docs: Option<&'a NamedLink>,
    pub(super) servers: &'a [Server],
    pub(super) security_schemes: &'a [SecurityScheme],
    pub(super) security: &'a [SecurityRequirement],
}

impl<'a> ApiInfo<'a> {
    pub(super) fn of(api: &'a Api) -> Self {
        ApiInfo {
            title: &api.title,
            version: &api.version,
            summary: api.summary.as_deref(),
            description_html: &api.description_html,
            terms_of_service: api.terms_of_service.as_deref(),
            contact: api.contact.as_ref(),
            license: api.license.as_ref(),
            external_docs: api.external_docs.as_ref(),
            servers: &api.servers,
            security_schemes: &api.security_schemes,
            security: &api.security,
        }
    }
}

#[derive(Serialize)]
pub(super) struct Card {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) description: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ApiCard<'a> {
    pub(super) title: &'a str,
    pub(super) url: &'a str,
    pub(super) version: &'a str,
    pub(super) summary: Option<&'a str>,
    pub(super) operations: usize,
    pub(super) schemas: usize,
}

#[derive(Serialize)]
pub(super) struct OperationLink<'a> {
    pub(super) webhook: bool,
    pub(super) method: &'a str,
    pub(super) path: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: Option<&'a str>,
    pub(super) url: &'a str,
    pub(super) deprecated: bool,
}

impl<'a> OperationLink<'a> {
    pub(super) fn of(op: &'a Operation) -> Self {
        OperationLink {
            webhook: op.webhook,
            method: &op.method,
            path: &op.path,
            title: &op.title,
            summary: op.summary.as_deref(),
            url: &op.url,
            deprecated: op.deprecated,
        }
    }
}

#[derive(Serialize)]
pub(super) struct TagView<'a> {
    pub(super) name: &'a str,
    pub(super) display_name: &'a str,
    pub(super) url: &'a str,
    pub(super) description_html: &'a str,
    pub(super) operations: Vec<OperationLink<'a>>,
}

impl<'a> TagView<'a> {
    /// A tag of `api` with links to its operations.
    pub(super) fn of(tag: &'a crate::model::api::Tag, api: &'a crate::model::api::Api) -> Self {
        TagView {
            name: &tag.name,
            display_name: &tag.display_name,
            url: &tag.url,
            description_html: &tag.description_html,
            operations: tag
                .operations
                .iter()
                .map(|&i| OperationLink::of(&api.operations[i]))
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct ApiSummary<'a> {
    pub(super) slug: &'a str,
    pub(super) title: &'a str,
    pub(super) version: &'a str,
    pub(super) url: &'a str,
    pub(super) download: &'a str,
    pub(super) openapi_version: &'a str,
}
