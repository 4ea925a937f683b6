//! AWS access: one shared SDK configuration and a client per service. Only the inventory and
//! the apply layer use these.
//!
//! Every client shares: the standard credential chain (environment, profiles, SSO, instance
//! roles), the region (`--region`, else the blueprint's, else the AWS configuration's), the
//! endpoints (see [`endpoints`]), standard retries with exponential backoff and jitter, and a
//! call-counting interceptor (see [`calls`]).

pub mod calls;
mod cbor_timestamps;
pub mod classify;
pub mod endpoints;
pub mod errors;
mod http;
pub mod lake_formation;

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::config::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

pub use calls::{CallLog, CallSnapshot};
pub use cbor_timestamps::WholeSecondTimestamps;
pub use classify::ErrorClass;
pub use endpoints::{Endpoints, Service};
pub use errors::{CallError, Failure};

/// Attempts per call (first try included) unless `AWS_MAX_ATTEMPTS` says otherwise: enough to
/// ride out throttling bursts, 5xx and dropped connections.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 6;

/// Clients for every service the lake uses, built from one `SdkConfig`.
#[derive(Clone, Debug)]
pub struct Aws {
    pub config: SdkConfig,
    pub s3: aws_sdk_s3::Client,
    pub kms: aws_sdk_kms::Client,
    pub kinesis: aws_sdk_kinesis::Client,
    pub firehose: aws_sdk_firehose::Client,
    pub glue: aws_sdk_glue::Client,
    pub athena: aws_sdk_athena::Client,
    pub lakeformation: aws_sdk_lakeformation::Client,
    pub iam: aws_sdk_iam::Client,
    pub sts: aws_sdk_sts::Client,
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    /// The delivery streams' error log groups.
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// The rules that start workflows on new objects.
    pub eventbridge: aws_sdk_eventbridge::Client,
    /// Account-level S3 settings (the account's public access block).
    pub s3control: aws_sdk_s3control::Client,
    /// The regions enabled in the account (`--region all`).
    pub ec2: aws_sdk_ec2::Client,
    /// The accounts of the caller's organization (`--organization`).
    pub organizations: aws_sdk_organizations::Client,
    /// Where each service's calls go.
    pub endpoints: Endpoints,
    calls: CallLog,
}

/// How to reach AWS, as the user asked (`--profile`, `--region`, `--endpoint-url`); resolved by
/// `settings` from the command line and the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    /// Named profile from the AWS config files.
    pub profile: Option<String>,
    /// Overrides the blueprint's region and the AWS configuration's.
    pub region: Option<String>,
    /// Endpoint for every service; `AWS_ENDPOINT_URL_<SERVICE>` still applies per service.
    pub endpoint_url: Option<String>,
}

/// Connection settings beyond [`AwsSettings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Attempts per call, first try included.
    pub max_attempts: u32,
}

impl ConnectOptions {
    /// From the value of `AWS_MAX_ATTEMPTS`: a positive number, else [`DEFAULT_MAX_ATTEMPTS`].
    pub fn from_max_attempts(value: Option<&str>) -> Self {
        let max_attempts = value
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_MAX_ATTEMPTS);
        ConnectOptions { max_attempts }
    }
}

impl Default for ConnectOptions {
    /// `AWS_MAX_ATTEMPTS` when set to a positive number, else [`DEFAULT_MAX_ATTEMPTS`].
    fn default() -> Self {
        ConnectOptions::from_max_attempts(std::env::var("AWS_MAX_ATTEMPTS").ok().as_deref())
    }
}

impl Aws {
    /// Loads the standard credential chain, honouring `--profile`, `--region` (else the
    /// blueprint's region) and `--endpoint-url`; `AWS_ENDPOINT_URL_<SERVICE>` still applies.
    /// Makes no call: credentials are resolved lazily, on the first request (see
    /// [`Aws::caller_account`] for an early check).
    pub async fn connect(
        args: &AwsSettings,
        blueprint_region: Option<&str>,
    ) -> anyhow::Result<Aws> {
        Aws::connect_with(args, blueprint_region, ConnectOptions::default()).await
    }

