//! CloudWatch metric alarms: the region's alarms, read once (DescribeAlarms, 100 a page), serve
//! both the audit's view of the account ([`MetricAlarm`]) and the lake's own alarms, which
//! plan compares field by field ([`LakeAlarm`]; their tags cost one ListTagsForResource each).

use aws_sdk_cloudwatch::types::{AlarmType, MetricAlarm as Raw};

use futures::future::join_all;

use super::ctx::{Ctx, known};
use crate::aws::{CallError, Service};
use crate::model::{
    AlarmActions, AlarmDefinition, LakeAlarm, MetricAlarm, Prop, Tags, WatchedMetric,
};

/// Every metric alarm of the region (composite alarms watch alarms, not metrics).
pub(super) async fn read(ctx: &Ctx<'_>) -> Result<Vec<Raw>, CallError> {
    let resource = format!("alarms of {}", ctx.region);
    let mut alarms = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = (ctx.aws.cloudwatch.describe_alarms())
            .alarm_types(AlarmType::MetricAlarm)
            .max_records(100)
            .set_next_token(token.clone())
            .send();
        let out = ctx
            .call(Service::CloudWatch, "DescribeAlarms", &resource, request)
            .await?;
        alarms.extend(out.metric_alarms().iter().cloned());
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    Ok(alarms)
}

/// The alarms as the audit judges them.
pub(super) fn account_view(raw: &Result<Vec<Raw>, CallError>) -> Prop<Vec<MetricAlarm>> {
    match raw {
        Ok(alarms) => Prop::Known(alarms.iter().map(metric_alarm).collect()),
        Err(e) => Prop::unknown(e.reason()),
    }
}

/// The desired alarms that exist, as they are, with their tags (ListTagsForResource each); all
/// unknown when the alarms could not be read.
pub(super) async fn lake(
    ctx: &Ctx<'_>,
    desired: &[LakeAlarm],
    raw: &Result<Vec<Raw>, CallError>,
) -> Vec<LakeAlarm> {
    let alarms = match raw {
        Ok(alarms) => alarms,
        Err(e) => {
            let reason = e.reason();
            return (desired.iter())
                .map(|d| LakeAlarm {
                    definition: Prop::unknown(&reason),
                    actions: Prop::unknown(&reason),
                    tags: Prop::unknown(&reason),
                    ..d.clone()
                })
                .collect();
        }
    };
    let existing = (desired.iter()).filter_map(|d| {
        let live = alarms.iter().find(|a| a.alarm_name() == Some(&d.name))?;
        Some((d, live))
    });
    join_all(existing.map(|(d, live)| async move {
        LakeAlarm {
            definition: Prop::Known(definition(live)),
            actions: Prop::Known(AlarmActions {
                enabled: live.actions_enabled().unwrap_or(false),
                alarm: live.alarm_actions().to_vec(),
                ok: live.ok_actions().to_vec(),
            }),
            tags: known(tags(ctx, live).await),
            ..d.clone()
        }
    }))
    .await
}

async fn tags(ctx: &Ctx<'_>, alarm: &Raw) -> Result<Tags, CallError> {
    let name = alarm.alarm_name().unwrap_or_default();
    let arn = (alarm.alarm_arn().map(str::to_string)).unwrap_or_else(|| ctx.arns().alarm(name));
    let request = (ctx.aws.cloudwatch.list_tags_for_resource())
        .resource_arn(arn)
        .send();
    let out = ctx
        .call(Service::CloudWatch, "ListTagsForResource", name, request)
        .await?;
    Ok((out.tags().iter())
        .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
        .collect())
}

fn metric_alarm(a: &Raw) -> MetricAlarm {
    // A metric-math alarm names its metrics in its queries.
    let queried = (a.metrics().iter())
        .filter_map(|q| q.metric_stat()?.metric())
        .map(|m| watched(m.namespace(), m.metric_name(), m.dimensions()));
    let single = (a.metric_name().is_some())
        .then(|| watched(a.namespace(), a.metric_name(), a.dimensions()));
    MetricAlarm {
        name: a.alarm_name().unwrap_or_default().to_string(),
        metrics: single.into_iter().chain(queried).collect(),
        actions_enabled: a.actions_enabled().unwrap_or(false),
        alarm_actions: a.alarm_actions().to_vec(),
    }
}

fn watched(
    namespace: Option<&str>,
    name: Option<&str>,
    dimensions: &[aws_sdk_cloudwatch::types::Dimension],
) -> WatchedMetric {
    WatchedMetric {
        namespace: namespace.unwrap_or_default().to_string(),
        name: name.unwrap_or_default().to_string(),
        dimensions: (dimensions.iter())
            .map(|d| {
                let name = d.name().unwrap_or_default().to_string();
                (name, d.value().unwrap_or_default().to_string())
            })
            .collect(),
    }
}

/// The fields lakectl writes, as the alarm has them.
fn definition(a: &Raw) -> AlarmDefinition {
    AlarmDefinition {
        metric: watched(a.namespace(), a.metric_name(), a.dimensions()),
        statistic: a
            .statistic()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        period_seconds: a.period().unwrap_or_default().max(0) as u32,
        evaluation_periods: a.evaluation_periods().unwrap_or_default().max(0) as u32,
        comparison: (a.comparison_operator().map(|c| c.as_str()))
            .unwrap_or_default()
            .to_string(),
        threshold: a.threshold().unwrap_or_default(),
        treat_missing_data: a.treat_missing_data().unwrap_or("missing").to_string(),
    }
}
