//! Scalar escaping for the two output languages. Each function turns any string into one
//! complete scalar token (quotes included), so a template writes `Key: {{value}}` and no user
//! string can end the scalar, start a comment, open a collection or change a value's type.
//!
//! These are the registry's escape functions: every `{{expression}}` of a template goes through
//! the one of the output format. Structured values go through [`super::emit`], which uses the
//! same functions for every string it writes.

/// A YAML scalar: plain when that is unambiguous in block and flow context, otherwise
/// double-quoted with escapes.
pub fn yaml(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        yaml_double_quoted(s)
    }
}

/// A YAML scalar for flow collections (`{"Fn::GetAtt": [KeyRaw, Arn]}`): plain only for simple
/// words, because YAML 1.1 parsers disagree about `:` inside flow scalars.
pub fn yaml_flow(s: &str) -> String {
    if is_plain_safe(s) && !s.contains(':') {
        s.to_string()
    } else {
        yaml_double_quoted(s)
    }
}

/// A JSON string literal.
pub fn json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            // Control characters must be escaped; DEL, C1 controls, the Unicode line
            // separators and the byte-order mark are escaped too so the file stays readable
            // and JavaScript-safe.
            c if (c as u32) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Words YAML 1.1 or 1.2 resolves to null, a boolean or a special float when unquoted.
/// CloudFormation and cfn-lint parse YAML 1.1, which adds yes/no/on/off/y/n.
const SPECIAL_WORDS: &[&str] = &[
    "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity",
];

/// Plain (unquoted) only for a conservative character set. Anything that could be a number,
/// a date, a boolean, an indicator (`-`, `*`, `&`, `!`, `%`, `@`, `|`, `>`, `'`, `"`, `#`, `?`),
/// a comment (` #`), a mapping (`: `), a flow collection (`,[]{}`) or carry whitespace at an
/// edge is quoted.
fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    // A leading digit covers numbers, octal-looking strings, dates and YAML 1.1 sexagesimals.
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b'/') {
        return false;
    }
    if matches!(bytes.last(), Some(b' ' | b':')) {
        return false;
    }
    let mut previous_colon = false;
    for &b in bytes {
        let allowed = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'_' | b'.' | b'/' | b':' | b'@' | b'+' | b'=' | b'*' | b'(' | b')' | b' '
            );
        if !allowed || (previous_colon && b == b' ') {
            return false;
        }
        previous_colon = b == b':';
    }
    !SPECIAL_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

