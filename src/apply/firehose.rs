//! Firehose delivery streams into a zone bucket (extended S3 destination), with their format
//! conversion and dynamic partitioning. Created with every setting at once; later changes go
//! through UpdateDestination, StartDeliveryStreamEncryption
//! and TagDeliveryStream. Deploy does not wait for a new stream to become ACTIVE (nothing
//! after it needs that, and LocalStack's Kinesis-sourced streams never do): it reports the
//! state it sees.

use aws_sdk_firehose::types::{
    BufferingHints, CloudWatchLoggingOptions, CompressionFormat,
    DeliveryStreamEncryptionConfigurationInput, DeliveryStreamStatus, DeliveryStreamType,
    EncryptionConfiguration, ExtendedS3DestinationConfiguration, ExtendedS3DestinationUpdate,
    KeyType, KinesisStreamSourceConfiguration, KmsEncryptionConfig, NoEncryptionConfig, Tag,
};

use super::errors::{self, CallContext};
use super::firehose_records as records;
use super::{Applied, Applier, Step, Writer, find};
use crate::model::arn::{self, Arns};
use crate::model::property::DeliveryStreamProperty as P;
use crate::model::{Compression, DeliveryStream, Kind, KindProperty, Property};
use crate::plan::{Action, ResourceChange};

/// The call that writes each delivery stream property after creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    UpdateDestination,
    StartEncryption,
    Tag,
    /// A new source needs a new stream: the plan reports it, deploy never writes it.
    Replace,
}

fn call(p: P) -> Call {
    match p {
        P::Bucket
        | P::Role
        | P::Prefix
        | P::ErrorPrefix
        | P::BufferingMb
        | P::BufferingSeconds
        | P::Compression
        | P::DestinationKey
        | P::FormatConversion
        | P::DynamicPartitioning
        | P::ErrorLogging => Call::UpdateDestination,
        P::Sse => Call::StartEncryption,
        P::Tags => Call::Tag,
        P::SourceStream => Call::Replace,
    }
}

pub fn writer(p: P) -> Writer {
    match call(p) {
        Call::Replace => Writer::Never("a delivery stream's source cannot change in place"),
        _ => Writer::Step(Step::Resource(Kind::DeliveryStream)),
    }
}

pub async fn delivery_stream(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.delivery_streams, &rc.name, |s| s.name.as_str())?;
    let name = d.name.as_str();
    if rc.action == Action::Create {
        create(a, d).await?;
        let status = status(a, name).await?;
        if status == DeliveryStreamStatus::CreatingFailed {
            a.warn(format!(
                "delivery stream {name} is CREATING_FAILED (LocalStack cannot run Kinesis-sourced streams); it exists but does not deliver"
            ));
        }
        let state = Some(status.as_str().to_string());
        return Ok(vec![Applied::Created { state }]);
    }
    let planned = |c: Call| -> Vec<Property> {
        let props = P::ALL.iter().filter(|p| call(**p) == c && rc.writes(**p));
        props.map(|p| Property::from(*p)).collect()
    };
    let mut done = Vec::new();
    let destination = planned(Call::UpdateDestination);
    if !destination.is_empty() && rc.replaces(P::DynamicPartitioning) {
        // Its prefix names partition keys the live stream cannot have: AWS would refuse it.
        a.warn(format!(
            "delivery stream {name}: dynamic partitioning can only be chosen when a delivery stream is created; its destination is not updated (destroy and redeploy the stream)"
        ));
    } else if !destination.is_empty() {
        update_destination(a, d).await?;
        done.push(Applied::updated_all(destination, "destination updated"));
    }
    if !planned(Call::StartEncryption).is_empty() {
        done.extend(start_encryption(a, d).await?);
    }
    if !planned(Call::Tag).is_empty() {
        a.aws
            .firehose
            .tag_delivery_stream()
            .delivery_stream_name(name)
            .set_tags(Some(tags(d)?))
            .send()
            .await
            .call("firehose:TagDeliveryStream", name)?;
        done.push(Applied::updated(P::Tags, "tags updated"));
    }
    Ok(done)
}

