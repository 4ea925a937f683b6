//! `lakectl rules`: the audit rule catalogue as text, JSON or Markdown (`docs/rules.md`), or
//! with `--coverage` the Analytics Lens coverage (`docs/coverage.md`).

use crate::audit::{catalogue, coverage};
use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::{CatalogueFormat, RulesSettings};

pub fn run(settings: RulesSettings, printer: Printer) -> anyhow::Result<Exit> {
    let text = match (settings.coverage, settings.format) {
        (false, CatalogueFormat::Text) => catalogue::text(),
        (false, CatalogueFormat::Json) => catalogue::json(),
        (false, CatalogueFormat::Markdown) => catalogue::markdown(),
        (true, CatalogueFormat::Text) => coverage::text(),
        (true, CatalogueFormat::Json) => coverage::json(),
        (true, CatalogueFormat::Markdown) => coverage::markdown(),
    };
    printer.out(text);
    Ok(Exit::Success)
}
