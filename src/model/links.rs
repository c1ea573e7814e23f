//! Where a guide's links go: relative `.md` links become page URLs, site-absolute links become
//! relative to the page, `api:` links name an operation or a schema of the reference, and every
//! internal target (file, page, anchor, operationId, schema) is checked.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Code;
use crate::uri::{normalise_relative, percent_decode};

use super::api::Api;
use super::site::{relative_root, Site};
use crate::render::markdown::{LinkError, LinkResolver, LinkTarget};

/// What every page's resolver shares: the site's paths and anchors.
pub struct SiteLinks {
    /// Markdown file (relative to `content/`) → its page's site path and index.
    by_source: HashMap<PathBuf, (String, usize)>,
    /// Folders of `content/` → their section page.
    by_dir: HashMap<PathBuf, String>,
    paths: HashSet<String>,
    /// Guide page site path → page index.
    by_url: HashMap<String, usize>,
    /// Anchors of guide pages, by page index.
    anchors: Vec<HashSet<String>>,
    /// Non-Markdown files of `content/`.
    assets: HashSet<PathBuf>,
    /// What `api:` links can name.
    api: ApiLinks,
}

impl SiteLinks {
    pub fn new(site: &Site) -> Self {
        SiteLinks {
            by_source: site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.source.rel.clone(), (p.url.clone(), i)))
                .collect(),
            by_dir: site
                .sections
                .iter()
                .map(|s| (s.dir.clone(), s.url.clone()))
                .collect(),
            paths: site.known_paths(),
            by_url: site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.url.clone(), i))
                .collect(),
            anchors: site.pages.iter().map(|p| p.outline.ids.clone()).collect(),
            assets: site.assets.iter().map(|a| a.rel.clone()).collect(),
            api: ApiLinks::new(&site.apis),
        }
    }

    /// The resolver for links written in page `index`.
    pub fn for_page<'a>(&'a self, site: &'a Site, index: usize) -> PageLinks<'a> {
        let page = &site.pages[index];
        PageLinks {
            links: self,
            index,
            dir: page
                .source
                .rel
                .parent()
                .unwrap_or(Path::new(""))
                .to_path_buf(),
            root: relative_root(&page.url),
        }
    }
}

pub struct PageLinks<'a> {
    links: &'a SiteLinks,
    index: usize,
    dir: PathBuf,
    root: String,
}

