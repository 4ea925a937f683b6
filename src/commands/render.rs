use crate::cli::RenderArgs;
use crate::exit::Exit;

pub fn run(_args: RenderArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("`lakectl render` is not built yet")
}
