//! Markdown for CI step summaries and pull-request comments: verdict, counts, lens table and
//! the findings that need attention with their remediation.

use std::fmt::Write;

use crate::audit::finding::Finding;
use crate::audit::registry::RULES;
use crate::audit::report::{AuditReport, Tally};

/// A table cell: no line breaks, pipes escaped, and no raw HTML (GitHub would swallow
/// `<name>` in a message as an unknown tag).
pub fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn status(f: &Finding) -> String {
    match &f.suppression {
        Some(s) if s.expired => format!("{} (suppression expired)", f.label()),
        Some(s) => format!("suppressed: {}", cell(&s.reason)),
        None => f.label().to_string(),
    }
}

pub fn render(report: &AuditReport<'_>) -> String {
    let mut out = String::new();
    verdict_and_counts(&mut out, report);
    if report.spans_places() {
        places_table(&mut out, report);
    }
    lens_tables(&mut out, report);
    findings(&mut out, report);
    out
}

fn verdict_and_counts(out: &mut String, report: &AuditReport<'_>) {
    let s = report.summary();
    let _ = writeln!(
        out,
        "## lakectl audit: {}\n",
        cell(&report.target.describe())
    );
    if report.fails() {
        let _ = writeln!(
            out,
            "**Result: failed**: {} failing at or above `{}`.\n",
            s.failing_run,
            report.threshold_label()
        );
    } else {
        let _ = writeln!(out, "**Result: passed**: {}.\n", report.verdict());
    }
    let _ = writeln!(
        out,
        "| Passed | Failed | Unknown | Suppressed | Expired suppressions | Not applicable |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |\n",
        s.pass, s.fail, s.unknown, s.suppressed, s.expired_suppressions, s.not_applicable
    );
}

/// One row per account (its totals), then one per region, with each pillar's risk.
fn places_table(out: &mut String, report: &AuditReport<'_>) {
    let _ = writeln!(out, "### By account and region\n");
    let pillars: Vec<&str> = report.lens.pillars.iter().map(|p| p.title).collect();
    let _ = writeln!(
        out,
        "| Account | Region | Failed | Unknown | Suppressed | Passed | {} |",
        pillars.join(" | ")
    );
    let _ = writeln!(
        out,
        "|---|---|---:|---:|---:|---:|{}",
        "---|".repeat(pillars.len())
    );
    let row = |out: &mut String, account: &str, region: &str, tally: &Tally| {
        let s = &tally.summary;
        let risks: Vec<&str> = tally.pillars.iter().map(|p| p.risk.as_str()).collect();
        let _ = writeln!(
            out,
            "| {account} | {region} | {} | {} | {} | {} | {} |",
            s.fail,
            s.unknown,
            s.suppressed,
            s.pass,
            risks.join(" | ")
        );
    };
    for account in report.breakdown() {
        row(
            out,
            &format!("`{}`", account.account),
            "all",
            &account.tally,
        );
        for region in &account.regions {
            row(out, "", &region.region, &region.tally);
        }
    }
    let _ = writeln!(out);
}

fn lens_tables(out: &mut String, report: &AuditReport<'_>) {
    let _ = writeln!(out, "### Analytics Lens\n");
    let _ = writeln!(
        out,
        "| Pillar | Risk | Score | High | Medium | None | Unanswered | Not assessed |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|");
    for p in &report.lens.pillars {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            p.title,
            p.risk.as_str(),
            p.score.map_or("-".to_string(), |s| format!("{s}%")),
            p.high,
            p.medium,
            p.none,
            p.unanswered,
            p.not_assessed
        );
    }
    let _ = writeln!(
        out,
        "\n| Question | Risk | Failing rules | Answered by a reviewer |"
    );
    let _ = writeln!(out, "|---|---|---|---|");
    for q in &report.lens.questions {
        let reviewer: Vec<&str> = q.reviewer_practices.iter().map(|p| p.id).collect();
        let _ = writeln!(
            out,
            "| {}: {} | {} | {} | {} |",
            q.id,
            cell(q.title),
            q.risk.as_str(),
            q.failing_rules.join(", "),
            reviewer.join(", ")
        );
    }
    let reviewer: Vec<_> = report
        .lens
        .questions
        .iter()
        .flat_map(|q| &q.reviewer_practices)
        .collect();
    let _ = writeln!(
        out,
        "\n<details><summary>{} practices no rule checks: the evidence a reviewer looks for</summary>\n",
        reviewer.len()
    );
    for p in reviewer {
        let _ = writeln!(out, "- **{}** {}: {}", p.id, p.title, p.evidence);
    }
    let _ = writeln!(out, "\n</details>");
}

/// The findings that need attention, then the remediation of their rules.
fn findings(out: &mut String, report: &AuditReport<'_>) {
    let notable = report.notable();
    let _ = writeln!(out, "\n### Findings\n");
    if notable.is_empty() {
        let _ = writeln!(out, "No failing or unknown checks.");
        return;
    }
    let spans = report.spans_places();
    let (place_head, place_rule) = if spans {
        ("Account | Region | ", "---|---|")
    } else {
        ("", "")
    };
    let _ = writeln!(
        out,
        "| Status | Severity | Rule | {place_head}Resource | Message |"
    );
    let _ = writeln!(out, "|---|---|---|{place_rule}---|---|");
    for f in &notable {
        let place = if spans {
            format!("`{}` | {} | ", f.resource.account, f.resource.region)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} `{}` | {place}`{}` | {} |",
            status(f),
            f.severity(),
            f.rule.id,
            f.rule.name,
            cell(&f.resource.arn),
            cell(&f.message)
        );
    }
    let _ = writeln!(out, "\n<details><summary>Remediation</summary>\n");
    for rule in RULES
        .iter()
        .filter(|r| notable.iter().any(|f| f.rule.id == r.id))
    {
        let _ = writeln!(out, "- **{} {}**: {}", rule.id, rule.name, rule.remediation);
    }
    let _ = writeln!(out, "\n</details>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::report::Target;
    use crate::audit::reports::fixture;
    use crate::audit::rule::Severity;

    #[test]
    fn markdown_report() {
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
        insta::assert_snapshot!(render(&report));
    }

    #[test]
    fn report_across_accounts_has_a_row_per_account_and_region() {
        let model = fixture::model();
        let findings = crate::audit::report::tests::spread(&model);
        let report = AuditReport::new(
            Target::Accounts {
                accounts: vec![model.lake.account.clone(), "222222222222".into()],
                regions: vec![
                    "ap-northeast-2".into(),
                    "eu-west-3".into(),
                    model.lake.region.clone(),
                ],
                shard: None,
            },
            &model.lake,
            &findings,
            Some(Severity::High),
        );
        insta::assert_snapshot!(render(&report));
    }
}
