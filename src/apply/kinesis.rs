//! Kinesis streams: create and wait until active, KMS encryption, retention, mode, shards,
//! shard-level metrics, tags. Kinesis accepts one change at a time, so each write waits for ACTIVE again.

use std::collections::BTreeSet;

use aws_sdk_kinesis::types::{
    EncryptionType, MetricsName, ScalingType, StreamMode as KinesisMode, StreamModeDetails,
    StreamStatus,
};

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find, pause};
use crate::model::property::StreamProperty as P;
use crate::model::{Kind, KindProperty, ShardMetric, Stream, StreamMode};
use crate::plan::{Action, ResourceChange};

/// Retention of a new stream (hours).
const DEFAULT_RETENTION: u32 = 24;

/// Every stream property is written by the stream's own step.
pub fn writer(p: P) -> Writer {
    match p {
        P::Mode | P::Shards | P::RetentionHours | P::Encryption | P::ShardMetrics | P::Tags => {
            Writer::Step(Step::Resource(Kind::Stream))
        }
    }
}

pub async fn stream(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.streams, &rc.name, |s| s.name.as_str())?;
    let w = Write {
        a,
        d,
        live: a.live.streams.iter().find(|s| s.name == d.name),
        creating: rc.action == Action::Create,
        mode: d.mode.known().copied().unwrap_or_default(),
    };
    let mut done = Vec::new();
    if w.creating {
        create(a, d, w.mode).await?;
        done.push(Applied::created());
    } else {
        // A stream left CREATING or UPDATING (an interrupted deploy, a concurrent change)
        // refuses every write until it is ACTIVE again.
        wait_active(a, &d.name).await?;
    }
    for &p in P::ALL.iter().filter(|p| rc.writes(**p)) {
        let note = match p {
            P::Mode => w.mode().await?,
            P::Shards => w.shards().await?,
            P::RetentionHours => w.retention().await?,
            P::Encryption => w.encryption().await?,
            P::ShardMetrics => w.shard_metrics().await?,
            P::Tags => w.tags().await?,
        };
        done.extend(note.map(|note| Applied::updated(p, note)));
    }
    Ok(done)
}

/// One stream's writes; Kinesis takes one change at a time, so each waits for ACTIVE again.
struct Write<'w> {
    a: &'w Applier<'w>,
    d: &'w Stream,
    live: Option<&'w Stream>,
    creating: bool,
    mode: StreamMode,
}

type Note = anyhow::Result<Option<String>>;

