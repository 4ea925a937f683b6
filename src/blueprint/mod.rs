//! The blueprint: the YAML file a user writes, how it is read, and how it is validated.

pub mod diagnostic;
mod environments;
mod load;
mod locate;
pub mod names;
pub mod schema;
mod shard_metrics;
pub mod types;
mod validate;

pub use diagnostic::{Diagnostic, Diagnostics, FieldPath, Position, Problem, printable};
pub use environments::Trail;
pub use load::{MAX_BYTES, Source};
pub use locate::Locator;
pub use types::*;

/// Parses and validates blueprint text and returns the base blueprint, or environment `env`'s
/// when one is selected. Without one, every declared environment is validated too, so that
/// `validate` catches an override that weakens a guardrail in any of them.
///
/// `derived` checks what compiling a valid blueprint derives (names, logical ids). It is passed
/// in because those checks live in `compile`, which depends on this module; the complete loader
/// is [`crate::load`].
pub fn read(
    source: &Source,
    env: Option<&str>,
    derived: impl Fn(&Blueprint) -> Vec<Problem>,
) -> Result<Blueprint, Diagnostics> {
    let check = |blueprint: &Blueprint| check(blueprint, &derived);
    let base = source.parse()?;
    locate::locate(check(&base), source)?;
    match env {
        Some(name) => {
            let (blueprint, problems) = environment(&base, name, check);
            locate::locate(problems, source)?;
            Ok(blueprint.unwrap_or(base))
        }
        None => {
            let mut problems: Vec<Problem> = Vec::new();
            for name in base.environments.keys() {
                for problem in environment(&base, name, check).1 {
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

/// Where environment `env`'s overrides sit in the file, for pointing at them after loading;
/// `None` when the text does not parse or the environment cannot be applied (loading reports
/// why).
pub fn overrides(source: &Source, env: &str) -> Option<Trail> {
    let base = source.parse().ok()?;
    environments::select(&base, env)
        .ok()
        .map(|(_, trail)| trail)
}

/// Environment `name` of a valid base blueprint, and the problems of its overrides, located at
/// the overrides that caused them.
fn environment(
    base: &Blueprint,
    name: &str,
    check: impl Fn(&Blueprint) -> Vec<Problem>,
) -> (Option<Blueprint>, Vec<Problem>) {
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
fn check(blueprint: &Blueprint, derived: impl Fn(&Blueprint) -> Vec<Problem>) -> Vec<Problem> {
    let problems = validate::validate(blueprint);
    if !problems.is_empty() {
        return problems;
    }
    // Derived names and logical ids are checked on the compiled model; of an invalid blueprint
    // they would only repeat its errors.
    derived(blueprint)
}

#[cfg(test)]
mod tests;
