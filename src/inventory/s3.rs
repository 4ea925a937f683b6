//! S3 buckets: encryption, public access block, ownership, versioning, lifecycle, logging,
//! policy and tags (8 reads per bucket), and a lake bucket's EventBridge notifications (a 9th).
//!
//! Existence comes from the first read, GetBucketEncryption: `NoSuchBucket` means absent. The
//! other eight run only for buckets that exist.

use aws_sdk_s3::types as s3;
use futures::future::join_all;

use super::ctx::{Ctx, existing, or_absent, tag_map};
use super::keys::KeyIndex;
use crate::aws::{CallError, Failure, Service};
use crate::model::{
    Bucket, BucketEncryption, BucketLogging, BucketPurpose, LifecycleRule, LifecycleTransition,
    ObjectOwnership, PolicyDocument, Prop, PublicAccessBlock, SseAlgorithm, Tags, Versioning,
    ZoneKind, naming,
};

pub(super) async fn read(ctx: &Ctx<'_>, desired: &[Bucket]) -> Vec<Bucket> {
    existing(desired, |b| read_bucket(ctx, b.clone())).await
}

/// Every bucket in the region. Its id is its name; its purpose is inferred ([`infer_purpose`]).
pub(super) async fn read_all(ctx: &Ctx<'_>) -> Vec<Bucket> {
    let names = ctx.listed(list_buckets(ctx).await);
    let skeletons = names.into_iter().map(|name| Bucket {
        id: name.clone(),
        logical_id: naming::logical_id(&name),
        purpose: BucketPurpose::AccessLogs,
        encryption: Prop::unknown("not read"),
        public_access_block: Prop::unknown("not read"),
        ownership: Prop::unknown("not read"),
        versioning: Prop::unknown("not read"),
        lifecycle: Prop::unknown("not read"),
        logging: Prop::unknown("not read"),
        policy: Prop::unknown("not read"),
        event_bridge: Prop::unknown("not read"),
        tags: Prop::unknown("not read"),
        name,
    });
    join_all(skeletons.map(|b| async move {
        let mut bucket = read_bucket(ctx, b).await?;
        bucket.purpose = infer_purpose(&bucket.name, bucket.tags.known());
        Some(bucket)
    }))
    .await
    .into_iter()
    .flatten()
    .collect()
}

/// Reads one bucket's properties into `bucket`; `None` when it does not exist.
async fn read_bucket(ctx: &Ctx<'_>, mut bucket: Bucket) -> Option<Bucket> {
    let s3c = &ctx.aws.s3;
    let name = bucket.name.clone();
    let arn = bucket.arn(ctx.partition);
    let encryption = ctx
        .call(
            Service::S3,
            "GetBucketEncryption",
            &arn,
            s3c.get_bucket_encryption().bucket(&name).send(),
        )
        .await;
    if let Err(e) = &encryption
        && matches!(&*e.failure, Failure::NotFound { code } if code == "NoSuchBucket")
    {
        return None;
    }
    bucket.encryption = or_absent(
        encryption.map(|o| encryption_of(o.server_side_encryption_configuration(), &ctx.keys)),
        BucketEncryption::none,
    );
    // Only a lake's own buckets have an EventBridge setting to compare (no rule reads it), so
    // an account audit does not spend a request per bucket on it.
    let wanted = bucket.event_bridge.known().is_some();
    // The other reads in flight at once, as one join would have them.
    let (access, data, event_bridge) = tokio::join!(
        access_of(ctx, &name, &arn),
        data_of(ctx, &name, &arn),
        async {
            if wanted {
                Some(event_bridge_of(ctx, &name, &arn).await)
            } else {
                None
            }
        }
    );
    if let Some(event_bridge) = event_bridge {
        bucket.event_bridge = event_bridge;
    }
    (bucket.public_access_block, bucket.ownership, bucket.policy) = access;
    (
        bucket.versioning,
        bucket.lifecycle,
        bucket.logging,
        bucket.tags,
    ) = data;
    Some(bucket)
}

