//! The pipeline's health alarms: PutMetricAlarm writes an alarm whole (definition and
//! actions), creating or replacing it, so a retried deploy writes the same again. Tags are
//! written only when the alarm is created: PutMetricAlarm ignores them on an existing alarm.

use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, Statistic, Tag};

use super::errors::CallContext;
use super::{Applied, Applier, Step, Writer, find};
use crate::model::property::AlarmProperty as P;
use crate::model::{Kind, LakeAlarm};
use crate::plan::{Action, ResourceChange};

/// Both alarm properties are written by the alarm's own step.
pub fn writer(p: P) -> Writer {
    match p {
        P::Definition | P::Actions => Writer::Step(Step::Resource(Kind::Alarm)),
    }
}

pub async fn alarm(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.alarms, &rc.name, |r| r.name.as_str())?;
    let creating = rc.action == Action::Create;
    put(a, d, creating).await?;
    if creating {
        return Ok(vec![Applied::created()]);
    }
    let written = [P::Definition, P::Actions]
        .into_iter()
        .filter(|p| rc.writes(*p));
    Ok(vec![Applied::updated_all(
        written.map(Into::into).collect(),
        "alarm put",
    )])
}

async fn put(a: &Applier<'_>, d: &LakeAlarm, creating: bool) -> anyhow::Result<()> {
    let missing = |what: &str| anyhow::anyhow!("alarm {} has no {what} in the model", d.name);
    let definition = d.definition.known().ok_or_else(|| missing("definition"))?;
    let actions = d.actions.known().ok_or_else(|| missing("actions"))?;
    let resolver = a.resolver();
    let resolve =
        |arns: &[String]| -> Vec<String> { arns.iter().map(|arn| resolver.resolve(arn)).collect() };
    let dimensions = (definition.metric.dimensions.iter())
        .map(|(name, value)| Dimension::builder().name(name).value(value).build())
        .collect();
    let mut request = (a.aws.cloudwatch.put_metric_alarm().alarm_name(&d.name))
        .alarm_description(format!(
            "lakectl: {} of {} {}",
            d.signal.describe(),
            d.signal.kind().label(),
            d.resource
        ))
        .namespace(&definition.metric.namespace)
        .metric_name(&definition.metric.name)
        .set_dimensions(Some(dimensions))
        .statistic(Statistic::from(definition.statistic.as_str()))
        .period(definition.period_seconds as i32)
        .evaluation_periods(definition.evaluation_periods as i32)
        .threshold(definition.threshold)
        .comparison_operator(ComparisonOperator::from(definition.comparison.as_str()))
        .treat_missing_data(&definition.treat_missing_data)
        .actions_enabled(actions.enabled)
        .set_alarm_actions(Some(resolve(&actions.alarm)))
        .set_ok_actions(Some(resolve(&actions.ok)));
    if creating {
        let tags = (a.desired.lake.tags.iter())
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect();
        request = request.set_tags(Some(tags));
    }
    request
        .send()
        .await
        .call("cloudwatch:PutMetricAlarm", &d.name)?;
    Ok(())
}
