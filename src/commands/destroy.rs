//! `lakectl destroy`: tear down a test lake the blueprint describes.

use super::plan::prepare_or_show;
use crate::apply::destroy;
use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::{DestroySettings, Output};

pub async fn run(settings: DestroySettings, printer: Printer) -> anyhow::Result<Exit> {
    let DestroySettings {
        blueprint,
        aws,
        connect,
        read_concurrency,
        force,
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
