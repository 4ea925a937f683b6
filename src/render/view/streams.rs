//! Kinesis streams, Firehose delivery streams and their error log groups as the templates see them.

use std::collections::BTreeSet;

use super::*;
use crate::model::firehose;
use crate::model::{ColumnarFormat, ErrorLogging, FormatConversion, ShardMetric, TableCompression};

#[derive(Debug, Serialize)]
pub struct StreamView {
    pub logical_id: String,
    pub name: String,
    pub mode: &'static str,
    pub shards: Option<u32>,
    pub retention_hours: u32,
    pub key: Option<Value>,
    pub tags: Value,
    /// The shard-level metrics the template cannot express, for whoever deploys it.
    pub metadata: Option<Value>,
}

/// The CloudWatch log group and stream a delivery stream reports errors to. Firehose does not
/// create them itself, so the template does, encrypted with the platform key.
#[derive(Debug, Serialize)]
pub struct LogGroupView {
    pub logical_id: String,
    pub name: String,
    pub key: Option<Value>,
    /// `None`: never expire.
    pub retention_days: Option<u32>,
    pub tags: Value,
    pub stream_logical_id: String,
    pub stream_name: String,
}

#[derive(Debug, Serialize)]
pub struct DeliveryView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: String,
    pub kind: &'static str,
    pub source: Option<SourceView>,
    pub sse_key: Option<Value>,
    pub bucket: Value,
    pub prefix: String,
    pub error_prefix: String,
    pub buffering_mb: u32,
    pub buffering_seconds: u32,
    pub compression: &'static str,
    pub destination_key: Option<Value>,
    pub role: Value,
    /// CloudWatch error logging, when on.
    pub logging: Option<ErrorLogging>,
    pub conversion: Option<ConversionView>,
    pub partitioning: Option<PartitioningView>,
    pub tags: Value,
}

/// `DataFormatConversionConfiguration`: OpenX JSON in, the serializer out, typed by a table.
#[derive(Debug, Serialize)]
pub struct ConversionView {
    pub catalog_id: Value,
    pub region: String,
    pub database: String,
    pub table: String,
    pub version: String,
    pub role: Value,
    /// `ParquetSerDe` or `OrcSerDe`.
    pub serializer: &'static str,
    pub compression: &'static str,
}

/// `DynamicPartitioningConfiguration` and the metadata extraction processor.
#[derive(Debug, Serialize)]
pub struct PartitioningView {
    pub retry_seconds: u32,
    pub query: String,
    pub engine: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub stream: Value,
    pub role: Value,
}

/// AWS::Kinesis::Stream has no property for shard-level metrics, so the template records them
/// in the stream's `Metadata`; `lakectl deploy` enables them, a CloudFormation deployment must
/// call EnableEnhancedMonitoring itself.
fn shard_metrics_metadata(metrics: &BTreeSet<ShardMetric>) -> Option<Value> {
    (!metrics.is_empty()).then(|| {
        let names: Vec<&str> = metrics.iter().map(|m| m.as_str()).collect();
        serde_json::json!({ "lakectl": {
            "ShardLevelMetrics": names,
            "Comment": "AWS::Kinesis::Stream has no shard-level metrics property: lakectl deploy enables these with kinesis:EnableEnhancedMonitoring; a CloudFormation-only deployment must call it after the stack is created",
        }})
    })
}

