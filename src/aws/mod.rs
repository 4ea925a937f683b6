//! AWS access: one shared SDK configuration and a client per service. Only the inventory and
//! the apply layer use these.

use aws_config::{BehaviorVersion, Region, SdkConfig};

use crate::cli::AwsArgs;

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
}

impl Aws {
    /// Loads the standard credential chain, honouring `--profile`, `--region` (else the
    /// blueprint's region) and `--endpoint-url`; `AWS_ENDPOINT_URL_<SERVICE>` still applies.
    pub async fn connect(args: &AwsArgs, blueprint_region: Option<&str>) -> anyhow::Result<Aws> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(profile) = &args.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = args.region.as_deref().or(blueprint_region) {
            loader = loader.region(Region::new(region.to_string()));
        }
        if let Some(endpoint) = &args.endpoint_url {
            loader = loader.endpoint_url(endpoint);
        }
        Ok(Aws::from_config(loader.load().await))
    }

    pub fn from_config(config: SdkConfig) -> Aws {
        // Emulators serve S3 on one host; virtual-hosted addressing needs wildcard DNS.
        let s3_config = aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(config.endpoint_url().is_some())
            .build();
        Aws {
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            kms: aws_sdk_kms::Client::new(&config),
            kinesis: aws_sdk_kinesis::Client::new(&config),
            firehose: aws_sdk_firehose::Client::new(&config),
            glue: aws_sdk_glue::Client::new(&config),
            athena: aws_sdk_athena::Client::new(&config),
            lakeformation: aws_sdk_lakeformation::Client::new(&config),
            iam: aws_sdk_iam::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            cloudtrail: aws_sdk_cloudtrail::Client::new(&config),
            config,
        }
    }
}
