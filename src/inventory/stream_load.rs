//! Kinesis streams' write load over the look-back window, in two GetMetricData passes (500
//! queries a request, paged by NextToken):
//! - daily sums of `IncomingBytes`, `IncomingRecords` and `WriteProvisionedThroughputExceeded`
//!   for every stream (166 streams a request), enough to total the window;
//! - hourly sums of bytes over the last week only for the streams whose verdict the hours can
//!   change: some writes, and on-demand or more than one shard. CloudWatch bills by the metric
//!   queried, and LocalStack takes a tenth of a second and more for each hourly series.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatch::types::{
    Dimension, Metric, MetricDataQuery, MetricDataResult, MetricStat, StatusCode,
};
use aws_smithy_types::DateTime;
use futures::future::join_all;

use super::ctx::Ctx;
use crate::aws::{CallError, Service};
use crate::model::stream_load::{HOURLY_DAYS, LOOKBACK_DAYS};
use crate::model::{HourlyLoad, Prop, Stream, StreamLoad, StreamMode, Written};

/// GetMetricData's limit of queries a request.
const QUERIES_PER_REQUEST: usize = 500;
const HOUR: u32 = 3600;
const DAY: u32 = 24 * HOUR;

const BYTES: &str = "IncomingBytes";
const RECORDS: &str = "IncomingRecords";
const THROTTLED: &str = "WriteProvisionedThroughputExceeded";

/// Sets every stream's `load`; a stream whose metrics could not be read gets the reason.
pub(super) async fn read(ctx: &Ctx<'_>, streams: &mut [Stream]) {
    let now = SystemTime::now();
    let names: Vec<&str> = streams.iter().map(|s| s.name.as_str()).collect();
    let daily = sums(
        ctx,
        &names,
        &[BYTES, RECORDS, THROTTLED],
        DAY,
        window(now, LOOKBACK_DAYS),
    )
    .await;
    let totals: Vec<Result<StreamLoad, String>> = (daily.into_iter())
        .map(|series| {
            let [bytes, records, throttled] = <[Vec<f64>; 3]>::try_from(series?)
                .map_err(|_| "GetMetricData answered another number of series".to_string())?;
            let sum = |v: &[f64]| v.iter().sum::<f64>();
            Ok(StreamLoad {
                // Sums of counts are whole numbers; the cast saturates.
                throttled_writes: sum(&throttled).round() as u64,
                total: Written {
                    bytes: sum(&bytes),
                    records: sum(&records),
                },
                hourly: None,
            })
        })
        .collect();
    let detailed: Vec<usize> = (0..streams.len())
        .filter(|&i| matches!(&totals[i], Ok(load) if hours_matter(&streams[i], load)))
        .collect();
    let detail_names: Vec<&str> = detailed.iter().map(|&i| streams[i].name.as_str()).collect();
    let hourly = sums(ctx, &detail_names, &[BYTES], HOUR, window(now, HOURLY_DAYS)).await;
    let mut hourly: HashMap<usize, Result<HourlyLoad, String>> = (detailed.into_iter())
        .zip(hourly)
        .map(|(i, series)| {
            let total = totals[i].as_ref().map(|l| l.total).unwrap_or_default();
            (i, series.map(|s| hourly_of(&s[0], &total)))
        })
        .collect();
    for (i, (stream, total)) in streams.iter_mut().zip(totals).enumerate() {
        stream.load = match (total, hourly.remove(&i)) {
            (Err(reason), _) | (Ok(_), Some(Err(reason))) => Prop::unknown(reason),
            (Ok(load), Some(Ok(hours))) => Prop::Known(StreamLoad {
                hourly: Some(hours),
                ..load
            }),
            (Ok(load), None) => Prop::Known(load),
        };
    }
}

/// Whether the hour-by-hour load can change the stream's verdict: a stream nothing was
/// written to, or a single provisioned shard, fits whatever the hours (a throttled one is too
/// small whatever they say).
fn hours_matter(stream: &Stream, load: &StreamLoad) -> bool {
    let on_demand = stream.mode.known() == Some(&StreamMode::OnDemand);
    let shards = stream.shards.known().copied().flatten().unwrap_or(1);
    load.total.bytes > 0.0 && (on_demand || shards > 1)
}

