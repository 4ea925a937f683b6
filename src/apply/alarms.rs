//! The pipeline's health alarms: PutMetricAlarm writes an alarm whole (definition and
//! actions), creating or replacing it, so a retried deploy writes the same again. Tags are
//! written with TagResource, on a new alarm and on drift, rather than PutMetricAlarm's `Tags`,
//! which AWS ignores on an existing alarm anyway and which leave LocalStack unable to describe
//! the alarm (`tests/aws/alarms.rs` asserts that gap). Tags others add are kept.

use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, Statistic, Tag};

use super::errors::CallContext;
use super::{Applied, Applier, Step, Writer, find};
use crate::model::property::AlarmProperty as P;
use crate::model::{Kind, LakeAlarm};
use crate::plan::{Action, ResourceChange};

/// Every alarm property is written by the alarm's own step.
pub fn writer(p: P) -> Writer {
    match p {
        P::Definition | P::Actions | P::Tags => Writer::Step(Step::Resource(Kind::Alarm)),
    }
}

pub async fn alarm(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.alarms, &rc.name, |r| r.name.as_str())?;
    if rc.action == Action::Create {
        put(a, d).await?;
        tag(a, d).await?;
        return Ok(vec![Applied::created()]);
    }
    let mut done = Vec::new();
    let put_written: Vec<_> = [P::Definition, P::Actions]
        .into_iter()
        .filter(|p| rc.writes(*p))
        .map(Into::into)
        .collect();
    if !put_written.is_empty() {
        put(a, d).await?;
        done.push(Applied::updated_all(put_written, "alarm put"));
    }
    if rc.writes(P::Tags) {
        tag(a, d).await?;
        done.push(Applied::updated(P::Tags, "tags updated"));
    }
    Ok(done)
}

async fn put(a: &Applier<'_>, d: &LakeAlarm) -> anyhow::Result<()> {
    let missing = |what: &str| anyhow::anyhow!("alarm {} has no {what} in the model", d.name);
    let definition = d.definition.known().ok_or_else(|| missing("definition"))?;
    let actions = d.actions.known().ok_or_else(|| missing("actions"))?;
    let resolver = a.resolver();
    let resolve =
        |arns: &[String]| -> Vec<String> { arns.iter().map(|arn| resolver.resolve(arn)).collect() };
    let dimensions = (definition.metric.dimensions.iter())
        .map(|(name, value)| Dimension::builder().name(name).value(value).build())
        .collect();
    let request = (a.aws.cloudwatch.put_metric_alarm().alarm_name(&d.name))
        .alarm_description(d.description())
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
    request
        .send()
        .await
        .call("cloudwatch:PutMetricAlarm", &d.name)?;
    Ok(())
}

/// The alarm's tags (the lake's), added to any others it has.
async fn tag(a: &Applier<'_>, d: &LakeAlarm) -> anyhow::Result<()> {
    let tags = (d.tags.known().into_iter().flatten())
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    let arn = a.arns().alarm(&d.name);
    (a.aws.cloudwatch.tag_resource().resource_arn(arn))
        .set_tags(Some(tags))
        .send()
        .await
        .call("cloudwatch:TagResource", &d.name)?;
    Ok(())
}
