//! The default report: a table of what needs attention, the lens summary and one result line.
//! Colour only when asked (the printer decides: `--color`, NO_COLOR, CLICOLOR_FORCE, a terminal).

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::audit::finding::{Finding, Status};
use crate::audit::lens_results::{PillarSummary, Risk};
use crate::audit::report::{AuditReport, Tally, Target};
use crate::audit::rule::Severity;

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }
}

fn fg(color: AnsiColor) -> Style {
    Style::new().fg_color(Some(color.into()))
}

fn status_style(finding: &Finding) -> Style {
    match (finding.status, finding.is_suppressed()) {
        (_, true) => Style::new().dimmed(),
        (Status::Fail, _) => fg(AnsiColor::Red).bold(),
        (Status::Unknown, _) => fg(AnsiColor::Yellow),
        _ => Style::new(),
    }
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Critical | Severity::High => fg(AnsiColor::Red),
        Severity::Medium => fg(AnsiColor::Yellow),
        Severity::Low | Severity::Info => fg(AnsiColor::Blue),
    }
}

fn risk_style(risk: Risk) -> Style {
    match risk {
        Risk::High => fg(AnsiColor::Red).bold(),
        Risk::Medium => fg(AnsiColor::Yellow),
        Risk::None => fg(AnsiColor::Green),
        Risk::Unanswered | Risk::NotApplicable | Risk::NotAssessed => Style::new().dimmed(),
    }
}

fn pad(text: &str, width: usize) -> String {
    format!("{text:<width$}")
}

/// Above this many notable findings, an account audit lists them under their rule, with
/// counts, rather than as one long table.
const GROUP_ABOVE: usize = 20;

/// One heading per rule (most severe first, as `notable` orders them) with its counts, then
/// one line per resource.
fn grouped(out: &mut String, p: &Painter, notable: &[&Finding], spans: bool) {
    let mut rules: Vec<&'static str> = Vec::new();
    for f in notable {
        if !rules.contains(&f.rule.id) {
            rules.push(f.rule.id);
        }
    }
    for id in rules {
        let of_rule: Vec<&&Finding> = notable.iter().filter(|f| f.rule.id == id).collect();
        let first = of_rule[0];
        let count = |label: &str| of_rule.iter().filter(|f| f.label() == label).count();
        let counts: Vec<String> = ["fail", "unknown", "suppressed"]
            .into_iter()
            .map(|label| (label, count(label)))
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| format!("{n} {label}"))
            .collect();
        let _ = writeln!(
            out,
            "{} {} {}  {}  ({})",
            p.paint(Style::new().bold(), id),
            first.rule.name,
            p.paint(severity_style(first.severity()), first.severity().as_str()),
            first.rule.title,
            counts.join(", ")
        );
        for f in of_rule {
            let _ = writeln!(
                out,
                "  {}  {}  {}",
                p.paint(status_style(f), &pad(f.label(), 10)),
                resource_cell(f, spans),
                f.message
            );
        }
        let _ = writeln!(out);
    }
}

pub fn render(report: &AuditReport<'_>, color: bool) -> String {
    let p = Painter { color };
    let mut out = String::new();
    let lake = report.lake;
    let account_wide = lake.name.is_empty() || matches!(report.target, Target::Accounts { .. });
    let about = if account_wide {
        report.subject()
    } else {
        format!("lake {}, {}", report.subject(), lake.region)
    };
    let _ = writeln!(
        out,
        "lakectl audit: {} ({about})\n",
        report.target.describe()
    );
    let spans = report.spans_places();
    findings_table(&mut out, &p, &report.notable(), account_wide, spans);
    if spans {
        places_table(&mut out, &p, report);
    }
    lens_table(&mut out, &p, report);
    totals(&mut out, &p, report);
    out
}

/// The failing and unknown findings, one row each (grouped by rule when an account has many),
/// or a line saying there are none.
fn findings_table(
    out: &mut String,
    p: &Painter,
    notable: &[&Finding],
    account_wide: bool,
    spans: bool,
) {
    if notable.is_empty() {
        let _ = writeln!(out, "No failing or unknown checks.\n");
        return;
    }
    if account_wide && notable.len() > GROUP_ABOVE {
        grouped(out, p, notable, spans);
        return;
    }
    let rows: Vec<[String; 5]> = notable.iter().map(|f| row(f, spans)).collect();
    let header = ["STATUS", "SEVERITY", "RULE", "RESOURCE", "MESSAGE"];
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let bold = Style::new().bold();
    let head: Vec<String> = (0..4).map(|i| pad(header[i], widths[i])).collect();
    let head = format!("{}  MESSAGE", head.join("  "));
    let _ = writeln!(out, "{}", p.paint(bold, &head));
    for (row, finding) in rows.iter().zip(notable) {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            p.paint(status_style(finding), &pad(&row[0], widths[0])),
            p.paint(severity_style(finding.severity()), &pad(&row[1], widths[1])),
            pad(&row[2], widths[2]),
            pad(&row[3], widths[3]),
            row[4]
        );
    }
    let _ = writeln!(out);
}

