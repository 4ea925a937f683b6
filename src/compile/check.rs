//! Checks of what compilation derives, on its result: prefixed names within AWS limits, and no
//! two resources sharing a CloudFormation logical id or an AWS name. Each problem is reported at
//! the blueprint field that produced the resource.

use std::collections::{BTreeSet, HashMap};

use super::origin::Origin;
use super::{CompileOptions, compile_traced};
use crate::blueprint::names::{self, NameResult};
use crate::blueprint::{Blueprint, FieldPath, Problem, printable};
use crate::model::naming;

/// The problems of a validated blueprint that only its compiled model shows.
pub fn check(blueprint: &Blueprint) -> Vec<Problem> {
    let mut problems = prefixed_names(blueprint);
    let (_, origins) = compile_traced(blueprint, &CompileOptions::default());
    problems.extend(collisions(&origins));
    problems
}

/// Names lakectl prefixes with lake and environment must fit AWS limits too.
fn prefixed_names(blueprint: &Blueprint) -> Vec<Problem> {
    let root = FieldPath::root();
    let prefixed = |name: &str| naming::prefixed(blueprint.lake.scope(), name);
    let mut problems = Vec::new();
    let mut check = |path: FieldPath, what: &str, full: &str, rule: NameResult| {
        if let Err(allowed) = rule {
            problems.push(Problem::new(
                path,
                format!("invalid {what} `{}`", printable(full)),
                Some(format!("allowed: {allowed}")),
            ));
        }
    };
    for (i, role) in blueprint.roles.iter().enumerate() {
        let full = prefixed(&role.name);
        let path = root.key("roles").index(i).key("name");
        check(
            path,
            "role name (with the lake prefix)",
            &full,
            names::role(&full),
        );
    }
    for (i, delivery) in blueprint.delivery_streams.iter().enumerate() {
        let full = prefixed(&delivery.name);
        let path = root.key("delivery_streams").index(i).key("name");
        let what = "delivery stream name (with the lake prefix)";
        check(path, what, &full, names::stream(&full, 64));
    }
    for (i, stream) in blueprint.streams.iter().enumerate() {
        let full = prefixed(&stream.name);
        let path = root.key("streams").index(i).key("name");
        let what = "stream name (with the lake prefix)";
        check(path, what, &full, names::stream(&full, 128));
    }
    problems
}

/// The second and later resources to take a logical id or an AWS name, one problem per
/// blueprint field. Names that differ only in punctuation (`a.b`, `a_b`) map to one logical id;
/// the rendered template would silently merge them.
pub fn collisions(origins: &[Origin]) -> Vec<Problem> {
    let mut ids: HashMap<&str, &str> = HashMap::new();
    let mut aws_names: HashMap<(&str, &str), &str> = HashMap::new();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut problems = Vec::new();
    for origin in origins {
        let mut found = None;
        for id in &origin.logical_ids {
            if let Some(first) = ids.insert(id, &origin.name) {
                found = found.or(Some(Problem::new(
                    origin.path.clone(),
                    format!(
                        "`{}` and `{first}` both become the CloudFormation logical id `{id}`",
                        origin.name
                    ),
                    Some("rename one so they differ in letters or digits".to_string()),
                )));
            }
        }
        if let Some(aws) = &origin.aws_name
            && let Some(first) = aws_names.insert((aws.kind, aws.name.as_str()), &origin.name)
        {
            found = found.or(Some(Problem::new(
                origin.path.clone(),
                format!(
                    "`{}` and `{first}` both name the {} `{}`",
                    origin.name, aws.kind, aws.name
                ),
                Some(format!("{} names are unique; rename one", aws.kind)),
            )));
        }
        if let Some(problem) = found
            && reported.insert(problem.path.to_string())
        {
            problems.push(problem);
        }
    }
    problems
}
