//! `lakectl plan`: what deploy would change (exit 0 no changes, 1 changes, 2 error).

use std::path::Path;

use super::diagnostics;
use crate::aws::{AwsSettings, ConnectOptions};
use crate::exit::Exit;
use crate::plan;
use crate::prepare::{PrepareError, Prepared, prepare};
use crate::printer::Printer;
use crate::settings::{Output, PlanSettings};

pub async fn run(settings: PlanSettings, printer: Printer) -> anyhow::Result<Exit> {
    let PlanSettings {
        blueprint,
        aws,
        connect,
        read_concurrency,
        output,
        environment,
    } = settings;
    let Some(prepared) = prepare_or_show(
        printer,
        &blueprint,
        environment.as_deref(),
        &aws,
        connect,
        read_concurrency,
    )
    .await?
    else {
        return Ok(Exit::Error);
    };
    match output {
        Output::Text => printer.out(plan::render_text(&prepared.plan)),
        Output::Json => printer.outln(plan::render_json(&prepared.plan)),
    }
    Ok(if prepared.plan.has_changes() {
        Exit::Attention
    } else {
        Exit::Success
    })
}

/// [`prepare`] with a spinner on a terminal; `None` when the blueprint is invalid (its
/// diagnostics are shown).
pub(super) async fn prepare_or_show(
    printer: Printer,
    blueprint: &Path,
    environment: Option<&str>,
    aws: &AwsSettings,
    connect: ConnectOptions,
    read_concurrency: usize,
) -> anyhow::Result<Option<Prepared>> {
    let spinner = printer.spinner(format!(
        "reading the live resources of {}",
        blueprint.display()
    ));
    let result = prepare(blueprint, environment, aws, connect, read_concurrency).await;
    spinner.finish_and_clear();
    match result {
        Ok(prepared) => Ok(Some(prepared)),
        Err(PrepareError::Invalid(found)) => {
            diagnostics::show(printer, &found);
            Ok(None)
        }
        Err(PrepareError::Failed(error)) => Err(error),
    }
}
