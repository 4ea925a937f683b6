//! The last pass over a rendered template: tidy it, then prove it parses, so a broken override
//! or renderer bug is reported instead of written.

use super::Format;

/// Tidies a rendered template and, when `verify`, checks that it parses. The error says what is
/// wrong and where (line:col of the rendered text).
pub fn finish(format: Format, rendered: &str, verify: bool) -> Result<String, String> {
    let text = match format {
        Format::Yaml => trim_trailing_spaces(rendered),
        Format::Json => strip_trailing_commas(rendered),
    };
    if verify {
        check(format, &text)?;
    }
    Ok(text)
}

/// `Key: {{value x indent=N}}` leaves a space before a nested block. Trailing spaces are never
/// significant here: the escaper writes no scalar that spans lines.
fn trim_trailing_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(body.trim_end_matches([' ', '\t']));
        out.push_str(newline);
    }
    out
}

/// Removes each comma followed (after whitespace) by `}` or `]`, outside string literals, so the
/// JSON template can end every member with a comma.
fn strip_trailing_commas(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b',' => {
                let next = bytes[i + 1..]
                    .iter()
                    .find(|c| !c.is_ascii_whitespace())
                    .copied();
                if matches!(next, Some(b'}' | b']')) {
                    out.push_str(&text[copied..i]);
                    copied = i + 1;
                }
            }
            _ => {}
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn check(format: Format, text: &str) -> Result<(), String> {
    match format {
        Format::Json => serde_json::from_str::<serde::de::IgnoredAny>(text)
            .map(drop)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column())),
        // Duplicate keys are errors by default: a duplicated property is a template bug.
        Format::Yaml => serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(
            text,
            serde_saphyr::options! { budget: None },
        )
        .map(drop)
        .map_err(|e| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_commas_before_closers_but_not_inside_strings() {
        assert_eq!(
            strip_trailing_commas("{\"a\": [1, 2,\n ],\n \"b,}\": \"x\\\",]\",\n}"),
            "{\"a\": [1, 2\n ],\n \"b,}\": \"x\\\",]\"\n}"
        );
    }

    #[test]
    fn trims_trailing_spaces_only() {
        assert_eq!(
            trim_trailing_spaces("a: \n  - b: \"x \"  \nc"),
            "a:\n  - b: \"x \"\nc"
        );
    }

    #[test]
    fn rejects_what_does_not_parse_and_duplicate_keys() {
        assert!(
            finish(Format::Json, "{\"a\": }", true)
                .unwrap_err()
                .contains("line 1")
        );
        assert!(finish(Format::Yaml, "a: [\n", true).is_err());
        assert!(finish(Format::Yaml, "a: 1\na: 2\n", true).is_err());
        assert_eq!(finish(Format::Json, "[1,]", true).unwrap(), "[1]");
    }
}
