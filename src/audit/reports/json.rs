//! Machine-readable report, schema `lakectl.audit/v1`: every finding (passes and not
//! applicable included), the lens results and the verdict. Fields are only ever added within
//! v1; a rename or removal bumps the schema.

use serde::Serialize;

use crate::audit::finding::{Finding, Status, Suppression};
use crate::audit::lens_results::{PillarSummary, QuestionResult};
use crate::audit::report::{AccountTally, AuditReport, Summary, TOOL, Target, VERSION};
use crate::audit::resource::Resource;
use crate::audit::rule::Severity;
use crate::blueprint::Position;
use crate::model::Service;

pub const SCHEMA: &str = "lakectl.audit/v1";

/// The document, borrowing from the report: serialized straight to text, since a
/// `serde_json::Value` of an account's findings would take several times the text's memory.
#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    tool: Tool,
    target: &'a Target,
    lake: Lake<'a>,
    fail_on: &'static str,
    failed: bool,
    complete: bool,
    summary: Summary,
    pillars: &'a [PillarSummary],
    questions: &'a [QuestionResult],
    accounts: Vec<AccountTally>,
    findings: Vec<FindingEntry<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Lake<'a> {
    name: &'a str,
    environment: &'a str,
    region: &'a str,
    account: &'a str,
    partition: &'a str,
}

#[derive(Serialize)]
struct FindingEntry<'a> {
    rule: &'static str,
    name: &'static str,
    severity: Severity,
    service: Service,
    status: Status,
    suppressed: bool,
    resource: &'a Resource,
    message: &'a str,
    lens: &'static [&'static str],
    remediation: &'static str,
    suppression: &'a Option<Suppression>,
    /// Where the blueprint defines the resource, so a report re-rendered from this file
    /// (`lakectl report render`) points SARIF results at the same lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a Position>,
}

fn finding<'a>(report: &'a AuditReport<'_>, f: &'a Finding) -> FindingEntry<'a> {
    FindingEntry {
        rule: f.rule.id,
        name: f.rule.name,
        severity: f.severity(),
        service: f.rule.service,
        status: f.status,
        suppressed: f.is_suppressed(),
        resource: &f.resource,
        message: &f.message,
        lens: f.rule.lens,
        remediation: f.rule.remediation,
        suppression: &f.suppression,
        location: report
            .locations
            .get(&(f.resource.kind, f.resource.name.clone())),
    }
}

fn document<'a>(report: &'a AuditReport<'_>) -> Document<'a> {
    let lake = report.lake;
    Document {
        schema: SCHEMA,
        tool: Tool {
            name: TOOL,
            version: VERSION,
        },
        target: &report.target,
        lake: Lake {
            name: &lake.name,
            environment: &lake.environment,
            region: &lake.region,
            account: &lake.account,
            partition: &lake.partition,
        },
        fail_on: report.threshold_label(),
        failed: report.fails(),
        complete: report.complete,
        summary: report.summary(),
        pillars: &report.lens.pillars,
        questions: &report.lens.questions,
        accounts: report.breakdown(),
        findings: report.findings.iter().map(|f| finding(report, f)).collect(),
    }
}

pub fn render(report: &AuditReport<'_>) -> String {
    let mut text = serde_json::to_string_pretty(&document(report)).expect("reports serialize");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::audit::reports::fixture;
    use crate::audit::rule::Severity;

    #[test]
    fn json_report() {
        let model = fixture::model();
        let findings = fixture::findings(&model);
        let report = AuditReport::new(
            Target::Static {
                blueprint: "retail.yaml".into(),
            },
            &model.lake,
            &findings,
            Some(Severity::High),
        );
        let mut value = serde_json::to_value(document(&report)).unwrap();
        // Snapshot the envelope and the findings that need attention; the passes follow the
        // same shape and are counted in `summary`.
        let findings = value["findings"].as_array_mut().unwrap();
        findings.retain(|f| f["status"] != "pass" && f["status"] != "not_applicable");
        value["tool"]["version"] = json!("[version]");
        insta::assert_json_snapshot!(value);
    }
}
