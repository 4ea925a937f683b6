//! Firehose delivery streams: source, S3 destination (bucket, prefixes, buffering, compression,
//! key), stream encryption, format conversion and dynamic partitioning (2 reads a delivery
//! stream).

use aws_sdk_firehose::types as fh;
use futures::future::join_all;

use super::ctx::{Ctx, existence, known, tag_map};
use super::firehose_records::{Home, conversion_of, partitioning_of};
use super::keys::KeyIndex;
use crate::aws::{CallError, Service};
use crate::model::{
    Compression, DeliveryStream, ErrorLogging, KeyRef, Model, Prop, Tags, Transform, naming,
};

/// Names a bucket or role by model id when the model has it, else by its AWS name.
pub(super) struct Names<'m> {
    model: Option<&'m Model>,
}

impl Names<'_> {
    fn bucket_id(&self, bucket_arn: &str) -> String {
        let name = bucket_arn.rsplit(':').next().unwrap_or(bucket_arn);
        self.model
            .and_then(|m| m.buckets.iter().find(|b| b.name == name))
            .map_or_else(|| name.to_string(), |b| b.id.clone())
    }

    fn role_id(&self, role_arn: &str) -> String {
        let name = role_arn.rsplit('/').next().unwrap_or(role_arn);
        self.model
            .and_then(|m| m.roles.iter().find(|r| r.name == name))
            .map_or_else(|| name.to_string(), |r| r.id.clone())
    }
}

pub(super) async fn read(ctx: &Ctx<'_>, desired: &Model) -> Vec<DeliveryStream> {
    let names = Names {
        model: Some(desired),
    };
    let names = &names;
    join_all(
        desired
            .delivery_streams
            .iter()
            .map(|d| read_one(ctx, d.clone(), names)),
    )
    .await
    .into_iter()
    .flatten()
    .collect()
}

pub(super) async fn read_all(ctx: &Ctx<'_>) -> Vec<DeliveryStream> {
    let stream_names = ctx.listed(list(ctx).await);
    let names = &Names { model: None };
    join_all(stream_names.into_iter().map(|name| {
        let skeleton = DeliveryStream {
            id: name.clone(),
            logical_id: naming::logical_id(&name),
            source_stream: None,
            bucket: String::new(),
            role: String::new(),
            prefix: Prop::unknown("not read"),
            error_prefix: Prop::unknown("not read"),
            buffering_mb: Prop::unknown("not read"),
            buffering_seconds: Prop::unknown("not read"),
            compression: Prop::unknown("not read"),
            destination_key: Prop::unknown("not read"),
            sse: Prop::unknown("not read"),
            format_conversion: Prop::unknown("not read"),
            dynamic_partitioning: Prop::unknown("not read"),
            error_logging: Prop::unknown("not read"),
            transform: Prop::unknown("not read"),
            tags: Prop::unknown("not read"),
            name,
        };
        read_one(ctx, skeleton, names)
    }))
    .await
    .into_iter()
    .flatten()
    .collect()
}

async fn read_one(ctx: &Ctx<'_>, d: DeliveryStream, names: &Names<'_>) -> Option<DeliveryStream> {
    let arn = ctx.arns().delivery_stream(&d.name);
    let described = ctx
        .call(
            Service::Firehose,
            "DescribeDeliveryStream",
            &arn,
            ctx.aws
                .firehose
                .describe_delivery_stream()
                .delivery_stream_name(&d.name)
                .send(),
        )
        .await;
    let desc = match existence(described) {
        Ok(None) => return None,
        Ok(Some(out)) => out.delivery_stream_description,
        Err(e) => return Some(unknown(d, &e.reason())),
    };
    let Some(desc) = desc else {
        return Some(unknown(
            d,
            &format!("DescribeDeliveryStream returned no description for {arn}"),
        ));
    };
    let tags = known(list_tags(ctx, &d.name, &arn).await);
    Some(DeliveryStream {
        tags,
        ..delivery_of(&desc, d, &ctx.keys, names)
    })
}

fn unknown(mut d: DeliveryStream, reason: &str) -> DeliveryStream {
    d.prefix = Prop::unknown(reason);
    d.error_prefix = Prop::unknown(reason);
    d.buffering_mb = Prop::unknown(reason);
    d.buffering_seconds = Prop::unknown(reason);
    d.compression = Prop::unknown(reason);
    d.destination_key = Prop::unknown(reason);
    d.sse = Prop::unknown(reason);
    d.format_conversion = Prop::unknown(reason);
    d.dynamic_partitioning = Prop::unknown(reason);
    d.error_logging = Prop::unknown(reason);
    d.transform = Prop::unknown(reason);
    d.tags = Prop::unknown(reason);
    d
}

