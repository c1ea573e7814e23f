//! Tag groups: `x-tagGroups` resolved against the tags the operations use.

use crate::doc::Value;

use super::str_of;
use crate::keys::Keys;
use crate::model::api::*;

/// `x-tagGroups` (a Redoc extension): named groups of tags for navigation.
pub(super) fn tag_groups(document: &Value, tags: &[Tag]) -> Vec<TagGroup> {
    let Some(Value::Array(groups)) = document.key("x-tagGroups") else {
        return Vec::new();
    };
    groups
        .iter()
        .filter_map(|group| {
            let names = group.key("tags")?.as_array()?;
            Some(TagGroup {
                name: str_of(group, "name")?.to_string(),
                tags: names
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(|name| tags.iter().position(|t| t.name == name))
                    .collect(),
            })
        })
        .filter(|g| !g.tags.is_empty())
        .collect()
}
