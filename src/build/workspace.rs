//! A project between builds: every input as last read, every group of pages as last rendered.
//!
//! `portico build` makes a `Workspace` and rebuilds it once with everything changed;
//! `portico serve` keeps it and rebuilds it after each edit. Both run the same code, so an
//! incremental result is a full build by construction, apart from what is reused: a file whose
//! stamp did not change and that no watcher reported is not read again, a spec none of whose
//! files changed is not modelled again, and a group of pages whose fingerprint (see
//! `fingerprint.rs`) did not change is not rendered again.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::changes::{stamp, Changes, Input, Stamp};
use super::fingerprint::{self, Fingerprint};
use super::laps::{self, Lap, Stopwatch};
use super::specs;
use super::{BuildError, BuildOptions, Release};
use crate::diagnostics::{self, Code, Diagnostic};
use crate::load::config::{self, Config};
use crate::load::content::{self, Asset, SourcePage};
use crate::load::spec;
use crate::model::api::Api;
use crate::model::links::SiteLinks;
use crate::model::site::{asset_url, Site};
use crate::render::markdown::{self, Outline};
use crate::render::pages::{self, PageResult, PageSink, Renderer};
use crate::render::theme;
use crate::search;
use crate::write::output::Entry;
use crate::write::sitemap;

/// When the search index is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchTiming {
    /// Beside the pages, before `rebuild` returns (`portico build`).
    WithPages,
    /// Later, by `finish_search` (`portico serve`, which reloads the browser first). Until then
    /// the site carries the previous index, which is whole and consistent, only older.
    Later,
}

/// The outcome of a rebuild: the whole site as entries, sorted by path.
#[derive(Debug)]
pub struct Rebuilt {
    pub entries: Vec<Entry>,
    pub warnings: Vec<Diagnostic>,
    /// Each stage's time and the peak memory when it ended, in pipeline order.
    pub timings: Vec<Lap>,
    pub stats: SiteStats,
    /// False while the search index is older than the pages (`SearchTiming::Later`).
    pub search_current: bool,
}

/// What the site holds, for the report.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteStats {
    pub pages: usize,
    pub guides: usize,
    pub apis: usize,
    pub operations: usize,
    pub schemas: usize,
}

/// A search index to build away from the workspace (it only reads the planned site).
pub struct SearchJob {
    site: Arc<Site>,
    fingerprint: u64,
}

/// A built search index.
pub struct SearchIndex {
    fingerprint: u64,
    files: Vec<(String, bytes::Bytes)>,
    elapsed: Duration,
}

impl SearchJob {
    pub fn run(self) -> SearchIndex {
        let started = Instant::now();
        let files = search::build(&self.site)
            .files
            .into_iter()
            .map(|(path, bytes)| (path, bytes::Bytes::from(bytes)))
            .collect();
        SearchIndex {
            fingerprint: self.fingerprint,
            files,
            elapsed: started.elapsed(),
        }
    }
}

/// The search index's files by path: their bytes, or `None` once handed to the sink.
type SearchFiles = Vec<(String, Option<bytes::Bytes>)>;

/// Which pages a cached render is of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Group {
    /// One guide, by its file relative to the project root.
    Guide(PathBuf),
    /// One API's reference, by the spec's root file.
    Api(PathBuf),
    /// The pages made from the site's structure (generated home and sections, 404, search).
    Structure,
}

struct Rendered {
    fingerprint: u64,
    pages: Arc<Vec<PageResult>>,
}

struct CachedGuide {
    input: Input,
    /// Changes whenever the file is read again: the guide's part of its fingerprint.
    version: u64,
    loaded: Result<(SourcePage, Outline), Diagnostic>,
}

enum SpecState {
    /// A discovered file without `openapi`/`swagger`: a fragment other documents refer to.
    Fragment,
    /// Read, with or without an API (none when it has errors).
    Read {
        slug: String,
        api: Option<(Arc<Api>, Entry)>,
        problems: Vec<Diagnostic>,
    },
}

struct CachedSpec {
    /// The root file first, then every file its refs reached.
    inputs: Vec<Input>,
    /// Its code samples, highlighted: the next build of the spec reuses what did not change.
    highlights: HashMap<u64, String>,
    configured: Option<config::ApiConfig>,
    version: u64,
    state: SpecState,
}

