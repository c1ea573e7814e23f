//! The `portico` binary: parses the command line, runs the library, reports, exits.

mod cli;

use std::process::ExitCode;

/// Gives back to the system the memory that freeing left inside the allocator
/// (`BuildOptions::release_memory`): without it, rendering raises the peak beside the freed
/// parsed documents instead of reusing their pages. The allocator is the system's: on Linux,
/// glibc's, which kept resident memory closest to the live heap of every allocator measured
/// (benches/README.md §16); mimalloc was 8-17% faster and 2-17 MB larger.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim takes no pointers; it only returns free pages of glibc's heaps.
        unsafe {
            malloc_trim(0);
        }
    }
}

fn main() -> ExitCode {
    cli::run()
}
