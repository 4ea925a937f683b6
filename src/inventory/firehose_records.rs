//! What a live delivery stream does to records, from its extended S3 destination: record format
//! conversion (schema table, serializer and its codec) and dynamic partitioning (the keys its
//! metadata extraction query yields). Absent settings take AWS's documented defaults.

use aws_sdk_firehose::types as fh;

use crate::model::firehose::{self, parse_extraction_query};
use crate::model::{
    ColumnarFormat, DynamicPartitioning, FormatConversion, Prop, SchemaRef, TableCompression,
};

/// AWS's default `RetryOptions.DurationInSeconds`.
const DEFAULT_RETRY_SECONDS: u32 = 300;

/// The account and region of a delivery stream, from its ARN: the defaults of a schema
/// configuration that names neither.
pub(super) struct Home<'a> {
    pub account: &'a str,
    pub region: &'a str,
}

impl<'a> Home<'a> {
    pub fn of_arn(arn: &'a str) -> Self {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        Home {
            region: parts.get(3).copied().unwrap_or_default(),
            account: parts.get(4).copied().unwrap_or_default(),
        }
    }
}

/// `role_id` names the schema role as the rest of the model does.
pub(super) fn conversion_of(
    config: Option<&fh::DataFormatConversionConfiguration>,
    home: &Home<'_>,
    role_id: impl Fn(&str) -> String,
) -> Prop<Option<FormatConversion>> {
    let Some(config) = config.filter(|c| c.enabled().unwrap_or(true)) else {
        return Prop::Known(None);
    };
    let serializer = config
        .output_format_configuration()
        .and_then(|o| o.serializer());
    let (format, compression) = match serializer {
        Some(s) if s.parquet_ser_de().is_some() => (
            ColumnarFormat::Parquet,
            parquet_codec(s.parquet_ser_de().and_then(|p| p.compression())),
        ),
        Some(s) if s.orc_ser_de().is_some() => (
            ColumnarFormat::Orc,
            orc_codec(s.orc_ser_de().and_then(|o| o.compression())),
        ),
        _ => return Prop::unknown("format conversion is on but no serializer is reported"),
    };
    let Some(schema) = config.schema_configuration() else {
        return Prop::unknown("format conversion is on but no schema configuration is reported");
    };
    Prop::Known(Some(FormatConversion {
        format,
        schema: SchemaRef {
            catalog_id: schema.catalog_id().unwrap_or(home.account).to_string(),
            region: schema.region().unwrap_or(home.region).to_string(),
            database: schema.database_name().unwrap_or_default().to_string(),
            table: schema.table_name().unwrap_or_default().to_string(),
            version: (schema.version_id())
                .unwrap_or(firehose::LATEST_VERSION)
                .to_string(),
            role: role_id(schema.role_arn().unwrap_or_default()),
        },
        compression,
    }))
}

/// Parquet's default codec is SNAPPY.
fn parquet_codec(codec: Option<&fh::ParquetCompression>) -> TableCompression {
    match codec {
        Some(fh::ParquetCompression::Uncompressed) => TableCompression::None,
        Some(fh::ParquetCompression::Gzip) => TableCompression::Gzip,
        _ => TableCompression::Snappy,
    }
}

/// ORC's default codec is SNAPPY.
fn orc_codec(codec: Option<&fh::OrcCompression>) -> TableCompression {
    match codec {
        Some(fh::OrcCompression::None) => TableCompression::None,
        Some(fh::OrcCompression::Zlib) => TableCompression::Zlib,
        _ => TableCompression::Snappy,
    }
}

