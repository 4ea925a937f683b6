//! Reading a blueprint completely: parse and validate it (`blueprint`), then check what compiling
//! it derives (`compile::check`) and the job scripts it names (`scripts::check`), for the base
//! and for every environment. This sits above those modules so that none imports another's
//! loader.

use std::path::Path;

use crate::blueprint::{self, Blueprint, Diagnostics, Source};
use crate::compile;
use crate::scripts;

/// Reads a blueprint file and returns the base blueprint, or environment `env`'s when one is
/// selected, reporting every problem found.
pub fn file(path: &Path, env: Option<&str>) -> Result<(Blueprint, Source), Diagnostics> {
    let source = Source::read(path)?;
    let blueprint = text(&source, env)?;
    Ok((blueprint, source))
}

/// Like [`file`], for blueprint text already read.
pub fn text(source: &Source, env: Option<&str>) -> Result<Blueprint, Diagnostics> {
    blueprint::read(source, env, |blueprint| {
        let mut problems = compile::check(blueprint);
        problems.extend(scripts::check(blueprint, source));
        problems
    })
}
