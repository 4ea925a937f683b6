//! The config file's format, `.lakectl.yaml`. Names of rules, services and severities are
//! checked while the file is parsed, so a wrong one is reported at its line and column.

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::audit::registry;
use crate::audit::rule::{Rule, Service, Severity};

/// `.lakectl.yaml`: lakectl's settings for a repository or a directory tree.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "lakectl config file (.lakectl.yaml)")]
pub struct ConfigFile {
    /// The audit policy and how `lakectl audit` runs.
    #[serde(default)]
    pub audit: AuditSection,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditSection {
    /// Tag keys every taggable resource must carry. A key maps to `null` (any value) or to the
    /// list of allowed values.
    #[serde(default)]
    pub required_tags: BTreeMap<String, Option<Vec<String>>>,
    /// Minimum Kinesis stream retention in hours (default 168).
    pub min_stream_retention_hours: Option<u32>,
    /// Highest acceptable per-query bytes-scanned cutoff of an Athena work group, in bytes.
    pub athena_max_bytes_scanned: Option<u64>,
    /// Severity overrides: rule id or name to severity.
    #[serde(default)]
    pub severity: BTreeMap<RuleName, SeverityName>,
    /// Run only these rules (ids or names); all when empty.
    #[serde(default)]
    pub rules: Vec<RuleName>,
    /// Never run these rules.
    #[serde(default)]
    pub skip_rules: Vec<RuleName>,
    /// Run only the rules of these services; all when empty.
    #[serde(default)]
    pub services: Vec<ServiceName>,
    /// Never run the rules of these services.
    #[serde(default)]
    pub skip_services: Vec<ServiceName>,
    /// Run only the rules of these severities (after overrides); all when empty.
    #[serde(default)]
    pub severities: Vec<SeverityName>,
    /// Suppressions file, relative to the config file.
    pub suppressions: Option<PathBuf>,
    /// Lowest severity that fails the run, or `never` (default `high`).
    pub fail_on: Option<FailOn>,
}

/// A rule of the catalogue, by id (`LK-S3-001`) or name (`zone-bucket-without-zone-cmk`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct RuleName(pub String);

impl RuleName {
    pub fn rule(&self) -> &'static Rule {
        registry::find(&self.0).expect("rule names are checked when parsed")
    }
}

/// The schema of a name checked while parsing: a string, with its allowed values when short.
macro_rules! string_schema {
    ($type:ty, $name:literal, $description:literal, $values:expr) => {
        impl JsonSchema for $type {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let values: Vec<String> = $values;
                if values.is_empty() {
                    schemars::json_schema!({"type": "string", "description": $description})
                } else {
                    schemars::json_schema!({"type": "string", "description": $description, "enum": values})
                }
            }
        }
    };
}

string_schema!(
    RuleName,
    "RuleName",
    "A rule id (LK-S3-001) or name (zone-bucket-without-zone-cmk)",
    registry::RULES
        .iter()
        .map(|r| r.id.to_string())
        .chain(registry::RULES.iter().map(|r| r.name.to_string()))
        .collect()
);
string_schema!(
    ServiceName,
    "ServiceName",
    "A service of the rule catalogue",
    SERVICES.iter().map(|s| s.as_str().to_string()).collect()
);
string_schema!(
    SeverityName,
    "SeverityName",
    "A severity",
    Severity::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect()
);
string_schema!(
    FailOn,
    "FailOn",
    "The lowest severity that fails the run, or never",
    Severity::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .chain(["never".to_string()])
        .collect()
);

impl TryFrom<String> for RuleName {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        registry::find(&text)
            .map(|r| RuleName(r.id.to_string()))
            .ok_or_else(|| {
                format!("unknown rule `{text}`; `lakectl rules` lists every rule id and name")
            })
    }
}

pub const SERVICES: [Service; 14] = Service::ALL;

/// A service of the rule catalogue, as `lakectl rules` names it (`s3`, `lake-formation`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct ServiceName(pub Service);

impl TryFrom<String> for ServiceName {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        parse_service(&text).map(ServiceName)
    }
}

pub fn parse_service(text: &str) -> Result<Service, String> {
    SERVICES
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(text))
        .ok_or_else(|| {
            let names: Vec<&str> = SERVICES.iter().map(|s| s.as_str()).collect();
            format!(
                "unknown service `{text}`; expected one of {}",
                names.join(", ")
            )
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct SeverityName(pub Severity);

impl TryFrom<String> for SeverityName {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        parse_severity(&text).map(SeverityName)
    }
}

pub fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::ALL
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(text))
        .ok_or_else(|| {
            format!("unknown severity `{text}`; expected info, low, medium, high or critical")
        })
}

/// `--fail-on`: a severity, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct FailOn(pub Option<Severity>);

impl TryFrom<String> for FailOn {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        if text.eq_ignore_ascii_case("never") {
            return Ok(FailOn(None));
        }
        parse_severity(&text)
            .map(|s| FailOn(Some(s)))
            .map_err(|_| {
                format!(
                    "unknown fail-on level `{text}`; expected info, low, medium, high, critical or never"
                )
            })
    }
}