/// Who may reach the bucket: its public access block, object ownership and policy.
async fn access_of(
    ctx: &Ctx<'_>,
    name: &str,
    arn: &str,
) -> (
    Prop<PublicAccessBlock>,
    Prop<ObjectOwnership>,
    Prop<Option<PolicyDocument>>,
) {
    let s3c = &ctx.aws.s3;
    let (pab, ownership, policy) = tokio::join!(
        ctx.call(
            Service::S3,
            "GetPublicAccessBlock",
            arn,
            s3c.get_public_access_block().bucket(name).send()
        ),
        ctx.call(
            Service::S3,
            "GetBucketOwnershipControls",
            arn,
            s3c.get_bucket_ownership_controls().bucket(name).send()
        ),
        ctx.call(
            Service::S3,
            "GetBucketPolicy",
            arn,
            s3c.get_bucket_policy().bucket(name).send()
        ),
    );
    let pab = or_absent(
        pab.map(|o| public_access_block_of(o.public_access_block_configuration())),
        pab_off,
    );
    let ownership = or_absent(
        ownership.map(|o| ownership_of(o.ownership_controls())),
        || ObjectOwnership::None,
    );
    let policy = match or_absent(policy.map(|o| o.policy().map(str::to_string)), || None) {
        Prop::Known(Some(text)) => match PolicyDocument::parse(&text) {
            Ok(doc) => Prop::Known(Some(doc)),
            Err(e) => Prop::unknown(format!("cannot parse the bucket policy of {arn}: {e}")),
        },
        Prop::Known(None) => Prop::Known(None),
        Prop::Unknown(u) => Prop::Unknown(u),
    };
    (pab, ownership, policy)
}

/// Whether S3 sends the bucket's events to EventBridge (no notification configuration: off).
async fn event_bridge_of(ctx: &Ctx<'_>, name: &str, arn: &str) -> Prop<bool> {
    let request = ctx
        .aws
        .s3
        .get_bucket_notification_configuration()
        .bucket(name);
    let out = ctx
        .call(
            Service::S3,
            "GetBucketNotificationConfiguration",
            arn,
            request.send(),
        )
        .await;
    or_absent(
        out.map(|o| o.event_bridge_configuration().is_some()),
        || false,
    )
}

/// How the bucket keeps data: versioning, lifecycle, access logging and tags.
async fn data_of(
    ctx: &Ctx<'_>,
    name: &str,
    arn: &str,
) -> (
    Prop<Versioning>,
    Prop<Vec<LifecycleRule>>,
    Prop<Option<BucketLogging>>,
    Prop<Tags>,
) {
    let s3c = &ctx.aws.s3;
    let (versioning, lifecycle, logging, tags) = tokio::join!(
        ctx.call(
            Service::S3,
            "GetBucketVersioning",
            arn,
            s3c.get_bucket_versioning().bucket(name).send()
        ),
        ctx.call(
            Service::S3,
            "GetBucketLifecycleConfiguration",
            arn,
            s3c.get_bucket_lifecycle_configuration().bucket(name).send()
        ),
        ctx.call(
            Service::S3,
            "GetBucketLogging",
            arn,
            s3c.get_bucket_logging().bucket(name).send()
        ),
        ctx.call(
            Service::S3,
            "GetBucketTagging",
            arn,
            s3c.get_bucket_tagging().bucket(name).send()
        ),
    );
    (
        or_absent(versioning.map(|o| versioning_of(o.status())), || {
            Versioning::Disabled
        }),
        or_absent(lifecycle.map(|o| lifecycle_of(o.rules())), Vec::new),
        or_absent(logging.map(|o| logging_of(o.logging_enabled())), || None),
        or_absent(
            tags.map(|o| tag_map(o.tag_set().iter().map(|t| (t.key(), t.value())))),
            Tags::new,
        ),
    )
}

impl BucketEncryption {
    /// No default encryption configured.
    fn none() -> BucketEncryption {
        BucketEncryption {
            algorithm: SseAlgorithm::None,
            key: None,
            bucket_key: false,
        }
    }
}

/// The default encryption of the first rule (S3 allows exactly one). `aws:kms` without a key
/// id uses the AWS managed key `aws/s3`.
pub(super) fn encryption_of(
    config: Option<&s3::ServerSideEncryptionConfiguration>,
    keys: &KeyIndex,
) -> BucketEncryption {
    let Some(rule) = config.and_then(|c| c.rules().first()) else {
        return BucketEncryption::none();
    };
    let Some(default) = rule.apply_server_side_encryption_by_default() else {
        return BucketEncryption::none();
    };
    let algorithm = match default.sse_algorithm() {
        s3::ServerSideEncryption::AwsKms => SseAlgorithm::Kms,
        s3::ServerSideEncryption::AwsKmsDsse => SseAlgorithm::KmsDsse,
        s3::ServerSideEncryption::Aes256 => SseAlgorithm::Aes256,
        _ => SseAlgorithm::None,
    };
    let key = match algorithm {
        SseAlgorithm::Kms | SseAlgorithm::KmsDsse => Some(
            default
                .kms_master_key_id()
                .map_or(crate::model::KeyRef::AwsManaged, |k| keys.key_ref(k)),
        ),
        SseAlgorithm::Aes256 | SseAlgorithm::None => None,
    };
    BucketEncryption {
        algorithm,
        key,
        bucket_key: rule.bucket_key_enabled().unwrap_or(false),
    }
}

