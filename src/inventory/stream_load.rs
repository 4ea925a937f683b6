//! Kinesis streams' write load: hourly sums of `IncomingBytes`, `IncomingRecords` and
//! `WriteProvisionedThroughputExceeded` over the look-back window, for every stream in one
//! GetMetricData (500 queries, three a stream, so 166 streams a request, paged by NextToken).

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatch::types::{
    Dimension, Metric, MetricDataQuery, MetricDataResult, MetricStat, StatusCode,
};
use aws_smithy_types::DateTime;
use futures::future::join_all;

use super::ctx::Ctx;
use crate::aws::{CallError, Service};
use crate::model::stream_load::LOOKBACK_DAYS;
use crate::model::{HourLoad, Prop, Stream, StreamLoad};

/// GetMetricData's limit of queries a request.
const QUERIES_PER_REQUEST: usize = 500;
const HOUR_SECONDS: u64 = 3600;

/// The metrics read for each stream, with the query id's prefix.
const BYTES: (&str, &str) = ("b", "IncomingBytes");
const RECORDS: (&str, &str) = ("r", "IncomingRecords");
const THROTTLED: (&str, &str) = ("t", "WriteProvisionedThroughputExceeded");
const METRICS: [(&str, &str); 3] = [BYTES, RECORDS, THROTTLED];

/// Sets every stream's `load`; a stream whose metrics could not be read gets the reason.
pub(super) async fn read(ctx: &Ctx<'_>, streams: &mut [Stream]) {
    let (start, end) = window(SystemTime::now());
    let per_request = QUERIES_PER_REQUEST / METRICS.len();
    let chunks: Vec<Vec<String>> = (streams.chunks(per_request))
        .map(|chunk| chunk.iter().map(|s| s.name.clone()).collect())
        .collect();
    let loads = join_all(
        chunks
            .iter()
            .map(|names| read_chunk(ctx, names, start, end)),
    )
    .await;
    for (chunk, loads) in streams.chunks_mut(per_request).zip(loads) {
        for (i, stream) in chunk.iter_mut().enumerate() {
            stream.load = match &loads {
                Ok(series) => load_of(series, i),
                Err(e) => Prop::unknown(e.reason()),
            };
        }
    }
}

/// The whole hours of the last [`LOOKBACK_DAYS`] before `now`: hourly sums line up with
/// CloudWatch's hour boundaries, and the hour in progress is left out as incomplete.
fn window(now: SystemTime) -> (DateTime, DateTime) {
    let secs = now
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let end = secs - secs % HOUR_SECONDS;
    let start = end.saturating_sub(u64::from(LOOKBACK_DAYS) * 24 * HOUR_SECONDS);
    let at = |s: u64| DateTime::from_secs(i64::try_from(s).unwrap_or(i64::MAX));
    (at(start), at(end))
}

/// One series per query id: the values of every page, or the first status that was not
/// `Complete` or `PartialData` (a page of a paged result is partial), with its messages.
type Series = HashMap<String, Result<Vec<f64>, String>>;

