//! Machine-readable report, schema `lakectl.audit/v1`: every finding (passes and not
//! applicable included), the lens results and the verdict. Fields are only ever added within
//! v1; a rename or removal bumps the schema.

use serde_json::{Value, json};

use crate::audit::finding::Finding;
use crate::audit::report::{AuditReport, TOOL, VERSION};

pub const SCHEMA: &str = "lakectl.audit/v1";

fn finding(report: &AuditReport<'_>, f: &Finding) -> Value {
    let mut value = json!({
        "rule": f.rule.id,
        "name": f.rule.name,
        "severity": f.severity(),
        "service": f.rule.service,
        "status": f.status,
        "suppressed": f.is_suppressed(),
        "resource": f.resource,
        "message": f.message,
        "lens": f.rule.lens,
        "remediation": f.rule.remediation,
        "suppression": f.suppression,
    });
    // Where the blueprint defines the resource, so a report re-rendered from this file
    // (`lakectl report render`) points SARIF results at the same lines.
    if let Some(at) = report
        .locations
        .get(&(f.resource.kind, f.resource.name.clone()))
    {
        value["location"] = json!(at);
    }
    value
}

pub fn to_value(report: &AuditReport<'_>) -> Value {
    let lake = report.lake;
    json!({
        "schema": SCHEMA,
        "tool": { "name": TOOL, "version": VERSION },
        "target": report.target,
        "lake": {
            "name": lake.name,
            "environment": lake.environment,
            "region": lake.region,
            "account": lake.account,
            "partition": lake.partition,
        },
        "fail_on": report.threshold_label(),
        "failed": report.fails(),
        "complete": report.complete,
        "summary": report.summary(),
        "pillars": report.lens.pillars,
        "questions": report.lens.questions,
        "accounts": report.breakdown(),
        "findings": report.findings.iter().map(|f| finding(report, f)).collect::<Vec<_>>(),
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
        let mut value = to_value(&report);
        // Snapshot the envelope and the findings that need attention; the passes follow the
        // same shape and are counted in `summary`.
        let findings = value["findings"].as_array_mut().unwrap();
        findings.retain(|f| f["status"] != "pass" && f["status"] != "not_applicable");
        value["tool"]["version"] = json!("[version]");
        insta::assert_json_snapshot!(value);
    }
}
