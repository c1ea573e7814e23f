//! The `portico` binary: parses the command line, runs the library, reports, exits.

mod cli;

use std::process::ExitCode;

/// glibc's allocator kept about four times the live heap as resident memory on big specs (many
/// short-lived values across rayon threads, arenas per thread): GitHub's spec checked with a
/// peak heap of 83 MB and a peak RSS of 405 MB. mimalloc returns freed pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
