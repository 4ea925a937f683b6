//! Structured values (policies, tags, lifecycle rules, intrinsic functions) written into a
//! template at a given indentation, in YAML or JSON. Every string goes through [`super::escape`].
//!
//! The caller has written `Key: ` (YAML) or `"Key": ` (JSON) and passes the column of `Key`.
//! Scalars, empty collections and CloudFormation intrinsic functions with simple arguments stay
//! on that line (`{Ref: BucketRaw}`); other collections continue on the next lines, indented
//! two more columns. Without an indent, everything is written inline (flow style), which is
//! valid anywhere.

use serde_json::{Map, Value};

use super::Format;
use super::escape;

pub fn emit(format: Format, value: &Value, indent: Option<usize>, out: &mut String) {
    match format {
        Format::Yaml => yaml(value, indent, out),
        Format::Json => json(value, indent, out),
    }
}

/// A one-key mapping `Ref` or `Fn::*` whose argument is a scalar or a list of scalars.
fn is_simple_intrinsic(map: &Map<String, Value>) -> bool {
    let mut entries = map.iter();
    let (Some((name, argument)), None) = (entries.next(), entries.next()) else {
        return false;
    };
    let scalar = |v: &Value| !v.is_object() && !v.is_array();
    (name == "Ref" || name.starts_with("Fn::"))
        && match argument {
            Value::Array(items) => items.iter().all(scalar),
            other => scalar(other),
        }
}

fn is_inline(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.is_empty() || is_simple_intrinsic(map),
        Value::Array(items) => items.is_empty(),
        _ => true,
    }
}

/// YAML limits implicit keys to 1024 characters; longer keys are written as explicit keys
/// (`? key`). Counted in bytes, which is at least the number of characters.
const MAX_IMPLICIT_KEY: usize = 1000;

fn pad(out: &mut String, columns: usize) {
    out.extend(std::iter::repeat_n(' ', columns));
}

fn scalar_text(value: &Value, quote: fn(&str) -> String) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(_) | Value::Object(_) => unreachable!("collections are not scalars"),
    }
}

fn yaml(value: &Value, indent: Option<usize>, out: &mut String) {
    match indent {
        Some(column) if !is_inline(value) => yaml_nested(value, column, out),
        _ => yaml_inline(value, out),
    }
}

/// A value that stays on the current line of a block: a scalar with block quoting rules, or a
/// flow collection.
fn yaml_inline(value: &Value, out: &mut String) {
    match value {
        Value::Object(_) | Value::Array(_) => yaml_flow(value, out),
        scalar => out.push_str(&scalar_text(scalar, escape::yaml)),
    }
}

fn yaml_flow(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let key = escape::yaml_flow(key);
                if key.len() > MAX_IMPLICIT_KEY {
                    out.push_str("? ");
                }
                out.push_str(&key);
                out.push_str(": ");
                yaml_flow(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                yaml_flow(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar_text(scalar, escape::yaml_flow)),
    }
}

/// The value of a key at `column`, on the lines below it.
fn yaml_nested(value: &Value, column: usize, out: &mut String) {
    match value {
        Value::Object(map) => yaml_mapping(map, column + 2, false, out),
        Value::Array(items) => yaml_sequence(items, column + 2, out),
        _ => unreachable!("scalars are inline"),
    }
}

/// Mapping entries at `column`; with `first_on_line`, the first entry continues the current
/// line (after `- `).
fn yaml_mapping(map: &Map<String, Value>, column: usize, first_on_line: bool, out: &mut String) {
    for (i, (key, item)) in map.iter().enumerate() {
        if i > 0 || !first_on_line {
            out.push('\n');
            pad(out, column);
        }
        let key = escape::yaml(key);
        if key.len() > MAX_IMPLICIT_KEY {
            out.push_str("? ");
            out.push_str(&key);
            out.push('\n');
            pad(out, column);
        } else {
            out.push_str(&key);
        }
        out.push(':');
        if is_inline(item) {
            out.push(' ');
            yaml_inline(item, out);
        } else {
            yaml_nested(item, column, out);
        }
    }
}

fn yaml_sequence(items: &[Value], column: usize, out: &mut String) {
    for item in items {
        out.push('\n');
        pad(out, column);
        out.push('-');
        match item {
            Value::Object(map) if !is_inline(item) => {
                out.push(' ');
                yaml_mapping(map, column + 2, true, out);
            }
            Value::Array(inner) if !is_inline(item) => yaml_sequence(inner, column + 2, out),
            _ => {
                out.push(' ');
                yaml_inline(item, out);
            }
        }
    }
}

