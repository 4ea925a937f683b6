//! The blueprint: the YAML file a user writes, how it is read, and how it is validated.

pub mod diagnostic;
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
    let source = Source::read(path)?;
    let blueprint = load_source(&source)?;
    Ok((blueprint, source))
}

/// Parses and validates blueprint text.
pub fn load_source(source: &Source) -> Result<Blueprint, Diagnostics> {
    let blueprint = source.parse()?;
    let mut problems = validate::validate(&blueprint);
    if problems.is_empty() {
        // Derived names and logical ids are checked on the compiled model; of an invalid
        // blueprint they would only repeat its errors.
        problems = crate::compile::check(&blueprint);
    }
    locate::locate(problems, source)?;
    Ok(blueprint)
}

#[cfg(test)]
mod tests;
