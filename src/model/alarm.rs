//! CloudWatch alarms on the pipeline's health: the alarms of the account as the audit reads
//! them ([`MetricAlarm`]), and the ones a lake owns ([`LakeAlarm`], the blueprint's
//! `monitoring` section), one per resource and [`Signal`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Kind, Prop, Tags};

/// What a pipeline alarm watches for. Each signal is one metric of one resource kind, named
/// by one dimension (the resource's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// Records wait in a stream longer than its consumers can afford (Kinesis iterator age).
    IteratorAge,
    /// Producers are throttled (Kinesis `WriteProvisionedThroughputExceeded`).
    WriteThrottling,
    /// The oldest record not yet delivered to S3 is too old (Firehose data freshness).
    DeliveryFreshness,
    /// A job run's Spark tasks fail (Glue job metrics, with `--enable-metrics`).
    JobFailures,
}

impl Signal {
    pub const ALL: [Signal; 4] = [
        Signal::IteratorAge,
        Signal::WriteThrottling,
        Signal::DeliveryFreshness,
        Signal::JobFailures,
    ];

    /// The signals a resource kind must be watched for, in report order.
    pub fn of(kind: Kind) -> &'static [Signal] {
        match kind {
            Kind::Stream => &[Signal::IteratorAge, Signal::WriteThrottling],
            Kind::DeliveryStream => &[Signal::DeliveryFreshness],
            Kind::Job => &[Signal::JobFailures],
            _ => &[],
        }
    }

    /// The end of the alarm's name (`<resource>-<slug>`).
    pub fn slug(self) -> &'static str {
        match self {
            Signal::IteratorAge => "iterator-age",
            Signal::WriteThrottling => "write-throttling",
            Signal::DeliveryFreshness => "delivery-freshness",
            Signal::JobFailures => "job-failures",
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            Signal::IteratorAge | Signal::WriteThrottling => Kind::Stream,
            Signal::DeliveryFreshness => Kind::DeliveryStream,
            Signal::JobFailures => Kind::Job,
        }
    }

    pub fn namespace(self) -> &'static str {
        match self {
            Signal::IteratorAge | Signal::WriteThrottling => "AWS/Kinesis",
            Signal::DeliveryFreshness => "AWS/Firehose",
            Signal::JobFailures => "Glue",
        }
    }

    pub fn metric(self) -> &'static str {
        match self {
            Signal::IteratorAge => "GetRecords.IteratorAgeMilliseconds",
            Signal::WriteThrottling => "WriteProvisionedThroughputExceeded",
            Signal::DeliveryFreshness => "DeliveryToS3.DataFreshness",
            Signal::JobFailures => "glue.driver.aggregate.numFailedTasks",
        }
    }

    /// The dimension that names the watched resource.
    pub fn dimension(self) -> &'static str {
        match self {
            Signal::IteratorAge | Signal::WriteThrottling => "StreamName",
            Signal::DeliveryFreshness => "DeliveryStreamName",
            Signal::JobFailures => "JobName",
        }
    }

    /// The metric this signal reads for the resource `name`, with every dimension CloudWatch
    /// publishes it under (Glue's job metrics also carry the run and the metric type).
    pub fn metric_of(self, name: &str) -> WatchedMetric {
        let mut dimensions = BTreeMap::from([(self.dimension().to_string(), name.to_string())]);
        if self == Signal::JobFailures {
            dimensions.insert("JobRunId".into(), "ALL".into());
            dimensions.insert("Type".into(), "count".into());
        }
        WatchedMetric {
            namespace: self.namespace().to_string(),
            name: self.metric().to_string(),
            dimensions,
        }
    }

    /// How the metric reads in a message: `Kinesis iterator age`.
    pub fn describe(self) -> &'static str {
        match self {
            Signal::IteratorAge => "iterator age (GetRecords.IteratorAgeMilliseconds)",
            Signal::WriteThrottling => "write throttling (WriteProvisionedThroughputExceeded)",
            Signal::DeliveryFreshness => "delivery freshness (DeliveryToS3.DataFreshness)",
            Signal::JobFailures => "failed tasks (glue.driver.aggregate.numFailedTasks)",
        }
    }
}

/// One metric an alarm evaluates.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WatchedMetric {
    pub namespace: String,
    pub name: String,
    pub dimensions: BTreeMap<String, String>,
}

impl WatchedMetric {
    /// This metric is the signal's metric for the resource `name`: the namespace, the metric
    /// name and the resource's dimension agree (other dimensions may narrow it further).
    pub fn is(&self, signal: Signal, name: &str) -> bool {
        self.namespace == signal.namespace()
            && self.name == signal.metric()
            && self.dimensions.get(signal.dimension()).map(String::as_str) == Some(name)
    }

