//! LK-KIN-004: a stream's capacity mode and shard count fit the write load its metrics show.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::stream_load::{HOURLY_DAYS, LOOKBACK_DAYS};
use crate::model::{Model, StreamLoad, StreamMode};

pub static RULE: Rule = Rule {
    id: "LK-KIN-004",
    name: "stream-capacity-not-fitted-to-load",
    title: "Kinesis streams' capacity mode and shard count fit the load they carry",
    severity: Severity::Low,
    service: Service::Kinesis,
    lens: &[ids::PERF_INGEST_MONITOR, ids::COST_COMPUTE],
    rationale: "The lens asks for streams scaled to their load: on-demand for spiky or unknown load, provisioned shards for steady load. Throttled writes mean producers retry or drop records because the stream is too small; provisioned shards the busiest hour leaves mostly idle are paid for every hour; and on-demand for a steady load costs several times what the shards carrying it would.",
    remediation: "Set `streams[].shards` to the count the finding names, or `streams[].mode` (`on_demand` for spiky load, `provisioned` for steady load), and redeploy with `lakectl deploy`; outside a blueprint, `aws kinesis update-shard-count` or `update-stream-mode`.",
    blueprint_field: Some("streams[].mode"),
    scopes: Scopes {
        static_: "Not applicable: the load shows only in a deployed stream's metrics.",
        blueprint: "Each deployed stream's CloudWatch metrics: no throttled writes in 14 days; over the last 7 days, hour by hour, no provisioned stream where twice the busiest hour leaves half the shards or more idle, and on-demand only where the load is not steady.",
        account: "As in blueprint scope, for every stream.",
    },
    check,
};

/// Hourly sums hide peaks within the hour, so shards are sized for twice the busiest hour.
const HEADROOM: f64 = 2.0;
/// Hours of writes before a shard count is judged oversized: a day shows a daily peak.
const MIN_HOURS_TO_SIZE: u32 = 24;
/// Hours of writes (of the week read hour by hour) before a load is called steady: five days
/// show the working week.
const MIN_HOURS_FOR_STEADY: u32 = 5 * 24;
/// A busiest hour at most this many times the mean is a steady load.
const STEADY_PEAK_TO_MEAN: f64 = 1.5;

fn check(model: &Model, out: &mut Results) {
    for stream in &model.streams {
        let resource = Resource::stream(&model.lake, stream);
        if out.scope() == Scope::Static {
            out.not_applicable(
                resource,
                "the load shows only in a deployed stream's metrics",
            );
            continue;
        }
        let Some(mode) = out.known(&resource, "stream mode", &stream.mode) else {
            continue;
        };
        let Some(shards) = out.known(&resource, "open shards", &stream.shards) else {
            continue;
        };
        let Some(load) = out.known(&resource, "write load", &stream.load) else {
            continue;
        };
        match misfit(*mode, shards.unwrap_or(1), load) {
            Some(message) => out.fail(resource, message),
            None => out.pass(resource),
        }
    }
}

