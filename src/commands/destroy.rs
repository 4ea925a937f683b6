//! `lakectl destroy`: tear down a test lake the blueprint describes.

use super::confirm;
use super::plan::prepare_or_show;
use crate::apply::destroy;
use crate::exit::Exit;
use crate::plan::Action;
use crate::printer::Printer;
use crate::settings::{DestroySettings, Output};

/// How to destroy without a terminal.
const UNATTENDED: &str = "pass --yes to destroy without asking";

pub async fn run(settings: DestroySettings, printer: Printer) -> anyhow::Result<Exit> {
    let DestroySettings {
        blueprint,
        aws,
        connect,
        read_concurrency,
        force,
        output,
        yes,
        environment,
    } = settings;
    if !yes {
        confirm::ensure_askable(printer, "destroy", UNATTENDED)?;
    }
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
    let existing: Vec<_> = prepared
        .plan
        .resources
        .iter()
        .filter(|r| r.action != Action::Create)
        .collect();
    if !yes && !existing.is_empty() {
        let mut what = format!(
            "destroy deletes these {} resources of lake {} (account {}, {}):\n",
            existing.len(),
            prepared.plan.lake,
            prepared.plan.account,
            prepared.plan.region
        );
        for r in &existing {
            what.push_str(&format!("  - {} {}\n", r.kind.label(), r.name));
        }
        if force {
            what.push_str(
                "--force: every object and every object version in these buckets is deleted \
                 first; this cannot be undone",
            );
        }
        confirm::require(printer, "destroy", what.trim_end(), UNATTENDED)?;
    }
    let done = destroy::destroy(&prepared.aws, &prepared.desired, &prepared.live, force).await?;
    match output {
        Output::Text => {
            for line in &done {
                printer.status(format_args!("  - {line}"));
            }
            printer.status(format_args!(
                "destroyed {} resources of lake {}",
                done.len(),
                prepared.desired.lake.name
            ));
        }
        Output::Json => printer.outln(serde_json::to_string_pretty(
            &serde_json::json!({ "format_version": 1, "done": done }),
        )?),
    }
    Ok(Exit::Success)
}