struct CachedTheme {
    /// Every file of the project's theme folder and `templates/`, as last read.
    files: BTreeMap<PathBuf, Option<Stamp>>,
    theme: theme::Theme,
    problems: Vec<Diagnostic>,
    tera: Result<Arc<pages::Compiled>, Vec<Diagnostic>>,
    /// Of the template sources: a group of pages is rendered again only when its templates
    /// changed.
    templates: Arc<fingerprint::Templates>,
}

/// What the last successful plan produced, kept to assemble entries again after the search
/// index is finished.
struct Planned {
    site: Arc<Site>,
    /// Entries that do not come from rendering: spec downloads, assets, static files.
    copies: Vec<Entry>,
    /// The groups of pages the site is made of, in order.
    groups: Vec<Group>,
    problems: Vec<Diagnostic>,
    search_fingerprint: u64,
}

pub struct Workspace {
    options: BuildOptions,
    config: Option<(Input, Config)>,
    guides: BTreeMap<PathBuf, CachedGuide>,
    specs: BTreeMap<PathBuf, CachedSpec>,
    theme: Option<CachedTheme>,
    rendered: HashMap<Group, Rendered>,
    /// The search index's files, by the fingerprint of what it read.
    search: Option<(u64, SearchFiles)>,
    planned: Option<Planned>,
    next_version: u64,
    /// Where rendered pages go instead of `rendered` (see [`Workspace::streaming`]).
    sink: Option<Arc<PageSink>>,
}

impl Workspace {
    pub fn new(options: BuildOptions) -> Self {
        Workspace {
            options,
            config: None,
            guides: BTreeMap::new(),
            specs: BTreeMap::new(),
            theme: None,
            rendered: HashMap::new(),
            search: None,
            planned: None,
            next_version: 0,
            sink: None,
        }
    }

    /// Hand every page to `sink` as it is rendered and keep only its path: for a one-off build,
    /// which writes pages as they come instead of holding the whole site. A workspace that
    /// rebuilds (`serve`) must keep its pages.
    pub fn streaming(mut self, sink: Arc<PageSink>) -> Self {
        self.sink = Some(sink);
        self
    }

    /// Every rendered group with its fingerprint, for tests of what a change re-renders.
    #[cfg(test)]
    pub(super) fn fingerprints(&self) -> Vec<(Group, u64)> {
        let mut all: Vec<(Group, u64)> = self
            .rendered
            .iter()
            .map(|(g, r)| (g.clone(), r.fingerprint))
            .collect();
        all.sort_by(|a, b| format!("{:?}", a.0).cmp(&format!("{:?}", b.0)));
        all
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The site as last planned, if it could be.
    pub fn site(&self) -> Option<&Site> {
        self.planned.as_ref().map(|p| p.site.as_ref())
    }

    /// The project's config as last read successfully.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref().map(|(_, c)| c)
    }

    /// Files outside `content/`, `specs/`, `templates/`, `themes/` and `static/` that the last
    /// build read (files that specs reach through `$ref`), relative to the root: a watcher
    /// should watch their folders too.
    pub fn outside_inputs(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .specs
            .values()
            .flat_map(|s| s.inputs.iter().map(|i| i.rel.clone()))
            .filter(|rel| !super::INPUT_DIRS.iter().any(|dir| rel.starts_with(dir)))
            .collect();
        files.sort();
        files.dedup();
        files
    }

    fn stage(&self, index: usize) {
        if let Some(progress) = &self.options.progress {
            progress.stage(index);
        }
    }

    fn version(&mut self) -> u64 {
        self.next_version += 1;
        self.next_version
    }

