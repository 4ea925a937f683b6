//! S3 buckets: create, encryption, public access block, ownership, versioning, lifecycle,
//! logging, tags; bucket policies (a later phase, they name key ARNs).

use aws_sdk_s3::types::{
    AbortIncompleteMultipartUpload, BucketLifecycleConfiguration, BucketLocationConstraint,
    BucketLoggingStatus, BucketVersioningStatus, CreateBucketConfiguration,
    EventBridgeConfiguration, ExpirationStatus, LifecycleExpiration, LifecycleRule,
    LifecycleRuleFilter, LoggingEnabled, NoncurrentVersionExpiration, NotificationConfiguration,
    ObjectOwnership as S3Ownership, OwnershipControls, OwnershipControlsRule,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Tag, Tagging, Transition,
    TransitionStorageClass, VersioningConfiguration,
};

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find};
use crate::model::property::BucketProperty as P;
use crate::model::{
    Bucket, BucketEncryption, Kind, KindProperty, ObjectOwnership, SseAlgorithm, Tags, Versioning,
};
use crate::plan::{Action, ResourceChange};

/// The step that writes each bucket property: the policy waits for the keys it names.
pub fn writer(p: P) -> Writer {
    match p {
        P::Encryption
        | P::PublicAccessBlock
        | P::Ownership
        | P::Versioning
        | P::Lifecycle
        | P::Logging
        | P::EventBridge
        | P::Tags => Writer::Step(Step::Resource(Kind::Bucket)),
        P::Policy => Writer::Step(Step::BucketPolicy),
    }
}

pub async fn bucket(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.buckets, &rc.name, |b| b.name.as_str())?;
    let w = Write {
        a,
        d,
        live: a.live.buckets.iter().find(|b| b.name == d.name),
        creating: rc.action == Action::Create,
    };
    let mut done = Vec::new();
    if w.creating {
        create(a, d).await?;
        done.push(Applied::created());
    }
    // In the order of the property enum; each property is written by one function.
    for &p in P::ALL.iter().filter(|p| rc.writes(**p)) {
        let note = match p {
            P::Encryption => w.encryption().await?,
            P::PublicAccessBlock => w.public_access_block().await?,
            P::Ownership => w.ownership().await?,
            P::Versioning => w.versioning().await?,
            P::Lifecycle => w.lifecycle().await?,
            P::Logging => w.logging().await?,
            P::EventBridge => w.event_bridge().await?,
            P::Tags => w.tags().await?,
            // Its own step, once the keys it names exist: `bucket_policy`.
            P::Policy => None,
        };
        done.extend(note.map(|note| Applied::updated(p, note)));
    }
    Ok(done)
}

/// One bucket's writes; each returns what it did, or `None` when there was nothing to write.
struct Write<'w> {
    a: &'w Applier<'w>,
    d: &'w Bucket,
    live: Option<&'w Bucket>,
    creating: bool,
}

type Note = anyhow::Result<Option<String>>;