/// The whole hours of the last `days` before `now`: sums line up with CloudWatch's hour
/// boundaries, and the hour in progress is left out as incomplete.
fn window(now: SystemTime, days: u32) -> (DateTime, DateTime) {
    let secs = now
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let end = secs - secs % u64::from(HOUR);
    let start = end.saturating_sub(u64::from(days * DAY));
    let at = |s: u64| DateTime::from_secs(i64::try_from(s).unwrap_or(i64::MAX));
    (at(start), at(end))
}

/// For each stream, the `period` sums of each metric in `metrics` order, or why they could
/// not be read.
async fn sums(
    ctx: &Ctx<'_>,
    streams: &[&str],
    metrics: &[&str],
    period: u32,
    window: (DateTime, DateTime),
) -> Vec<Result<Vec<Vec<f64>>, String>> {
    let per_request = QUERIES_PER_REQUEST / metrics.len();
    let chunks = streams.chunks(per_request);
    let read = join_all(chunks.map(|chunk| read_chunk(ctx, chunk, metrics, period, window))).await;
    let mut out = Vec::with_capacity(streams.len());
    for (chunk, series) in streams.chunks(per_request).zip(read) {
        for i in 0..chunk.len() {
            out.push(match &series {
                Ok(series) => (metrics.iter().enumerate())
                    .map(|(m, metric)| values(series, &query_id(m, i), metric))
                    .collect(),
                Err(e) => Err(e.reason()),
            });
        }
    }
    out
}

/// One series per query id: the values of every page, or the first status that was not
/// `Complete` or `PartialData` (a page of a paged result is partial), with its messages.
type Series = HashMap<String, Result<Vec<f64>, String>>;

/// Query ids: `m<metric>s<stream>` within a request.
fn query_id(metric: usize, stream: usize) -> String {
    format!("m{metric}s{stream}")
}

async fn read_chunk(
    ctx: &Ctx<'_>,
    streams: &[&str],
    metrics: &[&str],
    period: u32,
    (start, end): (DateTime, DateTime),
) -> Result<Series, CallError> {
    let resource = format!(
        "Kinesis metrics of {} streams in {}",
        streams.len(),
        ctx.region
    );
    let queries: Vec<MetricDataQuery> = (streams.iter().enumerate())
        .flat_map(|(i, stream)| {
            (metrics.iter().enumerate())
                .map(move |(m, metric)| query(&query_id(m, i), metric, stream, period))
        })
        .collect();
    let mut series = Series::new();
    let mut token: Option<String> = None;
    loop {
        let request = (ctx.aws.cloudwatch.get_metric_data())
            .set_metric_data_queries(Some(queries.clone()))
            .start_time(start)
            .end_time(end)
            .set_next_token(token.clone())
            .send();
        let out = ctx
            .call(Service::CloudWatch, "GetMetricData", &resource, request)
            .await?;
        for result in out.metric_data_results() {
            add_page(&mut series, result);
        }
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    Ok(series)
}

fn query(id: &str, metric: &str, stream: &str, period: u32) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace("AWS/Kinesis")
        .metric_name(metric)
        .dimensions(
            Dimension::builder()
                .name("StreamName")
                .value(stream)
                .build(),
        )
        .build();
    let stat = MetricStat::builder()
        .metric(metric)
        .period(i32::try_from(period).unwrap_or(i32::MAX))
        .stat("Sum")
        .build();
    MetricDataQuery::builder()
        .id(id)
        .metric_stat(stat)
        .return_data(true)
        .build()
}

fn add_page(series: &mut Series, result: &MetricDataResult) {
    let Some(id) = result.id() else { return };
    let entry = series.entry(id.to_string()).or_insert(Ok(Vec::new()));
    let Ok(values) = entry else { return };
    match result.status_code() {
        Some(StatusCode::Complete | StatusCode::PartialData) | None => {
            values.extend_from_slice(result.values());
        }
        Some(status) => {
            let mut answer = status.as_str().to_string();
            for message in result.messages().iter().filter_map(|m| m.value()) {
                answer = format!("{answer}: {message}");
            }
            *entry = Err(answer);
        }
    }
}

/// The values of one query's series.
fn values(series: &Series, id: &str, metric: &str) -> Result<Vec<f64>, String> {
    match series.get(id) {
        Some(Ok(values)) => Ok(values.clone()),
        Some(Err(answer)) => Err(format!(
            "cloudwatch:GetMetricData answered {answer} for {metric}"
        )),
        None => Err(format!(
            "cloudwatch:GetMetricData returned no {metric} series"
        )),
    }
}

