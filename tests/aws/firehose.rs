//! Record format conversion and dynamic partitioning of a direct-put delivery stream, deployed
//! on the emulators and read back with plain SDK calls. LocalStack, which serves Firehose here,
//! round-trips DataFormatConversionConfiguration, DynamicPartitioningConfiguration and the
//! processing configuration at create and through UpdateDestination. One LocalStack gap shapes
//! the drift step: its UpdateDestination replaces the destination instead of merging (see
//! `whole_update`); lakectl always writes the whole destination, so deploy is unaffected.

use aws_sdk_firehose::types::builders::ExtendedS3DestinationUpdateBuilder;
use aws_sdk_firehose::types::{
    ExtendedS3DestinationDescription, ExtendedS3DestinationUpdate, ProcessingConfiguration,
    Processor, ProcessorParameter, ProcessorParameterName, ProcessorType,
};
use lakectl::blueprint::{
    Column, Database, DynamicPartitioning, FormatConversion, PartitionKey, Table,
};
use lakectl::model::{ColumnarFormat, TableFormat};

use super::audit::percent_decode;
use super::deploy::assert_no_writes_but_emulator_gaps;
use super::lake::{ACCOUNT, Raw, SERIAL, TestLake, raw};

fn column(name: &str) -> Column {
    Column {
        name: name.into(),
        kind: "string".into(),
        comment: None,
    }
}

/// streaming-minimal with its delivery stream made direct put (LocalStack runs those), writing
/// Parquet typed by a raw `events` table, partitioned by `event_type` before the hour.
fn converting_lake() -> TestLake {
    TestLake::with("streaming-minimal.yaml", |b| {
        let partitions = ["event_type", "year", "month", "day", "hour"];
        b.catalog.databases = vec![Database {
            name: "events_db".into(),
            zone: "raw".into(),
            description: None,
            tables: vec![Table {
                name: "events".into(),
                prefix: "events/".into(),
                format: TableFormat::Parquet,
                compression: None,
                columns: vec![column("event_id"), column("payload")],
                partition_keys: partitions.iter().map(|p| column(p)).collect(),
                partitioning: vec![],
            }],
        }];
        let d = &mut b.delivery_streams[0];
        d.source_stream = None;
        d.format_conversion = Some(FormatConversion {
            format: ColumnarFormat::Parquet,
            database: "events_db".into(),
            table: "events".into(),
        });
        d.dynamic_partitioning = Some(DynamicPartitioning {
            keys: vec![PartitionKey {
                name: "event_type".into(),
                query: ".event_type".into(),
            }],
            retry_seconds: 600,
        });
    })
}

pub async fn destination(
    raw: &Raw,
    name: &str,
) -> (String, String, ExtendedS3DestinationDescription) {
    let out = raw
        .firehose
        .describe_delivery_stream()
        .delivery_stream_name(name)
        .send()
        .await
        .unwrap();
    let desc = out.delivery_stream_description().unwrap();
    let dest = &desc.destinations()[0];
    (
        desc.version_id().to_string(),
        dest.destination_id().to_string(),
        dest.extended_s3_destination_description().unwrap().clone(),
    )
}

