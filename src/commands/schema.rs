//! `lakectl schema`: the blueprint's JSON Schema, generated from the Rust types so it can
//! never drift from what `validate` accepts structurally; `--config` gives the config file's.

use crate::blueprint::Blueprint;
use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::SchemaSettings;

pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Blueprint);
    serde_json::to_string_pretty(&schema).expect("schemas always serialize")
}

pub fn run(settings: SchemaSettings, printer: Printer) -> anyhow::Result<Exit> {
    let json = if settings.config {
        crate::config::schema_json()
    } else {
        schema_json()
    };
    match settings.out {
        Some(path) => std::fs::write(&path, json + "\n")
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        None => printer.outln(json),
    }
    Ok(Exit::Success)
}