impl Write<'_> {
    fn name(&self) -> &str {
        &self.d.name
    }

    async fn encryption(&self) -> Note {
        let Some(e) = self.d.encryption.known() else {
            return Ok(None);
        };
        self.a
            .aws
            .s3
            .put_bucket_encryption()
            .bucket(self.name())
            .server_side_encryption_configuration(encryption(self.a, e)?)
            .send()
            .await
            .call("s3:PutBucketEncryption", self.name())?;
        Ok(Some("encryption set".into()))
    }

    async fn public_access_block(&self) -> Note {
        let Some(p) = self.d.public_access_block.known() else {
            return Ok(None);
        };
        let config = PublicAccessBlockConfiguration::builder()
            .block_public_acls(p.block_public_acls)
            .ignore_public_acls(p.ignore_public_acls)
            .block_public_policy(p.block_public_policy)
            .restrict_public_buckets(p.restrict_public_buckets)
            .build();
        self.a
            .aws
            .s3
            .put_public_access_block()
            .bucket(self.name())
            .public_access_block_configuration(config)
            .send()
            .await
            .call("s3:PutPublicAccessBlock", self.name())?;
        Ok(Some("public access blocked".into()))
    }

    async fn ownership(&self) -> Note {
        let ownership = match self.d.ownership.known() {
            Some(ObjectOwnership::BucketOwnerEnforced) => S3Ownership::BucketOwnerEnforced,
            Some(ObjectOwnership::BucketOwnerPreferred) => S3Ownership::BucketOwnerPreferred,
            Some(ObjectOwnership::ObjectWriter) => S3Ownership::ObjectWriter,
            Some(ObjectOwnership::None) | None => return Ok(None),
        };
        let rule = OwnershipControlsRule::builder()
            .object_ownership(ownership)
            .build()?;
        let controls = OwnershipControls::builder().rules(rule).build()?;
        self.a
            .aws
            .s3
            .put_bucket_ownership_controls()
            .bucket(self.name())
            .ownership_controls(controls)
            .send()
            .await
            .call("s3:PutBucketOwnershipControls", self.name())?;
        Ok(Some("ownership enforced".into()))
    }

    async fn versioning(&self) -> Note {
        let Some(v) = self.d.versioning.known() else {
            return Ok(None);
        };
        // A new bucket is unversioned already; S3 can only suspend, never disable.
        if self.creating && *v != Versioning::Enabled {
            return Ok(None);
        }
        let (status, note) = match v {
            Versioning::Enabled => (BucketVersioningStatus::Enabled, "versioning enabled"),
            _ => (BucketVersioningStatus::Suspended, "versioning suspended"),
        };
        self.a
            .aws
            .s3
            .put_bucket_versioning()
            .bucket(self.name())
            .versioning_configuration(VersioningConfiguration::builder().status(status).build())
            .send()
            .await
            .call("s3:PutBucketVersioning", self.name())?;
        Ok(Some(note.into()))
    }

    async fn lifecycle(&self) -> Note {
        let Some(rules) = self.d.lifecycle.known() else {
            return Ok(None);
        };
        let s3 = &self.a.aws.s3;
        if rules.is_empty() {
            if self.creating {
                return Ok(None);
            }
            // Removes lifecycle rules (configuration, not data).
            s3.delete_bucket_lifecycle()
                .bucket(self.name())
                .send()
                .await
                .call("s3:DeleteBucketLifecycle", self.name())?;
            return Ok(Some("lifecycle removed".into()));
        }
        let rules = rules
            .iter()
            .map(lifecycle_rule)
            .collect::<Result<Vec<_>, _>>()?;
        s3.put_bucket_lifecycle_configuration()
            .bucket(self.name())
            .lifecycle_configuration(
                BucketLifecycleConfiguration::builder()
                    .set_rules(Some(rules))
                    .build()?,
            )
            .send()
            .await
            .call("s3:PutBucketLifecycleConfiguration", self.name())?;
        Ok(Some("lifecycle set".into()))
    }

    /// Turns the bucket's EventBridge notifications on or off, keeping every other
    /// notification target it has (read, modify, write: the call replaces the whole
    /// configuration).
    async fn event_bridge(&self) -> Note {
        let Some(&on) = self.d.event_bridge.known() else {
            return Ok(None);
        };
        if self.creating && !on {
            return Ok(None);
        }
        let s3 = &self.a.aws.s3;
        let current = (s3.get_bucket_notification_configuration())
            .bucket(self.name())
            .send()
            .await
            .call("s3:GetBucketNotificationConfiguration", self.name())?;
        let config = NotificationConfiguration::builder()
            .set_topic_configurations(Some(current.topic_configurations().to_vec()))
            .set_queue_configurations(Some(current.queue_configurations().to_vec()))
            .set_lambda_function_configurations(Some(
                current.lambda_function_configurations().to_vec(),
            ))
            .set_event_bridge_configuration(on.then(|| EventBridgeConfiguration::builder().build()))
            .build();
        (s3.put_bucket_notification_configuration())
            .bucket(self.name())
            .notification_configuration(config)
            .send()
            .await
            .call("s3:PutBucketNotificationConfiguration", self.name())?;
        let note = if on {
            "eventbridge notifications on"
        } else {
            "eventbridge notifications off"
        };
        Ok(Some(note.into()))
    }

    async fn logging(&self) -> Note {
        let Some(logging) = self.d.logging.known() else {
            return Ok(None);
        };
        let status = match logging {
            Some(l) => BucketLoggingStatus::builder()
                .logging_enabled(
                    LoggingEnabled::builder()
                        .target_bucket(&l.target_bucket)
                        .target_prefix(&l.target_prefix)
                        .build()?,
                )
                .build(),
            None if self.creating => return Ok(None),
            None => BucketLoggingStatus::builder().build(),
        };
        self.a
            .aws
            .s3
            .put_bucket_logging()
            .bucket(self.name())
            .bucket_logging_status(status)
            .send()
            .await
            .call("s3:PutBucketLogging", self.name())?;
        let note = match logging {
            Some(_) => "access logging on",
            None => "access logging off",
        };
        Ok(Some(note.into()))
    }

    async fn tags(&self) -> Note {
        let Some(tags) = self.d.tags.known() else {
            return Ok(None);
        };
        // PutBucketTagging replaces the whole set: keep the user's own tags.
        let mut all: Tags = self
            .live
            .and_then(|l| l.tags.known())
            .cloned()
            .unwrap_or_default();
        all.extend(tags.clone());
        let tag_set = all
            .iter()
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect::<Result<Vec<_>, _>>()?;
        self.a
            .aws
            .s3
            .put_bucket_tagging()
            .bucket(self.name())
            .tagging(Tagging::builder().set_tag_set(Some(tag_set)).build()?)
            .send()
            .await
            .call("s3:PutBucketTagging", self.name())?;
        Ok(Some("tags set".into()))
    }
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

pub async fn bucket_policy(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
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
            Ok(vec![Applied::updated(P::Policy, "bucket policy written")])
        }
        Some(None) if rc.action != Action::Create => {
            s3.delete_bucket_policy()
                .bucket(&d.name)
                .send()
                .await
                .call("s3:DeleteBucketPolicy", &d.name)?;
            Ok(vec![Applied::updated(P::Policy, "bucket policy removed")])
        }
        _ => Ok(Vec::new()),
    }
}
