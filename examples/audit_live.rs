//! Live audit benchmark on the local emulators (run it with `scripts/bench-audit`).
//!
//! Creates 300 buckets, 50 keys and 30 streams once (raw SDK calls, in parallel, idempotent:
//! fixed names in a region of their own, so a second run reuses them), then reads them with the
//! inventory under a desired model that names them all and audits the result, four times in the
//! same run: with `concurrency = 1` (the same calls one after another) and with the default
//! concurrency, each straight to the emulators and through latency proxies (one per emulator)
//! that hold every request for `BENCH_LATENCY_MS` before forwarding it. The emulators answer in
//! a few milliseconds of their own CPU, so the direct figures measure the emulators; the proxied
//! ones stand in for AWS, where each call costs a network round trip that concurrency overlaps.
//! Prints a table of times, requests per resource type and speedups.
//!
//! Environment: the emulator variables `localstack/up` prints; `BENCH_REGION` (default
//! `us-west-1`), `BENCH_BUCKETS`, `BENCH_KEYS`, `BENCH_STREAMS` (default 300, 50, 30),
//! `BENCH_LATENCY_MS` (default 25).

#[path = "../tests/support/fault_proxy.rs"]
#[allow(dead_code)] // the benchmark uses the latency, not the faults
mod fault_proxy;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use fault_proxy::{FaultPlan, FaultProxy};
use futures::{FutureExt, StreamExt};
use lakectl::aws::{Aws, AwsSettings, CallSnapshot, Service};
use lakectl::compile::{self, CompileOptions};
use lakectl::inventory::{self, Options};
use lakectl::model::Model;

/// Requests in flight while creating the resources.
const SETUP_CONCURRENCY: usize = 32;

struct Sizes {
    buckets: usize,
    keys: usize,
    streams: usize,
}

/// One row of the table.
struct Row {
    mode: String,
    measured: Measured,
    /// The sequential run on the same endpoints, which the speedup is relative to.
    baseline: Duration,
}

/// Runs on plain threads until the last phase: the environment is rewritten for the proxied
/// phase, which is sound only while no other thread runs (dropping a tokio runtime joins its
/// threads).
fn main() -> anyhow::Result<()> {
    let region = std::env::var("BENCH_REGION").unwrap_or_else(|_| "us-west-1".into());
    let sizes = Sizes {
        buckets: env_number("BENCH_BUCKETS", 300)?,
        keys: env_number("BENCH_KEYS", 50)?,
        streams: env_number("BENCH_STREAMS", 30)?,
    };
    let latency = Duration::from_millis(env_number("BENCH_LATENCY_MS", 25)? as u64);
    let concurrent = Options::default();
    let sequential = Options::new(1);

    let direct = tokio::runtime::Runtime::new()?.block_on(async {
        let aws = Aws::connect(&AwsSettings::default(), Some(&region)).await?;
        let account = aws.caller_account().await?;
        let desired = desired_model(&region, &account, &sizes)?;
        let started = Instant::now();
        create_all(&aws, &desired).await?;
        println!(
            "setup: {} buckets, {} keys, {} streams in {region} ready in {:.1} s",
            sizes.buckets,
            sizes.keys,
            sizes.streams,
            started.elapsed().as_secs_f64()
        );
        // A warm-up read, so no measured run pays for connection set-up or emulator caches.
        measure(&aws, &desired, concurrent.clone()).await?;
        let s = measure(&aws, &desired, sequential.clone()).await?;
        let c = measure(&aws, &desired, concurrent.clone()).await?;
        anyhow::Ok((desired, s, c))
    })?;
    let (desired, direct_sequential, direct_concurrent) = direct;

    let routes = LatencyRoutes::bind()?;
    // SAFETY: the runtime above is dropped and its threads joined; the proxies' threads start
    // after this. The only other code running is this thread's.
    unsafe { routes.point_environment_at_proxies() };
    let proxies = routes.start(latency);
    let (proxied_sequential, proxied_concurrent) =
        tokio::runtime::Runtime::new()?.block_on(async {
            let aws = Aws::connect(&AwsSettings::default(), Some(&region)).await?;
            measure(&aws, &desired, concurrent.clone()).await?;
            let s = measure(&aws, &desired, sequential.clone()).await?;
            let c = measure(&aws, &desired, concurrent.clone()).await?;
            anyhow::Ok((s, c))
        })?;
    let forwarded: u64 = proxies.iter().map(|p| p.stats().forwarded).sum();
    let requests: u64 = proxies.iter().map(|p| p.stats().requests).sum();
    anyhow::ensure!(
        forwarded == requests,
        "the proxies forwarded {forwarded} of {requests} requests"
    );

    let lat = format!("+{} ms/request", latency.as_millis());
    let rows = [
        Row {
            mode: "direct, concurrency 1".into(),
            baseline: direct_sequential.time,
            measured: direct_sequential.clone(),
        },
        Row {
            mode: format!(
                "direct, concurrency {}",
                lakectl::inventory::DEFAULT_CONCURRENCY
            ),
            baseline: direct_sequential.time,
            measured: direct_concurrent.clone(),
        },
        Row {
            mode: format!("{lat}, concurrency 1"),
            baseline: proxied_sequential.time,
            measured: proxied_sequential.clone(),
        },
        Row {
            mode: format!(
                "{lat}, concurrency {}",
                lakectl::inventory::DEFAULT_CONCURRENCY
            ),
            baseline: proxied_sequential.time,
            measured: proxied_concurrent,
        },
    ];
    println!(
        "\n{} buckets, {} keys, {} streams; each proxied request waits {} ms before it is forwarded\n",
        sizes.buckets,
        sizes.keys,
        sizes.streams,
        latency.as_millis()
    );
    print_table(&rows, &sizes);
    println!();
    print_requests(&direct_concurrent.calls, &sizes);
    let totals: Vec<u64> = rows.iter().map(|r| r.measured.calls.total()).collect();
    anyhow::ensure!(
        totals.iter().all(|t| *t == totals[0]),
        "every run must make the same calls: {totals:?}"
    );
    Ok(())
}

