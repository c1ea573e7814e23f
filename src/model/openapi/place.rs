//! Where the problems found while modelling are written: their file, line and column.
//!
//! The model collects its problems with the pointers they concern ([`Unplaced`]) and they are
//! placed only once the model is built and the spec's document is freed: a one-off build gives
//! the spec's text back while it models it (`load::source_text`), and placing reads it again, in
//! one pass for every problem, when memory is no longer at its peak.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Position};
use crate::load::locate::Locator;
use crate::load::spec::SpecSource;
use crate::resolve::bundle::Origin;

/// A problem, and the pointer into the normalised document it concerns.
pub struct Unplaced {
    pub diagnostic: Diagnostic,
    pub at: Vec<String>,
    /// Whether the source may spell `at` differently (a 3.0 `example`, a 2.0 `definitions`
    /// entry: [`written_pointers`]); otherwise `at` is what was written.
    pub converted: bool,
}

/// What placing a spec's problems needs: its files, not its document.
pub struct Places<'a> {
    /// The project folder, to read the files bundling brought in.
    pub project: &'a Path,
    pub spec: &'a SpecSource,
    /// The `openapi` (or `swagger`) version the spec declares.
    pub openapi_version: &'a str,
}

impl Places<'_> {
    /// Each problem with the file and position of its pointer, in order: in the root document,
    /// or, for a part that bundling brought in from another file, in that file. Each file is
    /// read once for all of them.
    pub fn place(&self, problems: Vec<Unplaced>) -> Vec<Diagnostic> {
        // Every candidate, in its file, with its parent: a pointer exists when its position is
        // not its parent's (a missing key reports its nearest parent).
        let candidates: Vec<Vec<(PathBuf, Vec<String>)>> = problems
            .iter()
            .map(|problem| {
                let mut all = if problem.converted {
                    written_pointers(&problem.at, self.openapi_version)
                } else {
                    Vec::new()
                };
                all.push(problem.at.clone());
                all.into_iter()
                    .map(
                        |candidate| match origin_of(&self.spec.origins, &candidate) {
                            Some((origin, remapped)) => (origin.file.clone(), remapped),
                            None => (self.spec.file.clone(), candidate),
                        },
                    )
                    .collect()
            })
            .collect();
        let mut by_file: HashMap<&Path, Vec<&[String]>> = HashMap::new();
        for (file, pointer) in candidates.iter().flatten() {
            let wanted = by_file.entry(file.as_path()).or_default();
            wanted.push(pointer);
            if let Some((_, parent)) = pointer.split_last() {
                wanted.push(parent);
            }
        }
        let mut positions: HashMap<(&Path, &[String]), Position> = HashMap::new();
        for (file, wanted) in by_file {
            let found = if file == self.spec.file {
                Locator::of_source(&self.spec.text).positions(&wanted)
            } else {
                let text = std::fs::read_to_string(self.project.join(file)).unwrap_or_default();
                let found = Locator::new(&text).positions(&wanted);
                found
            };
            for (pointer, position) in wanted.into_iter().zip(found) {
                positions.insert((file, pointer), position);
            }
        }
        problems
            .into_iter()
            .zip(&candidates)
            .map(|(problem, candidates)| {
                let found = candidates.iter().find(|(file, pointer)| {
                    let Some((_, parent)) = pointer.split_last() else {
                        return true;
                    };
                    positions[&(file.as_path(), &pointer[..])]
                        != positions[&(file.as_path(), parent)]
                });
                let (file, pointer) = found.or(candidates.last()).expect("a candidate");
                let mut diagnostic = problem.diagnostic;
                diagnostic.file = file.clone();
                diagnostic.at(positions[&(file.as_path(), &pointer[..])])
            })
            .collect()
    }
}

/// The bundled file `pointer` lies in, and the pointer in that file, when it is not the root.
fn origin_of<'o, S: AsRef<str>>(
    origins: &'o [Origin],
    pointer: &[S],
) -> Option<(&'o Origin, Vec<String>)> {
    let origin = origins
        .iter()
        .filter(|o| {
            o.at.len() <= pointer.len() && o.at.iter().zip(pointer).all(|(a, b)| a == b.as_ref())
        })
        .max_by_key(|o| o.at.len())?;
    let remapped = origin
        .pointer
        .iter()
        .cloned()
        .chain(
            pointer[origin.at.len()..]
                .iter()
                .map(|s| s.as_ref().to_string()),
        )
        .collect();
    Some((origin, remapped))
}