fn processing(query: &str) -> ProcessingConfiguration {
    let parameter = |name, value: &str| {
        ProcessorParameter::builder()
            .parameter_name(name)
            .parameter_value(value)
            .build()
            .unwrap()
    };
    ProcessingConfiguration::builder()
        .enabled(true)
        .processors(
            Processor::builder()
                .r#type(ProcessorType::MetadataExtraction)
                .parameters(parameter(
                    ProcessorParameterName::MetadataExtractionQuery,
                    query,
                ))
                .parameters(parameter(
                    ProcessorParameterName::JsonParsingEngine,
                    "JQ-1.6",
                ))
                .build()
                .unwrap(),
        )
        .build()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_converting_partitioning_stream_deploys_reads_back_exactly_and_is_repaired() {
    let _serial = SERIAL.lock().await;
    let lake = converting_lake();
    lake.deploy().assert_success();
    let model = lake.model();
    let name = model.delivery_streams[0].name.clone();
    let database = model.catalog.databases[0].name.clone();
    let role = format!(
        "arn:aws:iam::{ACCOUNT}:role/{}",
        model.delivery_streams[0].role
    );
    let raw = raw(lake.region()).await;

    let (version, destination_id, ext) = destination(&raw, &name).await;
    assert_eq!(
        ext.prefix(),
        Some(
            "events/event_type=!{partitionKeyFromQuery:event_type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
        )
    );
    assert_eq!(
        ext.error_output_prefix(),
        Some(
            "errors/events-to-raw/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
        )
    );
    assert_eq!(ext.compression_format().as_str(), "UNCOMPRESSED");
    assert_eq!(ext.buffering_hints().unwrap().size_in_mbs(), Some(64));
    let conversion = ext.data_format_conversion_configuration().unwrap();
    assert_eq!(conversion.enabled(), Some(true));
    let schema = conversion.schema_configuration().unwrap();
    assert_eq!(
        (
            schema.catalog_id(),
            schema.region(),
            schema.database_name(),
            schema.table_name(),
            schema.version_id(),
            schema.role_arn(),
        ),
        (
            Some(ACCOUNT),
            Some(lake.region()),
            Some(database.as_str()),
            Some("events"),
            Some("LATEST"),
            Some(role.as_str()),
        )
    );
    let deserializer = conversion
        .input_format_configuration()
        .and_then(|i| i.deserializer())
        .unwrap();
    assert!(
        deserializer.open_x_json_ser_de().is_some(),
        "{deserializer:?}"
    );
    assert!(deserializer.hive_json_ser_de().is_none());
    let serializer = conversion
        .output_format_configuration()
        .and_then(|o| o.serializer())
        .unwrap();
    assert_eq!(
        serializer
            .parquet_ser_de()
            .and_then(|p| p.compression())
            .map(|c| c.as_str()),
        Some("SNAPPY")
    );
    assert!(serializer.orc_ser_de().is_none());
    let partitioning = ext.dynamic_partitioning_configuration().unwrap();
    assert_eq!(partitioning.enabled(), Some(true));
    assert_eq!(
        partitioning
            .retry_options()
            .and_then(|r| r.duration_in_seconds()),
        Some(600)
    );
    assert_eq!(
        ext.processing_configuration(),
        Some(&processing("{event_type:.event_type}"))
    );

    assert_reads_exactly_the_schema_table(
        &raw,
        &model.delivery_streams[0].role,
        &database,
        lake.region(),
    )
    .await;

    let again = lake.deploy();
    again.assert_success();
    assert_no_writes_but_emulator_gaps(&again);

    // Drift: someone partitions by another field; deploy writes the keys back in place.
    raw.firehose
        .update_destination()
        .delivery_stream_name(&name)
        .current_delivery_stream_version_id(version)
        .destination_id(destination_id)
        .extended_s3_destination_update(
            whole_update(&ext)
                .processing_configuration(processing("{event_type:.kind}"))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let repair = lake.deploy();
    repair.assert_success();
    let writes = repair.json()["calls"]["mutating_operations"].clone();
    assert!(
        writes
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "Firehose:UpdateDestination"),
        "{writes}"
    );
    let (_, _, ext) = destination(&raw, &name).await;
    assert_eq!(
        ext.processing_configuration(),
        Some(&processing("{event_type:.event_type}"))
    );
    assert!(ext.data_format_conversion_configuration().is_some());
}

/// The ingestion role's ReadConversionSchemas statement names the catalog, the database and the
/// one table.
async fn assert_reads_exactly_the_schema_table(
    raw: &Raw,
    role: &str,
    database: &str,
    region: &str,
) {
    let policies = raw
        .iam
        .list_role_policies()
        .role_name(role)
        .send()
        .await
        .unwrap();
    let document = raw
        .iam
        .get_role_policy()
        .role_name(role)
        .policy_name(&policies.policy_names()[0])
        .send()
        .await
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&percent_decode(document.policy_document())).unwrap();
    let statement = (json["Statement"].as_array().unwrap().iter())
        .find(|s| s["Sid"] == "ReadConversionSchemas")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(
        statement["Action"],
        serde_json::json!([
            "glue:GetTable",
            "glue:GetTableVersion",
            "glue:GetTableVersions"
        ])
    );
    assert_eq!(
        statement["Resource"],
        serde_json::json!([
            format!("arn:aws:glue:{region}:{ACCOUNT}:catalog"),
            format!("arn:aws:glue:{region}:{ACCOUNT}:database/{database}"),
            format!("arn:aws:glue:{region}:{ACCOUNT}:table/{database}/events"),
        ])
    );
}

/// LocalStack's UpdateDestination replaces the destination with the update rather than merging
/// it (a partial update leaves a description the SDK cannot parse, without CompressionFormat):
/// drift is written as the whole destination, as lakectl's own update does, with the caller's
/// changes set on top.
pub fn whole_update(ext: &ExtendedS3DestinationDescription) -> ExtendedS3DestinationUpdateBuilder {
    ExtendedS3DestinationUpdate::builder()
        .role_arn(ext.role_arn())
        .bucket_arn(ext.bucket_arn())
        .set_prefix(ext.prefix().map(str::to_string))
        .set_error_output_prefix(ext.error_output_prefix().map(str::to_string))
        .set_buffering_hints(ext.buffering_hints().cloned())
        .compression_format(ext.compression_format().clone())
        .set_encryption_configuration(ext.encryption_configuration().cloned())
        .set_data_format_conversion_configuration(
            ext.data_format_conversion_configuration().cloned(),
        )
        .set_dynamic_partitioning_configuration(ext.dynamic_partitioning_configuration().cloned())
        .set_processing_configuration(ext.processing_configuration().cloned())
        .set_cloud_watch_logging_options(ext.cloud_watch_logging_options().cloned())
}