/// Fills `d` from DescribeDeliveryStream's description. A delivery stream whose destination is
/// not S3 gets unknown destination properties saying so.
pub(super) fn delivery_of(
    desc: &fh::DeliveryStreamDescription,
    mut d: DeliveryStream,
    keys: &KeyIndex,
    names: &Names<'_>,
) -> DeliveryStream {
    d.source_stream = desc
        .source()
        .and_then(|s| s.kinesis_stream_source_description())
        .and_then(|k| k.kinesis_stream_arn())
        .map(|arn| arn.rsplit('/').next().unwrap_or(arn).to_string());
    d.sse = Prop::Known(sse_of(
        desc.delivery_stream_encryption_configuration(),
        keys,
    ));
    let dest = desc.destinations().first();
    if let Some(ext) = dest.and_then(|x| x.extended_s3_destination_description()) {
        d.bucket = names.bucket_id(ext.bucket_arn());
        d.role = names.role_id(ext.role_arn());
        d.prefix = Prop::Known(ext.prefix().unwrap_or_default().to_string());
        d.error_prefix = Prop::Known(ext.error_output_prefix().unwrap_or_default().to_string());
        (d.buffering_mb, d.buffering_seconds) = buffering_of(ext.buffering_hints());
        d.compression = compression_of(ext.compression_format());
        d.destination_key = Prop::Known(destination_key_of(ext.encryption_configuration(), keys));
        let home = Home::of_arn(desc.delivery_stream_arn());
        d.format_conversion =
            conversion_of(ext.data_format_conversion_configuration(), &home, |arn| {
                names.role_id(arn)
            });
        d.dynamic_partitioning = partitioning_of(
            ext.dynamic_partitioning_configuration(),
            ext.processing_configuration(),
        );
        d.error_logging = Prop::Known(logging_of(ext.cloud_watch_logging_options()));
        d.transform = Prop::Known(transform_of(
            ext.processing_configuration(),
            ext.s3_backup_mode(),
        ));
    } else if let Some(s3) = dest.and_then(|x| x.s3_destination_description()) {
        d.bucket = names.bucket_id(s3.bucket_arn());
        d.role = names.role_id(s3.role_arn());
        d.prefix = Prop::Known(s3.prefix().unwrap_or_default().to_string());
        d.error_prefix = Prop::Known(s3.error_output_prefix().unwrap_or_default().to_string());
        (d.buffering_mb, d.buffering_seconds) = buffering_of(s3.buffering_hints());
        d.compression = compression_of(s3.compression_format());
        d.destination_key = Prop::Known(destination_key_of(s3.encryption_configuration(), keys));
        // The plain S3 destination has neither.
        d.format_conversion = Prop::Known(None);
        d.dynamic_partitioning = Prop::Known(None);
        d.error_logging = Prop::Known(logging_of(s3.cloud_watch_logging_options()));
        // The plain S3 destination runs no processors.
        d.transform = Prop::Known(None);
    } else {
        let reason = format!("{} does not deliver to S3", desc.delivery_stream_name());
        d.prefix = Prop::unknown(&reason);
        d.error_prefix = Prop::unknown(&reason);
        d.buffering_mb = Prop::unknown(&reason);
        d.buffering_seconds = Prop::unknown(&reason);
        d.compression = Prop::unknown(&reason);
        d.destination_key = Prop::unknown(&reason);
        d.format_conversion = Prop::unknown(&reason);
        d.dynamic_partitioning = Prop::unknown(&reason);
        d.error_logging = Prop::unknown(&reason);
        d.transform = Prop::unknown(&reason);
    }
    d
}

