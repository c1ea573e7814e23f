//! `sitemap.xml`: every HTML page, in a stable order.

use crate::render::highlight::escape_html;

/// A sitemap for the given page paths (`guides/quickstart/index.html`) under `base_url`.
pub fn sitemap(base_url: &str, page_paths: &[&str]) -> String {
    let mut paths: Vec<&str> = page_paths
        .iter()
        .copied()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    paths.sort_unstable();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths {
        let url = format!("{base_url}{}", path.trim_end_matches("index.html"));
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_html(&url));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_pages_with_clean_urls() {
        let xml = super::sitemap(
            "https://x.example/docs/",
            &["index.html", "a/index.html", "404.html", "a/b.css"],
        );
        assert!(xml.contains("<loc>https://x.example/docs/</loc>"));
        assert!(xml.contains("<loc>https://x.example/docs/a/</loc>"));
        assert!(!xml.contains("404"));
        assert!(!xml.contains("b.css"));
    }
}
