//! Kinesis data streams: mode, open shards, retention, encryption, shard-level metrics and tags
//! (2 reads a stream); their write load is read for all of them at once ([`super::stream_load`]).

use std::collections::BTreeSet;

use aws_sdk_kinesis::types as k;

use super::ctx::{Ctx, existence, existing, known, tag_map};
use super::keys::KeyIndex;
use crate::aws::{CallError, Service};
use crate::model::{KeyRef, Prop, ShardMetric, Stream, StreamMode, Tags, naming};

pub(super) async fn read(ctx: &Ctx<'_>, desired: &[Stream]) -> Vec<Stream> {
    existing(desired, |s| read_stream(ctx, s.clone())).await
}

/// Every stream in the region; ids are names.
pub(super) async fn read_all(ctx: &Ctx<'_>) -> Vec<Stream> {
    let names = ctx.listed(list_streams(ctx).await);
    existing(names, |name| {
        read_stream(
            ctx,
            Stream {
                id: name.clone(),
                logical_id: naming::logical_id(&name),
                mode: Prop::unknown("not read"),
                shards: Prop::unknown("not read"),
                retention_hours: Prop::unknown("not read"),
                encryption: Prop::unknown("not read"),
                shard_metrics: Prop::unknown("not read"),
                tags: Prop::unknown("not read"),
                load: Prop::unknown("not read"),
                name,
            },
        )
    })
    .await
}

async fn read_stream(ctx: &Ctx<'_>, mut stream: Stream) -> Option<Stream> {
    let arn = ctx.arns().stream(&stream.name);
    let kinesis = &ctx.aws.kinesis;
    let summary = ctx
        .call(
            Service::Kinesis,
            "DescribeStreamSummary",
            &arn,
            kinesis
                .describe_stream_summary()
                .stream_name(&stream.name)
                .send(),
        )
        .await;
    match existence(summary) {
        Ok(None) => None,
        Ok(Some(out)) => {
            let Some(summary) = out.stream_description_summary() else {
                let reason = format!("DescribeStreamSummary returned no summary for {arn}");
                return Some(unknown_stream(stream, &reason));
            };
            let read = summary_of(summary, &ctx.keys);
            stream.mode = Prop::Known(read.mode);
            stream.shards = Prop::Known(read.shards);
            stream.retention_hours = Prop::Known(read.retention_hours);
            stream.encryption = Prop::Known(read.encryption);
            stream.shard_metrics = Prop::Known(read.shard_metrics);
            stream.tags = known(list_tags(ctx, &stream.name, &arn).await);
            Some(stream)
        }
        Err(e) => Some(unknown_stream(stream, &e.reason())),
    }
}

fn unknown_stream(mut stream: Stream, reason: &str) -> Stream {
    stream.mode = Prop::unknown(reason);
    stream.shards = Prop::unknown(reason);
    stream.retention_hours = Prop::unknown(reason);
    stream.encryption = Prop::unknown(reason);
    stream.shard_metrics = Prop::unknown(reason);
    stream.tags = Prop::unknown(reason);
    stream.load = Prop::unknown(reason);
    stream
}

/// The properties DescribeStreamSummary reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SummaryRead {
    pub mode: StreamMode,
    pub shards: Option<u32>,
    pub retention_hours: u32,
    pub encryption: Option<KeyRef>,
    pub shard_metrics: BTreeSet<ShardMetric>,
}

/// A stream without mode details predates on-demand mode, so it is provisioned.
pub(super) fn summary_of(s: &k::StreamDescriptionSummary, keys: &KeyIndex) -> SummaryRead {
    let mode = match s.stream_mode_details().map(|d| d.stream_mode()) {
        Some(k::StreamMode::OnDemand) => StreamMode::OnDemand,
        _ => StreamMode::Provisioned,
    };
    let encryption = match s.encryption_type() {
        Some(k::EncryptionType::Kms) => {
            Some(s.key_id().map_or(KeyRef::AwsManaged, |id| keys.key_ref(id)))
        }
        _ => None,
    };
    SummaryRead {
        mode,
        shards: u32::try_from(s.open_shard_count()).ok(),
        retention_hours: u32::try_from(s.retention_period_hours()).unwrap_or(0),
        encryption,
        shard_metrics: shard_metrics(s.enhanced_monitoring()),
    }
}

/// The metrics of every enhanced-monitoring entry, `ALL` spelled out; a name this version of
/// lakectl does not know is left out (it can neither be asked for nor demanded by a rule).
fn shard_metrics(monitoring: &[k::EnhancedMetrics]) -> BTreeSet<ShardMetric> {
    let names = monitoring.iter().flat_map(|m| m.shard_level_metrics());
    let mut metrics = BTreeSet::new();
    for name in names {
        match name {
            k::MetricsName::All => metrics.extend(ShardMetric::ALL),
            other => metrics.extend(ShardMetric::from_name(other.as_str())),
        }
    }
    metrics
}

