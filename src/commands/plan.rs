//! `lakectl plan`: what deploy would change (exit 0 no changes, 1 changes, 2 error).

use std::path::Path;

use crate::aws::Aws;
use crate::blueprint;
use crate::cli::{AwsArgs, PlanArgs, TextOrJson};
use crate::compile::{self as model, CompileOptions};
use crate::exit::Exit;
use crate::inventory;
use crate::model::Model;
use crate::plan::{self, Plan};

pub async fn run(args: PlanArgs) -> anyhow::Result<Exit> {
    let Some(prepared) = prepare(&args.blueprint, &args.aws, 16).await? else {
        return Ok(Exit::Error);
    };
    match args.output {
        TextOrJson::Text => print!("{}", plan::render_text(&prepared.plan)),
        TextOrJson::Json => println!("{}", plan::render_json(&prepared.plan)),
    }
    Ok(if prepared.plan.has_changes() {
        Exit::Attention
    } else {
        Exit::Success
    })
}

/// Everything deploy and plan need before writing: the connection, both models and the plan.
pub struct Prepared {
    pub aws: Aws,
    pub desired: Model,
    pub live: Model,
    pub plan: Plan,
}

/// Loads the blueprint, connects, compiles with the account STS reports, reads the live state
/// and diffs. `None` when the blueprint is invalid (its diagnostics are printed).
pub async fn prepare(
    path: &Path,
    aws_args: &AwsArgs,
    concurrency: usize,
) -> anyhow::Result<Option<Prepared>> {
    let blueprint = match blueprint::load(path) {
        Ok((blueprint, _)) => blueprint,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return Ok(None);
        }
    };
    let aws = Aws::connect(aws_args, Some(&blueprint.lake.region)).await?;
    let account = aws.caller_account().await?;
    if let Some(declared) = &blueprint.lake.account_id {
        anyhow::ensure!(
            *declared == account,
            "{} is for account {declared}, but the credentials in use belong to account {account}; \
             switch profile or fix lake.account_id",
            path.display()
        );
    }
    anyhow::ensure!(
        aws.region() == blueprint.lake.region,
        "{} is for region {}, but --region or the AWS configuration says {}; a lake is deployed \
         to its blueprint's region (copy the blueprint and change lake.region to deploy elsewhere)",
        path.display(),
        blueprint.lake.region,
        aws.region()
    );
    let desired = model::compile(
        &blueprint,
        &CompileOptions {
            account: Some(account),
        },
    );
    let live = inventory::read(&aws, &desired, inventory::Options { concurrency }).await?;
    let plan = plan::diff(&desired, &live);
    Ok(Some(Prepared {
        aws,
        desired,
        live,
        plan,
    }))
}
