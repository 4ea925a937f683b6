//! LK-KIN-003: Kinesis streams publish the shard-level metrics that show a hot shard.

use std::collections::BTreeSet;

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, ShardMetric};

/// The least that shows one shard in trouble: the load it takes, the writes it refuses and how
/// far its readers lag. The other metrics refine these and are the team's choice.
pub const REQUIRED: [ShardMetric; 3] = [
    ShardMetric::IncomingBytes,
    ShardMetric::WriteProvisionedThroughputExceeded,
    ShardMetric::IteratorAgeMilliseconds,
];

pub static RULE: Rule = Rule {
    id: "LK-KIN-003",
    name: "stream-without-shard-level-metrics",
    title: "Kinesis data streams publish shard-level incoming bytes, write throttling and iterator age",
    severity: Severity::Low,
    service: Service::Kinesis,
    lens: &[ids::PERF_INGEST_MONITOR],
    rationale: "Stream-level metrics average over the shards, so one hot shard (an uneven partition key) hides behind its idle neighbours until producers are throttled or consumers fall hours behind. Three shard-level metrics are the least that show it: `IncomingBytes` (the skew itself), `WriteProvisionedThroughputExceeded` (the writes that shard refuses) and `IteratorAgeMilliseconds` (how far that shard's readers lag); they are also what a resharding decision is based on. Each costs one CloudWatch metric per shard, which is why the others are left to the team.",
    remediation: "List `IncomingBytes`, `WriteProvisionedThroughputExceeded` and `IteratorAgeMilliseconds` in `streams[].shard_metrics` (the default has them, `all` too) and redeploy, or `aws kinesis enable-enhanced-monitoring --shard-level-metrics ...`.",
    blueprint_field: Some("streams[].shard_metrics"),
    scopes: Scopes {
        static_: "Streams declare shard-level metrics that include the three the rule demands.",
        blueprint: "Deployed streams have those metrics enabled (DescribeStreamSummary's EnhancedMonitoring).",
        account: "Every stream in the region has those metrics enabled, whoever created it.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for stream in &model.streams {
        let resource = Resource::stream(&model.lake, stream);
        let Some(enabled) = out.known(&resource, "shard-level metrics", &stream.shard_metrics)
        else {
            continue;
        };
        let missing = missing(enabled);
        out.check(resource, missing.is_empty(), || {
            format!("shard-level metrics not enabled: {}", missing.join(", "))
        });
    }
}

fn missing(enabled: &BTreeSet<ShardMetric>) -> Vec<&'static str> {
    (REQUIRED.iter())
        .filter(|m| !enabled.contains(m))
        .map(|m| m.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.streams[0].shard_metrics = Prop::Known(BTreeSet::from(REQUIRED));
        assert_eq!(problems(&RULE, &model), vec![], "the three suffice");

        model.streams[0].shard_metrics = Prop::Known(BTreeSet::from([
            ShardMetric::IncomingBytes,
            ShardMetric::IncomingRecords,
        ]));
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "clicks",
                "shard-level metrics not enabled: WriteProvisionedThroughputExceeded, IteratorAgeMilliseconds"
            )]
        );
        model.streams[0].shard_metrics = Prop::Known(BTreeSet::new());
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "clicks",
                "shard-level metrics not enabled: IncomingBytes, WriteProvisionedThroughputExceeded, IteratorAgeMilliseconds"
            )]
        );
        model.streams[0].shard_metrics = unknown_prop("kinesis:DescribeStreamSummary");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "clicks",
                "shard-level metrics: AccessDenied on kinesis:DescribeStreamSummary"
            )]
        );
    }
}
