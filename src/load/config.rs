//! `portico.toml`: the project's settings, read strictly (an unknown key is an error with its line).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Position};

pub const CONFIG_FILE: &str = "portico.toml";

/// The settings of one project. Every field is documented for users in the README and in the
/// sample portal's `content/docs/` page; keep the three in step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The portal's name, shown in the header and page titles.
    pub title: String,
    /// One sentence about the portal, used in `<meta name="description">` of the home page.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the site will be published, e.g. `https://example.com/docs/`. Used for the sitemap
    /// and for the 404 page's links; all other links are relative, so the output works from any
    /// sub-path.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Output folder, relative to the project root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// `default` (built in) or the name of a folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Order of the top-level navigation: content section folder names and API slugs.
    /// Entries not listed follow, guides by weight, APIs in the order of `apis`.
    #[serde(default)]
    pub nav: Vec<String>,
    /// The specs to publish. When empty, every OpenAPI document under `specs/` is published.
    #[serde(default)]
    pub apis: Vec<ApiConfig>,
    /// Text of the footer line (plain text).
    #[serde(default)]
    pub footer: Option<String>,
    /// How loudly each check of the specs speaks: `[lint]`, rule = "off" | "warning" | "error".
    #[serde(default)]
    pub lint: Lint,
    /// What one spec may cost to read: `[limits]`. Hostile or broken input stops at these with
    /// an error instead of exhausting memory or the stack.
    #[serde(default)]
    pub limits: Limits,
}

/// The `[limits]` table. The defaults are far above any published spec (GitHub's is 13 MB and
/// nests about 30 levels) and far below what would take a machine down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Limits {
    /// The largest spec file read, in bytes: the root document and every file its refs reach.
    pub max_spec_bytes: u64,
    /// The deepest nesting of objects and arrays in a spec, once its files are bundled. The
    /// JSON and YAML parsers stop at [`Limits::PARSER_DEPTH`] whatever this says.
    pub max_depth: usize,
    /// The longest chain of `$ref`s followed: a ref to a ref to a ref…, and refs into other
    /// files inlined inside each other. Longer chains are reported as cycles.
    pub max_ref_chain: usize,
    /// How many values YAML aliases (`*name`) may add to a document. A document counts as one
    /// value per byte of its text before any are added, so a "billion laughs" document stops
    /// at its size plus this many values.
    pub max_yaml_alias_values: usize,
}

impl Limits {
    /// The deepest nesting both parsers read, counted the way `max-depth` counts (the top-level
    /// mapping is level 1): serde_json refuses a 128th level, yaml_serde a 129th.
    pub const PARSER_DEPTH: usize = 127;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_spec_bytes: 64 * 1024 * 1024,
            max_depth: Limits::PARSER_DEPTH,
            max_ref_chain: 64,
            max_yaml_alias_values: 1_000_000,
        }
    }
}

/// What a lint rule's findings are: not reported, warnings (the build goes on; `--strict` fails
/// `portico check`), or errors (the build stops before writing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warning,
    Error,
}

/// The `[lint]` table: one level per rule. The defaults keep real specs building (nothing is an
/// error unless a team asks) and stay quiet about what most published specs leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Lint {
    /// An operation (or webhook) without `summary`: its title falls back to `GET /path`.
    pub missing_summary: Level,
    /// An operation (or webhook) without `description`.
    pub missing_description: Level,
    /// A request or response media type with a schema but no example of its own or in the
    /// schema (the portal then shows a generated one).
    pub missing_examples: Level,
    /// A component (`components.schemas`, `parameters`, `responses`, `requestBodies`, …) that
    /// nothing refers to.
    pub unused_components: Level,
    /// An operation without `tags`: it is listed under "Other operations".
    pub operation_without_tag: Level,
    /// An example that does not validate against its schema.
    pub invalid_example: Level,
}

