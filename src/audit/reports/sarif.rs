//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! Every rule is a `tool.driver.rules` entry (id, name, short and full description, help with
//! the remediation, `properties.security-severity`). Results are the failures (`kind: fail`,
//! level from severity) and unknowns (`kind: review`, level `none`), passes are left out.
//! Each result names the resource ARN as a logical location and, when a blueprint was audited,
//! the blueprint file (and the resource's line) as physical location. Suppressed findings carry
//! an accepted external suppression, which GitHub shows as dismissed.

use serde_json::{Value, json};

use crate::audit::finding::{Finding, Status};
use crate::audit::registry::RULES;
use crate::audit::report::{AuditReport, TOOL, VERSION};
use crate::audit::rule::{Rule, Severity};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
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
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "security-severity": rule.severity.security_score(),
            "severity": rule.severity,
            "tags": tags,
        },
    })
}

fn result(report: &AuditReport<'_>, finding: &Finding) -> Value {
    let rule_index = RULES
        .iter()
        .position(|r| r.id == finding.rule.id)
        .expect("findings come from registered rules");
    let (kind, level, text) = match finding.status {
        Status::Unknown => ("review", "none", format!("unknown: {}", finding.message)),
        _ => ("fail", level(finding.severity()), finding.message.clone()),
    };
    let mut location = json!({
        "logicalLocations": [{
            "fullyQualifiedName": finding.resource.arn,
            "name": finding.resource.name,
            "kind": finding.resource.kind.aws_type(),
        }],
    });
    if let Some(blueprint) = report.target.blueprint() {
        let line = report
            .lines
            .get(&finding.resource.arn)
            .copied()
            .unwrap_or(1);
        location["physicalLocation"] = json!({
            "artifactLocation": { "uri": blueprint },
            "region": { "startLine": line },
        });
    }
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

pub fn to_value(report: &AuditReport<'_>) -> Value {
    let results: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| matches!(f.status, Status::Fail | Status::Unknown))
        .map(|f| result(report, f))
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": TOOL,
                    "version": VERSION,
                    "semanticVersion": VERSION,
                    "rules": RULES.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                },
            },
            "automationDetails": { "id": format!("lakectl/{}-{}/", report.lake.name, report.lake.environment) },
            "results": results,
        }],
    })
}

pub fn render(report: &AuditReport<'_>) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).expect("json values serialize");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::report::Target;
    use crate::audit::reports::fixture;

    fn report_value(target: Target) -> Value {
        let model = fixture::model();
        let findings = fixture::findings(&model);
        let mut report = AuditReport::new(target, &model.lake, &findings, Some(Severity::High));
        report.lines.insert(
            findings
                .iter()
                .find(|f| f.rule.id == "LK-KIN-001")
                .unwrap()
                .resource
                .arn
                .clone(),
            42,
        );
        to_value(&report)
    }

    /// The SARIF 2.1.0 requirements lakectl relies on, written from the OASIS specification
    /// (sections 3.13 sarifLog, 3.14 run, 3.18-3.19 tool/toolComponent, 3.27 result, 3.28
    /// location, 3.33 logicalLocation, 3.34 suppression, 3.49 reportingDescriptor). See
    /// tests/data/README.md for why the official schema file is not vendored.
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
        for target in [
            Target::Static {
                blueprint: "blueprints/retail.yaml".into(),
            },
            Target::Live { blueprint: None },
        ] {
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
        let value = report_value(Target::Static {
            blueprint: "blueprints/retail.yaml".into(),
        });
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
            json!({"artifactLocation": {"uri": "blueprints/retail.yaml"}, "region": {"startLine": 42}})
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
        let live = report_value(Target::Live { blueprint: None });
        assert!(
            live["runs"][0]["results"][0]["locations"][0]
                .get("physicalLocation")
                .is_none()
        );
    }
}
