//! `lakectl rules`: the audit rule catalogue as text, JSON or Markdown (`docs/rules.md`), or
//! with `--coverage` the Analytics Lens coverage (`docs/coverage.md`).

use crate::audit::{catalogue, coverage};
use crate::cli::{RulesArgs, RulesFormat};
use crate::exit::Exit;

pub fn run(args: RulesArgs) -> anyhow::Result<Exit> {
    let text = match (args.coverage, args.format) {
        (false, RulesFormat::Text) => catalogue::text(),
        (false, RulesFormat::Json) => catalogue::json(),
        (false, RulesFormat::Markdown) => catalogue::markdown(),
        (true, RulesFormat::Text) => coverage::text(),
        (true, RulesFormat::Json) => coverage::json(),
        (true, RulesFormat::Markdown) => coverage::markdown(),
    };
    print!("{text}");
    Ok(Exit::Success)
}