    /// Bring the site up to date with the files on disk. `changes` names what a watcher saw;
    /// anything else whose stamp changed is read again as well.
    pub fn rebuild(
        &mut self,
        changes: &Changes,
        search: SearchTiming,
    ) -> Result<Rebuilt, BuildError> {
        let root = self.options.root.clone();
        let mut clock = Stopwatch::start();
        self.stage(0);
        self.refresh_config(&root, changes)?;
        let config = self
            .config
            .as_ref()
            .map(|(_, c)| c.clone())
            .expect("config");
        let mut problems = Vec::new();
        let (sources, assets) = self.refresh_guides(&root, changes, &mut problems);
        clock.lap("load");
        self.stage(1);
        let apis = self.refresh_specs(&root, &config, changes, &mut problems);
        clock.lap("normalise, resolve and model the specs");
        self.stage(2);
        self.refresh_theme(&root, &config, changes);
        let theme = self.theme.as_ref().expect("theme");
        problems.extend(theme.problems.iter().cloned());

        let site = Site::plan(
            &config,
            sources,
            apis.iter().map(|(_, api, _)| api.clone()).collect(),
            assets,
            self.options.drafts,
            &mut problems,
        );
        clock.lap("outline guides and plan the site");
        self.stage(3);
        fail_on_errors(&mut problems)?;
        let tera = theme.tera.clone().map_err(BuildError::Project)?;
        let templates = theme.templates.clone();

        let (wanted, search_fp) = self.fingerprints_of(&site, &apis, &templates);
        let stale: Vec<&(Group, u64)> = wanted
            .iter()
            .filter(|(group, fp)| {
                self.rendered
                    .get(group)
                    .is_none_or(|r| r.fingerprint != *fp)
            })
            .collect();
        let index_wanted = search == SearchTiming::WithPages
            && self.search.as_ref().is_none_or(|(fp, _)| *fp != search_fp);

        let search_started = Instant::now();
        let (fresh, index) = rayon::join(
            || {
                render_groups(
                    &tera,
                    &config,
                    &site,
                    &apis,
                    &stale,
                    self.options.progress.as_deref(),
                    self.sink.as_deref(),
                )
            },
            || {
                index_wanted.then(|| {
                    let index = search::build(&site);
                    // What building it freed, and the code that built it, are given back
                    // before the pages still being rendered take their own (see
                    // `RELEASE_EVERY_PAGES` for the figures).
                    if let Some(release) = self.options.release_memory {
                        release(Release::StageOver);
                    }
                    // Streamed as soon as it is made: its files (3 MB for Kubernetes) need not
                    // wait beside the pages still being rendered.
                    let files: SearchFiles = index
                        .files
                        .into_iter()
                        .map(|(path, bytes)| match self.sink.as_deref() {
                            Some(sink) => {
                                sink(&path, &bytes);
                                (path, None)
                            }
                            None => (path, Some(bytes::Bytes::from(bytes))),
                        })
                        .collect();
                    (files, search_started.elapsed())
                })
            },
        );
        clock.lap("render pages and search index");
        if let Some((files, time)) = index {
            clock.part("  of which search index (in parallel)", time);
            self.search = Some((search_fp, files));
        }
        for (group, fp, pages) in fresh {
            self.rendered.insert(
                group,
                Rendered {
                    fingerprint: fp,
                    pages: Arc::new(pages),
                },
            );
        }
        let live: HashSet<&Group> = wanted.iter().map(|(g, _)| g).collect();
        self.rendered.retain(|group, _| live.contains(group));

        let mut copies = Vec::new();
        for (file, _, _) in &apis {
            if let Some(SpecState::Read {
                api: Some((_, download)),
                ..
            }) = self.specs.get(file).map(|s| &s.state)
            {
                copies.push(download.clone());
            }
        }
        for asset in &site.assets {
            copies.push(Entry::Copy(asset_url(&asset.rel), asset.source.clone()));
        }
        let static_dir = root.join("static");
        if static_dir.is_dir() {
            for (path, rel) in content::project_files(&root, &static_dir, &mut problems) {
                copies.push(Entry::Copy(asset_url(&rel), path));
            }
        }
        self.planned = Some(Planned {
            site: Arc::new(site),
            groups: wanted.into_iter().map(|(g, _)| g).collect(),
            copies,
            problems,
            search_fingerprint: search_fp,
        });
        let mut rebuilt = self.assemble()?;
        clock.lap("assets, sitemap and copies");
        rebuilt.timings = clock.laps;
        Ok(rebuilt)
    }

