//! Seeds the foreign-account fixture (`tests/support/fixture.rs`) into the emulators and prints
//! its known answers as JSON, for `scripts/bench-vs-prowler`.
//!
//! `cargo run --example seed-fixture -- --replicas N --region R [--prefix P]`, with the
//! emulator variables `localstack/up` prints in the environment. About 22 resources a replica
//! plus 3 region-wide ones.

// The fixture also serves the foreign-account test, which uses what the seeder does not.
#[allow(dead_code)]
#[path = "../tests/support/fixture.rs"]
mod fixture;

use serde_json::json;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
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
            "answers": answers,
        })
    );
    Ok(())
}
