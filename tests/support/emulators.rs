//! The local AWS account the integration tests run against: LocalStack for S3, KMS, Kinesis,
//! Firehose, IAM and STS, and moto for Glue, Athena, Lake Formation, CloudTrail and EventBridge (see
//! `localstack/README.md`).
//!
//! [`local_aws`] starts the emulators once per test binary with `localstack/up`, unless the
//! environment already names an endpoint (`AWS_ENDPOINT_URL`, e.g. set by `scripts/test` or by a
//! developer pointing at their own LocalStack). The emulators are left running afterwards, so the
//! next test run reuses them; `localstack/down` stops them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use aws_config::{BehaviorVersion, SdkConfig};

/// The environment of the local AWS account, as applied to this process.
#[derive(Debug)]
pub struct LocalAws {
    env: BTreeMap<String, String>,
}

/// The local AWS account, started on first use. Every test that touches AWS must call this
/// before it reads the environment or builds an SDK client: the first call may change the
/// process environment (see [`apply_env`]).
///
/// Panics with `localstack/up`'s output and the log directory if the emulators cannot be
/// started: a test that needs them must fail, never skip.
pub fn local_aws() -> &'static LocalAws {
    static LOCAL_AWS: OnceLock<LocalAws> = OnceLock::new();
    LOCAL_AWS.get_or_init(|| {
        if std::env::var_os("AWS_ENDPOINT_URL").is_none() {
            apply_env(&run_up());
        }
        LocalAws {
            env: std::env::vars()
                .filter(|(k, _)| k.starts_with("AWS_"))
                .collect(),
        }
    })
}

impl LocalAws {
    /// A fresh `SdkConfig` from the default chain, which reads `AWS_ENDPOINT_URL` and the
    /// per-service `AWS_ENDPOINT_URL_GLUE`, `_ATHENA`, `_LAKEFORMATION`, `_CLOUDTRAIL`,
    /// `_EVENTBRIDGE` itself
    /// (aws-config 1.x "service-specific endpoints"; the Glue and Athena smoke tests prove it,
    /// as LocalStack community would answer them with 501).
    ///
    /// Built per call on purpose: every `#[tokio::test]` has its own runtime, and an HTTP
    /// client whose pooled connections belong to a runtime that has shut down fails with
    /// "dispatch task is gone".
    pub async fn sdk_config(&self) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest()).load().await
    }

    /// The `AWS_*` variables in effect, e.g. `env("AWS_ENDPOINT_URL_GLUE")`.
    pub fn env(&self, key: &str) -> Option<&str> {
        self.env.get(key).map(String::as_str)
    }

    /// All `AWS_*` variables in effect.
    pub fn env_map(&self) -> &BTreeMap<String, String> {
        &self.env
    }

    /// The default endpoint (LocalStack).
    pub fn endpoint(&self) -> &str {
        self.env("AWS_ENDPOINT_URL")
            .expect("AWS_ENDPOINT_URL is set once local_aws() has run")
    }

    /// The endpoint for one service: `AWS_ENDPOINT_URL_<SERVICE>` if set, else the default.
    pub fn endpoint_for(&self, service: &str) -> &str {
        let key = format!("AWS_ENDPOINT_URL_{}", service.to_ascii_uppercase());
        self.env(&key).unwrap_or_else(|| self.endpoint())
    }
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What `localstack/up` asks the environment to be.
#[derive(Debug, Default, PartialEq)]
struct UpEnv {
    set: Vec<(String, String)>,
    unset: Vec<String>,
}

/// Runs `localstack/up` and returns the variables it exports and those it unsets.
fn run_up() -> UpEnv {
    let up: PathBuf = repo_root().join("localstack/up");
    let logs = repo_root().join("localstack/.state/logs");
    let output = Command::new(&up)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", up.display()));
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        panic!(
            "{} failed ({}); the local AWS emulators are required for these tests.\n\
             --- its stderr ---\n{stderr}--- end ---\nlogs: {}",
            up.display(),
            output.status,
            logs.display()
        );
    }
    // The harness shows this only for failing tests: enough to tell a cold start from reuse.
    eprint!("{stderr}");
    let stdout = String::from_utf8(output.stdout).expect("localstack/up prints UTF-8");
    parse_exports(&stdout).unwrap_or_else(|line| {
        panic!(
            "{} printed a line that is not `export K=V` or `unset K...`: {line:?}",
            up.display()
        )
    })
}

/// Parses the `export K=V` / `export K="V"` and `unset K1 K2` lines of `localstack/up`.
/// Returns the first unexpected line as the error.
fn parse_exports(text: &str) -> Result<UpEnv, String> {
    let mut env = UpEnv::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(names) = line.strip_prefix("unset ") {
            env.unset
                .extend(names.split_whitespace().map(str::to_owned));
        } else if let Some((key, value)) = line
            .strip_prefix("export ")
            .and_then(|kv| kv.split_once('='))
        {
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            env.set.push((key.to_owned(), value.to_owned()));
        } else {
            return Err(line.to_owned());
        }
    }
    Ok(env)
}

/// The only place this crate's tests change the process environment.
fn apply_env(env: &UpEnv) {
    for key in &env.unset {
        // SAFETY: called only from `local_aws`'s `OnceLock` initialiser, which runs once,
        // before any SDK client exists; every test calls `local_aws()` before it reads the
        // environment, and concurrent callers block in `get_or_init` until this returns, so no
        // other thread of this test binary reads the environment meanwhile.
        unsafe { std::env::remove_var(key) };
    }
    for (key, value) in &env.set {
        // SAFETY: as above.
        unsafe { std::env::set_var(key, value) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_up_output() {
        let text = "export AWS_ENDPOINT_URL=http://127.0.0.1:4566\n\
                    unset AWS_PROFILE AWS_SESSION_TOKEN\n\
                    export LAKECTL_EMULATORS_STARTED=\"localstack moto\"\n";
        let env = parse_exports(text).unwrap();
        assert_eq!(
            env.set,
            vec![
                (
                    "AWS_ENDPOINT_URL".to_owned(),
                    "http://127.0.0.1:4566".to_owned()
                ),
                (
                    "LAKECTL_EMULATORS_STARTED".to_owned(),
                    "localstack moto".to_owned()
                ),
            ]
        );
        assert_eq!(env.unset, vec!["AWS_PROFILE", "AWS_SESSION_TOKEN"]);
        assert_eq!(
            parse_exports("starting moto\n"),
            Err("starting moto".to_owned())
        );
    }
}