pub(super) fn partitioning_of(
    config: Option<&fh::DynamicPartitioningConfiguration>,
    processing: Option<&fh::ProcessingConfiguration>,
) -> Prop<Option<DynamicPartitioning>> {
    let Some(config) = config.filter(|c| c.enabled().unwrap_or(false)) else {
        return Prop::Known(None);
    };
    let retry_seconds = (config.retry_options())
        .and_then(|r| r.duration_in_seconds())
        .map_or(DEFAULT_RETRY_SECONDS, |s| u32::try_from(s).unwrap_or(0));
    // Keys may also come from a Lambda processor, which lakectl does not model: no
    // extraction query means no keys of ours.
    let query = (processing.into_iter())
        .filter(|p| p.enabled().unwrap_or(true))
        .flat_map(|p| p.processors())
        .filter(|p| p.r#type() == &fh::ProcessorType::MetadataExtraction)
        .flat_map(|p| p.parameters())
        .find(|p| p.parameter_name() == &fh::ProcessorParameterName::MetadataExtractionQuery)
        .map(|p| p.parameter_value());
    let keys = match query {
        None => Vec::new(),
        Some(text) => match parse_extraction_query(text) {
            Some(keys) => keys,
            None => {
                return Prop::unknown(format!(
                    "metadata extraction query `{text}` is not a JQ object of keys"
                ));
            }
        },
    };
    Prop::Known(Some(DynamicPartitioning {
        keys,
        retry_seconds,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartitionQuery;

    fn home() -> Home<'static> {
        Home::of_arn("arn:aws:firehose:eu-west-1:123456789012:deliverystream/s")
    }

    #[test]
    fn a_conversion_reads_back_with_aws_defaults_for_what_is_not_reported() {
        let config = fh::DataFormatConversionConfiguration::builder()
            .enabled(true)
            .schema_configuration(
                fh::SchemaConfiguration::builder()
                    .database_name("raw")
                    .table_name("clicks")
                    .role_arn("arn:aws:iam::123456789012:role/ingest")
                    .build(),
            )
            .output_format_configuration(
                fh::OutputFormatConfiguration::builder()
                    .serializer(
                        fh::Serializer::builder()
                            .orc_ser_de(fh::OrcSerDe::builder().build())
                            .build(),
                    )
                    .build(),
            )
            .build();
        let role = |arn: &str| arn.rsplit('/').next().unwrap_or(arn).to_string();
        assert_eq!(
            conversion_of(Some(&config), &home(), role),
            Prop::Known(Some(FormatConversion {
                format: ColumnarFormat::Orc,
                schema: SchemaRef {
                    catalog_id: "123456789012".into(),
                    region: "eu-west-1".into(),
                    database: "raw".into(),
                    table: "clicks".into(),
                    version: "LATEST".into(),
                    role: "ingest".into(),
                },
                compression: TableCompression::Snappy,
            }))
        );
        let off = fh::DataFormatConversionConfiguration::builder()
            .enabled(false)
            .build();
        assert_eq!(conversion_of(Some(&off), &home(), role), Prop::Known(None));
        assert_eq!(conversion_of(None, &home(), role), Prop::Known(None));
        let no_serializer = fh::DataFormatConversionConfiguration::builder()
            .enabled(true)
            .build();
        assert_eq!(
            conversion_of(Some(&no_serializer), &home(), role),
            Prop::unknown("format conversion is on but no serializer is reported")
        );
    }

    #[test]
    fn partitioning_reads_its_keys_from_the_metadata_extraction_query() {
        let config = fh::DynamicPartitioningConfiguration::builder()
            .enabled(true)
            .build();
        let processing = |query: &str| {
            fh::ProcessingConfiguration::builder()
                .enabled(true)
                .processors(
                    fh::Processor::builder()
                        .r#type(fh::ProcessorType::MetadataExtraction)
                        .parameters(
                            fh::ProcessorParameter::builder()
                                .parameter_name(fh::ProcessorParameterName::MetadataExtractionQuery)
                                .parameter_value(query)
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        };
        assert_eq!(
            partitioning_of(Some(&config), Some(&processing("{event_type:.event_type}"))),
            Prop::Known(Some(DynamicPartitioning {
                keys: vec![PartitionQuery {
                    name: "event_type".into(),
                    query: ".event_type".into(),
                }],
                retry_seconds: 300,
            }))
        );
        assert_eq!(
            partitioning_of(Some(&config), Some(&processing(".event_type"))),
            Prop::unknown("metadata extraction query `.event_type` is not a JQ object of keys")
        );
        assert_eq!(
            partitioning_of(None, Some(&processing("{a:.a}"))),
            Prop::Known(None)
        );
    }
}
