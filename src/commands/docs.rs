//! `lakectl completions SHELL` and `lakectl man`: generated from the clap definitions, so they
//! always match the flags.

use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit::Exit;
use crate::printer::Printer;

pub fn completions(shell: clap_complete::Shell, printer: Printer) -> anyhow::Result<Exit> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "lakectl", &mut script);
    printer.out(String::from_utf8_lossy(&script));
    Ok(Exit::Success)
}

pub fn man(out: Option<&Path>, printer: Printer) -> anyhow::Result<Exit> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .context("cannot render the man page")?;
    match out {
        Some(path) => {
            std::fs::write(path, &page)
                .with_context(|| format!("cannot write {}", path.display()))?;
            printer.status(format_args!("wrote {}", path.display()));
        }
        None => printer.out(String::from_utf8_lossy(&page)),
    }
    Ok(Exit::Success)
}
