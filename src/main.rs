//! The `portico` binary: parses the command line, runs the library, reports, exits.

mod cli;
mod memory;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
