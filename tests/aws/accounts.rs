//! `lakectl audit --all` over member accounts and regions, on the emulator that keeps one state
//! per account (`moto-accounts`, see `localstack/up`): AssumeRole into an account there returns
//! keys of that account, so each member's resources are really apart. (LocalStack derives the
//! account from a 12-digit access key id instead, and the two emulators do not know each other's
//! keys, so a member account cannot span both.)
//!
//! Three fresh members, each seeded with raw SDK calls with a different misconfiguration in each
//! of two regions, and a fourth whose role STS refuses (no emulator checks trust policies, so a
//! proxy in front of STS refuses that account's role). The audit must find exactly the seeded
//! failures and each region's defaults, per account and region; the account-wide S3 Block
//! Public Access once per account; the refused role as one unknown finding; and exit 2.

use std::collections::BTreeSet;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;
use serde_json::Value;

use super::lake::lakectl;
use crate::support::accounts::assumed;
use crate::support::emulators::local_aws;
use crate::support::fault_proxy::{FaultPlan, FaultProxy};

pub(super) const REGIONS: [&str; 2] = ["eu-west-3", "ap-northeast-2"];
const ROLE: &str = "LakectlAudit";

/// (account, region, rule, resource ARN) of a failing finding.
pub(super) type Failure = (String, String, String, String);

/// Four fresh account ids for this run: the moto state of an account outlives a test run.
pub(super) fn fresh_accounts() -> [String; 4] {
    let base = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros()
        % 10_000_000_000;
    std::array::from_fn(|i| format!("{:012}", 100_000_000_000 + base * 10 + i as u128))
}

/// Configuration for `account` in `region`, with keys from AssumeRole into it.
pub(super) async fn member(endpoint: &str, account: &str, region: &str) -> SdkConfig {
    assumed(endpoint, account, region, ROLE)
        .await
        .expect("assume the member role")
}

/// The endpoint of every service lakectl calls, as `AWS_ENDPOINT_URL*` variables, with
/// `overrides` after them (later variables win).
pub(super) fn endpoints<'a>(
    endpoint: &'a str,
    overrides: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut env: Vec<(&str, &str)> = [
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_GLUE",
        "AWS_ENDPOINT_URL_ATHENA",
        "AWS_ENDPOINT_URL_LAKEFORMATION",
        "AWS_ENDPOINT_URL_CLOUDTRAIL",
        "AWS_ENDPOINT_URL_EVENTBRIDGE",
        "AWS_ENDPOINT_URL_S3_CONTROL",
    ]
    .into_iter()
    .map(|key| (key, endpoint))
    .collect();
    env.extend_from_slice(overrides);
    env
}

/// A proxy in front of STS that refuses every role in `account`, whatever the caller: no
/// emulator checks trust policies.
pub(super) fn refusing_sts(endpoint: &str, account: &str) -> FaultProxy {
    let refuse: &'static str = Box::leak(account.to_string().into_boxed_str());
    FaultProxy::start(
        endpoint,
        FaultPlan {
            refuse: Some(refuse),
            ..FaultPlan::default()
        },
    )
}

/// Creates stream `clicks` without encryption, kept the default day, without shard-level metrics
/// (LK-KIN-001, LK-KIN-002 and LK-KIN-003 fail it), and returns its ARN.
pub(super) async fn create_plain_stream(config: &SdkConfig, account: &str) -> String {
    aws_sdk_kinesis::Client::new(config)
        .create_stream()
        .stream_name("clicks")
        .shard_count(1)
        .send()
        .await
        .unwrap();
    let region = config.region().unwrap();
    format!("arn:aws:kinesis:{region}:{account}:stream/clicks")
}

/// Creates a customer managed key as CreateKey leaves it: without rotation (LK-KMS-001) and with
/// the default policy, whose `kms:*` for the account root lets any IAM policy grant decryption
/// (LK-KMS-004). Returns its ARN.
pub(super) async fn create_unrotated_key(config: &SdkConfig) -> String {
    aws_sdk_kms::Client::new(config)
        .create_key()
        .send()
        .await
        .unwrap()
        .key_metadata
        .unwrap()
        .arn
        .unwrap()
}

