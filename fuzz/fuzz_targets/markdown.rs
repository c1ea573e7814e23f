//! Guides' Markdown through both passes of `render::markdown`, as `build` renders a guide.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico::diagnostics::Code;
use portico::render::markdown::{outline, render, LinkError, LinkResolver, LinkTarget};

/// Every kind of answer the site's resolver gives, chosen by the destination, so rewritten,
/// kept and broken links are all exercised.
struct Resolver;

impl LinkResolver for Resolver {
    fn resolve(&self, destination: &str) -> Result<LinkTarget, LinkError> {
        match destination.len() % 3 {
            0 => Ok(LinkTarget::Keep),
            1 => Ok(LinkTarget::Rewrite(format!("../{destination}/"))),
            _ => Err(LinkError::new(Code::BrokenLink, "no such page")),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let found = outline(body);
    let skip_leading_h1 = body.len() % 2 == 0;
    let rendered = render(body, &found, &Resolver, skip_leading_h1);
    for link in &rendered.broken_links {
        // Ranges are reported against the body: they must slice it.
        assert!(body.get(link.range.clone()).is_some());
    }
});