impl PageLinks<'_> {
    fn href(&self, site_path: &str, fragment: Option<&str>) -> String {
        let mut href = format!("{}{site_path}", self.root);
        if href.is_empty() {
            href.push_str("./");
        }
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href
    }

    fn check_anchor(
        &self,
        page: usize,
        fragment: Option<&str>,
        shown: &str,
    ) -> Result<(), LinkError> {
        match fragment {
            Some(id) if !id.is_empty() && !self.links.anchors[page].contains(id) => {
                Err(LinkError::new(
                    Code::BrokenAnchor,
                    format!("link to {shown}: no heading with the anchor #{id} there"),
                ))
            }
            _ => Ok(()),
        }
    }
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, destination: &str) -> Result<LinkTarget, LinkError> {
        if let Some(reference) = destination.strip_prefix(API_SCHEME) {
            return match self.links.api.resolve(reference) {
                Ok(site_path) => Ok(LinkTarget::Rewrite(self.href(&site_path, None))),
                Err(problem) => Err(LinkError::new(
                    Code::UnknownApiReference,
                    format!("link to {destination}: {problem}"),
                )),
            };
        }
        if let Some(scheme) = script_scheme(destination) {
            return Err(LinkError::new(
                Code::UnsafeLink,
                format!("link to a {scheme} URL: it would run script or open a document of no origin when followed"),
            ));
        }
        if is_external(destination) {
            return Ok(LinkTarget::Keep);
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() {
            self.check_anchor(self.index, fragment, "this page")?;
            return Ok(LinkTarget::Keep);
        }
        if let Some(absolute) = path.strip_prefix('/') {
            let site_path = absolute.trim_start_matches('/');
            let page_path =
                if site_path.is_empty() || site_path.ends_with('/') || site_path.contains('.') {
                    site_path.to_string()
                } else {
                    format!("{site_path}/")
                };
            if !self.links.paths.contains(&page_path) {
                return Err(LinkError::new(
                    Code::BrokenLink,
                    format!("link to {path}: no page or file has that URL in this site"),
                ));
            }
            if let Some(&page) = self.links.by_url.get(&page_path) {
                self.check_anchor(page, fragment, path)?;
            }
            return Ok(LinkTarget::Rewrite(self.href(&page_path, fragment)));
        }
        let target = normalise_relative(&self.dir.join(percent_decode(path))).ok_or_else(|| {
            LinkError::new(
                Code::BrokenLink,
                format!("link to {path} leaves the content folder"),
            )
        })?;
        if let Some((url, page)) = self.links.by_source.get(&target) {
            self.check_anchor(*page, fragment, path)?;
            return Ok(LinkTarget::Rewrite(self.href(url, fragment)));
        }
        if let Some(url) = self.links.by_dir.get(&target) {
            return Ok(LinkTarget::Rewrite(self.href(url, fragment)));
        }
        if self.links.assets.contains(&target) {
            let url = super::site::asset_url(&target);
            return Ok(LinkTarget::Rewrite(self.href(&url, fragment)));
        }
        let hint = if path.ends_with(".md") {
            "no such Markdown file"
        } else {
            "no such file or page"
        };
        Err(LinkError::new(
            Code::BrokenLink,
            format!(
                "link to {path}: {hint} (looked for content/{})",
                target.display()
            ),
        ))
    }
}

/// The scheme of links into the reference: `api:createSubscription`.
const API_SCHEME: &str = "api:";
/// The JSON pointer a schema reference's fragment starts with.
const SCHEMA_POINTER: &str = "/components/schemas/";

/// Names in document order, each with the site paths of what has that name (an operationId
/// may be given twice by mistake; the spec's check warns about that).
#[derive(Debug, Default)]
struct Named {
    order: Vec<String>,
    urls: HashMap<String, Vec<String>>,
}

impl Named {
    fn add(&mut self, name: &str, url: &str) {
        match self.urls.get_mut(name) {
            Some(urls) => urls.push(url.to_string()),
            None => {
                self.order.push(name.to_string());
                self.urls.insert(name.to_string(), vec![url.to_string()]);
            }
        }
    }

    fn get(&self, name: &str) -> Option<&[String]> {
        self.urls.get(name).map(Vec::as_slice)
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }
}

/// What `api:` links can name in one API.
#[derive(Debug, Default)]
struct ApiTargets {
    slug: String,
    /// The overview page.
    url: String,
    /// operationIds of operations and webhooks.
    operations: Named,
    /// Webhooks by their name in `webhooks`.
    webhooks: Named,
    /// Names in `components.schemas`.
    schemas: Named,
}

impl ApiTargets {
    fn new(api: &Api) -> Self {
        let mut targets = ApiTargets {
            slug: api.slug.clone(),
            url: api.url.clone(),
            ..ApiTargets::default()
        };
        for operation in api.operations.iter().chain(&api.webhooks) {
            if let Some(id) = &operation.operation_id {
                targets.operations.add(id, &operation.url);
            }
        }
        for hook in &api.webhooks {
            targets.webhooks.add(&hook.path, &hook.url);
        }
        for schema in &api.schemas {
            targets.schemas.add(&schema.name, &schema.url);
        }
        targets
    }
}

/// Resolves the references of `api:` links (what follows `api:`) to site paths:
///
/// - `createSubscription`: the operation with that operationId, in whichever API has it;
/// - `billing:createSubscription`: the same, in the API whose slug is `billing`;
/// - `billing:webhook:invoicePaid`: the webhook `invoicePaid` of `billing`;
/// - `billing#/components/schemas/Invoice`: a schema (`#/components/schemas/Invoice` alone when
///   the site has one API);
/// - `billing`: the API's overview (a slug wins over an operationId of the same name).
#[derive(Debug, Default)]
struct ApiLinks {
    apis: Vec<ApiTargets>,
    /// operationId → the APIs that have it, in site order.
    by_operation_id: HashMap<String, Vec<usize>>,
}

