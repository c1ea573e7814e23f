//! A guide's bytes through `load::content::page_from_bytes`: UTF-8 check, front matter split and
//! parse, as `build` reads every file under `content/`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use portico::load::content::page_from_bytes;

fuzz_target!(|data: &[u8]| {
    let file = Path::new("content/guides/page.md");
    match page_from_bytes(data.to_vec(), file, Path::new("guides/page.md")) {
        Ok(page) => assert!(page.body_line_offset <= data.len() + 1),
        // A problem must say where it is.
        Err(problem) => assert_eq!(problem.file, file),
    }
});
