//! A seeded "foreign" account: resources lakectl did not create, built with raw SDK calls, with
//! a good and a bad variant of every control `lakectl audit --all` checks, and the answers it
//! must give: exactly which rule fails on which ARN.
//!
//! Every name starts with a run-unique prefix so the answers can be told apart from whatever
//! else the shared emulators hold; region-wide settings (the Data Catalog's encryption, Lake
//! Formation's defaults, the account's Block Public Access) are per region, so the caller seeds
//! into a region no other test uses. `replicas` repeats the per-resource variants, for scaling.
//!
//! The bad variants include the subtle ones scanners miss: the AWS managed key instead of a CMK,
//! a CMK without the bucket key, a TLS deny on the bucket ARN only, a policy that only allows,
//! Block Public Access with only BlockPublicPolicy off, a disabled lifecycle rule, a versioned
//! bucket whose lifecycle keeps noncurrent versions forever, suspended versioning, a key with
//! the default policy that lets the account root decrypt, some but not all of the required
//! tags, a crawler and a job without a security configuration, a crawler whose configuration
//! encrypts S3 data only, one that deletes vanished tables from the catalog, a JDBC connection
//! that does not enforce SSL, one that stores its password instead of naming a Secrets Manager
//! secret, a job that neither retries nor times out, one without metrics or continuous logs,
//! one whose script sits in an unversioned bucket, a work group that does not
//! enforce its settings, one that publishes no CloudWatch metrics, Lake Formation's defaults left
//! on, a bucket no trail records data events for, a stream whose writes were throttled, one with
//! shards its load leaves idle, an on-demand stream carrying a steady load, a delivery stream
//! that logs errors to a log group nobody created, one whose log group keeps events forever, one
//! whose Lambda transform has no source backup, and, in a bucket named curated, an uncompressed
//! CSV table, an unpartitioned one, and a Lake Formation registration of one table's prefix
//! that leaves the others' data ungoverned.

use std::collections::BTreeSet;

use aws_config::SdkConfig;
use aws_sdk_s3::types as s3;
use serde_json::json;

pub const ACCOUNT: &str = "000000000000";

/// The audit policy the answers assume: these tags are required on every taggable resource.
pub const REQUIRED_TAGS: [&str; 2] = ["owner", "cost-center"];

/// The config file that states that policy.
pub const CONFIG: &str = "audit:\n  required_tags:\n    owner: ~\n    cost-center: ~\n";

/// One expected failure: a rule id and the ARN it fails on.
pub type Answer = (String, String);

pub struct Seeded {
    pub region: String,
    pub prefix: String,
    /// Every failure `audit --all` must report, and nothing else may fail.
    pub answers: BTreeSet<Answer>,
    /// Resources created, for the benchmark's table.
    pub resources: usize,
    /// ARNs of the fixture's resources whose names do not carry the prefix (keys).
    pub own_arns: BTreeSet<String>,
}

struct Clients {
    s3: aws_sdk_s3::Client,
    kms: aws_sdk_kms::Client,
    kinesis: aws_sdk_kinesis::Client,
    firehose: aws_sdk_firehose::Client,
    iam: aws_sdk_iam::Client,
    glue: aws_sdk_glue::Client,
    athena: aws_sdk_athena::Client,
    lakeformation: aws_sdk_lakeformation::Client,
    cloudtrail: aws_sdk_cloudtrail::Client,
    cloudwatch: aws_sdk_cloudwatch::Client,
    logs: aws_sdk_cloudwatchlogs::Client,
    /// S3 on the endpoint CloudTrail runs on, which checks that the trail's bucket exists.
    trail_s3: aws_sdk_s3::Client,
}

fn clients(config: &SdkConfig, trail_endpoint: Option<&str>) -> Clients {
    let s3 = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(true)
        .build();
    let mut trail_s3 = aws_sdk_s3::config::Builder::from(config).force_path_style(true);
    if let Some(url) = trail_endpoint {
        trail_s3 = trail_s3.endpoint_url(url);
    }
    Clients {
        s3: aws_sdk_s3::Client::from_conf(s3),
        kms: aws_sdk_kms::Client::new(config),
        kinesis: aws_sdk_kinesis::Client::new(config),
        firehose: aws_sdk_firehose::Client::new(config),
        iam: aws_sdk_iam::Client::new(config),
        glue: aws_sdk_glue::Client::new(config),
        athena: aws_sdk_athena::Client::new(config),
        lakeformation: aws_sdk_lakeformation::Client::new(config),
        cloudtrail: aws_sdk_cloudtrail::Client::new(config),
        // With lakectl's CBOR shim, without which LocalStack rejects PutMetricData's timestamps.
        cloudwatch: aws_sdk_cloudwatch::Client::from_conf(
            aws_sdk_cloudwatch::config::Builder::from(config)
                .interceptor(lakectl::aws::WholeSecondTimestamps)
                .build(),
        ),
        logs: aws_sdk_cloudwatchlogs::Client::new(config),
        trail_s3: aws_sdk_s3::Client::from_conf(trail_s3.build()),
    }
}

struct Seeder<'a> {
    c: &'a Clients,
    region: &'a str,
    answers: BTreeSet<Answer>,
    resources: usize,
    own_arns: BTreeSet<String>,
}

impl Seeder<'_> {
    fn expect(&mut self, rule: &str, arn: impl Into<String>) {
        self.answers.insert((rule.to_string(), arn.into()));
    }

    fn regional(&self, service: &str, rest: &str) -> String {
        format!("arn:aws:{service}:{}:{ACCOUNT}:{rest}", self.region)
    }
}

/// Tags with all the required keys, or only the first when `partial`.
fn tag_pairs(partial: bool) -> Vec<(&'static str, &'static str)> {
    if partial {
        vec![("owner", "data-platform")]
    } else {
        vec![("owner", "data-platform"), ("cost-center", "analytics")]
    }
}

