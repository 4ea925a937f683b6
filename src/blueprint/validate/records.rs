//! What a delivery stream does to records: format conversion (its schema table, the table's
//! zone, format, prefix and partitions) and dynamic partitioning (its keys), with the buffering
//! and compression AWS demands for each, quoted in the messages.

use std::collections::HashSet;

use super::Checker;
use crate::blueprint::diagnostic::{FieldPath, printable};
use crate::blueprint::names;
use crate::blueprint::types::*;
use crate::model::firehose::parse_extraction_query;

/// AWS's floor on the buffer size of a converting or dynamically partitioning stream.
const MIN_BUFFER_MB: u32 = 64;

/// AWS's bounds on `RetryOptions.DurationInSeconds`.
const MAX_RETRY_SECONDS: u32 = 7200;

impl Checker {
    /// `at` is the delivery stream's path.
    pub(super) fn delivery_records(
        &mut self,
        blueprint: &Blueprint,
        at: &FieldPath,
        delivery: &DeliveryStream,
    ) {
        if let Some(conversion) = &delivery.format_conversion {
            self.format_conversion(blueprint, at, delivery, conversion);
        }
        if let Some(partitioning) = &delivery.dynamic_partitioning {
            self.dynamic_partitioning(at, delivery, partitioning);
        }
    }

    fn format_conversion(
        &mut self,
        blueprint: &Blueprint,
        at: &FieldPath,
        delivery: &DeliveryStream,
        conversion: &FormatConversion,
    ) {
        let cat = at.key("format_conversion");
        if delivery.buffering.size_mb < MIN_BUFFER_MB {
            self.error(
                at.key("buffering").key("size_mb"),
                format!(
                    "a buffer size of {} MiB is too small for record format conversion",
                    delivery.buffering.size_mb
                ),
                Some(format!(
                    "AWS: format conversion needs a buffer size of at least {MIN_BUFFER_MB} MiB; set `buffering.size_mb: {MIN_BUFFER_MB}` or more"
                )),
            );
        }
        if let Some(compression) = delivery.compression
            && compression != Compression::Uncompressed
        {
            self.error(
                at.key("compression"),
                "record format conversion writes compressed Parquet/ORC; Firehose-level compression must be off",
                Some("AWS: \"Amazon S3 compression gets disabled when you enable format conversion. However, Snappy compression happens automatically as part of the conversion process\"; remove `compression` or set `UNCOMPRESSED`".to_string()),
            );
        }
        let databases: HashSet<&str> = (blueprint.catalog.databases.iter())
            .map(|d| d.name.as_str())
            .collect();
        if !self.reference(
            cat.key("database"),
            "database",
            &conversion.database,
            &databases,
        ) {
            return;
        }
        let Some(database) =
            (blueprint.catalog.databases.iter()).find(|d| d.name == conversion.database)
        else {
            return;
        };
        if database.zone != delivery.zone {
            self.error(
                cat.key("database"),
                format!(
                    "database `{}` is in zone `{}`, but the delivery stream writes to zone `{}`",
                    printable(&database.name),
                    printable(&database.zone),
                    printable(&delivery.zone)
                ),
                Some(format!(
                    "the schema table describes the data this stream writes: declare it in a database of zone `{}`",
                    printable(&delivery.zone)
                )),
            );
        }
        let tables: HashSet<&str> = database.tables.iter().map(|t| t.name.as_str()).collect();
        if !self.reference(cat.key("table"), "table", &conversion.table, &tables) {
            return;
        }
        if let Some(table) = database.tables.iter().find(|t| t.name == conversion.table) {
            self.schema_table(&cat, delivery, conversion, table);
        }
    }

