//! Analytics Lens answers from findings: an answer to every one of the lens's questions, and a
//! summary per pillar.
//!
//! A question some rule answers is HIGH when a high or critical rule fails on some resource,
//! MEDIUM when only medium or low rules fail, NONE when its rules pass (suppressed failures are
//! accepted risk), UNANSWERED when every evaluated check is unknown, and NOT_APPLICABLE when no
//! resource was checked. Failing `info` rules do not raise a question's risk. A question no rule
//! answers is NOT_ASSESSED: a reviewer answers it from the evidence its practices name. Every
//! question also lists the practices no rule checks, with that evidence.

use serde::Serialize;

use super::coverage::{self, Answer, QuestionCoverage};
use super::finding::{Finding, Status};
use super::rule::Severity;
use crate::lens::{Pillar, Practice};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Risk {
    /// No rule answers the question; a reviewer does.
    NotAssessed,
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
            Risk::NotAssessed => "NOT_ASSESSED",
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
    /// Who answers the question: rules, rules and a reviewer, or a reviewer alone.
    pub answered_by: Answer,
    /// The practices no rule checks, which a reviewer answers from their evidence.
    pub reviewer_practices: Vec<ReviewerPractice>,
}

/// A best practice a reviewer answers, with the evidence to look for.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewerPractice {
    pub id: &'static str,
    pub title: &'static str,
    pub evidence: &'static str,
}

impl From<&Practice> for ReviewerPractice {
    fn from(p: &Practice) -> Self {
        ReviewerPractice {
            id: p.id,
            title: p.title,
            evidence: p.evidence,
        }
    }
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
    pub not_assessed: usize,
    pub counts: Counts,
    pub score: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LensResults {
    pub questions: Vec<QuestionResult>,
    pub pillars: Vec<PillarSummary>,
}

pub fn evaluate(findings: &[Finding]) -> LensResults {
    let questions: Vec<QuestionResult> = coverage::questions()
        .iter()
        .map(|q| question_result(q, findings))
        .collect();
    let pillars = Pillar::ALL
        .iter()
        .filter_map(|&pillar| pillar_summary(pillar, &questions))
        .collect();
    LensResults { questions, pillars }
}

fn question_result(coverage: &QuestionCoverage, findings: &[Finding]) -> QuestionResult {
    let question = coverage.question;
    let rules: Vec<&'static str> = coverage.rules.iter().map(|r| r.id).collect();
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
        _ if rules.is_empty() => Risk::NotAssessed,
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
        answered_by: coverage.answer(),
        reviewer_practices: coverage.reviewer_practices().map(Into::into).collect(),
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
        not_assessed: count(Risk::NotAssessed),
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
            results
                .questions
                .iter()
                .filter(|q| !q.rules.is_empty())
                .all(|q| q.risk == Risk::None),
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
    fn every_question_is_answered_and_those_without_rules_are_not_assessed() {
        let results = evaluate(&run(&compliant_model()));
        assert_eq!(results.questions.len(), 29);
        assert_eq!(results.pillars.len(), 5);
        let ops1 = results
            .questions
            .iter()
            .find(|q| q.id == "ANALYTICS_OPS 01")
            .unwrap();
        assert_eq!(
            (ops1.risk, ops1.answered_by, ops1.reviewer_practices.len()),
            (Risk::NotAssessed, Answer::Reviewer, 2)
        );
        assert_eq!(ops1.reviewer_practices[0].id, "ANALYTICS_OPS 01.1");
        let sec4 = results
            .questions
            .iter()
            .find(|q| q.id == "ANALYTICS_SEC 4")
            .unwrap();
        assert_eq!(sec4.answered_by, Answer::RulesAndReviewer);
        let reviewer: Vec<&str> = sec4.reviewer_practices.iter().map(|p| p.id).collect();
        assert_eq!(reviewer, vec!["ANALYTICS_SEC 4.5"]);
        // Job metrics, logging and pipeline alarms (ANALYTICS_OPS 03), alarm actions
        // (ANALYTICS_OPS 04) and credentials kept out of job arguments (ANALYTICS_OPS 05) are
        // checked; the other two questions are a reviewer's.
        let ops = &results.pillars[0];
        assert_eq!(
            (ops.pillar, ops.risk, ops.not_assessed, ops.score),
            (Pillar::OperationalExcellence, Risk::None, 2, Some(100))
        );
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
        model.delivery_streams[0].error_prefix = unknown_prop("firehose:DescribeDeliveryStream");
        model.delivery_streams[0].error_logging = unknown_prop("firehose:DescribeDeliveryStream");
        model.catalog.jobs[0].max_retries = unknown_prop("glue:GetJobs");
        assert_eq!(
            risk_of(&evaluate(&run(&model)), "ANALYTICS_REL 4"),
            Risk::Unanswered
        );
        model.streams.clear();
        model.delivery_streams.clear();
        model.catalog.jobs.clear();
        assert_eq!(
            risk_of(&evaluate(&run(&model)), "ANALYTICS_REL 4"),
            Risk::NotApplicable
        );
    }
}
