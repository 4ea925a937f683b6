//! One module per subcommand; each exposes `run(settings, printer) -> anyhow::Result<Exit>`.
//! Arguments become settings here, once, before the command runs.

mod audit;
mod confirm;
mod deploy;
mod destroy;
mod diagnostics;
mod docs;
mod plan;
mod render;
mod report;
mod rules;
mod schema;
mod validate;

use crate::cli::Command;
use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::{
    AuditSettings, DeploySettings, DestroySettings, Environment, FileSettings, PlanSettings,
    RenderSettings, ReportSettings, RulesSettings, SchemaSettings, ValidateSettings,
};

pub fn run(
    command: Command,
    file: &FileSettings,
    env: &Environment,
    printer: Printer,
) -> anyhow::Result<Exit> {
    match command {
        Command::Validate(args) => {
            validate::run(ValidateSettings::resolve(args, file, env), printer)
        }
        Command::Render(args) => render::run(RenderSettings::resolve(args, file, env), printer),
        Command::Schema(args) => schema::run(SchemaSettings::resolve(args, file, env), printer),
        Command::Plan(args) => {
            let settings = PlanSettings::resolve(args, file, env);
            runtime()?.block_on(plan::run(settings, printer))
        }
        Command::Deploy(args) => {
            let settings = DeploySettings::resolve(args, file, env);
            runtime()?.block_on(deploy::run(settings, printer))
        }
        Command::Destroy(args) => {
            let settings = DestroySettings::resolve(args, file, env);
            runtime()?.block_on(destroy::run(settings, printer))
        }
        Command::Audit(args) => {
            let settings = AuditSettings::resolve(*args, file, env)?;
            runtime()?.block_on(audit::run(settings, printer))
        }
        Command::Report(command) => {
            report::run(ReportSettings::resolve(command, file, env)?, printer)
        }
        Command::Rules(args) => rules::run(RulesSettings::resolve(args, file, env), printer),
        Command::Completions(args) => docs::completions(args.shell, printer),
        Command::Man(args) => docs::man(args.out.as_deref(), printer),
    }
}

/// Only commands that call AWS start a runtime, so validate and render stay fast.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
