//! A self-contained HTML compliance report: inline CSS, an inline SVG chart of pillar scores,
//! the answer to each lens question, and every finding that needs attention with its
//! remediation. No scripts, fonts or images from anywhere else.

use std::fmt::Write;

use quick_xml::escape::escape;

use crate::audit::finding::Finding;
use crate::audit::lens_results::{PillarSummary, QuestionResult, Risk};
use crate::audit::registry::RULES;
use crate::audit::report::{AuditReport, Tally, Target, VERSION};

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#1b1f24}\
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;margin:1rem 0}\
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa}code{font-size:.85em;word-break:break-all}\
.risk-HIGH,.fail{color:#b42318;font-weight:600}.risk-MEDIUM,.unknown{color:#9a6700}\
.risk-NONE{color:#1a7f37}.risk-UNANSWERED,.risk-NOT_APPLICABLE,.risk-NOT_ASSESSED,.suppressed{color:#656d76}\
.verdict{padding:.75rem 1rem;border-radius:6px;background:#f6f8fa}";

fn e(text: &str) -> String {
    escape(text).into_owned()
}

fn risk_color(risk: Risk) -> &'static str {
    match risk {
        Risk::High => "#d1242f",
        Risk::Medium => "#bf8700",
        Risk::None => "#2da44e",
        Risk::Unanswered | Risk::NotApplicable | Risk::NotAssessed => "#8c959f",
    }
}

/// The checks behind a question, or why there are none.
fn checks(q: &QuestionResult) -> String {
    if q.rules.is_empty() {
        return "not assessed automatically".into();
    }
    format!(
        "{} passed, {} failed, {} unknown, {} suppressed",
        q.counts.pass, q.counts.fail, q.counts.unknown, q.counts.suppressed
    )
}

/// The practices no rule checks, each with the evidence a reviewer looks for.
fn reviewer_practices(q: &QuestionResult) -> String {
    if q.reviewer_practices.is_empty() {
        return "-".into();
    }
    let items: String = q
        .reviewer_practices
        .iter()
        .map(|p| {
            format!(
                "<li><strong>{}</strong> {}<br><small>Evidence: {}</small></li>",
                e(p.id),
                e(p.title),
                e(p.evidence)
            )
        })
        .collect();
    format!("<ul>{items}</ul>")
}

/// Horizontal bars: one per pillar, its score in percent, coloured by risk.
fn score_chart(pillars: &[PillarSummary]) -> String {
    let (label_width, bar_width, row) = (190, 400, 28);
    let height = row * pillars.len() + 10;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"Pillar scores\">",
        label_width + bar_width + 60
    );
    for (i, p) in pillars.iter().enumerate() {
        let y = i * row + 5;
        let score = p.score.unwrap_or(0) as usize;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"13\">{}</text>\
             <rect x=\"{label_width}\" y=\"{y}\" width=\"{bar_width}\" height=\"18\" fill=\"#eaeef2\"/>\
             <rect x=\"{label_width}\" y=\"{y}\" width=\"{}\" height=\"18\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\">{}</text>",
            y + 14,
            e(p.title),
            bar_width * score / 100,
            risk_color(p.risk),
            label_width + bar_width + 8,
            y + 14,
            p.score.map_or("n/a".to_string(), |s| format!("{s}%"))
        );
    }
    svg.push_str("</svg>");
    svg
}

pub fn render(report: &AuditReport<'_>) -> String {
    let mut out = String::new();
    header(&mut out, report);
    pillars(&mut out, report);
    if report.spans_places() {
        accounts(&mut out, report);
    }
    questions(&mut out, report);
    findings(&mut out, report);
    out.push_str("</body></html>\n");
    out
}

/// The title, the target and the verdict with the counts.
fn header(out: &mut String, report: &AuditReport<'_>) {
    let s = report.summary();
    let lake = report.lake;
    // An audit of many accounts says where in its target line; one account or lake says here.
    let place = match report.target {
        Target::Accounts { .. } => String::new(),
        _ => format!(
            ", region {}, account <code>{}</code>",
            e(&lake.region),
            e(&lake.account)
        ),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>lakectl audit: {subject}</title><style>{CSS}</style></head><body>\n\
         <h1>Analytics Lens compliance: {subject}</h1>\n<p>{target}{place}. lakectl {VERSION}.</p>\n",
        subject = e(&report.subject()),
        target = e(&report.target.describe()),
    );
    let verdict = if report.fails() {
        format!("<span class=\"fail\">Failed</span>: {}", report.verdict())
    } else {
        format!("Passed: {}", report.verdict())
    };
    let _ = writeln!(
        out,
        "<p class=\"verdict\">{verdict}. {} passed, {} failed, {} unknown, {} suppressed ({} expired), {} not applicable.</p>",
        s.pass, s.fail, s.unknown, s.suppressed, s.expired_suppressions, s.not_applicable
    );
}

