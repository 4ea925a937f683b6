//! The blueprint: the YAML file a user writes, how it is read, and how it is validated.

pub mod diagnostic;
mod environments;
mod load;
mod locate;
pub mod names;
pub mod types;
mod validate;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics, FieldPath, Position, Problem, printable};
pub use load::{MAX_BYTES, Source};
pub use locate::Locator;
pub use types::*;

/// Reads, parses and validates a blueprint file, reporting every problem found.
pub fn load(path: &Path) -> Result<(Blueprint, Source), Diagnostics> {
    load_env(path, None)
}

/// Like [`load`], with environment `env`'s overrides applied when one is selected.
pub fn load_env(path: &Path, env: Option<&str>) -> Result<(Blueprint, Source), Diagnostics> {
    let source = Source::read(path)?;
    let blueprint = load_source_env(&source, env)?;
    Ok((blueprint, source))
}

/// Parses and validates blueprint text.
pub fn load_source(source: &Source) -> Result<Blueprint, Diagnostics> {
    load_source_env(source, None)
}

/// Parses and validates blueprint text and returns the base blueprint, or environment `env`'s
/// when one is selected. Without one, every declared environment is validated too, so that
/// `validate` catches an override that weakens a guardrail in any of them.
pub fn load_source_env(source: &Source, env: Option<&str>) -> Result<Blueprint, Diagnostics> {
    let base = source.parse()?;
    locate::locate(check(&base), source)?;
    match env {
        Some(name) => {
            let (blueprint, problems) = environment(&base, name);
            locate::locate(problems, source)?;
            Ok(blueprint.unwrap_or(base))
        }
        None => {
            let mut problems: Vec<Problem> = Vec::new();
            for name in base.environments.keys() {
                for problem in environment(&base, name).1 {
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
            }
            locate::locate(problems, source)?;
            Ok(base)
        }
    }
}

/// Environment `name` of a valid base blueprint, and the problems of its overrides, located at
/// the overrides that caused them.
fn environment(base: &Blueprint, name: &str) -> (Option<Blueprint>, Vec<Problem>) {
    match environments::select(base, name) {
        Ok((blueprint, trail)) => {
            let problems = check(&blueprint)
                .into_iter()
                .map(|p| trail.relocate(p))
                .collect();
            (Some(blueprint), problems)
        }
        Err(problems) => (None, problems),
    }
}

/// Every semantic problem of a parsed blueprint.
fn check(blueprint: &Blueprint) -> Vec<Problem> {
    let problems = validate::validate(blueprint);
    if !problems.is_empty() {
        return problems;
    }
    // Derived names and logical ids are checked on the compiled model; of an invalid blueprint
    // they would only repeat its errors.
    crate::compile::check(blueprint)
}

#[cfg(test)]
mod tests;
