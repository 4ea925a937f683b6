//! Glue workflows and their triggers, for the workflows a blueprint declares.

use aws_sdk_glue::types as g;
use futures::future::join_all;

use super::ctx::{Ctx, existence, known};
use crate::aws::{CallError, Service};
use crate::model::{EventBatching, Prop, StepTarget, Trigger, Workflow};

/// The desired workflows that exist, with their triggers (every trigger Glue lists in each).
pub(super) async fn read(ctx: &Ctx<'_>, desired: &[Workflow]) -> Vec<Workflow> {
    if desired.is_empty() {
        return Vec::new();
    }
    let (workflows, triggers) = tokio::join!(
        join_all(desired.iter().map(|w| read_workflow(ctx, w))),
        list_triggers(ctx)
    );
    let triggers = triggers.map_err(|e| e.reason());
    workflows
        .into_iter()
        .flatten()
        .map(|mut w| {
            w.triggers = match &triggers {
                Ok(all) => {
                    let mut mine: Vec<Trigger> = (all.iter())
                        .filter(|t| t.workflow_name() == Some(w.name.as_str()))
                        .map(trigger_of)
                        .collect();
                    mine.sort();
                    Prop::Known(mine)
                }
                Err(reason) => Prop::unknown(reason),
            };
            w
        })
        .collect()
}

async fn read_workflow(ctx: &Ctx<'_>, desired: &Workflow) -> Option<Workflow> {
    let arn = ctx.arns().glue_workflow(&desired.name);
    let request = ctx.aws.glue.get_workflow().name(&desired.name).send();
    let out = ctx.call(Service::Glue, "GetWorkflow", &arn, request).await;
    match existence(out) {
        Ok(None) => None,
        Ok(Some(out)) => {
            let description = (out.workflow().and_then(|w| w.description()))
                .unwrap_or_default()
                .to_string();
            Some(Workflow {
                description: Prop::Known(description),
                tags: known(super::glue::read_tags(ctx, &arn).await),
                ..desired.clone()
            })
        }
        Err(e) => {
            let reason = e.reason();
            Some(Workflow {
                description: Prop::unknown(&reason),
                tags: Prop::unknown(&reason),
                ..desired.clone()
            })
        }
    }
}

async fn list_triggers(ctx: &Ctx<'_>) -> Result<Vec<g::Trigger>, CallError> {
    let mut triggers = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = ctx
            .aws
            .glue
            .get_triggers()
            .set_next_token(token.clone())
            .send();
        let out = ctx
            .call(Service::Glue, "GetTriggers", "triggers", request)
            .await?;
        triggers.extend(out.triggers().iter().cloned());
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(triggers),
        }
    }
}

/// A live trigger in the model's terms. A condition on any state but success keeps the state
/// in its name, so that it never equals a wanted success condition.
pub fn trigger_of(t: &g::Trigger) -> Trigger {
    let conditions = (t.predicate().into_iter())
        .flat_map(|p| p.conditions())
        .filter_map(|c| {
            let (name, state) = match (c.job_name(), c.crawler_name()) {
                (Some(job), _) => (job, c.state().map(|s| s.as_str())),
                (None, Some(crawler)) => (crawler, c.crawl_state().map(|s| s.as_str())),
                (None, None) => return None,
            };
            let name = match state {
                Some("SUCCEEDED") | None => name.to_string(),
                Some(other) => format!("{name} ({other})"),
            };
            Some(match c.job_name() {
                Some(_) => StepTarget::Job(name),
                None => StepTarget::Crawler(name),
            })
        });
    let actions = t
        .actions()
        .iter()
        .filter_map(|a| match (a.job_name(), a.crawler_name()) {
            (Some(job), _) => Some(StepTarget::Job(job.to_string())),
            (None, Some(crawler)) => Some(StepTarget::Crawler(crawler.to_string())),
            (None, None) => None,
        });
    let mut conditions: Vec<StepTarget> = conditions.collect();
    let mut actions: Vec<StepTarget> = actions.collect();
    conditions.sort();
    actions.sort();
    Trigger {
        name: t.name().unwrap_or_default().to_string(),
        schedule: t.schedule().map(str::to_string),
        batching: batching_of(t),
        conditions,
        actions,
    }
}

/// An event trigger's batching; Glue's defaults (one event, 900 seconds) where it has none.
fn batching_of(t: &g::Trigger) -> Option<EventBatching> {
    if t.r#type() != Some(&g::TriggerType::Event) {
        return None;
    }
    let condition = t.event_batching_condition();
    let number = |n: i32| u32::try_from(n).unwrap_or(0);
    Some(EventBatching {
        size: condition.map_or(1, |c| number(c.batch_size())),
        window_seconds: (condition.and_then(|c| c.batch_window())).map_or(900, number),
    })
}