/// The first enabled Lambda processor, with whether the source records are backed up.
fn transform_of(
    processing: Option<&fh::ProcessingConfiguration>,
    backup: Option<&fh::S3BackupMode>,
) -> Option<Transform> {
    let lambda = (processing.into_iter())
        .filter(|p| p.enabled().unwrap_or(true))
        .flat_map(|p| p.processors())
        .filter(|p| p.r#type() == &fh::ProcessorType::Lambda)
        .flat_map(|p| p.parameters())
        .find(|p| p.parameter_name() == &fh::ProcessorParameterName::LambdaArn)?;
    Some(Transform {
        lambda: lambda.parameter_value().to_string(),
        source_backup: backup == Some(&fh::S3BackupMode::Enabled),
    })
}

/// Error logging when enabled with a group and a stream to write to; otherwise off.
fn logging_of(options: Option<&fh::CloudWatchLoggingOptions>) -> Option<ErrorLogging> {
    let options = options.filter(|o| o.enabled() == Some(true))?;
    Some(ErrorLogging {
        group: options.log_group_name()?.to_string(),
        stream: options.log_stream_name()?.to_string(),
    })
}

/// Firehose's defaults when no hints are reported: 5 MiB, 300 s.
fn buffering_of(hints: Option<&fh::BufferingHints>) -> (Prop<u32>, Prop<u32>) {
    let mb = hints.and_then(|h| h.size_in_mbs()).unwrap_or(5);
    let seconds = hints.and_then(|h| h.interval_in_seconds()).unwrap_or(300);
    (
        Prop::Known(u32::try_from(mb).unwrap_or(0)),
        Prop::Known(u32::try_from(seconds).unwrap_or(0)),
    )
}

fn compression_of(format: &fh::CompressionFormat) -> Prop<Compression> {
    match format {
        fh::CompressionFormat::Gzip => Prop::Known(Compression::Gzip),
        fh::CompressionFormat::Snappy => Prop::Known(Compression::Snappy),
        fh::CompressionFormat::HadoopSnappy => Prop::Known(Compression::HadoopSnappy),
        fh::CompressionFormat::Zip => Prop::Known(Compression::Zip),
        fh::CompressionFormat::Uncompressed => Prop::Known(Compression::Uncompressed),
        other => Prop::unknown(format!("compression format {other:?} is not modelled")),
    }
}

fn destination_key_of(
    config: Option<&fh::EncryptionConfiguration>,
    keys: &KeyIndex,
) -> Option<KeyRef> {
    config
        .and_then(|c| c.kms_encryption_config())
        .map(|k| keys.key_ref(k.awskms_key_arn()))
}

/// Server-side encryption of the delivery stream itself: on with an AWS owned key, on with a
/// customer managed key, or off.
pub(super) fn sse_of(
    config: Option<&fh::DeliveryStreamEncryptionConfiguration>,
    keys: &KeyIndex,
) -> Option<KeyRef> {
    let c = config?;
    let on = matches!(
        c.status(),
        Some(fh::DeliveryStreamEncryptionStatus::Enabled)
            | Some(fh::DeliveryStreamEncryptionStatus::Enabling)
    );
    if !on {
        return None;
    }
    match (c.key_type(), c.key_arn()) {
        (Some(fh::KeyType::CustomerManagedCmk), Some(arn)) => Some(keys.key_ref(arn)),
        _ => Some(KeyRef::AwsManaged),
    }
}

async fn list(ctx: &Ctx<'_>) -> Result<Vec<String>, CallError> {
    let mut names: Vec<String> = Vec::new();
    loop {
        let out = ctx
            .call(
                Service::Firehose,
                "ListDeliveryStreams",
                "delivery streams",
                ctx.aws
                    .firehose
                    .list_delivery_streams()
                    .limit(10_000)
                    .set_exclusive_start_delivery_stream_name(names.last().cloned())
                    .send(),
            )
            .await?;
        let page = out.delivery_stream_names();
        names.extend(page.iter().cloned());
        if !out.has_more_delivery_streams() || page.is_empty() {
            return Ok(names);
        }
    }
}

async fn list_tags(ctx: &Ctx<'_>, name: &str, arn: &str) -> Result<Tags, CallError> {
    let mut tags = Tags::new();
    let mut start: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Firehose,
                "ListTagsForDeliveryStream",
                arn,
                ctx.aws
                    .firehose
                    .list_tags_for_delivery_stream()
                    .delivery_stream_name(name)
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
    use super::*;

    #[test]
    fn stream_encryption_is_off_aws_owned_or_a_named_key() {
        let mut keys = KeyIndex::default();
        keys.add_lake_key("streams", "k1", None);
        let config = |status, kind: Option<fh::KeyType>, arn: Option<&str>| {
            fh::DeliveryStreamEncryptionConfiguration::builder()
                .status(status)
                .set_key_type(kind)
                .set_key_arn(arn.map(str::to_string))
                .build()
        };
        assert_eq!(
            sse_of(
                Some(&config(
                    fh::DeliveryStreamEncryptionStatus::Enabled,
                    Some(fh::KeyType::CustomerManagedCmk),
                    Some("arn:aws:kms:us-east-1:000000000000:key/k1")
                )),
                &keys
            ),
            Some(KeyRef::Lake("streams".into()))
        );
        assert_eq!(
            sse_of(
                Some(&config(
                    fh::DeliveryStreamEncryptionStatus::Enabled,
                    Some(fh::KeyType::AwsOwnedCmk),
                    None
                )),
                &keys
            ),
            Some(KeyRef::AwsManaged)
        );
        assert_eq!(
            sse_of(
                Some(&config(
                    fh::DeliveryStreamEncryptionStatus::Disabled,
                    None,
                    None
                )),
                &keys
            ),
            None
        );
        assert_eq!(sse_of(None, &keys), None);
    }
}