impl ViewBuilder<'_> {
    pub(super) fn streams(&self) -> Result<Vec<StreamView>, RenderError> {
        self.model
            .streams
            .iter()
            .map(|s| {
                let what = |field: &str| format!("stream `{}` {field}", s.id);
                let mode = *known(&s.mode, || what("mode"))?;
                let key = match known(&s.encryption, || what("encryption"))? {
                    Some(KeyRef::AwsManaged) => Some(literal("alias/aws/kinesis")),
                    Some(key) => self.key_arn(key, &what("encryption"))?,
                    None => None,
                };
                Ok(StreamView {
                    logical_id: s.logical_id.clone(),
                    name: s.name.clone(),
                    mode: match mode {
                        StreamMode::OnDemand => "ON_DEMAND",
                        StreamMode::Provisioned => "PROVISIONED",
                    },
                    // An on-demand stream's shard count is AWS's business.
                    shards: match mode {
                        StreamMode::Provisioned => *known(&s.shards, || what("shards"))?,
                        StreamMode::OnDemand => None,
                    },
                    retention_hours: *known(&s.retention_hours, || what("retention"))?,
                    key,
                    tags: cfn::tag_list(known(&s.tags, || what("tags"))?),
                    metadata: shard_metrics_metadata(known(&s.shard_metrics, || {
                        what("shard metrics")
                    })?),
                })
            })
            .collect()
    }

    pub(super) fn log_groups(&self) -> Result<Vec<LogGroupView>, RenderError> {
        (self.model.log_groups.iter())
            .map(|g| {
                let what = |field: &str| format!("log group `{}` {field}", g.name);
                let streams = known(&g.streams, || what("streams"))?;
                // One writer, one stream: the delivery stream's destination errors.
                let [stream] =
                    Vec::from_iter(streams)
                        .try_into()
                        .map_err(|_| RenderError::Unsupported {
                            what: what("streams"),
                            reason: "a template holds exactly one log stream per group".into(),
                        })?;
                let key = match known(&g.key, || what("key"))? {
                    Some(key) => self.key_arn(key, &what("key"))?,
                    None => None,
                };
                Ok(LogGroupView {
                    logical_id: g.logical_id.clone(),
                    name: g.name.clone(),
                    key,
                    retention_days: *known(&g.retention_days, || what("retention"))?,
                    tags: cfn::tag_list(known(&g.tags, || what("tags"))?),
                    stream_logical_id: naming::companion_id(&g.logical_id, "LogGroup", "LogStream"),
                    stream_name: stream.clone(),
                })
            })
            .collect()
    }

    pub(super) fn delivery_streams(&self) -> Result<Vec<DeliveryView>, RenderError> {
        self.model
            .delivery_streams
            .iter()
            .map(|d| {
                let what = |field: &str| format!("delivery stream `{}` {field}", d.id);
                let bucket =
                    self.model
                        .bucket(&d.bucket)
                        .ok_or_else(|| RenderError::Reference {
                            what: what("destination"),
                            target: format!("bucket `{}`", d.bucket),
                        })?;
                let role = self.role_arn_by_name(&d.role);
                let source = d.source_stream.as_ref().map(|name| SourceView {
                    stream: match self.model.streams.iter().find(|s| &s.name == name) {
                        Some(stream) => get_att(&stream.logical_id, "Arn"),
                        None => self.tokens.sub(&Arns::of(&self.model.lake).stream(name)),
                    },
                    role: role.clone(),
                });
                // Server-side encryption of the delivery stream exists for direct put only; a
                // Kinesis source is encrypted by its stream.
                let sse_key = match (&source, known(&d.sse, || what("encryption"))?) {
                    (None, Some(key)) => self.key_arn(key, &what("encryption"))?,
                    _ => None,
                };
                let conversion = known(&d.format_conversion, || what("format conversion"))?;
                let partitioning = known(&d.dynamic_partitioning, || what("dynamic partitioning"))?;
                // Firehose names the log group and stream by name only, and the schema table
                // by database and name.
                let logging = known(&d.error_logging, || what("error logging"))?;
                let mut depends_on: Vec<String> = (self.model.log_groups.iter())
                    .filter(|g| logging.as_ref().is_some_and(|l| l.group == g.name))
                    .map(|g| naming::companion_id(&g.logical_id, "LogGroup", "LogStream"))
                    .collect();
                depends_on.extend(conversion.as_ref().and_then(|c| self.schema_table_id(c)));
                Ok(DeliveryView {
                    logical_id: d.logical_id.clone(),
                    depends_on,
                    name: d.name.clone(),
                    kind: if source.is_some() {
                        "KinesisStreamAsSource"
                    } else {
                        "DirectPut"
                    },
                    source,
                    sse_key,
                    bucket: get_att(&bucket.logical_id, "Arn"),
                    prefix: known(&d.prefix, || what("prefix"))?.clone(),
                    error_prefix: known(&d.error_prefix, || what("error prefix"))?.clone(),
                    buffering_mb: *known(&d.buffering_mb, || what("buffering size"))?,
                    buffering_seconds: *known(&d.buffering_seconds, || what("buffering interval"))?,
                    compression: match known(&d.compression, || what("compression"))? {
                        Compression::Gzip => "GZIP",
                        Compression::Snappy => "Snappy",
                        Compression::HadoopSnappy => "HADOOP_SNAPPY",
                        Compression::Zip => "ZIP",
                        Compression::Uncompressed => "UNCOMPRESSED",
                    },
                    destination_key: match known(&d.destination_key, || what("destination key"))? {
                        Some(key) => self.key_arn(key, &what("destination key"))?,
                        None => None,
                    },
                    role,
                    logging: logging.clone(),
                    conversion: (conversion.as_ref())
                        .map(|c| self.conversion(&d.id, c))
                        .transpose()?,
                    partitioning: partitioning.as_ref().map(|p| PartitioningView {
                        retry_seconds: p.retry_seconds,
                        query: p.extraction_query(),
                        engine: firehose::JQ_ENGINE,
                    }),
                    tags: cfn::tag_list(known(&d.tags, || what("tags"))?),
                })
            })
            .collect()
    }
}

impl ViewBuilder<'_> {
    fn schema_table_id(&self, c: &FormatConversion) -> Option<String> {
        (self.model.catalog.tables.iter())
            .find(|t| t.database == c.schema.database && t.name == c.schema.table)
            .map(|t| t.logical_id.clone())
    }

    fn conversion(&self, id: &str, c: &FormatConversion) -> Result<ConversionView, RenderError> {
        let (serializer, compression) = match (c.format, c.compression) {
            (ColumnarFormat::Parquet, TableCompression::Snappy) => ("ParquetSerDe", "SNAPPY"),
            (ColumnarFormat::Parquet, TableCompression::Gzip) => ("ParquetSerDe", "GZIP"),
            (ColumnarFormat::Parquet, TableCompression::None) => ("ParquetSerDe", "UNCOMPRESSED"),
            (ColumnarFormat::Orc, TableCompression::Snappy) => ("OrcSerDe", "SNAPPY"),
            (ColumnarFormat::Orc, TableCompression::Zlib) => ("OrcSerDe", "ZLIB"),
            (ColumnarFormat::Orc, TableCompression::None) => ("OrcSerDe", "NONE"),
            (format, codec) => {
                return Err(RenderError::Unsupported {
                    what: format!("delivery stream `{id}` format conversion"),
                    reason: format!("a {format:?} serializer cannot write {codec:?}"),
                });
            }
        };
        Ok(ConversionView {
            catalog_id: self.tokens.sub(&c.schema.catalog_id),
            region: c.schema.region.clone(),
            database: c.schema.database.clone(),
            table: c.schema.table.clone(),
            version: c.schema.version.clone(),
            role: self.role_arn_by_name(&c.schema.role),
            serializer,
            compression,
        })
    }
}
