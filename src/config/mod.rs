//! The config file, `.lakectl.yaml`: found from the working directory upwards or given with
//! `--config`, parsed with located errors, and layered under `LAKECTL_*` environment variables
//! and flags (`resolve`). Its JSON Schema is `lakectl schema config`.

mod file;
mod resolve;

use std::fmt;
use std::path::{Path, PathBuf};

pub use file::{AuditSection, ConfigFile, FailOn, RuleName, ServiceName, SeverityName};
pub use file::{parse_service, parse_severity};
pub use resolve::{AuditFlags, LayeredAudit, resolve_audit};

/// The name searched for from the working directory upwards.
pub const FILE_NAME: &str = ".lakectl.yaml";

/// Environment variable naming the config file, like `--config`.
pub const CONFIG_ENV: &str = "LAKECTL_CONFIG";

/// A config file that was read: where it is (relative paths inside resolve against its
/// directory) and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub path: PathBuf,
    pub file: ConfigFile,
}

/// A config file that cannot be used, with where the problem is when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    /// Line and column, from 1.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The nearest `.lakectl.yaml` in `start` or one of its ancestors.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The config file to use: `explicit` (`--config` or `LAKECTL_CONFIG`) must exist; otherwise
/// the nearest one from `cwd` upwards, if any.
pub fn discover(explicit: Option<&Path>, cwd: &Path) -> Result<Option<Loaded>, ConfigError> {
    match explicit {
        Some(path) => load(path).map(Some),
        None => find(cwd).map(|path| load(&path)).transpose(),
    }
}

pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: name.clone(),
        position: None,
        message: format!(
            "cannot read the config file: {e}; check the path given with --config or LAKECTL_CONFIG"
        ),
    })?;
    Ok(Loaded {
        path: path.to_path_buf(),
        file: parse(&name, &text)?,
    })
}

/// Parses the text of a config file named `name`; an empty file is the default config.
pub fn parse(name: &str, text: &str) -> Result<ConfigFile, ConfigError> {
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(ConfigFile::default());
    }
    serde_saphyr::from_str::<ConfigFile>(text).map_err(|error| {
        let position = error
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| (l.line() as usize, l.column().max(1) as usize));
        let rendered = error.without_snippet().render();
        let first = rendered.lines().next().unwrap_or(&rendered).trim();
        let message = match first.rfind(" at line ") {
            Some(index) => &first[..index],
            None => first,
        };
        ConfigError {
            file: name.to_string(),
            position,
            message: message.trim_end_matches('.').to_string(),
        }
    })
}

/// The config file's JSON Schema (`lakectl schema config`).
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    serde_json::to_string_pretty(&schema).expect("schemas always serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::rule::{Service, Severity};

    #[test]
    fn a_complete_file_parses() {
        let text = "\
audit:
  required_tags:
    owner: ~
    environment: [prod, dev]
  min_stream_retention_hours: 72
  athena_max_bytes_scanned: 1073741824
  severity:
    LK-S3-013: medium
    key-rotation-disabled: high
  skip_rules: [LK-S3-002]
  services: [s3, lake-formation]
  severities: [high, critical]
  suppressions: suppressions.yaml
  fail_on: never
";
        let config = parse(".lakectl.yaml", text).unwrap();
        let audit = &config.audit;
        assert_eq!(audit.required_tags.get("owner"), Some(&None));
        assert_eq!(
            audit.required_tags.get("environment"),
            Some(&Some(vec!["prod".to_string(), "dev".to_string()]))
        );
        assert_eq!(audit.min_stream_retention_hours, Some(72));
        assert_eq!(audit.athena_max_bytes_scanned, Some(1 << 30));
        assert_eq!(
            audit
                .severity
                .iter()
                .map(|(r, s)| (r.0.as_str(), s.0))
                .collect::<Vec<_>>(),
            vec![
                ("LK-KMS-001", Severity::High),
                ("LK-S3-013", Severity::Medium)
            ]
        );
        assert_eq!(audit.skip_rules, vec![RuleName("LK-S3-002".into())]);
        assert_eq!(
            audit.services,
            vec![
                ServiceName(Service::S3),
                ServiceName(Service::LakeFormation)
            ]
        );
        assert_eq!(audit.fail_on, Some(FailOn(None)));
        assert_eq!(audit.suppressions, Some(PathBuf::from("suppressions.yaml")));
    }

    #[test]
    fn an_empty_or_comment_only_file_is_the_default() {
        assert_eq!(parse("c", "").unwrap(), ConfigFile::default());
        assert_eq!(parse("c", "# nothing\n\n").unwrap(), ConfigFile::default());
    }

    fn error(text: &str) -> String {
        parse(".lakectl.yaml", text).unwrap_err().to_string()
    }

    #[test]
    fn an_unknown_rule_is_located() {
        let e = error("audit:\n  skip_rules: [LK-S3-002, LK-S3-999]\n");
        assert!(e.starts_with(".lakectl.yaml:2:"), "{e}");
        assert!(e.contains("unknown rule `LK-S3-999`"), "{e}");
    }

    #[test]
    fn an_unknown_service_severity_or_fail_on_is_located() {
        let e = error("audit:\n  services:\n    - s3\n    - ec2\n");
        assert!(e.starts_with(".lakectl.yaml:4:"), "{e}");
        assert!(e.contains("unknown service `ec2`"), "{e}");
        let e = error("audit:\n  severity:\n    LK-S3-001: urgent\n");
        assert!(e.starts_with(".lakectl.yaml:3:"), "{e}");
        assert!(e.contains("unknown severity `urgent`"), "{e}");
        let e = error("audit:\n  fail_on: sometimes\n");
        assert!(e.starts_with(".lakectl.yaml:2:"), "{e}");
        assert!(e.contains("unknown fail-on level `sometimes`"), "{e}");
    }

    #[test]
    fn an_unknown_key_or_a_wrong_type_is_located() {
        let e = error("audit:\n  required_tag: [owner]\n");
        assert!(e.starts_with(".lakectl.yaml:2:"), "{e}");
        assert!(e.contains("required_tag"), "{e}");
        let e = error("audit:\n  min_stream_retention_hours: a week\n");
        assert!(e.starts_with(".lakectl.yaml:2:"), "{e}");
    }

    #[test]
    fn the_nearest_file_upwards_is_found() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        assert_eq!(find(&nested), None);
        std::fs::write(root.path().join(FILE_NAME), "audit: {}\n").unwrap();
        assert_eq!(find(&nested), Some(root.path().join(FILE_NAME)));
        std::fs::write(root.path().join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(find(&nested), Some(root.path().join("a").join(FILE_NAME)));
        let missing = root.path().join("missing.yaml");
        let e = discover(Some(&missing), &nested).unwrap_err();
        assert!(e.message.starts_with("cannot read the config file"), "{e}");
    }

    #[test]
    fn the_schema_describes_the_audit_section() {
        let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
        assert_eq!(schema["title"], "lakectl config file (.lakectl.yaml)");
        let audit = &schema["$defs"]["AuditSection"]["properties"];
        for key in [
            "required_tags",
            "min_stream_retention_hours",
            "athena_max_bytes_scanned",
            "severity",
            "rules",
            "skip_rules",
            "services",
            "skip_services",
            "severities",
            "suppressions",
            "fail_on",
        ] {
            assert!(audit.get(key).is_some(), "{key} missing from the schema");
        }
    }
}
