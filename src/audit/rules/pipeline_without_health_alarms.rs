//! LK-CW-001: every stream, delivery stream and job has an alarm on its health signals.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{NO_MONITORING_SECTION, alarms_in_scope};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::{Kind, MetricAlarm, Model, Signal};

pub static RULE: Rule = Rule {
    id: "LK-CW-001",
    name: "pipeline-without-health-alarms",
    title: "Streams, delivery streams and jobs have alarms on iterator age, write throttling, delivery freshness and failed tasks",
    severity: Severity::Medium,
    service: Service::CloudWatch,
    lens: &[ids::OPS_MONITOR, ids::PERF_INGEST_MONITOR],
    rationale: "A pipeline fails quietly: consumers fall behind a stream until records expire, producers are throttled and drop data, a delivery stream stops delivering while its source fills, a job's tasks fail run after run. Metrics record all of it, but only an alarm makes someone look before the data is lost or late. These four signals are the ones the lens names for ingestion and ETL health.",
    remediation: "Add a `monitoring` section with `notify` targets to the blueprint: lakectl then owns an alarm per stream (iterator age, write throttling), delivery stream (delivery freshness) and job (failed tasks). For other resources: PutMetricAlarm on `GetRecords.IteratorAgeMilliseconds` and `WriteProvisionedThroughputExceeded` (AWS/Kinesis, StreamName), `DeliveryToS3.DataFreshness` (AWS/Firehose, DeliveryStreamName) and `glue.driver.aggregate.numFailedTasks` (Glue, JobName, JobRunId=ALL, Type=count).",
    blueprint_field: Some("monitoring"),
    scopes: Scopes {
        static_: "Each stream, delivery stream and job of the blueprint is watched by the alarms its `monitoring` section makes.",
        blueprint: "Each deployed stream, delivery stream and job of the lake is watched by some metric alarm of the region on each of its signals, whoever made the alarm.",
        account: "Each stream, delivery stream and job of the region is watched by some metric alarm on each of its signals.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let Some(alarms) = alarms_in_scope(model, out) else {
        return;
    };
    let lake = &model.lake;
    let watched = (model.streams.iter())
        .map(|s| (Resource::stream(lake, s), s.name.as_str()))
        .chain(
            (model.delivery_streams.iter())
                .map(|d| (Resource::delivery_stream(lake, d), d.name.as_str())),
        )
        .chain((model.catalog.jobs.iter()).map(|j| (Resource::job(lake, j), j.name.as_str())));
    // Statically, an empty list means the blueprint asked for no alarms at all.
    let hint = out.scope() == Scope::Static && model.alarms.is_empty();
    for (resource, name) in watched {
        let missing = unwatched(&alarms, resource.kind, name);
        out.check(resource, missing.is_empty(), || {
            let mut message = format!("no alarm watches its {}", missing.join(" or "));
            if hint {
                message = format!("{message}; {NO_MONITORING_SECTION}");
            }
            message
        });
    }
}

/// The signals of a resource that no alarm watches, described.
fn unwatched(alarms: &[MetricAlarm], kind: Kind, name: &str) -> Vec<&'static str> {
    (Signal::of(kind).iter())
        .filter(|&&signal| !alarms.iter().any(|a| a.watches(signal, name)))
        .map(|signal| signal.describe())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    #[test]
    fn the_blueprint_alarms_are_judged_and_no_section_names_the_field() {
        let mut model = compliant_model();
        assert_eq!(problems(&RULE, &model), vec![]);
        assert_eq!(
            outcomes(&RULE, &model).len(),
            3,
            "a stream, a delivery stream, a job"
        );
        model.alarms.retain(|a| a.signal != Signal::WriteThrottling);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "clicks",
                "no alarm watches its write throttling (WriteProvisionedThroughputExceeded)"
            )]
        );
        model.alarms.clear();
        let stream = "no alarm watches its iterator age (GetRecords.IteratorAgeMilliseconds) or write throttling (WriteProvisionedThroughputExceeded)";
        assert_eq!(
            problems(&RULE, &model)[0],
            fail("clicks", &format!("{stream}; {NO_MONITORING_SECTION}"))
        );
    }

    #[test]
    fn live_any_alarm_of_the_region_on_the_signal_counts() {
        let mut model = account_model();
        let settings = model.account.as_mut().unwrap();
        settings.alarms = Prop::Known(vec![]);
        let failures = account_problems(&RULE, &model, Default::default());
        assert_eq!(
            failures[0],
            fail(
                "clicks",
                "no alarm watches its iterator age (GetRecords.IteratorAgeMilliseconds) or write throttling (WriteProvisionedThroughputExceeded)"
            ),
            "live, the blueprint field is not the only fix"
        );
        assert_eq!(failures.len(), 3);
        let every_signal: Vec<MetricAlarm> = (model.pipeline())
            .flat_map(|(kind, name)| Signal::of(kind).iter().map(move |s| s.metric_of(name)))
            .map(|metric| MetricAlarm {
                name: format!("{}-{}", metric.name, metric.namespace),
                metrics: vec![metric],
                actions_enabled: false,
                alarm_actions: vec![],
            })
            .collect();
        model.account.as_mut().unwrap().alarms = Prop::Known(every_signal);
        assert_eq!(account_problems(&RULE, &model, Default::default()), vec![]);
        model.account.as_mut().unwrap().alarms = unknown_prop("cloudwatch:DescribeAlarms");
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![unknown(
                ACCOUNT,
                "CloudWatch alarms: AccessDenied on cloudwatch:DescribeAlarms"
            )]
        );
    }
}
