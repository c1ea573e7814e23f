//! A spec document's bytes through what `build` does with one spec (`build::specs::prepare`,
//! called as `build` calls it):
//! read and parse (JSON or YAML), bundle the files its `$ref`s reach, detect the version,
//! convert 2.0 → 3.0 → 3.1, and build the API model with its checks.
//!
//! The input is written as `specs/api.yaml` of a scratch project (one per process) beside a
//! fixed fragment `specs/common.yaml`, so refs to other files, to the file itself and to files
//! that do not exist all take their real paths.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use portico::build::specs;
use portico::load::config::{Limits, Lint};
use portico::load::spec::Candidate;

const COMMON: &str = "components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id: {type: integer}\n        parent: {$ref: '#/components/schemas/Pet'}\n        owner: {$ref: 'api.yaml#/components/schemas/Owner'}\n    Err: {type: string}\nresponses:\n  NotFound:\n    description: gone\n    content:\n      application/json:\n        schema: {$ref: '#/components/schemas/Err'}\n";

fn project() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("portico-fuzz-spec-{}", std::process::id()));
        std::fs::create_dir_all(root.join("specs")).expect("scratch project");
        std::fs::write(root.join("specs/common.yaml"), COMMON).expect("fragment");
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let root = project();
    let file = Path::new("specs/api.yaml");
    // A failed write is the machine's problem, not Portico's: with a full disk every input
    // "crashes" here, and libFuzzer cannot save the input either (an empty artifact).
    std::fs::write(root.join(file), data).expect("write the input (is the disk full?)");
    let candidate = Candidate {
        file: file.to_path_buf(),
        configured: None,
        limits: Limits::default(),
    };
    let Ok((text, value, format)) = candidate.read(root) else {
        return;
    };
    if !candidate.is_root(&value) {
        return;
    }
    let source = candidate.source(text, value, format);
    // `check` mode: samples escaped rather than highlighted, every lint rule on.
    let _ = specs::prepare(root, source, None, true, Lint::default());
});
