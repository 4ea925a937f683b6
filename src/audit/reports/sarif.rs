//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! Every rule is a `tool.driver.rules` entry (id, name, short and full description, help with
//! the remediation, a `helpUri` into docs/rules.md, `properties.security-severity`). Results are
//! the failures (`kind: fail`, level from severity) and unknowns (`kind: review`, level `none`),
//! passes are left out. Suppressed findings carry an accepted external suppression, which GitHub
//! shows as dismissed.
//!
//! GitHub code scanning rejects a result without a physical location, so every result has one,
//! relative to the `%SRCROOT%` base (the directory lakectl ran in, the repository root in CI):
//! - an audit of a blueprint (static, or live with `--blueprint`) points at the line and column
//!   of the resource's definition in the blueprint file;
//! - an audit of the region (`--all`) has no file to point at, so it points at the synthetic
//!   artifact `aws/<account>/<region>/<service>`: stable across runs, so GitHub tracks each alert
//!   from one upload to the next, and it names where the resource lives. No such file exists.
//!
//! Each scope has its own `automationDetails.id`, so uploading one scope's results does not close
//! the alerts of another.

use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use crate::audit::finding::{Finding, Status};
use crate::audit::registry::RULES;
use crate::audit::report::{AuditReport, TOOL, Target, VERSION};
use crate::audit::rule::{Rule, Severity};
use crate::blueprint::Position;
use crate::model::Kind;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base every artifact URI is relative to (the name GitHub's documentation uses).
pub const SRCROOT: &str = "%SRCROOT%";

/// GitHub code scanning accepts at most 25,000 results per run and shows the first 5,000; beyond
/// the cap the least severe results are left out and a notification says how many.
pub const MAX_RESULTS: usize = 25_000;

const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The rule's section of docs/rules.md; the anchor is the heading `## <ID> <name>` as GitHub
/// renders it.
fn help_uri(rule: &Rule) -> String {
    format!(
        "{INFORMATION_URI}/blob/main/docs/rules.md#{}-{}",
        rule.id.to_ascii_lowercase(),
        rule.name
    )
}

fn rule_descriptor(rule: &Rule) -> Value {
    let mut tags = vec!["security".to_string(), rule.service.as_str().to_string()];
    tags.extend(rule.lens.iter().map(|q| q.to_string()));
    let field = rule
        .blueprint_field
        .map(|f| format!("\n\nBlueprint field: `{f}`"))
        .unwrap_or_default();
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": rule.rationale },
        "help": {
            "text": format!("{}\n\nRemediation: {}", rule.rationale, rule.remediation),
            "markdown": format!("{}\n\n**Remediation:** {}{field}", rule.rationale, rule.remediation),
        },
        "helpUri": help_uri(rule),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "security-severity": rule.severity.security_score(),
            "severity": rule.severity,
            "tags": tags,
        },
    })
}

/// The service a resource belongs to, the last segment of an account-scope artifact URI.
fn service(kind: Kind) -> &'static str {
    match kind {
        Kind::Account => "account",
        Kind::Bucket => "s3",
        Kind::Key => "kms",
        Kind::Stream => "kinesis",
        Kind::DeliveryStream => "firehose",
        Kind::CatalogEncryption
        | Kind::SecurityConfiguration
        | Kind::Database
        | Kind::Table
        | Kind::Crawler
        | Kind::Job
        | Kind::Connection
        | Kind::Workflow => "glue",
        Kind::WorkGroup => "athena",
        Kind::LakeFormation => "lakeformation",
        Kind::Role => "iam",
        Kind::EventRule => "events",
        Kind::Trail => "cloudtrail",
        Kind::Alarm => "cloudwatch",
        Kind::LogGroup => "logs",
    }
}

/// A path as a relative URI reference: `/` separators, and percent-encoding for everything but
/// the characters RFC 3986 leaves unreserved in a path.
fn uri_path(segments: &[String]) -> String {
    let mut uri = String::new();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            uri.push('/');
        }
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
                uri.push(byte as char);
            } else {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    uri
}

