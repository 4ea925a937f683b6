use std::process::ExitCode;

use clap::Parser;
use lakectl::cli::Cli;
use lakectl::exit::Exit;

fn main() -> ExitCode {
    // clap exits with 2 on usage errors, matching `Exit::Error`.
    let cli = Cli::parse();
    match lakectl::commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            eprintln!("error: {error:#}");
            Exit::Error.into()
        }
    }
}
