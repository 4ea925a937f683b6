//! The step plan, deploy and destroy share before they write anything: load the blueprint,
//! connect, check the account and region, compile with the real account, read the live state
//! and diff.

use std::path::Path;

use crate::aws::{Aws, AwsSettings, CallError, ConnectOptions};
use crate::blueprint::Diagnostics;
use crate::compile::{self, CompileOptions};
use crate::inventory;
use crate::model::Model;
use crate::plan::{self, Plan};

/// Everything deploy and plan need before writing: the connection, both models and the plan.
pub struct Prepared {
    pub aws: Aws,
    pub desired: Model,
    pub live: Model,
    pub plan: Plan,
}

/// Why a blueprint could not be prepared: it is invalid (the diagnostics, with its source for
/// snippets), or something else failed (no credentials, wrong account, ...).
pub enum PrepareError {
    Invalid(Diagnostics),
    Failed(anyhow::Error),
}

impl From<anyhow::Error> for PrepareError {
    fn from(error: anyhow::Error) -> Self {
        PrepareError::Failed(error)
    }
}

impl From<CallError> for PrepareError {
    fn from(error: CallError) -> Self {
        PrepareError::Failed(error.into())
    }
}

/// Loads the blueprint at `path` (environment `environment` of it when given), connects, compiles with the account STS reports, reads the
/// live state with `concurrency` calls in flight and diffs.
pub async fn prepare(
    path: &Path,
    environment: Option<&str>,
    aws: &AwsSettings,
    connect: ConnectOptions,
    concurrency: usize,
) -> Result<Prepared, PrepareError> {
    let (blueprint, source) =
        crate::load::file(path, environment).map_err(PrepareError::Invalid)?;
    let aws = Aws::connect_with(aws, Some(&blueprint.lake.region), connect).await?;
    let account = aws.caller_account().await?;
    if let Some(declared) = &blueprint.lake.account_id
        && *declared != account
    {
        return Err(anyhow::anyhow!(
            "{} is for account {declared}, but the credentials in use belong to account {account}; \
             switch profile or fix lake.account_id",
            path.display()
        )
        .into());
    }
    if aws.region() != blueprint.lake.region {
        return Err(anyhow::anyhow!(
            "{} is for region {}, but --region or the AWS configuration says {}; a lake is deployed \
             to its blueprint's region (copy the blueprint and change lake.region to deploy elsewhere)",
            path.display(),
            blueprint.lake.region,
            aws.region()
        )
        .into());
    }
    let desired = compile::compile(
        &blueprint,
        &CompileOptions::reading(&blueprint, &source).with_account(Some(account)),
    );
    let live = inventory::read(&aws, &desired, inventory::Options::new(concurrency)).await?;
    let plan = plan::diff(&desired, &live);
    Ok(Prepared {
        aws,
        desired,
        live,
        plan,
    })
}