    /// Every group of pages the site is made of, with the fingerprint of what it reads (see
    /// `fingerprint.rs`), and the fingerprint of what the search index reads.
    fn fingerprints_of(
        &self,
        site: &Site,
        apis: &[(PathBuf, Arc<Api>, u64)],
        templates: &fingerprint::Templates,
    ) -> (Vec<(Group, u64)>, u64) {
        let structure = fingerprint::structure(site);
        let guides = fingerprint::Guides::new(site);
        let mut wanted: Vec<(Group, u64)> = Vec::new();
        let mut search = Fingerprint::new();
        search.add(structure);
        for (i, page) in site.pages.iter().enumerate() {
            let version = self.guides[&page.source.file].version;
            search.add(version);
            let fp = Fingerprint::new()
                .add(version)
                .add(guides.page(site, i))
                .add(templates.of(&[pages::guide_template(page.source.kind)]))
                .finish();
            wanted.push((Group::Guide(page.source.file.clone()), fp));
        }
        wanted.push((
            Group::Structure,
            Fingerprint::new()
                .add(structure)
                .add(templates.of(pages::STRUCTURE_TEMPLATES))
                .finish(),
        ));
        let navigation = fingerprint::navigation(site);
        let api_templates = templates.of(pages::API_TEMPLATES);
        for (file, _, version) in apis {
            search.add(version);
            let fp = Fingerprint::new()
                .add(version)
                .add(navigation)
                .add(api_templates)
                .finish();
            wanted.push((Group::Api(file.clone()), fp));
        }
        (wanted, search.finish())
    }

    /// The search index the planned site still needs, when the one it has is older (after a
    /// rebuild with `SearchTiming::Later`). Run it on any thread, then `accept_search` it.
    pub fn search_job(&self) -> Option<SearchJob> {
        let planned = self.planned.as_ref()?;
        let current = self
            .search
            .as_ref()
            .is_some_and(|(fp, _)| *fp == planned.search_fingerprint);
        (!current).then(|| SearchJob {
            site: planned.site.clone(),
            fingerprint: planned.search_fingerprint,
        })
    }

    /// Take a finished search index and assemble the site again with it. `None` when the site
    /// changed since the job started (the caller starts another).
    pub fn accept_search(&mut self, index: SearchIndex) -> Option<Result<Rebuilt, BuildError>> {
        let planned = self.planned.as_ref()?;
        if planned.search_fingerprint != index.fingerprint {
            return None;
        }
        let files = index
            .files
            .into_iter()
            .map(|(path, bytes)| (path, Some(bytes)))
            .collect();
        self.search = Some((index.fingerprint, files));
        let mut rebuilt = self.assemble();
        if let Ok(rebuilt) = &mut rebuilt {
            rebuilt.timings = vec![Lap {
                stage: "search index",
                time: index.elapsed,
                peak_rss: laps::peak_rss(),
            }];
        }
        Some(rebuilt)
    }

    /// The site as entries: rendered pages, the search index, generated files and copies.
    fn assemble(&self) -> Result<Rebuilt, BuildError> {
        let planned = self.planned.as_ref().expect("a planned site");
        let config = self.config().expect("config");
        let theme = &self.theme.as_ref().expect("theme").theme;
        let mut problems = planned.problems.clone();
        let mut entries = Vec::new();
        for group in &planned.groups {
            for page in self.rendered[group].pages.iter() {
                match page {
                    Ok(file) if file.written => entries.push(Entry::Written(file.path.clone())),
                    Ok(file) => entries.push(Entry::Bytes(file.path.clone(), file.bytes.clone())),
                    Err(found) => problems.extend(found.iter().cloned()),
                }
            }
        }
        fail_on_errors(&mut problems)?;
        let pages = entries.len();
        if let Some((_, files)) = &self.search {
            for (path, bytes) in files {
                entries.push(match bytes {
                    Some(bytes) => Entry::Bytes(path.clone(), bytes.clone()),
                    None => Entry::Written(path.clone()),
                });
            }
        }
        if config.base_url_is_absolute() {
            let paths: Vec<&str> = entries.iter().map(Entry::path).collect();
            let xml = sitemap::sitemap(&config.base_url_with_slash(), &paths);
            entries.push(Entry::Bytes("sitemap.xml".into(), xml.into()));
        } else {
            problems.push(
                Diagnostic::warning(
                    config::CONFIG_FILE,
                    "no sitemap.xml: `base_url` is not an absolute URL",
                )
                .code(Code::NoSitemap)
                .with_hint("set base_url = \"https://your.domain/path/\""),
            );
        }
        for (name, bytes) in &theme.assets {
            entries.push(Entry::Bytes(format!("assets/{name}"), bytes.clone()));
        }
        entries.extend(planned.copies.iter().cloned());
        check_collisions(&self.options.root, &entries, &mut problems);
        fail_on_errors(&mut problems)?;
        entries.sort_by(|a, b| a.path().cmp(b.path()));
        diagnostics::sort(&mut problems);
        let site = &planned.site;
        Ok(Rebuilt {
            stats: SiteStats {
                pages,
                guides: site.pages.len(),
                apis: site.apis.len(),
                operations: site.apis.iter().map(|a| a.operations.len()).sum(),
                schemas: site.apis.iter().map(|a| a.schemas.len()).sum(),
            },
            entries,
            warnings: problems,
            timings: Vec::new(),
            search_current: self
                .search
                .as_ref()
                .is_some_and(|(fp, _)| *fp == planned.search_fingerprint),
        })
    }