/// No public access block configured: every setting off.
fn pab_off() -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: false,
        ignore_public_acls: false,
        block_public_policy: false,
        restrict_public_buckets: false,
    }
}

/// An absent setting is off.
pub(super) fn public_access_block_of(
    config: Option<&s3::PublicAccessBlockConfiguration>,
) -> PublicAccessBlock {
    let Some(c) = config else {
        return pab_off();
    };
    PublicAccessBlock {
        block_public_acls: c.block_public_acls().unwrap_or(false),
        ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
        block_public_policy: c.block_public_policy().unwrap_or(false),
        restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
    }
}

pub(super) fn ownership_of(controls: Option<&s3::OwnershipControls>) -> ObjectOwnership {
    match controls
        .and_then(|c| c.rules().first())
        .map(|r| r.object_ownership())
    {
        Some(s3::ObjectOwnership::BucketOwnerEnforced) => ObjectOwnership::BucketOwnerEnforced,
        Some(s3::ObjectOwnership::BucketOwnerPreferred) => ObjectOwnership::BucketOwnerPreferred,
        Some(s3::ObjectOwnership::ObjectWriter) => ObjectOwnership::ObjectWriter,
        _ => ObjectOwnership::None,
    }
}

pub(super) fn versioning_of(status: Option<&s3::BucketVersioningStatus>) -> Versioning {
    match status {
        Some(s3::BucketVersioningStatus::Enabled) => Versioning::Enabled,
        Some(s3::BucketVersioningStatus::Suspended) => Versioning::Suspended,
        _ => Versioning::Disabled,
    }
}

pub(super) fn lifecycle_of(rules: &[s3::LifecycleRule]) -> Vec<LifecycleRule> {
    let days = |d: Option<i32>| d.and_then(|d| u32::try_from(d).ok());
    rules
        .iter()
        .map(|r| {
            // The prefix moved from the rule into its filter (and into `And` with tags).
            #[allow(deprecated)]
            let prefix = r
                .filter()
                .and_then(|f| f.prefix().or_else(|| f.and().and_then(|a| a.prefix())))
                .or(r.prefix())
                .unwrap_or_default();
            LifecycleRule {
                id: r.id().unwrap_or_default().to_string(),
                enabled: *r.status() == s3::ExpirationStatus::Enabled,
                prefix: prefix.to_string(),
                transitions: r
                    .transitions()
                    .iter()
                    .filter_map(|t| {
                        Some(LifecycleTransition {
                            days: days(t.days())?,
                            storage_class: t.storage_class()?.as_str().to_string(),
                        })
                    })
                    .collect(),
                expiration_days: days(r.expiration().and_then(|e| e.days())),
                noncurrent_expiration_days: days(
                    r.noncurrent_version_expiration()
                        .and_then(|e| e.noncurrent_days()),
                ),
                abort_incomplete_multipart_days: days(
                    r.abort_incomplete_multipart_upload()
                        .and_then(|a| a.days_after_initiation()),
                ),
            }
        })
        .collect()
}

pub(super) fn logging_of(enabled: Option<&s3::LoggingEnabled>) -> Option<BucketLogging> {
    enabled.map(|l| BucketLogging {
        target_bucket: l.target_bucket().to_string(),
        target_prefix: l.target_prefix().to_string(),
    })
}

