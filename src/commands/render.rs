//! `lakectl render`: compile a blueprint and write its CloudFormation template, IAM policies,
//! bucket policies and manifest to a directory.

use super::diagnostics;
use crate::blueprint;
use crate::compile::{self, CompileOptions};
use crate::exit::Exit;
use crate::printer::Printer;
use crate::render::{Renderer, output};
use crate::settings::RenderSettings;

pub fn run(settings: RenderSettings, printer: Printer) -> anyhow::Result<Exit> {
    // Compiling the templates and loading the blueprint are independent and each a few
    // milliseconds of a render of that order: they run side by side. The templates' result is
    // looked at first, so a broken override is still reported before the blueprint's problems.
    let (renderer, loaded) = std::thread::scope(|scope| {
        let templates =
            scope.spawn(|| Renderer::new(settings.format, settings.templates_dir.as_deref()));
        let loaded = crate::load::file(&settings.blueprint, settings.environment.as_deref());
        let renderer = templates
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (renderer, loaded)
    });
    let renderer = renderer?;
    let (blueprint, source) = match loaded {
        Ok(loaded) => loaded,
        Err(found) => {
            diagnostics::show(printer, &found);
            return Ok(Exit::Error);
        }
    };
    if let Some(account) = &settings.account_id
        && blueprint::names::account_id(account).is_err()
    {
        anyhow::bail!("--account-id {account:?} must be exactly 12 digits");
    }
    let model = compile::compile(
        &blueprint,
        &CompileOptions::reading(&blueprint, &source).with_account(settings.account_id.clone()),
    );
    let files = renderer.render(&model)?;
    let written = output::write_all(&settings.out, &files)?;
    printer.outln(format_args!(
        "rendered {} ({}) into {}:",
        model.lake.name,
        model.lake.environment,
        settings.out.display()
    ));
    for file in &files {
        printer.outln(format_args!("  wrote {}", file.path));
    }
    for path in &written.removed {
        printer.outln(format_args!("  removed {path} (no longer rendered)"));
    }
    Ok(Exit::Success)
}
