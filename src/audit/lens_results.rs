//! Analytics Lens answers from findings: a risk for every question the rules answer, and a
//! summary per pillar.
//!
//! A question is HIGH when a high or critical rule fails on some resource, MEDIUM when only
//! medium or low rules fail, NONE when its rules pass (suppressed failures are accepted risk),
//! UNANSWERED when every evaluated check is unknown, and NOT_APPLICABLE when no resource was
//! checked. Failing `info` rules do not raise a question's risk.

use serde::Serialize;

use super::finding::{Finding, Status};
use super::registry::RULES;
use super::rule::Severity;
use crate::lens::{self, Pillar, Question};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Risk {
    NotApplicable,
    None,
    Unanswered,
    Medium,
    High,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::High => "HIGH",
            Risk::Medium => "MEDIUM",
            Risk::None => "NONE",
            Risk::Unanswered => "UNANSWERED",
            Risk::NotApplicable => "NOT_APPLICABLE",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub suppressed: usize,
}

impl Counts {
    fn add(&mut self, finding: &Finding) {
        match (finding.status, finding.is_suppressed()) {
            (Status::Fail | Status::Unknown, true) => self.suppressed += 1,
            (Status::Pass, _) => self.pass += 1,
            (Status::Fail, false) => self.fail += 1,
            (Status::Unknown, false) => self.unknown += 1,
            (Status::NotApplicable, _) => {}
        }
    }

    fn merge(&mut self, other: &Counts) {
        self.pass += other.pass;
        self.fail += other.fail;
        self.unknown += other.unknown;
        self.suppressed += other.suppressed;
    }