fn env_number(name: &str, default: usize) -> anyhow::Result<usize> {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .with_context(|| format!("{name}={v:?} is not a number")),
        Err(_) => Ok(default),
    }
}

/// One latency proxy per distinct emulator endpoint in the environment, bound but not started,
/// and the endpoint variables that point at them.
struct LatencyRoutes {
    /// Upstream URL -> the proxy's listener.
    listeners: BTreeMap<String, TcpListener>,
    /// `AWS_ENDPOINT_URL` and the `AWS_ENDPOINT_URL_<SERVICE>` that are set, with their values.
    variables: Vec<(String, String)>,
}

impl LatencyRoutes {
    fn bind() -> anyhow::Result<LatencyRoutes> {
        let non_empty = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        let global = non_empty("AWS_ENDPOINT_URL").context(
            "AWS_ENDPOINT_URL is not set: the benchmark runs on the local emulators; run it with \
             scripts/bench-audit or after `eval \"$(localstack/up)\"`",
        )?;
        let variables: Vec<(String, String)> = std::iter::once(("AWS_ENDPOINT_URL".into(), global))
            .chain(
                Service::ALL
                    .iter()
                    .filter_map(|s| non_empty(&s.env_key()).map(|v| (s.env_key(), v))),
            )
            .collect();
        let mut listeners = BTreeMap::new();
        for (_, upstream) in &variables {
            if !listeners.contains_key(upstream) {
                let listener = TcpListener::bind("127.0.0.1:0").context("bind a latency proxy")?;
                listeners.insert(upstream.clone(), listener);
            }
        }
        Ok(LatencyRoutes {
            listeners,
            variables,
        })
    }

    /// # Safety
    /// No other thread may run: it changes the process environment.
    unsafe fn point_environment_at_proxies(&self) {
        for (key, upstream) in &self.variables {
            let addr = self.listeners[upstream]
                .local_addr()
                .expect("a bound listener has an address");
            // SAFETY: the caller guarantees this thread is the only one.
            unsafe { std::env::set_var(key, format!("http://{addr}")) };
        }
    }

    fn start(self, latency: Duration) -> Vec<FaultProxy> {
        let plan = FaultPlan {
            latency,
            ..FaultPlan::default()
        };
        self.listeners
            .into_iter()
            .map(|(upstream, listener)| FaultProxy::start_on(listener, upstream, plan))
            .collect()
    }
}

