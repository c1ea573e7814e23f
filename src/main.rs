//! The `portico` binary: parses the command line, runs the library, reports, exits.

mod cli;

use std::process::ExitCode;

/// glibc's allocator kept about four times the live heap as resident memory on big specs (many
/// short-lived values across rayon threads, arenas per thread): GitHub's spec checked with a
/// peak heap of 83 MB and a peak RSS of 405 MB. mimalloc returns freed pages. Built without
/// transparent huge pages (`no_thp`): with them, each partly used 2 MiB region of its arenas was
/// resident whole, and peak RSS was 1.8 times the live heap (GitHub: 145 MB for 81 MB live;
/// 110 MB without, for about 3% more time in page faults).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives back to the system the pages of memory this thread freed that mimalloc still holds
/// (`BuildOptions::release_memory`).
fn release_freed_memory() {
    // SAFETY: mi_collect only walks and purges the calling thread's own mimalloc heap.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

fn main() -> ExitCode {
    cli::run()
}
