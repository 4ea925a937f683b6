//! The fault proxy injects what it promises, in a form the AWS SDK retries: calls through it
//! still succeed with a generous retry policy, and the counters prove faults happened.

use std::time::{Duration, Instant};

use aws_config::SdkConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_glue::types::DatabaseInput;

use crate::support::emulators::local_aws;
use crate::support::fault_proxy::{FaultPlan, FaultProxy, FaultStats};
use crate::support::names::{unique, unique_ident};

/// Every kind of fault, 55% of requests in all.
const ROUGH: FaultPlan = FaultPlan {
    throttle: 0.15,
    http500: 0.1,
    http503: 0.1,
    drop_before: 0.1,
    drop_after: 0.1,
    seed: 20261120,
    latency: Duration::ZERO,
    refuse: None,
};

/// Ten attempts with short backoff: enough to get through ROUGH, quick to run.
fn retry(attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(50))
}

/// A bound on each attempt, so a proxy bug shows as a failure, not a hung test.
fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .operation_attempt_timeout(Duration::from_secs(10))
        .build()
}

fn s3_via(config: &SdkConfig, proxy: &FaultProxy, attempts: u32) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .endpoint_url(proxy.url())
            .force_path_style(true)
            .retry_config(retry(attempts))
            .timeout_config(timeouts())
            .build(),
    )
}

fn glue_via(config: &SdkConfig, proxy: &FaultProxy, attempts: u32) -> aws_sdk_glue::Client {
    aws_sdk_glue::Client::from_conf(
        aws_sdk_glue::config::Builder::from(config)
            .endpoint_url(proxy.url())
            .retry_config(retry(attempts))
            .timeout_config(timeouts())
            .build(),
    )
}

/// Every fault kind was injected at least once.
fn assert_all_kinds(stats: FaultStats) {
    assert!(
        stats.throttled > 0
            && stats.http500 > 0
            && stats.http503 > 0
            && stats.dropped_before > 0
            && stats.dropped_after > 0,
        "expected every kind of fault, got {stats:?}"
    );
    assert_eq!(stats.upstream_errors, 0, "{stats:?}");
}

#[tokio::test]
async fn s3_calls_succeed_through_a_rough_proxy() {
    let aws = local_aws();
    let config = aws.sdk_config().await;
    let proxy = FaultProxy::start(aws.endpoint(), ROUGH);
    let bucket = unique("proxy-s3");
    // Created directly: CreateBucket is not what this test is about.
    let direct = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    direct
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("CreateBucket");

    let s3 = s3_via(&config, &proxy, 10);
    let mut expected = Vec::new();
    for i in 0..15 {
        let key = format!("k{i:02}");
        let body = format!("object {i}");
        // PutObject is idempotent, so a drop_after followed by a retry is harmless.
        s3.put_object()
            .bucket(&bucket)
            .key(&key)
            .body(body.clone().into_bytes().into())
            .send()
            .await
            .unwrap_or_else(|e| panic!("PutObject {key}: {e:?}\n{:?}", proxy.stats()));
        let got = s3
            .get_object()
            .bucket(&bucket)
            .key(&key)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GetObject {key}: {e:?}\n{:?}", proxy.stats()));
        let bytes = got.body.collect().await.expect("object body").into_bytes();
        assert_eq!(bytes.as_ref(), body.as_bytes());
        expected.push(key);
    }
    let listed = s3
        .list_objects_v2()
        .bucket(&bucket)
        .send()
        .await
        .expect("ListObjectsV2");
    let keys: Vec<_> = listed.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, expected);

    let stats = proxy.stats();
    assert_eq!(
        stats.requests,
        stats.forwarded + stats.faults() + stats.upstream_errors
    );
    assert_eq!(stats.forwarded, 31, "one answered call each: {stats:?}");
    assert_all_kinds(stats);
}

#[tokio::test]
async fn glue_calls_succeed_through_a_rough_proxy() {
    let aws = local_aws();
    let config = aws.sdk_config().await;
    let proxy = FaultProxy::start(aws.endpoint_for("glue"), ROUGH);
    let name = unique_ident("proxy_glue");
    let direct = aws_sdk_glue::Client::new(&config);
    direct
        .create_database()
        .database_input(DatabaseInput::builder().name(&name).build().expect("input"))
        .send()
        .await
        .expect("CreateDatabase");

    let glue = glue_via(&config, &proxy, 10);
    for i in 0..30 {
        let got = glue
            .get_database()
            .name(&name)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GetDatabase #{i}: {e:?}\n{:?}", proxy.stats()));
        assert_eq!(got.database().map(|d| d.name()), Some(name.as_str()));
    }

    let stats = proxy.stats();
    assert_eq!(stats.forwarded, 30, "{stats:?}");
    assert_all_kinds(stats);
    direct
        .delete_database()
        .name(&name)
        .send()
        .await
        .expect("DeleteDatabase");
}

