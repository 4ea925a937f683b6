use crate::cli::RulesArgs;
use crate::exit::Exit;

pub fn run(_args: RulesArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("`lakectl rules` is not built yet")
}
