//! Semantic validation: names, references, ordering and guardrails. Every problem is collected
//! (not just the first) with its field path; the loader locates them. One file per part of the
//! blueprint. Names and logical ids lakectl derives are checked after compilation
//! (`compile::check`, which `crate::load` runs after these).

mod athena;
mod catalog;
mod cellfilters;
mod iceberg;
mod jobs;
mod lake;
mod lakeformation;
mod lftags;
mod monitoring;
mod records;
mod roles;
mod streams;
mod trail;
mod workflows;
mod zones;

use std::collections::{HashMap, HashSet};

use super::diagnostic::{FieldPath, Problem, printable};
use super::names::NameResult;
use super::types::*;

/// Every problem of the blueprint that does not need compiling it, in no particular order.
pub fn validate(blueprint: &Blueprint) -> Vec<Problem> {
    let mut check = Checker::default();
    check.lake(&blueprint.lake);
    check.encryption(blueprint);
    let zones = check.zones(blueprint);
    check.streams(&blueprint.streams);
    check.delivery_streams(blueprint, &zones);
    check.catalog(blueprint, &zones);
    check.jobs(blueprint);
    check.workflows(blueprint);
    check.athena(&blueprint.athena);
    check.trail(blueprint.trail.as_ref());
    check.monitoring(blueprint);
    check.roles(blueprint, &zones);
    check.lake_formation(blueprint);
    check.lf_tags(blueprint);
    check.cell_filters(blueprint);
    check.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn error(
        &mut self,
        path: FieldPath,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) {
        self.problems.push(Problem {
            path,
            message: message.into(),
            help: help.into(),
            lens: None,
        });
    }

    /// A refused attempt to weaken a guardrail: says why, and which lens question it answers.
    fn guardrail(
        &mut self,
        path: FieldPath,
        message: impl Into<String>,
        help: &str,
        lens: &'static str,
    ) {
        self.problems.push(Problem {
            path,
            message: message.into(),
            help: Some(help.to_string()),
            lens: Some(lens),
        });
    }

    fn name(&mut self, path: FieldPath, what: &str, value: &str, rule: NameResult) {
        if let Err(allowed) = rule {
            self.error(
                path,
                format!("invalid {what} `{}`", printable(value)),
                Some(format!("allowed: {allowed}")),
            );
        }
    }

    /// Reports the second and later occurrences of each name.
    fn unique<'a>(&mut self, what: &str, items: impl IntoIterator<Item = (FieldPath, &'a str)>) {
        let mut seen: HashMap<&str, FieldPath> = HashMap::new();
        for (path, name) in items {
            if let Some(first) = seen.get(name) {
                let help = format!("the first is at `{first}`; names must be unique");
                self.error(
                    path,
                    format!("duplicate {what} `{}`", printable(name)),
                    Some(help),
                );
            } else {
                seen.insert(name, path);
            }
        }
    }

    fn reference(
        &mut self,
        path: FieldPath,
        what: &str,
        name: &str,
        known: &HashSet<&str>,
    ) -> bool {
        if known.contains(name) {
            return true;
        }
        let mut options: Vec<&str> = known.iter().copied().collect();
        options.sort_unstable();
        let help = if options.is_empty() {
            format!("no {what} is defined")
        } else {
            format!("defined {what}s: {}", options.join(", "))
        };
        self.error(
            path,
            format!("unknown {what} `{}`", printable(name)),
            Some(help),
        );
        false
    }
}
