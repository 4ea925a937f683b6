//! `lakectl audit` on live lakes: every reference blueprint, deployed to the emulators, audits
//! clean except for exactly what the emulators or deploy's scope leave open; then one lake is
//! misconfigured with raw SDK calls, one per rule, and the audit reports exactly those rules on
//! exactly those resources.
//!
//! Each test deploys into a region of its own. The Glue Data Catalog's encryption settings and
//! Lake Formation's data lake settings are per account and region, and every deploy writes them:
//! in the account the emulators share with other test runs, a lake in a busy region would be
//! audited against another lake's settings. A region per test also keeps the lake under
//! kinesis-mock's limit of 10 on-demand streams (per region), which other runs' leftovers fill.
//! Each test destroys its lake at the end, also on failure.

use std::collections::BTreeSet;

use aws_sdk_glue::types::{
    DataCatalogEncryptionSettings, EncryptionAtRest, SerDeInfo, StorageDescriptor, TableInput,
};
use aws_sdk_s3::types::{
    BucketVersioningStatus, ObjectOwnership, OwnershipControls, OwnershipControlsRule,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Tag, Tagging,
    VersioningConfiguration,
};
use lakectl::audit::{Finding, Status};
use lakectl::aws::{Aws, AwsSettings};
use lakectl::inventory::{self, Options};
use lakectl::model::Model;
use serde_json::Value;

use super::lake::{ACCOUNT, Raw, TestLake, lakectl, raw};

/// A deployed test lake in its own region, destroyed (best effort) when dropped.
struct LiveLake {
    lake: TestLake,
    desired: Model,
}

impl LiveLake {
    fn deploy(reference: &str, region: &str) -> LiveLake {
        let lake = TestLake::with(reference, |b| b.lake.region = region.to_string());
        lake.deploy().assert_success();
        let desired = lake.model();
        LiveLake { lake, desired }
    }

    fn region(&self) -> &str {
        self.lake.region()
    }

    fn name(&self, id_prefix: &str) -> String {
        format!(
            "{}-{}-{id_prefix}",
            self.desired.lake.name, self.desired.lake.environment
        )
    }

    /// A named Glue database of the reference blueprint, as `TestLake` renamed it.
    fn database(&self, name: &str) -> String {
        format!("{}_{name}", self.desired.lake.name)
    }

    fn bucket(&self, id: &str) -> String {
        self.desired
            .bucket(id)
            .unwrap_or_else(|| panic!("no bucket {id}"))
            .name
            .clone()
    }

    /// The live model, read with the library, and its findings.
    async fn audit(&self) -> (Model, Vec<Finding>) {
        let aws = Aws::connect(&AwsSettings::default(), Some(self.region()))
            .await
            .expect("the emulators' configuration loads");
        let live = inventory::read(&aws, &self.desired, Options::default())
            .await
            .expect("the emulators answer");
        let findings = lakectl::audit::run(&live);
        (live, findings)
    }

    fn arn(&self, service: &str, resource: &str) -> String {
        format!("arn:aws:{service}:{}:{ACCOUNT}:{resource}", self.region())
    }
}

impl Drop for LiveLake {
    fn drop(&mut self) {
        let path = self.lake.path.to_str().expect("utf-8 temp path");
        let run = lakectl(&["destroy", path, "--force", "--yes"], &[]);
        if run.code != 0 {
            eprintln!("destroy of {path} failed (left for the next emulator reset): {run:?}");
        }
    }
}

/// One finding the test expects to stay open (failing or unknown).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    rule: &'static str,
    status: Status,
    arn: String,
    lens: &'static [&'static str],
    /// A fragment of the message that names the cause.
    message: &'static str,
}

fn fail(
    rule: &'static str,
    arn: String,
    lens: &'static [&'static str],
    message: &'static str,
) -> Expected {
    Expected {
        rule,
        status: Status::Fail,
        arn,
        lens,
        message,
    }
}

const SEC_AUTHENTICATE: &[&str] = &["ANALYTICS_SEC 1"];
const SEC_AUTHORIZE: &[&str] = &["ANALYTICS_SEC 2"];
const SEC_LOGS: &[&str] = &["ANALYTICS_SEC 3"];
const SEC_AT_REST: &[&str] = &["ANALYTICS_SEC 4"];
const SEC_IN_TRANSIT: &[&str] = &["ANALYTICS_SEC 5"];
const REL_CONFIG: &[&str] = &["ANALYTICS_REL 2"];
const REL_RECOVER_STORE: &[&str] = &["ANALYTICS_REL 3"];
const REL_RECOVER_ETL: &[&str] = &["ANALYTICS_REL 4"];
const PERF_INGEST_MONITOR: &[&str] = &["ANALYTICS_PERF 04"];
/// Compression, formats and partitions cut scan cost as well (ANALYTICS_COST 02).
const PERF_FORMATS: &[&str] = &["ANALYTICS_PERF 01", "ANALYTICS_COST 02"];
const PERF_PARTITIONS: &[&str] = &["ANALYTICS_PERF 03", "ANALYTICS_COST 02"];
const PERF_QUERIES: &[&str] = &["ANALYTICS_PERF 05"];
const COST_TIERING: &[&str] = &["ANALYTICS_COST 03", "ANALYTICS_COST 06"];
const COST_LIFECYCLE: &[&str] = &["ANALYTICS_COST 04"];
const COST_STEP_COSTS: &[&str] = &["ANALYTICS_COST 05"];
const COST_ALLOCATION: &[&str] = &["ANALYTICS_COST 08"];

