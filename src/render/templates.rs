//! The handlebars registry: the CloudFormation template of one output format (a main
//! template and one partial per service, so each stays small; handlebars compiles in time
//! that grows with the square of a template's size), embedded in the binary or read from
//! `--templates-dir`, rendered in strict mode with the format's escape function and the
//! `value` helper.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};

use super::{Format, RenderError as Error, cfn, emit, escape};

/// (file name under `templates/`, text). The first entry is the main template; the others
/// are partials, included by their stem (`{{> kms}}`).
type Files = &'static [(&'static str, &'static str)];

const YAML_FILES: Files = &[
    (
        "cloudformation.yaml.hbs",
        include_str!("../../templates/cloudformation.yaml.hbs"),
    ),
    ("yaml/kms.hbs", include_str!("../../templates/yaml/kms.hbs")),
    ("yaml/s3.hbs", include_str!("../../templates/yaml/s3.hbs")),
    ("yaml/iam.hbs", include_str!("../../templates/yaml/iam.hbs")),
    (
        "yaml/kinesis.hbs",
        include_str!("../../templates/yaml/kinesis.hbs"),
    ),
    (
        "yaml/logs.hbs",
        include_str!("../../templates/yaml/logs.hbs"),
    ),
    (
        "yaml/firehose.hbs",
        include_str!("../../templates/yaml/firehose.hbs"),
    ),
    (
        "yaml/glue-catalog-encryption.hbs",
        include_str!("../../templates/yaml/glue-catalog-encryption.hbs"),
    ),
    (
        "yaml/glue-security-configuration.hbs",
        include_str!("../../templates/yaml/glue-security-configuration.hbs"),
    ),
    (
        "yaml/glue-database.hbs",
        include_str!("../../templates/yaml/glue-database.hbs"),
    ),
    (
        "yaml/glue-table.hbs",
        include_str!("../../templates/yaml/glue-table.hbs"),
    ),
    (
        "yaml/glue-crawler.hbs",
        include_str!("../../templates/yaml/glue-crawler.hbs"),
    ),
    (
        "yaml/glue-job.hbs",
        include_str!("../../templates/yaml/glue-job.hbs"),
    ),
    (
        "yaml/glue-workflow.hbs",
        include_str!("../../templates/yaml/glue-workflow.hbs"),
    ),
    (
        "yaml/events.hbs",
        include_str!("../../templates/yaml/events.hbs"),
    ),
    (
        "yaml/cloudtrail.hbs",
        include_str!("../../templates/yaml/cloudtrail.hbs"),
    ),
    (
        "yaml/cloudwatch.hbs",
        include_str!("../../templates/yaml/cloudwatch.hbs"),
    ),
    (
        "yaml/athena.hbs",
        include_str!("../../templates/yaml/athena.hbs"),
    ),
    (
        "yaml/lake-formation.hbs",
        include_str!("../../templates/yaml/lake-formation.hbs"),
    ),
];

const JSON_FILES: Files = &[
    (
        "cloudformation.json.hbs",
        include_str!("../../templates/cloudformation.json.hbs"),
    ),
    ("json/kms.hbs", include_str!("../../templates/json/kms.hbs")),
    ("json/s3.hbs", include_str!("../../templates/json/s3.hbs")),
    ("json/iam.hbs", include_str!("../../templates/json/iam.hbs")),
    (
        "json/kinesis.hbs",
        include_str!("../../templates/json/kinesis.hbs"),
    ),
    (
        "json/logs.hbs",
        include_str!("../../templates/json/logs.hbs"),
    ),
    (
        "json/firehose.hbs",
        include_str!("../../templates/json/firehose.hbs"),
    ),
    (
        "json/glue-catalog-encryption.hbs",
        include_str!("../../templates/json/glue-catalog-encryption.hbs"),
    ),
    (
        "json/glue-security-configuration.hbs",
        include_str!("../../templates/json/glue-security-configuration.hbs"),
    ),
    (
        "json/glue-database.hbs",
        include_str!("../../templates/json/glue-database.hbs"),
    ),
    (
        "json/glue-table.hbs",
        include_str!("../../templates/json/glue-table.hbs"),
    ),
    (
        "json/glue-crawler.hbs",
        include_str!("../../templates/json/glue-crawler.hbs"),
    ),
    (
        "json/glue-job.hbs",
        include_str!("../../templates/json/glue-job.hbs"),
    ),
    (
        "json/glue-workflow.hbs",
        include_str!("../../templates/json/glue-workflow.hbs"),
    ),
    (
        "json/events.hbs",
        include_str!("../../templates/json/events.hbs"),
    ),
    (
        "json/cloudtrail.hbs",
        include_str!("../../templates/json/cloudtrail.hbs"),
    ),
    (
        "json/cloudwatch.hbs",
        include_str!("../../templates/json/cloudwatch.hbs"),
    ),
    (
        "json/athena.hbs",
        include_str!("../../templates/json/athena.hbs"),
    ),
    (
        "json/lake-formation.hbs",
        include_str!("../../templates/json/lake-formation.hbs"),
    ),
];

