//! The pipeline, end to end: load → normalise → resolve → model → render → write.
//!
//! Every stage adds its problems to one list; the build stops before writing when any of them
//! is an error, so the previous output stays as it was.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::load::{config, content, spec};
use crate::model::{openapi, site::Site};
use crate::normalise::openapi as normalise;
use crate::normalise::swagger2;
use crate::render::{highlight, markdown, pages, theme};
use crate::resolve::bundle;
use crate::search;
use crate::write::output::{self, Entry};
use crate::write::sitemap;

/// What `portico build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` from `portico.toml`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `portico.toml`.
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// A finished build.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub guides: usize,
    pub apis: usize,
    pub operations: usize,
    pub schemas: usize,
    pub elapsed: Duration,
    /// Time spent in each stage, in pipeline order (for `--verbose` and profiling).
    pub timings: Vec<(&'static str, Duration)>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the project's files, all of them, sorted by file and position.
    #[error("the project has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Project(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] output::WriteError),
}

/// Everything rendered, before it is written.
pub struct RenderedSite {
    pub config: config::Config,
    pub entries: Vec<Entry>,
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Records how long each stage took.
struct Stopwatch {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn start() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Build the project and write it to its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut rendered = render(options)?;
    let write_started = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&rendered.config.output_dir));
    output::write_site(&options.root, &output, &rendered.entries)?;
    rendered.timings.push(("write", write_started.elapsed()));
    let site = &rendered.site;
    Ok(BuildReport {
        output,
        pages: rendered
            .entries
            .iter()
            .filter(|e| e.path().ends_with(".html"))
            .count(),
        guides: site.pages.len(),
        apis: site.apis.len(),
        operations: site.apis.iter().map(|a| a.operations.len()).sum(),
        schemas: site.apis.iter().map(|a| a.schemas.len()).sum(),
        elapsed: started.elapsed(),
        timings: rendered.timings,
        warnings: rendered.warnings,
    })
}

/// Run every stage but writing: the site as files in memory, or every problem found.
pub fn render(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    let root = options.root.as_path();
    let mut clock = Stopwatch::start();
    let mut config = config::load(root).map_err(BuildError::Project)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    let mut problems = Vec::new();

    let content = content::load(root, &mut problems);
    let specs = spec::load(root, &config, &mut problems);
    clock.lap("load");
    let apis: Vec<_> = specs
        .into_par_iter()
        .map(|source| prepare_spec(root, source))
        .collect();
    let mut models = Vec::new();
    let mut spec_files = Vec::new();
    for (api, mut found) in apis {
        problems.append(&mut found);
        if let Some((api, download)) = api {
            spec_files.push(download);
            models.push(api);
        }
    }

    clock.lap("normalise, resolve and model the specs");
    let theme = theme::load(root, &config.theme, &mut problems);
    let outlined: Vec<_> = content
        .pages
        .into_par_iter()
        .map(|page| {
            let outline = markdown::outline(&page.body);
            (page, outline)
        })
        .collect();
    let site = Site::plan(
        &config,
        outlined,
        models,
        content.assets,
        options.drafts,
        &mut problems,
    );
    clock.lap("outline guides and plan the site");
    fail_on_errors(&mut problems)?;

    let tera = pages::compile(&theme).map_err(BuildError::Project)?;
    // The index is built beside the pages: it reads the same plan and shares no state.
    let search_started = Instant::now();
    let ((files, mut render_problems), (search_index, search_time)) = rayon::join(
        || pages::render_site(&tera, &config, &site),
        || {
            let index = search::build(&site);
            (index, search_started.elapsed())
        },
    );
    clock.lap("render pages and search index");
    clock
        .laps
        .push(("  of which search index (in parallel)", search_time));
    problems.append(&mut render_problems);
    fail_on_errors(&mut problems)?;

    let mut entries: Vec<Entry> = files
        .into_iter()
        .map(|f| Entry::Bytes(f.path, f.bytes))
        .chain(
            search_index
                .files
                .into_iter()
                .map(|(path, bytes)| Entry::Bytes(path, bytes)),
        )
        .collect();
    if config.base_url_is_absolute() {
        let paths: Vec<&str> = entries.iter().map(Entry::path).collect();
        let xml = sitemap::sitemap(&config.base_url_with_slash(), &paths);
        entries.push(Entry::Bytes("sitemap.xml".into(), xml.into_bytes()));
    } else {
        problems.push(
            Diagnostic::warning(
                config::CONFIG_FILE,
                "no sitemap.xml: `base_url` is not an absolute URL",
            )
            .with_hint("set base_url = \"https://your.domain/path/\""),
        );
    }
    entries.push(Entry::Bytes(
        "assets/highlight.css".into(),
        highlight::stylesheet().into_bytes(),
    ));
    for (name, bytes) in &theme.assets {
        entries.push(Entry::Bytes(format!("assets/{name}"), bytes.clone()));
    }
    entries.extend(spec_files);
    for asset in &site.assets {
        entries.push(Entry::Copy(
            crate::model::site::asset_url(&asset.rel),
            asset.source.clone(),
        ));
    }
    let mut static_problems = Vec::new();
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        for (path, rel) in content::project_files(root, &static_dir, &mut static_problems) {
            entries.push(Entry::Copy(crate::model::site::asset_url(&rel), path));
        }
    }
    problems.append(&mut static_problems);
    check_collisions(root, &entries, &mut problems);
    fail_on_errors(&mut problems)?;
    entries.sort_by(|a, b| a.path().cmp(b.path()));
    diagnostics::sort(&mut problems);
    clock.lap("assets, sitemap and copies");
    Ok(RenderedSite {
        config,
        entries,
        site,
        warnings: problems,
        timings: clock.laps,
    })
}