/// The blueprint path relative to the working directory, whether it was typed relative or
/// absolute. A blueprint outside the working directory gets `..` segments: still relative, so
/// no machine-specific path leaks into the report.
fn relative_to(path: &Path, cwd: &Path) -> Vec<String> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let normal = |p: &Path| -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for component in p.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
                Component::ParentDir => {
                    parts.pop();
                }
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        parts
    };
    let (target, base) = (normal(&absolute), normal(cwd));
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut segments = vec!["..".to_string(); base.len() - common];
    segments.extend(target[common..].iter().cloned());
    segments
}

/// What one run audited, and so where its results point and which automation id it has.
struct Scope<'a> {
    report: &'a AuditReport<'a>,
    blueprint_uri: Option<String>,
}

impl Scope<'_> {
    fn physical_location(&self, finding: &Finding) -> Value {
        let resource = &finding.resource;
        let located = self
            .report
            .locations
            .get(&(resource.kind, resource.name.clone()))
            .copied();
        // A region audit with a blueprint points only the lake's resources at the blueprint.
        let in_blueprint = match self.report.target {
            Target::Region { .. } => located.is_some(),
            _ => true,
        };
        match &self.blueprint_uri {
            Some(uri) if in_blueprint => {
                let at = located.unwrap_or(Position { line: 1, column: 1 });
                json!({
                    "artifactLocation": { "uri": uri, "uriBaseId": SRCROOT },
                    "region": { "startLine": at.line, "startColumn": at.column },
                })
            }
            _ => {
                let resource = &finding.resource;
                let uri = uri_path(&[
                    "aws".to_string(),
                    resource.account.clone(),
                    resource.region.clone(),
                    service(resource.kind).to_string(),
                ]);
                json!({
                    "artifactLocation": { "uri": uri, "uriBaseId": SRCROOT },
                    "region": { "startLine": 1 },
                })
            }
        }
    }

    /// One id per scope: GitHub closes the alerts of an id that a new upload no longer has.
    fn automation_id(&self) -> String {
        let lake = self.report.lake;
        match &self.report.target {
            Target::Static { .. } => {
                format!("lakectl/static/{}-{}/", lake.name, lake.environment)
            }
            Target::Live { blueprint: Some(_) } => format!(
                "lakectl/live/{}/{}/{}-{}/",
                lake.account, lake.region, lake.name, lake.environment
            ),
            // The same id as a plain `--all`: both cover the whole region.
            Target::Live { blueprint: None } | Target::Region { .. } => {
                format!("lakectl/account/{}/{}/", lake.account, lake.region)
            }
            // A shard's upload must not close the alerts of the others.
            Target::Accounts { shard: None, .. } => "lakectl/accounts/".to_string(),
            Target::Accounts {
                shard: Some(shard), ..
            } => format!("lakectl/accounts/shard-{}/", shard.replace('/', "-of-")),
        }
    }
}

fn result(scope: &Scope<'_>, finding: &Finding) -> Value {
    let rule_index = RULES
        .iter()
        .position(|r| r.id == finding.rule.id)
        .expect("findings come from registered rules");
    let (kind, level, text) = match finding.status {
        Status::Unknown => ("review", "none", format!("unknown: {}", finding.message)),
        _ => ("fail", level(finding.severity()), finding.message.clone()),
    };
    let location = json!({
        "physicalLocation": scope.physical_location(finding),
        "logicalLocations": [{
            "fullyQualifiedName": finding.resource.arn,
            "name": finding.resource.name,
            "kind": finding.resource.kind.aws_type(),
        }],
    });
    let mut value = json!({
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index,
        "kind": kind,
        "level": level,
        "message": { "text": format!("{}: {text}", finding.resource.arn) },
        "locations": [location],
        "partialFingerprints": {
            "lakectlFinding/v1": format!("{}|{}", finding.rule.id, finding.resource.arn),
        },
        "properties": { "status": finding.status, "severity": finding.severity() },
    });
    if let Some(suppression) = &finding.suppression {
        if suppression.expired {
            value["properties"]["expiredSuppression"] = json!({
                "reason": suppression.reason,
                "expires": suppression.expires,
            });
        } else {
            value["suppressions"] = json!([{
                "kind": "external",
                "status": "accepted",
                "justification": suppression.reason,
            }]);
        }
    }
    value
}

