//! CloudWatch Logs: where a delivery stream reports the records it failed to deliver
//! ([`ErrorLogging`]), the log groups a lake owns for that ([`LakeLogGroup`]), and the
//! pipeline's log groups as the audit reads an account's ([`LogGroup`]).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{KeyRef, Prop, Tags};

/// The log stream Firehose writes destination errors to (the console's name for it).
pub const DELIVERY_LOG_STREAM: &str = "DestinationDelivery";

/// Delivery error logs are kept a year: long enough to investigate a delivery gap, short
/// enough that they do not pile up forever.
pub const DELIVERY_LOG_RETENTION_DAYS: u32 = 365;

/// The name prefixes of the log groups Firehose and Glue write to by convention: the audit reads
/// the groups under them, plus any other group a delivery stream names.
pub const PIPELINE_LOG_PREFIXES: [&str; 2] = ["/aws/kinesisfirehose/", "/aws-glue/"];

/// The error log group of a delivery stream, by the console's convention.
pub fn delivery_log_group(delivery_stream: &str) -> String {
    format!("{}{delivery_stream}", PIPELINE_LOG_PREFIXES[0])
}

/// A delivery stream's `CloudWatchLoggingOptions` when enabled: Firehose neither creates the
/// group nor the stream, so both must exist for errors to be kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorLogging {
    pub group: String,
    pub stream: String,
}

/// A log group the lake owns (one per delivery stream), with the log streams its writers need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LakeLogGroup {
    /// The model id of the delivery stream that writes to it.
    pub id: String,
    pub logical_id: String,
    pub name: String,
    /// `None`: the events never expire.
    pub retention_days: Prop<Option<u32>>,
    /// `None`: CloudWatch Logs' own encryption, not a customer managed key.
    pub key: Prop<Option<KeyRef>>,
    pub streams: Prop<BTreeSet<String>>,
    pub tags: Prop<Tags>,
}

impl LakeLogGroup {
    /// The group as the audit reads a region's log groups, or why it cannot be.
    pub fn as_log_group(&self) -> Result<LogGroup, String> {
        match &self.retention_days {
            Prop::Known(days) => Ok(LogGroup {
                name: self.name.clone(),
                retention_days: *days,
            }),
            Prop::Unknown(u) => Err(format!(
                "retention of log group {}: {}",
                self.name, u.unknown
            )),
        }
    }
}

/// A log group of the region as the audit reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogGroup {
    pub name: String,
    /// `None`: the events never expire.
    pub retention_days: Option<u32>,
}

impl LogGroup {
    /// Written by Firehose or Glue by convention.
    pub fn is_pipeline(&self) -> bool {
        PIPELINE_LOG_PREFIXES
            .iter()
            .any(|p| self.name.starts_with(p))
    }
}