/// What every freshly deployed lake leaves open on the emulators, by gap: LK-S3-014 unknown,
/// because LocalStack community has no S3 Control (HTTP 501), so the account's public access
/// block cannot be read. Every reference blueprint declares its own trail, so LK-CT-001/002/003
/// pass.
fn baseline(lake: &LiveLake) -> Vec<Expected> {
    assert!(
        lake.desired.trail.is_some(),
        "every reference blueprint declares a trail"
    );
    vec![Expected {
        rule: "LK-S3-014",
        status: Status::Unknown,
        arn: format!("arn:aws:iam::{ACCOUNT}:root"),
        lens: SEC_AUTHORIZE,
        message: "s3control is not offered by the endpoint",
    }]
}

/// Asserts that the open (failing or unknown) findings are exactly `expected`: same rules,
/// statuses and resources, with the expected lens questions and causes.
#[track_caller]
fn assert_open_findings(findings: &[Finding], expected: &[Expected]) {
    let open: Vec<&Finding> = findings
        .iter()
        .filter(|f| matches!(f.status, Status::Fail | Status::Unknown))
        .collect();
    let key = |rule: &str, status: Status, arn: &str| (rule.to_string(), status, arn.to_string());
    let actual: BTreeSet<_> = open
        .iter()
        .map(|f| key(f.rule.id, f.status, &f.resource.arn))
        .collect();
    let wanted: BTreeSet<_> = expected
        .iter()
        .map(|e| key(e.rule, e.status, &e.arn))
        .collect();
    let describe = |fs: &[&Finding]| {
        fs.iter()
            .map(|f| {
                format!(
                    "  {} {:?} {} — {}",
                    f.rule.id, f.status, f.resource.arn, f.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        actual,
        wanted,
        "open findings differ from the expected ones; actual:\n{}",
        describe(&open)
    );
    assert_eq!(
        open.len(),
        expected.len(),
        "duplicate findings:\n{}",
        describe(&open)
    );
    for e in expected {
        let f = open
            .iter()
            .find(|f| f.rule.id == e.rule && f.resource.arn == e.arn)
            .expect("matched above");
        assert_eq!(
            f.rule.lens, e.lens,
            "lens questions of {} on {}",
            e.rule, e.arn
        );
        assert!(
            f.message.contains(e.message),
            "{} on {}: message {:?} does not say {:?}",
            e.rule,
            e.arn,
            f.message,
            e.message
        );
    }
}

/// Every resource the blueprint names was found live: the audit looked at the real lake.
#[track_caller]
fn assert_complete(desired: &Model, live: &Model) {
    let names = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<BTreeSet<_>>();
    assert_eq!(
        names(live.buckets.iter().map(|b| b.name.as_str()).collect()),
        names(desired.buckets.iter().map(|b| b.name.as_str()).collect())
    );
    assert_eq!(
        names(live.keys.iter().map(|k| k.alias.as_str()).collect()),
        names(desired.keys.iter().map(|k| k.alias.as_str()).collect())
    );
    assert_eq!(live.streams.len(), desired.streams.len());
    assert_eq!(live.delivery_streams.len(), desired.delivery_streams.len());
    assert_eq!(live.catalog.tables.len(), desired.catalog.tables.len());
    assert_eq!(live.catalog.crawlers.len(), desired.catalog.crawlers.len());
    assert_eq!(live.catalog.jobs.len(), desired.catalog.jobs.len());
    assert_eq!(live.workgroups.len(), desired.workgroups.len());
    assert_eq!(live.roles.len(), desired.roles.len());
}

async fn deployed_lake_audits_clean(reference: &str, region: &str, gaps: &[Expected]) {
    let lake = LiveLake::deploy(reference, region);
    let (live, findings) = lake.audit().await;
    assert_complete(&lake.desired, &live);
    let mut expected = baseline(&lake);
    expected.extend(gaps.iter().cloned());
    assert_open_findings(&findings, &expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn retail_analytics_audits_clean_live() {
    deployed_lake_audits_clean("retail-analytics.yaml", "ap-southeast-1", &[]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn streaming_minimal_audits_clean_live() {
    deployed_lake_audits_clean("streaming-minimal.yaml", "ap-southeast-2", &[]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn data_lake_audits_clean_live() {
    deployed_lake_audits_clean("data-lake.yaml", "ap-northeast-1", &[]).await;
}

/// Its delivery stream is DirectPut: deploy asks Firehose for server-side encryption with
/// StartDeliveryStreamEncryption, which LocalStack lacks (deploy warns), so LK-FH-002 fails.
#[tokio::test(flavor = "multi_thread")]
async fn batch_processing_audits_clean_live_but_for_firehose_sse() {
    let region = "ap-northeast-2";
    let stream = |lake: &str| {
        format!("arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/{lake}-stage-uploads")
    };
    let lake = LiveLake::deploy("batch-processing.yaml", region);
    let (live, findings) = lake.audit().await;
    assert_complete(&lake.desired, &live);
    let mut expected = baseline(&lake);
    expected.push(fail(
        "LK-FH-002",
        stream(&lake.desired.lake.name),
        SEC_AT_REST,
        "buffered records are not encrypted at rest",
    ));
    assert_open_findings(&findings, &expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn streaming_ingest_audits_clean_live() {
    deployed_lake_audits_clean("streaming-ingest.yaml", "ca-central-1", &[]).await;
}

/// Batch only: two jobs and a workflow, deployed and audited with the job rules.
#[tokio::test(flavor = "multi_thread")]
async fn batch_etl_audits_clean_live() {
    deployed_lake_audits_clean("batch-etl.yaml", "ap-east-1", &[]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn multi_tenant_audits_clean_live() {
    deployed_lake_audits_clean("multi-tenant.yaml", "eu-north-1", &[]).await;
}

/// The binary end to end: `lakectl audit --blueprint` reads the deployed lake and its JSON
/// report holds the same open findings as the library's audit; the exit code follows
/// `--fail-on` (access logging turned off by hand on the raw bucket is a medium failure).
#[tokio::test(flavor = "multi_thread")]
async fn audit_binary_reports_the_live_lake_as_json() {
    let lake = LiveLake::deploy("streaming-minimal.yaml", "eu-west-3");
    let path = lake.lake.path.to_str().unwrap();
    let raw_bucket = lake.bucket("raw");
    turn_off_access_logging(&raw(lake.region()).await, &raw_bucket).await;
    let mut expected_open = baseline(&lake);
    expected_open.push(fail(
        "LK-S3-010",
        format!("arn:aws:s3:::{raw_bucket}"),
        SEC_LOGS,
        "server access logging is off",
    ));
    let audit = |fail_on: &str| {
        lakectl(
            &[
                "audit",
                "--blueprint",
                path,
                "--format",
                "json",
                "--fail-on",
                fail_on,
            ],
            &[],
        )
    };

    let high = audit("high");
    assert_eq!(high.code, 0, "{high:?}");
    let report = high.json();
    assert_eq!(report["schema"], "lakectl.audit/v1");
    assert_eq!(report["target"]["blueprint"], path);
    assert_eq!(report["lake"]["name"], lake.desired.lake.name.as_str());
    assert_eq!(report["lake"]["region"], "eu-west-3");
    assert_eq!(report["lake"]["account"], ACCOUNT);
    assert_eq!(report["failed"], false);
    let open: BTreeSet<(String, String, String, Vec<String>)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail" || f["status"] == "unknown")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
                f["resource"]["arn"].as_str().unwrap().to_string(),
                serde_json::from_value(f["lens"].clone()).unwrap(),
            )
        })
        .collect();
    let expected: BTreeSet<_> = expected_open
        .into_iter()
        .map(|e| {
            (
                e.rule.to_string(),
                e.status.as_str().to_string(),
                e.arn,
                e.lens.iter().map(|l| l.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(open, expected);
    let (_, findings) = lake.audit().await;
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        findings.len(),
        "the binary and the library audit the same resources"
    );
    assert_eq!(report["summary"]["fail"], 1);
    assert_eq!(report["summary"]["unknown"], 1);
    assert_eq!(report["summary"]["failing_run"], 0);

    let medium = audit("medium");
    assert_eq!(medium.code, 1, "{medium:?}");
    assert_eq!(medium.json()["failed"], true);
    assert_eq!(medium.json()["summary"]["failing_run"], 1);
}

/// One retail lake, misconfigured on many resources at once with raw SDK calls (each a drift a
/// console user or another tool could cause), then audited once: exactly the rules each change
/// breaks fail, on exactly the resources changed, and nothing else opens.
#[tokio::test(flavor = "multi_thread")]
async fn misconfigurations_fail_exactly_their_rules_live() {
    let lake = LiveLake::deploy("retail-analytics.yaml", "sa-east-1");
    let raw = raw(lake.region()).await;
    let mut expected = baseline(&lake);
    let mut expect = |e: Expected| expected.push(e);

    // KMS: one change per key.
    let raw_key = key_arn(&raw, &lake, "raw").await;
    raw.kms
        .disable_key_rotation()
        .key_id(&raw_key)
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-KMS-001",
        raw_key,
        SEC_AT_REST,
        "automatic key rotation is off",
    ));

    let cleansed_key = key_arn(&raw, &lake, "cleansed").await;
    raw.kms
        .schedule_key_deletion()
        .key_id(&cleansed_key)
        .pending_window_in_days(7)
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-KMS-002",
        cleansed_key,
        REL_RECOVER_STORE,
        "the key is scheduled for deletion: data encrypted with it will be lost",
    ));

    let curated_key = key_arn(&raw, &lake, "curated").await;
    add_key_statement(
        &raw,
        &curated_key,
        serde_json::json!({
            "Sid": "Anyone", "Effect": "Allow", "Principal": "*",
            "Action": "kms:Decrypt", "Resource": "*"
        }),
    )
    .await;
    expect(fail(
        "LK-KMS-003",
        curated_key.clone(),
        SEC_AUTHORIZE,
        "statement `Anyone` lets anyone use the key",
    ));

    let platform_key = key_arn(&raw, &lake, "platform").await;
    let root = format!("arn:aws:iam::{ACCOUNT}:root");
    add_key_statement(
        &raw,
        &platform_key,
        serde_json::json!({
            "Sid": "RootDecrypts", "Effect": "Allow", "Principal": {"AWS": root},
            "Action": "kms:Decrypt", "Resource": "*"
        }),
    )
    .await;
    expect(fail(
        "LK-KMS-004",
        platform_key,
        SEC_AUTHORIZE,
        "statement `RootDecrypts` lets the account root",
    ));

    // S3, results bucket: its expiration moved off the work groups' output prefix.
    let results_bucket = &lake.desired.bucket("athena-results").unwrap().name;
    let lifecycle = raw
        .s3
        .get_bucket_lifecycle_configuration()
        .bucket(results_bucket)
        .send()
        .await
        .unwrap();
    let moved: Vec<aws_sdk_s3::types::LifecycleRule> = lifecycle
        .rules()
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.filter = Some(
                aws_sdk_s3::types::LifecycleRuleFilter::builder()
                    .prefix("elsewhere/")
                    .build(),
            );
            r
        })
        .collect();
    raw.s3
        .put_bucket_lifecycle_configuration()
        .bucket(results_bucket)
        .lifecycle_configuration(
            aws_sdk_s3::types::BucketLifecycleConfiguration::builder()
                .set_rules(Some(moved))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-016",
        format!("arn:aws:s3:::{results_bucket}"),
        COST_LIFECYCLE,
        "no enabled rule expires the query results of work group",
    ));

    // S3, raw bucket: versioning suspended, lifecycle and access logging removed, a cost tag
    // dropped.
    let raw_bucket = lake.bucket("raw");
    let raw_arn = format!("arn:aws:s3:::{raw_bucket}");
    raw.s3
        .put_bucket_versioning()
        .bucket(&raw_bucket)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Suspended)
                .build(),
        )
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-009",
        raw_arn.clone(),
        REL_RECOVER_STORE,
        "versioning is suspended",
    ));
    raw.s3
        .delete_bucket_lifecycle()
        .bucket(&raw_bucket)
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-013",
        raw_arn.clone(),
        COST_LIFECYCLE,
        "no lifecycle rules",
    ));
    // Suspended versioning still keeps the versions it made.
    expect(fail(
        "LK-S3-016",
        raw_arn.clone(),
        COST_LIFECYCLE,
        "the bucket is versioned but no enabled rule expires noncurrent versions of the whole bucket",
    ));
    expect(fail(
        "LK-S3-015",
        raw_arn.clone(),
        COST_TIERING,
        "no enabled lifecycle rule transitions objects to a cheaper storage class",
    ));
    turn_off_access_logging(&raw, &raw_bucket).await;
    expect(fail(
        "LK-S3-010",
        raw_arn.clone(),
        SEC_LOGS,
        "server access logging is off",
    ));
    let tags = raw
        .s3
        .get_bucket_tagging()
        .bucket(&raw_bucket)
        .send()
        .await
        .unwrap();
    let kept: Vec<Tag> = tags
        .tag_set()
        .iter()
        .filter(|t| t.key() != "cost-center")
        .cloned()
        .collect();
    assert_eq!(
        kept.len() + 1,
        tags.tag_set().len(),
        "raw bucket had a cost-center tag"
    );
    raw.s3
        .put_bucket_tagging()
        .bucket(&raw_bucket)
        .tagging(Tagging::builder().set_tag_set(Some(kept)).build().unwrap())
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-TAG-001",
        raw_arn,
        COST_ALLOCATION,
        "missing or different cost-allocation tags: cost-center=4711",
    ));

    // S3, cleansed bucket: default encryption AES256 instead of the zone key.
    let cleansed_bucket = lake.bucket("cleansed");
    raw.s3
        .put_bucket_encryption()
        .bucket(&cleansed_bucket)
        .server_side_encryption_configuration(sse(
            ServerSideEncryptionByDefault::builder()
                .sse_algorithm(ServerSideEncryption::Aes256)
                .build()
                .unwrap(),
            false,
        ))
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-001",
        format!("arn:aws:s3:::{cleansed_bucket}"),
        SEC_AT_REST,
        "default encryption is SSE-S3 (AES256), not SSE-KMS",
    ));

    // ... and a policy without the TLS 1.2 floor and without the deny of other KMS keys.
    let cleansed_arn = format!("arn:aws:s3:::{cleansed_bucket}");
    let policy = raw
        .s3
        .get_bucket_policy()
        .bucket(&cleansed_bucket)
        .send()
        .await
        .unwrap();
    let policy = without_statements(
        policy.policy().unwrap(),
        &["DenyOutdatedTls", "DenyOtherKmsKeys"],
    );
    raw.s3
        .put_bucket_policy()
        .bucket(&cleansed_bucket)
        .policy(policy)
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-005",
        cleansed_arn.clone(),
        SEC_IN_TRANSIT,
        "no deny of s3:TlsVersion < 1.2 covers",
    ));
    expect(fail(
        "LK-S3-006",
        cleansed_arn,
        SEC_AT_REST,
        "the policy does not deny uploads with another KMS key (zone key `alias/",
    ));

    // S3, access log bucket: no default encryption.
    let logs_bucket = lake.bucket("access-logs");
    raw.s3
        .delete_bucket_encryption()
        .bucket(&logs_bucket)
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-003",
        format!("arn:aws:s3:::{logs_bucket}"),
        SEC_AT_REST,
        "the bucket has no default encryption",
    ));

    // S3, curated bucket: public access block off, then a policy without the TLS deny that
    // lets anyone read and another account write.
    let curated_bucket = lake.bucket("curated");
    let curated_arn = format!("arn:aws:s3:::{curated_bucket}");
    raw.s3
        .put_public_access_block()
        .bucket(&curated_bucket)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(false)
                .ignore_public_acls(false)
                .block_public_policy(false)
                .restrict_public_buckets(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-007",
        curated_arn.clone(),
        SEC_AUTHORIZE,
        "public access block off: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets",
    ));
    let policy = raw
        .s3
        .get_bucket_policy()
        .bucket(&curated_bucket)
        .send()
        .await
        .unwrap();
    let mut policy: Value = serde_json::from_str(policy.policy().unwrap()).unwrap();
    let statements = policy["Statement"].as_array_mut().unwrap();
    let before = statements.len();
    statements.retain(|s| s["Sid"] != "DenyInsecureTransport");
    assert_eq!(
        statements.len() + 1,
        before,
        "deploy wrote a DenyInsecureTransport statement"
    );
    statements.push(serde_json::json!({
        "Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": format!("{curated_arn}/*")
    }));
    statements.push(serde_json::json!({
        "Sid": "PartnerWrite", "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
        "Action": "s3:PutObject", "Resource": format!("{curated_arn}/*")
    }));
    raw.s3
        .put_bucket_policy()
        .bucket(&curated_bucket)
        .policy(policy.to_string())
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-004",
        curated_arn.clone(),
        SEC_IN_TRANSIT,
        "no deny of aws:SecureTransport = false covers",
    ));
    expect(fail(
        "LK-S3-011",
        curated_arn.clone(),
        SEC_AUTHORIZE,
        "statement `PublicRead` allows anyone",
    ));
    expect(fail(
        "LK-S3-012",
        curated_arn.clone(),
        SEC_AUTHORIZE,
        "grants access to other accounts: arn:aws:iam::111122223333:root",
    ));
    // ... and SSE-KMS with its zone key but without a bucket key.
    raw.s3
        .put_bucket_encryption()
        .bucket(&curated_bucket)
        .server_side_encryption_configuration(sse(
            ServerSideEncryptionByDefault::builder()
                .sse_algorithm(ServerSideEncryption::AwsKms)
                .kms_master_key_id(&curated_key)
                .build()
                .unwrap(),
            false,
        ))
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-002",
        curated_arn,
        SEC_AT_REST,
        "SSE-KMS without a bucket key: every request calls KMS",
    ));

    // S3, Athena results bucket: ACLs back on.
    let results_bucket = lake.bucket("athena-results");
    raw.s3
        .put_bucket_ownership_controls()
        .bucket(&results_bucket)
        .ownership_controls(
            OwnershipControls::builder()
                .rules(
                    OwnershipControlsRule::builder()
                        .object_ownership(ObjectOwnership::ObjectWriter)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-S3-008",
        format!("arn:aws:s3:::{results_bucket}"),
        SEC_AUTHORIZE,
        "object ownership is ObjectWriter: ACLs are in effect",
    ));

    // Kinesis: a day of retention, encryption stopped, iterator age no longer per shard.
    let stream = lake.name("clickstream");
    raw.kinesis
        .decrease_stream_retention_period()
        .stream_name(&stream)
        .retention_period_hours(24)
        .send()
        .await
        .unwrap();
    let summary = raw
        .kinesis
        .describe_stream_summary()
        .stream_name(&stream)
        .send()
        .await
        .unwrap();
    let stream_key = summary
        .stream_description_summary()
        .and_then(|s| s.key_id())
        .expect("deploy encrypts the stream")
        .to_string();
    raw.kinesis
        .stop_stream_encryption()
        .stream_name(&stream)
        .encryption_type(aws_sdk_kinesis::types::EncryptionType::Kms)
        .key_id(stream_key)
        .send()
        .await
        .unwrap();
    raw.kinesis
        .disable_enhanced_monitoring()
        .stream_name(&stream)
        .shard_level_metrics(aws_sdk_kinesis::types::MetricsName::IteratorAgeMilliseconds)
        .send()
        .await
        .unwrap();
    let stream_arn = lake.arn("kinesis", &format!("stream/{stream}"));
    expect(fail(
        "LK-KIN-003",
        stream_arn.clone(),
        PERF_INGEST_MONITOR,
        "shard-level metrics not enabled: IteratorAgeMilliseconds",
    ));
    expect(fail(
        "LK-KIN-001",
        stream_arn.clone(),
        SEC_AT_REST,
        "records are not encrypted at rest",
    ));
    expect(fail(
        "LK-KIN-002",
        stream_arn,
        REL_RECOVER_ETL,
        "records are kept 24 hours, less than 168",
    ));

    // Glue: catalog metadata and connection passwords unencrypted, the crawler
    // without its security configuration, the curated table as uncompressed CSV without
    // partitions.
    raw.glue
        .put_data_catalog_encryption_settings()
        .data_catalog_encryption_settings(
            DataCatalogEncryptionSettings::builder()
                .encryption_at_rest(
                    EncryptionAtRest::builder()
                        .catalog_encryption_mode(
                            aws_sdk_glue::types::CatalogEncryptionMode::Disabled,
                        )
                        .build()
                        .unwrap(),
                )
                .connection_password_encryption(
                    aws_sdk_glue::types::ConnectionPasswordEncryption::builder()
                        .return_connection_password_encrypted(false)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-GLUE-001",
        lake.arn("glue", "catalog"),
        SEC_AT_REST,
        "catalog metadata is not encrypted at rest",
    ));
    expect(fail(
        "LK-GLUE-002",
        lake.arn("glue", "catalog"),
        SEC_AT_REST,
        "connection passwords are not encrypted",
    ));

    let crawler = lake.name("raw-pos");
    let crawler_arn = lake.arn("glue", &format!("crawler/{crawler}"));
    recreate_crawler_without_security_configuration(&raw, &crawler, &crawler_arn).await;
    expect(fail(
        "LK-GLUE-003",
        crawler_arn,
        SEC_AT_REST,
        "runs without a security configuration",
    ));

    let curated_db = lake.database("retail_curated");
    let table = raw
        .glue
        .get_table()
        .database_name(&curated_db)
        .name("sales")
        .send()
        .await
        .unwrap();
    let table = table.table().unwrap();
    let sd = table.storage_descriptor().unwrap();
    raw.glue
        .update_table()
        .database_name(&curated_db)
        .table_input(
            TableInput::builder()
                .name("sales")
                .table_type("EXTERNAL_TABLE")
                .parameters("classification", "csv")
                .storage_descriptor(
                    StorageDescriptor::builder()
                        .set_columns(Some(sd.columns().to_vec()))
                        .set_location(sd.location().map(str::to_string))
                        .input_format("org.apache.hadoop.mapred.TextInputFormat")
                        .output_format("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")
                        .serde_info(
                            SerDeInfo::builder()
                                .serialization_library(
                                    "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                                )
                                .parameters("field.delim", ",")
                                .build(),
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let table_arn = lake.arn("glue", &format!("table/{curated_db}/sales"));
    expect(fail(
        "LK-GLUE-005",
        table_arn.clone(),
        PERF_FORMATS,
        "stored as uncompressed CSV",
    ));
    expect(fail(
        "LK-GLUE-007",
        table_arn.clone(),
        PERF_FORMATS,
        "stored as CSV, a row format",
    ));
    expect(fail(
        "LK-GLUE-006",
        table_arn,
        PERF_PARTITIONS,
        "the table has no partition keys",
    ));

    // Athena: moto has no UpdateWorkGroup (HTTP 500), so the work group is deleted and created
    // again under its name, with the same results location and tags but neither enforced, nor
    // capped, nor encrypting results, nor publishing metrics.
    let workgroup = lake.name("analysts");
    recreate_workgroup_loose(&raw, &workgroup).await;
    let workgroup_arn = lake.arn("athena", &format!("workgroup/{workgroup}"));

    expect(fail(
        "LK-ATH-001",
        workgroup_arn.clone(),
        REL_CONFIG,
        "clients may override the work group's result location and encryption",
    ));
    expect(fail(
        "LK-ATH-003",
        workgroup_arn.clone(),
        COST_STEP_COSTS,
        "queries may scan without limit",
    ));
    expect(fail(
        "LK-ATH-004",
        workgroup_arn,
        PERF_QUERIES,
        "query metrics are not published to CloudWatch",
    ));
    expect(fail(
        "LK-ATH-002",
        lake.arn("athena", &format!("workgroup/{workgroup}")),
        SEC_AT_REST,
        "query results are not encrypted",
    ));

    // Lake Formation: new databases default to IAM_ALLOWED_PRINCIPALS.
    let settings = raw
        .lakeformation
        .get_data_lake_settings()
        .send()
        .await
        .unwrap();
    let mut settings = settings.data_lake_settings().unwrap().clone();
    settings.create_database_default_permissions = Some(vec![
        aws_sdk_lakeformation::types::PrincipalPermissions::builder()
            .principal(
                aws_sdk_lakeformation::types::DataLakePrincipal::builder()
                    .data_lake_principal_identifier("IAM_ALLOWED_PRINCIPALS")
                    .build(),
            )
            .permissions(aws_sdk_lakeformation::types::Permission::All)
            .build(),
    ]);
    raw.lakeformation
        .put_data_lake_settings()
        .data_lake_settings(settings)
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-LF-001",
        format!(
            "arn:aws:lakeformation:{}:{ACCOUNT}:catalog:{ACCOUNT}",
            lake.region()
        ),
        SEC_AUTHORIZE,
        "new databases default to IAM_ALLOWED_PRINCIPALS",
    ));

    // Glue: a lake database made to give its new tables to IAM_ALLOWED_PRINCIPALS, as one
    // created while the account's defaults were on does.
    let database = lake.desired.catalog.databases[0].name.clone();
    let live_db = raw
        .glue
        .get_database()
        .name(&database)
        .send()
        .await
        .unwrap();
    let live_db = live_db.database().unwrap();
    raw.glue
        .update_database()
        .name(&database)
        .database_input(
            aws_sdk_glue::types::DatabaseInput::builder()
                .name(&database)
                .set_description(live_db.description().map(str::to_string))
                .set_location_uri(live_db.location_uri().map(str::to_string))
                .create_table_default_permissions(
                    aws_sdk_glue::types::PrincipalPermissions::builder()
                        .principal(
                            aws_sdk_glue::types::DataLakePrincipal::builder()
                                .data_lake_principal_identifier("IAM_ALLOWED_PRINCIPALS")
                                .build(),
                        )
                        .permissions(aws_sdk_glue::types::Permission::All)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-LF-004",
        lake.arn("glue", &format!("database/{database}")),
        SEC_AUTHORIZE,
        "new tables default to IAM_ALLOWED_PRINCIPALS (CreateTableDefaultPermissions)",
    ));

    // IAM: the role's policy gains a statement that allows every action on one bucket.
    let analyst = lake.name("analyst");
    add_role_statement(
        &raw,
        &analyst,
        serde_json::json!({
            "Sid": "Everything", "Effect": "Allow", "Action": "*",
            "Resource": format!("arn:aws:s3:::{curated_bucket}")
        }),
    )
    .await;
    expect(fail(
        "LK-IAM-001",
        format!("arn:aws:iam::{ACCOUNT}:role/{analyst}"),
        SEC_AUTHORIZE,
        "Everything",
    ));

    // ... and the ingestion role's policy gains a read of every object in every bucket.
    let ingestion = lake.name("ingestion");
    add_role_statement(
        &raw,
        &ingestion,
        serde_json::json!({
            "Sid": "AnyObject", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"
        }),
    )
    .await;
    expect(fail(
        "LK-IAM-002",
        format!("arn:aws:iam::{ACCOUNT}:role/{ingestion}"),
        SEC_AUTHORIZE,
        "AnyObject",
    ));

    // ... and the crawler role comes to trust every principal of the account, unconditionally.
    let crawler = lake.name("crawler");
    let trust = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}
        }]
    });
    raw.iam
        .update_assume_role_policy()
        .role_name(&crawler)
        .policy_document(trust.to_string())
        .send()
        .await
        .unwrap();
    expect(fail(
        "LK-IAM-003",
        format!("arn:aws:iam::{ACCOUNT}:role/{crawler}"),
        SEC_AUTHENTICATE,
        "without a condition",
    ));

    let (live, findings) = lake.audit().await;
    assert_complete(&lake.desired, &live);
    assert_open_findings(&findings, &expected);
}

