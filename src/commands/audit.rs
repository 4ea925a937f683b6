use crate::cli::AuditArgs;
use crate::exit::Exit;

pub async fn run(_args: AuditArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("`lakectl audit` is not built yet")
}
