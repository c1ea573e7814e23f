//! One spec through bundle → normalise (2.0 → 3.0 → 3.1) → model.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};
use crate::load::spec;
use crate::model::api::Api;
use crate::model::openapi;
use crate::normalise::openapi as normalise;
use crate::normalise::swagger2;
use crate::render::highlight;
use crate::resolve::bundle;
use crate::write::output::Entry;

/// A spec made ready to render.
pub struct Prepared {
    /// The API and the entry for its download, unless the spec has errors.
    pub api: Option<(Api, Entry)>,
    pub problems: Vec<Diagnostic>,
    /// The code samples it highlighted, for the next build of this spec.
    pub highlights: HashMap<u64, String>,
    /// Every file the spec was read from (its root and the files its `$ref`s reach), relative
    /// to the project root: a change to any of them rebuilds the API.
    pub files: Vec<PathBuf>,
}

/// How this build prepares its specs.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// `portico check`: code samples are escaped, not highlighted.
    pub check: bool,
    pub lint: crate::load::config::Lint,
    /// Gives back to the system the memory this thread freed (`BuildOptions::release_memory`).
    pub release_memory: Option<fn(super::Release)>,
}

/// One spec through bundle → normalise → model. Returns the API and the entry for its download.
/// `highlights` is what the last build of this spec highlighted, when builds follow one another
/// (`portico serve`); `None` for a one-off build, which keeps nothing for a next one, and gives
/// back the spec's text while it models it (read again only to place a problem).
pub fn prepare(
    root: &Path,
    mut source: spec::SpecSource,
    highlights: Option<HashMap<u64, String>>,
    settings: Settings,
) -> Prepared {
    let one_off = highlights.is_none();
    if one_off {
        source.text.release();
    }
    let mut problems = Vec::new();
    let bundled = bundle::bundle_with(
        root,
        &source.file,
        std::mem::take(&mut source.value),
        &source.limits,
        &mut problems,
    );
    source.value = bundled.document;
    source.origins = bundled.origins;
    source.written_refs = bundled.written_refs;
    let files = bundled.files;
    if problems.iter().any(Diagnostic::is_error) {
        return Prepared {
            api: None,
            problems,
            files,
            highlights: highlights.unwrap_or_default(),
        };
    }
    let version = match normalise::detect(&source.value) {
        Ok(version) => version,
        Err(e) => {
            problems.push(
                Diagnostic::error(&source.file, e.to_string())
                    .code(Code::NotOpenApi)
                    .at(crate::diagnostics::Position::new(1, 1)),
            );
            return Prepared {
                api: None,
                problems,
                files,
                highlights: highlights.unwrap_or_default(),
            };
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
    // A single file is offered for download as it is; a multi-file spec as its bundle. The
    // bytes are the ones this build read: a preview serving the last good site serves its spec.
    let download_path = format!("api/{}/openapi.{}", source.slug, source.format.extension());
    let bundle = (files.len() > 1).then(|| match source.format {
        spec::Format::Json => serde_json::to_string_pretty(&source.value).unwrap_or_default(),
        spec::Format::Yaml => serde_yaml::to_string(&source.value).unwrap_or_default(),
    });
    if version == normalise::Version::V20 {
        source.value = swagger2::convert(&source.value);
    }
    if version != normalise::Version::V31 {
        normalise::upgrade_30_to_31(&mut source.value);
    }
    // The text and whatever reading and converting the document freed would otherwise stay
    // resident beside the model, which does not reuse all of it (GitHub: 100 -> 91 MiB peak).
    if let Some(release) = settings.release_memory {
        release(super::Release::StageOver);
    }
    let memo = match highlights {
        _ if settings.check => highlight::Memo::plain(),
        Some(earlier) => highlight::Memo::new(earlier),
        None => highlight::Memo::once(),
    };
    let lint = openapi::LintOptions::new(settings.lint, settings.check);
    let (api, found) = openapi::build(&source, &declared, &memo, &lint);
    // Freed, and its pages given back, before the problems are placed: placing may read the
    // spec's text again (Stripe: 4 MB, and the peak of its build when it came on top).
    source.value = crate::doc::Value::Null;
    if let Some(release) = settings.release_memory {
        release(super::Release::StageOver);
    }
    let places = openapi::Places {
        project: root,
        spec: &source,
        openapi_version: &declared,
    };
    problems.append(&mut places.place(found));
    let download = match bundle {
        Some(bundle) => Entry::Bytes(download_path, bundle.into()),
        // A one-off build copies the file when it writes the site.
        None if one_off => Entry::Copy(download_path, root.join(&source.file)),
        // A preview holds the bytes it read (moved, not copied: a big spec's text is 13 MB), so
        // that the last good site it serves offers the spec it was built from.
        None => Entry::Bytes(download_path, source.text.take().unwrap_or_default().into()),
    };
    Prepared {
        api: Some((api, download)),
        problems,
        files,
        highlights: memo.into_used(),
    }
}
