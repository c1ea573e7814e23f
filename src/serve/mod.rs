//! `portico serve`: a live preview. The site is built in memory, served by axum, and rebuilt
//! when a file changes; the pages reload themselves.
//!
//! `http.rs` serves the current snapshot (`site.rs`) and the events (`messages.rs`, `live.js`);
//! `connections.rs` bounds how many connections are open and how long a silent one lasts;
//! `watch.rs` turns file-system events into paths; `rebuild.rs` debounces them, rebuilds the
//! `build::Workspace` (which re-renders only what the change affects) and tells the pages.

mod connections;
mod http;
mod messages;
mod rebuild;
mod site;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::build::{BuildError, BuildOptions, Changes, SearchTiming, SiteStats, Workspace};
use crate::diagnostics::Diagnostic;
pub use http::{live_script_tag, site_key, with_live_script};

/// The port tried first; the next ones are tried when it is taken.
pub const DEFAULT_PORT: u16 = 4000;
const PORTS_TRIED: u16 = 10;

/// What `portico serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project; `base_url` is replaced by the preview's own address.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// `None`: the default port, or the next free one. `Some(0)`: any free port.
    pub port: Option<u16>,
    /// Poll the files instead of relying on native file-system events.
    pub poll: bool,
    /// Also write the site to the output folder, as `build` would, after each rebuild.
    pub write: bool,
}

/// What happened, for the command line to report.
#[derive(Debug)]
pub enum Notice {
    /// The first build finished (or failed) and the server is listening.
    Listening {
        url: String,
        stats: Option<SiteStats>,
        ms: f64,
        warnings: Vec<Diagnostic>,
        problems: Vec<Diagnostic>,
    },
    /// A change was rebuilt and the pages told. `ms` runs from the first file event.
    Rebuilt {
        ms: f64,
        changed: Vec<PathBuf>,
        pages_changed: usize,
        pages: usize,
        /// Time in each stage of the rebuild, for `--verbose`.
        timings: Vec<crate::build::Lap>,
        /// Only when they differ from the last ones shown.
        warnings: Vec<Diagnostic>,
    },
    /// A change broke the build: the last good site stays served.
    Failed {
        changed: Vec<PathBuf>,
        problems: Vec<Diagnostic>,
    },
    SearchUpdated {
        ms: f64,
    },
    /// With `write`: the output folder was written (or could not be).
    Written {
        output: PathBuf,
        ms: f64,
        error: Option<String>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch the project's files: {0}")]
    Watch(#[from] notify::Error),
    #[error("cannot start the server: {0}")]
    Runtime(#[from] std::io::Error),
}

/// Bind, build, serve and watch until the process ends. `notices` is called from the server's
/// threads as things happen.
pub fn run(
    options: ServeOptions,
    mut notices: impl FnMut(Notice) + Send + 'static,
) -> Result<(), ServeError> {
    let listener = bind(options.bind, options.port)?;
    let addr = listener.local_addr()?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    let url = format!("http://{host}:{}/", addr.port());
    let mut build = options.build.clone();
    build.base_url = Some(url.clone());
    let root = build
        .root
        .canonicalize()
        .unwrap_or_else(|_| build.root.clone());

    let started = Instant::now();
    let mut workspace = Workspace::new(build);
    let first = workspace.rebuild(&Changes::All, SearchTiming::WithPages);
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(http::Shared {
        site: RwLock::new(Arc::new(site::Snapshot::default())),
        status: RwLock::new(http::Status::default()),
        events,
        root: root.clone(),
        server_id: format!("{}-{}", std::process::id(), started.elapsed().as_nanos()),
    });
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut written = None;
    let notice = match first {
        Ok(rebuilt) => {
            if options.write {
                written = Some(write_output(&workspace, &rebuilt.entries));
            }
            let stats = rebuilt.stats;
            let warnings = rebuilt.warnings.clone();
            let snapshot = site::Snapshot::new(rebuilt.entries, 1);
            let files = snapshot.files.len();
            shared.publish(snapshot);
            shared.update_status(|s| {
                s.generation = 1;
                s.search_current = true;
                s.files = files;
            });
            Notice::Listening {
                url: url.clone(),
                stats: Some(stats),
                ms,
                warnings,
                problems: Vec::new(),
            }
        }
        Err(error) => {
            let problems = match error {
                BuildError::Project(problems) => problems,
                other => vec![Diagnostic::error("", other.to_string())],
            };
            let sources = crate::diagnostics::Sources::of(&root, &problems);
            let shown = problems
                .iter()
                .map(|d| messages::Problem::new(&root, d, &sources))
                .collect();
            shared.update_status(|s| {
                s.failed = true;
                s.problems = shown;
            });
            Notice::Listening {
                url: url.clone(),
                stats: None,
                ms,
                warnings: Vec::new(),
                problems,
            }
        }
    };

    let (sender, signals) = mpsc::channel();
    let mut watch = watch::Watch::start(&root, options.poll, sender.clone())?;
    watch.refresh(&workspace.outside_inputs());
    let shown_warnings = match &notice {
        Notice::Listening { warnings, .. } => warnings.clone(),
        _ => Vec::new(),
    };
    notices(notice);
    if let Some(written) = written {
        notices(written);
    }
    let rebuilder = rebuild::Rebuilder {
        workspace,
        shared: shared.clone(),
        signals,
        sender,
        watch,
        waits_for_close: watch::reports_closes(options.poll),
        write: options.write,
        notices,
        shown_warnings,
    };
    std::thread::Builder::new()
        .name("portico-rebuild".into())
        .spawn(move || rebuilder.run())?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(connections::Limited::new(listener), http::router(shared)).await
    })?;
    Ok(())
}

/// Write the site where `build` would, and say how it went.
fn write_output(workspace: &Workspace, entries: &[crate::write::output::Entry]) -> Notice {
    let options = workspace.options();
    let output = match (&options.output, workspace.config()) {
        (Some(output), _) => output.clone(),
        (None, Some(config)) => crate::build::output_dir(&options.root, config),
        (None, None) => options.root.join("public"),
    };
    let started = Instant::now();
    let result = crate::write::output::write_site(&options.root, &output, entries);
    Notice::Written {
        output,
        ms: started.elapsed().as_secs_f64() * 1000.0,
        error: result.err().map(|e| e.to_string()),
    }
}

/// Listen on `port`, or on the default port or the next free one, or on any free port.
fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener, ServeError> {
    let try_port = |port: u16| {
        let addr = SocketAddr::new(ip, port);
        TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })
    };
    match port {
        Some(port) => try_port(port),
        None => (DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED)
            .find_map(|port| try_port(port).ok())
            .map_or_else(|| try_port(0), Ok),
    }
}