impl Write<'_> {
    fn name(&self) -> &str {
        &self.d.name
    }

    async fn mode(&self) -> Note {
        if self.creating {
            return Ok(None);
        }
        self.a
            .aws
            .kinesis
            .update_stream_mode()
            .stream_arn(self.d.arn(&self.a.desired.lake))
            .stream_mode_details(mode_details(self.mode)?)
            .send()
            .await
            .call("kinesis:UpdateStreamMode", self.name())?;
        wait_active(self.a, self.name()).await?;
        Ok(Some("mode updated".into()))
    }

    async fn shards(&self) -> Note {
        let Some(Some(shards)) = self.d.shards.known().filter(|_| !self.creating) else {
            return Ok(None);
        };
        self.a
            .aws
            .kinesis
            .update_shard_count()
            .stream_name(self.name())
            .target_shard_count(*shards as i32)
            .scaling_type(ScalingType::UniformScaling)
            .send()
            .await
            .call("kinesis:UpdateShardCount", self.name())?;
        wait_active(self.a, self.name()).await?;
        Ok(Some(format!("resharded to {shards}")))
    }

    async fn retention(&self) -> Note {
        let Some(&hours) = self.d.retention_hours.known() else {
            return Ok(None);
        };
        let current = match (
            self.creating,
            self.live.and_then(|l| l.retention_hours.known()),
        ) {
            (false, Some(h)) => *h,
            _ => DEFAULT_RETENTION,
        };
        let (kinesis, name) = (&self.a.aws.kinesis, self.name());
        if hours > current {
            kinesis
                .increase_stream_retention_period()
                .stream_name(name)
                .retention_period_hours(hours as i32)
                .send()
                .await
                .call("kinesis:IncreaseStreamRetentionPeriod", name)?;
        } else if hours < current {
            kinesis
                .decrease_stream_retention_period()
                .stream_name(name)
                .retention_period_hours(hours as i32)
                .send()
                .await
                .call("kinesis:DecreaseStreamRetentionPeriod", name)?;
        } else {
            return Ok(None);
        }
        wait_active(self.a, name).await?;
        Ok(Some(format!("retention {hours} h")))
    }

    async fn encryption(&self) -> Note {
        let Some(Some(key)) = self.d.encryption.known() else {
            return Ok(None);
        };
        let key_id = self
            .a
            .key_arn(key)?
            .unwrap_or_else(|| "alias/aws/kinesis".to_string());
        self.a
            .aws
            .kinesis
            .start_stream_encryption()
            .stream_name(self.name())
            .encryption_type(EncryptionType::Kms)
            .key_id(key_id)
            .send()
            .await
            .call("kinesis:StartStreamEncryption", self.name())?;
        wait_active(self.a, self.name()).await?;
        Ok(Some("encryption on".into()))
    }

    /// Enables what is missing and disables what is extra, nothing else: each call costs an
    /// UPDATING round. A live set that could not be read is treated as "anything may be on".
    async fn shard_metrics(&self) -> Note {
        let Some(desired) = self.d.shard_metrics.known() else {
            return Ok(None);
        };
        let live = match (self.creating, self.live.map(|l| l.shard_metrics.known())) {
            (true, _) => BTreeSet::new(),
            (false, Some(Some(live))) => live.clone(),
            (false, _) => ShardMetric::ALL.into_iter().collect(),
        };
        let (kinesis, name) = (&self.a.aws.kinesis, self.name());
        let enable: Vec<MetricsName> = desired.difference(&live).map(|m| metric(*m)).collect();
        let disable: Vec<MetricsName> = live.difference(desired).map(|m| metric(*m)).collect();
        let mut notes = Vec::new();
        if !enable.is_empty() {
            notes.push(format!("enabled {}", names(&enable)));
            kinesis
                .enable_enhanced_monitoring()
                .stream_name(name)
                .set_shard_level_metrics(Some(enable))
                .send()
                .await
                .call("kinesis:EnableEnhancedMonitoring", name)?;
            wait_active(self.a, name).await?;
        }
        if !disable.is_empty() {
            notes.push(format!("disabled {}", names(&disable)));
            kinesis
                .disable_enhanced_monitoring()
                .stream_name(name)
                .set_shard_level_metrics(Some(disable))
                .send()
                .await
                .call("kinesis:DisableEnhancedMonitoring", name)?;
            wait_active(self.a, name).await?;
        }
        Ok((!notes.is_empty()).then(|| format!("shard-level metrics: {}", notes.join("; "))))
    }

    /// Written apart from CreateStream: its `Tags` parameter is recent and LocalStack ignores it.
    async fn tags(&self) -> Note {
        let mut request = self
            .a
            .aws
            .kinesis
            .add_tags_to_stream()
            .stream_name(self.name());
        for (k, v) in self.d.tags.known().into_iter().flatten() {
            request = request.tags(k, v);
        }
        request
            .send()
            .await
            .call("kinesis:AddTagsToStream", self.name())?;
        Ok(Some("tags updated".into()))
    }
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

fn metric(m: ShardMetric) -> MetricsName {
    MetricsName::from(m.as_str())
}

fn names(metrics: &[MetricsName]) -> String {
    let names: Vec<&str> = metrics.iter().map(|m| m.as_str()).collect();
    names.join(", ")
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
