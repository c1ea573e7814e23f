//! Stable codes for every kind of problem, so a team can search for one, and a CI job or an
//! editor can match on it. The number says the stage (01 config, 02 guides, 03 specs, 04
//! templates and theme, 05 output), the name says what is wrong. Codes are never reused: a
//! retired code stays retired.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // portico.toml
    NoConfig,
    ConfigSyntax,
    ConfigUnknownKey,
    ConfigInvalidValue,
    UnknownNavEntry,
    PathOutsideProject,
    // content/
    Unreadable,
    NotUtf8,
    FrontMatterSyntax,
    FrontMatterUnknownKey,
    SymlinkOutside,
    DuplicateUrl,
    BrokenLink,
    BrokenAnchor,
    UnknownApiReference,
    UnsafeLink,
    // specs/
    SpecSyntax,
    NotOpenApi,
    DanglingRef,
    RefOutsideProject,
    RefCycle,
    DuplicateOperationId,
    DuplicateSlug,
    InvalidStructure,
    InvalidParameter,
    MissingResponses,
    UndeclaredPathParameter,
    UnusedPathParameter,
    // specs/, lint rules a team sets in `[lint]` of portico.toml
    InvalidExample,
    MissingSummary,
    MissingDescription,
    MissingExamples,
    UnusedComponent,
    OperationWithoutTag,
    // templates/, themes/
    TemplateError,
    ThemeNotFound,
    // output
    OutputCollision,
    NoSitemap,
    // anything the program itself could not do (I/O, a bug): never a project's fault alone
    Internal,
}

impl Code {
    /// Every code, in order: for documentation and tests.
    pub const ALL: [Code; 39] = [
        Code::NoConfig,
        Code::ConfigSyntax,
        Code::ConfigUnknownKey,
        Code::ConfigInvalidValue,
        Code::UnknownNavEntry,
        Code::PathOutsideProject,
        Code::Unreadable,
        Code::NotUtf8,
        Code::FrontMatterSyntax,
        Code::FrontMatterUnknownKey,
        Code::SymlinkOutside,
        Code::DuplicateUrl,
        Code::BrokenLink,
        Code::BrokenAnchor,
        Code::UnknownApiReference,
        Code::UnsafeLink,
        Code::SpecSyntax,
        Code::NotOpenApi,
        Code::DanglingRef,
        Code::RefOutsideProject,
        Code::RefCycle,
        Code::DuplicateOperationId,
        Code::DuplicateSlug,
        Code::InvalidStructure,
        Code::InvalidParameter,
        Code::MissingResponses,
        Code::UndeclaredPathParameter,
        Code::UnusedPathParameter,
        Code::InvalidExample,
        Code::MissingSummary,
        Code::MissingDescription,
        Code::MissingExamples,
        Code::UnusedComponent,
        Code::OperationWithoutTag,
        Code::TemplateError,
        Code::ThemeNotFound,
        Code::OutputCollision,
        Code::NoSitemap,
        Code::Internal,
    ];