/// Peaks and means of hourly byte sums, records at the window's average record size; the mean
/// is over the hours that had writes, so a stream that rests at night is judged by its
/// working hours.
fn hourly_of(bytes: &[f64], total: &Written) -> HourlyLoad {
    let active: Vec<f64> = bytes.iter().copied().filter(|x| *x > 0.0).collect();
    let peak = active.iter().copied().fold(0.0, f64::max);
    let mean = match active.len() {
        0 => 0.0,
        n => active.iter().sum::<f64>() / n as f64,
    };
    let records_per_byte = if total.bytes > 0.0 {
        total.records / total.bytes
    } else {
        0.0
    };
    let written = |bytes: f64| Written {
        bytes,
        records: bytes * records_per_byte,
    };
    HourlyLoad {
        active_hours: u32::try_from(active.len()).unwrap_or(u32::MAX),
        peak_hour: written(peak),
        mean_hour: written(mean),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_the_whole_hours_of_the_last_fourteen_days() {
        let now = UNIX_EPOCH + Duration::from_secs(100 * 86_400 + 5 * 3600 + 1234);
        let (start, end) = window(now, 14);
        assert_eq!(end.secs(), 100 * 86_400 + 5 * 3600);
        assert_eq!(start.secs(), 86 * 86_400 + 5 * 3600);
        assert_eq!(window(now, 7).0.secs(), 93 * 86_400 + 5 * 3600);
    }

    #[test]
    fn peaks_and_means_over_active_hours_records_at_the_average_size() {
        let total = Written {
            bytes: 1000.0,
            records: 10.0,
        };
        let load = hourly_of(&[0.0, 100.0, 300.0, 0.0], &total);
        assert_eq!(
            load,
            HourlyLoad {
                active_hours: 2,
                peak_hour: Written {
                    bytes: 300.0,
                    records: 3.0
                },
                mean_hour: Written {
                    bytes: 200.0,
                    records: 2.0
                },
            }
        );
        let idle = hourly_of(&[], &Written::default());
        assert_eq!(idle.active_hours, 0);
        assert_eq!(idle.mean_hour, Written::default());
    }

    #[test]
    fn hours_are_read_only_where_they_can_change_the_verdict() {
        let stream = |mode, shards| Stream {
            mode: Prop::Known(mode),
            shards: Prop::Known(shards),
            ..crate::audit::testing::compliant_model().streams[0].clone()
        };
        let load = |bytes, throttled_writes| StreamLoad {
            throttled_writes,
            total: Written {
                bytes,
                records: 1.0,
            },
            hourly: None,
        };
        let one_shard = stream(StreamMode::Provisioned, Some(1));
        assert!(!hours_matter(&one_shard, &load(1e6, 0)));
        assert!(!hours_matter(&one_shard, &load(1e6, 2)));
        assert!(hours_matter(
            &stream(StreamMode::Provisioned, Some(2)),
            &load(1e6, 0)
        ));
        let on_demand = stream(StreamMode::OnDemand, None);
        assert!(hours_matter(&on_demand, &load(1e6, 0)));
        assert!(!hours_matter(&on_demand, &load(0.0, 0)));
    }

    #[test]
    fn pages_accumulate_and_a_failed_series_says_why() {
        let page = |id: &str, values: &[f64], status: StatusCode| {
            MetricDataResult::builder()
                .id(id)
                .set_values(Some(values.to_vec()))
                .status_code(status)
                .build()
        };
        let mut series = Series::new();
        add_page(
            &mut series,
            &page("m0s0", &[1.0, 2.0], StatusCode::PartialData),
        );
        add_page(&mut series, &page("m0s0", &[3.0], StatusCode::Complete));
        add_page(&mut series, &page("m1s0", &[], StatusCode::Forbidden));
        assert_eq!(values(&series, "m0s0", BYTES), Ok(vec![1.0, 2.0, 3.0]));
        assert_eq!(
            values(&series, "m1s0", RECORDS),
            Err("cloudwatch:GetMetricData answered Forbidden for IncomingRecords".into())
        );
        assert_eq!(
            values(&series, "m2s0", THROTTLED),
            Err(
                "cloudwatch:GetMetricData returned no WriteProvisionedThroughputExceeded series"
                    .into()
            )
        );
    }
}