    /// Passing share of the decided checks (passes and open failures), in percent.
    pub fn score(&self) -> Option<u32> {
        let decided = self.pass + self.fail;
        (decided > 0).then(|| ((self.pass * 100 + decided / 2) / decided) as u32)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionResult {
    pub id: &'static str,
    pub pillar: Pillar,
    pub title: &'static str,
    pub risk: Risk,
    pub counts: Counts,
    /// Rule ids answering the question, in registry order.
    pub rules: Vec<&'static str>,
    /// Rule ids with open failures.
    pub failing_rules: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarSummary {
    pub pillar: Pillar,
    pub title: &'static str,
    /// The worst risk of its questions.
    pub risk: Risk,
    pub questions: usize,
    pub high: usize,
    pub medium: usize,
    pub none: usize,
    pub unanswered: usize,
    pub counts: Counts,
    pub score: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LensResults {
    pub questions: Vec<QuestionResult>,
    pub pillars: Vec<PillarSummary>,
}

/// Questions the catalogue answers, in the lens's order.
pub fn answered_questions() -> impl Iterator<Item = &'static Question> {
    lens::QUESTIONS
        .iter()
        .filter(|q| RULES.iter().any(|r| r.lens.contains(&q.id)))
}

pub fn evaluate(findings: &[Finding]) -> LensResults {
    let questions: Vec<QuestionResult> = answered_questions()
        .map(|q| question_result(q, findings))
        .collect();
    let pillars = Pillar::ALL
        .iter()
        .filter_map(|&pillar| pillar_summary(pillar, &questions))
        .collect();
    LensResults { questions, pillars }
}

fn question_result(question: &'static Question, findings: &[Finding]) -> QuestionResult {
    let rules: Vec<&'static str> = RULES
        .iter()
        .filter(|r| r.lens.contains(&question.id))
        .map(|r| r.id)
        .collect();
    let mut counts = Counts::default();
    let mut worst_failure: Option<Severity> = None;
    let mut failing_rules: Vec<&'static str> = Vec::new();
    for finding in findings.iter().filter(|f| rules.contains(&f.rule.id)) {
        counts.add(finding);
        if finding.status == Status::Fail && !finding.is_suppressed() {
            worst_failure = worst_failure.max(Some(finding.severity()));
            if !failing_rules.contains(&finding.rule.id) {
                failing_rules.push(finding.rule.id);
            }
        }
    }
    let risk = match worst_failure {
        Some(Severity::High | Severity::Critical) => Risk::High,
        Some(Severity::Medium | Severity::Low) => Risk::Medium,
        Some(Severity::Info) | None if counts.pass + counts.suppressed > 0 => Risk::None,
        _ if counts.unknown > 0 => Risk::Unanswered,
        _ => Risk::NotApplicable,
    };
    QuestionResult {
        id: question.id,
        pillar: question.pillar,
        title: question.title,
        risk,
        counts,
        rules,
        failing_rules,
    }
}

fn pillar_summary(pillar: Pillar, questions: &[QuestionResult]) -> Option<PillarSummary> {
    let mine: Vec<&QuestionResult> = questions.iter().filter(|q| q.pillar == pillar).collect();
    if mine.is_empty() {
        return None;
    }
    let count = |risk: Risk| mine.iter().filter(|q| q.risk == risk).count();
    let mut counts = Counts::default();
    for q in &mine {
        counts.merge(&q.counts);
    }
    Some(PillarSummary {
        pillar,
        title: pillar.title(),
        risk: mine
            .iter()
            .map(|q| q.risk)
            .max()
            .unwrap_or(Risk::NotApplicable),
        questions: mine.len(),
        high: count(Risk::High),
        medium: count(Risk::Medium),
        none: count(Risk::None),
        unanswered: count(Risk::Unanswered),
        score: counts.score(),
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::engine::run;
    use crate::audit::finding::Suppression;
    use crate::audit::testing::{compliant_model, unknown_prop};
    use crate::model::Prop;

    fn risk_of(results: &LensResults, id: &str) -> Risk {
        results.questions.iter().find(|q| q.id == id).unwrap().risk
    }

    #[test]
    fn a_compliant_lake_has_no_risk_and_account_questions_are_not_applicable() {
        let results = evaluate(&run(&compliant_model()));
        assert_eq!(risk_of(&results, "ANALYTICS_SEC 4"), Risk::None);
        assert_eq!(risk_of(&results, "ANALYTICS_SEC 3"), Risk::None);
        assert!(
            results.questions.iter().all(|q| q.risk == Risk::None),
            "{:#?}",
            results.questions
        );
        let security = results
            .pillars
            .iter()
            .find(|p| p.pillar == Pillar::Security)
            .unwrap();
        assert_eq!((security.risk, security.score), (Risk::None, Some(100)));
    }

    #[test]
    fn failures_raise_risk_by_severity_and_suppression_accepts_it() {
        let mut model = compliant_model();
        model.streams[0].encryption = Prop::Known(None); // LK-KIN-001, high, SEC 4
        model.streams[0].retention_hours = Prop::Known(24); // LK-KIN-002, low, REL 4
        let mut findings = run(&model);
        let results = evaluate(&findings);
        assert_eq!(risk_of(&results, "ANALYTICS_SEC 4"), Risk::High);
        assert_eq!(risk_of(&results, "ANALYTICS_REL 4"), Risk::Medium);
        let sec4 = results
            .questions
            .iter()
            .find(|q| q.id == "ANALYTICS_SEC 4")
            .unwrap();
        assert_eq!(sec4.failing_rules, vec!["LK-KIN-001"]);
        for f in findings.iter_mut().filter(|f| f.rule.id == "LK-KIN-001") {
            f.suppression = Some(Suppression {
                reason: "r".into(),
                expires: None,
                expired: false,
            });
        }
        assert_eq!(risk_of(&evaluate(&findings), "ANALYTICS_SEC 4"), Risk::None);
    }

    #[test]
    fn only_unknowns_leave_a_question_unanswered() {
        let mut model = compliant_model();
        model.streams[0].retention_hours = unknown_prop("kinesis:DescribeStreamSummary");
        assert_eq!(
            risk_of(&evaluate(&run(&model)), "ANALYTICS_REL 4"),
            Risk::Unanswered
        );
        model.streams.clear();
        assert_eq!(
            risk_of(&evaluate(&run(&model)), "ANALYTICS_REL 4"),
            Risk::NotApplicable
        );
    }
}
