//! The vocabulary the model shares with the blueprint: the closed sets of values a lake's
//! resources take (zone kinds, storage classes, stream modes, formats, role purposes). They live
//! here so the model needs nothing from the blueprint; the blueprint parses into them, and their
//! doc comments are the JSON Schema's descriptions of those fields.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The purpose of a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ZoneKind {
    /// Data as it arrived; immutable.
    Raw,
    /// Validated, deduplicated, typed data.
    Cleansed,
    /// Analytics-optimized, business-level data.
    Curated,
    /// A use-case data mart.
    Mart,
}

/// S3 storage classes a lifecycle rule can transition to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StorageClass {
    /// S3 Standard-Infrequent Access (at least 30 days).
    StandardIa,
    /// S3 Intelligent-Tiering.
    IntelligentTiering,
    /// S3 Glacier Flexible Retrieval.
    Glacier,
    /// S3 Glacier Deep Archive.
    DeepArchive,
}

/// Kinesis capacity mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StreamMode {
    /// Pay per use, scales by itself.
    #[default]
    OnDemand,
    /// A fixed number of shards.
    Provisioned,
}

/// A Kinesis shard-level (enhanced monitoring) metric, named as CloudWatch and the Kinesis API
/// name it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum ShardMetric {
    /// Bytes put into each shard: shows a hot shard (an uneven partition key).
    IncomingBytes,
    /// Records put into each shard.
    IncomingRecords,
    /// Bytes read from each shard.
    OutgoingBytes,
    /// Records read from each shard.
    OutgoingRecords,
    /// Writes each shard refused for exceeding its throughput.
    WriteProvisionedThroughputExceeded,
    /// Reads each shard refused for exceeding its throughput.
    ReadProvisionedThroughputExceeded,
    /// Age of the last record read from each shard: how far its consumers lag.
    IteratorAgeMilliseconds,
}

impl ShardMetric {
    pub const ALL: [ShardMetric; 7] = [
        Self::IncomingBytes,
        Self::IncomingRecords,
        Self::OutgoingBytes,
        Self::OutgoingRecords,
        Self::WriteProvisionedThroughputExceeded,
        Self::ReadProvisionedThroughputExceeded,
        Self::IteratorAgeMilliseconds,
    ];

    /// The name the Kinesis API and CloudWatch use.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IncomingBytes => "IncomingBytes",
            Self::IncomingRecords => "IncomingRecords",
            Self::OutgoingBytes => "OutgoingBytes",
            Self::OutgoingRecords => "OutgoingRecords",
            Self::WriteProvisionedThroughputExceeded => "WriteProvisionedThroughputExceeded",
            Self::ReadProvisionedThroughputExceeded => "ReadProvisionedThroughputExceeded",
            Self::IteratorAgeMilliseconds => "IteratorAgeMilliseconds",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

/// Time partitioning of delivered objects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Partitioning {
    /// `year=/month=/day=/`
    Day,
    /// `year=/month=/day=/hour=/`
    #[default]
    Hour,
}

impl Partitioning {
    /// The Hive partition columns the time partitions make, in prefix order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Day => &["year", "month", "day"],
            Self::Hour => &["year", "month", "day", "hour"],
        }
    }
}

/// Firehose output compression.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compression {
    /// gzip (default).
    #[default]
    Gzip,
    /// Snappy.
    Snappy,
    /// Hadoop-compatible Snappy.
    HadoopSnappy,
    /// Zip.
    Zip,
    /// No compression.
    Uncompressed,
}

/// The columnar formats Firehose converts JSON records to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ColumnarFormat {
    /// Apache Parquet, through Firehose's ParquetSerDe.
    Parquet,
    /// Apache ORC, through Firehose's OrcSerDe.
    Orc,
}

impl ColumnarFormat {
    /// The table format a schema table of this output must declare.
    pub fn table_format(self) -> TableFormat {
        match self {
            Self::Parquet => TableFormat::Parquet,
            Self::Orc => TableFormat::Orc,
        }
    }
}

/// Table file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// Apache Parquet (columnar).
    Parquet,
    /// Apache ORC (columnar).
    Orc,
    /// Apache Avro (row).
    Avro,
    /// JSON lines.
    Json,
    /// Comma-separated values.
    Csv,
    /// Apache Iceberg (Parquet data files, ACID updates from Athena engine v3); cleansed and
    /// curated zones only.
    Iceberg,
}

impl TableFormat {
    /// Whether queries read only the columns they name (Parquet, ORC, Iceberg).
    pub fn is_columnar(self) -> bool {
        matches!(self, Self::Parquet | Self::Orc | Self::Iceberg)
    }
}

/// Table data compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableCompression {
    /// No compression.
    None,
    /// Snappy.
    Snappy,
    /// gzip.
    Gzip,
    /// Zstandard.
    Zstd,
    /// zlib (ORC).
    Zlib,
}

/// Glue worker types for Spark jobs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum WorkerType {
    /// 4 vCPU, 16 GB (default).
    #[default]
    #[serde(rename = "G.1X")]
    G1x,
    /// 8 vCPU, 32 GB.
    #[serde(rename = "G.2X")]
    G2x,
    /// 16 vCPU, 64 GB (not with flex).
    #[serde(rename = "G.4X")]
    G4x,
    /// 32 vCPU, 128 GB (not with flex).
    #[serde(rename = "G.8X")]
    G8x,
}

impl WorkerType {
    /// Glue's name of the worker type.
    pub fn name(self) -> &'static str {
        match self {
            WorkerType::G1x => "G.1X",
            WorkerType::G2x => "G.2X",
            WorkerType::G4x => "G.4X",
            WorkerType::G8x => "G.8X",
        }
    }
}

/// Glue job execution classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExecutionClass {
    /// Dedicated capacity, started at once (default).
    #[default]
    Standard,
    /// Spare capacity at a lower price; runs may start later (G.1X and G.2X only).
    Flex,
}

impl ExecutionClass {
    /// Glue's name of the execution class.
    pub fn name(self) -> &'static str {
        match self {
            ExecutionClass::Standard => "STANDARD",
            ExecutionClass::Flex => "FLEX",
        }
    }
}

/// Purposes a role can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RolePurpose {
    /// Firehose delivery into the lake.
    Ingestion,
    /// Glue crawlers.
    Crawler,
    /// Glue ETL jobs.
    Etl,
    /// People or tools querying through Athena.
    Analyst,
    /// Lake Formation administration.
    Admin,
}

/// The Athena engine every lake work group selects: version 3 reads and updates Iceberg tables,
/// and version 2 is retired.
pub const ATHENA_ENGINE_V3: &str = "Athena engine version 3";

/// The Iceberg table property naming the Parquet data files' codec (Athena's `write_compression`).
pub const ICEBERG_CODEC: &str = "write.parquet.compression-codec";

/// Parameters that declare a table's compression, table parameters first.
pub const COMPRESSION_PARAMETERS: &[&str] = &[
    ICEBERG_CODEC,
    "parquet.compression",
    "orc.compress",
    "avro.codec",
    "write.compression",
    "compressionType",
    "compression",
];