/// The SARIF log, with blueprint paths made relative to `cwd`, and at most `max_results`
/// results, the most severe first.
fn log(report: &AuditReport<'_>, cwd: &Path, max_results: usize) -> Value {
    let scope = Scope {
        report,
        blueprint_uri: report
            .target
            .blueprint()
            .map(|path| uri_path(&relative_to(Path::new(path), cwd))),
    };
    let mut kept: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| matches!(f.status, Status::Fail | Status::Unknown))
        .collect();
    let left_out = kept.len().saturating_sub(max_results);
    if left_out > 0 {
        kept = report.notable();
        kept.truncate(max_results);
    }
    let results: Vec<Value> = kept.iter().map(|f| result(&scope, f)).collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": TOOL,
                "version": VERSION,
                "semanticVersion": VERSION,
                "informationUri": INFORMATION_URI,
                "rules": RULES.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
            },
        },
        "automationDetails": { "id": scope.automation_id() },
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The directory lakectl ran in (the repository root in CI). Blueprint paths are relative to it; aws/<account>/<region>/<service> names where a resource of a region-wide audit lives and is no file.",
                },
            },
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if left_out > 0 {
        run["invocations"] = json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": [{
                "level": "warning",
                "message": {
                    "text": format!(
                        "{left_out} less severe results left out: GitHub code scanning accepts at most {max_results} results per run; the JSON report has them all"
                    ),
                },
            }],
        }]);
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    })
}

pub fn to_value(report: &AuditReport<'_>) -> Value {
    // An unreadable working directory leaves only what was typed: relative paths stay as they
    // are, absolute ones lose their root.
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    log(report, &cwd, MAX_RESULTS)
}