/// Why the stream's capacity does not fit its load, if it does not.
fn misfit(mode: StreamMode, shards: u32, load: &StreamLoad) -> Option<String> {
    let days = LOOKBACK_DAYS;
    // Shards for twice the busiest hour, where the hours were read.
    let enough = (load.hourly.as_ref()).map(|h| h.peak_hour.shards_for(HEADROOM));
    if load.throttled_writes > 0 {
        let n = load.throttled_writes;
        return Some(match mode {
            StreamMode::Provisioned => format!(
                "{n} writes throttled in the last {days} days: {shards} shard(s) are too few for the peak; provision {} shard(s) or switch to on-demand",
                enough.unwrap_or(0).max(shards + 1)
            ),
            StreamMode::OnDemand => format!(
                "{n} writes throttled in the last {days} days: the load rose faster than on-demand adapts (to twice the previous peak); provision {} shard(s) for the peak",
                enough.unwrap_or(1)
            ),
        });
    }
    let (hourly, enough) = (load.hourly.as_ref()?, enough?);
    let days = HOURLY_DAYS;
    match mode {
        StreamMode::Provisioned
            if hourly.active_hours >= MIN_HOURS_TO_SIZE && enough * 2 <= shards =>
        {
            Some(format!(
                "the busiest hour of the last {days} days used {:.1}% of {shards} shards' write capacity; {enough} shard(s) carry twice that load",
                hourly.peak_hour.share_of(shards) * 100.0
            ))
        }
        StreamMode::OnDemand
            if hourly.active_hours >= MIN_HOURS_FOR_STEADY
                && hourly.peak_to_mean() <= STEADY_PEAK_TO_MEAN =>
        {
            Some(format!(
                "steady load on an on-demand stream: over {} active hours of the last {days} days the busiest hour wrote {:.2}× the mean; {enough} provisioned shard(s) carry twice the peak for less",
                hourly.active_hours,
                hourly.peak_to_mean()
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::rule::Outcome;
    use crate::audit::testing::*;
    use crate::model::stream_load::SHARD_BYTES_PER_SECOND;
    use crate::model::{HourlyLoad, Prop, Written};

    /// `share` of one shard's bytes in the busiest hour, `peak_to_mean` times the mean.
    fn load(active_hours: u32, share: f64, peak_to_mean: f64, throttled: u64) -> StreamLoad {
        let bytes = share * SHARD_BYTES_PER_SECOND * 3600.0;
        let mean_hour = Written {
            bytes: bytes / peak_to_mean,
            records: 1.0,
        };
        StreamLoad {
            throttled_writes: throttled,
            total: Written {
                bytes: mean_hour.bytes * f64::from(active_hours),
                records: f64::from(active_hours),
            },
            hourly: Some(HourlyLoad {
                active_hours,
                peak_hour: Written {
                    bytes,
                    records: 1.0,
                },
                mean_hour,
            }),
        }
    }

    /// Outcomes on a deployed lake, where the load is read.
    fn live(model: &Model) -> Vec<(String, Outcome)> {
        outcomes_in(&RULE, model, Scope::Blueprint, Default::default())
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(live(&model), vec![pass("clicks")]);
        let stream = model.streams[0].clone();
        let provisioned = |id: &str, shards, load| {
            let mut s = stream.clone();
            s.id = id.to_string();
            s.mode = Prop::Known(StreamMode::Provisioned);
            s.shards = Prop::Known(Some(shards));
            s.load = Prop::Known(load);
            s
        };
        let on_demand = |name: &str, load| {
            let mut s = stream.clone();
            s.id = name.to_string();
            s.load = Prop::Known(load);
            s
        };
        let throttled = provisioned("throttled", 2, load(100, 1.6, 3.0, 12));
        let oversized = provisioned("oversized", 8, load(48, 0.7, 3.0, 0));
        // Three shards where twice the peak needs two: fewer than half could go.
        let sized = provisioned("sized", 3, load(48, 0.9, 3.0, 0));
        // Written to for less than a day: too little to call it oversized.
        let new = provisioned("new", 8, load(23, 0.01, 3.0, 0));
        // Throttled on one shard whose hours were not read: one more shard at least.
        let mut blind = provisioned("blind", 1, load(0, 0.0, 1.0, 2));
        if let Prop::Known(l) = &mut blind.load {
            l.hourly = None;
        }
        let mut unread = stream.clone();
        unread.id = "unread".into();
        unread.load = unknown_prop("cloudwatch:GetMetricData");
        model.streams = vec![
            throttled,
            oversized,
            sized,
            new,
            on_demand("steady", load(150, 0.3, 1.4, 0)),
            on_demand("spiky", load(150, 0.3, 1.6, 0)),
            on_demand("short", load(119, 0.3, 1.0, 0)),
            on_demand("surged", load(20, 3.0, 10.0, 5)),
            blind,
            unread,
        ];
        let problems: Vec<_> = (live(&model).into_iter())
            .filter(|(_, o)| *o != Outcome::Pass)
            .collect();
        assert_eq!(
            problems,
            vec![
                fail(
                    "throttled",
                    "12 writes throttled in the last 14 days: 2 shard(s) are too few for the peak; provision 4 shard(s) or switch to on-demand",
                ),
                fail(
                    "oversized",
                    "the busiest hour of the last 7 days used 8.8% of 8 shards' write capacity; 2 shard(s) carry twice that load",
                ),
                fail(
                    "steady",
                    "steady load on an on-demand stream: over 150 active hours of the last 7 days the busiest hour wrote 1.40× the mean; 1 provisioned shard(s) carry twice the peak for less",
                ),
                fail(
                    "surged",
                    "5 writes throttled in the last 14 days: the load rose faster than on-demand adapts (to twice the previous peak); provision 6 shard(s) for the peak",
                ),
                fail(
                    "blind",
                    "2 writes throttled in the last 14 days: 1 shard(s) are too few for the peak; provision 2 shard(s) or switch to on-demand",
                ),
                unknown(
                    "unread",
                    "write load: AccessDenied on cloudwatch:GetMetricData",
                ),
            ]
        );
    }

    #[test]
    fn a_blueprint_has_no_load_to_judge() {
        let model = compliant_model();
        assert_eq!(
            outcomes(&RULE, &model),
            vec![na(
                "clicks",
                "the load shows only in a deployed stream's metrics"
            )]
        );
    }
}