/// The resource's ARN, followed by its account and region when the report spans several
/// (a bucket's ARN names neither).
fn resource_cell(f: &Finding, spans: bool) -> String {
    if spans {
        format!(
            "{} ({} {})",
            f.resource.arn, f.resource.account, f.resource.region
        )
    } else {
        f.resource.arn.clone()
    }
}

/// A finding's cells: status, severity, rule, resource, message (with its suppression).
fn row(f: &Finding, spans: bool) -> [String; 5] {
    let mut message = f.message.clone();
    if let Some(s) = &f.suppression {
        let _ = write!(
            message,
            " [{} suppression: {}]",
            if s.expired { "expired" } else { "active" },
            s.reason
        );
    }
    [
        f.label().to_string(),
        f.severity().to_string(),
        f.rule.id.to_string(),
        resource_cell(f, spans),
        message,
    ]
}

/// The worst pillar risk of some findings and the pillars at it, e.g. `HIGH Security, Cost`.
fn worst_risk(pillars: &[PillarSummary]) -> (Risk, String) {
    let worst = pillars
        .iter()
        .map(|p| p.risk)
        .max()
        .unwrap_or(Risk::NotAssessed);
    let at: Vec<&str> = pillars
        .iter()
        .filter(|p| p.risk == worst)
        .map(|p| p.title)
        .collect();
    match worst {
        Risk::High | Risk::Medium => (worst, format!("{} {}", worst.as_str(), at.join(", "))),
        _ => (worst, worst.as_str().to_string()),
    }
}

/// One line per account with its totals, then one per region it was read in.
fn places_table(out: &mut String, p: &Painter, report: &AuditReport<'_>) {
    let mut rows: Vec<(String, String, &Tally)> = Vec::new();
    let breakdown = report.breakdown();
    for account in &breakdown {
        rows.push((
            account.account.clone(),
            "all regions".into(),
            &account.tally,
        ));
        for region in &account.regions {
            rows.push((String::new(), region.region.clone(), &region.tally));
        }
    }
    let region_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(6);
    let bold = Style::new().bold();
    let _ = writeln!(out, "{}", p.paint(bold, "By account and region"));
    let _ = writeln!(
        out,
        "{}",
        p.paint(
            bold,
            &format!(
                "  {}  {}  FAILED  UNKNOWN  SUPPRESSED  PASSED  WORST PILLAR RISK",
                pad("ACCOUNT", 12),
                pad("REGION", region_width)
            )
        )
    );
    for (account, region, tally) in rows {
        let s = &tally.summary;
        let (risk, text) = worst_risk(&tally.pillars);
        let _ = writeln!(
            out,
            "  {}  {}  {:>6}  {:>7}  {:>10}  {:>6}  {}",
            pad(&account, 12),
            pad(&region, region_width),
            s.fail,
            s.unknown,
            s.suppressed,
            s.pass,
            p.paint(risk_style(risk), &text)
        );
    }
    let _ = writeln!(out);
}

/// One line per Analytics Lens pillar: risk, score and answers.
fn lens_table(out: &mut String, p: &Painter, report: &AuditReport<'_>) {
    let _ = writeln!(out, "{}", p.paint(Style::new().bold(), "Analytics Lens"));
    let title_width = report
        .lens
        .pillars
        .iter()
        .map(|s| s.title.len())
        .max()
        .unwrap_or(0);
    for pillar in &report.lens.pillars {
        let score = pillar.score.map_or("-".to_string(), |s| format!("{s}%"));
        let _ = writeln!(
            out,
            "  {}  {}  score {:>4}  ({} high, {} medium, {} none, {} unanswered, {} not assessed)",
            pad(pillar.title, title_width),
            p.paint(risk_style(pillar.risk), &pad(pillar.risk.as_str(), 14)),
            score,
            pillar.high,
            pillar.medium,
            pillar.none,
            pillar.unanswered,
            pillar.not_assessed
        );
    }
    let reviewer: usize = report
        .lens
        .questions
        .iter()
        .map(|q| q.reviewer_practices.len())
        .sum();
    let _ = writeln!(
        out,
        "  {} of {} questions not assessed automatically; {reviewer} practices need a reviewer (the Markdown and HTML reports list their evidence)",
        report
            .lens
            .pillars
            .iter()
            .map(|p| p.not_assessed)
            .sum::<usize>(),
        report.lens.questions.len()
    );
}

/// The counts and the verdict against `--fail-on`.
fn totals(out: &mut String, p: &Painter, report: &AuditReport<'_>) {
    let s = report.summary();
    let _ = writeln!(
        out,
        "\n{} passed, {} failed, {} unknown, {} suppressed ({} expired), {} not applicable",
        s.pass, s.fail, s.unknown, s.suppressed, s.expired_suppressions, s.not_applicable
    );
    let verdict = if report.fails() {
        p.paint(fg(AnsiColor::Red).bold(), &report.verdict())
    } else {
        p.paint(fg(AnsiColor::Green), &report.verdict())
    };
    let _ = writeln!(out, "{verdict}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::reports::fixture;

    #[test]
    fn text_report() {
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
        insta::assert_snapshot!(render(&report, false));
        let colored = render(&report, true);
        assert!(colored.contains("\u{1b}[1m\u{1b}[31mfail"), "{colored}");
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
        insta::assert_snapshot!(render(&report, false));
    }
}
