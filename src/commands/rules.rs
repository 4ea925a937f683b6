//! `lakectl rules`: the audit rule catalogue as text, JSON or Markdown (`docs/rules.md`).

use crate::audit::catalogue;
use crate::cli::{RulesArgs, RulesFormat};
use crate::exit::Exit;

pub fn run(args: RulesArgs) -> anyhow::Result<Exit> {
    let text = match args.format {
        RulesFormat::Text => catalogue::text(),
        RulesFormat::Json => catalogue::json(),
        RulesFormat::Markdown => catalogue::markdown(),
    };
    print!("{text}");
    Ok(Exit::Success)
}