/// Creates role `name`, which anyone may assume (LK-IAM-003 fails it).
pub(super) async fn create_open_role(config: &SdkConfig, name: &str) {
    aws_sdk_iam::Client::new(config)
        .create_role()
        .role_name(name)
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .unwrap();
}

/// The failures every fresh account has in every region: the Data Catalog's encryption, Lake
/// Formation's defaults and the default work group, all as AWS creates them, and no trail.
pub(super) fn region_defaults(account: &str, region: &str) -> Vec<(String, String)> {
    let catalog = format!("arn:aws:glue:{region}:{account}:catalog");
    let primary = format!("arn:aws:athena:{region}:{account}:workgroup/primary");
    let lake_formation = format!("arn:aws:lakeformation:{region}:{account}:catalog:{account}");
    let root = format!("arn:aws:iam::{account}:root");
    [
        ("LK-CT-002", &root),
        ("LK-CT-003", &root),
        ("LK-GLUE-001", &catalog),
        ("LK-GLUE-002", &catalog),
        ("LK-ATH-001", &primary),
        ("LK-ATH-002", &primary),
        ("LK-ATH-003", &primary),
        ("LK-ATH-004", &primary),
        ("LK-LF-001", &lake_formation),
    ]
    .into_iter()
    .map(|(rule, arn)| (rule.to_string(), arn.clone()))
    .collect()
}

