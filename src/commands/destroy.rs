use crate::cli::DestroyArgs;
use crate::exit::Exit;

pub async fn run(_args: DestroyArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("`lakectl destroy` is not built yet")
}
