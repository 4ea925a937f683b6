//! Keys and buckets: one key per zone plus a platform key (or one key for the lake), a bucket
//! per zone, the Athena results bucket and the access-log bucket every other bucket logs into.

use std::collections::BTreeMap;

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::{self as bp, FieldPath, KeyStrategy};
use crate::model::naming::{self, ACCESS_LOGS, ATHENA_RESULTS, LAKE_KEY, PLATFORM_KEY, logical_id};
use crate::model::policies::{self, RoleNeeds};
use crate::model::*;

impl Compiler<'_> {
    pub(super) fn keys(&self) -> Vec<Key> {
        let root = FieldPath::root();
        let ids: Vec<(String, String, FieldPath)> = match self.bp.encryption.key_strategy {
            KeyStrategy::PerZone => self
                .bp
                .zones
                .iter()
                .enumerate()
                .map(|(i, z)| {
                    let what = format!("data in the {} zone", z.name);
                    (z.name.clone(), what, root.key("zones").index(i).key("name"))
                })
                .chain([(
                    PLATFORM_KEY.to_string(),
                    "streams, catalog and query results".to_string(),
                    root.key("encryption"),
                )])
                .collect(),
            KeyStrategy::PerLake => vec![(
                LAKE_KEY.to_string(),
                "all data".to_string(),
                root.key("encryption").key("key_strategy"),
            )],
        };
        ids.into_iter()
            .map(|(id, what, path)| self.key(id, &what, path))
            .collect()
    }

    fn key(&self, id: String, what: &str, path: FieldPath) -> Key {
        let logical_id = naming::key_logical_id(&id);
        let alias_id = naming::companion_id(&logical_id, "Key", "Alias");
        self.record(Origin::new(path, &id, vec![logical_id.clone(), alias_id]));
        Key {
            logical_id,
            alias: self.alias(&id),
            description: format!(
                "lakectl {}-{}: {what}",
                self.lake.name, self.lake.environment
            ),
            arn: None,
            rotation: Prop::Known(true),
            state: Prop::Known(KeyState::Enabled),
            customer_managed: Prop::Known(true),
            policy: Prop::unknown("built after roles"),
            deletion_window_days: self.bp.encryption.deletion_window_days,
            tags: self.tags(),
            id,
        }
    }

    pub(super) fn key_policies(
        &self,
        keys: Vec<Key>,
        needs: &BTreeMap<String, (RolePurpose, RoleNeeds)>,
    ) -> Vec<Key> {
        let decrypters: Vec<String> = (self.bp.encryption.decrypters.iter())
            .map(|p| self.principal_arn(p))
            .collect();
        keys.into_iter()
            .map(|mut key| {
                let users: Vec<String> = needs
                    .iter()
                    .filter(|(_, (_, n))| {
                        n.s3_keys.contains(&key.alias) || n.service_keys.contains(&key.alias)
                    })
                    .map(|(role, _)| self.role_arn(role))
                    .collect();
                let services: &[&str] = if key.id == PLATFORM_KEY || key.id == LAKE_KEY {
                    &["athena", "firehose", "glue", "kinesis", "logs", "s3"]
                } else {
                    &["s3"]
                };
                let mut policy =
                    policies::key_policy(&self.lake, &key, &users, services, &decrypters);
                if let Some(trail) = self.trail_arn().filter(|_| key.id == self.platform_key()) {
                    let statements = policies::trail_key_statements(&self.lake, &trail);
                    policy.statements.extend(statements);
                }
                key.policy = Prop::Known(policy);
                key
            })
            .collect()
    }

    /// The log bucket first (every other bucket logs into it), then the zones, then the Athena
    /// results bucket and, when the lake has jobs, the scripts bucket.
    pub(super) fn buckets(&self) -> Vec<Bucket> {
        let logs_name = naming::bucket_name(self.lake.scope(), ACCESS_LOGS, &self.lake.account);
        let mut buckets: Vec<Bucket> = (self.bp.zones.iter().enumerate())
            .map(|(i, zone)| self.zone_bucket(i, zone, &logs_name))
            .collect();
        buckets.push(self.results_bucket(&logs_name));
        buckets.extend(self.scripts_bucket(&logs_name));
        let sources: Vec<String> = buckets
            .iter()
            .map(|b| b.arn(&self.lake.partition))
            .collect();
        buckets.insert(0, self.logs_bucket(logs_name, &sources));
        buckets
    }

    /// Records the bucket's origin and gives it its policy.
    pub(super) fn with_policy(
        &self,
        mut bucket: Bucket,
        policy: PolicyDocument,
        path: FieldPath,
    ) -> Bucket {
        let ids = [
            bucket.logical_id.clone(),
            naming::companion_id(&bucket.logical_id, "Bucket", "BucketPolicy"),
            naming::companion_id(&bucket.logical_id, "Bucket", "LakeLocation"),
        ];
        self.record(Origin::new(path, &bucket.id, ids.to_vec()).named("bucket", &bucket.name));
        bucket.policy = Prop::Known(Some(policy));
        bucket
    }

    fn zone_bucket(&self, index: usize, zone: &bp::Zone, logs: &str) -> Bucket {
        let kind = zone.kind();
        // On unless a non-raw zone opts out: recovery from overwrites and deletes, bounded in
        // cost by the noncurrent-version expiration.
        let versioned = kind == ZoneKind::Raw || zone.versioning.unwrap_or(true);
        let key_id = self.key_id_for_zone(&zone.name);
        let bucket = Bucket {
            id: zone.name.clone(),
            logical_id: format!("Bucket{}", logical_id(&zone.name)),
            purpose: BucketPurpose::Zone {
                zone: zone.name.clone(),
                zone_kind: kind,
                tenants: zone.tenants.clone(),
            },
            name: self.bucket_of_zone(&zone.name),
            versioning: Prop::Known(if versioned {
                Versioning::Enabled
            } else {
                Versioning::Disabled
            }),
            lifecycle: Prop::Known(vec![zone_lifecycle(
                kind,
                zone.lifecycle.as_ref(),
                versioned,
            )]),
            logging: logging(logs, &zone.name),
            event_bridge: Prop::Known(self.starts_workflows(&zone.name)),
            ..self.kms_bucket(&key_id)
        };
        let key = naming::key_logical_id(&key_id);
        let policy = policies::data_bucket_policy(&self.lake, &bucket, &key);
        let path = FieldPath::root().key("zones").index(index).key("name");
        self.with_policy(bucket, policy, path)
    }

    fn results_bucket(&self, logs: &str) -> Bucket {
        let platform = self.platform_key();
        let bucket = Bucket {
            id: ATHENA_RESULTS.to_string(),
            logical_id: "BucketAthenaResults".to_string(),
            purpose: BucketPurpose::AthenaResults,
            name: naming::bucket_name(self.lake.scope(), ATHENA_RESULTS, &self.lake.account),
            lifecycle: Prop::Known(vec![expiring_lifecycle(
                "expire-query-results",
                self.bp.athena_results.expiration_days,
            )]),
            logging: logging(logs, ATHENA_RESULTS),
            ..self.kms_bucket(platform)
        };
        let key = naming::key_logical_id(platform);
        let policy = policies::data_bucket_policy(&self.lake, &bucket, &key);
        self.with_policy(bucket, policy, FieldPath::root().key("athena_results"))
    }

    fn logs_bucket(&self, name: String, sources: &[String]) -> Bucket {
        let bucket = Bucket {
            id: ACCESS_LOGS.to_string(),
            logical_id: "BucketAccessLogs".to_string(),
            purpose: BucketPurpose::AccessLogs,
            name,
            // S3 delivers server access logs only to SSE-S3 buckets.
            encryption: Prop::Known(BucketEncryption {
                algorithm: SseAlgorithm::Aes256,
                key: None,
                bucket_key: false,
            }),
            lifecycle: Prop::Known(vec![expiring_lifecycle(
                "expire-access-logs",
                self.bp.access_logs.retention_days,
            )]),
            logging: Prop::Known(None),
            ..self.kms_bucket(PLATFORM_KEY)
        };
        let mut policy = policies::log_bucket_policy(&self.lake, &bucket, sources);
        if let (Some(trail), Some(section)) = (self.trail_arn(), self.trail_section()) {
            let arn = bucket.arn(&self.lake.partition);
            let statements = policies::trail_bucket_statements(&arn, &section.prefix, &trail);
            policy.statements.extend(statements);
        }
        self.with_policy(bucket, policy, FieldPath::root().key("access_logs"))
    }

    /// The guardrails every lake bucket shares: SSE-KMS with bucket keys, all public access
    /// blocked, ACLs off, no versioning unless a zone asks, and the lake's tags.
    pub(super) fn kms_bucket(&self, key_id: &str) -> Bucket {
        Bucket {
            id: String::new(),
            logical_id: String::new(),
            purpose: BucketPurpose::AccessLogs,
            name: String::new(),
            encryption: Prop::Known(BucketEncryption {
                algorithm: SseAlgorithm::Kms,
                key: Some(KeyRef::Lake(key_id.to_string())),
                bucket_key: true,
            }),
            public_access_block: Prop::Known(PublicAccessBlock::ALL_ON),
            ownership: Prop::Known(ObjectOwnership::BucketOwnerEnforced),
            versioning: Prop::Known(Versioning::Disabled),
            lifecycle: Prop::Known(Vec::new()),
            logging: Prop::Known(None),
            policy: Prop::Known(None),
            event_bridge: Prop::Known(false),
            tags: self.tags(),
        }
    }
}

