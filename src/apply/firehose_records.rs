//! The SDK values for what a delivery stream does to records: the data format conversion
//! (OpenX JSON in, Parquet/ORC out, schema from a Glue table) and dynamic partitioning (on,
//! with retries, and the metadata extraction processor that yields its keys).

use aws_sdk_firehose::types::{
    DataFormatConversionConfiguration, Deserializer, DynamicPartitioningConfiguration,
    InputFormatConfiguration, OpenXJsonSerDe, OrcCompression, OrcSerDe, OutputFormatConfiguration,
    ParquetCompression, ParquetSerDe, ProcessingConfiguration, Processor, ProcessorParameter,
    ProcessorParameterName, ProcessorType, RetryOptions, SchemaConfiguration, Serializer,
};

use super::Applier;
use crate::model::firehose::JQ_ENGINE;
use crate::model::{ColumnarFormat, DynamicPartitioning, FormatConversion, TableCompression};

/// `None` (no conversion) is written as a disabled configuration, which turns a live one off.
pub(super) fn conversion(
    a: &Applier<'_>,
    c: Option<&FormatConversion>,
) -> anyhow::Result<DataFormatConversionConfiguration> {
    let Some(c) = c else {
        return Ok(DataFormatConversionConfiguration::builder()
            .enabled(false)
            .build());
    };
    let resolver = a.resolver();
    let schema = SchemaConfiguration::builder()
        .role_arn(a.role_arn(&c.schema.role))
        .catalog_id(resolver.resolve(&c.schema.catalog_id))
        .region(&c.schema.region)
        .database_name(&c.schema.database)
        .table_name(&c.schema.table)
        .version_id(&c.schema.version)
        .build();
    let input = InputFormatConfiguration::builder()
        .deserializer(
            Deserializer::builder()
                .open_x_json_ser_de(OpenXJsonSerDe::builder().build())
                .build(),
        )
        .build();
    let output = OutputFormatConfiguration::builder()
        .serializer(serializer(c.format, c.compression)?)
        .build();
    Ok(DataFormatConversionConfiguration::builder()
        .enabled(true)
        .schema_configuration(schema)
        .input_format_configuration(input)
        .output_format_configuration(output)
        .build())
}

fn serializer(format: ColumnarFormat, codec: TableCompression) -> anyhow::Result<Serializer> {
    let unsupported = || anyhow::anyhow!("a {format:?} serializer cannot write {codec:?}");
    Ok(match format {
        ColumnarFormat::Parquet => {
            let compression = match codec {
                TableCompression::Snappy => ParquetCompression::Snappy,
                TableCompression::Gzip => ParquetCompression::Gzip,
                TableCompression::None => ParquetCompression::Uncompressed,
                TableCompression::Zstd | TableCompression::Zlib => return Err(unsupported()),
            };
            Serializer::builder()
                .parquet_ser_de(ParquetSerDe::builder().compression(compression).build())
                .build()
        }
        ColumnarFormat::Orc => {
            let compression = match codec {
                TableCompression::Snappy => OrcCompression::Snappy,
                TableCompression::Zlib => OrcCompression::Zlib,
                TableCompression::None => OrcCompression::None,
                TableCompression::Zstd | TableCompression::Gzip => return Err(unsupported()),
            };
            Serializer::builder()
                .orc_ser_de(OrcSerDe::builder().compression(compression).build())
                .build()
        }
    })
}

/// The dynamic partitioning switch and the processing that extracts its keys; `None` for a
/// stream without it (AWS refuses to turn it on or off after creation).
pub(super) fn partitioning(
    p: Option<&DynamicPartitioning>,
) -> anyhow::Result<Option<(DynamicPartitioningConfiguration, ProcessingConfiguration)>> {
    let Some(p) = p else { return Ok(None) };
    let config = DynamicPartitioningConfiguration::builder()
        .enabled(true)
        .retry_options(
            RetryOptions::builder()
                .duration_in_seconds(i32::try_from(p.retry_seconds)?)
                .build(),
        )
        .build();
    let parameter = |name: ProcessorParameterName, value: &str| {
        ProcessorParameter::builder()
            .parameter_name(name)
            .parameter_value(value)
            .build()
    };
    let extraction = Processor::builder()
        .r#type(ProcessorType::MetadataExtraction)
        .parameters(parameter(
            ProcessorParameterName::MetadataExtractionQuery,
            &p.extraction_query(),
        )?)
        .parameters(parameter(
            ProcessorParameterName::JsonParsingEngine,
            JQ_ENGINE,
        )?)
        .build()?;
    let processing = ProcessingConfiguration::builder()
        .enabled(true)
        .processors(extraction)
        .build();
    Ok(Some((config, processing)))
}