async fn key_arn(raw: &Raw, lake: &LiveLake, id: &str) -> String {
    let alias = &lake
        .desired
        .key(id)
        .unwrap_or_else(|| panic!("no key {id}"))
        .alias;
    let key = raw.kms.describe_key().key_id(alias).send().await.unwrap();
    key.key_metadata().unwrap().arn().unwrap().to_string()
}

/// Adds `statement` to the key's policy by hand, as a console user would.
async fn add_key_statement(raw: &Raw, key: &str, statement: Value) {
    let policy = raw
        .kms
        .get_key_policy()
        .key_id(key)
        .policy_name("default")
        .send()
        .await
        .unwrap();
    let policy = with_statement(policy.policy().unwrap(), statement);
    raw.kms
        .put_key_policy()
        .key_id(key)
        .policy_name("default")
        .policy(policy)
        .send()
        .await
        .unwrap();
}

/// Turns the bucket's server access logging off by hand (LK-S3-010 fails it).
async fn turn_off_access_logging(raw: &Raw, bucket: &str) {
    raw.s3
        .put_bucket_logging()
        .bucket(bucket)
        .bucket_logging_status(aws_sdk_s3::types::BucketLoggingStatus::builder().build())
        .send()
        .await
        .unwrap();
}

/// A JSON policy with one more statement.
fn with_statement(policy: &str, statement: Value) -> String {
    let mut policy: Value = serde_json::from_str(policy).expect("a JSON policy");
    policy["Statement"]
        .as_array_mut()
        .expect("a statement list")
        .push(statement);
    policy.to_string()
}

