//! CloudTrail: the account's trails as the audit sees them ([`Trail`]), and the one trail a lake
//! may own ([`LakeTrail`]), which logs the account's management events and the S3 data events
//! of the lake's zone buckets into the lake's log bucket.

use serde::{Deserialize, Serialize};

use super::{KeyRef, Prop, Tags};

/// A trail of the account, as the inventory reads it (DescribeTrails, GetTrailStatus,
/// GetEventSelectors). Fields added after the first saved models default to "not recorded".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    pub name: String,
    pub logging: bool,
    /// Bucket ARNs (or `arn:aws:s3` for all buckets) whose object-level events are logged.
    pub s3_data_events: Vec<String>,
    /// `IsMultiRegionTrail`: the trail records every region of the account.
    #[serde(default)]
    pub multi_region: bool,
    /// `LogFileValidationEnabled`: digest files prove the logs were not altered.
    #[serde(default)]
    pub log_file_validation: bool,
    /// `KmsKeyId` as CloudTrail reports it (a key ARN); `None`: SSE-S3 only.
    #[serde(default)]
    pub kms_key: Option<String>,
    /// Which management events the selectors record.
    #[serde(default)]
    pub management_events: ManagementEvents,
    /// `S3BucketName` and `S3KeyPrefix`: where the log files go.
    #[serde(default)]
    pub bucket: String,
    #[serde(default)]
    pub prefix: Option<String>,
}

/// The management events (control-plane calls, e.g. Glue catalog changes) a trail records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagementEvents {
    #[default]
    None,
    ReadOnly,
    WriteOnly,
    All,
}

impl ManagementEvents {
    /// Write calls (CreateTable, UpdateTable, DeleteTable, ...) are recorded.
    pub fn records_writes(self) -> bool {
        matches!(self, ManagementEvents::WriteOnly | ManagementEvents::All)
    }

    /// The union of two selectors' coverage.
    pub fn and(self, other: ManagementEvents) -> ManagementEvents {
        use ManagementEvents::*;
        match (self, other) {
            (None, x) | (x, None) => x,
            (a, b) if a == b => a,
            _ => All,
        }
    }
}

/// The trail a lake owns (the blueprint's `trail` section): named from the lake, logging to the
/// lake's log bucket, encrypted with the lake's platform key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LakeTrail {
    pub name: String,
    pub logical_id: String,
    /// Name of the bucket the log files go to (the lake's access-log bucket).
    pub bucket: Prop<String>,
    /// Key prefix of the log files, without a trailing `/`.
    pub prefix: Prop<String>,
    pub key: Prop<Option<KeyRef>>,
    pub multi_region: Prop<bool>,
    pub log_file_validation: Prop<bool>,
    /// What the event selectors record (written together by PutEventSelectors).
    pub selectors: Prop<TrailSelectors>,
    /// `StartLogging`d.
    pub logging: Prop<bool>,
    pub tags: Prop<Tags>,
}

/// What a lake trail's event selectors record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailSelectors {
    pub management: ManagementEvents,
    /// Bucket ARNs whose object-level (`AWS::S3::Object`) events are recorded, sorted.
    pub s3_data_buckets: Vec<String>,
}

impl LakeTrail {
    /// The trail as the audit sees any trail, once every property it judges is known;
    /// `Err` names the first that is not. Keys are shown as their model reference.
    pub fn as_trail(&self) -> Result<Trail, String> {
        fn get<T: Clone>(prop: &Prop<T>, what: &str, trail: &str) -> Result<T, String> {
            match prop {
                Prop::Known(v) => Ok(v.clone()),
                Prop::Unknown(u) => Err(format!("{what} of trail {trail}: {}", u.unknown)),
            }
        }
        let name = &self.name;
        let selectors = get(&self.selectors, "event selectors", name)?;
        Ok(Trail {
            name: self.name.clone(),
            logging: get(&self.logging, "logging status", name)?,
            s3_data_events: selectors.s3_data_buckets,
            multi_region: get(&self.multi_region, "multi-region setting", name)?,
            log_file_validation: get(&self.log_file_validation, "log file validation", name)?,
            kms_key: get(&self.key, "key", name)?.map(|k| match k {
                KeyRef::Lake(id) => format!("lake key {id}"),
                KeyRef::Other(arn) => arn,
                KeyRef::AwsManaged => "aws managed".to_string(),
            }),
            management_events: selectors.management,
            bucket: get(&self.bucket, "bucket", name)?,
            prefix: Some(get(&self.prefix, "prefix", name)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ManagementEvents::*;

    #[test]
    fn management_events_combine_into_their_union() {
        assert_eq!(None.and(ReadOnly), ReadOnly);
        assert_eq!(WriteOnly.and(WriteOnly), WriteOnly);
        assert_eq!(ReadOnly.and(WriteOnly), All);
        assert!(All.records_writes() && WriteOnly.records_writes());
        assert!(!ReadOnly.records_writes() && !None.records_writes());
    }
}