#[tokio::test]
async fn audit_of_member_accounts_finds_each_accounts_failures_and_reports_a_refused_role() {
    local_aws();
    let endpoint = std::env::var("LAKECTL_MOTO_ACCOUNTS_URL")
        .expect("localstack/up exports LAKECTL_MOTO_ACCOUNTS_URL");
    let accounts = fresh_accounts();
    let [a, b, c, refused] = &accounts;
    let mut expected: BTreeSet<Failure> = BTreeSet::new();
    let mut expect = |account: &str, region: &str, rule: &str, arn: String| {
        expected.insert((account.into(), region.into(), rule.into(), arn));
    };
    for account in [a, b, c] {
        for region in REGIONS {
            for (rule, arn) in region_defaults(account, region) {
                expect(account, region, &rule, arn);
            }
        }
        // Global: judged once, with the first region.
        expect(
            account,
            REGIONS[0],
            "LK-S3-014",
            format!("arn:aws:iam::{account}:root"),
        );
    }

    // a, first region: a stream without encryption, kept one day, without shard-level metrics.
    let config = member(&endpoint, a, REGIONS[0]).await;
    let stream = create_plain_stream(&config, a).await;
    expect(a, REGIONS[0], "LK-KIN-001", stream.clone());
    expect(a, REGIONS[0], "LK-KIN-002", stream.clone());
    expect(a, REGIONS[0], "LK-KIN-003", stream);

    // b, second region: a customer managed key without rotation, with the default policy.
    let config = member(&endpoint, b, REGIONS[1]).await;
    let key = create_unrotated_key(&config).await;
    expect(b, REGIONS[1], "LK-KMS-001", key.clone());
    expect(b, REGIONS[1], "LK-KMS-004", key);

    // c, both regions: a work group that lets clients override its settings, and one whose
    // results are unencrypted; and in the first region, a role anyone may assume (IAM is
    // global: one finding, in the first region).
    for (region, name) in [(REGIONS[0], "adhoc"), (REGIONS[1], "reports")] {
        let config = member(&endpoint, c, region).await;
        aws_sdk_athena::Client::new(&config)
            .create_work_group()
            .name(name)
            .configuration(
                aws_sdk_athena::types::WorkGroupConfiguration::builder()
                    .enforce_work_group_configuration(false)
                    .publish_cloud_watch_metrics_enabled(true)
                    .bytes_scanned_cutoff_per_query(10_000_000_000)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        let arn = format!("arn:aws:athena:{region}:{c}:workgroup/{name}");
        expect(c, region, "LK-ATH-001", arn.clone());
        expect(c, region, "LK-ATH-002", arn);
    }
    let config = member(&endpoint, c, REGIONS[0]).await;
    create_open_role(&config, "open").await;
    expect(
        c,
        REGIONS[0],
        "LK-IAM-003",
        format!("arn:aws:iam::{c}:role/open"),
    );

    // STS refuses the fourth account's role, whatever the caller.
    let sts = refusing_sts(&endpoint, refused);
    let sts_url = sts.url();
    let env = endpoints(&endpoint, &[("AWS_ENDPOINT_URL_STS", sts_url.as_str())]);
    let list = accounts.join(",");
    let audit = |extra: &[&str]| {
        let mut args = vec![
            "audit",
            "--all",
            "--accounts",
            &list,
            "--role-name",
            ROLE,
            "--region",
            REGIONS[0],
            "--region",
            REGIONS[1],
            "--format",
            "json",
            "--fail-on",
            "never",
            // moto's GetBucketVersioning answers with the wrong XML root element; no bucket is
            // seeded, but the rule must not depend on it.
            "--skip-rule",
            "LK-S3-009",
            // moto's CloudWatch does not speak the SDK's CBOR protocol, and only moto keeps
            // a state per member account (`alarms::moto_cloudwatch_does_not_speak_cbor`): no
            // alarms (LK-CW-*), no stream metrics (LK-KIN-004).
            "--skip-rule",
            "LK-CW-001",
            "--skip-rule",
            "LK-CW-002",
            "--skip-rule",
            "LK-KIN-004",
        ];
        args.extend_from_slice(extra);
        lakectl(&args, &env)
    };
    let run = audit(&[]);
    assert_eq!(
        run.code, 2,
        "a refused role means not everything was audited: {run:?}"
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let failed: BTreeSet<Failure> = findings(&report, "fail");
    let missed: Vec<_> = expected.difference(&failed).collect();
    let unexpected: Vec<_> = failed.difference(&expected).collect();
    assert!(
        missed.is_empty() && unexpected.is_empty(),
        "missed {missed:#?}\nunexpected {unexpected:#?}"
    );
    let unknown: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "unknown")
        .map(|f| {
            (
                f["resource"]["arn"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    let (arn, message) = &unknown[0];
    assert_eq!(arn, &format!("arn:aws:iam::{refused}:root"));
    assert_eq!(
        message,
        &format!(
            "cannot assume arn:aws:iam::{refused}:role/{ROLE}: AccessDenied on sts:AssumeRole for arn:aws:iam::{refused}:role/{ROLE}; nothing was audited here"
        )
    );
    assert_eq!(
        report["target"],
        serde_json::json!({
            "kind": "accounts",
            "accounts": [a, b, c, refused],
            "regions": REGIONS,
            "shard": null,
        })
    );

    // Shards partition the accounts: together they find what the whole run finds.
    let mut sharded: BTreeSet<Failure> = BTreeSet::new();
    let dir = tempfile::tempdir().unwrap();
    let mut saved = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let run = audit(&["--shard", shard]);
        assert!(matches!(run.code, 0 | 2), "{run:?}");
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        let part = findings(&report, "fail");
        assert!(part.is_disjoint(&sharded), "shard {shard} overlaps another");
        sharded.extend(part);
        let path = dir.path().join(format!("shard-{}.json", saved.len() + 1));
        std::fs::write(&path, &run.stdout).unwrap();
        saved.push(path.display().to_string());
    }
    assert_eq!(sharded, failed);

    // Merged, the shards' reports are the whole run's report, finding for finding.
    let mut args = vec!["report", "merge", "--format", "json"];
    args.extend(saved.iter().rev().map(String::as_str));
    let merged = lakectl(&args, &env);
    assert_eq!(
        merged.code, 2,
        "the refused role's shard was incomplete: {merged:?}"
    );
    let merged: Value = serde_json::from_str(&merged.stdout).unwrap();
    assert_eq!(merged, report);
}

pub(super) fn findings(report: &Value, status: &str) -> BTreeSet<Failure> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == status)
        .map(|f| {
            let r = &f["resource"];
            let text = |v: &Value| v.as_str().unwrap().to_string();
            (
                text(&r["account"]),
                text(&r["region"]),
                text(&f["rule"]),
                text(&r["arn"]),
            )
        })
        .collect()
}