    /// Read `portico.toml` again when it changed. A config that differs from the last one
    /// invalidates everything: it decides URLs, the theme, the specs and every page's header.
    fn refresh_config(&mut self, root: &Path, changes: &Changes) -> Result<(), BuildError> {
        if let Some((input, _)) = &self.config {
            if !input.is_stale(root, changes) {
                return Ok(());
            }
        }
        let input = Input::read_now(root, Path::new(config::CONFIG_FILE));
        let loaded = config::load(root);
        let mut config = match loaded {
            Ok(config) => config,
            Err(problems) => {
                self.config = None;
                return Err(BuildError::Project(problems));
            }
        };
        if let Some(base_url) = &self.options.base_url {
            config.base_url = base_url.clone();
        }
        let same = self
            .config
            .as_ref()
            .is_some_and(|(_, old)| format!("{old:?}") == format!("{config:?}"));
        if !same {
            self.guides.clear();
            self.specs.clear();
            self.theme = None;
            self.rendered.clear();
            // The old index stays until the new one is built: whole, only older.
            self.planned = None;
        }
        self.config = Some((input, config));
        Ok(())
    }

    /// Walk `content/`: Markdown files become guides (read again only when stale), other files
    /// are assets copied beside them.
    fn refresh_guides(
        &mut self,
        root: &Path,
        changes: &Changes,
        problems: &mut Vec<Diagnostic>,
    ) -> (Vec<(SourcePage, Outline)>, Vec<Asset>) {
        let dir = root.join(content::CONTENT_DIR);
        let mut assets = Vec::new();
        let mut files = Vec::new();
        if dir.is_dir() {
            for (path, rel) in content::project_files(root, &dir, problems) {
                if path.extension().is_some_and(|e| e == "md") {
                    files.push((path, rel));
                } else {
                    assets.push(Asset { source: path, rel });
                }
            }
        }
        let mut old = std::mem::take(&mut self.guides);
        let cached: Vec<Option<CachedGuide>> = files
            .iter()
            .map(|(_, rel)| {
                let file = Path::new(content::CONTENT_DIR).join(rel);
                let mut guide = old.remove(&file)?;
                let fresh =
                    !guide.input.is_stale(root, changes) || !guide.input.content_changed(root);
                fresh.then_some(guide)
            })
            .collect();
        let read: Vec<CachedGuide> = files
            .par_iter()
            .zip(cached)
            .map(|((path, rel), cached)| {
                cached.unwrap_or_else(|| {
                    let file = Path::new(content::CONTENT_DIR).join(rel);
                    let (input, bytes) =
                        Input::read_with(root, &file, |_| content::read_bytes(path, &file));
                    let loaded = bytes
                        .and_then(|bytes| content::page_from_bytes(bytes, &file, rel))
                        .map(|page| {
                            let outline = markdown::outline(&page.body);
                            (page, outline)
                        });
                    CachedGuide {
                        input,
                        version: 0,
                        loaded,
                    }
                })
            })
            .collect();
        let mut sources = Vec::with_capacity(read.len());
        for mut guide in read {
            if guide.version == 0 {
                guide.version = self.version();
            }
            match &guide.loaded {
                Ok((page, outline)) => sources.push((page.clone(), outline.clone())),
                Err(problem) => problems.push(problem.clone()),
            }
            self.guides.insert(guide.input.rel.clone(), guide);
        }
        (sources, assets)
    }