    /// The metric names one of `resources` as its stream, delivery stream or job.
    pub fn names_any(&self, resources: &[&str]) -> bool {
        Signal::ALL.iter().any(|s| {
            (self.dimensions.get(s.dimension()))
                .is_some_and(|name| resources.contains(&name.as_str()))
        })
    }

    /// The metric is one of the pipeline's (a stream's, a delivery stream's or a Glue job's).
    pub fn is_pipeline(&self) -> bool {
        Signal::ALL.iter().any(|s| s.namespace() == self.namespace)
    }
}

/// An alarm of the account, as the inventory reads it (DescribeAlarms, metric alarms).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricAlarm {
    pub name: String,
    /// The metrics it evaluates: one, or the metric-stat queries of a metric-math alarm.
    pub metrics: Vec<WatchedMetric>,
    /// `ActionsEnabled`.
    pub actions_enabled: bool,
    /// `AlarmActions`: what happens when it goes into ALARM.
    pub alarm_actions: Vec<String>,
}

impl MetricAlarm {
    pub fn watches(&self, signal: Signal, name: &str) -> bool {
        self.metrics.iter().any(|m| m.is(signal, name))
    }

    /// The alarm reaches someone when it fires.
    pub fn notifies(&self) -> bool {
        self.actions_enabled && !self.alarm_actions.is_empty()
    }
}

/// How a lake alarm judges its metric (PutMetricAlarm's evaluation fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmDefinition {
    pub metric: WatchedMetric,
    /// `Maximum` or `Sum`.
    pub statistic: String,
    pub period_seconds: u32,
    pub evaluation_periods: u32,
    /// `GreaterThanThreshold` for every lake alarm.
    pub comparison: String,
    pub threshold: f64,
    /// `notBreaching`: an idle pipeline publishes no data points and is healthy.
    pub treat_missing_data: String,
}

/// Who a lake alarm notifies: the same targets on ALARM and on OK, so the owner also learns
/// when it recovers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlarmActions {
    pub enabled: bool,
    pub alarm: Vec<String>,
    pub ok: Vec<String>,
}

/// An alarm the lake owns on one of its pipeline resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LakeAlarm {
    pub name: String,
    pub logical_id: String,
    pub signal: Signal,
    /// Name of the watched resource (a stream, delivery stream or job of the lake).
    pub resource: String,
    pub definition: Prop<AlarmDefinition>,
    pub actions: Prop<AlarmActions>,
    /// The lake's tags (live: ListTagsForResource, read for the lake's own alarms only).
    #[serde(default = "super::not_read")]
    pub tags: Prop<Tags>,
}

impl LakeAlarm {
    /// What the alarm watches, as its `AlarmDescription` says.
    pub fn description(&self) -> String {
        format!(
            "lakectl: {} of {} {}",
            self.signal.describe(),
            self.signal.kind().label(),
            self.resource
        )
    }

    /// The alarm as the audit reads an account's alarms, or why it cannot be.
    pub fn as_metric_alarm(&self) -> Result<MetricAlarm, String> {
        let unknown =
            |field: &str, reason: &str| format!("{field} of alarm {}: {reason}", self.name);
        let definition = match &self.definition {
            Prop::Known(d) => d,
            Prop::Unknown(u) => return Err(unknown("definition", &u.unknown)),
        };
        let actions = match &self.actions {
            Prop::Known(a) => a,
            Prop::Unknown(u) => return Err(unknown("actions", &u.unknown)),
        };
        Ok(MetricAlarm {
            name: self.name.clone(),
            metrics: vec![definition.metric.clone()],
            actions_enabled: actions.enabled,
            alarm_actions: actions.alarm.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_metric_is_the_signal_of_the_resource_its_dimension_names() {
        let metric = Signal::JobFailures.metric_of("retail-prod-load");
        assert!(metric.is(Signal::JobFailures, "retail-prod-load"));
        assert!(!metric.is(Signal::JobFailures, "retail-prod-other"));
        assert!(!metric.is(Signal::IteratorAge, "retail-prod-load"));
        assert_eq!(
            metric.dimensions.keys().collect::<Vec<_>>(),
            ["JobName", "JobRunId", "Type"]
        );
        let age = Signal::IteratorAge.metric_of("s");
        assert!(age.is_pipeline());
        assert!(age.is(Signal::IteratorAge, "s") && !age.is(Signal::WriteThrottling, "s"));
    }

    #[test]
    fn an_alarm_notifies_only_with_enabled_actions() {
        let mut alarm = MetricAlarm {
            name: "a".into(),
            metrics: vec![Signal::IteratorAge.metric_of("s")],
            actions_enabled: true,
            alarm_actions: vec!["arn:aws:sns:us-east-1:123456789012:oncall".into()],
        };
        assert!(alarm.notifies() && alarm.watches(Signal::IteratorAge, "s"));
        alarm.actions_enabled = false;
        assert!(!alarm.notifies());
        alarm.actions_enabled = true;
        alarm.alarm_actions.clear();
        assert!(!alarm.notifies());
    }
}
