//! The pipeline's health alarms (`monitoring:`): for every stream its iterator age and write
//! throttling, for every delivery stream its delivery freshness, for every job its failed
//! tasks; each notifies the `notify` targets on ALARM and on OK.

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::{FieldPath, Monitoring};
use crate::model::naming::{self, logical_id};
use crate::model::*;

/// Periods in a row a stream signal must breach: a burst that clears within five minutes is
/// normal for a stream, a lag that lasts is not.
const STREAM_PERIODS: u32 = 5;

impl Compiler<'_> {
    pub(super) fn alarms(
        &self,
        streams: &[Stream],
        delivery_streams: &[DeliveryStream],
        jobs: &[Job],
    ) -> Vec<LakeAlarm> {
        let Some(monitoring) = &self.bp.monitoring else {
            return Vec::new();
        };
        let notify = self.notify_arns(monitoring);
        let actions = AlarmActions {
            enabled: true,
            alarm: notify.clone(),
            ok: notify,
        };
        let watched = (streams
            .iter()
            .map(|s| (Kind::Stream, &s.name, &s.logical_id)))
        .chain((delivery_streams.iter()).map(|d| (Kind::DeliveryStream, &d.name, &d.logical_id)))
        .chain(jobs.iter().map(|j| (Kind::Job, &j.name, &j.logical_id)));
        let mut alarms = Vec::new();
        for (kind, name, resource_id) in watched {
            for &signal in Signal::of(kind) {
                let alarm = LakeAlarm {
                    name: naming::alarm(name, signal.slug()),
                    logical_id: format!("Alarm{resource_id}{}", logical_id(signal.slug())),
                    signal,
                    resource: name.clone(),
                    definition: Prop::Known(definition(monitoring, signal, name)),
                    actions: Prop::Known(actions.clone()),
                    tags: self.tags(),
                };
                self.record(
                    Origin::new(
                        FieldPath::root().key("monitoring"),
                        &alarm.name,
                        vec![alarm.logical_id.clone()],
                    )
                    .named("cloudwatch alarm", &alarm.name),
                );
                alarms.push(alarm);
            }
        }
        alarms
    }

    /// The `notify` targets as ARNs: a topic name is a topic of the lake's account and region.
    fn notify_arns(&self, monitoring: &Monitoring) -> Vec<String> {
        let lake = &self.lake;
        (monitoring.notify.iter())
            .map(|target| {
                if target.starts_with("arn:") {
                    target.clone()
                } else {
                    format!(
                        "arn:{}:sns:{}:{}:{target}",
                        lake.partition, lake.region, lake.account
                    )
                }
            })
            .collect()
    }
}

fn definition(monitoring: &Monitoring, signal: Signal, resource: &str) -> AlarmDefinition {
    let (statistic, period_seconds, evaluation_periods, threshold) = match signal {
        Signal::IteratorAge => (
            "Maximum",
            60,
            STREAM_PERIODS,
            f64::from(monitoring.max_iterator_age_seconds) * 1000.0,
        ),
        Signal::WriteThrottling => ("Sum", 60, STREAM_PERIODS, 0.0),
        Signal::DeliveryFreshness => (
            "Maximum",
            300,
            1,
            f64::from(monitoring.max_delivery_age_seconds),
        ),
        Signal::JobFailures => ("Sum", 300, 1, 0.0),
    };
    AlarmDefinition {
        metric: signal.metric_of(resource),
        statistic: statistic.to_string(),
        period_seconds,
        evaluation_periods,
        comparison: "GreaterThanThreshold".to_string(),
        threshold,
        treat_missing_data: "notBreaching".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::compile::{CompileOptions, compile};
    use crate::model::*;

    const ACCOUNT: &str = "123456789012";

    fn lake(extra: &str) -> Model {
        let yaml = format!(
            "lake: {{ name: retail, environment: prod, region: us-east-1, owner: data }}
streams: [{{ name: orders }}]
delivery_streams: [{{ name: orders-raw, source_stream: orders, zone: raw, prefix: orders/, role: ingestion }}]
roles: [{{ name: ingestion, purpose: ingestion }}]
{extra}"
        );
        let source = crate::blueprint::Source::new("b.yaml", yaml);
        let bp = crate::load::text(&source, None).unwrap_or_else(|d| panic!("{d}"));
        compile(
            &bp,
            &CompileOptions::default().with_account(Some(ACCOUNT.into())),
        )
    }

    #[test]
    fn without_monitoring_the_lake_owns_no_alarms() {
        assert_eq!(lake("").alarms, vec![]);
    }

    #[test]
    fn every_pipeline_resource_gets_its_signals_notifying_every_target() {
        let model = lake(
            "monitoring: { notify: [oncall, 'arn:aws:ssm:us-east-1:123456789012:opsitem:2'], max_iterator_age_seconds: 120 }",
        );
        let names: Vec<(&str, &str)> = (model.alarms.iter())
            .map(|a| (a.name.as_str(), a.logical_id.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "retail-prod-orders-iterator-age",
                    "AlarmStreamOrdersIteratorAge"
                ),
                (
                    "retail-prod-orders-write-throttling",
                    "AlarmStreamOrdersWriteThrottling"
                ),
                (
                    "retail-prod-orders-raw-delivery-freshness",
                    "AlarmDeliveryOrdersRawDeliveryFreshness"
                ),
            ]
        );
        let age = &model.alarms[0];
        let definition = age.definition.known().unwrap();
        assert_eq!(
            (
                definition.metric.namespace.as_str(),
                definition.metric.name.as_str(),
                definition.statistic.as_str(),
                definition.period_seconds,
                definition.evaluation_periods,
                definition.threshold,
            ),
            (
                "AWS/Kinesis",
                "GetRecords.IteratorAgeMilliseconds",
                "Maximum",
                60,
                5,
                120_000.0
            )
        );
        let targets = vec![
            "arn:aws:sns:us-east-1:123456789012:oncall".to_string(),
            "arn:aws:ssm:us-east-1:123456789012:opsitem:2".to_string(),
        ];
        assert_eq!(
            age.actions.known(),
            Some(&AlarmActions {
                enabled: true,
                alarm: targets.clone(),
                ok: targets,
            })
        );
        assert_eq!(
            model.alarms[2].definition.known().unwrap().threshold,
            1800.0
        );
    }
}