fn json(value: &Value, indent: Option<usize>, out: &mut String) {
    match indent {
        Some(column) if !is_inline(value) => json_pretty(value, column, out),
        _ => json_inline(value, out),
    }
}

fn json_inline(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&escape::json(key));
                out.push_str(": ");
                json_inline(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                json_inline(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar_text(scalar, escape::json)),
    }
}

/// A collection opened on the current line, its entries at `column + 2`, closed at `column`.
fn json_pretty(value: &Value, column: usize, out: &mut String) {
    let (open, close, entries): (char, char, Vec<(Option<&String>, &Value)>) = match value {
        Value::Object(map) => ('{', '}', map.iter().map(|(k, v)| (Some(k), v)).collect()),
        Value::Array(items) => ('[', ']', items.iter().map(|v| (None, v)).collect()),
        _ => unreachable!("scalars are inline"),
    };
    out.push(open);
    for (i, (key, item)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('\n');
        pad(out, column + 2);
        if let Some(key) = key {
            out.push_str(&escape::json(key));
            out.push_str(": ");
        }
        json(item, Some(column + 2), out);
    }
    out.push('\n');
    pad(out, column);
    out.push(close);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn render(format: Format, value: &Value, indent: Option<usize>) -> String {
        let mut out = String::new();
        emit(format, value, indent, &mut out);
        out
    }

    fn sample() -> Value {
        json!({
            "Tags": [{"Key": "owner", "Value": "a: b"}, {"Key": "n", "Value": "0123"}],
            "Key": {"Fn::GetAtt": ["KeyRaw", "Arn"]},
            "Name": {"Fn::Sub": "x-${AWS::AccountId}"},
            "Empty": [],
            "Nested": [[1, 2], {"A": {"B": true}}],
            "Count": 3
        })
    }

    #[test]
    fn yaml_block_layout() {
        let text = render(Format::Yaml, &sample(), Some(4));
        assert_eq!(
            text,
            "
      Tags:
        - Key: owner
          Value: \"a: b\"
        - Key: \"n\"
          Value: \"0123\"
      Key: {\"Fn::GetAtt\": [KeyRaw, Arn]}
      Name: {\"Fn::Sub\": \"x-${AWS::AccountId}\"}
      Empty: []
      Nested:
        -
          - 1
          - 2
        - A:
            B: true
      Count: 3"
        );
        let parsed: Value = serde_saphyr::from_str(&format!("    Root:{text}\n")).unwrap();
        assert_eq!(parsed["Root"], sample());
    }

    #[test]
    fn yaml_without_indent_is_flow() {
        assert_eq!(
            render(Format::Yaml, &json!({"A": ["x y", "yes"], "B": {}}), None),
            r#"{A: [x y, "yes"], B: {}}"#
        );
    }

    #[test]
    fn json_pretty_layout() {
        let text = render(Format::Json, &sample(), Some(2));
        assert_eq!(
            text,
            r#"{
    "Tags": [
      {
        "Key": "owner",
        "Value": "a: b"
      },
      {
        "Key": "n",
        "Value": "0123"
      }
    ],
    "Key": {"Fn::GetAtt": ["KeyRaw", "Arn"]},
    "Name": {"Fn::Sub": "x-${AWS::AccountId}"},
    "Empty": [],
    "Nested": [
      [
        1,
        2
      ],
      {
        "A": {
          "B": true
        }
      }
    ],
    "Count": 3
  }"#
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), sample());
    }

    #[test]
    fn long_keys_are_explicit() {
        let long = "k".repeat(1200);
        let value = json!({ long.clone(): {"a": 1}, "short": [{ long.clone(): "v" }] });
        let text = render(Format::Yaml, &value, Some(0));
        assert!(
            text.starts_with(&format!("\n  ? {long}\n  :\n    a: 1")),
            "{text}"
        );
        let parsed: Value = serde_saphyr::from_str(&format!("root:{text}\n")).unwrap();
        assert_eq!(parsed["root"], value);
        let flow = render(Format::Yaml, &value, None);
        let parsed: Value = serde_saphyr::from_str(&format!("root: {flow}\n")).unwrap();
        assert_eq!(parsed["root"], value);
    }

    #[test]
    fn json_inline_without_indent() {
        assert_eq!(
            render(Format::Json, &json!({"A": ["x\"", null]}), None),
            r#"{"A": ["x\"", null]}"#
        );
    }
}