impl ApiLinks {
    fn new(apis: &[Arc<Api>]) -> Self {
        Self::from_targets(apis.iter().map(|api| ApiTargets::new(api)).collect())
    }

    fn from_targets(apis: Vec<ApiTargets>) -> Self {
        let mut by_operation_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, api) in apis.iter().enumerate() {
            for id in api.operations.names() {
                by_operation_id.entry(id.to_string()).or_default().push(i);
            }
        }
        ApiLinks {
            apis,
            by_operation_id,
        }
    }

    /// The site path `reference` names, or what is wrong with it.
    fn resolve(&self, reference: &str) -> Result<String, String> {
        let (head, fragment) = match reference.split_once('#') {
            Some((head, fragment)) => (percent_decode(head), Some(percent_decode(fragment))),
            None => (percent_decode(reference), None),
        };
        if let Some(fragment) = fragment {
            let Some(name) = fragment.strip_prefix(SCHEMA_POINTER) else {
                return Err(format!(
                    "the fragment #{fragment} names no schema; an api: link takes a fragment only \
                     to name one, as in api:<slug>#/components/schemas/<Name>"
                ));
            };
            let api = if head.is_empty() {
                self.only_api()?
            } else {
                self.api(&head)?
            };
            return schema(api, &unescape_pointer(name));
        }
        if head.is_empty() {
            return Err("it names no operation, schema or API".to_string());
        }
        if let Some(api) = self.apis.iter().find(|api| api.slug == head) {
            return Ok(api.url.clone());
        }
        if let Some((slug, rest)) = head.split_once(':') {
            if let Some(api) = self.apis.iter().find(|api| api.slug == slug) {
                return match rest.strip_prefix("webhook:") {
                    Some(name) => webhook(api, name),
                    None => operation(api, rest),
                };
            }
            if !self.by_operation_id.contains_key(&head) {
                return Err(self.unknown_api(slug));
            }
        }
        self.operation_anywhere(&head)
    }

    /// `api:<operationId>`: the one API that has it.
    fn operation_anywhere(&self, id: &str) -> Result<String, String> {
        match self.by_operation_id.get(id).map(Vec::as_slice) {
            Some([api]) => operation(&self.apis[*api], id),
            Some(several) => {
                let forms: Vec<String> = several
                    .iter()
                    .map(|&api| format!("api:{}:{id}", self.apis[api].slug))
                    .collect();
                Err(format!(
                    "`{id}` is an operationId of {} APIs; name the API: {}",
                    several.len(),
                    forms.join(" or ")
                ))
            }
            None => {
                let mut message = match self.apis.as_slice() {
                    [] => return Err("this site has no API".to_string()),
                    [api] => format!(
                        "the API `{}` has no operation with the operationId `{id}`",
                        api.slug
                    ),
                    _ => format!("no API has an operation with the operationId `{id}`"),
                };
                let schemas: Vec<&ApiTargets> = self
                    .apis
                    .iter()
                    .filter(|api| api.schemas.get(id).is_some())
                    .collect();
                if let [api] = schemas.as_slice() {
                    message.push_str(&format!(
                        "; `{id}` is a schema: api:{}#/components/schemas/{id}",
                        api.slug
                    ));
                } else {
                    let names = self.apis.iter().flat_map(|api| api.operations.names());
                    message.push_str(&did_you_mean(id, names));
                }
                Err(message)
            }
        }
    }

    /// `api:#/components/schemas/<Name>`: the site's only API.
    fn only_api(&self) -> Result<&ApiTargets, String> {
        match self.apis.as_slice() {
            [api] => Ok(api),
            [] => Err("this site has no API".to_string()),
            several => Err(format!(
                "this site has {} APIs; name one, as in api:{}#/components/schemas/<Name>",
                several.len(),
                several[0].slug
            )),
        }
    }

    fn api(&self, slug: &str) -> Result<&ApiTargets, String> {
        self.apis
            .iter()
            .find(|api| api.slug == slug)
            .ok_or_else(|| self.unknown_api(slug))
    }

    fn unknown_api(&self, slug: &str) -> String {
        let slugs: Vec<&str> = self.apis.iter().map(|api| api.slug.as_str()).collect();
        let mut message = format!("no API has the slug `{slug}`");
        let suggestion = did_you_mean(slug, slugs.iter().copied());
        if suggestion.is_empty() && !slugs.is_empty() {
            message.push_str(&format!(" (the APIs are {})", slugs.join(", ")));
        }
        message + &suggestion
    }
}