async fn update_destination(a: &Applier<'_>, d: &DeliveryStream) -> anyhow::Result<()> {
    let (firehose, name) = (&a.aws.firehose, d.name.as_str());
    let described = firehose
        .describe_delivery_stream()
        .delivery_stream_name(name)
        .send()
        .await
        .call("firehose:DescribeDeliveryStream", name)?;
    let description = described.delivery_stream_description().ok_or_else(|| {
        anyhow::anyhow!("firehose:DescribeDeliveryStream on {name} returned no description")
    })?;
    let destination = description
        .destinations()
        .first()
        .ok_or_else(|| anyhow::anyhow!("delivery stream {name} has no destination"))?;
    let update = ExtendedS3DestinationUpdate::builder()
        .role_arn(a.role_arn(&d.role))
        .bucket_arn(bucket_arn(a, d))
        .set_prefix(d.prefix.known().cloned())
        .set_error_output_prefix(d.error_prefix.known().cloned())
        .buffering_hints(buffering(d))
        .compression_format(compression(d))
        .encryption_configuration(destination_encryption(a, d)?)
        .cloud_watch_logging_options(logging(d))
        .set_data_format_conversion_configuration(match d.format_conversion.known() {
            Some(c) => Some(records::conversion(a, c.as_ref())?),
            None => None,
        });
    let update = match d.dynamic_partitioning.known().map(Option::as_ref) {
        Some(p) => match records::partitioning(p)? {
            Some((config, processing)) => update
                .dynamic_partitioning_configuration(config)
                .processing_configuration(processing),
            None => update,
        },
        None => update,
    }
    .build();
    firehose
        .update_destination()
        .delivery_stream_name(name)
        .current_delivery_stream_version_id(description.version_id())
        .destination_id(destination.destination_id())
        .extended_s3_destination_update(update)
        .send()
        .await
        .call("firehose:UpdateDestination", name)?;
    Ok(())
}

async fn start_encryption(a: &Applier<'_>, d: &DeliveryStream) -> anyhow::Result<Option<Applied>> {
    let name = d.name.as_str();
    let Some(config) = sse(a, d)? else {
        return Ok(None);
    };
    let result = a
        .aws
        .firehose
        .start_delivery_stream_encryption()
        .delivery_stream_name(name)
        .delivery_stream_encryption_configuration_input(config)
        .send()
        .await;
    match result {
        Ok(_) => Ok(Some(Applied::updated(P::Sse, "encryption on"))),
        // LocalStack community neither stores the setting at create nor implements this
        // call: say so instead of failing every deploy on an emulator.
        Err(e) if errors::not_implemented(&e) => {
            a.warn(format!(
                "delivery stream {name}: the endpoint does not implement firehose:StartDeliveryStreamEncryption; \
                 the stream's own encryption is not set (objects it writes are still SSE-KMS)"
            ));
            let note = "encryption not supported by the endpoint";
            Ok(Some(Applied::updated(P::Sse, note)))
        }
        Err(e) => Err(errors::describe(
            "firehose:StartDeliveryStreamEncryption",
            name,
            &e,
        )),
    }
}

async fn create(a: &Applier<'_>, d: &DeliveryStream) -> anyhow::Result<()> {
    let role = a.role_arn(&d.role);
    let destination = ExtendedS3DestinationConfiguration::builder()
        .role_arn(&role)
        .bucket_arn(bucket_arn(a, d))
        .set_prefix(d.prefix.known().cloned())
        .set_error_output_prefix(d.error_prefix.known().cloned())
        .buffering_hints(buffering(d))
        .compression_format(compression(d))
        .encryption_configuration(destination_encryption(a, d)?)
        .cloud_watch_logging_options(logging(d));
    let destination = match d.format_conversion.known() {
        Some(Some(c)) => {
            destination.data_format_conversion_configuration(records::conversion(a, Some(c))?)
        }
        _ => destination,
    };
    let partitioning = d.dynamic_partitioning.known().and_then(Option::as_ref);
    let destination = match records::partitioning(partitioning)? {
        Some((config, processing)) => destination
            .dynamic_partitioning_configuration(config)
            .processing_configuration(processing),
        None => destination,
    }
    .build()?;
    let mut request = a
        .aws
        .firehose
        .create_delivery_stream()
        .delivery_stream_name(&d.name)
        .extended_s3_destination_configuration(destination)
        .set_tags(Some(tags(d)?));
    request = match &d.source_stream {
        Some(stream) => {
            let stream_arn = Arns::of(&a.desired.lake).stream(stream);
            request
                .delivery_stream_type(DeliveryStreamType::KinesisStreamAsSource)
                .kinesis_stream_source_configuration(
                    KinesisStreamSourceConfiguration::builder()
                        .kinesis_stream_arn(stream_arn)
                        .role_arn(&role)
                        .build()?,
                )
        }
        None => request
            .delivery_stream_type(DeliveryStreamType::DirectPut)
            .set_delivery_stream_encryption_configuration_input(sse(a, d)?),
    };
    match request.send().await {
        Ok(_) => Ok(()),
        // Ours already: a retried create whose first answer was lost.
        Err(e) if errors::is(&e, &["ResourceInUseException"]) => Ok(()),
        Err(e) => Err(errors::describe(
            "firehose:CreateDeliveryStream",
            &d.name,
            &e,
        )),
    }
}