pub fn render(report: &AuditReport<'_>) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).expect("json values serialize");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::reports::fixture;

    const CWD: &str = "/work/repo";

    fn static_target() -> Target {
        Target::Static {
            blueprint: "blueprints/retail.yaml".into(),
        }
    }

    fn report_value_capped(target: Target, max_results: usize) -> Value {
        let model = fixture::model();
        let findings = fixture::findings(&model);
        let mut report = AuditReport::new(target, &model.lake, &findings, Some(Severity::High));
        let kinesis = &findings
            .iter()
            .find(|f| f.rule.id == "LK-KIN-001")
            .unwrap()
            .resource;
        report.locations.insert(
            (kinesis.kind, kinesis.name.clone()),
            Position {
                line: 42,
                column: 5,
            },
        );
        log(&report, Path::new(CWD), max_results)
    }

    fn report_value(target: Target) -> Value {
        report_value_capped(target, MAX_RESULTS)
    }

    fn all_targets() -> [Target; 3] {
        [
            static_target(),
            Target::Live {
                blueprint: Some("/work/repo/blueprints/retail.yaml".into()),
            },
            Target::Live { blueprint: None },
        ]
    }

    /// The SARIF 2.1.0 requirements lakectl relies on, written from the OASIS specification
    /// (sections 3.13 sarifLog, 3.14 run, 3.18-3.19 tool/toolComponent, 3.27 result, 3.28
    /// location, 3.33 logicalLocation, 3.34 suppression, 3.49 reportingDescriptor). See
    /// tests/data/README.md for why the official schema file is not vendored; tests/cli/sarif.rs
    /// runs Microsoft's SARIF Multitool on the real output too.
    fn schema() -> Value {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/sarif-2.1.0-subset.schema.json"),
        )
        .expect("tests/data/sarif-2.1.0-subset.schema.json exists");
        serde_json::from_str(&text).expect("the schema is JSON")
    }

    #[test]
    fn sarif_output_is_valid_sarif_2_1_0() {
        let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
        for target in all_targets() {
            let value = report_value(target);
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}", errors.join("\n"));
        }
        let mut broken = report_value(Target::Live { blueprint: None });
        broken["runs"][0]["results"][0]["level"] = json!("fatal");
        assert!(
            !validator.is_valid(&broken),
            "the schema catches a bad level"
        );
    }

    #[test]
    fn results_carry_what_code_scanning_needs() {
        let value = report_value(static_target());
        let run = &value["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().unwrap().len(),
            RULES.len()
        );
        let results = run["results"].as_array().unwrap();
        let kinesis = results
            .iter()
            .find(|r| r["ruleId"] == "LK-KIN-001")
            .unwrap();
        assert_eq!(kinesis["level"], "error");
        assert_eq!(
            kinesis["locations"][0]["physicalLocation"],
            json!({
                "artifactLocation": {"uri": "blueprints/retail.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 42, "startColumn": 5},
            })
        );
        let index = kinesis["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "LK-KIN-001");
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["properties"]["security-severity"],
            "8.0"
        );
        let unknown = results
            .iter()
            .find(|r| r["ruleId"] == "LK-ATH-003")
            .unwrap();
        assert_eq!(
            (unknown["kind"].as_str(), unknown["level"].as_str()),
            (Some("review"), Some("none"))
        );
        let suppressed: Vec<&Value> = results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .collect();
        assert_eq!(suppressed.len(), 1);
        assert_eq!(
            suppressed[0]["suppressions"][0]["justification"],
            "raw data is kept <forever> & audited"
        );
        assert!(
            results
                .iter()
                .any(|r| r["properties"].get("expiredSuppression").is_some())
        );
        assert!(run.get("invocations").is_none(), "nothing was left out");
    }

    /// GitHub rejects a result without `physicalLocation.artifactLocation.uri`; the URI must be
    /// relative (to a base), never the absolute path that was typed.
    #[test]
    fn every_result_of_every_scope_has_a_relative_physical_location() {
        for target in all_targets() {
            let value = report_value(target.clone());
            let run = &value["runs"][0];
            assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
            let results = run["results"].as_array().unwrap();
            assert!(!results.is_empty());
            for result in results {
                let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
                let uri = artifact["uri"].as_str().unwrap();
                assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{target:?}");
                assert!(!uri.starts_with('/') && !uri.contains(':'), "{uri}");
                assert!(
                    result["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap()
                        >= 1
                );
            }
        }
        let live = report_value(Target::Live {
            blueprint: Some("/work/repo/blueprints/retail.yaml".into()),
        });
        let kinesis = live["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "LK-KIN-001")
            .unwrap()
            .clone();
        assert_eq!(
            kinesis["locations"][0]["physicalLocation"],
            json!({
                "artifactLocation": {"uri": "blueprints/retail.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 42, "startColumn": 5},
            }),
            "a live finding points at its resource's blueprint line, the absolute path made relative"
        );
        let account = report_value(Target::Live { blueprint: None });
        let model = fixture::model();
        let uris: std::collections::BTreeSet<&str> = account["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        let expected = |service: &str| {
            format!(
                "aws/{}/{}/{service}",
                uri_path(std::slice::from_ref(&model.lake.account)),
                model.lake.region
            )
        };
        assert!(uris.contains(expected("kinesis").as_str()), "{uris:?}");
        assert!(uris.contains(expected("s3").as_str()), "{uris:?}");
    }

    #[test]
    fn blueprint_paths_are_relative_to_the_working_directory() {
        let cwd = Path::new("/work/repo");
        let uri = |path: &str| uri_path(&relative_to(Path::new(path), cwd));
        assert_eq!(uri("blueprints/retail.yaml"), "blueprints/retail.yaml");
        assert_eq!(uri("./blueprints/./retail.yaml"), "blueprints/retail.yaml");
        assert_eq!(
            uri("/work/repo/blueprints/retail.yaml"),
            "blueprints/retail.yaml"
        );
        assert_eq!(uri("/work/other/lake.yaml"), "../other/lake.yaml");
        assert_eq!(uri("../repo/lake.yaml"), "lake.yaml");
        assert_eq!(uri("my lakes/100%.yaml"), "my%20lakes/100%25.yaml");
    }

    #[test]
    fn each_scope_has_its_own_automation_id() {
        let model = fixture::model();
        let (lake, account, region) = (
            format!("{}-{}", model.lake.name, model.lake.environment),
            &model.lake.account,
            &model.lake.region,
        );
        let ids: Vec<String> = all_targets()
            .into_iter()
            .map(|t| {
                report_value(t)["runs"][0]["automationDetails"]["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            ids,
            [
                format!("lakectl/static/{lake}/"),
                format!("lakectl/live/{account}/{region}/{lake}/"),
                format!("lakectl/account/{account}/{region}/"),
            ]
        );
    }

    #[test]
    fn rules_link_to_their_section_of_the_rules_reference() {
        let docs =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
                .expect("docs/rules.md exists");
        let value = report_value(static_target());
        let driver = &value["runs"][0]["tool"]["driver"];
        assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
        for rule in driver["rules"].as_array().unwrap() {
            let uri = rule["helpUri"].as_str().unwrap();
            let anchor = uri.split_once('#').unwrap().1;
            assert!(
                docs.contains(&format!("](#{anchor})")),
                "{uri}: docs/rules.md links no such anchor"
            );
        }
    }

    /// GitHub accepts at most 25,000 results per run: beyond that the most severe are kept and
    /// a notification says how many were left out.
    #[test]
    fn results_are_capped_for_code_scanning() {
        assert_eq!(MAX_RESULTS, 25_000);
        let all = report_value(static_target());
        let total = all["runs"][0]["results"].as_array().unwrap().len();
        let capped = report_value_capped(static_target(), 2);
        let run = &capped["runs"][0];
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        let kept: Vec<&str> = results
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        assert_eq!(
            kept,
            ["LK-KIN-001", "LK-S3-013"],
            "open failures first, most severe first"
        );
        assert_eq!(
            run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
            format!(
                "{} less severe results left out: GitHub code scanning accepts at most 2 results per run; the JSON report has them all",
                total - 2
            )
        );
        assert_eq!(
            capped["runs"].as_array().unwrap().len(),
            1,
            "one run per file"
        );
    }

    /// Microsoft's SARIF Multitool, installed by scripts/setup; the test fails (never skips)
    /// without it.
    fn multitool() -> PathBuf {
        let path = std::env::var_os("LAKECTL_SARIF_MULTITOOL")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(".tools/sarif-multitool/bin/sarif-multitool")
            });
        assert!(
            path.is_file(),
            "the SARIF Multitool is not installed at {}: run scripts/setup (it installs it from npm)",
            path.display()
        );
        path
    }

    /// The Multitool's `validate` with its SARIF rules (the 2.1.0 schema and the specification's
    /// rules) and its GitHub rules (what code scanning requires), errors and warnings only: its
    /// notes are advice lakectl does not follow on purpose (README, "SARIF / GitHub code
    /// scanning").
    #[test]
    fn sarif_of_every_scope_passes_the_sarif_multitool() {
        let tool = multitool();
        let dir = tempfile::tempdir().unwrap();
        for (i, target) in all_targets().into_iter().enumerate() {
            let input = dir.path().join(format!("scope-{i}.sarif"));
            let output = dir.path().join(format!("scope-{i}.validation.sarif"));
            std::fs::write(
                &input,
                serde_json::to_string_pretty(&report_value(target.clone())).unwrap(),
            )
            .unwrap();
            let run = std::process::Command::new(&tool)
                .args([
                    "validate",
                    "--rule-kind",
                    "Sarif;Gh",
                    "--level",
                    "Error;Warning",
                ])
                .args(["--log", "ForceOverwrite", "--output"])
                .arg(&output)
                .arg(&input)
                .output()
                .expect("the SARIF Multitool runs");
            let console = String::from_utf8_lossy(&run.stdout);
            assert!(run.status.success(), "{target:?}:\n{console}");
            let validation: Value =
                serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
            let problems = validation["runs"][0]["results"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(problems.is_empty(), "{target:?}:\n{console}");
        }
    }
}
