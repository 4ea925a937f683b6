//! JUnit XML for CI test views: one `<testsuite>` per rule, one `<testcase>` per rule and
//! resource.
//!
//! A failure is a `<failure>` (type = severity); an unknown is `<skipped>` with the reason, as
//! the check could not run; a suppressed finding is `<skipped>` with the suppression's reason;
//! a failure whose suppression expired is a `<failure>` that says so. Passes are empty test
//! cases; not-applicable outcomes are not test cases. Every text is XML-escaped.

use std::fmt::Write;

use quick_xml::escape::escape;

use crate::audit::finding::{Finding, Status};
use crate::audit::registry::RULES;
use crate::audit::report::AuditReport;

fn testcase(out: &mut String, f: &Finding) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\"",
        escape(f.rule.id),
        escape(&f.resource.arn)
    );
    let body = match (f.status, &f.suppression) {
        (Status::Pass, _) => None,
        (_, Some(s)) if !s.expired => Some(format!(
            "<skipped message=\"suppressed: {}\"/>",
            escape(&s.reason)
        )),
        (Status::Unknown, _) => Some(format!(
            "<skipped message=\"unknown: {}\"/>",
            escape(&f.message)
        )),
        (_, expired) => {
            let note = expired
                .as_ref()
                .map(|s| format!(" (suppression expired: {})", s.reason))
                .unwrap_or_default();
            Some(format!(
                "<failure type=\"{}\" message=\"{}\">{}</failure>",
                f.severity(),
                escape(format!("{}{note}", f.message)),
                escape(format!(
                    "{}\nRemediation: {}",
                    f.rule.title, f.rule.remediation
                ))
            ))
        }
    };
    match body {
        None => out.push_str("/>\n"),
        Some(body) => {
            let _ = writeln!(out, ">\n      {body}\n    </testcase>");
        }
    }
}

pub fn render(report: &AuditReport<'_>) -> String {
    let cases: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status != Status::NotApplicable)
        .collect();
    fn is_failure(f: &Finding) -> bool {
        f.status == Status::Fail && !f.is_suppressed()
    }
    fn is_skipped(f: &Finding) -> bool {
        f.status == Status::Unknown || f.is_suppressed()
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"lakectl audit\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        cases.len(),
        cases.iter().filter(|f| is_failure(f)).count(),
        cases.iter().filter(|f| is_skipped(f)).count()
    );
    for rule in RULES {
        let mine: Vec<&&Finding> = cases.iter().filter(|f| f.rule.id == rule.id).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  <testsuite name=\"{} {}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
            rule.id,
            rule.name,
            mine.len(),
            mine.iter().filter(|f| is_failure(f)).count(),
            mine.iter().filter(|f| is_skipped(f)).count()
        );
        for f in mine {
            testcase(&mut out, f);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::report::Target;
    use crate::audit::reports::fixture;
    use crate::audit::rule::Severity;

    #[test]
    fn junit_report_is_well_formed_and_counts_right() {
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
        let xml = render(&report);
        // Well-formed: quick-xml reads it to the end.
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut cases, mut failures, mut skipped) = (0, 0, 0);
        loop {
            match reader.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Eof => break,
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                    match e.name().as_ref() {
                        "testcase" => cases += 1,
                        "failure" => failures += 1,
                        "skipped" => skipped += 1,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        let summary = report.summary();
        assert_eq!(
            cases,
            summary.pass + summary.fail + summary.unknown + summary.suppressed
        );
        assert_eq!(failures, summary.fail);
        assert_eq!(skipped, summary.unknown + summary.suppressed);
        assert!(
            xml.contains("suppressed: raw data is kept &lt;forever&gt; &amp; audited"),
            "{xml}"
        );
        assert!(
            xml.contains("(suppression expired: cleanup planned)"),
            "{xml}"
        );
    }
}