/// One spec through bundle → normalise → model. Returns the API and the entry for its download.
fn prepare_spec(
    root: &Path,
    mut source: spec::SpecSource,
) -> (Option<(crate::model::api::Api, Entry)>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let bundled = bundle::bundle(
        root,
        &source.file,
        std::mem::take(&mut source.value),
        &mut problems,
    );
    source.value = bundled.document;
    source.origins = bundled.origins;
    if problems.iter().any(Diagnostic::is_error) {
        return (None, problems);
    }
    let version = match normalise::detect(&source.value) {
        Ok(version) => version,
        Err(e) => {
            problems.push(
                Diagnostic::error(&source.file, e.to_string())
                    .at(crate::diagnostics::Position::new(1, 1)),
            );
            return (None, problems);
        }
    };
    let declared = match version {
        normalise::Version::V20 => "2.0".to_string(),
        _ => source
            .value
            .get("openapi")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string(),
    };
    // A single file is offered for download as it is; a multi-file spec as its bundle.
    let download_path = format!("api/{}/openapi.{}", source.slug, source.format.extension());
    let download = if bundled.files.len() > 1 {
        let text = match source.format {
            spec::Format::Json => serde_json::to_string_pretty(&source.value).unwrap_or_default(),
            spec::Format::Yaml => serde_yaml::to_string(&source.value).unwrap_or_default(),
        };
        Entry::Bytes(download_path, text.into_bytes())
    } else {
        Entry::Copy(download_path, root.join(&source.file))
    };
    if version == normalise::Version::V20 {
        source.value = swagger2::convert(&source.value);
    }
    if version != normalise::Version::V31 {
        normalise::upgrade_30_to_31(&mut source.value);
    }
    let (api, mut found) = openapi::build(root, &source, &declared);
    problems.append(&mut found);
    (Some((api, download)), problems)
}

fn fail_on_errors(problems: &mut Vec<Diagnostic>) -> Result<(), BuildError> {
    if problems.iter().any(Diagnostic::is_error) {
        diagnostics::sort(problems);
        return Err(BuildError::Project(std::mem::take(problems)));
    }
    Ok(())
}

/// A file in `static/` or `content/` that would overwrite a generated page is an error.
fn check_collisions(root: &Path, entries: &[Entry], problems: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashMap::new();
    for entry in entries {
        if let Some(previous) = seen.insert(entry.path(), entry) {
            let source = |e: &Entry| match e {
                Entry::Copy(_, p) => Some(p.clone()),
                Entry::Bytes(..) => None,
            };
            let file = source(entry)
                .or_else(|| source(previous))
                .unwrap_or_default();
            let file = diagnostics::display_path(root, &file);
            problems.push(
                Diagnostic::error(
                    file,
                    format!(
                        "it would be written to {}, where Portico writes a generated file",
                        entry.path()
                    ),
                )
                .with_hint("rename or move it"),
            );
        }
    }
}

/// The output folder for a project, as `build` would choose it.
pub fn output_dir(root: &Path, config: &config::Config) -> PathBuf {
    root.join(&config.output_dir)
}