    /// Find the specs and model those whose files changed. Returns each API with its root
    /// file and version, in the order of the candidates.
    fn refresh_specs(
        &mut self,
        root: &Path,
        config: &Config,
        changes: &Changes,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<(PathBuf, Arc<Api>, u64)> {
        let candidates = spec::candidates(root, config, problems);
        let anything_changed = match changes {
            Changes::All => true,
            Changes::Paths(paths) => !paths.is_empty(),
        };
        let mut old = std::mem::take(&mut self.specs);
        // Kept as it is, or to be read again with what its last build highlighted.
        let kept: Vec<Result<CachedSpec, HashMap<u64, String>>> = candidates
            .iter()
            .map(|candidate| {
                let Some(mut cached) = old.remove(&candidate.file) else {
                    return Err(HashMap::new());
                };
                // A spec with problems may be waiting for a file it could not find.
                let failed = match &cached.state {
                    SpecState::Fragment => false,
                    SpecState::Read { api, .. } => api.is_none(),
                };
                let same_entry = cached.configured.as_ref().map(|c| &c.slug)
                    == candidate.configured.as_ref().map(|c| &c.slug);
                if (failed && anything_changed) || !same_entry {
                    return Err(cached.highlights);
                }
                let stale = cached.inputs.iter().any(|i| i.is_stale(root, changes));
                // Every input is checked (no short cut), so each records its new stamp.
                let changed = stale && {
                    let changes: Vec<bool> = cached
                        .inputs
                        .iter_mut()
                        .map(|i| i.content_changed(root))
                        .collect();
                    changes.contains(&true)
                };
                if changed {
                    Err(cached.highlights)
                } else {
                    Ok(cached)
                }
            })
            .collect();
        let settings = specs::Settings {
            check: self.options.check,
            lint: config.lint,
            release_memory: self.options.release_memory,
        };
        // A one-off build (streaming) has no next build: nothing to keep for it.
        let one_off = self.sink.is_some();
        let read: Vec<CachedSpec> = candidates
            .par_iter()
            .zip(kept)
            .map(|(candidate, kept)| {
                kept.unwrap_or_else(|highlights| {
                    read_spec(root, candidate, highlights, one_off, settings)
                })
            })
            .collect();
        if let Some(release) = self.options.release_memory {
            if read.iter().any(|spec| spec.version == 0) {
                rayon::broadcast(|_| release(Release::StageOver));
            }
        }
        let mut slugs = HashSet::new();
        let mut apis = Vec::new();
        for (candidate, mut cached) in candidates.iter().zip(read) {
            if cached.version == 0 {
                cached.version = self.version();
            }
            if let SpecState::Read {
                slug,
                api,
                problems: found,
            } = &cached.state
            {
                if candidate.configured.is_none() && !slugs.insert(slug.clone()) {
                    problems.push(spec::duplicate_slug(&candidate.file, slug));
                } else {
                    problems.extend(found.iter().cloned());
                    if let Some((api, _)) = api {
                        apis.push((candidate.file.clone(), api.clone(), cached.version));
                    }
                }
            }
            self.specs.insert(candidate.file.clone(), cached);
        }
        apis
    }

    /// Load the theme again when a file of it changed; compile templates again only when their
    /// sources changed.
    fn refresh_theme(&mut self, root: &Path, config: &Config, changes: &Changes) {
        let theme_dir = Path::new("themes").join(&config.theme);
        let mut files = BTreeMap::new();
        for dir in [theme_dir.as_path(), Path::new("templates")] {
            if root.join(dir).is_dir() {
                for (path, _) in content::project_files(root, &root.join(dir), &mut Vec::new()) {
                    let stamp = stamp(&path);
                    files.insert(path, stamp);
                }
            }
        }
        if let Some(cached) = &self.theme {
            if cached.files == files
                && !changes.touches_under(&theme_dir)
                && !changes.touches_under(Path::new("templates"))
            {
                return;
            }
        }
        let mut problems = Vec::new();
        let theme = theme::load(root, &config.theme, &mut problems);
        let templates = Arc::new(fingerprint::Templates::new(&theme.templates));
        let tera = match &self.theme {
            Some(old) if old.templates.all == templates.all => old.tera.clone(),
            _ => pages::compile(&theme, !self.options.tera_only).map(Arc::new),
        };
        self.theme = Some(CachedTheme {
            files,
            theme,
            problems,
            tera,
            templates,
        });
    }
}

fn fail_on_errors(problems: &mut Vec<Diagnostic>) -> Result<(), BuildError> {
    if problems.iter().any(Diagnostic::is_error) {
        diagnostics::sort(problems);
        return Err(BuildError::Project(std::mem::take(problems)));
    }
    Ok(())
}

/// Render the stale groups, in parallel.
fn render_groups(
    compiled: &pages::Compiled,
    config: &Config,
    site: &Site,
    apis: &[(PathBuf, Arc<Api>, u64)],
    stale: &[&(Group, u64)],
    progress: Option<&super::Progress>,
    sink: Option<&PageSink>,
) -> Vec<(Group, u64, Vec<PageResult>)> {
    if stale.is_empty() {
        return Vec::new();
    }
    if let Some(progress) = progress {
        // Roughly: an API renders a page per operation, webhook, schema and tag, plus a few.
        let pages: usize = stale
            .iter()
            .map(|(group, _)| match group {
                Group::Guide(_) => 1,
                Group::Structure => site.sections.len() + 3,
                Group::Api(file) => {
                    apis.iter()
                        .find(|(f, _, _)| f == file)
                        .map_or(0, |(_, api, _)| {
                            api.operations.len()
                                + api.webhooks.len()
                                + api.schemas.len()
                                + api.tags.len()
                                + 3
                        })
                }
            })
            .sum();
        progress.expect(pages);
    }
    let renderer = Renderer::new(compiled, config, site)
        .counting(progress)
        .streaming(sink);
    let links = SiteLinks::new(site);
    let guide_index: HashMap<&Path, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.file.as_path(), i))
        .collect();
    stale
        .par_iter()
        .map(|(group, fp)| {
            let pages = match group {
                Group::Guide(file) => {
                    vec![renderer.guide_page(&links, guide_index[file.as_path()])]
                }
                Group::Structure => renderer.structure_pages(),
                Group::Api(file) => {
                    let api = &apis.iter().find(|(f, _, _)| f == file).expect("api").1;
                    renderer.api_pages(api)
                }
            };
            (group.clone(), *fp, pages)
        })
        .collect()
}

