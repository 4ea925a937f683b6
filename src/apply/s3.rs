//! S3 buckets: create, encryption, public access block, ownership, versioning, lifecycle,
//! logging, tags; bucket policies (a later phase, they name key ARNs).

use aws_sdk_s3::types::{
    AbortIncompleteMultipartUpload, BucketLifecycleConfiguration, BucketLocationConstraint,
    BucketLoggingStatus, BucketVersioningStatus, CreateBucketConfiguration, ExpirationStatus,
    LifecycleExpiration, LifecycleRule, LifecycleRuleFilter, LoggingEnabled,
    NoncurrentVersionExpiration, ObjectOwnership as S3Ownership, OwnershipControls,
    OwnershipControlsRule, PublicAccessBlockConfiguration, ServerSideEncryption,
    ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule,
    Tag, Tagging, Transition, TransitionStorageClass, VersioningConfiguration,
};

use super::errors::{self, CallContext};
use super::{Applier, find};
use crate::model::{Bucket, BucketEncryption, ObjectOwnership, SseAlgorithm, Tags, Versioning};
use crate::plan::{Action, ResourceChange};

pub async fn bucket(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<String>> {
    let d = find(&a.desired.buckets, &rc.name, |b| b.name.as_str())?;
    let live = a.live.buckets.iter().find(|b| b.name == d.name);
    let s3 = &a.aws.s3;
    let name = d.name.as_str();
    let creating = rc.action == Action::Create;
    let mut done = Vec::new();
    if creating {
        create(a, d).await?;
        done.push("created".to_string());
    }
    if let (true, Some(e)) = (rc.writes("encryption"), d.encryption.known()) {
        s3.put_bucket_encryption()
            .bucket(name)
            .server_side_encryption_configuration(encryption(a, e)?)
            .send()
            .await
            .call("s3:PutBucketEncryption", name)?;
        done.push("encryption set".into());
    }
    if let (true, Some(p)) = (
        rc.writes("public_access_block"),
        d.public_access_block.known(),
    ) {
        let config = PublicAccessBlockConfiguration::builder()
            .block_public_acls(p.block_public_acls)
            .ignore_public_acls(p.ignore_public_acls)
            .block_public_policy(p.block_public_policy)
            .restrict_public_buckets(p.restrict_public_buckets)
            .build();
        s3.put_public_access_block()
            .bucket(name)
            .public_access_block_configuration(config)
            .send()
            .await
            .call("s3:PutPublicAccessBlock", name)?;
        done.push("public access blocked".into());
    }
    if let (true, Some(o)) = (rc.writes("ownership"), d.ownership.known()) {
        let ownership = match o {
            ObjectOwnership::BucketOwnerEnforced => Some(S3Ownership::BucketOwnerEnforced),
            ObjectOwnership::BucketOwnerPreferred => Some(S3Ownership::BucketOwnerPreferred),
            ObjectOwnership::ObjectWriter => Some(S3Ownership::ObjectWriter),
            ObjectOwnership::None => None,
        };
        if let Some(ownership) = ownership {
            let controls = OwnershipControls::builder()
                .rules(
                    OwnershipControlsRule::builder()
                        .object_ownership(ownership)
                        .build()?,
                )
                .build()?;
            s3.put_bucket_ownership_controls()
                .bucket(name)
                .ownership_controls(controls)
                .send()
                .await
                .call("s3:PutBucketOwnershipControls", name)?;
            done.push("ownership enforced".into());
        }
    }
    if let (true, Some(v)) = (rc.writes("versioning"), d.versioning.known()) {
        // A new bucket is unversioned already; S3 can only suspend, never disable.
        if !(creating && *v != Versioning::Enabled) {
            let status = match v {
                Versioning::Enabled => BucketVersioningStatus::Enabled,
                _ => BucketVersioningStatus::Suspended,
            };
            s3.put_bucket_versioning()
                .bucket(name)
                .versioning_configuration(VersioningConfiguration::builder().status(status).build())
                .send()
                .await
                .call("s3:PutBucketVersioning", name)?;
            done.push(format!(
                "versioning {}",
                if *v == Versioning::Enabled {
                    "enabled"
                } else {
                    "suspended"
                }
            ));
        }
    }
    if let (true, Some(rules)) = (rc.writes("lifecycle"), d.lifecycle.known()) {
        if !rules.is_empty() {
            let rules = rules
                .iter()
                .map(lifecycle_rule)
                .collect::<Result<Vec<_>, _>>()?;
            s3.put_bucket_lifecycle_configuration()
                .bucket(name)
                .lifecycle_configuration(
                    BucketLifecycleConfiguration::builder()
                        .set_rules(Some(rules))
                        .build()?,
                )
                .send()
                .await
                .call("s3:PutBucketLifecycleConfiguration", name)?;
            done.push("lifecycle set".into());
        } else if !creating {
            // Removes lifecycle rules (configuration, not data).
            s3.delete_bucket_lifecycle()
                .bucket(name)
                .send()
                .await
                .call("s3:DeleteBucketLifecycle", name)?;
            done.push("lifecycle removed".into());
        }
    }
    if let (true, Some(logging)) = (rc.writes("logging"), d.logging.known()) {
        let status = match logging {
            Some(l) => Some(
                BucketLoggingStatus::builder()
                    .logging_enabled(
                        LoggingEnabled::builder()
                            .target_bucket(&l.target_bucket)
                            .target_prefix(&l.target_prefix)
                            .build()?,
                    )
                    .build(),
            ),
            None if creating => None,
            None => Some(BucketLoggingStatus::builder().build()),
        };
        if let Some(status) = status {
            s3.put_bucket_logging()
                .bucket(name)
                .bucket_logging_status(status)
                .send()
                .await
                .call("s3:PutBucketLogging", name)?;
            done.push(
                if logging.is_some() {
                    "access logging on"
                } else {
                    "access logging off"
                }
                .into(),
            );
        }
    }
    if let (true, Some(tags)) = (rc.writes("tags"), d.tags.known()) {
        // PutBucketTagging replaces the whole set: keep the user's own tags.
        let mut all: Tags = live
            .and_then(|l| l.tags.known())
            .cloned()
            .unwrap_or_default();
        all.extend(tags.clone());
        let tag_set = all
            .iter()
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect::<Result<Vec<_>, _>>()?;
        s3.put_bucket_tagging()
            .bucket(name)
            .tagging(Tagging::builder().set_tag_set(Some(tag_set)).build()?)
            .send()
            .await
            .call("s3:PutBucketTagging", name)?;
        done.push("tags set".into());
    }
    Ok(done)
}

async fn create(a: &Applier<'_>, d: &Bucket) -> anyhow::Result<()> {
    let region = a.desired.lake.region.as_str();
    let mut request = a.aws.s3.create_bucket().bucket(&d.name);
    // us-east-1 is the one region that refuses its own name as a location constraint.
    if region != "us-east-1" {
        request = request.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region))
                .build(),
        );
    }
    match request.send().await {
        Ok(_) => Ok(()),
        // Ours already: a retried create whose first answer was lost.
        Err(e) if errors::is(&e, &["BucketAlreadyOwnedByYou"]) => Ok(()),
        Err(e) if errors::is(&e, &["BucketAlreadyExists"]) => Err(anyhow::anyhow!(
            "bucket name {} is taken by another account; set `bucket_name` on the zone in the blueprint",
            d.name
        )),
        Err(e) => Err(errors::describe("s3:CreateBucket", &d.name, &e)),
    }
}

