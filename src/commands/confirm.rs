//! The confirmation deploy and destroy ask for before they write, in the spirit of terraform.

use std::fmt::Display;

use crate::printer::{Confirmation, Printer};

pub const QUESTION: &str = "Do you want to apply these changes? Only 'yes' will be accepted:";

/// Refuses up front, before any AWS call, when nobody could answer the question later: no
/// terminal and no `--yes`. `alternative` says how to run unattended.
pub fn ensure_askable(printer: Printer, command: &str, alternative: &str) -> anyhow::Result<()> {
    if printer.can_ask() {
        return Ok(());
    }
    Err(no_terminal(command, alternative))
}

/// Shows `what` and asks; `Ok` only when the user answered `yes`.
pub fn require(
    printer: Printer,
    command: &str,
    what: impl Display,
    alternative: &str,
) -> anyhow::Result<()> {
    match printer.confirm(what, QUESTION) {
        Confirmation::Yes => Ok(()),
        Confirmation::No => anyhow::bail!("{command} cancelled: nothing was changed"),
        Confirmation::NoTerminal => Err(no_terminal(command, alternative)),
    }
}

fn no_terminal(command: &str, alternative: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "{command} asks for confirmation, but stdin is not a terminal: nothing was changed; \
         {alternative}"
    )
}