impl Default for Lint {
    fn default() -> Self {
        Lint {
            missing_summary: Level::Warning,
            missing_description: Level::Off,
            missing_examples: Level::Off,
            unused_components: Level::Warning,
            operation_without_tag: Level::Off,
            invalid_example: Level::Warning,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiConfig {
    /// URL segment: the API's pages live under `/api/<slug>/`.
    pub slug: String,
    /// Path of the root spec document, relative to the project root.
    pub spec: PathBuf,
    /// Shown in navigation; defaults to the spec's `info.title`.
    #[serde(default)]
    pub title: Option<String>,
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}

fn default_theme() -> String {
    "default".to_string()
}

impl Config {
    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// `base_url` with a trailing `/`.
    pub fn base_url_with_slash(&self) -> String {
        let mut url = self.base_url.clone();
        if !url.ends_with('/') {
            url.push('/');
        }
        url
    }

    pub fn base_url_is_absolute(&self) -> bool {
        self.base_url.starts_with("https://") || self.base_url.starts_with("http://")
    }
}

fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"));
    let path = match after_scheme {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
    };
    let mut path = path.to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Read and check `portico.toml` in `root`.
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => super::utf8_text(bytes, Path::new(CONFIG_FILE), "portico.toml")
            .map_err(|problem| vec![problem])?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(vec![Diagnostic::error(
                CONFIG_FILE,
                format!("no {CONFIG_FILE} in {}", root.display()),
            )
            .code(Code::NoConfig)
            .with_hint(
                "run `portico init <dir>` to start a project, or pass `--root <dir>`",
            )]);
        }
        Err(e) => {
            return Err(vec![Diagnostic::error(
                CONFIG_FILE,
                format!("cannot read: {e}"),
            )
            .code(Code::Unreadable)]);
        }
    };
    let config = parse(&text)?;
    let problems = validate(&config, &text);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(config)
}

/// Parse the text of a `portico.toml`.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    toml::from_str::<Config>(text).map_err(|e| {
        let position = e
            .span()
            .map(|span| Position::of_offset(text, span.start))
            .unwrap_or_default();
        let message = e.message().trim().to_string();
        let code = if message.starts_with("unknown field") {
            Code::ConfigUnknownKey
        } else if message.starts_with("invalid type")
            || message.starts_with("invalid value")
            || message.starts_with("unknown variant")
        {
            Code::ConfigInvalidValue
        } else {
            Code::ConfigSyntax
        };
        let mut d = Diagnostic::error(CONFIG_FILE, message.clone())
            .code(code)
            .at(position);
        if message.starts_with("unknown field") {
            d = d.with_hint("see the README's `portico.toml` section for the keys Portico knows");
        }
        vec![d]
    })
}

fn validate(config: &Config, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let position_of = |needle: &str| {
        text.find(needle)
            .map(|offset| Position::of_offset(text, offset))
            .unwrap_or_default()
    };
    if config.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(CONFIG_FILE, "`title` is empty")
                .code(Code::ConfigInvalidValue)
                .at(position_of("title")),
        );
    }
    if !relative_inside(&config.output_dir) || config.output_dir.as_os_str().is_empty() {
        problems.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!(
                    "`output_dir = {:?}` must be a folder inside the project",
                    config.output_dir
                ),
            )
            .code(Code::PathOutsideProject)
            .at(position_of("output_dir"))
            .with_hint("use a relative path such as \"public\""),
        );
    }
    let limits = &config.limits;
    let mut limit_problem = |key: &str, message: String| {
        problems.push(
            Diagnostic::error(CONFIG_FILE, message)
                .code(Code::ConfigInvalidValue)
                .at(position_of(key)),
        );
    };
    if limits.max_depth == 0 || limits.max_depth > Limits::PARSER_DEPTH {
        limit_problem(
            "max-depth",
            format!(
                "`max-depth = {}` must be between 1 and {} (the JSON and YAML parsers stop there)",
                limits.max_depth,
                Limits::PARSER_DEPTH
            ),
        );
    }
    if limits.max_spec_bytes == 0 {
        limit_problem(
            "max-spec-bytes",
            "`max-spec-bytes` must be at least 1".into(),
        );
    }
    if limits.max_ref_chain == 0 || limits.max_ref_chain > crate::resolve::refs::MAX_CHAIN {
        limit_problem(
            "max-ref-chain",
            format!(
                "`max-ref-chain` must be between 1 and {}",
                crate::resolve::refs::MAX_CHAIN
            ),
        );
    }
    let mut slugs = std::collections::HashSet::new();
    for api in &config.apis {
        let here = position_of(&format!("\"{}\"", api.slug));
        let valid_slug = !api.slug.is_empty()
            && api
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid_slug {
            problems.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("API slug {:?} is not a URL segment", api.slug),
                )
                .code(Code::ConfigInvalidValue)
                .at(here)
                .with_hint("use lowercase letters, digits, `-` and `_`"),
            );
        }
        if !slugs.insert(api.slug.as_str()) {
            problems.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("API slug {:?} is used twice", api.slug),
                )
                .code(Code::DuplicateSlug)
                .at(here),
            );
        }
        if !relative_inside(&api.spec) {
            problems.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("spec path {:?} leaves the project", api.spec),
                )
                .code(Code::PathOutsideProject)
                .at(position_of(&api.spec.to_string_lossy()))
                .with_hint("specs are read only from inside the project folder"),
            );
        }
    }
    problems
}

