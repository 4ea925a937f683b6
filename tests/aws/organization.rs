//! `lakectl audit --all --organization` and `--region all`, on the emulator that keeps one
//! state per account (`moto-accounts`, see tests/aws/accounts.rs).
//!
//! A fresh management account (an organization belongs to one, and moto's state outlives a run)
//! creates an organization and three member accounts (moto creates
//! `OrganizationAccountAccessRole` in each, trusting the management account), closes one, and
//! seeds a different misconfiguration in the management account and two members. The audit must
//! cover exactly the active accounts, reach the management account with the caller's own
//! credentials (STS refuses any role there), and find each account's failures.

use std::collections::BTreeSet;

use aws_sdk_organizations::types::OrganizationFeatureSet;
use aws_sdk_sts::config::ProvideCredentials;
use serde_json::Value;

use super::accounts::{
    Failure, REGIONS, create_open_role, create_plain_stream, create_unrotated_key, endpoints,
    findings, fresh_accounts, member, refusing_sts, region_defaults,
};
use super::lake::{Run, lakectl};
use crate::support::emulators::local_aws;
use crate::support::fault_proxy::{FaultPlan, FaultProxy};

const ROLE: &str = "OrganizationAccountAccessRole";
const REGION: &str = REGIONS[0];

/// The keys of `account` (assumed into it), as `AWS_*` variables for lakectl.
async fn keys(endpoint: &str, account: &str) -> [(&'static str, String); 3] {
    let config = member(endpoint, account, REGION).await;
    let credentials = config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    [
        ("AWS_ACCESS_KEY_ID", credentials.access_key_id().to_string()),
        (
            "AWS_SECRET_ACCESS_KEY",
            credentials.secret_access_key().to_string(),
        ),
        (
            "AWS_SESSION_TOKEN",
            credentials.session_token().unwrap_or_default().to_string(),
        ),
    ]
}

fn audit(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec![
        "audit",
        "--all",
        "--format",
        "json",
        "--fail-on",
        "never",
        // See accounts.rs: moto's GetBucketVersioning answers with the wrong root element,
        // and its CloudWatch does not speak the SDK's CBOR protocol.
        "--skip-rule",
        "LK-S3-009",
        "--skip-rule",
        "LK-CW-001",
        "--skip-rule",
        "LK-CW-002",
        "--skip-rule",
        "LK-KIN-004",
    ];
    all.extend_from_slice(args);
    lakectl(&all, env)
}

/// (ARN, message) of every unknown finding.
fn unknowns(report: &Value) -> BTreeSet<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "unknown")
        .map(|f| {
            let text = |v: &Value| v.as_str().unwrap().to_string();
            (text(&f["resource"]["arn"]), text(&f["message"]))
        })
        .collect()
}