async fn recreate_workgroup_loose(raw: &Raw, name: &str) {
    use aws_sdk_athena::types::{ResultConfiguration, WorkGroupConfiguration};
    let current = raw
        .athena
        .get_work_group()
        .work_group(name)
        .send()
        .await
        .unwrap();
    let current = current.work_group().expect("deploy created the work group");
    let results = current
        .configuration()
        .and_then(|c| c.result_configuration())
        .expect("deploy configured the results");
    let tags = raw
        .athena
        .list_tags_for_resource()
        .resource_arn(format!(
            "arn:aws:athena:{}:{ACCOUNT}:workgroup/{name}",
            raw.athena.config().region().unwrap()
        ))
        .send()
        .await
        .unwrap();
    raw.athena
        .delete_work_group()
        .work_group(name)
        .recursive_delete_option(true)
        .send()
        .await
        .unwrap();
    raw.athena
        .create_work_group()
        .name(name)
        .set_description(current.description().map(str::to_string))
        .configuration(
            WorkGroupConfiguration::builder()
                .result_configuration(
                    ResultConfiguration::builder()
                        .set_output_location(results.output_location().map(str::to_string))
                        .build(),
                )
                .enforce_work_group_configuration(false)
                .publish_cloud_watch_metrics_enabled(false)
                .build(),
        )
        .set_tags(Some(tags.tags().to_vec()))
        .send()
        .await
        .unwrap();
}

