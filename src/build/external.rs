//! External links: absolute `http(s)` URLs the site points at. The build never fetches them
//! (it works offline); `portico check --list-external-links` prints them for a link checker.

use std::path::PathBuf;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostics::Position;
use crate::model::site::Site;

/// One external URL and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExternalLink {
    pub url: String,
    /// Relative to the project root.
    pub file: PathBuf,
    /// 1-based; 0 when the place in the file is not known (URLs from a spec's model).
    pub line: usize,
}

/// The external links of guides (links and images) and of specs (terms of service, contact,
/// licence, external docs, servers), sorted and without repeats per place.
pub fn links(site: Option<&Site>) -> Vec<ExternalLink> {
    let Some(site) = site else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for page in &site.pages {
        let body = &page.source.body;
        for (event, range) in
            Parser::new_ext(body, crate::render::markdown::options()).into_offset_iter()
        {
            let url = match event {
                Event::Start(Tag::Link { dest_url, .. })
                | Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
                _ => continue,
            };
            if is_external(&url) {
                let line = Position::of_offset(body, range.start)
                    .offset_lines(page.source.body_line_offset)
                    .line;
                found.push(ExternalLink {
                    url,
                    file: page.source.file.clone(),
                    line,
                });
            }
        }
    }
    for api in &site.apis {
        let file = PathBuf::from(format!("api:{}", api.slug));
        let urls = api
            .terms_of_service
            .iter()
            .chain(api.contact.iter().filter_map(|c| c.url.as_ref()))
            .chain(api.license.iter().filter_map(|l| l.url.as_ref()))
            .chain(api.external_docs.iter().filter_map(|d| d.url.as_ref()))
            .chain(api.servers.iter().map(|s| &s.url));
        for url in urls.filter(|u| is_external(u)) {
            found.push(ExternalLink {
                url: url.clone(),
                file: file.clone(),
                line: 0,
            });
        }
    }
    found.sort();
    found.dedup();
    found
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}
