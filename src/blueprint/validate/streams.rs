//! Kinesis streams and Firehose delivery streams.

use std::collections::HashSet;

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::names;
use crate::blueprint::types::*;

impl Checker {
    pub(super) fn streams(&mut self, streams: &[Stream]) {
        let at = FieldPath::root().key("streams");
        for (i, stream) in streams.iter().enumerate() {
            let sat = at.index(i);
            self.name(
                sat.key("name"),
                "stream name",
                &stream.name,
                names::stream(&stream.name, 100),
            );
            match (stream.mode, stream.shards) {
                (StreamMode::Provisioned, None) => self.error(
                    sat.key("mode"),
                    "provisioned streams need `shards`",
                    Some("set `shards: N` (1 or more), or use `mode: on-demand`".to_string()),
                ),
                (StreamMode::Provisioned, Some(0)) => self.error(
                    sat.key("shards"),
                    "a provisioned stream needs at least 1 shard",
                    None,
                ),
                (StreamMode::OnDemand, Some(_)) => self.error(
                    sat.key("shards"),
                    "`shards` applies to provisioned streams only",
                    Some("remove `shards`, or set `mode: provisioned`".to_string()),
                ),
                _ => {}
            }
            if !(24..=8760).contains(&stream.retention_hours) {
                self.error(
                    sat.key("retention_hours"),
                    format!(
                        "retention of {} hours is out of range",
                        stream.retention_hours
                    ),
                    Some("allowed: 24 to 8760 hours".to_string()),
                );
            }
        }
        self.unique(
            "stream",
            streams
                .iter()
                .enumerate()
                .map(|(i, s)| (at.index(i).key("name"), s.name.as_str())),
        );
    }

    pub(super) fn delivery_streams(&mut self, blueprint: &Blueprint, zones: &HashSet<&str>) {
        let at = FieldPath::root().key("delivery_streams");
        let streams: HashSet<&str> = blueprint.streams.iter().map(|s| s.name.as_str()).collect();
        for (i, delivery) in blueprint.delivery_streams.iter().enumerate() {
            let dat = at.index(i);
            self.name(
                dat.key("name"),
                "delivery stream name",
                &delivery.name,
                names::stream(&delivery.name, 40),
            );
            if let Some(source) = &delivery.source_stream {
                self.reference(dat.key("source_stream"), "stream", source, &streams);
            }
            self.reference(dat.key("zone"), "zone", &delivery.zone, zones);
            self.name(
                dat.key("prefix"),
                "prefix",
                &delivery.prefix,
                names::prefix(&delivery.prefix),
            );
            if let Some(error_prefix) = &delivery.error_prefix {
                self.name(
                    dat.key("error_prefix"),
                    "error prefix",
                    error_prefix,
                    names::prefix(error_prefix),
                );
                if error_prefix.starts_with(&delivery.prefix) {
                    self.error(dat.key("error_prefix"), "the error prefix is inside the data prefix", Some("failed records would be read as data; use a separate prefix such as `errors/`".to_string()));
                }
            }
            if !(1..=128).contains(&delivery.buffering.size_mb) {
                self.error(
                    dat.key("buffering").key("size_mb"),
                    format!(
                        "buffer size of {} MiB is out of range",
                        delivery.buffering.size_mb
                    ),
                    Some("allowed: 1 to 128 MiB".to_string()),
                );
            }
            if delivery.buffering.interval_seconds > 900 {
                self.error(
                    dat.key("buffering").key("interval_seconds"),
                    format!(
                        "buffer interval of {} s is out of range",
                        delivery.buffering.interval_seconds
                    ),
                    Some("allowed: 0 to 900 seconds".to_string()),
                );
            }
            self.role_of_purpose(
                blueprint,
                dat.key("role"),
                &delivery.role,
                RolePurpose::Ingestion,
            );
            self.delivery_records(blueprint, &dat, delivery);
        }
        self.unique(
            "delivery stream",
            blueprint
                .delivery_streams
                .iter()
                .enumerate()
                .map(|(i, d)| (at.index(i).key("name"), d.name.as_str())),
        );
    }
}