fn logging(logs_bucket: &str, prefix: &str) -> Prop<Option<BucketLogging>> {
    Prop::Known(Some(BucketLogging {
        target_bucket: logs_bucket.to_string(),
        target_prefix: format!("{prefix}/"),
    }))
}

fn storage_class_name(class: StorageClass) -> &'static str {
    match class {
        StorageClass::StandardIa => "STANDARD_IA",
        StorageClass::IntelligentTiering => "INTELLIGENT_TIERING",
        StorageClass::Glacier => "GLACIER",
        StorageClass::DeepArchive => "DEEP_ARCHIVE",
    }
}

/// The zone's lifecycle, or the default for its kind: raw data is kept and archived, refined
/// data is tiered automatically (ANALYTICS_COST 03/04).
fn zone_lifecycle(kind: ZoneKind, given: Option<&bp::Lifecycle>, versioned: bool) -> LifecycleRule {
    let default_transitions = match kind {
        ZoneKind::Raw => vec![(30, StorageClass::StandardIa), (180, StorageClass::Glacier)],
        _ => vec![(30, StorageClass::IntelligentTiering)],
    };
    let (transitions, expiration, noncurrent, abort) = match given {
        Some(l) => (
            l.transitions
                .iter()
                .map(|t| (t.days, t.storage_class))
                .collect(),
            l.expiration_days,
            l.noncurrent_expiration_days,
            l.abort_incomplete_multipart_days,
        ),
        None => (default_transitions, None, None, 7),
    };
    let noncurrent = noncurrent.or(versioned.then_some(90));
    LifecycleRule {
        id: "lakectl-tiering".to_string(),
        enabled: true,
        prefix: String::new(),
        transitions: transitions
            .into_iter()
            .map(|(days, class)| LifecycleTransition {
                days,
                storage_class: storage_class_name(class).to_string(),
            })
            .collect(),
        expiration_days: expiration,
        noncurrent_expiration_days: noncurrent,
        abort_incomplete_multipart_days: Some(abort),
    }
}

fn expiring_lifecycle(id: &str, days: u32) -> LifecycleRule {
    LifecycleRule {
        id: id.to_string(),
        enabled: true,
        prefix: String::new(),
        transitions: Vec::new(),
        expiration_days: Some(days),
        noncurrent_expiration_days: None,
        abort_incomplete_multipart_days: Some(1),
    }
}
