//! The preview's HTTP side: the site from memory at the URLs a static host would use, the
//! live-reload events, and a status document for tools and tests.
//!
//! Paths are looked up in the snapshot's map, never joined onto a folder, so no request can
//! name a file the build did not put in the site. Copied files (static files, guide assets) are
//! read when asked for, and only when they still resolve inside the project.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::broadcast;

use super::messages::{self, Message, Problem};
use super::site::{Body, Snapshot};

/// The script `serve` adds to every HTML page it serves, with the generation of the snapshot
/// the page comes from.
pub fn live_script_tag(generation: u64) -> String {
    format!("<script src=\"/__portico/live.js\" data-generation=\"{generation}\"></script>")
}
const LIVE_JS: &str = include_str!("live.js");

/// How often an idle event stream gets a comment: more often than `connections::STALL`, so an
/// open page's stream always shows progress and is never dropped as a stalled client.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(4);

/// The theme's policy (`base.html`) less what guides and specs need, for the page `serve` writes
/// itself while there is no site: its script is a file too.
const NOT_BUILT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// What the server and the rebuilding thread share.
pub struct Shared {
    pub site: RwLock<Arc<Snapshot>>,
    pub status: RwLock<Status>,
    pub events: broadcast::Sender<Message>,
    /// The project folder, canonical: copied files must resolve inside it.
    pub root: PathBuf,
    /// Differs between runs of `serve`, so pages notice a restarted server.
    pub server_id: String,
}

/// `/__portico/status`: where the preview is.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// Counts successful builds; the snapshot being served is of this one.
    pub generation: u64,
    /// True when the last build failed: `problems` says why, the last good site is served.
    pub failed: bool,
    pub problems: Vec<Problem>,
    /// True while files changed that are not yet in the served site (a build is pending or
    /// running, or the search index is being rebuilt).
    pub busy: bool,
    pub search_current: bool,
    pub files: usize,
}

impl Shared {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn status(&self) -> Status {
        self.status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn update_status(&self, change: impl FnOnce(&mut Status)) {
        change(&mut self.status.write().unwrap_or_else(|e| e.into_inner()));
    }

    pub fn publish(&self, snapshot: Snapshot) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }

    /// Tell every connected page. Nobody listening is fine.
    pub fn send(&self, message: Message) {
        let _ = self.events.send(message);
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__portico/events", get(events))
        .route("/__portico/live.js", get(live_js))
        .route("/__portico/status", get(status))
        .route("/__portico/manifest", get(manifest))
        .fallback(site_file)
        .with_state(shared)
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the status, so nothing between the two is missed.
    let receiver = shared.events.subscribe();
    let status = shared.status();
    let generation = shared.snapshot().generation;
    let mut first = vec![messages::hello(&shared.server_id, generation)];
    if status.failed {
        first.push(messages::problems(generation, &status.problems));
    }
    let later = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(message) => return Some((message, receiver)),
                // A page that fell behind gets the next messages; each one is whole.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let all = stream::iter(first)
        .chain(later)
        .map(|m| Ok(Event::default().event(m.event).data(m.data)));
    Sse::new(all).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

async fn live_js() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        Bytes::from_static(LIVE_JS.as_bytes()),
        false,
    )
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let json = serde_json::to_string(&shared.status()).unwrap_or_default();
    respond(StatusCode::OK, "application/json", json.into(), false)
}

async fn manifest(State(shared): State<Arc<Shared>>) -> Response {
    let snapshot = shared.snapshot();
    let mut paths: Vec<&String> = snapshot.files.keys().collect();
    paths.sort();
    let json = serde_json::to_string(&paths).unwrap_or_default();
    respond(StatusCode::OK, "application/json", json.into(), false)
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        let mut response = respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"method not allowed\n"),
            false,
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(key) = site_key(uri.path()) else {
        return respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"bad path\n"),
            head,
        );
    };
    let snapshot = shared.snapshot();
    let generation = snapshot.generation;
    if let Some(body) = snapshot.files.get(&key) {
        return file_response(&shared.root, StatusCode::OK, &key, body, generation, head).await;
    }
    // `/guides/quickstart` → `/guides/quickstart/`, as static hosts do.
    if !key.is_empty() && !key.ends_with('/') {
        let folder = format!("{key}/index.html");
        if snapshot.files.contains_key(&folder) {
            let mut location = format!("{}/", uri.path());
            if let Some(query) = uri.query() {
                location = format!("{location}?{query}");
            }
            return Response::builder()
                .status(StatusCode::PERMANENT_REDIRECT)
                .header(header::LOCATION, location)
                .header(header::CACHE_CONTROL, "no-store")
                .body(HttpBody::empty())
                .unwrap_or_default();
        }
    }
    match snapshot.files.get("404.html") {
        Some(body) => {
            file_response(
                &shared.root,
                StatusCode::NOT_FOUND,
                "404.html",
                body,
                generation,
                head,
            )
            .await
        }
        None => not_built(&shared, head),
    }
}

