//! A stream's write load, from its CloudWatch metrics over a look-back window: what the audit
//! needs to judge whether the stream's capacity mode and shard count fit it.

use serde::{Deserialize, Serialize};

/// How far back the load is totalled. Fourteen days hold two weekly cycles, and CloudWatch keeps
/// hourly data points for 63 days, so the window is always complete.
pub const LOOKBACK_DAYS: u32 = 14;

/// How far back the load is read hour by hour: one weekly cycle, at half the data points.
pub const HOURLY_DAYS: u32 = 7;

/// What one provisioned shard accepts: 1 MiB and 1,000 records a second.
pub const SHARD_BYTES_PER_SECOND: f64 = 1024.0 * 1024.0;
pub const SHARD_RECORDS_PER_SECOND: f64 = 1000.0;

/// The write load of one stream over [`LOOKBACK_DAYS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamLoad {
    /// Writes refused with `WriteProvisionedThroughputExceeded`.
    pub throttled_writes: u64,
    /// Everything written.
    pub total: Written,
    /// The load hour by hour; read only where it can change a verdict (some writes, and
    /// on-demand or more than one shard), since each hourly series is a metric queried.
    pub hourly: Option<HourlyLoad>,
}

/// The load hour by hour over [`HOURLY_DAYS`], in hourly sums. Records are the bytes at the
/// window's average record size (CloudWatch bills GetMetricData by the metric, so the hours of
/// one metric are read, not two).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HourlyLoad {
    /// Hours in which anything was written.
    pub active_hours: u32,
    /// The busiest hour's writes.
    pub peak_hour: Written,
    /// An average active hour's writes.
    pub mean_hour: Written,
}

/// Bytes and records written.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Written {
    pub bytes: f64,
    pub records: f64,
}

impl Written {
    /// The share of `shards` provisioned shards' write capacity these writes take when made in
    /// one hour: the larger of the byte and the record share, since either limit throttles.
    pub fn share_of(&self, shards: u32) -> f64 {
        let hour = 3600.0 * f64::from(shards.max(1));
        (self.bytes / (SHARD_BYTES_PER_SECOND * hour))
            .max(self.records / (SHARD_RECORDS_PER_SECOND * hour))
    }

    /// Shards that carry these writes, made in one hour, `headroom` times over; at least one.
    pub fn shards_for(&self, headroom: f64) -> u32 {
        let needed = (self.share_of(1) * headroom).ceil();
        // Saturating: a share in the billions of shards is as good as unbounded.
        (needed as u32).max(1)
    }
}

impl HourlyLoad {
    /// How many times the busiest hour exceeds the average active hour, by bytes or records,
    /// whichever varies more; 1.0 is a perfectly steady load.
    pub fn peak_to_mean(&self) -> f64 {
        let ratio = |peak: f64, mean: f64| if mean > 0.0 { peak / mean } else { 1.0 };
        ratio(self.peak_hour.bytes, self.mean_hour.bytes)
            .max(ratio(self.peak_hour.records, self.mean_hour.records))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_takes_the_tighter_limit_and_shards_round_up() {
        let half_bytes = Written {
            bytes: 0.5 * SHARD_BYTES_PER_SECOND * 3600.0,
            records: 0.1 * SHARD_RECORDS_PER_SECOND * 3600.0,
        };
        assert_eq!(half_bytes.share_of(1), 0.5);
        assert_eq!(half_bytes.share_of(4), 0.125);
        assert_eq!(half_bytes.shards_for(2.0), 1);
        assert_eq!(half_bytes.shards_for(3.0), 2);
        let many_records = Written {
            bytes: 0.0,
            records: 2.5 * SHARD_RECORDS_PER_SECOND * 3600.0,
        };
        assert_eq!(many_records.share_of(5), 0.5);
        assert_eq!(many_records.shards_for(2.0), 5);
        assert_eq!(Written::default().shards_for(2.0), 1);
    }

    #[test]
    fn peak_to_mean_takes_the_more_variable_measure() {
        let load = HourlyLoad {
            active_hours: 10,
            peak_hour: Written {
                bytes: 300.0,
                records: 20.0,
            },
            mean_hour: Written {
                bytes: 100.0,
                records: 10.0,
            },
        };
        assert_eq!(load.peak_to_mean(), 3.0);
        let idle = HourlyLoad {
            mean_hour: Written::default(),
            ..load
        };
        assert_eq!(idle.peak_to_mean(), 1.0);
    }
}