async fn status(a: &Applier<'_>, name: &str) -> anyhow::Result<DeliveryStreamStatus> {
    let described = a
        .aws
        .firehose
        .describe_delivery_stream()
        .delivery_stream_name(name)
        .send()
        .await
        .call("firehose:DescribeDeliveryStream", name)?;
    Ok(described
        .delivery_stream_description()
        .map(|d| d.delivery_stream_status().clone())
        .unwrap_or(DeliveryStreamStatus::Creating))
}

fn bucket_arn(a: &Applier<'_>, d: &DeliveryStream) -> String {
    arn::bucket(&a.desired.lake.partition, &a.bucket_name(&d.bucket))
}

fn buffering(d: &DeliveryStream) -> BufferingHints {
    BufferingHints::builder()
        .set_size_in_mbs(d.buffering_mb.known().map(|v| *v as i32))
        .set_interval_in_seconds(d.buffering_seconds.known().map(|v| *v as i32))
        .build()
}

fn compression(d: &DeliveryStream) -> CompressionFormat {
    match d.compression.known().copied().unwrap_or_default() {
        Compression::Gzip => CompressionFormat::Gzip,
        Compression::Snappy => CompressionFormat::Snappy,
        Compression::HadoopSnappy => CompressionFormat::HadoopSnappy,
        Compression::Zip => CompressionFormat::Zip,
        Compression::Uncompressed => CompressionFormat::Uncompressed,
    }
}

fn destination_encryption(
    a: &Applier<'_>,
    d: &DeliveryStream,
) -> anyhow::Result<EncryptionConfiguration> {
    let key = match d.destination_key.known() {
        Some(key) => a.key_arn_opt(key)?,
        None => None,
    };
    Ok(match key {
        Some(arn) => EncryptionConfiguration::builder()
            .kms_encryption_config(KmsEncryptionConfig::builder().awskms_key_arn(arn).build()?)
            .build(),
        None => EncryptionConfiguration::builder()
            .no_encryption_config(NoEncryptionConfig::NoEncryption)
            .build(),
    })
}

/// Server-side encryption of a direct-put stream (a Kinesis source is encrypted by the stream).
fn sse(
    a: &Applier<'_>,
    d: &DeliveryStream,
) -> anyhow::Result<Option<DeliveryStreamEncryptionConfigurationInput>> {
    let Some(Some(key)) = d.sse.known() else {
        return Ok(None);
    };
    if d.source_stream.is_some() {
        return Ok(None);
    }
    let config = match a.key_arn(key)? {
        Some(arn) => DeliveryStreamEncryptionConfigurationInput::builder()
            .key_type(KeyType::CustomerManagedCmk)
            .key_arn(arn),
        None => {
            DeliveryStreamEncryptionConfigurationInput::builder().key_type(KeyType::AwsOwnedCmk)
        }
    };
    Ok(Some(config.build()?))
}

fn tags(d: &DeliveryStream) -> anyhow::Result<Vec<Tag>> {
    d.tags
        .known()
        .into_iter()
        .flatten()
        .map(|(k, v)| Ok(Tag::builder().key(k).value(v).build()?))
        .collect()
}

/// Error logging on to the group and stream the model names (the log group step created
/// them), or explicitly off.
fn logging(d: &DeliveryStream) -> CloudWatchLoggingOptions {
    let logging = d.error_logging.known().and_then(Option::as_ref);
    CloudWatchLoggingOptions::builder()
        .enabled(logging.is_some())
        .set_log_group_name(logging.map(|l| l.group.clone()))
        .set_log_stream_name(logging.map(|l| l.stream.clone()))
        .build()
}
