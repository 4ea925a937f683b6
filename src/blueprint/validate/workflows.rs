//! Glue workflows: every step names one crawler or job that exists, `after` names steps of
//! the same workflow, the steps form no cycle, and no crawler keeps a schedule of its own
//! (the workflow starts it; a second schedule would run it twice). A workflow started by new
//! objects (`start_on`) names a zone, a relative folder prefix and batching within Glue's limits.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::names;
use crate::blueprint::types::*;
use crate::model::naming::events_role_name;

/// AWS Glue's limits on an event trigger's `EventBatchingCondition` (API reference: BatchSize
/// "Minimum value of 1. Maximum value of 100", BatchWindow "Minimum value of 1. Maximum value of
/// 900", in seconds).
const MAX_BATCH_SIZE: u32 = 100;
const MAX_BATCH_WINDOW_SECONDS: u32 = 900;

impl Checker {
    pub(super) fn workflows(&mut self, blueprint: &Blueprint) {
        let at = FieldPath::root().key("workflows");
        for (i, workflow) in blueprint.workflows.iter().enumerate() {
            let at = at.index(i);
            self.name(
                at.key("name"),
                "workflow name",
                &workflow.name,
                names::stream(&workflow.name, 200),
            );
            if let Some(schedule) = &workflow.schedule {
                self.name(
                    at.key("schedule"),
                    "schedule",
                    schedule,
                    names::cron(schedule),
                );
            }
            if let Some(start_on) = &workflow.start_on {
                self.start_on(blueprint, &at, workflow, start_on);
            }
            if workflow.steps.is_empty() {
                self.error(at.key("steps"), "a workflow needs at least one step", Some("list the crawlers and jobs it runs, e.g. `[{crawler: raw-pos}, {job: clean-pos, after: [raw-pos]}]`".to_string()));
            }
            self.workflow_steps(blueprint, &at, workflow);
        }
        let names = (blueprint.workflows.iter().enumerate())
            .map(|(i, w)| (at.index(i).key("name"), w.name.as_str()));
        self.unique("workflow", names);
    }

    fn workflow_steps(&mut self, blueprint: &Blueprint, at: &FieldPath, workflow: &Workflow) {
        let crawlers: HashSet<&str> = (blueprint.catalog.crawlers.iter())
            .map(|c| c.name.as_str())
            .collect();
        let jobs: HashSet<&str> = blueprint.jobs.iter().map(|j| j.name.as_str()).collect();
        let steps: HashSet<&str> = workflow
            .steps
            .iter()
            .filter_map(WorkflowStep::target)
            .collect();
        for (s, step) in workflow.steps.iter().enumerate() {
            let at = at.key("steps").index(s);
            match (&step.crawler, &step.job) {
                (Some(crawler), None) => {
                    if self.reference(at.key("crawler"), "crawler", crawler, &crawlers) {
                        self.unscheduled(blueprint, at.key("crawler"), crawler);
                    }
                }
                (None, Some(job)) => {
                    self.reference(at.key("job"), "job", job, &jobs);
                }
                _ => self.error(
                    at.clone(),
                    "a step runs exactly one crawler or one job",
                    Some("write `crawler: NAME` or `job: NAME`".to_string()),
                ),
            }
            for (a, before) in step.after.iter().enumerate() {
                let path = at.key("after").index(a);
                if Some(before.as_str()) == step.target() {
                    self.error(
                        path,
                        format!("step `{before}` cannot wait for itself"),
                        None,
                    );
                } else {
                    self.reference(path, "step of this workflow", before, &steps);
                }
            }
        }
        let targets = (workflow.steps.iter().enumerate())
            .filter_map(|(s, step)| Some((at.key("steps").index(s), step.target()?)));
        self.unique("step", targets);
        if let Some(cycle) = cycle(workflow) {
            self.error(
                at.key("steps"),
                format!(
                    "the steps wait for each other in a cycle: {}",
                    cycle.join(" → ")
                ),
                Some("remove one `after` of the cycle".to_string()),
            );
        }
    }