async fn read_chunk(
    ctx: &Ctx<'_>,
    names: &[String],
    start: DateTime,
    end: DateTime,
) -> Result<Series, CallError> {
    let resource = format!(
        "Kinesis metrics of {} streams in {}",
        names.len(),
        ctx.region
    );
    let queries: Vec<MetricDataQuery> = (names.iter().enumerate())
        .flat_map(|(i, name)| METRICS.iter().map(move |m| query(*m, i, name)))
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

fn query((prefix, metric): (&str, &str), i: usize, stream: &str) -> MetricDataQuery {
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
        .period(HOUR_SECONDS as i32)
        .stat("Sum")
        .build();
    MetricDataQuery::builder()
        .id(format!("{prefix}{i}"))
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

/// The load of the `i`th stream of a chunk.
fn load_of(series: &Series, i: usize) -> Prop<StreamLoad> {
    let values = |(prefix, metric): (&str, &str)| match series.get(&format!("{prefix}{i}")) {
        Some(Ok(values)) => Ok(values.as_slice()),
        Some(Err(answer)) => Err(format!(
            "cloudwatch:GetMetricData answered {answer} for {metric}"
        )),
        None => Err(format!(
            "cloudwatch:GetMetricData returned no {metric} series"
        )),
    };
    let (bytes, records, throttled) = match (values(BYTES), values(RECORDS), values(THROTTLED)) {
        (Ok(b), Ok(r), Ok(t)) => (b, r, t),
        (Err(reason), _, _) | (_, Err(reason), _) | (_, _, Err(reason)) => {
            return Prop::unknown(reason);
        }
    };
    Prop::Known(summarise(bytes, records, throttled))
}

/// Peaks and means of hourly sums; the mean is over the hours that had writes, so a stream
/// that rests at night is judged by its working hours.
fn summarise(bytes: &[f64], records: &[f64], throttled: &[f64]) -> StreamLoad {
    let active = |v: &[f64]| v.iter().filter(|x| **x > 0.0).count();
    let peak = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let mean = |v: &[f64]| match active(v) {
        0 => 0.0,
        n => v.iter().sum::<f64>() / n as f64,
    };
    StreamLoad {
        active_hours: u32::try_from(active(bytes)).unwrap_or(u32::MAX),
        peak_hour: HourLoad {
            bytes: peak(bytes),
            records: peak(records),
        },
        mean_hour: HourLoad {
            bytes: mean(bytes),
            records: mean(records),
        },
        // Sums of counts are whole numbers; the cast saturates.
        throttled_writes: throttled.iter().sum::<f64>().round() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_the_whole_hours_of_the_last_fourteen_days() {
        let now = UNIX_EPOCH + Duration::from_secs(100 * 86_400 + 5 * 3600 + 1234);
        let (start, end) = window(now);
        assert_eq!(end.secs(), 100 * 86_400 + 5 * 3600);
        assert_eq!(start.secs(), 86 * 86_400 + 5 * 3600);
    }

    #[test]
    fn peaks_means_over_active_hours_and_throttles() {
        let load = summarise(
            &[0.0, 100.0, 300.0, 0.0],
            &[0.0, 1.0, 5.0, 0.0],
            &[2.0, 1.0],
        );
        assert_eq!(
            load,
            StreamLoad {
                active_hours: 2,
                peak_hour: HourLoad {
                    bytes: 300.0,
                    records: 5.0
                },
                mean_hour: HourLoad {
                    bytes: 200.0,
                    records: 3.0
                },
                throttled_writes: 3,
            }
        );
        let idle = summarise(&[], &[], &[]);
        assert_eq!(idle.active_hours, 0);
        assert_eq!(idle.mean_hour, HourLoad::default());
    }

    #[test]
    fn pages_accumulate_and_a_failed_series_is_unknown() {
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
            &page("b0", &[1.0, 2.0], StatusCode::PartialData),
        );
        add_page(&mut series, &page("b0", &[3.0], StatusCode::Complete));
        add_page(&mut series, &page("r0", &[1.0], StatusCode::Complete));
        add_page(&mut series, &page("t0", &[], StatusCode::Forbidden));
        assert_eq!(series["b0"], Ok(vec![1.0, 2.0, 3.0]));
        assert_eq!(
            load_of(&series, 0),
            Prop::unknown(
                "cloudwatch:GetMetricData answered Forbidden for WriteProvisionedThroughputExceeded"
            )
        );
        series.insert("t0".into(), Ok(vec![]));
        assert_eq!(load_of(&series, 0).known().map(|l| l.active_hours), Some(3));
        assert_eq!(
            load_of(&series, 1),
            Prop::unknown("cloudwatch:GetMetricData returned no IncomingBytes series")
        );
    }
}
