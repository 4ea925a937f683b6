//! Hive storage descriptors for the table formats Glue and Athena read: input and output
//! format classes, SerDe, and the parameters that name the compression codec.

use serde_json::{Map, Value, json};

use crate::model::{Column, TableCompression, TableFormat};

pub struct Storage {
    pub input_format: &'static str,
    pub output_format: &'static str,
    pub serde: &'static str,
    pub serde_parameters: Value,
    /// Table parameters: `classification` (what Glue and Athena key on) and the codec.
    pub parameters: Value,
}

/// Input format, output format, SerDe and SerDe parameters of a table.
type Classes = (&'static str, &'static str, &'static str, Value);

/// Parquet files: Parquet tables, and the data files of Iceberg tables.
fn parquet() -> Classes {
    (
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        json!({ "serialization.format": "1" }),
    )
}

const TEXT_INPUT: &str = "org.apache.hadoop.mapred.TextInputFormat";
const TEXT_OUTPUT: &str = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

pub fn storage(
    format: TableFormat,
    compression: Option<TableCompression>,
    columns: &[Column],
) -> Storage {
    let codec = compression.map(codec_name);
    let mut parameters = Map::new();
    parameters.insert("EXTERNAL".into(), json!("TRUE"));
    parameters.insert("classification".into(), json!(classification(format)));
    let (input_format, output_format, serde, serde_parameters): Classes = match format {
        TableFormat::Iceberg => {
            // Athena engine v3 recognises an Iceberg table by this parameter; its data files
            // are Parquet.
            parameters.insert("table_type".into(), json!("ICEBERG"));
            parameters.insert(
                crate::model::vocab::ICEBERG_CODEC.into(),
                json!(codec.unwrap_or("uncompressed")),
            );
            parquet()
        }
        TableFormat::Parquet => {
            parameters.insert(
                "parquet.compression".into(),
                json!(codec.unwrap_or("UNCOMPRESSED").to_uppercase()),
            );
            parquet()
        }
        TableFormat::Orc => {
            parameters.insert(
                "orc.compress".into(),
                json!(codec.unwrap_or("NONE").to_uppercase()),
            );
            (
                "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
                "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
                "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
                json!({ "serialization.format": "1" }),
            )
        }
        TableFormat::Avro => {
            parameters.insert("avro.codec".into(), json!(codec.unwrap_or("null")));
            parameters.insert(
                "avro.schema.literal".into(),
                json!(avro_schema(columns).to_string()),
            );
            (
                "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
                "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
                "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
                json!({}),
            )
        }
        TableFormat::Json => {
            // Text formats: Athena picks the codec from the file extension; Glue records it.
            parameters.insert("compressionType".into(), json!(codec.unwrap_or("none")));
            (
                TEXT_INPUT,
                TEXT_OUTPUT,
                "org.openx.data.jsonserde.JsonSerDe",
                json!({ "paths": columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(",") }),
            )
        }
        TableFormat::Csv => {
            parameters.insert("compressionType".into(), json!(codec.unwrap_or("none")));
            (
                TEXT_INPUT,
                TEXT_OUTPUT,
                "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                json!({ "field.delim": ",", "serialization.format": "," }),
            )
        }
    };
    Storage {
        input_format,
        output_format,
        serde,
        serde_parameters,
        parameters: Value::Object(parameters),
    }
}

fn classification(format: TableFormat) -> &'static str {
    match format {
        TableFormat::Parquet => "parquet",
        TableFormat::Orc => "orc",
        TableFormat::Avro => "avro",
        TableFormat::Json => "json",
        TableFormat::Csv => "csv",
        TableFormat::Iceberg => "iceberg",
    }
}

fn codec_name(compression: TableCompression) -> &'static str {
    match compression {
        TableCompression::None => "none",
        TableCompression::Snappy => "snappy",
        TableCompression::Gzip => "gzip",
        TableCompression::Zstd => "zstd",
        TableCompression::Zlib => "zlib",
    }
}

/// The Avro record schema Hive's AvroSerDe needs, from the column types (nullable fields).
fn avro_schema(columns: &[Column]) -> Value {
    let fields: Vec<Value> = columns
        .iter()
        .map(|c| json!({ "name": c.name, "type": ["null", avro_type(&c.kind)], "default": null }))
        .collect();
    json!({ "type": "record", "name": "record", "fields": fields })
}

fn avro_type(hive: &str) -> Value {
    let lower = hive.trim().to_ascii_lowercase();
    if let Some(args) = lower
        .strip_prefix("decimal(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let mut parts = args.split(',').map(|p| p.trim().parse::<u32>().ok());
        if let (Some(Some(precision)), Some(Some(scale))) = (parts.next(), parts.next()) {
            return json!({ "type": "bytes", "logicalType": "decimal", "precision": precision, "scale": scale });
        }
    }
    match lower.as_str() {
        "int" | "integer" | "smallint" | "tinyint" => json!("int"),
        "bigint" => json!("long"),
        "float" => json!("float"),
        "double" => json!("double"),
        "boolean" => json!("boolean"),
        "binary" => json!("bytes"),
        "date" => json!({ "type": "int", "logicalType": "date" }),
        "timestamp" => json!({ "type": "long", "logicalType": "timestamp-millis" }),
        // Strings, and complex types Avro would need a nested schema for, are read as strings.
        _ => json!("string"),
    }
}

