//! Blueprint diagnostics on stderr: each keeps `error: file:line:col: …` as its first line (for
//! editors and CI annotations), followed by the offending source line with a caret under the
//! value, then its help and lens lines.

use std::collections::BTreeMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::blueprint::{Diagnostic, Diagnostics};
use crate::printer::Printer;

/// Prints every diagnostic and the count line.
pub fn show(printer: Printer, diagnostics: &Diagnostics) {
    printer.error(render(
        diagnostics,
        printer.stderr_color(),
        &mut read_source,
    ));
}

fn read_source(file: &str) -> Option<String> {
    std::fs::read_to_string(file).ok()
}

/// The whole text; `source` returns a file's text (read once per file).
fn render(
    diagnostics: &Diagnostics,
    color: bool,
    source: &mut dyn FnMut(&str) -> Option<String>,
) -> String {
    let mut sources: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut text = String::new();
    for diagnostic in &diagnostics.0 {
        let source = sources
            .entry(diagnostic.file.clone())
            .or_insert_with(|| source(&diagnostic.file));
        text.push_str(&render_one(diagnostic, source.as_deref(), color));
        text.push('\n');
    }
    let count = diagnostics.0.len();
    text.push_str(&format!(
        "{count} error{} found",
        if count == 1 { "" } else { "s" }
    ));
    text
}

fn render_one(diagnostic: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let full = format!("error: {diagnostic}");
    let (first, rest) = full.split_once('\n').unwrap_or((&full, ""));
    let mut text = first.to_string();
    if let Some(snippet) = source.and_then(|s| snippet(diagnostic, s, color)) {
        text.push('\n');
        text.push_str(&snippet);
    }
    if !rest.is_empty() {
        text.push('\n');
        text.push_str(rest);
    }
    text
}

/// The diagnostic's line with a caret under the value at its column, or `None` when the
/// position is unknown or outside the file.
fn snippet(diagnostic: &Diagnostic, source: &str, color: bool) -> Option<String> {
    let position = diagnostic.position?;
    let line = source.lines().nth(position.line.checked_sub(1)?)?;
    // Columns count characters; spans count bytes.
    let start = line
        .char_indices()
        .nth(position.column.checked_sub(1)?)
        .map(|(i, _)| i)?;
    let end = value_end(line, start);
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let group = Group::with_level(Level::ERROR).element(
        Snippet::source(line)
            .line_start(position.line)
            .annotation(AnnotationKind::Primary.span(start..end)),
    );
    Some(renderer.render(&[group]))
}

/// Where the value starting at `start` ends: before a comment or trailing blanks, at least one
/// character on.
fn value_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    let value = rest.split(" #").next().unwrap_or(rest).trim_end();
    let len = if value.is_empty() {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        value.len()
    };
    start + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::diagnostic::{FieldPath, Position};

    fn diagnostic(line: usize, column: usize) -> Diagnostic {
        Diagnostic {
            file: "bad.yaml".into(),
            position: Some(Position { line, column }),
            path: FieldPath::root().key("zones").index(0).key("encryption"),
            message: "SSE-S3 is refused".into(),
            help: Some("only `sse-kms` is accepted".into()),
            lens: None,
        }
    }

    #[test]
    fn the_location_stays_first_and_the_caret_marks_the_value() {
        let source = "zones:\n  - name: raw\n    encryption: sse-s3 # why\n";
        let text = render(&Diagnostics(vec![diagnostic(3, 17)]), false, &mut |_| {
            Some(source.to_string())
        });
        assert_eq!(
            text,
            "error: bad.yaml:3:17: zones[0].encryption: SSE-S3 is refused\n  |\n3 |     encryption: sse-s3 # why\n  |                 ^^^^^^\n  help: only `sse-kms` is accepted\n1 error found"
        );
    }

    #[test]
    fn no_snippet_without_a_readable_line() {
        let text = render(&Diagnostics(vec![diagnostic(9, 1)]), false, &mut |_| None);
        assert_eq!(
            text,
            "error: bad.yaml:9:1: zones[0].encryption: SSE-S3 is refused\n  help: only `sse-kms` is accepted\n1 error found"
        );
        let text = render(&Diagnostics(vec![diagnostic(9, 1)]), false, &mut |_| {
            Some("one line".into())
        });
        assert!(!text.contains('^'));
    }
}