#[tokio::test]
async fn audit_of_an_organization_covers_its_active_accounts_and_each_accounts_regions() {
    local_aws();
    let endpoint = std::env::var("LAKECTL_MOTO_ACCOUNTS_URL")
        .expect("localstack/up exports LAKECTL_MOTO_ACCOUNTS_URL");
    let [management, outsider, _, _] = fresh_accounts();

    let organizations =
        aws_sdk_organizations::Client::new(&member(&endpoint, &management, REGION).await);
    organizations
        .create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await
        .unwrap();
    let mut created = Vec::new();
    for name in ["analytics", "payments", "sandbox"] {
        let status = organizations
            .create_account()
            .account_name(name)
            .email(format!("{name}@example.com"))
            .send()
            .await
            .unwrap()
            .create_account_status
            .unwrap();
        created.push(status.account_id.unwrap());
    }
    let [analytics, payments, sandbox] = <[String; 3]>::try_from(created).unwrap();
    organizations
        .close_account()
        .account_id(&sandbox)
        .send()
        .await
        .unwrap();

    let mut expected: BTreeSet<Failure> = BTreeSet::new();
    let mut expect = |account: &str, rule: &str, arn: String| {
        expected.insert((account.into(), REGION.into(), rule.into(), arn));
    };
    for account in [&management, &analytics, &payments] {
        for (rule, arn) in region_defaults(account, REGION) {
            expect(account, &rule, arn);
        }
        expect(account, "LK-S3-014", format!("arn:aws:iam::{account}:root"));
    }
    // The role moto (like AWS) creates in each new member trusts the management account's root
    // without a condition: a real finding, in every member.
    for account in [&analytics, &payments] {
        expect(
            account,
            "LK-IAM-003",
            format!("arn:aws:iam::{account}:role/{ROLE}"),
        );
    }
    // analytics: a stream without encryption, kept one day, without shard-level metrics.
    let config = member(&endpoint, &analytics, REGION).await;
    let stream = create_plain_stream(&config, &analytics).await;
    expect(&analytics, "LK-KIN-001", stream.clone());
    expect(&analytics, "LK-KIN-002", stream.clone());
    expect(&analytics, "LK-KIN-003", stream);
    // payments: a customer managed key without rotation, with the default policy.
    let config = member(&endpoint, &payments, REGION).await;
    let key = create_unrotated_key(&config).await;
    expect(&payments, "LK-KMS-001", key.clone());
    expect(&payments, "LK-KMS-004", key);
    // The management account: a role anyone may assume.
    let config = member(&endpoint, &management, REGION).await;
    create_open_role(&config, "open").await;
    expect(
        &management,
        "LK-IAM-003",
        format!("arn:aws:iam::{management}:role/open"),
    );

    // lakectl runs as the management account; STS refuses every role in it, so the management
    // account is audited only if it is reached with the caller's own credentials.
    let sts = refusing_sts(&endpoint, &management);
    let sts_url = sts.url();
    let caller = keys(&endpoint, &management).await;
    let mut overrides: Vec<(&str, &str)> = caller.iter().map(|(k, v)| (*k, v.as_str())).collect();
    overrides.push(("AWS_ENDPOINT_URL_STS", &sts_url));
    let env = endpoints(&endpoint, &overrides);
    let org = ["--organization", "--role-name", ROLE, "--region", REGION];

    let run = audit(&org, &env);
    assert_eq!(run.code, 0, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut active = vec![management.clone(), analytics.clone(), payments.clone()];
    active.sort();
    assert_eq!(
        report["target"],
        serde_json::json!({
            "kind": "accounts",
            "accounts": active,
            "regions": [REGION],
            "shard": null,
        }),
        "the closed account {sandbox} is not audited"
    );
    assert_eq!(unknowns(&report), BTreeSet::new());
    assert_eq!(
        sts.stats().refused,
        0,
        "no role was assumed in the management account"
    );
    let failed = findings(&report, "fail");
    let missed: Vec<_> = expected.difference(&failed).collect();
    let unexpected: Vec<_> = failed.difference(&expected).collect();
    assert!(
        missed.is_empty() && unexpected.is_empty(),
        "missed {missed:#?}\nunexpected {unexpected:#?}"
    );

    // Shards cut the listed accounts: together they are the organization, each once.
    let mut sharded = Vec::new();
    for shard in ["1/2", "2/2"] {
        let mut args = org.to_vec();
        args.extend(["--shard", shard]);
        let run = audit(&args, &env);
        assert_eq!(run.code, 0, "{run:?}");
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        for account in report["target"]["accounts"].as_array().unwrap() {
            sharded.push(account.as_str().unwrap().to_string());
        }
    }
    sharded.sort();
    assert_eq!(sharded, active);

    // ListAccounts refused: a clear error, exit 2.
    let organizations_proxy = FaultProxy::start(
        &endpoint,
        FaultPlan {
            // Every JSON request body.
            refuse: Some("{"),
            ..FaultPlan::default()
        },
    );
    let refused_url = organizations_proxy.url();
    let mut denied = env.clone();
    denied.push(("AWS_ENDPOINT_URL_ORGANIZATIONS", &refused_url));
    let run = audit(&org, &denied);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: --organization: cannot list the organization's accounts: access denied: \
         organizations:ListAccounts on the caller's organization; allow \
         organizations:ListAccounts for the caller's identity\n"
    );

    // Outside an organization moto lists no accounts at all (AWS would answer
    // AWSOrganizationsNotInUseException): a clear error, exit 2.
    let outside = keys(&endpoint, &outsider).await;
    let overrides: Vec<(&str, &str)> = outside.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let run = audit(&org, &endpoints(&endpoint, &overrides));
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: --organization: the organization has no active accounts (ListAccounts answered \
         none); is the caller in the organization's management account or a delegated \
         administrator?\n"
    );

    // --region all: the regions enabled in the account, each read; global resources once,
    // in the first region.
    let enabled = regions_of(&member(&endpoint, &analytics, REGION).await).await;
    assert!(enabled.len() > 2, "moto lists {enabled:?}");
    let one = [
        "--accounts",
        &analytics,
        "--role-name",
        ROLE,
        "--region",
        "all",
    ];
    let started = std::time::Instant::now();
    let run = audit(&one, &env);
    assert_eq!(run.code, 0, "{run:?}");
    eprintln!(
        "--region all: {} regions audited in {:?}",
        enabled.len(),
        started.elapsed()
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report["target"]["regions"],
        serde_json::json!(enabled),
        "sorted, as DescribeRegions lists them"
    );
    assert_eq!(unknowns(&report), BTreeSet::new());
    let failed = findings(&report, "fail");
    let catalogs: BTreeSet<&str> = failed
        .iter()
        .filter(|(_, _, rule, _)| rule == "LK-GLUE-001")
        .map(|(_, region, _, _)| region.as_str())
        .collect();
    assert_eq!(catalogs, enabled.iter().map(String::as_str).collect());
    let globals: Vec<&str> = failed
        .iter()
        .filter(|(_, _, rule, _)| rule == "LK-S3-014")
        .map(|(_, region, _, _)| region.as_str())
        .collect();
    assert_eq!(globals, [enabled[0].as_str()]);

    // DescribeRegions refused: each account is reported not audited, naming the call; exit 2.
    let ec2 = FaultProxy::start(
        &endpoint,
        FaultPlan {
            refuse: Some("Action=DescribeRegions"),
            ..FaultPlan::default()
        },
    );
    let ec2_url = ec2.url();
    let mut refused = env.clone();
    refused.push(("AWS_ENDPOINT_URL_EC2", &ec2_url));
    let both = format!("{analytics},{payments}");
    let run = audit(
        &["--accounts", &both, "--role-name", ROLE, "--region", "all"],
        &refused,
    );
    assert_eq!(run.code, 2, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut members = [analytics.clone(), payments.clone()];
    members.sort();
    assert_eq!(
        unknowns(&report),
        members
            .iter()
            .map(|id| (
                format!("arn:aws:iam::{id}:root"),
                format!(
                    "cannot list the account's regions: AccessDenied on ec2:DescribeRegions for \
                     account {id}; nothing was audited here"
                )
            ))
            .collect::<BTreeSet<_>>()
    );
    assert_eq!(report["target"]["accounts"], serde_json::json!(members));
    assert_eq!(report["target"]["regions"], serde_json::json!([]));
}

/// The regions EC2 lists for the account of `config`, sorted.
async fn regions_of(config: &aws_config::SdkConfig) -> Vec<String> {
    let mut regions: Vec<String> = aws_sdk_ec2::Client::new(config)
        .describe_regions()
        .send()
        .await
        .unwrap()
        .regions()
        .iter()
        .filter_map(|r| r.region_name().map(str::to_string))
        .collect();
    regions.sort();
    regions
}
