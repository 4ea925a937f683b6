//! `lakectl schema`: the blueprint's JSON Schema, generated from the Rust types so it can
//! never drift from what `validate` accepts structurally; `--config` gives the config file's.

use crate::blueprint::Blueprint;
use crate::cli::SchemaArgs;
use crate::exit::Exit;

pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Blueprint);
    serde_json::to_string_pretty(&schema).expect("schemas always serialize")
}

pub fn run(args: SchemaArgs) -> anyhow::Result<Exit> {
    let json = if args.config {
        crate::config::schema_json()
    } else {
        schema_json()
    };
    match args.out {
        Some(path) => std::fs::write(&path, json + "\n")
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        None => println!("{json}"),
    }
    Ok(Exit::Success)
}
