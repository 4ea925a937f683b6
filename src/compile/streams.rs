//! Kinesis data streams and the Firehose delivery streams that land data in a zone.

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::FieldPath;
use crate::model::naming::{self, logical_id};
use crate::model::*;

impl Compiler<'_> {
    pub(super) fn streams(&self) -> Vec<Stream> {
        let at = FieldPath::root().key("streams");
        (self.bp.streams.iter().enumerate())
            .map(|(i, s)| {
                let stream = Stream {
                    id: s.name.clone(),
                    logical_id: format!("Stream{}", logical_id(&s.name)),
                    name: self.prefixed(&s.name),
                    mode: Prop::Known(s.mode),
                    shards: Prop::Known(s.shards),
                    retention_hours: Prop::Known(s.retention_hours),
                    encryption: Prop::Known(Some(KeyRef::Lake(self.platform_key().to_string()))),
                    shard_metrics: Prop::Known(s.shard_metrics.resolved()),
                    tags: self.tags(),
                    load: Prop::unknown("a blueprint states no load"),
                };
                let ids = vec![stream.logical_id.clone()];
                self.record(Origin::new(at.index(i).key("name"), &s.name, ids));
                stream
            })
            .collect()
    }

    pub(super) fn delivery_streams(&self) -> Vec<DeliveryStream> {
        let at = FieldPath::root().key("delivery_streams");
        (self.bp.delivery_streams.iter().enumerate())
            .map(|(i, d)| {
                let delivery = self.delivery_stream(d);
                let ids = vec![
                    delivery.logical_id.clone(),
                    naming::companion_id(&delivery.logical_id, "Delivery", "LogGroup"),
                    naming::companion_id(&delivery.logical_id, "Delivery", "LogStream"),
                ];
                self.record(Origin::new(at.index(i).key("name"), &d.name, ids));
                delivery
            })
            .collect()
    }

    fn delivery_stream(&self, d: &crate::blueprint::DeliveryStream) -> DeliveryStream {
        let error_base = d
            .error_prefix
            .clone()
            .unwrap_or_else(|| format!("errors/{}/", d.name));
        let conversion = d
            .format_conversion
            .as_ref()
            .map(|c| self.format_conversion(d, c));
        let dynamic = d.dynamic_partitioning.as_ref().map(dynamic_partitioning);
        DeliveryStream {
            id: d.name.clone(),
            logical_id: format!("Delivery{}", logical_id(&d.name)),
            name: self.prefixed(&d.name),
            source_stream: d.source_stream.as_ref().map(|s| self.prefixed(s)),
            bucket: d.zone.clone(),
            role: self.prefixed(&d.role),
            prefix: Prop::Known(format!(
                "{}{}{}",
                d.prefix,
                dynamic
                    .as_ref()
                    .map(|p| p.prefix_segments())
                    .unwrap_or_default(),
                time_partitions(d.partitioning)
            )),
            error_prefix: Prop::Known(format!(
                "{error_base}!{{firehose:error-output-type}}/{}",
                time_partitions(d.partitioning)
            )),
            buffering_mb: Prop::Known(d.buffering.size_mb),
            buffering_seconds: Prop::Known(d.buffering.interval_seconds),
            // Converting streams compress in the serializer; AWS wants Firehose's off.
            compression: Prop::Known(match conversion {
                Some(_) => Compression::Uncompressed,
                None => d.compression.unwrap_or_default(),
            }),
            destination_key: Prop::Known(Some(KeyRef::Lake(self.key_id_for_zone(&d.zone)))),
            sse: Prop::Known(match d.source_stream {
                None => Some(KeyRef::Lake(self.platform_key().to_string())),
                Some(_) => None,
            }),
            format_conversion: Prop::Known(conversion),
            dynamic_partitioning: Prop::Known(dynamic),
            error_logging: Prop::Known(Some(ErrorLogging {
                group: logs::delivery_log_group(&self.prefixed(&d.name)),
                stream: logs::DELIVERY_LOG_STREAM.to_string(),
            })),
            transform: Prop::Known(None),
            tags: self.tags(),
        }
    }

    /// The group and stream each delivery stream logs errors to (Firehose creates neither),
    /// encrypted with the key whose policy lets CloudWatch Logs use it.
    pub(super) fn log_groups(&self, delivery_streams: &[DeliveryStream]) -> Vec<LakeLogGroup> {
        (delivery_streams.iter())
            .filter_map(|d| {
                let Prop::Known(Some(logging)) = &d.error_logging else {
                    return None;
                };
                Some(LakeLogGroup {
                    id: d.id.clone(),
                    logical_id: naming::companion_id(&d.logical_id, "Delivery", "LogGroup"),
                    name: logging.group.clone(),
                    retention_days: Prop::Known(Some(logs::DELIVERY_LOG_RETENTION_DAYS)),
                    key: Prop::Known(Some(KeyRef::Lake(self.platform_key().to_string()))),
                    streams: Prop::Known([logging.stream.clone()].into()),
                    tags: self.tags(),
                })
            })
            .collect()
    }
}

impl Compiler<'_> {
    /// The schema is read with the delivery stream's own role, from the lake's catalog.
    fn format_conversion(
        &self,
        d: &crate::blueprint::DeliveryStream,
        c: &crate::blueprint::FormatConversion,
    ) -> FormatConversion {
        FormatConversion {
            format: c.format,
            schema: SchemaRef {
                catalog_id: self.lake.account.clone(),
                region: self.lake.region.clone(),
                database: c.database.clone(),
                table: c.table.clone(),
                version: firehose::LATEST_VERSION.to_string(),
                role: self.prefixed(&d.role),
            },
            compression: TableCompression::Snappy,
        }
    }
}

fn dynamic_partitioning(p: &crate::blueprint::DynamicPartitioning) -> DynamicPartitioning {
    DynamicPartitioning {
        keys: (p.keys.iter())
            .map(|k| PartitionQuery {
                name: k.name.clone(),
                query: k.query.clone(),
            })
            .collect(),
        retry_seconds: p.retry_seconds,
    }
}

fn time_partitions(partitioning: Partitioning) -> &'static str {
    match partitioning {
        Partitioning::Day => "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
        Partitioning::Hour => {
            "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
        }
    }
}
