//! Security: the spec's security schemes (with their OAuth flows) and the requirements of the
//! API and of each operation.

use crate::doc::Value;

use super::{markdown_of, str_of, Builder};
use crate::keys::Keys;
use crate::model::api::*;
use crate::render::sanitize;
use crate::resolve::refs::deref;
use crate::slug::slugify;

impl<'a> Builder<'a> {
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(Value::Object(schemes)) = self.document.pointer("/components/securitySchemes")
        else {
            return Vec::new();
        };
        schemes
            .iter()
            .filter_map(|(name, scheme)| {
                let scheme = deref(self.document, scheme).ok()?;
                let kind = str_of(scheme, "type").unwrap_or("unknown").to_string();
                let mut details = Vec::new();
                match kind.as_str() {
                    "apiKey" => {
                        let location = str_of(scheme, "in").unwrap_or("header");
                        let label = match location {
                            "query" => "Query parameter",
                            "cookie" => "Cookie",
                            _ => "Header",
                        };
                        details.push((
                            label.to_string(),
                            str_of(scheme, "name").unwrap_or("").to_string(),
                        ));
                    }
                    "http" => {
                        details.push((
                            "Scheme".into(),
                            str_of(scheme, "scheme").unwrap_or("").to_string(),
                        ));
                        if let Some(format) = str_of(scheme, "bearerFormat") {
                            details.push(("Bearer format".into(), format.to_string()));
                        }
                    }
                    "openIdConnect" => {
                        if let Some(url) = str_of(scheme, "openIdConnectUrl") {
                            details.push(("OpenID Connect URL".into(), url.to_string()));
                        }
                    }
                    _ => {}
                }
                let flows = scheme
                    .key("flows")
                    .and_then(Value::as_object)
                    .map(|flows| {
                        flows
                            .iter()
                            .map(|(kind, flow)| OAuthFlow {
                                kind: kind.to_string(),
                                authorization_url: str_of(flow, "authorizationUrl")
                                    .and_then(sanitize::url),
                                token_url: str_of(flow, "tokenUrl").and_then(sanitize::url),
                                refresh_url: str_of(flow, "refreshUrl").and_then(sanitize::url),
                                scopes: flow
                                    .key("scopes")
                                    .and_then(Value::as_object)
                                    .map(|s| {
                                        s.iter()
                                            .map(|(k, v)| {
                                                (
                                                    k.to_string(),
                                                    v.as_str().unwrap_or("").to_string(),
                                                )
                                            })
                                            .collect()
                                    })
                                    .unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Some(SecurityScheme {
                    name: name.to_string(),
                    anchor: scheme_anchor(name),
                    kind,
                    description_html: markdown_of(&self.text, scheme, "description"),
                    details,
                    flows,
                })
            })
            .collect()
    }
}

pub(super) fn security(security: Option<&Value>) -> Vec<SecurityRequirement> {
    let Some(Value::Array(requirements)) = security else {
        return Vec::new();
    };
    requirements
        .iter()
        .filter_map(Value::as_object)
        .map(|requirement| SecurityRequirement {
            schemes: requirement
                .iter()
                .map(|(name, scopes)| SchemeUse {
                    name: name.to_string(),
                    anchor: scheme_anchor(name),
                    scopes: scopes
                        .as_array()
                        .map(|s| {
                            s.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect()
}

fn scheme_anchor(name: &str) -> String {
    format!("auth-{}", slugify(name))
}
