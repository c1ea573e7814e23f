//! The command line, as clap types. Help texts are the user documentation of each command.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand};

/// Portico builds a developer portal (API reference from OpenAPI specs plus Markdown guides)
/// into a static site that works offline and on any web server.
#[derive(Debug, Parser)]
#[command(name = "portico", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  portico init my-portal\n  portico build --root my-portal\n\nExit codes: 0 success, 1 errors in the project, 2 wrong usage."
)]
pub struct Args {
    /// Project folder (the one holding portico.toml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more about what is done.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the portal into the output folder (public/ by default).
    ///
    /// Reads portico.toml, content/ (Markdown guides), specs/ (OpenAPI documents), templates/
    /// and static/, checks them, and writes the site. Nothing is written when the project has
    /// errors: the previous output stays as it was.
    #[command(
        after_help = "Examples:\n  portico build\n  portico build --root docs --output /tmp/site\n  portico build --base-url https://example.com/docs/"
    )]
    Build(BuildArgs),

    /// Check the project as a build would, writing nothing: for CI and before a commit.
    ///
    /// Reports every problem in one run, sorted by file and position, each with a stable code
    /// (e.g. P0303 dangling-ref), the file, line and column, the line itself and a hint.
    /// External URLs are never fetched; --list-external-links prints them for a link checker.
    #[command(
        after_help = "Examples:\n  portico check\n  portico check --strict --format github   # in a GitHub Actions job\n  portico check --format json > problems.json\n\nExit codes: 0 no errors (warnings allowed unless --strict), 1 errors (or warnings with --strict), 2 wrong usage."
    )]
    Check(CheckArgs),

    /// Preview the portal: build it in memory, serve it, and rebuild when a file changes.
    ///
    /// Serves on 127.0.0.1, on port 4000 or the next free one, and prints the URL. Pages
    /// reload by themselves after a save and keep their scroll position; stylesheets are
    /// swapped without a reload; when a change breaks the build, the last good site stays
    /// served and the browser shows the problems over it. Nothing is written to the output
    /// folder unless --write is given. Stop with Ctrl-C.
    #[command(
        after_help = "Examples:\n  portico serve\n  portico serve --port 8080 --open\n  portico serve --poll          # where file events do not arrive (network drives, some VMs)"
    )]
    Serve(ServeArgs),

    /// Create a starter project in DIR that builds as it is.
    ///
    /// Writes portico.toml, a home page, a guide and a small OpenAPI spec. Existing files are
    /// never overwritten unless --force is given.
    #[command(after_help = "Example:\n  portico init my-portal && portico build --root my-portal")]
    Init(InitArgs),
}

#[derive(Debug, ClapArgs)]
pub struct BuildArgs {
    /// Write the site here instead of the output_dir of portico.toml.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Publish under this URL instead of the base_url of portico.toml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, ClapArgs)]
pub struct CheckArgs {
    /// How to print the problems.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,

    /// Treat warnings as errors (exit 1 when there are any).
    #[arg(long)]
    pub strict: bool,

    /// Check pages marked `draft: true` too.
    #[arg(long)]
    pub drafts: bool,

    /// Print every external URL the site links to (URL, tab, file:line) and nothing else.
    #[arg(long)]
    pub list_external_links: bool,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: coloured on a terminal, with the source line and a caret.
    Human,
    /// One JSON document on stdout.
    Json,
    /// GitHub Actions workflow commands on stdout: annotations on the pull request.
    Github,
}

#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port). Without it: 4000, or the next free one.
    #[arg(long, short, value_name = "N")]
    pub port: Option<u16>,

    /// Address to listen on. Anything but a loopback address shows the preview to your network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,

    /// Poll files for changes instead of waiting for file-system events.
    #[arg(long)]
    pub poll: bool,

    /// Also write the site to the output folder (public/) after each rebuild, as build would.
    #[arg(long)]
    pub write: bool,

    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, ClapArgs)]
pub struct InitArgs {
    /// Folder to create the project in (relative to --root).
    pub dir: PathBuf,

    /// Overwrite starter files that already exist.
    #[arg(long)]
    pub force: bool,
}
