//! Seeds member accounts for `scripts/bench-org` on the emulator that keeps one state per
//! account (`moto-accounts`, see `localstack/up`), with raw SDK calls.
//!
//! `cargo run --example seed-accounts -- --accounts N --regions R1,R2 --role-name NAME`, with
//! `LAKECTL_MOTO_ACCOUNTS_URL` in the environment. Prints the N account ids on stdout, separated
//! by commas. Account `i` is `3000000000ii` (fixed, so a second run reuses what the first made:
//! an account-region whose marker bucket exists is skipped). In each region every account gets a
//! bucket, a KMS key, a Kinesis stream, a Glue database and an Athena work group, and one IAM role
//! per account; even accounts are configured well and odd ones each miss a few controls, so the
//! audit has the same work and a mix of results on every account.

#[path = "../tests/support/accounts.rs"]
mod accounts;

use anyhow::Context;
use aws_config::SdkConfig;
use aws_sdk_s3::types as s3;
use futures::{StreamExt, TryStreamExt};

/// Account-regions seeded at once.
const CONCURRENCY: usize = 8;

struct Args {
    accounts: usize,
    regions: Vec<String>,
    role: String,
}

fn args() -> anyhow::Result<Args> {
    let mut args = std::env::args().skip(1);
    let (mut accounts, mut regions, mut role) = (None, None, None);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--accounts" => accounts = Some(value.parse().context("--accounts: a number")?),
            "--regions" => regions = Some(value.split(',').map(str::to_string).collect()),
            "--role-name" => role = Some(value),
            _ => anyhow::bail!("unknown argument {flag}"),
        }
    }
    Ok(Args {
        accounts: accounts.context("--accounts N is required")?,
        regions: regions.context("--regions R1,R2 is required")?,
        role: role.context("--role-name NAME is required")?,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args()?;
    anyhow::ensure!(
        (1..=99).contains(&args.accounts),
        "--accounts: between 1 and 99"
    );
    let endpoint = std::env::var("LAKECTL_MOTO_ACCOUNTS_URL")
        .context("LAKECTL_MOTO_ACCOUNTS_URL is not set; eval \"$(localstack/up)\" first")?;
    let accounts: Vec<String> = (1..=args.accounts)
        .map(|i| format!("3000000000{i:02}"))
        .collect();
    let work = accounts.iter().enumerate().flat_map(|(i, account)| {
        args.regions
            .iter()
            .enumerate()
            .map(move |(r, region)| (i, account, region, r == 0))
    });
    futures::stream::iter(work)
        .map(|(i, account, region, first)| {
            let (endpoint, role) = (&endpoint, &args.role);
            async move {
                let config = accounts::assumed(endpoint, account, region, role).await?;
                seed(&config, account, region, i % 2 == 0, first)
                    .await
                    .with_context(|| format!("seeding {account} in {region}"))
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    println!("{}", accounts.join(","));
    Ok(())
}

/// Seeds one account-region; `good` picks the well-configured variant, `first` adds the
/// account's global resources.
async fn seed(
    config: &SdkConfig,
    account: &str,
    region: &str,
    good: bool,
    first: bool,
) -> anyhow::Result<()> {
    let s3 = aws_sdk_s3::Client::new(config);
    let bucket = format!("bench-{account}-{region}");
    if s3.head_bucket().bucket(&bucket).send().await.is_ok() {
        return Ok(());
    }
    let kms = aws_sdk_kms::Client::new(config);
    let key = kms
        .create_key()
        .description("lakectl bench-org")
        .send()
        .await?
        .key_metadata
        .and_then(|k| k.arn)
        .context("CreateKey returned no ARN")?;
    if good {
        kms.enable_key_rotation().key_id(&key).send().await?;
    }

    let kinesis = aws_sdk_kinesis::Client::new(config);
    kinesis
        .create_stream()
        .stream_name("bench-clicks")
        .shard_count(1)
        .send()
        .await?;
    if good {
        kinesis
            .start_stream_encryption()
            .stream_name("bench-clicks")
            .encryption_type(aws_sdk_kinesis::types::EncryptionType::Kms)
            .key_id(&key)
            .send()
            .await?;
    }

    aws_sdk_glue::Client::new(config)
        .create_database()
        .database_input(
            aws_sdk_glue::types::DatabaseInput::builder()
                .name("bench_raw")
                .location_uri(format!("s3://{bucket}/raw/"))
                .build()?,
        )
        .send()
        .await?;

    aws_sdk_athena::Client::new(config)
        .create_work_group()
        .name("bench")
        .configuration(
            aws_sdk_athena::types::WorkGroupConfiguration::builder()
                .enforce_work_group_configuration(good)
                .publish_cloud_watch_metrics_enabled(true)
                .bytes_scanned_cutoff_per_query(10_000_000_000)
                .build(),
        )
        .send()
        .await?;

    if first {
        aws_sdk_iam::Client::new(config)
            .create_role()
            .role_name("bench-etl")
            .assume_role_policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            )
            .send()
            .await?;
    }

    // The bucket last: it marks the account-region as seeded.
    let mut create = s3.create_bucket().bucket(&bucket);
    if region != "us-east-1" {
        create = create.create_bucket_configuration(
            s3::CreateBucketConfiguration::builder()
                .location_constraint(s3::BucketLocationConstraint::from(region))
                .build(),
        );
    }
    create.send().await?;
    let default = if good {
        s3::ServerSideEncryptionByDefault::builder()
            .sse_algorithm(s3::ServerSideEncryption::AwsKms)
            .kms_master_key_id(&key)
            .build()?
    } else {
        s3::ServerSideEncryptionByDefault::builder()
            .sse_algorithm(s3::ServerSideEncryption::Aes256)
            .build()?
    };
    s3.put_bucket_encryption()
        .bucket(&bucket)
        .server_side_encryption_configuration(
            s3::ServerSideEncryptionConfiguration::builder()
                .rules(
                    s3::ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(default)
                        .bucket_key_enabled(good)
                        .build(),
                )
                .build()?,
        )
        .send()
        .await?;
    Ok(())
}