/// The pointers a pointer of the normalised document may have had in a 3.0 or 2.0 source,
/// most likely first (the pointer itself is tried last by the caller).
fn written_pointers(pointer: &[String], openapi_version: &str) -> Vec<Vec<String>> {
    if openapi_version.starts_with("3.1") || openapi_version.starts_with("3.2") {
        return Vec::new();
    }
    let mut pointer = pointer.to_vec();
    // A schema's `example` is `examples: [it]` after normalising.
    if let [.., key, index] = &pointer[..] {
        if key == "examples" && index == "0" {
            pointer.truncate(pointer.len() - 2);
            pointer.push("example".into());
        }
    }
    if !openapi_version.starts_with('2') {
        return vec![pointer];
    }
    let mut out = swagger2_pointers(pointer.clone());
    out.push(pointer);
    out
}

/// The body parameter a 2.0 request body came from has an index we no longer know: the first
/// of these that exists is it.
const MAX_BODY_INDEX: usize = 16;

/// Where a part of the converted document was in the Swagger 2.0 source.
fn swagger2_pointers(mut pointer: Vec<String>) -> Vec<Vec<String>> {
    let s = |x: &str| x.to_string();
    if pointer.first().is_some_and(|c| c == "components") && pointer.len() > 1 {
        let section = match pointer[1].as_str() {
            "schemas" => "definitions",
            "parameters" | "requestBodies" => "parameters",
            "responses" => "responses",
            "securitySchemes" => "securityDefinitions",
            _ => return vec![pointer],
        };
        pointer.splice(0..2, [s(section)]);
    }
    let bodies: Vec<Vec<String>> = match pointer.iter().position(|x| x == "requestBody") {
        Some(i) => (0..MAX_BODY_INDEX)
            .map(|k| {
                [
                    &pointer[..i],
                    &[s("parameters"), k.to_string()],
                    &pointer[i + 1..],
                ]
                .concat()
            })
            .collect(),
        None => vec![pointer],
    };
    bodies
        .into_iter()
        .map(|mut p| {
            if let Some(i) = p.iter().position(|x| x == "content") {
                if p.len() >= i + 3 {
                    let media_type = p[i + 1].clone();
                    let rest: Vec<String> = p[i + 2..].to_vec();
                    p.truncate(i);
                    if rest == ["example"] {
                        // A response's `examples/<type>`, a body parameter's `x-examples/<type>`.
                        let key = if p.iter().any(|x| x == "responses") {
                            "examples"
                        } else {
                            "x-examples"
                        };
                        p.extend([s(key), media_type]);
                    } else {
                        p.extend(rest);
                    }
                }
            }
            // A parameter's `example` was `x-example`; its schema was the parameter itself.
            if let [.., parameters, _, last] = &p[..] {
                if parameters == "parameters" && last == "example" {
                    *p.last_mut().expect("a segment") = s("x-example");
                }
            }
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointers(pointer: &str, version: &str) -> Vec<String> {
        let pointer: Vec<String> = pointer.split(' ').map(str::to_string).collect();
        written_pointers(&pointer, version)
            .into_iter()
            .map(|p| p.join(" "))
            .collect()
    }

    #[test]
    fn pointers_of_the_normalised_document_are_mapped_back_to_what_was_written() {
        assert!(pointers("components schemas A examples 0", "3.1.0").is_empty());
        assert_eq!(
            pointers("components schemas A examples 0", "3.0.3"),
            ["components schemas A example"]
        );
        assert_eq!(
            pointers("components schemas A properties b examples 0", "2.0")[0],
            "definitions A properties b example"
        );
        assert_eq!(
            pointers(
                "paths /pets get responses 200 content application/json example",
                "2.0"
            )[0],
            "paths /pets get responses 200 examples application/json"
        );
        assert_eq!(
            pointers(
                "components requestBodies group content application/json example",
                "2.0"
            )[0],
            "parameters group x-examples application/json"
        );
        let body = pointers(
            "paths /pets post requestBody content application/json schema examples 0",
            "2.0",
        );
        assert_eq!(body[0], "paths /pets post parameters 0 schema example");
        assert_eq!(body[2], "paths /pets post parameters 2 schema example");
        assert_eq!(
            pointers("paths /pets get parameters 1 example", "2.0")[0],
            "paths /pets get parameters 1 x-example"
        );
    }
}
