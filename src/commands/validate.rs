//! `lakectl validate`: report every problem of a blueprint, or say it is valid.

use crate::blueprint;
use crate::cli::{TextOrJson, ValidateArgs};
use crate::exit::Exit;

pub fn run(args: ValidateArgs) -> anyhow::Result<Exit> {
    let result = blueprint::load(&args.blueprint);
    match (args.output, result) {
        (TextOrJson::Text, Ok(_)) => {
            println!("{}: valid", args.blueprint.display());
            Ok(Exit::Success)
        }
        (TextOrJson::Text, Err(diagnostics)) => {
            eprintln!("{diagnostics}");
            Ok(Exit::Error)
        }
        (TextOrJson::Json, result) => {
            let diagnostics = result.err().map(|d| d.0).unwrap_or_default();
            let valid = diagnostics.is_empty();
            let report = serde_json::json!({ "file": args.blueprint.display().to_string(), "valid": valid, "errors": diagnostics });
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(if valid { Exit::Success } else { Exit::Error })
        }
    }
}