fn encryption(
    a: &Applier<'_>,
    e: &BucketEncryption,
) -> anyhow::Result<ServerSideEncryptionConfiguration> {
    let algorithm = match e.algorithm {
        SseAlgorithm::Kms => ServerSideEncryption::AwsKms,
        SseAlgorithm::KmsDsse => ServerSideEncryption::AwsKmsDsse,
        SseAlgorithm::Aes256 | SseAlgorithm::None => ServerSideEncryption::Aes256,
    };
    let by_default = ServerSideEncryptionByDefault::builder()
        .sse_algorithm(algorithm)
        .set_kms_master_key_id(a.key_arn_opt(&e.key)?)
        .build()?;
    let rule = ServerSideEncryptionRule::builder()
        .apply_server_side_encryption_by_default(by_default)
        .bucket_key_enabled(e.bucket_key)
        .build();
    Ok(ServerSideEncryptionConfiguration::builder()
        .rules(rule)
        .build()?)
}

fn lifecycle_rule(
    r: &crate::model::LifecycleRule,
) -> Result<LifecycleRule, aws_sdk_s3::error::BuildError> {
    let transitions = r
        .transitions
        .iter()
        .map(|t| {
            Transition::builder()
                .days(t.days as i32)
                .storage_class(TransitionStorageClass::from(t.storage_class.as_str()))
                .build()
        })
        .collect();
    LifecycleRule::builder()
        .id(&r.id)
        .status(if r.enabled {
            ExpirationStatus::Enabled
        } else {
            ExpirationStatus::Disabled
        })
        .filter(LifecycleRuleFilter::builder().prefix(&r.prefix).build())
        .set_transitions(Some(transitions))
        .set_expiration(
            r.expiration_days
                .map(|d| LifecycleExpiration::builder().days(d as i32).build()),
        )
        .set_noncurrent_version_expiration(r.noncurrent_expiration_days.map(|d| {
            NoncurrentVersionExpiration::builder()
                .noncurrent_days(d as i32)
                .build()
        }))
        .set_abort_incomplete_multipart_upload(r.abort_incomplete_multipart_days.map(|d| {
            AbortIncompleteMultipartUpload::builder()
                .days_after_initiation(d as i32)
                .build()
        }))
        .build()
}

pub async fn bucket_policy(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<String>> {
    let d = find(&a.desired.buckets, &rc.name, |b| b.name.as_str())?;
    let s3 = &a.aws.s3;
    match d.policy.known() {
        Some(Some(policy)) => {
            s3.put_bucket_policy()
                .bucket(&d.name)
                .policy(a.policy_json(policy)?)
                .send()
                .await
                .call("s3:PutBucketPolicy", &d.name)?;
            Ok(vec!["bucket policy written".into()])
        }
        Some(None) if rc.action != Action::Create => {
            s3.delete_bucket_policy()
                .bucket(&d.name)
                .send()
                .await
                .call("s3:DeleteBucketPolicy", &d.name)?;
            Ok(vec!["bucket policy removed".into()])
        }
        _ => Ok(Vec::new()),
    }
}
