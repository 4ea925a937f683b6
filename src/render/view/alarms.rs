//! The pipeline's health alarms, as the templates see them.

use super::*;
use crate::model::{LakeAlarm, Signal};

#[derive(Debug, Serialize)]
pub struct AlarmView {
    pub logical_id: String,
    /// The watched resource: an alarm is created after what it watches.
    pub depends_on: Vec<String>,
    pub name: String,
    pub description: String,
    pub namespace: String,
    pub metric: String,
    pub dimensions: Value,
    pub statistic: String,
    pub period: u32,
    pub evaluation_periods: u32,
    pub threshold: f64,
    pub comparison: String,
    pub treat_missing_data: String,
    pub actions_enabled: bool,
    pub alarm_actions: Value,
    pub ok_actions: Value,
    pub tags: Value,
}

impl ViewBuilder<'_> {
    pub(super) fn alarms(&self) -> Result<Vec<AlarmView>, RenderError> {
        (self.model.alarms.iter()).map(|a| self.alarm(a)).collect()
    }

    fn alarm(&self, a: &LakeAlarm) -> Result<AlarmView, RenderError> {
        let what = |field: &str| format!("cloudwatch alarm `{}` {field}", a.name);
        let watched = self
            .watched_logical_id(a.signal, &a.resource)
            .ok_or_else(|| RenderError::Reference {
                what: what("metric"),
                target: format!("{} `{}`", a.signal.kind().label(), a.resource),
            })?;
        let definition = known(&a.definition, || what("definition"))?;
        let actions = known(&a.actions, || what("actions"))?;
        let arns =
            |list: &[String]| Value::Array(list.iter().map(|arn| self.tokens.sub(arn)).collect());
        let dimensions = (definition.metric.dimensions.iter())
            .map(|(name, value)| json!({ "Name": name, "Value": value }));
        Ok(AlarmView {
            logical_id: a.logical_id.clone(),
            depends_on: vec![watched],
            name: a.name.clone(),
            description: a.description(),
            namespace: definition.metric.namespace.clone(),
            metric: definition.metric.name.clone(),
            dimensions: Value::Array(dimensions.collect()),
            statistic: definition.statistic.clone(),
            period: definition.period_seconds,
            evaluation_periods: definition.evaluation_periods,
            threshold: definition.threshold,
            comparison: definition.comparison.clone(),
            treat_missing_data: definition.treat_missing_data.clone(),
            actions_enabled: actions.enabled,
            alarm_actions: arns(&actions.alarm),
            ok_actions: arns(&actions.ok),
            tags: cfn::tag_list(known(&a.tags, || what("tags"))?),
        })
    }

    fn watched_logical_id(&self, signal: Signal, name: &str) -> Option<String> {
        let m = self.model;
        match signal.kind() {
            Kind::Stream => {
                (m.streams.iter().find(|s| s.name == name)).map(|s| s.logical_id.clone())
            }
            Kind::DeliveryStream => {
                (m.delivery_streams.iter().find(|d| d.name == name)).map(|d| d.logical_id.clone())
            }
            Kind::Job => {
                (m.catalog.jobs.iter().find(|j| j.name == name)).map(|j| j.logical_id.clone())
            }
            _ => None,
        }
    }
}