/// The streaming-minimal reference model, with its buckets, keys and streams replaced by
/// numbered copies of its first ones and everything else dropped but Lake Formation (one
/// account-level read, as in any audit).
fn desired_model(region: &str, account: &str, sizes: &Sizes) -> anyhow::Result<Model> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints/streaming-minimal.yaml");
    let (mut blueprint, _) =
        lakectl::load::file(&path, None).map_err(|d| anyhow::anyhow!("{d}"))?;
    blueprint.lake.name = "lkbench".into();
    blueprint.lake.region = region.into();
    let mut model = compile::compile(
        &blueprint,
        &CompileOptions {
            account: Some(account.into()),
            ..CompileOptions::default()
        },
    );
    let bucket = model.buckets[0].clone();
    let key = model.keys[0].clone();
    let stream = model.streams[0].clone();
    model.buckets = (0..sizes.buckets)
        .map(|i| {
            let mut b = bucket.clone();
            b.id = format!("b{i:03}");
            b.logical_id = format!("Bucket{i:03}");
            b.name = format!("lkbench-{i:03}-{account}-{region}");
            b
        })
        .collect();
    model.keys = (0..sizes.keys)
        .map(|i| {
            let mut k = key.clone();
            k.id = format!("k{i:02}");
            k.logical_id = format!("Key{i:02}");
            k.alias = format!("alias/lkbench-{i:02}");
            k.arn = None;
            k
        })
        .collect();
    model.streams = (0..sizes.streams)
        .map(|i| {
            let mut s = stream.clone();
            s.id = format!("s{i:02}");
            s.logical_id = format!("Stream{i:02}");
            s.name = format!("lkbench-{i:02}");
            s
        })
        .collect();
    model.delivery_streams.clear();
    model.catalog.security_configurations.clear();
    model.catalog.databases.clear();
    model.catalog.tables.clear();
    model.catalog.crawlers.clear();
    model.catalog.jobs.clear();
    model.workgroups.clear();
    model.roles.clear();
    Ok(model)
}

/// Creates what does not exist yet: buckets (tagged), keys with their aliases, provisioned
/// one-shard streams (kinesis-mock allows only 10 on-demand streams per region).
async fn create_all(aws: &Aws, desired: &Model) -> anyhow::Result<()> {
    let tags = aws_sdk_s3::types::Tagging::builder()
        .tag_set(
            aws_sdk_s3::types::Tag::builder()
                .key("lake")
                .value("lkbench")
                .build()?,
        )
        .build()?;
    let buckets = desired.buckets.iter().map(|b| {
        let tags = tags.clone();
        async move {
            match aws
                .s3
                .create_bucket()
                .bucket(&b.name)
                .create_bucket_configuration(
                    aws_sdk_s3::types::CreateBucketConfiguration::builder()
                        .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(
                            aws.region(),
                        ))
                        .build(),
                )
                .send()
                .await
            {
                Ok(_) => {}
                Err(e)
                    if e.as_service_error()
                        .is_some_and(|e| e.is_bucket_already_owned_by_you()) =>
                {
                    return Ok(());
                }
                Err(e) => return Err(anyhow::anyhow!("create bucket {}: {e:?}", b.name)),
            }
            aws.s3
                .put_bucket_tagging()
                .bucket(&b.name)
                .tagging(tags)
                .send()
                .await
                .with_context(|| format!("tag bucket {}", b.name))?;
            anyhow::Ok(())
        }
        .boxed()
    });
    let keys = desired.keys.iter().map(|k| {
        async move {
            if aws.kms.describe_key().key_id(&k.alias).send().await.is_ok() {
                return Ok(());
            }
            let key = aws.kms.create_key().send().await.context("create key")?;
            let id = key
                .key_metadata()
                .map(|m| m.key_id().to_string())
                .context("CreateKey returned no key id")?;
            aws.kms
                .create_alias()
                .alias_name(&k.alias)
                .target_key_id(id)
                .send()
                .await
                .with_context(|| format!("create alias {}", k.alias))?;
            anyhow::Ok(())
        }
        .boxed()
    });
    let streams = desired.streams.iter().map(|s| {
        async move {
            match aws
                .kinesis
                .create_stream()
                .stream_name(&s.name)
                .shard_count(1)
                .send()
                .await
            {
                Ok(_) => Ok(()),
                Err(e)
                    if e.as_service_error()
                        .is_some_and(|e| e.is_resource_in_use_exception()) =>
                {
                    Ok(())
                }
                Err(e) => Err(anyhow::anyhow!("create stream {}: {e:?}", s.name)),
            }
        }
        .boxed()
    });
    let results: Vec<anyhow::Result<()>> =
        futures::stream::iter(buckets.chain(keys).chain(streams))
            .buffer_unordered(SETUP_CONCURRENCY)
            .collect()
            .await;
    results.into_iter().collect()
}

