use std::process::ExitCode;

use clap::Parser;
use lakectl::cli::Cli;
use lakectl::exit::Exit;
use lakectl::printer::Printer;
use lakectl::settings::{Environment, FileSettings, GlobalSettings};

fn main() -> ExitCode {
    // clap exits with 2 on usage errors, matching `Exit::Error`.
    let Cli { global, command } = Cli::parse();
    let env = Environment::capture();
    let cwd = std::env::current_dir().unwrap_or_default();
    let file = match FileSettings::discover(global.config.as_deref(), &cwd) {
        Ok(file) => file,
        Err(error) => {
            // No printer yet: the config file may be what sets it up one day.
            eprintln!("error: {error}");
            return Exit::Error.into();
        }
    };
    let GlobalSettings {
        printer,
        log_filter,
    } = GlobalSettings::resolve(global, &file, &env);
    if let Some(filter) = log_filter {
        init_logs(&filter, printer);
    }
    match lakectl::commands::run(command, &file, &env, printer) {
        Ok(exit) => exit.into(),
        Err(error) => {
            printer.error(format_args!("error: {error:#}"));
            Exit::Error.into()
        }
    }
}

/// Logs on stderr, filtered like `RUST_LOG` (e.g. `aws_smithy_runtime=debug` shows the SDK's
/// requests). A malformed filter is reported and logging stays off.
fn init_logs(filter: &str, printer: Printer) {
    match tracing_subscriber::EnvFilter::try_new(filter) {
        Ok(filter) => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(printer.stderr_color())
            .init(),
        Err(error) => printer.warn(format_args!("ignoring the log filter {filter:?}: {error}")),
    }
}
