//! Helpers for deploy tests: a reference blueprint copied under a unique lake name, the built
//! `lakectl` binary run against the emulators, and raw SDK clients for independent checks.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use lakectl::audit::{Finding, Status};
use lakectl::aws::{Aws, AwsSettings};
use lakectl::blueprint::Blueprint;
use lakectl::compile::{self, CompileOptions};
use lakectl::inventory::{self, Options};
use lakectl::model::Model;
use lakectl::scripts::Scripts;

use crate::support::emulators::local_aws;

/// Emulators keep state between runs and Lake Formation's settings are account-wide (a
/// read-modify-write): deploys that assert exact call counts run one at a time.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub const ACCOUNT: &str = "000000000000";

/// The failing findings of one rule, as (resource ARN, message).
pub fn failures(findings: &[Finding], rule: &str) -> Vec<(String, String)> {
    (findings.iter())
        .filter(|f| f.rule.id == rule && f.status == Status::Fail)
        .map(|f| (f.resource.arn.clone(), f.message.clone()))
        .collect()
}

/// A reference blueprint with a unique lake name (at most 20 characters), written to a
/// temporary directory.
pub struct TestLake {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub blueprint: Blueprint,
    scripts: Scripts,
}

impl TestLake {
    pub fn new(reference: &str) -> TestLake {
        TestLake::with(reference, |_| {})
    }

    pub fn with(reference: &str, edit: impl FnOnce(&mut Blueprint)) -> TestLake {
        local_aws();
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("blueprints")
            .join(reference);
        let (mut blueprint, _) =
            lakectl::load::file(&source, None).unwrap_or_else(|d| panic!("{reference}: {d}"));
        blueprint.lake.name = short_unique();
        blueprint.lake.account_id = None;
        // The copy lives elsewhere: its job scripts are the reference's own files.
        let blueprints = source.parent().expect("blueprints directory");
        for job in &mut blueprint.jobs {
            job.script = blueprints.join(&job.script).display().to_string();
        }
        edit(&mut blueprint);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(reference);
        // JSON is YAML: the loader reads it as any blueprint.
        let mut json = serde_json::to_string_pretty(&blueprint).expect("blueprint serializes");
        // Named databases are account-wide: give them the lake's unique name too, so other
        // tests (and other suites on the same emulators) cannot touch them.
        for db in &blueprint.catalog.databases {
            let unique = format!("{}_{}", blueprint.lake.name, db.name);
            json = json.replace(&format!("\"{}\"", db.name), &format!("\"{unique}\""));
        }
        // LF-tag keys are account-wide too.
        for tag in &blueprint.lake_formation.tags {
            let unique = format!("{}_{}", blueprint.lake.name, tag.key);
            json = json.replace(&format!("\"{}\"", tag.key), &format!("\"{unique}\""));
        }
        std::fs::write(&path, json).expect("write blueprint");
        let (blueprint, source) =
            lakectl::load::file(&path, None).unwrap_or_else(|d| panic!("{reference} copy: {d}"));
        let scripts = Scripts::read(&blueprint, &source);
        TestLake {
            _dir: dir,
            path,
            blueprint,
            scripts,
        }
    }

    /// The desired model, as deploy compiles it on the emulators.
    pub fn model(&self) -> Model {
        compile::compile(
            &self.blueprint,
            &CompileOptions {
                account: Some(ACCOUNT.into()),
                scripts: self.scripts.clone(),
            },
        )
    }

    pub fn region(&self) -> &str {
        &self.blueprint.lake.region
    }

    /// The findings of the library's audit of the live lake, read as its desired model names it.
    pub async fn findings(&self) -> Vec<Finding> {
        let aws = Aws::connect(&AwsSettings::default(), Some(self.region()))
            .await
            .expect("the emulators' configuration loads");
        let live = inventory::read(&aws, &self.model(), Options::default())
            .await
            .expect("the emulators answer");
        lakectl::audit::run(&live)
    }

    pub fn deploy(&self) -> Run {
        self.mirror_trail_bucket();
        lakectl(
            &[
                "deploy",
                self.path.to_str().unwrap(),
                "--yes",
                "--output",
                "json",
            ],
            &[],
        )
    }

