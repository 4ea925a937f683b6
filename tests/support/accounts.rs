//! Reaching a member account on the emulator that keeps one state per account
//! (`moto-accounts`): AssumeRole into it returns keys of the account named in the role ARN,
//! whether or not the role exists there. Shared by the multi-account tests and
//! `examples/seed-accounts.rs`.

use anyhow::Context;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::config::{Credentials, SharedCredentialsProvider};

/// Configuration for `account` in `region` at `endpoint`, with keys from AssumeRole into `role`
/// there.
pub async fn assumed(
    endpoint: &str,
    account: &str,
    region: &str,
    role: &str,
) -> anyhow::Result<SdkConfig> {
    let caller = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new(region.to_string()))
        .load()
        .await;
    let assumed = aws_sdk_sts::Client::new(&caller)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{role}"))
        .role_session_name("seed")
        .send()
        .await
        .with_context(|| format!("assuming {role} in {account}"))?
        .credentials
        .context("AssumeRole returned no credentials")?;
    let credentials = Credentials::new(
        assumed.access_key_id,
        assumed.secret_access_key,
        Some(assumed.session_token),
        None,
        "assumed",
    );
    Ok(caller
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build())
}