    /// The schema table is the table over what the stream writes: same format, same prefix,
    /// partitioned by the stream's dynamic keys and then its time partitions.
    fn schema_table(
        &mut self,
        cat: &FieldPath,
        delivery: &DeliveryStream,
        conversion: &FormatConversion,
        table: &Table,
    ) {
        let table_name = printable(&table.name);
        let wanted = conversion.format.table_format();
        if table.format != wanted {
            self.error(
                cat.key("format"),
                format!(
                    "table `{table_name}` is declared {}, but the stream converts to {}",
                    format_name(table.format),
                    format_name(wanted)
                ),
                Some(format!(
                    "set the table's `format: {}`, or convert to the table's format",
                    format_name(wanted)
                )),
            );
        }
        if table.prefix != delivery.prefix {
            self.error(
                cat.key("table"),
                format!(
                    "table `{table_name}` reads prefix `{}`, but the stream writes under `{}`",
                    printable(&table.prefix),
                    printable(&delivery.prefix)
                ),
                Some("give the table and the delivery stream the same `prefix`".to_string()),
            );
        }
        let dynamic = (delivery.dynamic_partitioning.iter())
            .flat_map(|p| p.keys.iter().map(|k| k.name.as_str()));
        let expected: Vec<&str> = dynamic
            .chain(delivery.partitioning.columns().iter().copied())
            .collect();
        let declared: Vec<&str> = table
            .partition_keys
            .iter()
            .map(|k| k.name.as_str())
            .collect();
        if declared != expected {
            self.error(
                cat.key("table"),
                format!(
                    "table `{table_name}` is partitioned by [{}], but the stream writes partitions [{}]",
                    printable(&declared.join(", ")),
                    expected.join(", ")
                ),
                Some("declare the table's `partition_keys` as the dynamic partitioning keys followed by the time partitions, in that order".to_string()),
            );
        }
    }

    fn dynamic_partitioning(
        &mut self,
        at: &FieldPath,
        delivery: &DeliveryStream,
        partitioning: &DynamicPartitioning,
    ) {
        let pat = at.key("dynamic_partitioning");
        if delivery.buffering.size_mb < MIN_BUFFER_MB {
            self.error(
                at.key("buffering").key("size_mb"),
                format!(
                    "a buffer size of {} MiB is too small for dynamic partitioning",
                    delivery.buffering.size_mb
                ),
                Some(format!(
                    "AWS: dynamic partitioning needs a buffer size of at least {MIN_BUFFER_MB} MiB; set `buffering.size_mb: {MIN_BUFFER_MB}` or more"
                )),
            );
        }
        if delivery.buffering.interval_seconds == 0 {
            self.error(
                at.key("buffering").key("interval_seconds"),
                "a buffer interval of 0 s is not possible with dynamic partitioning",
                Some("AWS: \"Zero buffering feature is not available for dynamic partitioning\"; set `buffering.interval_seconds` above 0".to_string()),
            );
        }
        if partitioning.retry_seconds > MAX_RETRY_SECONDS {
            self.error(
                pat.key("retry_seconds"),
                format!(
                    "a retry duration of {} s is out of range",
                    partitioning.retry_seconds
                ),
                Some(format!("allowed: 0 to {MAX_RETRY_SECONDS} seconds")),
            );
        }
        let kat = pat.key("keys");
        if partitioning.keys.is_empty() {
            self.error(
                kat.clone(),
                "dynamic partitioning needs at least one key",
                Some("add `- {name: event_type, query: .event_type}`, or remove `dynamic_partitioning`".to_string()),
            );
        }
        let time = delivery.partitioning.columns();
        for (i, key) in partitioning.keys.iter().enumerate() {
            let at = kat.index(i);
            self.name(
                at.key("name"),
                "partition key",
                &key.name,
                names::glue(&key.name),
            );
            if time.contains(&key.name.as_str()) {
                self.error(
                    at.key("name"),
                    format!(
                        "partition key `{}` is a time partition",
                        printable(&key.name)
                    ),
                    Some(format!(
                        "the time partitions ({}) follow the keys already; choose another name",
                        time.join(", ")
                    )),
                );
            }
            self.name(
                at.key("query"),
                "JQ query",
                &key.query,
                jq_query(&key.query),
            );
        }
        self.unique(
            "partition key",
            (partitioning.keys.iter().enumerate())
                .map(|(i, k)| (kat.index(i).key("name"), k.name.as_str())),
        );
    }
}

/// A JQ expression as one field of the extraction object: something, on one line, short enough
/// for Firehose's 5120-character processor parameter.
/// It must also read back as that one field, or the inventory could not compare it.
fn jq_query(query: &str) -> names::NameResult {
    let one_field = parse_extraction_query(&format!("{{k:{query}}}"))
        .is_some_and(|keys| keys.len() == 1 && keys[0].query == query.trim());
    let ok = one_field
        && !query.trim().is_empty()
        && query.len() <= 1024
        && !query.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err("one JQ 1.6 expression on one line, 1 to 1024 characters, with balanced brackets and quotes and no top-level `,`, e.g. `.event_type`".to_string())
    }
}

fn format_name(format: TableFormat) -> &'static str {
    match format {
        TableFormat::Parquet => "parquet",
        TableFormat::Orc => "orc",
        TableFormat::Avro => "avro",
        TableFormat::Json => "json",
        TableFormat::Csv => "csv",
        TableFormat::Iceberg => "iceberg",
    }
}