/// The page to show while no build has succeeded yet: the overlay tells what is wrong.
fn not_built(shared: &Shared, head: bool) -> Response {
    let status = shared.status();
    let text = if status.failed {
        "The site has errors: they are listed on this page and in the terminal."
    } else {
        "The site is being built."
    };
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{NOT_BUILT_CSP}\"><title>Portico preview</title></head><body><p>{text}</p>{}</body></html>",
        live_script_tag(0)
    );
    let mut response = respond(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        html.into(),
        head,
    );
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(NOT_BUILT_CSP),
    );
    response
}

/// The snapshot key for a request path: percent-decoded, without the leading `/`, folders
/// ending in `index.html`. `None` for paths that try to climb (`..`, `.`, backslashes, NUL,
/// encoded or not) or are not UTF-8: they never name a file of the site.
pub fn site_key(path: &str) -> Option<String> {
    let decoded = percent_decode_strict(path)?;
    let rest = decoded.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if *segment == "."
            || *segment == ".."
            || segment.contains('\\')
            || segment.contains('\0')
            || (segment.is_empty() && !last)
        {
            return None;
        }
    }
    if rest.is_empty() || rest.ends_with('/') {
        Some(format!("{rest}index.html"))
    } else {
        Some(rest.to_string())
    }
}

/// Percent-decoding that refuses malformed escapes and invalid UTF-8 instead of guessing.
fn percent_decode_strict(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn file_response(
    root: &Path,
    status: StatusCode,
    key: &str,
    body: &Body,
    generation: u64,
    head: bool,
) -> Response {
    let content_type = content_type(key);
    let bytes = match body {
        Body::Bytes(bytes) => bytes.clone(),
        Body::File(path) => match read_inside(root, path).await {
            Some(bytes) => bytes,
            None => {
                return respond(
                    StatusCode::NOT_FOUND,
                    "text/plain; charset=utf-8",
                    Bytes::from_static(b"not found\n"),
                    head,
                )
            }
        },
    };
    // No policy header here: a page carries its own (the theme's `csp` block), so the preview
    // enforces exactly what the built site will, a project's own policy included. The script
    // added is a file of the same origin, which that policy allows.
    let bytes = if content_type.starts_with("text/html") {
        with_live_script(&bytes, generation)
    } else {
        bytes
    };
    respond(status, &content_type, bytes, head)
}

/// Read a copied file, unless it now resolves outside the project (a symlink made after the
/// build) or is gone.
async fn read_inside(root: &Path, path: &Path) -> Option<Bytes> {
    let root = root.to_path_buf();
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let real = path.canonicalize().ok()?;
        if !real.starts_with(&root) || !real.is_file() {
            return None;
        }
        std::fs::read(real).ok().map(Bytes::from)
    })
    .await
    .ok()
    .flatten()
}

/// The page with the live-reload script before its closing `</body>` (or at its end).
pub fn with_live_script(html: &[u8], generation: u64) -> Bytes {
    let tag = live_script_tag(generation);
    let tag = tag.as_bytes();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&html[at..]);
    out.into()
}

fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == "text"
        || matches!(
            essence,
            "application/json" | "application/javascript" | "image/svg+xml" | "application/xml"
        );
    // Spec downloads: show YAML as text rather than offering a download.
    let essence = match essence {
        "application/javascript" => "text/javascript",
        "application/x-yaml" | "text/x-yaml" | "application/yaml" => "text/yaml",
        other => other,
    };
    if textual || essence == "text/yaml" {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

fn respond(status: StatusCode, content_type: &str, bytes: Bytes, head: bool) -> Response {
    let length = bytes.len();
    let body = if head {
        HttpBody::empty()
    } else {
        HttpBody::from(bytes)
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    // The preview changes with every save: never let the browser reuse a stale copy.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_files_and_never_climb() {
        assert_eq!(site_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_key("/guides/quick%20start/").as_deref(),
            Some("guides/quick start/index.html")
        );
        assert_eq!(
            site_key("/assets/style.css").as_deref(),
            Some("assets/style.css")
        );
        for bad in [
            "/../portico.toml",
            "/guides/../../etc/passwd",
            "/%2e%2e/portico.toml",
            "/%2E%2E%2Fportico.toml",
            "/..%5cportico.toml",
            "/a//b",
            "/./index.html",
            "/%00",
            "/%ff",
            "/%zz",
            "relative",
        ] {
            assert_eq!(site_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_live_script_goes_before_the_closing_body() {
        let out = with_live_script(b"<html><body><p>x</p></body></html>", 3);
        let text = String::from_utf8(out.to_vec()).unwrap();
        assert!(text.ends_with(
            "<p>x</p><script src=\"/__portico/live.js\" data-generation=\"3\"></script></body></html>"
        ));
        let bare = with_live_script(b"<p>no body", 1);
        assert!(String::from_utf8(bare.to_vec())
            .unwrap()
            .ends_with(&live_script_tag(1)));
    }

    #[test]
    fn content_types_carry_a_charset_for_text() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/search.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("search/index.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(
            content_type("assets/favicon.svg"),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("api/x/openapi.yaml"),
            "text/yaml; charset=utf-8"
        );
        assert_eq!(content_type("logo.png"), "image/png");
    }
}