    /// moto's CreateTrail refuses a bucket its own S3 does not hold, and the lake's buckets live
    /// on LocalStack (the gap `trail::moto_create_trail_needs_the_bucket_in_its_own_s3`
    /// asserts): the lake's log bucket gets an empty namesake on moto before a deploy.
    pub fn mirror_trail_bucket(&self) {
        let Some(trail) = self.model().trail else {
            return;
        };
        let bucket = trail
            .bucket
            .known()
            .cloned()
            .expect("a compiled trail names its bucket");
        let endpoint = local_aws().endpoint_for("cloudtrail").to_string();
        // Deploy tests call this from inside their runtime: the call gets a runtime of its own.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
                    .region(aws_config::Region::new("us-east-1"))
                    .load()
                    .await;
                let s3 = aws_sdk_s3::config::Builder::from(&config)
                    .force_path_style(true)
                    .endpoint_url(endpoint)
                    .build();
                let out = (aws_sdk_s3::Client::from_conf(s3).create_bucket())
                    .bucket(&bucket)
                    .send()
                    .await;
                if let Err(e) = out {
                    let code = aws_sdk_s3::error::ProvideErrorMetadata::code(&e);
                    assert_eq!(
                        code,
                        Some("BucketAlreadyOwnedByYou"),
                        "mirroring {bucket} on moto: {e:?}"
                    );
                }
            })
        })
        .join()
        .expect("mirroring the trail bucket");
    }

    pub fn plan(&self) -> Run {
        lakectl(&["plan", self.path.to_str().unwrap()], &[])
    }
}

/// Tears the lake down (best effort, also when the test failed): LocalStack's Kinesis allows
/// only a handful of on-demand streams per region, and emulator state outlives the run.
impl Drop for TestLake {
    fn drop(&mut self) {
        let run = lakectl(
            &["destroy", self.path.to_str().unwrap(), "--force", "--yes"],
            &[],
        );
        if run.code != 0 && !std::thread::panicking() {
            panic!("destroying the test lake failed: {}", run.stderr);
        }
    }
}

/// `l` + base-36 time, process id and a counter: unique across parallel tests and runs.
fn short_unique() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let name = format!(
        "l{}{}{}",
        base36(millis % 36u64.pow(7)),
        base36(u64::from(std::process::id()) % 1296),
        base36(u64::from(n))
    );
    name.chars().take(20).collect()
}

fn base36(mut v: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(v % 36) as usize]);
        v /= 36;
        if v == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// A finished `lakectl` run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }

    pub fn mutating_calls(&self) -> u64 {
        self.json()["calls"]["mutating"]
            .as_u64()
            .unwrap_or_else(|| panic!("no call count: {self:?}"))
    }

    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "lakectl failed:\n{}\n{}",
            self.stderr, self.stdout
        );
        self
    }
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_lakectl")
}

/// Runs the built binary with the emulator environment plus `env`.
pub fn lakectl(args: &[&str], env: &[(&str, &str)]) -> Run {
    local_aws();
    let mut command = Command::new(binary());
    command.args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("run lakectl");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Raw SDK clients in a region, independent of lakectl's own `Aws`.
pub struct Raw {
    pub s3: aws_sdk_s3::Client,
    pub kms: aws_sdk_kms::Client,
    pub kinesis: aws_sdk_kinesis::Client,
    pub iam: aws_sdk_iam::Client,
    pub glue: aws_sdk_glue::Client,
    pub athena: aws_sdk_athena::Client,
    pub lakeformation: aws_sdk_lakeformation::Client,
    pub firehose: aws_sdk_firehose::Client,
    pub eventbridge: aws_sdk_eventbridge::Client,
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
}

pub async fn raw(region: &str) -> Raw {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.to_string()))
        .load()
        .await;
    let s3 = aws_sdk_s3::config::Builder::from(&config)
        .force_path_style(true)
        .build();
    Raw {
        s3: aws_sdk_s3::Client::from_conf(s3),
        kms: aws_sdk_kms::Client::new(&config),
        kinesis: aws_sdk_kinesis::Client::new(&config),
        iam: aws_sdk_iam::Client::new(&config),
        glue: aws_sdk_glue::Client::new(&config),
        athena: aws_sdk_athena::Client::new(&config),
        lakeformation: aws_sdk_lakeformation::Client::new(&config),
        firehose: aws_sdk_firehose::Client::new(&config),
        eventbridge: aws_sdk_eventbridge::Client::new(&config),
        cloudtrail: aws_sdk_cloudtrail::Client::new(&config),
        cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
        logs: aws_sdk_cloudwatchlogs::Client::new(&config),
    }
}