/// A bucket's purpose, for buckets no blueprint describes:
/// 1. tags: `zone` = `access-logs` / `athena-results` / a zone name, when the bucket also has a
///    `lake` tag;
/// 2. the name: `*access-log*` → access logs, `*athena-results*` / `*athena-query-results*` →
///    Athena results; with `lake` and `environment` tags, a lakectl name
///    `<lake>-<zone>-<env>-...` gives the zone;
/// 3. otherwise a zone named after the bucket.
///
/// The zone kind comes from the zone name as in blueprints (`raw`, `cleansed`, `curated`),
/// else from a `-raw-`, `-cleansed-` or `-curated-` part of the bucket name, else mart.
pub fn infer_purpose(name: &str, tags: Option<&Tags>) -> BucketPurpose {
    let tag = |k: &str| tags.and_then(|t| t.get(k)).map(String::as_str);
    let zone = match (tag("lake"), tag("zone")) {
        (Some(_), Some(zone)) => Some(zone.to_string()),
        _ => None,
    };
    let zone = zone.or_else(|| {
        let (lake, env) = (tag("lake")?, tag("environment")?);
        let rest = name.strip_prefix(&format!("{lake}-"))?;
        let (zone, _) = rest.split_once(&format!("-{env}-"))?;
        Some(zone.to_string())
    });
    match zone.as_deref() {
        Some(naming::ACCESS_LOGS) => return BucketPurpose::AccessLogs,
        Some(naming::ATHENA_RESULTS) => return BucketPurpose::AthenaResults,
        Some(naming::SCRIPTS) => return BucketPurpose::Scripts,
        Some(zone) => {
            return BucketPurpose::Zone {
                zone: zone.to_string(),
                zone_kind: kind_from_words(zone),
                tenants: Vec::new(),
            };
        }
        None => {}
    }
    if name.contains("access-log") {
        return BucketPurpose::AccessLogs;
    }
    if name.contains("athena-results") || name.contains("athena-query-results") {
        return BucketPurpose::AthenaResults;
    }
    BucketPurpose::Zone {
        zone: name.to_string(),
        zone_kind: kind_from_words(name),
        tenants: Vec::new(),
    }
}

fn kind_from_words(name: &str) -> ZoneKind {
    let words: Vec<&str> = name.split(['-', '_', '.']).collect();
    if words.contains(&"raw") {
        ZoneKind::Raw
    } else if words.contains(&"cleansed") {
        ZoneKind::Cleansed
    } else if words.contains(&"curated") {
        ZoneKind::Curated
    } else {
        ZoneKind::Mart
    }
}