fn operation(api: &ApiTargets, id: &str) -> Result<String, String> {
    match api.operations.get(id) {
        Some([url]) => Ok(url.clone()),
        Some(urls) => Err(format!(
            "{} operations of the API `{}` have the operationId `{id}`; give them distinct \
             operationIds, or link to one by its URL (/{})",
            urls.len(),
            api.slug,
            urls[0]
        )),
        None => Err(format!(
            "the API `{}` has no operation with the operationId `{id}`{}",
            api.slug,
            did_you_mean(id, api.operations.names())
        )),
    }
}

fn webhook(api: &ApiTargets, name: &str) -> Result<String, String> {
    match api.webhooks.get(name) {
        Some([url, ..]) => Ok(url.clone()),
        _ => Err(format!(
            "the API `{}` has no webhook `{name}`{}",
            api.slug,
            did_you_mean(name, api.webhooks.names())
        )),
    }
}

fn schema(api: &ApiTargets, name: &str) -> Result<String, String> {
    match api.schemas.get(name) {
        Some([url, ..]) => Ok(url.clone()),
        _ => Err(format!(
            "the API `{}` has no schema `{name}`{}",
            api.slug,
            did_you_mean(name, api.schemas.names())
        )),
    }
}

/// A JSON pointer token: `~1` is `/`, `~0` is `~`.
fn unescape_pointer(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `; did you mean `x`?` for the closest of `names`, or nothing when none is close.
fn did_you_mean<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    closest(wanted, names).map_or_else(String::new, |name| format!("; did you mean `{name}`?"))
}

/// The name nearest to `wanted` (ignoring case), when it is near enough to be a likely typo:
/// at most one edit per three characters. The first of equally near names wins.
fn closest<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted: Vec<char> = wanted.to_lowercase().chars().collect();
    let mut best: Option<(usize, &str)> = None;
    for name in names {
        let candidate: Vec<char> = name.to_lowercase().chars().collect();
        let allowed = (wanted.len().max(candidate.len()) / 3).max(1);
        if wanted.len().abs_diff(candidate.len()) > allowed {
            continue;
        }
        let distance = levenshtein(&wanted, &candidate);
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, name));
        }
    }
    best.map(|(_, name)| name)
}

/// Edits (insertions, deletions, substitutions) from `a` to `b`.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The scheme of a destination a browser would run as script (`javascript:`, `vbscript:`) or
/// open as a document of no origin (`data:` other than an image), read the way a browser reads
/// an `href`: leading spaces and controls skipped, tabs and newlines anywhere ignored, any case.
/// A Markdown link of a guide is never meant to be one, and one pasted from elsewhere is how
/// script reaches a page; raw HTML in a guide stays the owner's choice.
fn script_scheme(destination: &str) -> Option<&'static str> {
    let cleaned: String = destination
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if cleaned.starts_with("javascript:") {
        Some("javascript:")
    } else if cleaned.starts_with("vbscript:") {
        Some("vbscript:")
    } else if cleaned.starts_with("data:") && !cleaned.starts_with("data:image/") {
        Some("data:")
    } else {
        None
    }
}

