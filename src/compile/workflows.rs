//! Glue workflows: one trigger starts the steps without `after` (on the workflow's schedule or
//! on demand), and one conditional trigger per distinct `after` set starts the steps waiting for
//! exactly those steps to succeed.

use std::collections::BTreeMap;

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::{self as bp, FieldPath};
use crate::model::naming::{logical_id, short_hash};
use crate::model::*;

impl Compiler<'_> {
    pub(super) fn workflows(&self) -> Vec<Workflow> {
        let at = FieldPath::root().key("workflows");
        (self.bp.workflows.iter().enumerate())
            .map(|(i, w)| {
                let workflow = Workflow {
                    name: self.prefixed(&w.name),
                    logical_id: format!("Workflow{}", logical_id(&w.name)),
                    description: Prop::Known(w.description.clone().unwrap_or_else(|| {
                        format!(
                            "{} workflow of the {} lake ({})",
                            w.name, self.lake.name, self.lake.environment
                        )
                    })),
                    triggers: Prop::Known(self.triggers(w)),
                    tags: self.tags(),
                };
                let mut ids = vec![workflow.logical_id.clone()];
                ids.extend(
                    (workflow.triggers.known().into_iter().flatten())
                        .map(|t| trigger_logical_id(&workflow, t)),
                );
                self.record(Origin::new(at.index(i).key("name"), &workflow.name, ids));
                workflow
            })
            .collect()
    }

    fn triggers(&self, w: &bp::Workflow) -> Vec<Trigger> {
        let name = self.prefixed(&w.name);
        // Keyed by the sorted blueprint names waited for: one trigger per distinct set.
        let mut by_after: BTreeMap<Vec<&str>, Vec<StepTarget>> = BTreeMap::new();
        for step in &w.steps {
            let Some(target) = self.step_target(w, step.target()) else {
                continue;
            };
            let mut after: Vec<&str> = step.after.iter().map(String::as_str).collect();
            after.sort();
            after.dedup();
            by_after.entry(after).or_default().push(target);
        }
        let mut triggers: Vec<Trigger> = by_after
            .into_iter()
            .map(|(after, mut actions)| {
                actions.sort();
                let mut conditions: Vec<StepTarget> = after
                    .iter()
                    .filter_map(|a| self.step_target(w, Some(a)))
                    .collect();
                conditions.sort();
                let starts = after.is_empty();
                Trigger {
                    name: trigger_name(&name, &after),
                    schedule: if starts { w.schedule.clone() } else { None },
                    batching: if starts { batching(w) } else { None },
                    conditions,
                    actions,
                }
            })
            .collect();
        triggers.sort();
        triggers
    }

    /// The crawler or job a step names, by its full name; `None` for a name the blueprint does
    /// not define (validation refuses it).
    fn step_target(&self, w: &bp::Workflow, name: Option<&str>) -> Option<StepTarget> {
        let name = name?;
        let step = w.steps.iter().find(|s| s.target() == Some(name))?;
        match (&step.crawler, &step.job) {
            (Some(c), _) => Some(StepTarget::Crawler(self.prefixed(c))),
            (None, Some(j)) => Some(StepTarget::Job(self.prefixed(j))),
            (None, None) => None,
        }
    }
}

/// The start trigger's batching, for a workflow started by new objects.
fn batching(w: &bp::Workflow) -> Option<EventBatching> {
    let on = w.start_on.as_ref()?;
    Some(EventBatching {
        size: on.batch_size,
        window_seconds: on.batch_window_seconds,
    })
}

/// `<workflow>-start`, or `<workflow>-after-<step>[-and-<step>...]`, shortened with a hash
/// past Glue's 255 characters.
fn trigger_name(workflow: &str, after: &[&str]) -> String {
    if after.is_empty() {
        return format!("{workflow}-start");
    }
    let name = format!("{workflow}-after-{}", after.join("-and-"));
    if name.len() <= 255 {
        return name;
    }
    let hash = short_hash(&name, 4);
    format!("{}-{hash}", &name[..255 - hash.len() - 1])
}

/// The CloudFormation logical id of a workflow's trigger.
pub fn trigger_logical_id(workflow: &Workflow, trigger: &Trigger) -> String {
    format!(
        "Trigger{}{}",
        workflow.logical_id.trim_start_matches("Workflow"),
        short_hash(&trigger.name, 3)
    )
}
