//! `lakectl plan`: what deploy would change (exit 0 no changes, 1 changes, 2 error).

use std::path::Path;

use anyhow::Context as _;

use super::diagnostics;
use crate::aws::{AwsSettings, ConnectOptions};
use crate::exit::Exit;
use crate::plan;
use crate::plan::saved::{self, SavedPlan};
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
        out,
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
    if let Some(out) = &out {
        save(printer, &blueprint, environment.as_deref(), out, &prepared)?;
    }
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

/// What the blueprint fingerprint covers: the file, the environment and the job scripts.
pub(super) fn fingerprint_input(
    blueprint: &Path,
    environment: Option<&str>,
) -> anyhow::Result<Vec<u8>> {
    let bytes = std::fs::read(blueprint)?;
    // A blueprint that does not load has no scripts to add; deploy reports why it does not load.
    let scripts = match crate::load::file(blueprint, environment) {
        Ok((b, source)) => crate::scripts::Scripts::read(&b, &source),
        Err(_) => crate::scripts::Scripts::default(),
    };
    Ok(saved::with_scripts(
        saved::blueprint_input(bytes, environment),
        &scripts,
    ))
}

/// Writes the plan to `out` with the fingerprints `deploy --plan` checks.
fn save(
    printer: Printer,
    blueprint: &Path,
    environment: Option<&str>,
    out: &Path,
    prepared: &Prepared,
) -> anyhow::Result<()> {
    let bytes = fingerprint_input(blueprint, environment)
        .with_context(|| format!("cannot read {} again to save the plan", blueprint.display()))?;
    SavedPlan::new(blueprint, &bytes, &prepared.live, prepared.plan.clone()).write(out)?;
    printer.status(format_args!(
        "saved the plan to {}; apply exactly it with `lakectl deploy --plan {}`",
        out.display(),
        out.display()
    ));
    Ok(())
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
