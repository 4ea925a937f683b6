//! `lakectl destroy`: tear down a test lake the blueprint describes.

use super::plan::prepare;
use crate::apply::destroy;
use crate::cli::{DestroyArgs, TextOrJson};
use crate::exit::Exit;

pub async fn run(args: DestroyArgs) -> anyhow::Result<Exit> {
    let Some(prepared) = prepare(&args.blueprint, &args.aws, 16).await? else {
        return Ok(Exit::Error);
    };
    let done =
        destroy::destroy(&prepared.aws, &prepared.desired, &prepared.live, args.force).await?;
    match args.output {
        TextOrJson::Text => {
            for line in &done {
                eprintln!("  - {line}");
            }
            eprintln!(
                "destroyed {} resources of lake {}",
                done.len(),
                prepared.desired.lake.name
            );
        }
        TextOrJson::Json => println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "format_version": 1, "done": done })
            )?
        ),
    }
    Ok(Exit::Success)
}
