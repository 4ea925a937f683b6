//! Reading a blueprint file: size and encoding checks, YAML parsing into the typed format, and
//! turning parse errors into located diagnostics.

use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Diagnostics, FieldPath, Position};
use super::locate::Locator;
use super::types::Blueprint;

/// Blueprints are hand-written configuration; anything bigger is a mistake (or an attack on the
/// parser), and refusing it early keeps memory bounded.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// A blueprint's text and the name errors should use for it.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// The directory of the blueprint file, which paths in it (job scripts) are relative to;
    /// `None`: the working directory.
    pub dir: Option<PathBuf>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
            dir: None,
        }
    }

    /// Reads a file, refusing what cannot be a blueprint: too big, or not UTF-8 text.
    pub fn read(path: &Path) -> Result<Source, Diagnostics> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            single(
                &name,
                None,
                format!("cannot read the blueprint: {e}"),
                Some("check the path and its permissions"),
            )
        })?;
        let mut source = Source::from_bytes(name, bytes)?;
        source.dir = path.parent().map(Path::to_path_buf);
        Ok(source)
    }

    /// Where a path written in the blueprint points.
    pub fn resolve(&self, relative: &str) -> PathBuf {
        match &self.dir {
            Some(dir) => dir.join(relative),
            None => PathBuf::from(relative),
        }
    }

    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, Diagnostics> {
        if bytes.len() > MAX_BYTES {
            let message = format!(
                "the file is {} bytes; blueprints are limited to {MAX_BYTES} bytes",
                bytes.len()
            );
            return Err(single(
                &name,
                None,
                message,
                Some("split the lake into several blueprints"),
            ));
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source {
                name,
                text,
                dir: None,
            }),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = &e.as_bytes()[..offset];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
                let message =
                    format!("the file is not UTF-8 text (invalid byte at offset {offset})");
                Err(single(
                    &name,
                    Some(Position { line, column }),
                    message,
                    Some("save the blueprint as UTF-8 YAML"),
                ))
            }
        }
    }

    /// Parses the YAML into the typed blueprint. serde stops at the first structural error, so
    /// this reports one diagnostic; semantic validation afterwards reports all it finds.
    pub fn parse(&self) -> Result<Blueprint, Diagnostics> {
        if self.text.trim().is_empty()
            || self
                .text
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Err(single(
                &self.name,
                None,
                "the blueprint is empty".to_string(),
                Some(
                    "a blueprint is a YAML mapping that starts with `lake:` (see blueprints/ or the README for a complete example)",
                ),
            ));
        }
        serde_saphyr::from_str::<Blueprint>(&self.text).map_err(|error| self.parse_error(&error))
    }

    fn parse_error(&self, error: &serde_saphyr::Error) -> Diagnostics {
        let position = error.location().filter(|l| l.line() > 0).map(|l| Position {
            line: l.line() as usize,
            column: l.column().max(1) as usize,
        });
        let path = position
            .map(|p| Locator::new(&self.text).path_at(p))
            .unwrap_or_default();
        let message = clean_message(&error.without_snippet().render());
        let help = help_for(&message);
        Diagnostics(vec![Diagnostic {
            file: self.name.clone(),
            position,
            path,
            message,
            help,
            lens: None,
        }])
    }
}

/// serde-saphyr's messages end with their own "at line X column Y"; we print the position in
/// front, compiler style, so drop it here.
fn clean_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or(rendered).trim();
    let without_location = match first.rfind(" at line ") {
        Some(index) => &first[..index],
        None => first,
    };
    let message = without_location.trim_end_matches('.');
    // serde names Rust types; say what the YAML should contain instead.
    for (rust, yaml) in [
        (
            "invalid u32",
            "expected a whole number of at most 4294967295",
        ),
        ("invalid u64", "expected a whole number"),
        ("invalid bool", "expected true or false"),
    ] {
        if message == rust {
            return yaml.to_string();
        }
    }
    message.to_string()
}

fn help_for(message: &str) -> Option<String> {
    if message.contains("unknown field") || message.contains("unknown variant") {
        Some("see `lakectl schema` or the blueprint reference in the README for the allowed fields and values".to_string())
    } else if message.contains("missing field") {
        Some("add the field; the README's blueprint reference shows a complete example".to_string())
    } else {
        None
    }
}

fn single(
    file: &str,
    position: Option<Position>,
    message: String,
    help: Option<&str>,
) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        file: file.to_string(),
        position,
        path: FieldPath::root(),
        message,
        help: help.map(str::to_string),
        lens: None,
    }])
}
