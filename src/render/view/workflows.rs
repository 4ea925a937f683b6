//! Glue workflows and their triggers as the templates see them.

use super::*;
use crate::compile::trigger_logical_id;
use crate::model::StepTarget;

#[derive(Debug, Serialize)]
pub struct WorkflowView {
    pub logical_id: String,
    pub name: String,
    pub description: Value,
    pub tags: Value,
    pub triggers: Vec<TriggerView>,
}

#[derive(Debug, Serialize)]
pub struct TriggerView {
    pub logical_id: String,
    pub name: String,
    pub kind: &'static str,
    pub schedule: Option<String>,
    /// `EventBatchingCondition` of an event trigger.
    pub batching: Option<Value>,
    /// `Ref`s to the jobs and crawlers of this template, so CloudFormation creates them first.
    pub actions: Value,
    pub conditions: Option<Value>,
}

impl ViewBuilder<'_> {
    pub(super) fn workflows(&self) -> Result<Vec<WorkflowView>, RenderError> {
        (self.model.catalog.workflows.iter())
            .map(|w| {
                let what = |field: &str| format!("workflow `{}` {field}", w.name);
                let triggers = known(&w.triggers, || what("triggers"))?;
                Ok(WorkflowView {
                    logical_id: w.logical_id.clone(),
                    name: w.name.clone(),
                    description: literal(known(&w.description, || what("description"))?),
                    tags: cfn::tag_map(known(&w.tags, || what("tags"))?),
                    triggers: triggers.iter().map(|t| self.trigger(w, t)).collect(),
                })
            })
            .collect()
    }

    fn trigger(&self, w: &model::Workflow, t: &model::Trigger) -> TriggerView {
        let actions = t.actions.iter().map(|a| match a {
            StepTarget::Job(j) => json!({ "JobName": self.job_ref(j) }),
            StepTarget::Crawler(c) => json!({ "CrawlerName": self.crawler_ref(c) }),
        });
        let conditions = t.conditions.iter().map(|c| match c {
            StepTarget::Job(j) => json!({
                "LogicalOperator": "EQUALS", "JobName": self.job_ref(j), "State": "SUCCEEDED"
            }),
            StepTarget::Crawler(n) => json!({
                "LogicalOperator": "EQUALS", "CrawlerName": self.crawler_ref(n), "CrawlState": "SUCCEEDED"
            }),
        });
        TriggerView {
            logical_id: trigger_logical_id(w, t),
            name: t.name.clone(),
            kind: t.kind().as_str(),
            schedule: t.schedule.clone(),
            batching: t
                .batching
                .map(|b| json!({ "BatchSize": b.size, "BatchWindow": b.window_seconds })),
            actions: Value::Array(actions.collect()),
            conditions: (!t.conditions.is_empty()).then(|| Value::Array(conditions.collect())),
        }
    }

    fn job_ref(&self, name: &str) -> Value {
        match self.model.catalog.jobs.iter().find(|j| j.name == name) {
            Some(j) => reference(&j.logical_id),
            None => literal(name),
        }
    }

    fn crawler_ref(&self, name: &str) -> Value {
        match self.model.catalog.crawlers.iter().find(|c| c.name == name) {
            Some(c) => reference(&c.logical_id),
            None => literal(name),
        }
    }
}