/// moto has no UpdateCrawler (HTTP 500): the crawler is deleted and created again under its
/// name with the same role, database, targets, schedule and tags, but no security configuration.
async fn recreate_crawler_without_security_configuration(raw: &Raw, name: &str, arn: &str) {
    let current = raw.glue.get_crawler().name(name).send().await.unwrap();
    let current = current.crawler().expect("deploy created the crawler");
    assert!(
        current.crawler_security_configuration().is_some(),
        "deploy gave the crawler a security configuration"
    );
    let tags = raw.glue.get_tags().resource_arn(arn).send().await.unwrap();
    raw.glue.delete_crawler().name(name).send().await.unwrap();
    raw.glue
        .create_crawler()
        .name(name)
        .set_role(current.role().map(str::to_string))
        .set_database_name(current.database_name().map(str::to_string))
        .set_targets(current.targets().cloned())
        .set_schedule(
            current
                .schedule()
                .and_then(|s| s.schedule_expression())
                .map(str::to_string),
        )
        .set_tags(tags.tags().cloned())
        .send()
        .await
        .unwrap();
}

fn sse(
    default: ServerSideEncryptionByDefault,
    bucket_key: bool,
) -> ServerSideEncryptionConfiguration {
    ServerSideEncryptionConfiguration::builder()
        .rules(
            ServerSideEncryptionRule::builder()
                .apply_server_side_encryption_by_default(default)
                .bucket_key_enabled(bucket_key)
                .build(),
        )
        .build()
        .expect("one rule")
}

