//! `lakectl schema`: the blueprint's JSON Schema (`blueprint::schema`); `--config` gives the
//! config file's.

use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::SchemaSettings;

pub fn schema_json() -> String {
    let schema = crate::blueprint::schema::json_schema();
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