/// Where a template came from, for error messages.
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
    main: &'static str,
    /// Registered name → where its text came from.
    origins: HashMap<String, Origin>,
}

impl Format {
    /// The template files of this format, as named under `templates/` and `--templates-dir`.
    pub fn template_files(self) -> impl Iterator<Item = &'static str> {
        self.files().iter().map(|(name, _)| *name)
    }

    fn files(self) -> Files {
        match self {
            Format::Yaml => YAML_FILES,
            Format::Json => JSON_FILES,
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
    /// The embedded templates of `format`, or the files of the same names in `dir`: an
    /// override directory holds the whole set (a copy of `templates/`), so a missing file is
    /// an error rather than a silent mix of old and new templates.
    pub fn load(format: Format, dir: Option<&Path>) -> Result<Self, Error> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(format.escape_fn());
        registry.register_helper("value", Box::new(ValueHelper { format }));
        let mut origins = HashMap::new();
        let files = format.files();
        for (i, (file, embedded)) in files.iter().enumerate() {
            let (source, origin) = match dir {
                None => ((*embedded).to_string(), Origin::Embedded(file)),
                Some(dir) => {
                    let path = dir.join(file);
                    let text =
                        std::fs::read_to_string(&path).map_err(|error| Error::TemplateRead {
                            path: path.clone(),
                            error,
                        })?;
                    (text, Origin::File(path))
                }
            };
            let name = registered_name(file, i == 0);
            let compiled = if i == 0 {
                registry.register_template_string(name, &source)
            } else {
                registry.register_partial(name, &source)
            };
            compiled.map_err(|e| {
                let (line, column) = e.pos().unwrap_or((0, 0));
                Error::TemplateSyntax {
                    origin: origin.clone(),
                    line,
                    column,
                    message: e.reason().to_string(),
                }
            })?;
            origins.insert(name.to_string(), origin);
        }
        Ok(Templates {
            registry,
            main: files[0].0,
            origins,
        })
    }

    /// Where the main template came from.
    pub fn origin(&self) -> &Origin {
        &self.origins[self.main]
    }

    pub fn render<T: serde::Serialize>(&self, data: &T) -> Result<String, Error> {
        self.registry
            .render(self.main, data)
            .map_err(|e| Error::TemplateRender {
                origin: e
                    .template_name
                    .as_ref()
                    .and_then(|name| self.origins.get(name))
                    .unwrap_or(self.origin())
                    .clone(),
                line: e.line_no.unwrap_or(0),
                column: e.column_no.unwrap_or(0),
                message: e.reason().to_string(),
            })
    }
}

/// The main template keeps its file name; a partial is included by its stem.
fn registered_name(file: &'static str, main: bool) -> &'static str {
    if main {
        return file;
    }
    let stem = file.rsplit('/').next().unwrap_or(file);
    stem.strip_suffix(".hbs").unwrap_or(stem)
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

    /// A copy of the embedded set with `text` as the main template.
    fn with_template(format: Format, text: &str) -> Result<Templates, Error> {
        let dir = tempfile::tempdir().unwrap();
        for (i, (file, embedded)) in format.files().iter().enumerate() {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, if i == 0 { text } else { embedded }).unwrap();
        }
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
    fn an_override_directory_must_hold_every_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cloudformation.yaml.hbs"), "a: 1\n").unwrap();
        let message = Templates::load(Format::Yaml, Some(dir.path()))
            .err()
            .unwrap()
            .to_string();
        assert!(
            message.contains(&dir.path().join("yaml/kms.hbs").display().to_string()),
            "{message}"
        );
    }

    #[test]
    fn a_failing_partial_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        for (file, embedded) in Format::Yaml.files() {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, embedded).unwrap();
        }
        std::fs::write(dir.path().join("yaml/athena.hbs"), "\n  {{nope}}\n").unwrap();
        let t = Templates::load(Format::Yaml, Some(dir.path())).unwrap();
        let message = t.render(&json!({"description": "d", "keys": [], "buckets": [], "roles": [], "streams": [], "log_groups": [], "delivery_streams": [], "catalog_encryption": {"logical_id": "C", "mode": "DISABLED", "metadata_key": null, "return_password_encrypted": false, "password_key": null}, "security_configurations": [], "databases": [], "tables": [], "crawlers": [], "jobs": [], "workflows": [], "event_rules": [], "trails": [], "alarms": [], "workgroups": [], "lake_formation": {"settings_logical_id": "L", "admins": [], "create_database_default": [], "create_table_default": [], "locations": [], "grants": [], "lf_tags": [], "tag_associations": [], "tag_grants": [], "cells_filters": [], "filter_grants": []}}))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(&format!(
                "{}:2:3",
                dir.path().join("yaml/athena.hbs").display()
            )),
            "{message}"
        );
    }

    #[test]
    fn embedded_templates_compile() {
        Templates::load(Format::Yaml, None).unwrap();
        Templates::load(Format::Json, None).unwrap();
    }
}