#[derive(Clone)]
struct Measured {
    time: Duration,
    calls: CallSnapshot,
    findings: usize,
}

/// One live audit: inventory read and rules, timed, with the calls it made.
async fn measure(aws: &Aws, desired: &Model, opts: Options) -> anyhow::Result<Measured> {
    let before = aws.calls();
    let started = Instant::now();
    let live = inventory::read(aws, desired, opts).await?;
    let findings = lakectl::audit::run(&live).len();
    let time = started.elapsed();
    anyhow::ensure!(
        live.buckets.len() == desired.buckets.len()
            && live.keys.len() == desired.keys.len()
            && live.streams.len() == desired.streams.len(),
        "the inventory found {} buckets, {} keys, {} streams",
        live.buckets.len(),
        live.keys.len(),
        live.streams.len()
    );
    Ok(Measured {
        time,
        calls: aws.calls().since(&before),
        findings,
    })
}

/// Requests of one service.
fn requests_of(calls: &CallSnapshot, service: &str) -> u64 {
    calls
        .operations
        .iter()
        .filter(|((s, _), _)| s == service)
        .map(|(_, c)| c.calls)
        .sum()
}

/// The four runs as a Markdown table.
fn print_table(rows: &[Row], sizes: &Sizes) {
    println!(
        "| mode | wall time | requests | S3 ({} buckets) | KMS ({} keys) | Kinesis ({} streams) \
         | account-level | findings | speedup |",
        sizes.buckets, sizes.keys, sizes.streams
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    for row in rows {
        let calls = &row.measured.calls;
        let per = |service: &str, n: usize| {
            let total = requests_of(calls, service);
            format!("{total} ({:.1} each)", total as f64 / n.max(1) as f64)
        };
        let resource_level = ["S3", "KMS", "Kinesis"]
            .iter()
            .map(|s| requests_of(calls, s))
            .sum::<u64>();
        println!(
            "| {} | {:.2} s | {} | {} | {} | {} | {} | {} | {:.1}x |",
            row.mode,
            row.measured.time.as_secs_f64(),
            calls.total(),
            per("S3", sizes.buckets),
            per("KMS", sizes.keys),
            per("Kinesis", sizes.streams),
            calls.total() - resource_level,
            row.measured.findings,
            row.baseline.as_secs_f64() / row.measured.time.as_secs_f64()
        );
    }
}

fn print_requests(calls: &CallSnapshot, sizes: &Sizes) {
    let per = |service: &str, n: usize| {
        let total = requests_of(calls, service);
        let operations: Vec<String> = calls
            .operations
            .iter()
            .filter(|((s, _), c)| s == service && c.calls > 0)
            .map(|((_, o), c)| format!("{o} {}", c.calls))
            .collect();
        println!(
            "  {service:<8} {total:5} requests = {:5.2} per resource ({n}): {}",
            total as f64 / n.max(1) as f64,
            operations.join(", ")
        );
    };
    println!("requests per resource type, by operation (every run makes the same calls):");
    per("S3", sizes.buckets);
    per("KMS", sizes.keys);
    per("Kinesis", sizes.streams);
    let others: Vec<String> = calls
        .by_service()
        .into_iter()
        .filter(|(s, _)| !["S3", "KMS", "Kinesis"].contains(&s.as_str()))
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    println!("  account-level: {}", others.join(", "));
}
