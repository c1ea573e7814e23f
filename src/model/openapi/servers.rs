//! Servers: the `servers` lists of the API, a path item and an operation.

use crate::doc::Value;

use super::{markdown_of, str_of, Builder};
use crate::keys::Keys;
use crate::model::api::*;
use crate::render::sanitize::SpecText;
use crate::resolve::refs::deref;

impl<'a> Builder<'a> {
    /// `servers` of the path item that holds the operation at `pointer`.
    pub(super) fn path_servers(&self, pointer: &[&str]) -> Option<&'a Value> {
        let item = self.document.key("paths")?.get(pointer.get(1)?)?;
        deref(self.document, item).ok()?.key("servers")
    }
}

pub(super) fn servers(text: &SpecText, servers: Option<&Value>) -> Vec<Server> {
    let Some(Value::Array(servers)) = servers else {
        return Vec::new();
    };
    servers
        .iter()
        .filter_map(|server| {
            Some(Server {
                url: str_of(server, "url")?.to_string(),
                description_html: markdown_of(text, server, "description"),
                variables: server
                    .key("variables")
                    .and_then(Value::as_object)
                    .map(|vars| {
                        vars.iter()
                            .map(|(name, var)| ServerVariable {
                                name: name.to_string(),
                                default: str_of(var, "default").unwrap_or("").to_string(),
                                values: var
                                    .key("enum")
                                    .and_then(Value::as_array)
                                    .map(|v| {
                                        v.iter()
                                            .filter_map(Value::as_str)
                                            .map(str::to_string)
                                            .collect()
                                    })
                                    .unwrap_or_default(),
                                description_html: markdown_of(text, var, "description"),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect()
}
