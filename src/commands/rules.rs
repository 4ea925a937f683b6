//! `lakectl rules`: the audit rule catalogue as text, JSON or Markdown (`docs/rules.md`).

use crate::audit::catalogue;
use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::{CatalogueFormat, RulesSettings};

pub fn run(settings: RulesSettings, printer: Printer) -> anyhow::Result<Exit> {
    let text = match settings.format {
        CatalogueFormat::Text => catalogue::text(),
        CatalogueFormat::Json => catalogue::json(),
        CatalogueFormat::Markdown => catalogue::markdown(),
    };
    printer.out(text);
    Ok(Exit::Success)
}