/// True for a relative path that stays inside its base (no root, no `..` above it).
pub fn relative_inside(path: &Path) -> bool {
    crate::uri::normalise_relative(path).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let err = parse("title = \"x\"\n\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(
            err[0].message.contains("unknown field `colour`"),
            "{}",
            err[0]
        );
        assert_eq!(err[0].line, 3);
    }

    #[test]
    fn unknown_keys_in_api_tables_are_errors_too() {
        let err = parse("title = \"x\"\n[[apis]]\nslug = \"a\"\nspec = \"s.yaml\"\nsepc = 1\n")
            .unwrap_err();
        assert_eq!(err[0].line, 5, "{}", err[0]);
    }

    #[test]
    fn lint_levels_are_read_and_default_to_quiet_warnings() {
        let config = parse("title = \"x\"\n").unwrap();
        assert_eq!(config.lint, Lint::default());
        assert_eq!(config.lint.missing_summary, Level::Warning);
        assert_eq!(config.lint.missing_description, Level::Off);
        let config = parse(
            "title = \"x\"\n[lint]\nmissing-summary = \"error\"\ninvalid-example = \"off\"\n",
        )
        .unwrap();
        assert_eq!(config.lint.missing_summary, Level::Error);
        assert_eq!(config.lint.invalid_example, Level::Off);
        assert_eq!(config.lint.unused_components, Level::Warning);
    }

    #[test]
    fn unknown_lint_rules_and_levels_are_errors_with_their_line() {
        let err = parse("title = \"x\"\n[lint]\nmissing-sumary = \"off\"\n").unwrap_err();
        assert_eq!((err[0].code, err[0].line), (Code::ConfigUnknownKey, 3));
        assert!(err[0].message.contains("missing-sumary"), "{}", err[0]);
        let err = parse("title = \"x\"\n[lint]\nmissing-summary = \"loud\"\n").unwrap_err();
        assert_eq!((err[0].code, err[0].line), (Code::ConfigInvalidValue, 3));
        assert!(err[0].message.contains("`off`, `warning`"), "{}", err[0]);
    }

    #[test]
    fn limits_are_read_and_checked() {
        let config = parse("title = \"x\"\n").unwrap();
        assert_eq!(config.limits, Limits::default());
        assert_eq!(config.limits.max_spec_bytes, 64 * 1024 * 1024);
        let text = "title = \"x\"\n[limits]\nmax-spec-bytes = 1000\nmax-yaml-alias-values = 5\n";
        let config = parse(text).unwrap();
        assert_eq!(config.limits.max_spec_bytes, 1000);
        assert_eq!(config.limits.max_yaml_alias_values, 5);
        assert_eq!(config.limits.max_ref_chain, 64);
        assert!(validate(&config, text).is_empty());
        let text = "title = \"x\"\n[limits]\nmax-depth = 500\n";
        let problems = validate(&parse(text).unwrap(), text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 3, "{}", problems[0]);
        assert!(
            problems[0].message.contains("between 1 and 127"),
            "{}",
            problems[0]
        );
        let err = parse("title = \"x\"\n[limits]\nmax-dept = 5\n").unwrap_err();
        assert_eq!((err[0].code, err[0].line), (Code::ConfigUnknownKey, 3));
    }

    #[test]
    fn base_path_comes_from_the_url() {
        assert_eq!(base_path_of("https://example.com/docs"), "/docs/");
        assert_eq!(base_path_of("https://example.com"), "/");
        assert_eq!(base_path_of("/"), "/");
        assert_eq!(base_path_of("docs/"), "/docs/");
    }

    #[test]
    fn paths_must_stay_inside() {
        assert!(relative_inside(Path::new("specs/a.yaml")));
        assert!(relative_inside(Path::new("specs/../a.yaml")));
        assert!(!relative_inside(Path::new("../a.yaml")));
        assert!(!relative_inside(Path::new("/etc/passwd")));
    }

    #[test]
    fn bad_values_are_reported_together() {
        let config = parse(
            "title = \"\"\noutput_dir = \"..\"\n[[apis]]\nslug = \"Bad Slug\"\nspec = \"../x.yaml\"\n",
        )
        .unwrap();
        let text = "";
        let problems = validate(&config, text);
        assert_eq!(problems.len(), 4, "{problems:?}");
    }
}
