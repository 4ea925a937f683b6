//! One module per subcommand; each exposes `run(args) -> anyhow::Result<Exit>`.

mod audit;
mod deploy;
mod destroy;
mod plan;
mod render;
mod rules;
mod schema;
mod validate;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Render(args) => render::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Plan(args) => runtime()?.block_on(plan::run(args)),
        Command::Deploy(args) => runtime()?.block_on(deploy::run(args)),
        Command::Destroy(args) => runtime()?.block_on(destroy::run(args)),
        Command::Audit(args) => runtime()?.block_on(audit::run(args)),
        Command::Rules(args) => rules::run(args),
    }
}

/// Only commands that call AWS start a runtime, so validate and render stay fast.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