/// Pages with `NextToken`, or, when a page says there are more streams but carries no token
/// (the API's older form, which moto still answers with), with `ExclusiveStartStreamName`
/// after the last name: stopping there would pass a partial listing off as complete.
async fn list_streams(ctx: &Ctx<'_>) -> Result<Vec<String>, CallError> {
    let mut names: Vec<String> = Vec::new();
    let mut token: Option<String> = None;
    let mut after: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Kinesis,
                "ListStreams",
                "streams",
                ctx.aws
                    .kinesis
                    .list_streams()
                    .set_next_token(token.take())
                    .set_exclusive_start_stream_name(after.take())
                    .send(),
            )
            .await?;
        names.extend(out.stream_names().iter().cloned());
        if !out.has_more_streams() {
            return Ok(names);
        }
        match (out.next_token(), out.stream_names().last()) {
            (Some(next), _) => token = Some(next.to_string()),
            (None, Some(last)) => after = Some(last.clone()),
            // More streams, but nothing to continue from.
            (None, None) => return Ok(names),
        }
    }
}

async fn list_tags(ctx: &Ctx<'_>, name: &str, arn: &str) -> Result<Tags, CallError> {
    let mut tags = Tags::new();
    let mut start: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Kinesis,
                "ListTagsForStream",
                arn,
                ctx.aws
                    .kinesis
                    .list_tags_for_stream()
                    .stream_name(name)
                    .set_exclusive_start_tag_key(start.clone())
                    .send(),
            )
            .await?;
        tags.extend(tag_map(
            out.tags()
                .iter()
                .map(|t| (t.key(), t.value().unwrap_or_default())),
        ));
        match out.tags().last() {
            Some(last) if out.has_more_tags() => start = Some(last.key().to_string()),
            _ => return Ok(tags),
        }
    }
}

#[cfg(test)]
mod tests {
    use aws_smithy_types::DateTime;

    use super::*;

    fn summary(encryption: Option<(k::EncryptionType, &str)>) -> k::StreamDescriptionSummary {
        let mut b = k::StreamDescriptionSummary::builder()
            .stream_name("s")
            .stream_arn("arn:aws:kinesis:us-east-1:000000000000:stream/s")
            .stream_status(k::StreamStatus::Active)
            .stream_mode_details(
                k::StreamModeDetails::builder()
                    .stream_mode(k::StreamMode::OnDemand)
                    .build()
                    .unwrap(),
            )
            .retention_period_hours(168)
            .stream_creation_timestamp(DateTime::from_secs(0))
            .set_enhanced_monitoring(Some(vec![]))
            .open_shard_count(4);
        if let Some((kind, key)) = encryption {
            b = b.encryption_type(kind).key_id(key);
        }
        b.build().unwrap()
    }

    #[test]
    fn summaries_map_mode_shards_retention_and_key() {
        let mut keys = KeyIndex::default();
        keys.add_lake_key("streams", "k1", Some("alias/retail-dev-streams"));
        assert_eq!(
            summary_of(
                &summary(Some((k::EncryptionType::Kms, "alias/retail-dev-streams"))),
                &keys
            ),
            SummaryRead {
                mode: StreamMode::OnDemand,
                shards: Some(4),
                retention_hours: 168,
                encryption: Some(KeyRef::Lake("streams".into())),
                shard_metrics: BTreeSet::new(),
            }
        );
        assert_eq!(
            summary_of(
                &summary(Some((k::EncryptionType::Kms, "alias/aws/kinesis"))),
                &keys
            )
            .encryption,
            Some(KeyRef::AwsManaged)
        );
        assert_eq!(summary_of(&summary(None), &keys).encryption, None);
    }

    #[test]
    fn enhanced_monitoring_maps_to_metrics_with_all_spelled_out() {
        let entry = |names: &[k::MetricsName]| {
            k::EnhancedMetrics::builder()
                .set_shard_level_metrics(Some(names.to_vec()))
                .build()
        };
        assert_eq!(
            shard_metrics(&[entry(&[
                k::MetricsName::IteratorAgeMilliseconds,
                k::MetricsName::IncomingBytes,
            ])]),
            BTreeSet::from([
                ShardMetric::IncomingBytes,
                ShardMetric::IteratorAgeMilliseconds
            ])
        );
        assert_eq!(
            shard_metrics(&[entry(&[k::MetricsName::All])]),
            BTreeSet::from(ShardMetric::ALL)
        );
        assert_eq!(shard_metrics(&[entry(&[])]), BTreeSet::new());
        assert_eq!(shard_metrics(&[]), BTreeSet::new());
    }
}
