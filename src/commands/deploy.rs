use crate::cli::DeployArgs;
use crate::exit::Exit;

pub async fn run(_args: DeployArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("`lakectl deploy` is not built yet")
}
