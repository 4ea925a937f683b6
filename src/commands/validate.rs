//! `lakectl validate A [B …]`: report every problem of each blueprint, or say it is valid
//! (exit 2 when any is invalid).

use std::path::Path;

use super::diagnostics;
use crate::blueprint;
use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::{Output, ValidateSettings};

pub fn run(settings: ValidateSettings, printer: Printer) -> anyhow::Result<Exit> {
    let ValidateSettings {
        blueprints,
        output,
        environment,
    } = settings;
    let mut reports = Vec::new();
    let mut all_valid = true;
    for path in &blueprints {
        let result = crate::load::file(path, environment.as_deref());
        all_valid &= result.is_ok();
        match (output, result) {
            (Output::Text, Ok(_)) => printer.outln(format_args!("{}: valid", path.display())),
            (Output::Text, Err(found)) => diagnostics::show(printer, &found),
            (Output::Json, result) => reports.push(json_report(path, result.err())),
        }
    }
    if output == Output::Json {
        // One file: its object (as before several were accepted); several: an array of them.
        let value = match <[_; 1]>::try_from(reports) {
            Ok([one]) => one,
            Err(many) => serde_json::Value::Array(many),
        };
        printer.outln(serde_json::to_string_pretty(&value)?);
    }
    Ok(if all_valid {
        Exit::Success
    } else {
        Exit::Error
    })
}

fn json_report(path: &Path, found: Option<blueprint::Diagnostics>) -> serde_json::Value {
    let errors = found.map(|d| d.0).unwrap_or_default();
    serde_json::json!({ "file": path.display().to_string(), "valid": errors.is_empty(), "errors": errors })
}