fn yaml_double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if yaml_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// YAML's printable set, minus the characters YAML 1.1 treats as line breaks (NEL, U+2028,
/// U+2029) and the byte-order mark, which parsers may strip.
fn yaml_printable(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7e | 0xa0..=0x2027 | 0x202a..=0xd7ff | 0xe000..=0xfefe | 0xff00..=0xfffd | 0x10000..)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, YAML block scalar, YAML flow scalar, JSON string)
    const TABLE: &[(&str, &str, &str, &str)] = &[
        ("retail-raw", "retail-raw", "retail-raw", r#""retail-raw""#),
        ("", r#""""#, r#""""#, r#""""#),
        (
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::b/*",
            r#""arn:aws:s3:::b/*""#,
            r#""arn:aws:s3:::b/*""#,
        ),
        (
            "Fn::GetAtt",
            "Fn::GetAtt",
            r#""Fn::GetAtt""#,
            r#""Fn::GetAtt""#,
        ),
        (
            "/aws/kinesisfirehose/x",
            "/aws/kinesisfirehose/x",
            "/aws/kinesisfirehose/x",
            r#""/aws/kinesisfirehose/x""#,
        ),
        (
            "say \"hi\"",
            r#""say \"hi\"""#,
            r#""say \"hi\"""#,
            r#""say \"hi\"""#,
        ),
        ("it's", r#""it's""#, r#""it's""#, r#""it's""#),
        ("a\nb", r#""a\nb""#, r#""a\nb""#, r#""a\nb""#),
        (
            "tab\there",
            r#""tab\there""#,
            r#""tab\there""#,
            r#""tab\there""#,
        ),
        (
            "back\\slash",
            r#""back\\slash""#,
            r#""back\\slash""#,
            r#""back\\slash""#,
        ),
        ("{{x}}", r#""{{x}}""#, r#""{{x}}""#, r#""{{x}}""#),
        (
            "key: value",
            r#""key: value""#,
            r#""key: value""#,
            r#""key: value""#,
        ),
        ("ends:", r#""ends:""#, r#""ends:""#, r#""ends:""#),
        (
            "a #comment",
            r#""a #comment""#,
            r#""a #comment""#,
            r#""a #comment""#,
        ),
        ("#x", r##""#x""##, r##""#x""##, r##""#x""##),
        ("- item", r#""- item""#, r#""- item""#, r#""- item""#),
        ("-x", r#""-x""#, r#""-x""#, r#""-x""#),
        ("*alias", r#""*alias""#, r#""*alias""#, r#""*alias""#),
        ("&anchor", r#""&anchor""#, r#""&anchor""#, r#""&anchor""#),
        ("!Ref x", r#""!Ref x""#, r#""!Ref x""#, r#""!Ref x""#),
        ("%TAG", r#""%TAG""#, r#""%TAG""#, r#""%TAG""#),
        ("@home", r#""@home""#, r#""@home""#, r#""@home""#),
        ("a, b", r#""a, b""#, r#""a, b""#, r#""a, b""#),
        ("[x]", r#""[x]""#, r#""[x]""#, r#""[x]""#),
        ("yes", r#""yes""#, r#""yes""#, r#""yes""#),
        ("No", r#""No""#, r#""No""#, r#""No""#),
        ("NULL", r#""NULL""#, r#""NULL""#, r#""NULL""#),
        ("true", r#""true""#, r#""true""#, r#""true""#),
        ("~", r#""~""#, r#""~""#, r#""~""#),
        ("y", r#""y""#, r#""y""#, r#""y""#),
        ("off", r#""off""#, r#""off""#, r#""off""#),
        (".inf", r#"".inf""#, r#"".inf""#, r#"".inf""#),
        ("0123", r#""0123""#, r#""0123""#, r#""0123""#),
        ("1e3", r#""1e3""#, r#""1e3""#, r#""1e3""#),
        ("4711", r#""4711""#, r#""4711""#, r#""4711""#),
        ("1:20", r#""1:20""#, r#""1:20""#, r#""1:20""#),
        (
            "2024-01-01",
            r#""2024-01-01""#,
            r#""2024-01-01""#,
            r#""2024-01-01""#,
        ),
        (" lead", r#"" lead""#, r#"" lead""#, r#"" lead""#),
        ("trail ", r#""trail ""#, r#""trail ""#, r#""trail ""#),
        (
            "data platform",
            "data platform",
            "data platform",
            r#""data platform""#,
        ),
        (
            "${AWS::AccountId}",
            r#""${AWS::AccountId}""#,
            r#""${AWS::AccountId}""#,
            r#""${AWS::AccountId}""#,
        ),
        ("café ☕", r#""café ☕""#, r#""café ☕""#, r#""café ☕""#),
        ("😀", r#""😀""#, r#""😀""#, r#""😀""#),
        ("nul\0", r#""nul\0""#, r#""nul\0""#, r#""nul\u0000""#),
        (
            "bell\u{7}",
            r#""bell\x07""#,
            r#""bell\x07""#,
            r#""bell\u0007""#,
        ),
        (
            "del\u{7f}",
            r#""del\x7f""#,
            r#""del\x7f""#,
            r#""del\u007f""#,
        ),
        (
            "nel\u{85}",
            r#""nel\x85""#,
            r#""nel\x85""#,
            r#""nel\u0085""#,
        ),
        (
            "ls\u{2028}",
            r#""ls\u2028""#,
            r#""ls\u2028""#,
            r#""ls\u2028""#,
        ),
        (
            "bom\u{feff}",
            r#""bom\ufeff""#,
            r#""bom\ufeff""#,
            r#""bom\ufeff""#,
        ),
        ("cr\r", r#""cr\r""#, r#""cr\r""#, r#""cr\r""#),
    ];

    #[test]
    fn escapes_every_table_entry_exactly() {
        for (input, yaml_block, yaml_in_flow, json_string) in TABLE {
            assert_eq!(yaml(input), *yaml_block, "yaml({input:?})");
            assert_eq!(yaml_flow(input), *yaml_in_flow, "yaml_flow({input:?})");
            assert_eq!(json(input), *json_string, "json({input:?})");
        }
    }

    #[test]
    fn every_table_entry_parses_back_to_its_input() {
        for (input, yaml_block, yaml_in_flow, json_string) in TABLE {
            let block: serde_json::Value =
                serde_saphyr::from_str(&format!("k: {yaml_block}\n")).unwrap();
            assert_eq!(block["k"], *input, "block {yaml_block}");
            let flow: serde_json::Value =
                serde_saphyr::from_str(&format!("k: [{yaml_in_flow}, x]\n")).unwrap();
            assert_eq!(flow["k"][0], *input, "flow {yaml_in_flow}");
            let parsed: String = serde_json::from_str(json_string).unwrap();
            assert_eq!(parsed, *input, "json {json_string}");
        }
    }
}
