//! Kinesis streams: create and wait until active, KMS encryption, retention, mode, shards,
//! tags. Kinesis accepts one change at a time, so each write waits for ACTIVE again.

use aws_sdk_kinesis::types::{
    EncryptionType, ScalingType, StreamMode as KinesisMode, StreamModeDetails, StreamStatus,
};

use super::errors::{self, CallContext};
use super::{Applier, find, pause};
use crate::model::{Stream, StreamMode};
use crate::plan::{Action, ResourceChange};

/// Retention of a new stream (hours).
const DEFAULT_RETENTION: u32 = 24;

pub async fn stream(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<String>> {
    let d = find(&a.desired.streams, &rc.name, |s| s.name.as_str())?;
    let live = a.live.streams.iter().find(|s| s.name == d.name);
    let kinesis = &a.aws.kinesis;
    let name = d.name.as_str();
    let arn = d.arn(&a.desired.lake);
    let creating = rc.action == Action::Create;
    let mode = d.mode.known().copied().unwrap_or_default();
    let mut done = Vec::new();
    if creating {
        create(a, d, mode).await?;
        done.push("created".to_string());
    } else {
        // A stream left CREATING or UPDATING (an interrupted deploy, a concurrent change)
        // refuses every write until it is ACTIVE again.
        wait_active(a, name).await?;
    }
    if !creating && rc.writes("mode") {
        kinesis
            .update_stream_mode()
            .stream_arn(&arn)
            .stream_mode_details(mode_details(mode)?)
            .send()
            .await
            .call("kinesis:UpdateStreamMode", name)?;
        wait_active(a, name).await?;
        done.push("mode updated".into());
    }
    if !creating
        && rc.writes("shards")
        && let Some(Some(shards)) = d.shards.known()
    {
        kinesis
            .update_shard_count()
            .stream_name(name)
            .target_shard_count(*shards as i32)
            .scaling_type(ScalingType::UniformScaling)
            .send()
            .await
            .call("kinesis:UpdateShardCount", name)?;
        wait_active(a, name).await?;
        done.push(format!("resharded to {shards}"));
    }
    if let (true, Some(hours)) = (rc.writes("retention_hours"), d.retention_hours.known()) {
        let current = match (creating, live.and_then(|l| l.retention_hours.known())) {
            (false, Some(h)) => *h,
            _ => DEFAULT_RETENTION,
        };
        if *hours > current {
            kinesis
                .increase_stream_retention_period()
                .stream_name(name)
                .retention_period_hours(*hours as i32)
                .send()
                .await
                .call("kinesis:IncreaseStreamRetentionPeriod", name)?;
        } else if *hours < current {
            kinesis
                .decrease_stream_retention_period()
                .stream_name(name)
                .retention_period_hours(*hours as i32)
                .send()
                .await
                .call("kinesis:DecreaseStreamRetentionPeriod", name)?;
        }
        if *hours != current {
            wait_active(a, name).await?;
            done.push(format!("retention {hours} h"));
        }
    }
    if let (true, Some(Some(key))) = (rc.writes("encryption"), d.encryption.known()) {
        let key_id = a
            .key_arn(key)?
            .unwrap_or_else(|| "alias/aws/kinesis".to_string());
        kinesis
            .start_stream_encryption()
            .stream_name(name)
            .encryption_type(EncryptionType::Kms)
            .key_id(key_id)
            .send()
            .await
            .call("kinesis:StartStreamEncryption", name)?;
        wait_active(a, name).await?;
        done.push("encryption on".into());
    }
    // Tags are written apart from CreateStream: its `Tags` parameter is recent and LocalStack
    // ignores it.
    if rc.writes("tags") {
        let mut request = kinesis.add_tags_to_stream().stream_name(name);
        for (k, v) in d.tags.known().into_iter().flatten() {
            request = request.tags(k, v);
        }
        request.send().await.call("kinesis:AddTagsToStream", name)?;
        done.push("tags updated".into());
    }
    Ok(done)
}

async fn create(a: &Applier<'_>, d: &Stream, mode: StreamMode) -> anyhow::Result<()> {
    let mut request = a
        .aws
        .kinesis
        .create_stream()
        .stream_name(&d.name)
        .stream_mode_details(mode_details(mode)?);
    if mode == StreamMode::Provisioned {
        let shards = d.shards.known().copied().flatten().unwrap_or(1);
        request = request.shard_count(shards as i32);
    }
    match request.send().await {
        Ok(_) => {}
        // Ours already: a retried create whose first answer was lost.
        Err(e) if errors::is(&e, &["ResourceInUseException"]) => {}
        Err(e) => return Err(errors::describe("kinesis:CreateStream", &d.name, &e)),
    }
    wait_active(a, &d.name).await
}

fn mode_details(mode: StreamMode) -> anyhow::Result<StreamModeDetails> {
    let mode = match mode {
        StreamMode::OnDemand => KinesisMode::OnDemand,
        StreamMode::Provisioned => KinesisMode::Provisioned,
    };
    Ok(StreamModeDetails::builder().stream_mode(mode).build()?)
}

/// Polls until the stream is ACTIVE (about two minutes at most).
pub async fn wait_active(a: &Applier<'_>, name: &str) -> anyhow::Result<()> {
    for attempt in 0..70 {
        let summary = a
            .aws
            .kinesis
            .describe_stream_summary()
            .stream_name(name)
            .send()
            .await
            .call("kinesis:DescribeStreamSummary", name)?;
        let status = summary
            .stream_description_summary()
            .map(|s| s.stream_status().clone());
        if status == Some(StreamStatus::Active) {
            return Ok(());
        }
        pause(attempt).await;
    }
    anyhow::bail!(
        "kinesis stream {name} did not become ACTIVE within two minutes; run deploy again later"
    )
}
