//! Seeds the foreign-account fixture (`tests/support/fixture.rs`) into the emulators and prints
//! its known answers as JSON, for `scripts/bench-vs-prowler`.
//!
//! `cargo run --example seed-fixture -- --replicas N --region R [--prefix P]`, with the
//! emulator variables `localstack/up` prints in the environment. About 100 resources a replica
//! plus one region-wide key; the region-wide settings (Data Catalog encryption, Lake
//! Formation's defaults, the account's Block Public Access, the default work group, a trail) are
//! not counted.

// The fixture also serves the foreign-account test, which uses what the seeder does not.
#[allow(dead_code)]
#[path = "../tests/support/fixture.rs"]
mod fixture;

use aws_sdk_firehose::types as fh;
use serde_json::json;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// moto keeps the key a delivery stream is created with but not the `ENABLED` status that real
/// Firehose reports for it (LocalStack keeps neither), so no auditor could see the stream's
/// encryption. StartDeliveryStreamEncryption with the same key sets the status, as AWS has it
/// after the create; streams created without encryption are left alone.
async fn enable_delivery_stream_sse(config: &aws_config::SdkConfig, prefix: &str) {
    let firehose = aws_sdk_firehose::Client::new(config);
    let names = firehose
        .list_delivery_streams()
        .limit(10_000)
        .send()
        .await
        .expect("list delivery streams")
        .delivery_stream_names;
    for name in names.iter().filter(|n| n.starts_with(prefix)) {
        let out = firehose
            .describe_delivery_stream()
            .delivery_stream_name(name)
            .send()
            .await
            .expect("describe delivery stream");
        let sse = out
            .delivery_stream_description()
            .and_then(|d| d.delivery_stream_encryption_configuration());
        let Some((key_type, key_arn)) = sse
            .filter(|c| c.status().is_none())
            .and_then(|c| c.key_type().zip(c.key_arn()))
        else {
            continue;
        };
        firehose
            .start_delivery_stream_encryption()
            .delivery_stream_name(name)
            .delivery_stream_encryption_configuration_input(
                fh::DeliveryStreamEncryptionConfigurationInput::builder()
                    .key_type(key_type.clone())
                    .key_arn(key_arn)
                    .build()
                    .expect("key type is set"),
            )
            .send()
            .await
            .expect("start delivery stream encryption");
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let replicas: usize = arg(&args, "--replicas")
        .unwrap_or_else(|| "1".into())
        .parse()
        .map_err(|e| anyhow::anyhow!("--replicas: {e}"))?;
    let region = arg(&args, "--region").unwrap_or_else(|| "us-west-2".into());
    let prefix = arg(&args, "--prefix").unwrap_or_else(|| format!("fx{}", std::process::id()));
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.clone()))
        .load()
        .await;
    let trail_endpoint = std::env::var("AWS_ENDPOINT_URL_CLOUDTRAIL").ok();
    let seeded = fixture::seed(
        &config,
        &region,
        &prefix,
        replicas,
        trail_endpoint.as_deref(),
    )
    .await;
    enable_delivery_stream_sse(&config, &prefix).await;
    let answers: Vec<_> = seeded
        .answers
        .iter()
        .map(|(rule, arn)| json!({"rule": rule, "arn": arn}))
        .collect();
    println!(
        "{}",
        json!({
            "region": seeded.region,
            "prefix": seeded.prefix,
            "resources": seeded.resources,
            "own_arns": seeded.own_arns,
            "answers": answers,
        })
    );
    Ok(())
}