/// The `IcebergInput` of an Iceberg table: Glue's Iceberg support writes the first metadata file
/// (format version 2, what Athena engine v3 writes). A partitioned table also carries its
/// schema and partition spec (`IcebergTableInput`), since Glue derives a schema from the table
/// input's columns only for unpartitioned tables. `None` if a column has no primitive Iceberg
/// type or a field names no column, which validation refuses first.
pub fn iceberg_input(
    location: &Value,
    columns: &[Column],
    partitioning: &[crate::model::iceberg::PartitionField],
    compression: Option<TableCompression>,
) -> Option<Value> {
    let mut input = json!({ "MetadataOperation": "CREATE", "Version": "2" });
    if partitioning.is_empty() {
        return Some(input);
    }
    let layout = crate::model::iceberg::Layout::of(
        columns
            .iter()
            .map(|c| (c.name.as_str(), c.kind.as_str(), c.comment.as_deref())),
        partitioning,
    )?;
    let fields: Vec<Value> = layout
        .schema
        .iter()
        .map(|f| {
            let mut field =
                json!({ "Id": f.id, "Name": f.name, "Type": f.kind, "Required": false });
            if let Some(doc) = &f.doc {
                field["Doc"] = json!(doc);
            }
            field
        })
        .collect();
    let spec: Vec<Value> = layout
        .spec
        .iter()
        .map(|f| {
            json!({ "FieldId": f.field_id, "Name": f.name, "SourceId": f.source_id, "Transform": f.transform })
        })
        .collect();
    let mut properties = Map::new();
    properties.insert(
        crate::model::vocab::ICEBERG_CODEC.into(),
        json!(compression.map(codec_name).unwrap_or("uncompressed")),
    );
    input["IcebergTableInput"] = json!({
        "Location": location,
        "Schema": { "SchemaId": 0, "Fields": fields },
        "PartitionSpec": { "SpecId": 0, "Fields": spec },
        "Properties": properties,
    });
    Some(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, kind: &str) -> Column {
        Column {
            name: name.into(),
            kind: kind.into(),
            comment: None,
        }
    }

    #[test]
    fn parquet_names_its_codec() {
        let s = storage(TableFormat::Parquet, Some(TableCompression::Snappy), &[]);
        assert_eq!(
            s.serde,
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
        );
        assert_eq!(
            s.parameters,
            json!({"EXTERNAL": "TRUE", "classification": "parquet", "parquet.compression": "SNAPPY"})
        );
    }

    #[test]
    fn json_tables_list_their_paths_and_codec() {
        let s = storage(
            TableFormat::Json,
            Some(TableCompression::Gzip),
            &[column("a", "string"), column("b", "int")],
        );
        assert_eq!(s.input_format, TEXT_INPUT);
        assert_eq!(s.serde_parameters, json!({"paths": "a,b"}));
        assert_eq!(s.parameters["compressionType"], "gzip");
    }

    #[test]
    fn avro_schema_maps_hive_types() {
        let s = storage(
            TableFormat::Avro,
            None,
            &[column("id", "bigint"), column("amount", "decimal(12,2)")],
        );
        let schema: Value =
            serde_json::from_str(s.parameters["avro.schema.literal"].as_str().unwrap()).unwrap();
        assert_eq!(
            schema["fields"][0]["type"],
            json!(["null", "long"]),
            "{schema}"
        );
        assert_eq!(
            schema["fields"][1]["type"][1],
            json!({"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2})
        );
        assert_eq!(s.parameters["avro.codec"], "null");
    }

    #[test]
    fn orc_without_compression_says_none() {
        let s = storage(TableFormat::Orc, None, &[]);
        assert_eq!(s.parameters["orc.compress"], "NONE");
    }

    #[test]
    fn a_partitioned_iceberg_table_carries_its_schema_and_spec() {
        let columns = [column("store_id", "string"), column("sold_at", "timestamp")];
        let partitioning: Vec<_> = ["day(sold_at)", "bucket(16, store_id)"]
            .iter()
            .map(|f| f.parse().unwrap())
            .collect();
        let location = json!({"Fn::Sub": "s3://b-${AWS::AccountId}/sales/"});
        assert_eq!(
            iceberg_input(&location, &columns, &[], None),
            Some(json!({"MetadataOperation": "CREATE", "Version": "2"}))
        );
        assert_eq!(
            iceberg_input(
                &location,
                &columns,
                &partitioning,
                Some(TableCompression::Zstd)
            ),
            Some(json!({
                "MetadataOperation": "CREATE",
                "Version": "2",
                "IcebergTableInput": {
                    "Location": location,
                    "Schema": {"SchemaId": 0, "Fields": [
                        {"Id": 1, "Name": "store_id", "Type": "string", "Required": false},
                        {"Id": 2, "Name": "sold_at", "Type": "timestamp", "Required": false},
                    ]},
                    "PartitionSpec": {"SpecId": 0, "Fields": [
                        {"FieldId": 1000, "Name": "sold_at_day", "SourceId": 2, "Transform": "day"},
                        {"FieldId": 1001, "Name": "store_id_bucket", "SourceId": 1, "Transform": "bucket[16]"},
                    ]},
                    "Properties": {"write.parquet.compression-codec": "zstd"},
                },
            }))
        );
        let nested = [column("tags", "array<string>")];
        assert_eq!(iceberg_input(&location, &nested, &partitioning, None), None);
    }
}
