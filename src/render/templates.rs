//! The handlebars registry: the CloudFormation template of one output format, embedded in
//! the binary or read from `--templates-dir`, rendered in strict mode with the format's
//! escape function and the `value` helper.

use std::path::{Path, PathBuf};

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};

use super::{Format, RenderError as Error, cfn, emit, escape};

const YAML_TEMPLATE: &str = include_str!("../../templates/cloudformation.yaml.hbs");
const JSON_TEMPLATE: &str = include_str!("../../templates/cloudformation.json.hbs");

/// Where the template came from, for error messages.
#[derive(Debug, Clone)]
pub enum Origin {
    Embedded(&'static str),
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Embedded(name) => write!(f, "templates/{name} (embedded)"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

pub struct Templates {
    registry: Handlebars<'static>,
    name: &'static str,
    origin: Origin,
}

impl Format {
    /// The template file name, the same embedded and in `--templates-dir`.
    pub fn template_name(self) -> &'static str {
        match self {
            Format::Yaml => "cloudformation.yaml.hbs",
            Format::Json => "cloudformation.json.hbs",
        }
    }

    fn embedded(self) -> &'static str {
        match self {
            Format::Yaml => YAML_TEMPLATE,
            Format::Json => JSON_TEMPLATE,
        }
    }

    fn escape_fn(self) -> fn(&str) -> String {
        match self {
            Format::Yaml => |s| text(Format::Yaml, s),
            Format::Json => |s| text(Format::Json, s),
        }
    }
}

/// The registry's escape function: a string as one scalar of the output language, or, when
/// it contains `${`, as an Fn::Sub that keeps it literal (see [`cfn`]).
fn text(format: Format, s: &str) -> String {
    match cfn::literal(s) {
        serde_json::Value::String(s) => match format {
            Format::Yaml => escape::yaml(&s),
            Format::Json => escape::json(&s),
        },
        sub => {
            let mut out = String::new();
            emit::emit(format, &sub, None, &mut out);
            out
        }
    }
}

impl Templates {
    /// The embedded template of `format`, or the file of the same name in `dir`.
    pub fn load(format: Format, dir: Option<&Path>) -> Result<Self, Error> {
        let name = format.template_name();
        let (source, origin) = match dir {
            None => (format.embedded().to_string(), Origin::Embedded(name)),
            Some(dir) => {
                let path = dir.join(name);
                let text =
                    std::fs::read_to_string(&path).map_err(|source| Error::TemplateRead {
                        path: path.clone(),
                        source,
                    })?;
                (text, Origin::File(path))
            }
        };
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(format.escape_fn());
        registry.register_helper("value", Box::new(ValueHelper { format }));
        registry
            .register_template_string(name, &source)
            .map_err(|e| {
                let (line, column) = e.pos().unwrap_or((0, 0));
                Error::TemplateSyntax {
                    origin: origin.clone(),
                    line,
                    column,
                    message: e.reason().to_string(),
                }
            })?;
        Ok(Templates {
            registry,
            name,
            origin,
        })
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    pub fn render<T: serde::Serialize>(&self, data: &T) -> Result<String, Error> {
        self.registry
            .render(self.name, data)
            .map_err(|e| Error::TemplateRender {
                origin: self.origin.clone(),
                line: e.line_no.unwrap_or(0),
                column: e.column_no.unwrap_or(0),
                message: e.reason().to_string(),
            })
    }
}

/// `{{value path indent=N}}`: any JSON value in the output language, see [`emit`]. It writes
/// to the output itself, so the registry's escape function does not apply a second time.
struct ValueHelper {
    format: Format,
}

impl HelperDef for ValueHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let param = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("value", 0))?;
        if param.is_value_missing() {
            return Err(RenderErrorReason::MissingVariable(param.relative_path().cloned()).into());
        }
        let indent = match h.hash_get("indent") {
            None => None,
            Some(v) => Some(v.value().as_u64().ok_or_else(|| {
                RenderError::from(RenderErrorReason::HashTypeMismatchForName(
                    "value",
                    "indent".to_string(),
                    "a number of columns".to_string(),
                ))
            })? as usize),
        };
        let mut text = String::new();
        emit::emit(self.format, param.value(), indent, &mut text);
        out.write(&text)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn with_template(format: Format, text: &str) -> Result<Templates, Error> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format.template_name()), text).unwrap();
        Templates::load(format, Some(dir.path()))
    }

    #[test]
    fn escapes_fields_for_the_output_language() {
        let data = json!({"s": "yes: no", "n": "0123"});
        let yaml = with_template(Format::Yaml, "a: {{s}}\nb: {{n}}\n").unwrap();
        assert_eq!(yaml.render(&data).unwrap(), "a: \"yes: no\"\nb: \"0123\"\n");
        let json = with_template(Format::Json, "[{{s}}, {{n}}]").unwrap();
        assert_eq!(json.render(&data).unwrap(), r#"["yes: no", "0123"]"#);
    }

    #[test]
    fn fields_with_dollar_braces_stay_literal_through_fn_sub() {
        let data = json!({"s": "a ${AWS::AccountId}"});
        let yaml = with_template(Format::Yaml, "a: {{s}}").unwrap();
        assert_eq!(
            yaml.render(&data).unwrap(),
            r#"a: {"Fn::Sub": "a ${!AWS::AccountId}"}"#
        );
        let json = with_template(Format::Json, "{{s}}").unwrap();
        assert_eq!(
            json.render(&data).unwrap(),
            r#"{"Fn::Sub": "a ${!AWS::AccountId}"}"#
        );
    }

    #[test]
    fn value_helper_writes_structures_once_escaped() {
        let data = json!({"tags": [{"Key": "a", "Value": "\"q\""}], "n": 3});
        let yaml =
            with_template(Format::Yaml, "T: {{value tags indent=0}}\nN: {{value n}}\n").unwrap();
        assert_eq!(
            yaml.render(&data).unwrap(),
            "T: \n  - Key: a\n    Value: \"\\\"q\\\"\"\nN: 3\n"
        );
    }

    #[test]
    fn strict_mode_names_the_missing_field_and_its_position() {
        let t = with_template(Format::Yaml, "a: 1\nb: {{missing}}\n").unwrap();
        let message = t.render(&json!({})).unwrap_err().to_string();
        assert!(message.contains("cloudformation.yaml.hbs:2:4"), "{message}");
        assert!(message.contains("missing"), "{message}");
        let t = with_template(Format::Yaml, "b: {{value missing}}\n").unwrap();
        let message = t.render(&json!({})).unwrap_err().to_string();
        assert!(message.contains("missing"), "{message}");
    }

    #[test]
    fn invalid_override_names_file_line_and_column() {
        let message = with_template(Format::Json, "{\n  {{#each x}}\n")
            .err()
            .unwrap()
            .to_string();
        assert!(message.contains("cloudformation.json.hbs:"), "{message}");
        assert!(message.contains("invalid template"), "{message}");
    }

    #[test]
    fn missing_override_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let message = Templates::load(Format::Yaml, Some(dir.path()))
            .err()
            .unwrap()
            .to_string();
        assert!(
            message.contains(
                &dir.path()
                    .join("cloudformation.yaml.hbs")
                    .display()
                    .to_string()
            ),
            "{message}"
        );
    }

    #[test]
    fn embedded_templates_compile() {
        Templates::load(Format::Yaml, None).unwrap();
        Templates::load(Format::Json, None).unwrap();
    }
}