/// Seeds the fixture into `config`'s region (which must be `region`) and returns its answers.
/// `trail_endpoint` is the endpoint CloudTrail is served on (its S3 must hold the trail bucket).
pub async fn seed(
    config: &SdkConfig,
    region: &str,
    prefix: &str,
    replicas: usize,
    trail_endpoint: Option<&str>,
) -> Seeded {
    let c = clients(config, trail_endpoint);
    let mut s = Seeder {
        c: &c,
        region,
        answers: BTreeSet::new(),
        resources: 0,
        own_arns: BTreeSet::new(),
    };
    let mut covered_buckets = Vec::new();
    for r in 0..replicas {
        let p = format!("{prefix}-{r}");
        let key = key(&mut s, &format!("{p}-key"), KeyVariant::Good).await;
        keys(&mut s, &p).await;
        let log_bucket = format!("{p}-access-logs");
        bucket(
            &mut s,
            &log_bucket,
            &key,
            BucketVariant::AccessLogs,
            &log_bucket,
        )
        .await;
        covered_buckets.push(log_bucket.clone());
        for variant in BucketVariant::DATA {
            let name = format!("{p}-{}", variant.suffix());
            bucket(&mut s, &name, &key, variant, &log_bucket).await;
            if variant != BucketVariant::NoDataEvents {
                covered_buckets.push(name);
            }
        }
        // A compliant bucket whose name marks it curated: its database's tables are judged by
        // the curated-zone rules.
        let curated = format!("{p}-curated");
        bucket(&mut s, &curated, &key, BucketVariant::Good, &log_bucket).await;
        covered_buckets.push(curated.clone());
        curated_tables(&mut s, &p, &curated).await;
        // Registered with Lake Formation by the one prefix of its `good` table: the other
        // tables' data is outside every registered location (LK-LF-005).
        (s.c.lakeformation.register_resource())
            .resource_arn(format!("arn:aws:s3:::{curated}/good"))
            .use_service_linked_role(true)
            .send()
            .await
            .unwrap();
        s.expect("LK-LF-005", format!("arn:aws:s3:::{curated}"));
        streams(&mut s, &p, &key).await;
        delivery_streams(&mut s, &p, &key, &log_bucket).await;
        roles(&mut s, &p).await;
        glue(&mut s, &p, &key).await;
        athena(&mut s, &p, &key, &log_bucket).await;
    }
    region_settings(&mut s, prefix, &covered_buckets).await;
    Seeded {
        region: region.to_string(),
        prefix: prefix.to_string(),
        answers: s.answers,
        resources: s.resources,
        own_arns: s.own_arns,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyVariant {
    Good,
    NoRotation,
    Disabled,
    OpenPolicy,
    RootDecrypts,
    PartialTags,
}

/// The key policy: the account root administers and encrypts (as lakectl writes it), or, for
/// `RootDecrypts`, holds `kms:*` as in the policy CreateKey writes by default; `OpenPolicy`
/// adds a Decrypt for anyone.
fn key_policy(variant: KeyVariant) -> String {
    let root = format!("arn:aws:iam::{ACCOUNT}:root");
    let mut statements = if variant == KeyVariant::RootDecrypts {
        vec![json!({
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": root},
            "Action": "kms:*",
            "Resource": "*"
        })]
    } else {
        vec![
            json!({
                "Sid": "Administer",
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": ["kms:Describe*", "kms:Enable*", "kms:Disable*", "kms:Get*",
                           "kms:List*", "kms:Put*", "kms:ScheduleKeyDeletion",
                           "kms:CancelKeyDeletion", "kms:TagResource", "kms:UntagResource"],
                "Resource": "*"
            }),
            json!({
                "Sid": "Encrypt",
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": ["kms:Encrypt", "kms:GenerateDataKey*"],
                "Resource": "*"
            }),
        ]
    };
    if variant == KeyVariant::OpenPolicy {
        statements.push(json!({
            "Sid": "Anyone",
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["kms:Decrypt"],
            "Resource": "*"
        }));
    }
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

/// A customer managed key; returns its ARN.
async fn key(s: &mut Seeder<'_>, alias: &str, variant: KeyVariant) -> String {
    let mut create =
        s.c.kms
            .create_key()
            .description(alias)
            .policy(key_policy(variant));
    for (k, v) in tag_pairs(variant == KeyVariant::PartialTags) {
        create = create.tags(
            aws_sdk_kms::types::Tag::builder()
                .tag_key(k)
                .tag_value(v)
                .build()
                .unwrap(),
        );
    }
    let out = create.send().await.unwrap();
    let meta = out.key_metadata().unwrap();
    let (id, arn) = (meta.key_id().to_string(), meta.arn().unwrap().to_string());
    s.c.kms
        .create_alias()
        .alias_name(format!("alias/{alias}"))
        .target_key_id(&id)
        .send()
        .await
        .unwrap();
    if variant != KeyVariant::NoRotation {
        s.c.kms
            .enable_key_rotation()
            .key_id(&id)
            .send()
            .await
            .unwrap();
    }
    s.resources += 1;
    s.own_arns.insert(arn.clone());
    match variant {
        KeyVariant::Good => {}
        KeyVariant::NoRotation => s.expect("LK-KMS-001", &arn),
        KeyVariant::Disabled => {
            s.c.kms.disable_key().key_id(&id).send().await.unwrap();
            s.expect("LK-KMS-002", &arn);
        }
        KeyVariant::OpenPolicy => s.expect("LK-KMS-003", &arn),
        KeyVariant::RootDecrypts => s.expect("LK-KMS-004", &arn),
        KeyVariant::PartialTags => s.expect("LK-TAG-001", &arn),
    }
    arn
}

/// The bad key variants (the good key is seeded first, for the other resources to use).
async fn keys(s: &mut Seeder<'_>, p: &str) {
    for (suffix, variant) in [
        ("no-rotation", KeyVariant::NoRotation),
        ("open", KeyVariant::OpenPolicy),
        ("root-decrypts", KeyVariant::RootDecrypts),
        ("partial-tags", KeyVariant::PartialTags),
    ] {
        key(s, &format!("{p}-key-{suffix}"), variant).await;
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum BucketVariant {
    AccessLogs,
    Good,
    SseS3,
    AwsManagedKey,
    NoBucketKey,
    DisabledKey,
    TlsOnBucketOnly,
    AllowOnly,
    BlockPublicPolicyOff,
    ObjectWriter,
    VersioningSuspended,
    VersioningNever,
    LifecycleDisabled,
    NoncurrentKept,
    NoLogging,
    PartialTags,
    NoDataEvents,
}

impl BucketVariant {
    const DATA: [BucketVariant; 16] = [
        BucketVariant::Good,
        BucketVariant::SseS3,
        BucketVariant::AwsManagedKey,
        BucketVariant::NoBucketKey,
        BucketVariant::DisabledKey,
        BucketVariant::TlsOnBucketOnly,
        BucketVariant::AllowOnly,
        BucketVariant::BlockPublicPolicyOff,
        BucketVariant::ObjectWriter,
        BucketVariant::VersioningSuspended,
        BucketVariant::VersioningNever,
        BucketVariant::LifecycleDisabled,
        BucketVariant::NoncurrentKept,
        BucketVariant::NoLogging,
        BucketVariant::PartialTags,
        BucketVariant::NoDataEvents,
    ];

    fn suffix(self) -> String {
        format!("{self:?}").to_lowercase()
    }
}

fn bucket_policy(name: &str, variant: BucketVariant) -> String {
    let arn = format!("arn:aws:s3:::{name}");
    let objects = format!("{arn}/*");
    let both = json!([arn, objects]);
    let transport_resources = if variant == BucketVariant::TlsOnBucketOnly {
        json!([arn])
    } else {
        both.clone()
    };
    let mut statements = vec![];
    if variant != BucketVariant::AllowOnly {
        statements.push(json!({
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": transport_resources,
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        }));
        statements.push(json!({
            "Sid": "DenyOldTls", "Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": both,
            "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}
        }));
    }
    statements.push(json!({
        "Sid": "AccountRead", "Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
        "Action": "s3:GetObject", "Resource": objects
    }));
    if variant == BucketVariant::AccessLogs {
        statements.push(json!({
            "Sid": "ServerAccessLogs", "Effect": "Allow",
            "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject", "Resource": format!("arn:aws:s3:::{name}/*"),
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
        }));
    }
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

async fn bucket(
    s: &mut Seeder<'_>,
    name: &str,
    good_key: &str,
    variant: BucketVariant,
    log_bucket: &str,
) {
    use BucketVariant as V;
    let c = &s.c.s3;
    let arn = format!("arn:aws:s3:::{name}");
    let mut create = c.create_bucket().bucket(name);
    if s.region != "us-east-1" {
        create = create.create_bucket_configuration(
            s3::CreateBucketConfiguration::builder()
                .location_constraint(s3::BucketLocationConstraint::from(s.region))
                .build(),
        );
    }
    create.send().await.unwrap();
    s.resources += 1;

    let disabled_key = if variant == V::DisabledKey {
        Some(key(s, &format!("{name}-key"), KeyVariant::Disabled).await)
    } else {
        None
    };
    let c = &s.c.s3;
    let mut by_default = s3::ServerSideEncryptionByDefault::builder();
    by_default = match variant {
        V::AccessLogs | V::SseS3 => by_default.sse_algorithm(s3::ServerSideEncryption::Aes256),
        V::AwsManagedKey => by_default.sse_algorithm(s3::ServerSideEncryption::AwsKms),
        V::DisabledKey => by_default
            .sse_algorithm(s3::ServerSideEncryption::AwsKms)
            .kms_master_key_id(disabled_key.clone().unwrap()),
        _ => by_default
            .sse_algorithm(s3::ServerSideEncryption::AwsKms)
            .kms_master_key_id(good_key),
    };
    c.put_bucket_encryption()
        .bucket(name)
        .server_side_encryption_configuration(
            s3::ServerSideEncryptionConfiguration::builder()
                .rules(
                    s3::ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(by_default.build().unwrap())
                        .bucket_key_enabled(!matches!(
                            variant,
                            V::NoBucketKey | V::AccessLogs | V::SseS3
                        ))
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    c.put_public_access_block()
        .bucket(name)
        .public_access_block_configuration(
            s3::PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(variant != V::BlockPublicPolicyOff)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let ownership = if variant == V::ObjectWriter {
        s3::ObjectOwnership::ObjectWriter
    } else {
        s3::ObjectOwnership::BucketOwnerEnforced
    };
    c.put_bucket_ownership_controls()
        .bucket(name)
        .ownership_controls(
            s3::OwnershipControls::builder()
                .rules(
                    s3::OwnershipControlsRule::builder()
                        .object_ownership(ownership)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    if !matches!(variant, V::VersioningNever | V::AccessLogs) {
        c.put_bucket_versioning()
            .bucket(name)
            .versioning_configuration(
                s3::VersioningConfiguration::builder()
                    .status(s3::BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    if variant == V::VersioningSuspended {
        c.put_bucket_versioning()
            .bucket(name)
            .versioning_configuration(
                s3::VersioningConfiguration::builder()
                    .status(s3::BucketVersioningStatus::Suspended)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    let status = if variant == V::LifecycleDisabled {
        s3::ExpirationStatus::Disabled
    } else {
        s3::ExpirationStatus::Enabled
    };
    c.put_bucket_lifecycle_configuration()
        .bucket(name)
        .lifecycle_configuration(
            s3::BucketLifecycleConfiguration::builder()
                .rules(
                    s3::LifecycleRule::builder()
                        .id("tiering")
                        .status(status)
                        .filter(s3::LifecycleRuleFilter::builder().prefix("").build())
                        .abort_incomplete_multipart_upload(
                            s3::AbortIncompleteMultipartUpload::builder()
                                .days_after_initiation(7)
                                .build(),
                        )
                        .transitions(
                            s3::Transition::builder()
                                .days(30)
                                .storage_class(s3::TransitionStorageClass::IntelligentTiering)
                                .build(),
                        )
                        // The log bucket also holds the work groups' query results
                        // (LK-S3-016): a year of retention expires both.
                        .set_expiration(
                            (variant == V::AccessLogs)
                                .then(|| s3::LifecycleExpiration::builder().days(365).build()),
                        )
                        .set_noncurrent_version_expiration((variant != V::NoncurrentKept).then(
                            || {
                                s3::NoncurrentVersionExpiration::builder()
                                    .noncurrent_days(30)
                                    .build()
                            },
                        ))
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    c.put_bucket_policy()
        .bucket(name)
        .policy(bucket_policy(name, variant))
        .send()
        .await
        .unwrap();
    if !matches!(variant, V::NoLogging | V::AccessLogs) {
        c.put_bucket_logging()
            .bucket(name)
            .bucket_logging_status(
                s3::BucketLoggingStatus::builder()
                    .logging_enabled(
                        s3::LoggingEnabled::builder()
                            .target_bucket(log_bucket)
                            .target_prefix(format!("{name}/"))
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    let mut tagging = s3::Tagging::builder();
    for (k, v) in tag_pairs(variant == V::PartialTags) {
        tagging = tagging.tag_set(s3::Tag::builder().key(k).value(v).build().unwrap());
    }
    c.put_bucket_tagging()
        .bucket(name)
        .tagging(tagging.build().unwrap())
        .send()
        .await
        .unwrap();
    let rule = match variant {
        V::AccessLogs | V::Good => None,
        V::SseS3 | V::AwsManagedKey | V::DisabledKey => Some("LK-S3-001"),
        V::NoBucketKey => Some("LK-S3-002"),
        V::TlsOnBucketOnly => Some("LK-S3-004"),
        V::AllowOnly => {
            s.expect("LK-S3-005", &arn);
            Some("LK-S3-004")
        }
        V::BlockPublicPolicyOff => Some("LK-S3-007"),
        V::ObjectWriter => Some("LK-S3-008"),
        V::VersioningSuspended | V::VersioningNever => Some("LK-S3-009"),
        V::NoLogging => Some("LK-S3-010"),
        V::LifecycleDisabled => {
            s.expect("LK-S3-015", &arn);
            s.expect("LK-S3-016", &arn);
            Some("LK-S3-013")
        }
        V::NoncurrentKept => Some("LK-S3-016"),
        V::PartialTags => Some("LK-TAG-001"),
        V::NoDataEvents => Some("LK-CT-001"),
    };
    if let Some(rule) = rule {
        s.expect(rule, arn);
    }
}

/// Kinesis accepts changes only on an ACTIVE stream, which LocalStack reaches a moment after
/// each change; the seeder and the emulator tests wait for it here.
pub async fn wait_until_active(kinesis: &aws_sdk_kinesis::Client, stream: &str) {
    for _ in 0..200 {
        let out = kinesis
            .describe_stream_summary()
            .stream_name(stream)
            .send()
            .await
            .unwrap();
        let status = out.stream_description_summary().unwrap().stream_status();
        if *status == aws_sdk_kinesis::types::StreamStatus::Active {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("stream {stream} did not become ACTIVE within 20 s");
}

/// One stream of the fixture: how it is built and the rule it fails.
struct StreamVariant<'a> {
    suffix: &'static str,
    /// Provisioned shards; `None` is on-demand.
    shards: Option<i32>,
    /// Key for SSE; `None` leaves the stream unencrypted.
    sse: Option<&'a str>,
    retention_hours: i32,
    shard_metrics: bool,
    /// Hourly write load seeded into CloudWatch.
    load: Option<Load>,
    rule: Option<&'static str>,
}

/// Hours of hourly write sums ending an hour ago: a share of one shard's byte capacity in
/// every hour, the busiest hour at `peak_to_mean` times that, and writes throttled.
#[derive(Clone, Copy)]
pub struct Load {
    pub hours: usize,
    pub share: f64,
    pub peak_to_mean: f64,
    pub throttled: f64,
}

async fn streams(s: &mut Seeder<'_>, p: &str, key: &str) {
    use aws_sdk_kinesis::types::{EncryptionType, MetricsName, StreamMode, StreamModeDetails};
    let good = StreamVariant {
        suffix: "good",
        shards: Some(1),
        sse: Some(key),
        retention_hours: 168,
        shard_metrics: true,
        // One shard at a spiky tenth of its capacity: nothing to resize.
        load: Some(Load {
            hours: 48,
            share: 0.1,
            peak_to_mean: 3.0,
            throttled: 0.0,
        }),
        rule: None,
    };
    let variants = [
        StreamVariant {
            suffix: "aws-managed",
            sse: Some("alias/aws/kinesis"),
            load: None,
            rule: Some("LK-KIN-001"),
            ..good
        },
        StreamVariant {
            suffix: "unencrypted",
            sse: None,
            load: None,
            rule: Some("LK-KIN-001"),
            ..good
        },
        StreamVariant {
            suffix: "short-retention",
            retention_hours: 24,
            load: None,
            rule: Some("LK-KIN-002"),
            ..good
        },
        StreamVariant {
            suffix: "no-shard-metrics",
            shard_metrics: false,
            load: None,
            rule: Some("LK-KIN-003"),
            ..good
        },
        // LK-KIN-004's three ways to misfit a load.
        StreamVariant {
            suffix: "throttled",
            load: Some(Load {
                throttled: 40.0,
                ..good.load.unwrap()
            }),
            rule: Some("LK-KIN-004"),
            ..good
        },
        StreamVariant {
            suffix: "oversized",
            shards: Some(4),
            rule: Some("LK-KIN-004"),
            ..good
        },
        StreamVariant {
            suffix: "steady-on-demand",
            shards: None,
            load: Some(Load {
                hours: 8 * 24,
                peak_to_mean: 1.2,
                ..good.load.unwrap()
            }),
            rule: Some("LK-KIN-004"),
            ..good
        },
        good,
    ];
    for v in variants {
        let name = format!("{p}-stream-{}", v.suffix);
        let create = match v.shards {
            Some(shards) => s.c.kinesis.create_stream().shard_count(shards),
            None => s.c.kinesis.create_stream().stream_mode_details(
                StreamModeDetails::builder()
                    .stream_mode(StreamMode::OnDemand)
                    .build()
                    .unwrap(),
            ),
        };
        create.stream_name(&name).send().await.unwrap();
        wait_until_active(&s.c.kinesis, &name).await;
        // Tagged afterwards: kinesis-mock drops the tags of CreateStream.
        let mut tag = s.c.kinesis.add_tags_to_stream().stream_name(&name);
        for (tk, tv) in tag_pairs(false) {
            tag = tag.tags(tk, tv);
        }
        tag.send().await.unwrap();
        if v.retention_hours > 24 {
            s.c.kinesis
                .increase_stream_retention_period()
                .stream_name(&name)
                .retention_period_hours(v.retention_hours)
                .send()
                .await
                .unwrap();
            wait_until_active(&s.c.kinesis, &name).await;
        }
        if v.shard_metrics {
            // The three LK-KIN-003 asks for, as a team might pick them by hand.
            s.c.kinesis
                .enable_enhanced_monitoring()
                .stream_name(&name)
                .shard_level_metrics(MetricsName::IncomingBytes)
                .shard_level_metrics(MetricsName::WriteProvisionedThroughputExceeded)
                .shard_level_metrics(MetricsName::IteratorAgeMilliseconds)
                .send()
                .await
                .unwrap();
            wait_until_active(&s.c.kinesis, &name).await;
        }
        if let Some(sse) = v.sse {
            s.c.kinesis
                .start_stream_encryption()
                .stream_name(&name)
                .encryption_type(EncryptionType::Kms)
                .key_id(sse)
                .send()
                .await
                .unwrap();
            wait_until_active(&s.c.kinesis, &name).await;
        }
        if let Some(load) = v.load {
            seed_load(&s.c.cloudwatch, &name, load).await;
        }
        s.resources += 1;
        let arn = s.regional("kinesis", &format!("stream/{name}"));
        // Watched on both signals, except: the iterator age of the AWS managed key's stream
        // through a metric-math alarm (it counts), and the stream without shard metrics
        // without a throttling alarm (LK-CW-001).
        let age = if v.suffix == "aws-managed" {
            AlarmShape::MetricMath
        } else {
            AlarmShape::Notifies
        };
        watch(s, &name, &STREAM_AGE, age).await;
        if v.suffix == "no-shard-metrics" {
            s.expect("LK-CW-001", arn.clone());
        } else {
            watch(s, &name, &STREAM_THROTTLING, AlarmShape::Notifies).await;
        }
        if let Some(rule) = v.rule {
            s.expect(rule, arn);
        }
    }
}

/// Writes `load` as Kinesis reports it: hourly `IncomingBytes`, `IncomingRecords` (a record is
/// 1 KiB) and, in the busiest hour, `WriteProvisionedThroughputExceeded`. PutMetricData takes
/// data points up to two weeks old; the busiest hour is the most recent. `cloudwatch` needs
/// lakectl's CBOR shim on LocalStack (`lakectl::aws::WholeSecondTimestamps`).
pub async fn seed_load(cloudwatch: &aws_sdk_cloudwatch::Client, stream: &str, load: Load) {
    use aws_sdk_cloudwatch::primitives::DateTime;
    use aws_sdk_cloudwatch::types::{Dimension, MetricDatum, StandardUnit};
    const SHARD_BYTES_PER_HOUR: f64 = 1024.0 * 1024.0 * 3600.0;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let this_hour = now - now % 3600;
    let mean = load.share * SHARD_BYTES_PER_HOUR / load.peak_to_mean;
    let dimension = Dimension::builder()
        .name("StreamName")
        .value(stream)
        .build();
    let datum = |metric: &str, hours_ago: usize, value: f64, unit: StandardUnit| {
        let at = this_hour - 3600 * hours_ago as u64 + 300;
        MetricDatum::builder()
            .metric_name(metric)
            .dimensions(dimension.clone())
            .timestamp(DateTime::from_secs(at as i64))
            .value(value)
            .unit(unit)
            .build()
    };
    let mut data = Vec::new();
    for h in 1..=load.hours {
        let bytes = if h == 1 {
            mean * load.peak_to_mean
        } else {
            mean
        };
        data.push(datum("IncomingBytes", h, bytes, StandardUnit::Bytes));
        data.push(datum(
            "IncomingRecords",
            h,
            bytes / 1024.0,
            StandardUnit::Count,
        ));
    }
    if load.throttled > 0.0 {
        data.push(datum(
            "WriteProvisionedThroughputExceeded",
            1,
            load.throttled,
            StandardUnit::Count,
        ));
    }
    for chunk in data.chunks(500) {
        (cloudwatch.put_metric_data())
            .namespace("AWS/Kinesis")
            .set_metric_data(Some(chunk.to_vec()))
            .send()
            .await
            .unwrap();
    }
}

/// A pipeline signal as CloudWatch names it: namespace, metric, the dimension naming the
/// resource, the statistic and any fixed dimensions.
struct Signal {
    slug: &'static str,
    namespace: &'static str,
    metric: &'static str,
    dimension: &'static str,
    statistic: &'static str,
    fixed: &'static [(&'static str, &'static str)],
}

const STREAM_AGE: Signal = Signal {
    slug: "iterator-age",
    namespace: "AWS/Kinesis",
    metric: "GetRecords.IteratorAgeMilliseconds",
    dimension: "StreamName",
    statistic: "Maximum",
    fixed: &[],
};
const STREAM_THROTTLING: Signal = Signal {
    slug: "throttled",
    namespace: "AWS/Kinesis",
    metric: "WriteProvisionedThroughputExceeded",
    dimension: "StreamName",
    statistic: "Sum",
    fixed: &[],
};
const DELIVERY_FRESHNESS: Signal = Signal {
    slug: "freshness",
    namespace: "AWS/Firehose",
    metric: "DeliveryToS3.DataFreshness",
    dimension: "DeliveryStreamName",
    statistic: "Maximum",
    fixed: &[],
};
const JOB_FAILURES: Signal = Signal {
    slug: "failed-tasks",
    namespace: "Glue",
    metric: "glue.driver.aggregate.numFailedTasks",
    dimension: "JobName",
    statistic: "Sum",
    fixed: &[("JobRunId", "ALL"), ("Type", "count")],
};

/// How a seeded alarm is set up.
#[derive(Clone, Copy, PartialEq)]
enum AlarmShape {
    /// One metric, an SNS topic on ALARM, actions enabled.
    Notifies,
    /// The same metric read through a metric-math expression (milliseconds to seconds).
    MetricMath,
    /// No alarm action at all (LK-CW-002).
    NoActions,
    /// A topic, but actions disabled (LK-CW-002).
    ActionsDisabled,
}

/// An alarm named `<resource>-<signal>` on the resource's signal; its ARN.
async fn watch(s: &mut Seeder<'_>, resource: &str, signal: &Signal, shape: AlarmShape) -> String {
    use aws_sdk_cloudwatch::types::{
        ComparisonOperator, Dimension, Metric, MetricDataQuery, MetricStat, Statistic,
    };
    let name = format!("{resource}-{}", signal.slug);
    let dimensions: Vec<Dimension> = std::iter::once((signal.dimension, resource))
        .chain(signal.fixed.iter().copied())
        .map(|(k, v)| Dimension::builder().name(k).value(v).build())
        .collect();
    let topic = s.regional("sns", "pipeline-oncall");
    let mut put = (s.c.cloudwatch.put_metric_alarm().alarm_name(&name))
        .evaluation_periods(1)
        .threshold(0.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .actions_enabled(shape != AlarmShape::ActionsDisabled);
    if shape != AlarmShape::NoActions {
        put = put.alarm_actions(topic);
    }
    put = if shape == AlarmShape::MetricMath {
        let metric = Metric::builder()
            .namespace(signal.namespace)
            .metric_name(signal.metric)
            .set_dimensions(Some(dimensions));
        let stat = MetricStat::builder()
            .metric(metric.build())
            .period(60)
            .stat(signal.statistic)
            .build();
        put.metrics(
            MetricDataQuery::builder()
                .id("m1")
                .metric_stat(stat)
                .return_data(false)
                .build(),
        )
        .metrics(
            MetricDataQuery::builder()
                .id("e1")
                .expression("m1 / 1000")
                .return_data(true)
                .build(),
        )
    } else {
        put.namespace(signal.namespace)
            .metric_name(signal.metric)
            .set_dimensions(Some(dimensions))
            .statistic(Statistic::from(signal.statistic))
            .period(60)
    };
    put.send().await.unwrap();
    s.resources += 1;
    let arn = s.regional("cloudwatch", &format!("alarm:{name}"));
    if matches!(shape, AlarmShape::NoActions | AlarmShape::ActionsDisabled) {
        s.expect("LK-CW-002", arn.clone());
    }
    arn
}

async fn delivery_streams(s: &mut Seeder<'_>, p: &str, key: &str, bucket: &str) {
    use aws_sdk_firehose::types as fh;
    // (suffix, stream SSE with the key, destination encrypted with the key, an error output
    // prefix, compressed, rule it fails)
    let variants = [
        ("good", true, true, true, true, None),
        (
            "no-error-logging",
            true,
            true,
            true,
            true,
            Some("LK-FH-006"),
        ),
        (
            "log-group-missing",
            true,
            true,
            true,
            true,
            Some("LK-FH-006"),
        ),
        ("logs-kept-forever", true, true, true, true, None),
        ("transform-backed-up", true, true, true, true, None),
        (
            "transform-no-backup",
            true,
            true,
            true,
            true,
            Some("LK-FH-007"),
        ),
        ("no-sse", false, true, true, true, Some("LK-FH-002")),
        (
            "plain-destination",
            true,
            false,
            true,
            true,
            Some("LK-FH-001"),
        ),
        (
            "no-error-prefix",
            true,
            true,
            false,
            true,
            Some("LK-FH-003"),
        ),
        ("uncompressed", true, true, true, false, Some("LK-FH-004")),
    ];
    for (suffix, sse, destination, error_prefix, compressed, rule) in variants {
        let name = format!("{p}-delivery-{suffix}");
        let mut encryption = fh::EncryptionConfiguration::builder();
        encryption = if destination {
            encryption.kms_encryption_config(
                fh::KmsEncryptionConfig::builder()
                    .awskms_key_arn(key)
                    .build()
                    .unwrap(),
            )
        } else {
            encryption.no_encryption_config(fh::NoEncryptionConfig::NoEncryption)
        };
        let logging = error_log(s, &name, suffix).await.map(|group| {
            fh::CloudWatchLoggingOptions::builder()
                .enabled(true)
                .log_group_name(group)
                .log_stream_name("DestinationDelivery")
                .build()
        });
        let mut create = s
            .c
            .firehose
            .create_delivery_stream()
            .delivery_stream_name(&name)
            .delivery_stream_type(fh::DeliveryStreamType::DirectPut)
            .extended_s3_destination_configuration(
                fh::ExtendedS3DestinationConfiguration::builder()
                    .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/{p}-firehose"))
                    .bucket_arn(format!("arn:aws:s3:::{bucket}"))
                    .prefix("firehose/")
                    .set_error_output_prefix(error_prefix.then(|| "firehose-errors/".into()))
                    .compression_format(if compressed {
                        fh::CompressionFormat::Gzip
                    } else {
                        fh::CompressionFormat::Uncompressed
                    })
                    .encryption_configuration(encryption.build())
                    .set_cloud_watch_logging_options(logging)
                    .set_processing_configuration(transform(s, p, suffix))
                    .set_s3_backup_mode(suffix.starts_with("transform-").then_some(match suffix {
                        "transform-backed-up" => fh::S3BackupMode::Enabled,
                        _ => fh::S3BackupMode::Disabled,
                    }))
                    .set_s3_backup_configuration((suffix == "transform-backed-up").then(|| {
                        fh::S3DestinationConfiguration::builder()
                            .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/{p}-firehose"))
                            .bucket_arn(format!("arn:aws:s3:::{bucket}"))
                            .prefix("firehose-source/")
                            // LocalStack echoes only what was given, and the SDK
                            // needs these three in the description.
                            .compression_format(fh::CompressionFormat::Gzip)
                            .buffering_hints(fh::BufferingHints::builder().build())
                            .encryption_configuration(
                                fh::EncryptionConfiguration::builder()
                                    .kms_encryption_config(
                                        fh::KmsEncryptionConfig::builder()
                                            .awskms_key_arn(key)
                                            .build()
                                            .unwrap(),
                                    )
                                    .build(),
                            )
                            .build()
                            .unwrap()
                    }))
                    .build()
                    .unwrap(),
            );
        if sse {
            create = create.delivery_stream_encryption_configuration_input(
                fh::DeliveryStreamEncryptionConfigurationInput::builder()
                    .key_type(fh::KeyType::CustomerManagedCmk)
                    .key_arn(key)
                    .build()
                    .unwrap(),
            );
        }
        for (tk, tv) in tag_pairs(false) {
            create = create.tags(fh::Tag::builder().key(tk).value(tv).build().unwrap());
        }
        create.send().await.unwrap();
        s.resources += 1;
        // The uncompressed stream's freshness alarm notifies no one (LK-CW-002).
        let shape = if suffix == "uncompressed" {
            AlarmShape::NoActions
        } else {
            AlarmShape::Notifies
        };
        watch(s, &name, &DELIVERY_FRESHNESS, shape).await;
        if let Some(rule) = rule {
            let arn = s.regional("firehose", &format!("deliverystream/{name}"));
            s.expect(rule, arn);
        }
    }
}

/// A Lambda processor for the `transform-` variants (never invoked: nothing is put).
fn transform(
    s: &Seeder<'_>,
    p: &str,
    suffix: &str,
) -> Option<aws_sdk_firehose::types::ProcessingConfiguration> {
    use aws_sdk_firehose::types as fh;
    if !suffix.starts_with("transform-") {
        return None;
    }
    let lambda = s.regional("lambda", &format!("function:{p}-enrich"));
    let processor = fh::Processor::builder()
        .r#type(fh::ProcessorType::Lambda)
        .parameters(
            fh::ProcessorParameter::builder()
                .parameter_name(fh::ProcessorParameterName::LambdaArn)
                .parameter_value(lambda)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    Some(
        fh::ProcessingConfiguration::builder()
            .enabled(true)
            .processors(processor)
            .build(),
    )
}

/// The log group a delivery stream logs errors to, created as the console does (with its
/// stream) and a retention; `logs-kept-forever`'s has none (LK-LOG-001), `log-group-missing`'s
/// is never created and `no-error-logging` logs nowhere (LK-FH-006).
async fn error_log(s: &mut Seeder<'_>, name: &str, suffix: &str) -> Option<String> {
    let group = format!("/aws/kinesisfirehose/{name}");
    match suffix {
        "no-error-logging" => return None,
        "log-group-missing" => return Some(group),
        _ => {}
    }
    let logs = &s.c.logs;
    logs.create_log_group()
        .log_group_name(&group)
        .send()
        .await
        .unwrap();
    logs.create_log_stream()
        .log_group_name(&group)
        .log_stream_name("DestinationDelivery")
        .send()
        .await
        .unwrap();
    s.resources += 1;
    if suffix == "logs-kept-forever" {
        s.expect(
            "LK-LOG-001",
            s.regional("logs", &format!("log-group:{group}")),
        );
    } else {
        (logs.put_retention_policy().log_group_name(&group))
            .retention_in_days(30)
            .send()
            .await
            .unwrap();
    }
    Some(group)
}

async fn roles(s: &mut Seeder<'_>, p: &str) {
    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    })
    .to_string();
    let variants = [
        (
            "good",
            json!(["s3:GetObject"]),
            json!(format!("arn:aws:s3:::{p}-good/*")),
            None,
        ),
        (
            "wildcard-action",
            json!(["s3:*"]),
            json!(format!("arn:aws:s3:::{p}-good/*")),
            Some("LK-IAM-001"),
        ),
        (
            "wildcard-resource",
            json!(["s3:GetObject"]),
            json!("*"),
            Some("LK-IAM-002"),
        ),
    ];
    for (suffix, actions, resource, rule) in variants {
        let name = format!("{p}-role-{suffix}");
        let mut create =
            s.c.iam
                .create_role()
                .role_name(&name)
                .assume_role_policy_document(&trust);
        for (tk, tv) in tag_pairs(false) {
            create = create.tags(
                aws_sdk_iam::types::Tag::builder()
                    .key(tk)
                    .value(tv)
                    .build()
                    .unwrap(),
            );
        }
        create.send().await.unwrap();
        let policy = json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]
        });
        s.c.iam
            .put_role_policy()
            .role_name(&name)
            .policy_name("data")
            .policy_document(policy.to_string())
            .send()
            .await
            .unwrap();
        s.resources += 1;
        if let Some(rule) = rule {
            s.expect(rule, format!("arn:aws:iam::{ACCOUNT}:role/{name}"));
        }
    }
}

async fn glue(s: &mut Seeder<'_>, p: &str, key: &str) {
    use aws_sdk_glue::types as g;
    let db = format!("{}_db", p.replace('-', "_"));
    s.c.glue
        .create_database()
        .database_input(g::DatabaseInput::builder().name(&db).build().unwrap())
        .send()
        .await
        .unwrap();
    let config = format!("{p}-secure");
    security_configuration(s, &config, key, true).await;
    // A configuration that encrypts S3 data only: its crawler fails like one without any.
    let s3_only = format!("{p}-s3-only");
    security_configuration(s, &s3_only, key, false).await;
    let role = format!("arn:aws:iam::{ACCOUNT}:role/{p}-role-good");
    let name = format!("{p}-crawler-s3-only");
    crawler(
        s,
        &name,
        &role,
        &db,
        &format!("s3://{p}-good/"),
        Some(&s3_only),
    )
    .await;
    s.resources += 1;
    let arn = s.regional("glue", &format!("crawler/{name}"));
    s.expect("LK-GLUE-003", arn);
    for (suffix, secured) in [("good", true), ("no-security", false)] {
        let name = format!("{p}-crawler-{suffix}");
        let config = secured.then_some(config.as_str());
        crawler(s, &name, &role, &db, &format!("s3://{p}-good/"), config).await;
        s.resources += 1;
        if !secured {
            let arn = s.regional("glue", &format!("crawler/{name}"));
            s.expect("LK-GLUE-003", arn);
        }
        let job = format!("{p}-job-{suffix}");
        glue_job(s, p, &job, &role, config, JobShape::Sound).await;
        watch(s, &job, &JOB_FAILURES, AlarmShape::Notifies).await;
        if !secured {
            let arn = s.regional("glue", &format!("job/{job}"));
            s.expect("LK-GLUE-004", arn);
        }
    }
    // Crawlers that drop tables whose data they no longer find, that only log schema changes,
    // and that recrawl only new folders: one finding each, of their own rule.
    let target = format!("s3://{p}-good/");
    for (suffix, policy, rule) in [
        ("deleting", CrawlerPolicy::DeletesTables, "LK-GLUE-010"),
        (
            "logs-changes",
            CrawlerPolicy::LogsSchemaChanges,
            "LK-GLUE-015",
        ),
        (
            "new-folders-only",
            CrawlerPolicy::NewFoldersOnly,
            "LK-GLUE-015",
        ),
    ] {
        let name = format!("{p}-crawler-{suffix}");
        crawler_with(s, &name, &role, &db, &target, Some(config.as_str()), policy).await;
        s.resources += 1;
        let arn = s.regional("glue", &format!("crawler/{name}"));
        s.expect(rule, arn);
    }
    // Jobs with the security configuration but without failure handling, without metrics
    // and continuous logging, or with a password among their arguments: one finding each, of
    // their own rule.
    for (suffix, shape, rule) in [
        ("no-retries", JobShape::NoFailureHandling, "LK-GLUE-008"),
        ("quiet", JobShape::NoMonitoring, "LK-GLUE-009"),
        ("leaky", JobShape::PasswordArgument, "LK-GLUE-011"),
        ("unversioned", JobShape::ScriptUnversioned, "LK-GLUE-014"),
        ("fixed-size", JobShape::FixedSize, "LK-GLUE-016"),
    ] {
        let job = format!("{p}-job-{suffix}");
        glue_job(s, p, &job, &role, Some(config.as_str()), shape).await;
        let arn = s.regional("glue", &format!("job/{job}"));
        // The quiet job is watched by nothing (LK-CW-001); the one without retries by an
        // alarm whose actions are disabled (LK-CW-002).
        match shape {
            JobShape::NoMonitoring => s.expect("LK-CW-001", arn.clone()),
            JobShape::NoFailureHandling => {
                watch(s, &job, &JOB_FAILURES, AlarmShape::ActionsDisabled).await;
            }
            _ => {
                watch(s, &job, &JOB_FAILURES, AlarmShape::Notifies).await;
            }
        }
        s.expect(rule, arn);
    }
    // An alarm on something other than the pipeline, without actions: not LK-CW-002's.
    not_pipeline_alarm(s, p).await;
    connections(s, p).await;
    open_databases(s, p).await;
}

/// Two databases open to IAM_ALLOWED_PRINCIPALS whatever the account's Lake Formation
/// defaults say now (LK-LF-004): one created while they gave new tables to it, one granted to
/// it afterwards.
async fn open_databases(s: &mut Seeder<'_>, p: &str) {
    use aws_sdk_glue::types as g;
    use aws_sdk_lakeformation::types as lf;
    let db_name = |suffix: &str| format!("{}_{suffix}", p.replace('-', "_"));
    let defaulted = db_name("defaulted_db");
    let everyone = g::DataLakePrincipal::builder()
        .data_lake_principal_identifier("IAM_ALLOWED_PRINCIPALS")
        .build();
    s.c.glue
        .create_database()
        .database_input(
            g::DatabaseInput::builder()
                .name(&defaulted)
                .create_table_default_permissions(
                    g::PrincipalPermissions::builder()
                        .principal(everyone)
                        .permissions(g::Permission::All)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let granted = db_name("granted_db");
    s.c.glue
        .create_database()
        .database_input(g::DatabaseInput::builder().name(&granted).build().unwrap())
        .send()
        .await
        .unwrap();
    s.c.lakeformation
        .grant_permissions()
        .principal(
            lf::DataLakePrincipal::builder()
                .data_lake_principal_identifier("IAM_ALLOWED_PRINCIPALS")
                .build(),
        )
        .resource(
            lf::Resource::builder()
                .database(
                    lf::DatabaseResource::builder()
                        .name(&granted)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .permissions(lf::Permission::All)
        .send()
        .await
        .unwrap();
    for db in [defaulted, granted] {
        s.resources += 1;
        let arn = s.regional("glue", &format!("database/{db}"));
        // Database names carry the prefix with underscores.
        s.own_arns.insert(arn.clone());
        s.expect("LK-LF-004", arn);
    }
}

/// A bucket-size alarm that notifies no one: the account's business, not a pipeline alarm.
async fn not_pipeline_alarm(s: &mut Seeder<'_>, p: &str) {
    use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, Statistic};
    (s.c.cloudwatch
        .put_metric_alarm()
        .alarm_name(format!("{p}-bucket-size")))
    .namespace("AWS/S3")
    .metric_name("BucketSizeBytes")
    .dimensions(
        Dimension::builder()
            .name("BucketName")
            .value(format!("{p}-good"))
            .build(),
    )
    .statistic(Statistic::Maximum)
    .period(86400)
    .evaluation_periods(1)
    .threshold(1e12)
    .comparison_operator(ComparisonOperator::GreaterThanThreshold)
    .send()
    .await
    .unwrap();
    s.resources += 1;
}

/// What a seeded JDBC connection does wrong.
#[derive(Clone, Copy, PartialEq)]
enum ConnectionShape {
    /// SSL enforced, credentials in a Secrets Manager secret named by `SECRET_ID`.
    Sound,
    /// The secret, but `JDBC_ENFORCE_SSL` left at Glue's default (`false`).
    NoSsl,
    /// SSL enforced, but a user name and password stored in the connection.
    StoredPassword,
}

/// JDBC connections as a team that does not use lakectl creates them: one finding each for
/// the two bad ones, of their own rule. The secret a connection names need not exist: the
/// rules judge the connection, which never fetches it.
async fn connections(s: &mut Seeder<'_>, p: &str) {
    use aws_sdk_glue::types as g;
    for (suffix, shape, rule) in [
        ("db-good", ConnectionShape::Sound, None),
        ("db-no-ssl", ConnectionShape::NoSsl, Some("LK-GLUE-012")),
        (
            "db-password",
            ConnectionShape::StoredPassword,
            Some("LK-GLUE-013"),
        ),
    ] {
        let name = format!("{p}-{suffix}");
        let url = format!("jdbc:postgresql://{p}.db.internal:5432/sales");
        let mut input = g::ConnectionInput::builder()
            .name(&name)
            .connection_type(g::ConnectionType::Jdbc)
            .connection_properties(g::ConnectionPropertyKey::JdbcConnectionUrl, url);
        input = match shape {
            ConnectionShape::NoSsl => input,
            _ => input.connection_properties(g::ConnectionPropertyKey::JdbcEnforceSsl, "true"),
        };
        input = match shape {
            ConnectionShape::StoredPassword => input
                .connection_properties(g::ConnectionPropertyKey::UserName, "etl")
                .connection_properties(g::ConnectionPropertyKey::Password, "fixture-only"),
            _ => input
                .connection_properties(g::ConnectionPropertyKey::SecretId, format!("{p}/sales-db")),
        };
        s.c.glue
            .create_connection()
            .connection_input(input.build().unwrap())
            .send()
            .await
            .unwrap();
        s.resources += 1;
        if let Some(rule) = rule {
            let arn = s.regional("glue", &format!("connection/{name}"));
            s.expect(rule, arn);
        }
    }
}

/// What a seeded job lacks.
#[derive(Clone, Copy, PartialEq)]
enum JobShape {
    Sound,
    NoFailureHandling,
    NoMonitoring,
    /// Sound, but handed a database password as a default argument.
    PasswordArgument,
    /// Sound, but its script sits in a bucket that was never versioned.
    ScriptUnversioned,
    /// Sound, but holds all its workers for the whole run: no auto scaling.
    FixedSize,
}

/// A Glue job created with raw calls, as a team that does not use lakectl writes one.
async fn glue_job(
    s: &mut Seeder<'_>,
    p: &str,
    name: &str,
    role: &str,
    config: Option<&str>,
    shape: JobShape,
) {
    use aws_sdk_glue::types as g;
    let mut request = (s.c.glue.create_job().name(name).role(role))
        .command(
            g::JobCommand::builder()
                .name("glueetl")
                .script_location(if shape == JobShape::ScriptUnversioned {
                    format!("s3://{p}-versioningnever/scripts/job.py")
                } else {
                    format!("s3://{p}-good/scripts/job.py")
                })
                .build(),
        )
        .set_security_configuration(config.map(str::to_string))
        .glue_version("4.0")
        .worker_type(g::WorkerType::G1X)
        .number_of_workers(10);
    if shape != JobShape::FixedSize {
        request = request.default_arguments("--enable-auto-scaling", "true");
    }
    if shape != JobShape::NoFailureHandling {
        request = (request.max_retries(1).timeout(60))
            .notification_property(
                g::NotificationProperty::builder()
                    .notify_delay_after(30)
                    .build(),
            )
            .default_arguments("--job-bookmark-option", "job-bookmark-enable");
    }
    if shape != JobShape::NoMonitoring {
        request = (request.default_arguments("--enable-metrics", "true"))
            .default_arguments("--enable-continuous-cloudwatch-log", "true");
    }
    if shape == JobShape::PasswordArgument {
        request = request.default_arguments("--warehouse-password", "fixture-not-a-secret");
    }
    request.send().await.unwrap();
    s.resources += 1;
}

/// A crawler of `target` into `db`, with the required tags and, when given, a security
/// configuration.
async fn crawler(
    s: &Seeder<'_>,
    name: &str,
    role: &str,
    db: &str,
    target: &str,
    security_configuration: Option<&str>,
) {
    crawler_with(
        s,
        name,
        role,
        db,
        target,
        security_configuration,
        CrawlerPolicy::Default,
    )
    .await;
}

/// The schema-change and recrawl policies of a seeded crawler.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CrawlerPolicy {
    /// No policy at all: Glue's defaults deprecate vanished tables, update changed ones and
    /// recrawl everything.
    Default,
    /// Vanished tables are deleted from the catalog.
    DeletesTables,
    /// Schema changes are only logged.
    LogsSchemaChanges,
    /// Only new folders are recrawled (Glue requires LOG for both behaviours then).
    NewFoldersOnly,
}

/// [`crawler`] with the schema-change and recrawl policies of `policy`.
async fn crawler_with(
    s: &Seeder<'_>,
    name: &str,
    role: &str,
    db: &str,
    target: &str,
    security_configuration: Option<&str>,
    policy: CrawlerPolicy,
) {
    use aws_sdk_glue::types as g;
    let schema = |delete, update| {
        Some(
            g::SchemaChangePolicy::builder()
                .delete_behavior(delete)
                .update_behavior(update)
                .build(),
        )
    };
    let (schema_change, recrawl) = match policy {
        CrawlerPolicy::Default => (None, None),
        CrawlerPolicy::DeletesTables => (
            schema(
                g::DeleteBehavior::DeleteFromDatabase,
                g::UpdateBehavior::UpdateInDatabase,
            ),
            None,
        ),
        CrawlerPolicy::LogsSchemaChanges => (
            schema(
                g::DeleteBehavior::DeprecateInDatabase,
                g::UpdateBehavior::Log,
            ),
            None,
        ),
        CrawlerPolicy::NewFoldersOnly => (
            schema(g::DeleteBehavior::Log, g::UpdateBehavior::Log),
            Some(
                g::RecrawlPolicy::builder()
                    .recrawl_behavior(g::RecrawlBehavior::CrawlNewFoldersOnly)
                    .build(),
            ),
        ),
    };
    s.c.glue
        .create_crawler()
        .set_schema_change_policy(schema_change)
        .set_recrawl_policy(recrawl)
        .name(name)
        .role(role)
        .database_name(db)
        .targets(
            g::CrawlerTargets::builder()
                .s3_targets(g::S3Target::builder().path(target).build())
                .build(),
        )
        .set_crawler_security_configuration(security_configuration.map(str::to_string))
        .set_tags(Some(
            tag_pairs(false)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ))
        .send()
        .await
        .unwrap();
}

/// A Glue security configuration: S3 data always under `key`; CloudWatch logs and job bookmarks
/// too when `complete`, else stated as disabled, as AWS returns them (moto returns only what it
/// was given, and Prowler in scripts/bench-vs-prowler cannot read a configuration without them).
async fn security_configuration(s: &Seeder<'_>, name: &str, key: &str, complete: bool) {
    use aws_sdk_glue::types as g;
    let cloud_watch = g::CloudWatchEncryption::builder();
    let bookmarks = g::JobBookmarksEncryption::builder();
    let (cloud_watch, bookmarks) = if complete {
        (
            cloud_watch
                .cloud_watch_encryption_mode(g::CloudWatchEncryptionMode::Ssekms)
                .kms_key_arn(key),
            bookmarks
                .job_bookmarks_encryption_mode(g::JobBookmarksEncryptionMode::Csekms)
                .kms_key_arn(key),
        )
    } else {
        (
            cloud_watch.cloud_watch_encryption_mode(g::CloudWatchEncryptionMode::Disabled),
            bookmarks.job_bookmarks_encryption_mode(g::JobBookmarksEncryptionMode::Disabled),
        )
    };
    s.c.glue
        .create_security_configuration()
        .name(name)
        .encryption_configuration(
            g::EncryptionConfiguration::builder()
                .s3_encryption(
                    g::S3Encryption::builder()
                        .s3_encryption_mode(g::S3EncryptionMode::Ssekms)
                        .kms_key_arn(key)
                        .build(),
                )
                .cloud_watch_encryption(cloud_watch.build())
                .job_bookmarks_encryption(bookmarks.build())
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// A database in the curated bucket with a good table (Parquet, partitioned), uncompressed CSV
/// (LK-GLUE-005, and not columnar: LK-GLUE-007), an unpartitioned table (LK-GLUE-006), and two
/// Iceberg tables whose partitioning only their metadata files tell: by day, and none
/// (LK-GLUE-006).
async fn curated_tables(s: &mut Seeder<'_>, p: &str, bucket: &str) {
    use aws_sdk_glue::types as g;
    let db = format!("{}_curated", p.replace('-', "_"));
    s.c.glue
        .create_database()
        .database_input(
            g::DatabaseInput::builder()
                .name(&db)
                .location_uri(format!("s3://{bucket}/"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    const PARQUET: (&str, &str) = (
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    );
    const CSV: (&str, &str) = (
        "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        "org.apache.hadoop.mapred.TextInputFormat",
    );
    for (name, (serde, input), partitioned, rules) in [
        ("good", PARQUET, true, &[][..]),
        ("text", CSV, true, &["LK-GLUE-005", "LK-GLUE-007"][..]),
        ("flat", PARQUET, false, &["LK-GLUE-006"][..]),
    ] {
        let column = |name: &str, kind: &str| g::Column::builder().name(name).r#type(kind).build();
        let storage = g::StorageDescriptor::builder()
            .location(format!("s3://{bucket}/{name}/"))
            .input_format(input)
            .serde_info(g::SerDeInfo::builder().serialization_library(serde).build())
            .columns(column("id", "string").unwrap())
            .build();
        let mut table = g::TableInput::builder()
            .name(name)
            .storage_descriptor(storage);
        if partitioned {
            table = table.partition_keys(column("dt", "date").unwrap());
        }
        create_table(s, &db, table.build().unwrap(), rules).await;
    }
    // Iceberg tables keep their partitioning in the metadata file `metadata_location` names:
    // one partitioned by day, one not partitioned at all (LK-GLUE-006).
    for (name, spec, rules) in [
        (
            "events",
            r#"[{"name": "ts_day", "transform": "day", "source-id": 1, "field-id": 1000}]"#,
            &[][..],
        ),
        ("ledger", "[]", &["LK-GLUE-006"][..]),
    ] {
        let key = format!("{name}/metadata/00000-seed.metadata.json");
        let metadata = format!(
            r#"{{"format-version": 2, "current-schema-id": 0, "default-spec-id": 0,
                "schemas": [{{"schema-id": 0, "type": "struct", "fields": [{{"id": 1, "name": "ts", "type": "timestamp", "required": false}}]}}],
                "partition-specs": [{{"spec-id": 0, "fields": {spec}}}]}}"#
        );
        s.c.s3
            .put_object()
            .bucket(bucket)
            .key(&key)
            .body(metadata.into_bytes().into())
            .send()
            .await
            .unwrap();
        let storage = g::StorageDescriptor::builder()
            .location(format!("s3://{bucket}/{name}/"))
            .columns(
                g::Column::builder()
                    .name("ts")
                    .r#type("timestamp")
                    .build()
                    .unwrap(),
            )
            .build();
        let table = g::TableInput::builder()
            .name(name)
            .table_type("EXTERNAL_TABLE")
            .parameters("table_type", "ICEBERG")
            .parameters("metadata_location", format!("s3://{bucket}/{key}"))
            .storage_descriptor(storage);
        create_table(s, &db, table.build().unwrap(), rules).await;
    }
}

/// Creates a table of the fixture that fails `rules`.
async fn create_table(
    s: &mut Seeder<'_>,
    db: &str,
    table: aws_sdk_glue::types::TableInput,
    rules: &[&'static str],
) {
    let name = table.name().to_string();
    s.c.glue
        .create_table()
        .database_name(db)
        .table_input(table)
        .send()
        .await
        .unwrap();
    s.resources += 1;
    // Database names cannot hold the prefix's hyphens: list the ARN as the fixture's own.
    let arn = s.regional("glue", &format!("table/{db}/{name}"));
    s.own_arns.insert(arn.clone());
    for rule in rules {
        s.expect(rule, arn.clone());
    }
}

async fn athena(s: &mut Seeder<'_>, p: &str, key: &str, bucket: &str) {
    use aws_sdk_athena::types as a;
    const CUTOFF: Option<i64> = Some(10_737_418_240);
    // (suffix, enforced, results with the key, cutoff, CloudWatch metrics, rule it fails)
    let variants = [
        ("good", true, true, CUTOFF, true, None),
        (
            "not-enforced",
            false,
            true,
            CUTOFF,
            true,
            Some("LK-ATH-001"),
        ),
        ("sse-s3", true, false, CUTOFF, true, Some("LK-ATH-002")),
        ("no-cutoff", true, true, None, true, Some("LK-ATH-003")),
        ("no-metrics", true, true, CUTOFF, false, Some("LK-ATH-004")),
    ];
    for (suffix, enforced, kms, cutoff, metrics, rule) in variants {
        let name = format!("{p}-wg-{suffix}");
        let encryption = if kms {
            a::EncryptionConfiguration::builder()
                .encryption_option(a::EncryptionOption::SseKms)
                .kms_key(key)
                .build()
                .unwrap()
        } else {
            a::EncryptionConfiguration::builder()
                .encryption_option(a::EncryptionOption::SseS3)
                .build()
                .unwrap()
        };
        let mut create = s.c.athena.create_work_group().name(&name).configuration(
            a::WorkGroupConfiguration::builder()
                .enforce_work_group_configuration(enforced)
                .publish_cloud_watch_metrics_enabled(metrics)
                .set_bytes_scanned_cutoff_per_query(cutoff)
                .result_configuration(
                    a::ResultConfiguration::builder()
                        .output_location(format!("s3://{bucket}/athena/{suffix}/"))
                        .encryption_configuration(encryption)
                        .build(),
                )
                .build(),
        );
        for (tk, tv) in tag_pairs(false) {
            create = create.tags(a::Tag::builder().key(tk).value(tv).build());
        }
        create.send().await.unwrap();
        s.resources += 1;
        if let Some(rule) = rule {
            let arn = s.regional("athena", &format!("workgroup/{name}"));
            s.expect(rule, arn);
        }
    }
}

/// Region-wide settings, one of each: the Data Catalog encrypted (good), Lake Formation's
/// defaults left on (bad), a trail recording data events for every bucket but the
/// `nodataevents` ones and created with CloudTrail's defaults (single-region, unvalidated,
/// SSE-S3: bad), the account's Block Public Access never configured (bad), the default
/// work group as created (bad).
async fn region_settings(s: &mut Seeder<'_>, prefix: &str, covered: &[String]) {
    use aws_sdk_glue::types as g;
    let key = key(s, &format!("{prefix}-catalog-key"), KeyVariant::Good).await;
    s.c.glue
        .put_data_catalog_encryption_settings()
        .data_catalog_encryption_settings(
            g::DataCatalogEncryptionSettings::builder()
                .encryption_at_rest(
                    g::EncryptionAtRest::builder()
                        .catalog_encryption_mode(g::CatalogEncryptionMode::Ssekms)
                        .sse_aws_kms_key_id(&key)
                        .build()
                        .unwrap(),
                )
                .connection_password_encryption(
                    g::ConnectionPasswordEncryption::builder()
                        .return_connection_password_encrypted(true)
                        .aws_kms_key_id(&key)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    // Lake Formation's defaults: new databases and tables grant IAM_ALLOWED_PRINCIPALS.
    let everyone = aws_sdk_lakeformation::types::PrincipalPermissions::builder()
        .principal(
            aws_sdk_lakeformation::types::DataLakePrincipal::builder()
                .data_lake_principal_identifier("IAM_ALLOWED_PRINCIPALS")
                .build(),
        )
        .permissions(aws_sdk_lakeformation::types::Permission::All)
        .build();
    s.c.lakeformation
        .put_data_lake_settings()
        .data_lake_settings(
            aws_sdk_lakeformation::types::DataLakeSettings::builder()
                .create_database_default_permissions(everyone.clone())
                .create_table_default_permissions(everyone)
                .build(),
        )
        .send()
        .await
        .unwrap();
    s.expect(
        "LK-LF-001",
        s.regional("lakeformation", &format!("catalog:{ACCOUNT}")),
    );
    // The account's Block Public Access is never configured (read from moto's S3 Control:
    // LocalStack community has none).
    s.expect("LK-S3-014", format!("arn:aws:iam::{ACCOUNT}:root"));
    // The region's default work group, as the service creates it: not enforced, results not
    // encrypted, no cutoff, no CloudWatch metrics, no tags.
    let primary = s.regional("athena", "workgroup/primary");
    for rule in [
        "LK-ATH-001",
        "LK-ATH-002",
        "LK-ATH-003",
        "LK-ATH-004",
        "LK-TAG-001",
    ] {
        s.expect(rule, &primary);
    }
    // The trail's own bucket lives where CloudTrail is served.
    let trail_bucket = format!("{prefix}-trail");
    let mut create = s.c.trail_s3.create_bucket().bucket(&trail_bucket);
    if s.region != "us-east-1" {
        create = create.create_bucket_configuration(
            s3::CreateBucketConfiguration::builder()
                .location_constraint(s3::BucketLocationConstraint::from(s.region))
                .build(),
        );
    }
    create.send().await.unwrap();
    let trail = format!("{prefix}-trail");
    s.c.cloudtrail
        .create_trail()
        .name(&trail)
        .s3_bucket_name(&trail_bucket)
        .send()
        .await
        .unwrap();
    let values: Vec<String> = covered
        .iter()
        .map(|b| format!("arn:aws:s3:::{b}/"))
        .collect();
    s.c.cloudtrail
        .put_event_selectors()
        .trail_name(&trail)
        .event_selectors(
            aws_sdk_cloudtrail::types::EventSelector::builder()
                .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::All)
                .include_management_events(true)
                .data_resources(
                    aws_sdk_cloudtrail::types::DataResource::builder()
                        .r#type("AWS::S3::Object")
                        .set_values(Some(values))
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    s.c.cloudtrail
        .start_logging()
        .name(&trail)
        .send()
        .await
        .unwrap();
    // Created with CloudTrail's defaults: single-region, no log file validation, no KMS key
    // (it records management writes, so LK-CT-003 passes for the account).
    s.expect(
        "LK-CT-002",
        s.regional("cloudtrail", &format!("trail/{trail}")),
    );
}