/// The score chart and one row per pillar.
fn pillars(out: &mut String, report: &AuditReport<'_>) {
    let _ = writeln!(
        out,
        "<h2>Pillars</h2>\n{}",
        score_chart(&report.lens.pillars)
    );
    let _ = writeln!(
        out,
        "<table><tr><th>Pillar</th><th>Risk</th><th>Score</th><th>High</th><th>Medium</th><th>None</th><th>Unanswered</th><th>Not assessed</th></tr>"
    );
    for p in &report.lens.pillars {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"risk-{r}\">{r}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e(p.title),
            p.score.map_or("n/a".to_string(), |s| format!("{s}%")),
            p.high,
            p.medium,
            p.none,
            p.unanswered,
            p.not_assessed,
            r = p.risk.as_str(),
        );
    }
    out.push_str("</table>\n");
}

/// A row's counts, then one cell per pillar with its risk.
fn tally_cells(tally: &Tally) -> String {
    let s = &tally.summary;
    let mut cells = format!(
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        s.fail, s.unknown, s.suppressed, s.pass
    );
    for p in &tally.pillars {
        let _ = write!(
            cells,
            "<td class=\"risk-{r}\">{r}</td>",
            r = p.risk.as_str()
        );
    }
    cells
}

/// One row per account with its pillar risks, then a drill-down per account: its regions and
/// the findings that need attention there.
fn accounts(out: &mut String, report: &AuditReport<'_>) {
    let head: String = report
        .lens
        .pillars
        .iter()
        .map(|p| format!("<th>{}</th>", e(p.title)))
        .collect();
    let columns =
        format!("<th>Failed</th><th>Unknown</th><th>Suppressed</th><th>Passed</th>{head}");
    let _ = writeln!(
        out,
        "<h2>Accounts</h2>\n<table><tr><th>Account</th><th>Regions</th>{columns}</tr>"
    );
    let breakdown = report.breakdown();
    for account in &breakdown {
        let regions: Vec<&str> = account.regions.iter().map(|r| r.region.as_str()).collect();
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#account-{a}\"><code>{a}</code></a></td><td>{}</td>{}</tr>",
            e(&regions.join(", ")),
            tally_cells(&account.tally),
            a = e(&account.account),
        );
    }
    out.push_str("</table>\n");
    let notable = report.notable();
    for account in &breakdown {
        let _ = writeln!(
            out,
            "<details id=\"account-{a}\"><summary>Account <code>{a}</code>: {} failed, {} unknown</summary>\n\
             <table><tr><th>Region</th>{columns}</tr>",
            account.tally.summary.fail,
            account.tally.summary.unknown,
            a = e(&account.account),
        );
        for region in &account.regions {
            let _ = writeln!(
                out,
                "<tr><td>{}</td>{}</tr>",
                e(&region.region),
                tally_cells(&region.tally)
            );
        }
        out.push_str("</table>\n");
        let here: Vec<&Finding> = notable
            .iter()
            .copied()
            .filter(|f| f.resource.account == account.account)
            .collect();
        if !here.is_empty() {
            out.push_str("<table><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Region</th><th>Resource</th><th>Message</th></tr>\n");
            for f in here {
                let _ = writeln!(
                    out,
                    "<tr><td class=\"{l}\">{l}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                    f.severity(),
                    e(f.rule.id),
                    e(&f.resource.region),
                    e(&f.resource.arn),
                    e(&f.message),
                    l = f.label(),
                );
            }
            out.push_str("</table>\n");
        }
        out.push_str("</details>\n");
    }
}

/// One table of lens questions per pillar.
fn questions(out: &mut String, report: &AuditReport<'_>) {
    out.push_str("<h2>Questions</h2>\n");
    for p in &report.lens.pillars {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<table><tr><th>Question</th><th>Risk</th><th>Checks</th><th>Failing rules</th><th>Answered by a reviewer</th></tr>",
            e(p.title)
        );
        for q in report
            .lens
            .questions
            .iter()
            .filter(|q| q.pillar == p.pillar)
        {
            let _ = writeln!(
                out,
                "<tr><td><strong>{}</strong> {}</td><td class=\"risk-{r}\">{r}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(q.id),
                e(q.title),
                checks(q),
                e(&q.failing_rules.join(", ")),
                reviewer_practices(q),
                r = q.risk.as_str(),
            );
        }
        out.push_str("</table>\n");
    }
}