/// CloudWatch speaks Smithy RPC v2 CBOR: the proxy's errors must be CBOR for the SDK to classify
/// them (a JSON throttling reply would fail the call at once instead of being retried).
#[tokio::test]
async fn cloudwatch_calls_succeed_through_a_rough_proxy() {
    let aws = local_aws();
    let config = aws.sdk_config().await;
    let proxy = FaultProxy::start(aws.endpoint(), ROUGH);
    let cloudwatch = aws_sdk_cloudwatch::Client::from_conf(
        aws_sdk_cloudwatch::config::Builder::from(&config)
            .endpoint_url(proxy.url())
            .retry_config(retry(10))
            .timeout_config(timeouts())
            .build(),
    );
    for i in 0..30 {
        cloudwatch
            .describe_alarms()
            .alarm_names(unique("proxy-alarm"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("DescribeAlarms #{i}: {e:?}\n{:?}", proxy.stats()));
    }
    let stats = proxy.stats();
    assert_eq!(stats.forwarded, 30, "{stats:?}");
    assert_all_kinds(stats);
}

/// drop_after lets the upstream act but loses the reply: the client sees a failure for a call
/// that took effect, which is what idempotent apply code must cope with.
#[tokio::test]
async fn drop_after_applies_the_call_but_loses_the_reply() {
    let aws = local_aws();
    let config = aws.sdk_config().await;
    let lossy = FaultPlan {
        drop_after: 1.0,
        ..FaultPlan::default()
    };
    let proxy = FaultProxy::start(aws.endpoint_for("glue"), lossy);
    let name = unique_ident("proxy_drop_after");

    let err = glue_via(&config, &proxy, 1)
        .create_database()
        .database_input(DatabaseInput::builder().name(&name).build().expect("input"))
        .send()
        .await
        .expect_err("the reply was dropped");
    assert!(
        matches!(err, aws_sdk_glue::error::SdkError::DispatchFailure(_)),
        "expected a dispatch failure, got {err:?}"
    );
    assert_eq!(
        proxy.stats(),
        FaultStats {
            requests: 1,
            dropped_after: 1,
            ..FaultStats::default()
        }
    );

    let direct = aws_sdk_glue::Client::new(&config);
    let got = direct
        .get_database()
        .name(&name)
        .send()
        .await
        .expect("GetDatabase");
    assert_eq!(got.database().map(|d| d.name()), Some(name.as_str()));
    direct
        .delete_database()
        .name(&name)
        .send()
        .await
        .expect("DeleteDatabase");
}

/// The throttling reply is understood in all four wire protocols: each call is retried until it
/// succeeds.
#[tokio::test]
async fn throttling_is_retried_in_every_protocol() {
    let aws = local_aws();
    let config = aws.sdk_config().await;
    let plan = FaultPlan {
        throttle: 0.5,
        seed: 7,
        ..FaultPlan::default()
    };
    let localstack = FaultProxy::start(aws.endpoint(), plan);
    let moto = FaultProxy::start(aws.endpoint_for("lakeformation"), plan);

    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(&config)
            .endpoint_url(localstack.url())
            .retry_config(retry(10))
            .build(),
    );
    let lakeformation = aws_sdk_lakeformation::Client::from_conf(
        aws_sdk_lakeformation::config::Builder::from(&config)
            .endpoint_url(moto.url())
            .retry_config(retry(10))
            .build(),
    );
    let s3 = s3_via(&config, &localstack, 10);
    let glue = glue_via(&config, &moto, 10);

    for _ in 0..6 {
        // awsQuery
        let me = sts
            .get_caller_identity()
            .send()
            .await
            .expect("STS GetCallerIdentity");
        assert_eq!(me.account(), Some("000000000000"));
        // restXml
        s3.list_buckets().send().await.expect("S3 ListBuckets");
        // restJson
        lakeformation
            .get_data_lake_settings()
            .send()
            .await
            .expect("LakeFormation GetDataLakeSettings");
        // awsJson 1.1
        glue.get_databases()
            .send()
            .await
            .expect("Glue GetDatabases");
    }

    for (which, stats) in [("localstack", localstack.stats()), ("moto", moto.stats())] {
        assert_eq!(stats.forwarded, 12, "{which}: {stats:?}");
        assert_eq!(stats.requests, 12 + stats.throttled, "{which}: {stats:?}");
        assert!(stats.throttled > 0, "{which}: {stats:?}");
    }
}

/// Latency delays each request by at least the plan's duration, and only that request: calls on
/// other connections wait out their delays at the same time.
#[tokio::test]
async fn latency_delays_every_request_without_serialising_them() {
    const LATENCY: Duration = Duration::from_millis(300);
    const CALLS: u32 = 8;
    let aws = local_aws();
    let config = aws.sdk_config().await;
    let slow = FaultPlan {
        latency: LATENCY,
        ..FaultPlan::default()
    };
    let proxy = FaultProxy::start(aws.endpoint(), slow);
    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(&config)
            .endpoint_url(proxy.url())
            .retry_config(retry(1))
            .timeout_config(timeouts())
            .build(),
    );

    let started = Instant::now();
    sts.get_caller_identity()
        .send()
        .await
        .expect("STS GetCallerIdentity");
    let one = started.elapsed();
    assert!(one >= LATENCY, "one call took {one:?}");

    let started = Instant::now();
    let calls = (0..CALLS).map(|_| sts.get_caller_identity().send());
    for reply in futures::future::join_all(calls).await {
        reply.expect("STS GetCallerIdentity");
    }
    let all = started.elapsed();
    // At least one delay; far less than the delays end to end (a generous bound: the emulator's
    // own time is what may vary, and it is milliseconds).
    assert!(
        all >= LATENCY && all < LATENCY * CALLS / 2,
        "{CALLS} concurrent calls took {all:?}"
    );
    assert_eq!(
        proxy.stats(),
        FaultStats {
            requests: u64::from(CALLS) + 1,
            forwarded: u64::from(CALLS) + 1,
            ..FaultStats::default()
        }
    );
}
