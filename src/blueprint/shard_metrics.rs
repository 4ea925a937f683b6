//! `streams[].shard_metrics`: `all`, or a list of Kinesis shard-level metric names. Parsed by
//! hand so that an unknown name is reported at its own list item with the allowed names, which
//! an untagged enum would blur into "did not match any variant".

use std::collections::BTreeSet;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::ShardMetric;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardMetrics {
    /// Every shard-level metric (Kinesis's `ALL`).
    All,
    Listed(BTreeSet<ShardMetric>),
}

impl ShardMetrics {
    /// The metrics enabled, `all` spelled out.
    pub fn resolved(&self) -> BTreeSet<ShardMetric> {
        match self {
            Self::All => ShardMetric::ALL.into_iter().collect(),
            Self::Listed(metrics) => metrics.clone(),
        }
    }
}

/// What a platform team watches on every stream: load per shard (a hot partition key), the
/// writes and reads a shard throttles, and how far each shard's consumers lag. The outgoing
/// metrics are left out: they cost as much and answer no alarm a lake needs by default.
impl Default for ShardMetrics {
    fn default() -> Self {
        Self::Listed(BTreeSet::from([
            ShardMetric::IncomingBytes,
            ShardMetric::IncomingRecords,
            ShardMetric::WriteProvisionedThroughputExceeded,
            ShardMetric::ReadProvisionedThroughputExceeded,
            ShardMetric::IteratorAgeMilliseconds,
        ]))
    }
}

impl Serialize for ShardMetrics {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::All => serializer.serialize_str("all"),
            Self::Listed(metrics) => metrics.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ShardMetrics {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MetricsVisitor)
    }
}

struct MetricsVisitor;

impl<'de> Visitor<'de> for MetricsVisitor {
    type Value = ShardMetrics;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`all` or a list of shard-level metric names")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<ShardMetrics, E> {
        match value {
            "all" => Ok(ShardMetrics::All),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ShardMetrics, A::Error> {
        let mut metrics = BTreeSet::new();
        while let Some(metric) = seq.next_element::<ShardMetric>()? {
            metrics.insert(metric);
        }
        Ok(ShardMetrics::Listed(metrics))
    }
}

impl JsonSchema for ShardMetrics {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ShardMetrics".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let metric = generator.subschema_for::<ShardMetric>();
        json_schema!({
            "description": "`all`, or a list of Kinesis shard-level metric names",
            "oneOf": [
                {"type": "string", "const": "all"},
                {"type": "array", "items": metric, "uniqueItems": true}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_expands_to_every_metric_and_the_default_leaves_out_outgoing() {
        assert_eq!(ShardMetrics::All.resolved().len(), 7);
        let default = ShardMetrics::default().resolved();
        assert!(!default.contains(&ShardMetric::OutgoingBytes));
        assert!(!default.contains(&ShardMetric::OutgoingRecords));
        assert_eq!(default.len(), 5);
    }
}