/// A URL with a scheme (`https:`, `mailto:`) or a protocol-relative one (`//host`).
fn is_external(destination: &str) -> bool {
    if destination.starts_with("//") {
        return true;
    }
    match destination.find(':') {
        Some(colon) => {
            let scheme = &destination[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !destination[..colon].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_recognised_as_a_browser_reads_them() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "\u{1}java\tscript:alert(1)",
            "java\nscript:x",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(script_scheme(url).is_some(), "{url:?}");
        }
        for url in [
            "https://example.com/javascript:x",
            "data:image/png;base64,iVBORw0KGgo=",
            "quickstart.md#javascript:",
            "mailto:a@b.c",
            "javascripts/app.md",
        ] {
            assert_eq!(script_scheme(url), None, "{url:?}");
        }
    }

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("quickstart.md"));
        assert!(!is_external("../a.md#x"));
        assert!(!is_external("/api/x/"));
    }

    fn targets(slug: &str, operations: &[&str], webhooks: &[&str], schemas: &[&str]) -> ApiTargets {
        let mut api = ApiTargets {
            slug: slug.to_string(),
            url: format!("api/{slug}/"),
            ..ApiTargets::default()
        };
        for id in operations {
            let url = format!("api/{slug}/operations/{}/", crate::slug::kebab(id));
            api.operations.add(id, &url);
        }
        for name in webhooks {
            api.webhooks.add(
                name,
                &format!("api/{slug}/webhooks/{}/", crate::slug::kebab(name)),
            );
        }
        for name in schemas {
            api.schemas.add(
                name,
                &format!("api/{slug}/schemas/{}/", crate::slug::kebab(name)),
            );
        }
        api
    }

    fn one_api() -> ApiLinks {
        ApiLinks::from_targets(vec![targets(
            "billing",
            &["createSubscription", "getInvoice", "listInvoices"],
            &["invoicePaid"],
            &["Invoice", "Subscription", "a/b~c"],
        )])
    }

    fn two_apis() -> ApiLinks {
        ApiLinks::from_targets(vec![
            targets(
                "billing",
                &["getStatus", "createSubscription"],
                &[],
                &["Invoice"],
            ),
            targets("identity", &["getStatus", "createUser"], &[], &["User"]),
        ])
    }

    #[test]
    fn api_links_name_operations_schemas_webhooks_and_apis() {
        let links = one_api();
        let ok = |r: &str| links.resolve(r).unwrap();
        assert_eq!(
            ok("createSubscription"),
            "api/billing/operations/create-subscription/"
        );
        assert_eq!(
            ok("billing:getInvoice"),
            "api/billing/operations/get-invoice/"
        );
        assert_eq!(
            ok("billing#/components/schemas/Invoice"),
            "api/billing/schemas/invoice/"
        );
        assert_eq!(
            ok("#/components/schemas/Subscription"),
            "api/billing/schemas/subscription/"
        );
        // Percent-encoding and JSON pointer escapes, as in any other link and ref.
        assert_eq!(
            ok("billing#/components/schemas/a~1b~0c"),
            ok("billing#/components/schemas/a%7E1b%7E0c")
        );
        assert_eq!(ok("%63reateSubscription"), ok("createSubscription"));
        assert_eq!(
            ok("billing:webhook:invoicePaid"),
            "api/billing/webhooks/invoice-paid/"
        );
        assert_eq!(ok("billing"), "api/billing/");
    }

    #[test]
    fn an_operation_id_of_several_apis_needs_the_slug() {
        let links = two_apis();
        let err = links.resolve("getStatus").unwrap_err();
        assert!(err.contains("2 APIs"), "{err}");
        assert!(
            err.contains("api:billing:getStatus or api:identity:getStatus"),
            "{err}"
        );
        assert_eq!(
            links.resolve("identity:getStatus").unwrap(),
            "api/identity/operations/get-status/"
        );
        assert_eq!(
            links.resolve("createUser").unwrap(),
            "api/identity/operations/create-user/"
        );
        let err = links.resolve("#/components/schemas/User").unwrap_err();
        assert!(err.contains("2 APIs"), "{err}");
        assert_eq!(
            links.resolve("identity#/components/schemas/User").unwrap(),
            "api/identity/schemas/user/"
        );
    }

    #[test]
    fn unknown_ids_are_named_with_the_closest_existing_one() {
        let links = one_api();
        let err = links.resolve("createSubscripton").unwrap_err();
        assert!(err.contains("`createSubscripton`"), "{err}");
        assert!(err.contains("did you mean `createSubscription`?"), "{err}");
        // Case does not count against a suggestion.
        let err = links.resolve("billing:getinvoice").unwrap_err();
        assert!(err.contains("did you mean `getInvoice`?"), "{err}");
        // Nothing close: no guess.
        let err = links.resolve("refundPayment").unwrap_err();
        assert!(err.contains("no operation with the operationId `refundPayment`"));
        assert!(!err.contains("did you mean"), "{err}");
        let err = links
            .resolve("billing#/components/schemas/Invoise")
            .unwrap_err();
        assert!(err.contains("no schema `Invoise`"), "{err}");
        assert!(err.contains("did you mean `Invoice`?"), "{err}");
        let err = links.resolve("biling:getInvoice").unwrap_err();
        assert!(err.contains("no API has the slug `biling`"), "{err}");
        assert!(err.contains("did you mean `billing`?"), "{err}");
        let err = links.resolve("billing:webhook:invoicePayed").unwrap_err();
        assert!(err.contains("did you mean `invoicePaid`?"), "{err}");
        // A schema's name where an operationId belongs says how to link to the schema.
        let err = links.resolve("Invoice").unwrap_err();
        assert!(
            err.contains("api:billing#/components/schemas/Invoice"),
            "{err}"
        );
        // A fragment means a schema and nothing else.
        let err = links.resolve("createSubscription#responses").unwrap_err();
        assert!(err.contains("#responses names no schema"), "{err}");
        assert!(links.resolve("").is_err());
        assert!(ApiLinks::default().resolve("x").is_err());
    }

    #[test]
    fn suggestions_need_a_small_distance_for_the_length() {
        let names = ["getEvent", "listEvents", "createCustomer"];
        assert_eq!(closest("getEvnt", names), Some("getEvent"));
        assert_eq!(closest("listEvent", names), Some("listEvents"));
        // A renamed operation is often still close enough to be found.
        assert_eq!(closest("registerCustomer", names), Some("createCustomer"));
        assert_eq!(closest("deleteInvoice", names), None);
        assert_eq!(closest("get", names), None);
        assert_eq!(levenshtein(&['a', 'b'], &[]), 2);
        let (kitten, sitting): (Vec<char>, Vec<char>) =
            ("kitten".chars().collect(), "sitting".chars().collect());
        assert_eq!(levenshtein(&kitten, &sitting), 3);
    }

    #[test]
    fn api_links_are_relative_to_the_page_and_broken_ones_carry_their_code() {
        let links = SiteLinks {
            by_source: HashMap::new(),
            by_dir: HashMap::new(),
            paths: HashSet::new(),
            by_url: HashMap::new(),
            anchors: Vec::new(),
            assets: HashSet::new(),
            api: one_api(),
        };
        let page = PageLinks {
            links: &links,
            index: 0,
            dir: PathBuf::from("guides"),
            root: relative_root("guides/billing/"),
        };
        match page.resolve("api:createSubscription") {
            Ok(LinkTarget::Rewrite(href)) => {
                assert_eq!(href, "../../api/billing/operations/create-subscription/")
            }
            _ => panic!("not rewritten"),
        }
        let Err(err) = page.resolve("api:createSubscripton") else {
            panic!("resolved");
        };
        assert_eq!(err.code, Code::UnknownApiReference);
        assert!(
            err.message.starts_with("link to api:createSubscripton: "),
            "{}",
            err.message
        );
        let Err(err) = page.resolve("/api/billing/nothing/") else {
            panic!("resolved");
        };
        assert_eq!(err.code, Code::BrokenLink);
    }
}