/// The findings that need attention, then the remediation of their rules.
fn findings(out: &mut String, report: &AuditReport<'_>) {
    out.push_str("<h2>Findings</h2>\n");
    let notable = report.notable();
    if notable.is_empty() {
        out.push_str("<p>No failing or unknown checks.</p>\n");
    } else {
        out.push_str("<table><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Resource</th><th>Message</th></tr>\n");
        for f in &notable {
            let note = match &f.suppression {
                Some(s) if s.expired => {
                    format!("<br><em>suppression expired: {}</em>", e(&s.reason))
                }
                Some(s) => format!("<br><em>suppressed: {}</em>", e(&s.reason)),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "<tr><td class=\"{l}\">{l}</td><td>{}</td><td>{} <code>{}</code></td><td><code>{}</code></td><td>{}{note}</td></tr>",
                f.severity(),
                e(f.rule.id),
                e(f.rule.name),
                e(&f.resource.arn),
                e(&f.message),
                l = f.label(),
            );
        }
        out.push_str("</table>\n<h2>Remediation</h2>\n<dl>\n");
        for rule in RULES
            .iter()
            .filter(|r| notable.iter().any(|f| f.rule.id == r.id))
        {
            let _ = writeln!(
                out,
                "<dt><strong>{} {}</strong>: {}</dt><dd>{}<br>{}</dd>",
                e(rule.id),
                e(rule.name),
                e(rule.title),
                e(rule.rationale),
                e(rule.remediation)
            );
        }
        out.push_str("</dl>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::reports::fixture;
    use crate::audit::rule::Severity;

    #[test]
    fn html_is_self_contained_escaped_and_charted() {
        let model = fixture::model();
        let findings = fixture::findings(&model);
        let report = AuditReport::new(
            Target::Static {
                blueprint: "<retail>.yaml".into(),
            },
            &model.lake,
            &findings,
            Some(Severity::High),
        );
        let html = render(&report);
        assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(html.contains("static audit of &lt;retail&gt;.yaml"));
        assert!(html.contains("raw data is kept &lt;forever&gt; &amp; audited"));
        for external in ["<script", "<link", "src=", "@import", "url("] {
            assert!(!html.contains(external), "{external} in the report");
        }
        assert!(html.contains("LK-KIN-001"));
        // The only http(s) reference is the SVG namespace, which is an identifier.
        assert_eq!(html.matches("http").count(), 1);
    }

    #[test]
    fn html_across_accounts_has_a_row_and_a_drill_down_per_account() {
        let model = fixture::model();
        let findings = crate::audit::report::tests::spread(&model);
        let report = AuditReport::new(
            Target::Accounts {
                accounts: vec![model.lake.account.clone(), "222222222222".into()],
                regions: vec!["ap-northeast-2".into(), "eu-west-3".into()],
                shard: Some("2/8".into()),
            },
            &model.lake,
            &findings,
            Some(Severity::High),
        );
        let html = render(&report);
        assert!(html.contains("<h1>Analytics Lens compliance: 2 accounts in 2 regions</h1>"));
        assert!(html.contains(
            "<p>live audit of 2 accounts in ap-northeast-2, eu-west-3 (shard 2/8). lakectl"
        ));
        let rows = html.matches("<tr><td><a href=\"#account-").count();
        assert_eq!(rows, 2);
        assert!(html.contains("<details id=\"account-222222222222\"><summary>Account <code>222222222222</code>: 0 failed, 0 unknown</summary>"));
        assert!(html.contains("<details id=\"account-123456789012\"><summary>Account <code>123456789012</code>: 8 failed, 1 unknown</summary>"));
        // The first account's drill-down lists its notable findings with their region.
        let first = &html[html.find("<details id=\"account-123456789012\"").unwrap()..];
        let first = &first[..first.find("</details>").unwrap()];
        assert_eq!(first.matches("<td class=\"fail\">fail</td>").count(), 8);
        assert!(first.contains("<td>LK-KIN-001</td><td>us-east-1</td>"));
        // Every table opened is closed.
        assert_eq!(
            html.matches("<table>").count(),
            html.matches("</table>").count()
        );
    }
}