    /// `P0301`: what CI annotations and `--format json` carry.
    pub fn id(self) -> &'static str {
        match self {
            Code::NoConfig => "P0101",
            Code::ConfigSyntax => "P0102",
            Code::ConfigUnknownKey => "P0103",
            Code::ConfigInvalidValue => "P0104",
            Code::UnknownNavEntry => "P0105",
            Code::PathOutsideProject => "P0106",
            Code::Unreadable => "P0201",
            Code::NotUtf8 => "P0202",
            Code::FrontMatterSyntax => "P0203",
            Code::FrontMatterUnknownKey => "P0204",
            Code::SymlinkOutside => "P0205",
            Code::DuplicateUrl => "P0206",
            Code::BrokenLink => "P0207",
            Code::BrokenAnchor => "P0208",
            Code::UnknownApiReference => "P0209",
            Code::UnsafeLink => "P0210",
            Code::SpecSyntax => "P0301",
            Code::NotOpenApi => "P0302",
            Code::DanglingRef => "P0303",
            Code::RefOutsideProject => "P0304",
            Code::RefCycle => "P0305",
            Code::DuplicateOperationId => "P0306",
            Code::DuplicateSlug => "P0307",
            Code::InvalidStructure => "P0308",
            Code::InvalidParameter => "P0309",
            Code::MissingResponses => "P0310",
            Code::UndeclaredPathParameter => "P0311",
            Code::UnusedPathParameter => "P0312",
            Code::InvalidExample => "P0313",
            Code::MissingSummary => "P0314",
            Code::MissingDescription => "P0315",
            Code::MissingExamples => "P0316",
            Code::UnusedComponent => "P0317",
            Code::OperationWithoutTag => "P0318",
            Code::TemplateError => "P0401",
            Code::ThemeNotFound => "P0402",
            Code::OutputCollision => "P0501",
            Code::NoSitemap => "P0502",
            Code::Internal => "P0901",
        }
    }

    /// `dangling-ref`: the readable half.
    pub fn name(self) -> &'static str {
        match self {
            Code::NoConfig => "no-config",
            Code::ConfigSyntax => "config-syntax",
            Code::ConfigUnknownKey => "config-unknown-key",
            Code::ConfigInvalidValue => "config-invalid-value",
            Code::UnknownNavEntry => "unknown-nav-entry",
            Code::PathOutsideProject => "path-outside-project",
            Code::Unreadable => "unreadable",
            Code::NotUtf8 => "not-utf8",
            Code::FrontMatterSyntax => "front-matter-syntax",
            Code::FrontMatterUnknownKey => "front-matter-unknown-key",
            Code::SymlinkOutside => "symlink-outside",
            Code::DuplicateUrl => "duplicate-url",
            Code::BrokenLink => "broken-link",
            Code::BrokenAnchor => "broken-anchor",
            Code::UnknownApiReference => "unknown-api-reference",
            Code::UnsafeLink => "unsafe-link",
            Code::SpecSyntax => "spec-syntax",
            Code::NotOpenApi => "not-openapi",
            Code::DanglingRef => "dangling-ref",
            Code::RefOutsideProject => "ref-outside-project",
            Code::RefCycle => "ref-cycle",
            Code::DuplicateOperationId => "duplicate-operation-id",
            Code::DuplicateSlug => "duplicate-slug",
            Code::InvalidStructure => "invalid-structure",
            Code::InvalidParameter => "invalid-parameter",
            Code::MissingResponses => "missing-responses",
            Code::UndeclaredPathParameter => "undeclared-path-parameter",
            Code::UnusedPathParameter => "unused-path-parameter",
            Code::InvalidExample => "invalid-example",
            Code::MissingSummary => "missing-summary",
            Code::MissingDescription => "missing-description",
            Code::MissingExamples => "missing-examples",
            Code::UnusedComponent => "unused-component",
            Code::OperationWithoutTag => "operation-without-tag",
            Code::TemplateError => "template-error",
            Code::ThemeNotFound => "theme-not-found",
            Code::OutputCollision => "output-collision",
            Code::NoSitemap => "no-sitemap",
            Code::Internal => "internal",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;
    use std::collections::HashSet;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let ids: HashSet<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        let names: HashSet<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            let id = code.id();
            assert!(
                id.len() == 5 && id.starts_with('P') && id[1..].chars().all(|c| c.is_ascii_digit())
            );
        }
    }

    /// A user who meets a code looks it up in the README's table.
    #[test]
    fn the_readme_lists_every_code_with_its_name() {
        let readme = include_str!("../../README.md");
        for code in Code::ALL {
            assert!(
                readme.contains(&format!("{} {}", code.id(), code.name()))
                    || readme.contains(&format!("{} | {}", code.id(), code.name())),
                "README.md does not list {} {}",
                code.id(),
                code.name()
            );
        }
    }
}