    /// The zone exists, the prefix is a relative folder, the batching is within Glue's limits,
    /// and the workflow has one way to start.
    fn start_on(
        &mut self,
        blueprint: &Blueprint,
        at: &FieldPath,
        workflow: &Workflow,
        on: &StartOn,
    ) {
        let at_on = at.key("start_on");
        if workflow.schedule.is_some() {
            self.error(
                at_on.clone(),
                "a workflow starts either on a `schedule` or on new objects (`start_on`), not both",
                Some("remove `schedule` or `start_on`".to_string()),
            );
        }
        let zones: HashSet<&str> = blueprint.zones.iter().map(|z| z.name.as_str()).collect();
        self.reference(at_on.key("zone"), "zone", &on.zone, &zones);
        if on.prefix.is_empty() || !on.prefix.ends_with('/') || on.prefix.starts_with('/') {
            self.error(
                at_on.key("prefix"),
                format!(
                    "prefix `{}` must end in `/` and not start with `/`",
                    on.prefix
                ),
                Some("write the folder the objects land in, e.g. `pos/`".to_string()),
            );
        }
        if !(1..=MAX_BATCH_SIZE).contains(&on.batch_size) {
            self.error(
                at_on.key("batch_size"),
                format!("batch_size {} is out of range", on.batch_size),
                Some(format!(
                    "AWS Glue's EventBatchingCondition.BatchSize is 1 to {MAX_BATCH_SIZE} events"
                )),
            );
        }
        if !(1..=MAX_BATCH_WINDOW_SECONDS).contains(&on.batch_window_seconds) {
            self.error(
                at_on.key("batch_window_seconds"),
                format!(
                    "batch_window_seconds {} is out of range",
                    on.batch_window_seconds
                ),
                Some(format!(
                    "AWS Glue's EventBatchingCondition.BatchWindow is 1 to {MAX_BATCH_WINDOW_SECONDS} seconds"
                )),
            );
        }
        let role = events_role_name(&workflow.name);
        if blueprint.roles.iter().any(|r| r.name == role) {
            self.error(
                at_on,
                format!("the role `{role}` of `roles` has the name lakectl gives this workflow's EventBridge role"),
                Some(format!("rename the role `{role}`")),
            );
        }
    }

    fn unscheduled(&mut self, blueprint: &Blueprint, at: FieldPath, crawler: &str) {
        let scheduled =
            (blueprint.catalog.crawlers.iter()).any(|c| c.name == crawler && c.schedule.is_some());
        if scheduled {
            self.error(
                at,
                format!("crawler `{crawler}` has a schedule of its own, so it would also run outside the workflow"),
                Some("remove the crawler's `schedule` and give the workflow one".to_string()),
            );
        }
    }
}

/// A cycle of `after` references, as step names ending where they start; `None` when the steps
/// form a DAG. Unknown names are ignored (reported as references).
fn cycle(workflow: &Workflow) -> Option<Vec<String>> {
    let edges: BTreeMap<&str, BTreeSet<&str>> = (workflow.steps.iter())
        .filter_map(|s| {
            let target = s.target()?;
            // Waiting for itself is reported on its own.
            let after = s.after.iter().map(String::as_str).filter(|a| *a != target);
            Some((target, after.collect()))
        })
        .collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in edges.keys() {
        let mut path = Vec::new();
        if let Some(found) = visit(start, &edges, &mut path, &mut done) {
            return Some(found);
        }
    }
    None
}

fn visit<'a>(
    node: &'a str,
    edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    path: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|n| *n == node) {
        let mut cycle: Vec<String> = path[at..].iter().map(|n| n.to_string()).collect();
        cycle.push(node.to_string());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node);
    for next in edges.get(node).into_iter().flatten() {
        if let Some(found) = visit(next, edges, path, done) {
            return Some(found);
        }
    }
    path.pop();
    done.insert(node);
    None
}
