//! Portico: a developer-portal static site generator. See ARCHITECTURE.md for the map.
//!
//! The library never prints or exits: it returns values and typed errors, and the `portico`
//! binary decides how to report them.

pub mod build;
pub mod diagnostics;
pub mod doc;
pub mod init;
pub mod keys;
pub mod load;
pub mod model;
pub mod normalise;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod slug;
pub mod uri;
pub mod write;

pub use build::{build, BuildError, BuildOptions, BuildReport, Release};
