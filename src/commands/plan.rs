use crate::cli::PlanArgs;
use crate::exit::Exit;

pub async fn run(_args: PlanArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("`lakectl plan` is not built yet")
}