    pub async fn connect_with(
        args: &AwsSettings,
        blueprint_region: Option<&str>,
        options: ConnectOptions,
    ) -> anyhow::Result<Aws> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http::shared_https_client())
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(options.max_attempts)
                    .with_initial_backoff(Duration::from_millis(500))
                    .with_max_backoff(Duration::from_secs(20)),
            );
        if let Some(profile) = &args.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = args.region.as_deref().or(blueprint_region) {
            loader = loader.region(Region::new(region.to_string()));
        }
        if let Some(endpoint) = &args.endpoint_url {
            loader = loader.endpoint_url(endpoint);
        }
        let config = loader.load().await;
        tracing::debug!(
            profile = ?args.profile,
            region = ?config.region(),
            endpoint = ?config.endpoint_url(),
            max_attempts = options.max_attempts,
            "aws configuration loaded"
        );
        let Some(region) = config.region() else {
            anyhow::bail!(
                "no AWS region configured; pass --region, set AWS_REGION, or set lake.region in \
                 the blueprint"
            );
        };
        check_region(region.as_ref())?;
        let endpoints =
            Endpoints::resolve(args.endpoint_url.as_deref(), config.endpoint_url(), |key| {
                std::env::var(key).ok()
            });
        Ok(Aws::build(config, endpoints))
    }

    /// Clients from a ready configuration: its endpoint applies to every service, unless the
    /// configuration came from aws-config's loader, whose clients also read
    /// `AWS_ENDPOINT_URL_<SERVICE>` (a configuration built by hand reads no environment).
    pub fn from_config(config: SdkConfig) -> Aws {
        let reads_env = config.service_config().is_some();
        let endpoints = Endpoints::resolve(None, config.endpoint_url(), |key| {
            if reads_env {
                std::env::var(key).ok()
            } else {
                None
            }
        });
        Aws::build(config, endpoints)
    }

    fn build(config: SdkConfig, endpoints: Endpoints) -> Aws {
        let calls = CallLog::default();
        // Each service's builder: same config, the counting interceptor, and the endpoint
        // override `--endpoint-url` calls for (see `endpoints`).
        macro_rules! client {
            ($sdk:ident, $service:expr) => {{
                let mut builder =
                    $sdk::config::Builder::from(&config).interceptor(calls.interceptor());
                if let Some(url) = endpoints.client_override($service) {
                    builder = builder.endpoint_url(url);
                }
                builder
            }};
        }
        // Emulators serve S3 on one host; virtual-hosted addressing needs wildcard DNS.
        let s3 = client!(aws_sdk_s3, Service::S3)
            .force_path_style(endpoints.s3_is_custom())
            .build();
        let mut s3control = client!(aws_sdk_s3control, Service::S3Control);
        if let Some(url) = endpoints.effective(Service::S3Control) {
            // S3 Control puts the account id in front of the host name, which no emulator's
            // host resolves; send the request to the endpoint as given.
            s3control = s3control.endpoint_resolver(VerbatimEndpoint(url.to_string()));
        }
        Aws {
            s3: aws_sdk_s3::Client::from_conf(s3),
            s3control: aws_sdk_s3control::Client::from_conf(s3control.build()),
            kms: aws_sdk_kms::Client::from_conf(client!(aws_sdk_kms, Service::Kms).build()),
            kinesis: aws_sdk_kinesis::Client::from_conf(
                client!(aws_sdk_kinesis, Service::Kinesis).build(),
            ),
            firehose: aws_sdk_firehose::Client::from_conf(
                client!(aws_sdk_firehose, Service::Firehose).build(),
            ),
            glue: aws_sdk_glue::Client::from_conf(client!(aws_sdk_glue, Service::Glue).build()),
            athena: aws_sdk_athena::Client::from_conf(
                client!(aws_sdk_athena, Service::Athena).build(),
            ),
            lakeformation: aws_sdk_lakeformation::Client::from_conf(
                client!(aws_sdk_lakeformation, Service::LakeFormation).build(),
            ),
            iam: aws_sdk_iam::Client::from_conf(client!(aws_sdk_iam, Service::Iam).build()),
            sts: aws_sdk_sts::Client::from_conf(client!(aws_sdk_sts, Service::Sts).build()),
            cloudtrail: aws_sdk_cloudtrail::Client::from_conf(
                client!(aws_sdk_cloudtrail, Service::CloudTrail).build(),
            ),
            cloudwatch: aws_sdk_cloudwatch::Client::from_conf(
                client!(aws_sdk_cloudwatch, Service::CloudWatch)
                    .interceptor(WholeSecondTimestamps)
                    .build(),
            ),
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(
                client!(aws_sdk_cloudwatchlogs, Service::Logs).build(),
            ),
            eventbridge: aws_sdk_eventbridge::Client::from_conf(
                client!(aws_sdk_eventbridge, Service::EventBridge).build(),
            ),
            ec2: aws_sdk_ec2::Client::from_conf(client!(aws_sdk_ec2, Service::Ec2).build()),
            organizations: aws_sdk_organizations::Client::from_conf(
                client!(aws_sdk_organizations, Service::Organizations).build(),
            ),
            config,
            endpoints,
            calls,
        }
    }

    /// The same configuration in `region`, with `credentials` instead of the caller's when
    /// given (a member account's assumed role). The clients are new, with their own call count;
    /// clients given the same provider share its cached credentials, which the SDK refreshes
    /// before they expire.
    pub fn derive(&self, region: &str, credentials: Option<SharedCredentialsProvider>) -> Aws {
        let mut config = self
            .config
            .clone()
            .into_builder()
            .region(Region::new(region.to_string()));
        if let Some(credentials) = credentials {
            config = config.credentials_provider(credentials);
        }
        Aws::build(config.build(), self.endpoints.clone())
    }

    /// The region every client uses.
    pub fn region(&self) -> &str {
        self.config.region().map(|r| r.as_ref()).unwrap_or_default()
    }

    /// The counts of calls made so far through these clients.
    pub fn calls(&self) -> CallSnapshot {
        self.calls.snapshot()
    }

    /// The shared log itself, e.g. to hand to a progress reporter.
    pub fn call_log(&self) -> &CallLog {
        &self.calls
    }

    /// Wraps an SDK error of `service`'s `operation` on `resource` into a [`CallError`] that
    /// names the endpoint and says what to do.
    pub fn error<E>(
        &self,
        service: Service,
        operation: &str,
        resource: &str,
        err: &SdkError<E, HttpResponse>,
    ) -> CallError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        CallError::from_sdk(
            service,
            operation,
            resource,
            self.endpoints.effective(service),
            err,
        )
    }

    /// The caller's account id (STS GetCallerIdentity). Fails with one clear sentence when there
    /// are no credentials, the region is wrong or the endpoint is down, so a run stops early.
    pub async fn caller_account(&self) -> Result<String, CallError> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| self.error(Service::Sts, "GetCallerIdentity", "the caller", &e))?;
        out.account.ok_or_else(|| CallError {
            service: Service::Sts,
            action: "sts:GetCallerIdentity".to_string(),
            resource: "the caller".to_string(),
            endpoint: self.endpoints.effective(Service::Sts).map(str::to_string),
            failure: Box::new(Failure::Other {
                code: None,
                message: "the answer has no account id".to_string(),
            }),
        })
    }
}

/// A region name is lowercase letters, digits and hyphens, like `eu-west-1`; anything else would
/// only fail later as a confusing DNS error.
fn check_region(region: &str) -> anyhow::Result<()> {
    let well_formed = !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && region.contains('-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if well_formed {
        Ok(())
    } else {
        anyhow::bail!(
            "invalid AWS region {region:?}: expected a name like eu-west-1; check --region, \
             AWS_REGION or lake.region in the blueprint"
        )
    }
}

/// An S3 Control endpoint resolver that sends every request to one URL.
#[derive(Debug, Clone)]
struct VerbatimEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for VerbatimEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _params: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(
            aws_smithy_types::endpoint::Endpoint::builder()
                .url(self.0.clone())
                .build(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_must_look_like_regions() {
        assert!(check_region("eu-west-1").is_ok());
        assert!(check_region("us-gov-west-1").is_ok());
        assert_eq!(
            check_region("EU West").unwrap_err().to_string(),
            "invalid AWS region \"EU West\": expected a name like eu-west-1; check --region, \
             AWS_REGION or lake.region in the blueprint"
        );
        assert!(check_region("local").is_err());
    }
}