/// Read one candidate spec and, when it is a root document, model it.
fn read_spec(
    root: &Path,
    candidate: &spec::Candidate,
    highlights: HashMap<u64, String>,
    one_off: bool,
    settings: specs::Settings,
) -> CachedSpec {
    let input = |file: &Path| {
        if one_off {
            Input::stamp_now(root, file)
        } else {
            Input::read_now(root, file)
        }
    };
    let root_input = input(&candidate.file);
    let mut kept_highlights = HashMap::new();
    let (state, mut inputs) = match candidate.read(root) {
        Err(problem) => (
            SpecState::Read {
                slug: candidate.slug(),
                api: None,
                problems: vec![problem],
            },
            Vec::new(),
        ),
        Ok((_, value, _)) if !candidate.is_root(&value) => (SpecState::Fragment, Vec::new()),
        Ok((text, value, format)) => {
            let prepared = specs::prepare(
                root,
                candidate.source(text, value, format),
                (!one_off).then_some(highlights),
                settings,
            );
            kept_highlights = prepared.highlights;
            let inputs = prepared
                .files
                .iter()
                .filter(|f| **f != candidate.file)
                .map(|f| input(f))
                .collect();
            (
                SpecState::Read {
                    slug: candidate.slug(),
                    api: prepared
                        .api
                        .map(|(api, download)| (Arc::new(api), download)),
                    problems: prepared.problems,
                },
                inputs,
            )
        }
    };
    inputs.insert(0, root_input);
    CachedSpec {
        inputs,
        highlights: kept_highlights,
        configured: candidate.configured.clone(),
        version: 0,
        state,
    }
}

/// A file in `static/` or `content/` that would overwrite a generated page is an error.
fn check_collisions(root: &Path, entries: &[Entry], problems: &mut Vec<Diagnostic>) {
    let mut seen = HashMap::new();
    for entry in entries {
        if let Some(previous) = seen.insert(entry.path(), entry) {
            let source = |e: &Entry| match e {
                Entry::Copy(_, p) => Some(p.clone()),
                Entry::Bytes(..) | Entry::Written(_) => None,
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
                .code(Code::OutputCollision)
                .with_hint("rename or move it"),
            );
        }
    }
}