/// IAM returns policy documents URL-encoded (RFC 3986).
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("a UTF-8 policy")
}

/// Adds a statement to the role's `lakectl` inline policy, the one policy lakectl gives a role
/// and the inventory reads.
async fn add_role_statement(raw: &Raw, role: &str, statement: Value) {
    let policy = raw
        .iam
        .get_role_policy()
        .role_name(role)
        .policy_name("lakectl")
        .send()
        .await
        .unwrap();
    let document = percent_decode(policy.policy_document());
    raw.iam
        .put_role_policy()
        .role_name(role)
        .policy_name("lakectl")
        .policy_document(with_statement(&document, statement))
        .send()
        .await
        .unwrap();
}

/// A JSON policy without the statements of the given ids, all of which it had.
fn without_statements(policy: &str, sids: &[&str]) -> String {
    let mut policy: Value = serde_json::from_str(policy).expect("a JSON policy");
    let statements = policy["Statement"]
        .as_array_mut()
        .expect("a statement list");
    let before = statements.len();
    statements.retain(|s| !sids.iter().any(|sid| s["Sid"] == *sid));
    assert_eq!(
        statements.len() + sids.len(),
        before,
        "the policy had {sids:?}"
    );
    policy.to_string()
}

/// `audit --all --blueprint`: the lake's resources are judged by its zones exactly as
/// `audit --blueprint` judges them, every other resource of the region by the account baseline,
/// and SARIF points the lake's results at the blueprint and the rest at the account's artifact.
#[tokio::test(flavor = "multi_thread")]
async fn audit_all_with_a_blueprint_judges_the_lake_by_its_zones() {
    let lake = LiveLake::deploy("streaming-minimal.yaml", "ap-south-1");
    let path = lake.lake.path.to_str().unwrap();
    let raw = raw(lake.region()).await;
    let foreign = crate::support::names::unique("foreign");
    raw.s3
        .create_bucket()
        .bucket(&foreign)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::ApSouth1)
                .build(),
        )
        .send()
        .await
        .expect("create the foreign bucket");
    let foreign_arn = format!("arn:aws:s3:::{foreign}");
    let audit = |extra: &[&str]| {
        let mut args = vec!["audit", "--fail-on", "never", "--format", "json"];
        args.extend_from_slice(extra);
        let run = lakectl(&args, &[]);
        assert_eq!(run.code, 0, "{run:?}");
        run.json()
    };
    let lake_report = audit(&["--blueprint", path]);
    let region_report = audit(&["--all", "--blueprint", path]);
    assert_eq!(region_report["target"]["kind"], "region");
    assert_eq!(region_report["target"]["blueprint"], path);

    let lake_arns: BTreeSet<String> = lake_report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["resource"]["kind"] != "account")
        .map(|f| f["resource"]["arn"].as_str().unwrap().to_string())
        .collect();
    let with_arn = |report: &Value,
                    keep: &dyn Fn(&str) -> bool|
     -> BTreeSet<(String, String, String, String)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| keep(f["resource"]["arn"].as_str().unwrap()))
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
                (
                    s("rule"),
                    f["resource"]["arn"].as_str().unwrap().to_string(),
                    s("status"),
                    s("message"),
                )
            })
            .collect()
    };
    let of_lake = |arn: &str| lake_arns.contains(arn);
    assert_eq!(
        with_arn(&region_report, &of_lake),
        with_arn(&lake_report, &of_lake),
        "the lake's resources are judged exactly as `--blueprint` judges them"
    );
    // lakectl's own lake passes the baseline `--all` applies to every account, too.
    let account_report = audit(&["--all", "--region", "ap-south-1"]);
    let open_on_lake: BTreeSet<(String, String, String)> = account_report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| of_lake(f["resource"]["arn"].as_str().unwrap()))
        .filter(|f| f["status"] == "fail" || f["status"] == "unknown")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (
                s("rule"),
                f["resource"]["arn"].as_str().unwrap().to_string(),
                s("message"),
            )
        })
        .collect();
    assert_eq!(
        open_on_lake,
        BTreeSet::new(),
        "the lake fails the account baseline"
    );
    let zone_rule_on = |report: &Value, arn: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "LK-S3-006" && f["resource"]["arn"] == arn)
    };
    let raw_zone = format!("arn:aws:s3:::{}", lake.bucket("raw"));
    assert!(
        zone_rule_on(&region_report, &raw_zone),
        "zone rules judge the lake"
    );
    assert!(
        !zone_rule_on(&region_report, &foreign_arn),
        "not the rest of the region"
    );
    let foreign_findings = with_arn(&region_report, &|arn: &str| arn == foreign_arn);
    assert!(
        foreign_findings.contains(&(
            "LK-S3-001".to_string(),
            foreign_arn.clone(),
            "fail".to_string(),
            "default encryption is SSE-S3 (AES256), not SSE-KMS with a customer managed key"
                .to_string()
        )),
        "the foreign bucket is judged by the account baseline: {foreign_findings:#?}"
    );

    // The lake audits clean, so turn its raw bucket's access logging off by hand to give SARIF
    // a lake result to place.
    turn_off_access_logging(&raw, &lake.bucket("raw")).await;
    let sarif = lakectl(
        &[
            "audit",
            "--all",
            "--blueprint",
            path,
            "--format",
            "sarif",
            "--fail-on",
            "never",
        ],
        &[],
    );
    assert_eq!(sarif.code, 0, "{sarif:?}");
    let sarif = sarif.json();
    let uri_of = |arn: &str| -> String {
        let result = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == arn)
            .unwrap_or_else(|| panic!("no SARIF result for {arn}"));
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let file_name = lake.lake.path.file_name().unwrap().to_str().unwrap();
    assert!(uri_of(&foreign_arn).ends_with(&format!("aws/{ACCOUNT}/ap-south-1/s3")));
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"],
        format!("lakectl/account/{ACCOUNT}/ap-south-1/")
    );
    let lake_failures: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                .as_str()
                .is_some_and(of_lake)
        })
        .collect();
    assert!(
        !lake_failures.is_empty(),
        "the lake's raw bucket fails LK-S3-010"
    );
    for result in lake_failures {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.ends_with(file_name), "{uri}");
    }
    raw.s3.delete_bucket().bucket(&foreign).send().await.ok();
}
