//! `lakectl audit --all` on an account lakectl did not build: the seeded fixture of
//! `support::fixture`, with a good and a bad variant of every control, must be reported with
//! precision and recall 1.00: exactly the expected rules fail on exactly the expected ARNs.
//!
//! The fixture gets a region of its own (region-wide settings such as Lake Formation's defaults
//! and the Data Catalog's encryption would otherwise be another test's), and the emulators are
//! shared with other tests and earlier runs, so findings are compared on the fixture's own
//! resources (their names carry its unique prefix) and on the region's account-level settings.

use std::collections::BTreeSet;

use serde_json::Value;

use super::lake::{ACCOUNT, lakectl};
use crate::support::emulators::local_aws;
use crate::support::fixture::{self, Answer};
use crate::support::names::unique;

const REGION: &str = "eu-south-1";

/// Findings on resources that are not the fixture's but belong to the region's account-level
/// settings, which the fixture's answers cover.
fn account_level(arn: &str) -> bool {
    arn == format!("arn:aws:iam::{ACCOUNT}:root")
        || arn == format!("arn:aws:glue:{REGION}:{ACCOUNT}:catalog")
        || arn == format!("arn:aws:lakeformation:{REGION}:{ACCOUNT}:catalog:{ACCOUNT}")
        || arn == format!("arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/primary")
}

#[tokio::test]
async fn audit_all_reports_exactly_the_seeded_failures() {
    let local = local_aws();
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .load()
        .await;
    let prefix = unique("fx");
    let seeded = fixture::seed(
        &config,
        REGION,
        &prefix,
        1,
        Some(local.endpoint_for("cloudtrail")),
    )
    .await;

    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join(".lakectl.yaml");
    std::fs::write(&config_file, fixture::CONFIG).unwrap();
    let run = lakectl(
        &[
            "audit",
            "--all",
            "--region",
            REGION,
            "--format",
            "json",
            "--fail-on",
            "never",
            "--config",
            config_file.to_str().unwrap(),
            // LocalStack's Firehose does not keep the server-side encryption a DirectPut
            // stream is created with, so LK-FH-002 cannot be judged on it.
            "--skip-rule",
            "LK-FH-002",
        ],
        // LocalStack community has no S3 Control; moto's reads the account's Block Public
        // Access.
        &[(
            "AWS_ENDPOINT_URL_S3_CONTROL",
            local.endpoint_for("cloudtrail"),
        )],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let ours =
        |arn: &str| arn.contains(&prefix) || account_level(arn) || seeded.own_arns.contains(arn);
    let answers: BTreeSet<Answer> = seeded
        .answers
        .iter()
        .filter(|(rule, _)| rule != "LK-FH-002")
        .cloned()
        .collect();
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| ours(f["resource"]["arn"].as_str().unwrap()))
        .collect();
    let with_status = |status: &str| -> BTreeSet<Answer> {
        findings
            .iter()
            .filter(|f| f["status"] == status)
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["resource"]["arn"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let failed = with_status("fail");
    let unexpected: Vec<_> = failed.difference(&answers).collect();
    let missed: Vec<_> = answers.difference(&failed).collect();
    assert!(
        unexpected.is_empty() && missed.is_empty(),
        "precision: unexpected failures {unexpected:#?}\nrecall: missed failures {missed:#?}"
    );
    // One account-level gap is one finding: no rule fails the same account resource twice.
    assert_eq!(with_status("unknown"), BTreeSet::new(), "unknown findings");
}
