//! Glue workflows: the workflow, then its triggers. Every crawler and job the triggers name
//! exists by then (apply's order), yet each trigger is created stopped and started only once
//! all of the workflow's triggers are in place, so a half-built graph never runs. A trigger
//! that differs from the blueprint is deleted and created again (it holds no data; Glue cannot
//! change a trigger's type or workflow in place), and a trigger of the workflow that the
//! blueprint no longer derives is deleted, since it would start steps nobody asked for.

use aws_sdk_glue::types::{
    Action as GlueAction, Condition, CrawlState, EventBatchingCondition, JobRunState, Logical,
    LogicalOperator, Predicate, TriggerType,
};

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find};
use crate::model::arn::Arns;
use crate::model::property::WorkflowProperty;
use crate::model::{Kind, StepTarget, Trigger, TriggerKind, Workflow};
use crate::plan::{Action, ResourceChange};

pub fn writer(p: WorkflowProperty) -> Writer {
    match p {
        WorkflowProperty::Description | WorkflowProperty::Triggers | WorkflowProperty::Tags => {
            Writer::Step(Step::Resource(Kind::Workflow))
        }
    }
}

pub async fn workflow(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.catalog.workflows, &rc.name, |w| w.name.as_str())?;
    let glue = &a.aws.glue;
    let description = d.description.known().cloned();
    let mut done = Vec::new();
    if rc.action == Action::Create {
        let mut request = glue
            .create_workflow()
            .name(&d.name)
            .set_description(description);
        for (k, v) in d.tags.known().into_iter().flatten() {
            request = request.tags(k, v);
        }
        match request.send().await {
            Ok(_) => {}
            Err(e) if errors::already_exists(&e) => {}
            Err(e) => return Err(errors::describe("glue:CreateWorkflow", &d.name, &e)),
        }
    } else {
        if rc.writes(WorkflowProperty::Description) {
            (glue
                .update_workflow()
                .name(&d.name)
                .set_description(description))
            .send()
            .await
            .call("glue:UpdateWorkflow", &d.name)?;
            done.push(Applied::updated(WorkflowProperty::Description, "updated"));
        }
        if rc.writes(WorkflowProperty::Tags) {
            let arn = Arns::of(&a.desired.lake).glue_workflow(&d.name);
            let mut request = glue.tag_resource().resource_arn(&arn);
            for (k, v) in d.tags.known().into_iter().flatten() {
                request = request.tags_to_add(k, v);
            }
            request.send().await.call("glue:TagResource", &d.name)?;
            done.push(Applied::updated(WorkflowProperty::Tags, "tags updated"));
        }
    }
    if rc.action == Action::Create || rc.writes(WorkflowProperty::Triggers) {
        let note = triggers(a, d).await?;
        if rc.action != Action::Create {
            done.push(Applied::updated(WorkflowProperty::Triggers, note));
        }
    }
    if rc.action == Action::Create {
        return Ok(vec![Applied::created()]);
    }
    Ok(done)
}

/// Makes the workflow's triggers the derived ones; says what changed.
async fn triggers(a: &Applier<'_>, d: &Workflow) -> anyhow::Result<String> {
    let glue = &a.aws.glue;
    let wanted = d.triggers.known().cloned().unwrap_or_default();
    let live = live_triggers(a, &d.name).await?;
    let stale = live.iter().filter(|l| !wanted.contains(l));
    let mut deleted = 0;
    for t in stale {
        match glue.delete_trigger().name(&t.name).send().await {
            Ok(_) => deleted += 1,
            Err(e) if errors::is(&e, &["EntityNotFoundException"]) => {}
            Err(e) => return Err(errors::describe("glue:DeleteTrigger", &t.name, &e)),
        }
    }
    let missing: Vec<&Trigger> = wanted.iter().filter(|w| !live.contains(w)).collect();
    for t in &missing {
        create_trigger(a, &d.name, t).await?;
    }
    // Armed last: the graph runs only once it is whole.
    for t in missing.iter().filter(|t| t.kind() != TriggerKind::OnDemand) {
        glue.start_trigger()
            .name(&t.name)
            .send()
            .await
            .call("glue:StartTrigger", &t.name)?;
    }
    Ok(format!(
        "{} triggers created, {deleted} deleted",
        missing.len()
    ))
}

async fn live_triggers(a: &Applier<'_>, workflow: &str) -> anyhow::Result<Vec<Trigger>> {
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = (a.aws.glue.get_triggers().set_next_token(token.clone()))
            .send()
            .await
            .call("glue:GetTriggers", workflow)?;
        let mine = out
            .triggers()
            .iter()
            .filter(|t| t.workflow_name() == Some(workflow));
        found.extend(mine.map(crate::inventory::trigger_of));
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(found),
        }
    }
}

async fn create_trigger(a: &Applier<'_>, workflow: &str, t: &Trigger) -> anyhow::Result<()> {
    let kind = match t.kind() {
        TriggerKind::Scheduled => TriggerType::Scheduled,
        TriggerKind::OnDemand => TriggerType::OnDemand,
        TriggerKind::Conditional => TriggerType::Conditional,
        TriggerKind::Event => TriggerType::Event,
    };
    let actions = t.actions.iter().map(|target| match target {
        StepTarget::Job(j) => GlueAction::builder().job_name(j).build(),
        StepTarget::Crawler(c) => GlueAction::builder().crawler_name(c).build(),
    });
    let mut request = (a
        .aws
        .glue
        .create_trigger()
        .name(&t.name)
        .workflow_name(workflow))
    .r#type(kind)
    .set_schedule(t.schedule.clone())
    .set_actions(Some(actions.collect()))
    .start_on_creation(false);
    if let Some(batching) = t.batching {
        let condition = EventBatchingCondition::builder()
            .batch_size(i32::try_from(batching.size)?)
            .batch_window(i32::try_from(batching.window_seconds)?)
            .build()?;
        request = request.event_batching_condition(condition);
    }
    if !t.conditions.is_empty() {
        let conditions = t.conditions.iter().map(|target| {
            let c = Condition::builder().logical_operator(LogicalOperator::Equals);
            match target {
                StepTarget::Job(j) => c.job_name(j).state(JobRunState::Succeeded).build(),
                StepTarget::Crawler(n) => {
                    c.crawler_name(n).crawl_state(CrawlState::Succeeded).build()
                }
            }
        });
        let predicate = Predicate::builder()
            .logical(Logical::And)
            .set_conditions(Some(conditions.collect()))
            .build();
        request = request.predicate(predicate);
    }
    match request.send().await {
        Ok(_) => Ok(()),
        Err(e) if errors::already_exists(&e) => Ok(()),
        Err(e) => Err(errors::describe("glue:CreateTrigger", &t.name, &e)),
    }
}