/// Names of the buckets in this region. ListBuckets lists every region's buckets; the region
/// filter keeps ours (an endpoint that ignores the filter reports each bucket's region, which is
/// checked too).
async fn list_buckets(ctx: &Ctx<'_>) -> Result<Vec<String>, CallError> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::S3,
                "ListBuckets",
                "buckets",
                ctx.aws
                    .s3
                    .list_buckets()
                    .bucket_region(&ctx.region)
                    .max_buckets(1000)
                    .set_continuation_token(token.clone())
                    .send(),
            )
            .await?;
        names.extend(
            out.buckets()
                .iter()
                .filter(|b| b.bucket_region().is_none_or(|r| r == ctx.region))
                .filter_map(|b| b.name().map(str::to_string)),
        );
        match out.continuation_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(names),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KeyRef;

    fn index() -> KeyIndex {
        let mut i = KeyIndex::default();
        i.add_lake_key("raw", "k-raw", Some("alias/retail-dev-raw"));
        i
    }

    #[test]
    fn kms_encryption_names_the_lake_key_and_the_bucket_key() {
        let config = s3::ServerSideEncryptionConfiguration::builder()
            .rules(
                s3::ServerSideEncryptionRule::builder()
                    .apply_server_side_encryption_by_default(
                        s3::ServerSideEncryptionByDefault::builder()
                            .sse_algorithm(s3::ServerSideEncryption::AwsKms)
                            .kms_master_key_id("arn:aws:kms:us-east-1:000000000000:key/k-raw")
                            .build()
                            .unwrap(),
                    )
                    .bucket_key_enabled(true)
                    .build(),
            )
            .build()
            .unwrap();
        assert_eq!(
            encryption_of(Some(&config), &index()),
            BucketEncryption {
                algorithm: SseAlgorithm::Kms,
                key: Some(KeyRef::Lake("raw".into())),
                bucket_key: true
            }
        );
    }

    #[test]
    fn kms_without_a_key_is_the_aws_managed_key_and_aes_has_none() {
        let rule = |alg| {
            s3::ServerSideEncryptionConfiguration::builder()
                .rules(
                    s3::ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            s3::ServerSideEncryptionByDefault::builder()
                                .sse_algorithm(alg)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
                .unwrap()
        };
        assert_eq!(
            encryption_of(Some(&rule(s3::ServerSideEncryption::AwsKms)), &index()).key,
            Some(KeyRef::AwsManaged)
        );
        assert_eq!(
            encryption_of(Some(&rule(s3::ServerSideEncryption::Aes256)), &index()),
            BucketEncryption {
                algorithm: SseAlgorithm::Aes256,
                key: None,
                bucket_key: false
            }
        );
        assert_eq!(encryption_of(None, &index()), BucketEncryption::none());
    }

    #[test]
    fn settings_map_exactly() {
        let pab = s3::PublicAccessBlockConfiguration::builder()
            .block_public_acls(true)
            .ignore_public_acls(true)
            .block_public_policy(false)
            .build();
        assert_eq!(
            public_access_block_of(Some(&pab)),
            PublicAccessBlock {
                block_public_acls: true,
                ignore_public_acls: true,
                block_public_policy: false,
                restrict_public_buckets: false
            }
        );
        let controls = s3::OwnershipControls::builder()
            .rules(
                s3::OwnershipControlsRule::builder()
                    .object_ownership(s3::ObjectOwnership::BucketOwnerEnforced)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        assert_eq!(
            ownership_of(Some(&controls)),
            ObjectOwnership::BucketOwnerEnforced
        );
        assert_eq!(ownership_of(None), ObjectOwnership::None);
        assert_eq!(
            versioning_of(Some(&s3::BucketVersioningStatus::Suspended)),
            Versioning::Suspended
        );
        assert_eq!(versioning_of(None), Versioning::Disabled);
        let logging = s3::LoggingEnabled::builder()
            .target_bucket("logs")
            .target_prefix("s3/raw/")
            .build()
            .unwrap();
        assert_eq!(
            logging_of(Some(&logging)),
            Some(BucketLogging {
                target_bucket: "logs".into(),
                target_prefix: "s3/raw/".into()
            })
        );
    }

    #[test]
    fn lifecycle_rules_read_prefix_transitions_and_expirations() {
        let rule = s3::LifecycleRule::builder()
            .id("tiering")
            .status(s3::ExpirationStatus::Enabled)
            .filter(s3::LifecycleRuleFilter::builder().prefix("events/").build())
            .transitions(
                s3::Transition::builder()
                    .days(30)
                    .storage_class(s3::TransitionStorageClass::StandardIa)
                    .build(),
            )
            .expiration(s3::LifecycleExpiration::builder().days(365).build())
            .noncurrent_version_expiration(
                s3::NoncurrentVersionExpiration::builder()
                    .noncurrent_days(90)
                    .build(),
            )
            .abort_incomplete_multipart_upload(
                s3::AbortIncompleteMultipartUpload::builder()
                    .days_after_initiation(7)
                    .build(),
            )
            .build()
            .unwrap();
        assert_eq!(
            lifecycle_of(&[rule]),
            vec![LifecycleRule {
                id: "tiering".into(),
                enabled: true,
                prefix: "events/".into(),
                transitions: vec![LifecycleTransition {
                    days: 30,
                    storage_class: "STANDARD_IA".into()
                }],
                expiration_days: Some(365),
                noncurrent_expiration_days: Some(90),
                abort_incomplete_multipart_days: Some(7),
            }]
        );
    }

    #[test]
    fn purposes_come_from_tags_then_names() {
        let tags = |pairs: &[(&str, &str)]| -> Tags {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            infer_purpose(
                "whatever",
                Some(&tags(&[("lake", "retail"), ("zone", "curated")]))
            ),
            BucketPurpose::Zone {
                zone: "curated".into(),
                zone_kind: ZoneKind::Curated,
                tenants: vec![]
            }
        );
        assert_eq!(
            infer_purpose(
                "retail-sales-mart-prod-123456789012-us-east-1",
                Some(&tags(&[("lake", "retail"), ("environment", "prod")]))
            ),
            BucketPurpose::Zone {
                zone: "sales-mart".into(),
                zone_kind: ZoneKind::Mart,
                tenants: vec![]
            }
        );
        assert_eq!(
            infer_purpose(
                "retail-access-logs-prod-123456789012-us-east-1",
                Some(&tags(&[("lake", "retail"), ("environment", "prod")]))
            ),
            BucketPurpose::AccessLogs
        );
        assert_eq!(
            infer_purpose("acme-athena-query-results", None),
            BucketPurpose::AthenaResults
        );
        assert_eq!(
            infer_purpose("acme-raw-landing", None),
            BucketPurpose::Zone {
                zone: "acme-raw-landing".into(),
                zone_kind: ZoneKind::Raw,
                tenants: vec![]
            }
        );
    }
}
