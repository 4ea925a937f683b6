//! How much of the Analytics Lens the rules answer: per question, the rules that answer it and
//! the practices a reviewer answers (`lakectl rules --coverage`). The Markdown is
//! `docs/coverage.md`; a test fails when that file is stale.

use std::fmt::Write;

use serde::Serialize;
use serde_json::{Value, json};

use super::registry::RULES;
use super::rule::Rule;
use crate::lens::{self, Pillar, Practice, Question, Source};

/// Who answers a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Rules check every practice of the question.
    Rules,
    /// Rules check some practices; a reviewer answers the rest.
    RulesAndReviewer,
    /// No rule answers the question: it is not assessed automatically.
    Reviewer,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Rules => "rules",
            Answer::RulesAndReviewer => "rules and reviewer",
            Answer::Reviewer => "reviewer",
        }
    }
}

/// One question with the rules and practices that answer it.
#[derive(Debug, Clone)]
pub struct QuestionCoverage {
    pub question: &'static Question,
    /// Rules naming the question, in registry order.
    pub rules: Vec<&'static Rule>,
    pub practices: Vec<&'static Practice>,
}

impl QuestionCoverage {
    pub fn of(question: &'static Question) -> Self {
        QuestionCoverage {
            question,
            rules: RULES
                .iter()
                .copied()
                .filter(|r| r.lens.contains(&question.id))
                .collect(),
            practices: lens::practices_of(question.id).collect(),
        }
    }

    /// Practices no rule checks, which a reviewer answers from evidence.
    pub fn reviewer_practices(&self) -> impl Iterator<Item = &'static Practice> + '_ {
        self.practices.iter().copied().filter(|p| !p.is_automated())
    }

    pub fn answer(&self) -> Answer {
        let manual = self.reviewer_practices().count();
        match (self.rules.is_empty(), manual) {
            (true, _) => Answer::Reviewer,
            (false, 0) => Answer::Rules,
            (false, _) => Answer::RulesAndReviewer,
        }
    }
}

/// Every question of the lens, in its order.
pub fn questions() -> Vec<QuestionCoverage> {
    lens::QUESTIONS.iter().map(QuestionCoverage::of).collect()
}

struct Totals {
    questions_with_rules: usize,
    practices: usize,
    automated: usize,
    shown_without_rule: usize,
}

fn totals(coverage: &[QuestionCoverage]) -> Totals {
    let practices = coverage.iter().flat_map(|c| &c.practices);
    Totals {
        questions_with_rules: coverage.iter().filter(|c| !c.rules.is_empty()).count(),
        practices: lens::PRACTICES.len(),
        automated: practices.clone().filter(|p| p.is_automated()).count(),
        shown_without_rule: practices
            .filter(|p| !p.is_automated() && matches!(p.source, Source::ControlPlane(_)))
            .count(),
    }
}

fn summary_line(coverage: &[QuestionCoverage]) -> String {
    let t = totals(coverage);
    format!(
        "{} of {} questions answered by rules; {} of {} practices checked by rules, {} more the control plane shows (no rule yet), {} for a reviewer only.",
        t.questions_with_rules,
        coverage.len(),
        t.automated,
        t.practices,
        t.shown_without_rule,
        t.practices - t.automated - t.shown_without_rule
    )
}

fn rule_ids(rules: &[&Rule]) -> String {
    if rules.is_empty() {
        return "-".into();
    }
    rules.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

fn practice_number(practice: &Practice) -> &'static str {
    &practice.id[practice.question_id().len() + 1..]
}

pub fn text() -> String {
    let coverage = questions();
    let mut out = String::new();
    for c in &coverage {
        let _ = writeln!(
            out,
            "{}  {}\n  answered by: {}\n  rules: {}",
            c.question.id,
            c.question.title,
            c.answer().as_str(),
            rule_ids(&c.rules)
        );
        let manual: Vec<&str> = c.reviewer_practices().map(practice_number).collect();
        if !manual.is_empty() {
            let _ = writeln!(out, "  reviewer practices: {}", manual.join(", "));
        }
    }
    let _ = writeln!(
        out,
        "\n{}\n`lakectl rules --coverage --format markdown` lists each practice with its evidence.",
        summary_line(&coverage)
    );
    out
}

fn source_json(source: Source) -> Value {
    match source {
        Source::ControlPlane(reads) => json!({ "kind": "control_plane", "reads": reads }),
        Source::Reviewer => json!({ "kind": "reviewer" }),
    }
}

pub fn json() -> String {
    let questions: Vec<Value> = questions()
        .iter()
        .map(|c| {
            json!({
                "id": c.question.id,
                "pillar": c.question.pillar,
                "title": c.question.title,
                "answered_by": c.answer(),
                "rules": c.rules.iter().map(|r| r.id).collect::<Vec<_>>(),
                "practices": c.practices.iter().map(|p| json!({
                    "id": p.id,
                    "title": p.title,
                    "source": source_json(p.source),
                    "rules": p.rules,
                    "evidence": p.evidence,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({ "schema": "lakectl.coverage/v1", "questions": questions });
    let mut text = serde_json::to_string_pretty(&value).expect("json values serialize");
    text.push('\n');
    text
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

pub fn markdown() -> String {
    let coverage = questions();
    let mut out = String::from(
        "# Analytics Lens coverage\n\n\
         <!-- Generated by `lakectl rules --coverage --format markdown > docs/coverage.md`; do not edit. -->\n\n\
         Every question of the AWS Well-Architected Analytics Lens, the lakectl rules that answer \
         it, and its best practices. The lens states its practices as prose; each practice below \
         is one recommendation of that prose, numbered in the order the text makes it. A practice \
         is checked by rules, shown by the control plane but not yet checked by a rule, or only a \
         reviewer can tell; where no rule checks it, the audit reports list the evidence a \
         reviewer looks for.\n\n",
    );
    let _ = writeln!(out, "{}\n", summary_line(&coverage));
    out.push_str("| Question | Answered by | Rules | Reviewer practices |\n|---|---|---|---|\n");
    for c in &coverage {
        let manual: Vec<&str> = c.reviewer_practices().map(practice_number).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            c.question.id,
            c.answer().as_str(),
            rule_ids(&c.rules),
            if manual.is_empty() {
                "-".into()
            } else {
                manual.join(", ")
            }
        );
    }
    for pillar in Pillar::ALL {
        let _ = writeln!(out, "\n## {}", pillar.title());
        for c in coverage.iter().filter(|c| c.question.pillar == pillar) {
            let _ = writeln!(
                out,
                "\n### {}: {}\n\nAnswered by {}.\n\n| Practice | Checked by | Evidence |\n|---|---|---|",
                c.question.id,
                c.question.title,
                c.answer().as_str()
            );
            for p in &c.practices {
                let checked_by = match p.source {
                    _ if p.is_automated() => p.rules.join(", "),
                    Source::ControlPlane(reads) => format!("no rule yet ({})", reads.join(", ")),
                    Source::Reviewer => "reviewer".into(),
                };
                let _ = writeln!(
                    out,
                    "| {} {} | {} | {} |",
                    p.id,
                    cell(p.title),
                    checked_by,
                    cell(p.evidence)
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::registry::RULES;

    #[test]
    fn docs_coverage_md_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/coverage.md");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == markdown(),
            "docs/coverage.md is stale; regenerate it with `cargo run -- rules --coverage --format markdown > docs/coverage.md`"
        );
    }

    #[test]
    fn every_question_is_answered_by_rules_or_by_practices_with_evidence() {
        for c in questions() {
            assert!(
                !c.practices.is_empty(),
                "{} has no practices",
                c.question.id
            );
            for p in c.reviewer_practices() {
                assert!(
                    !p.evidence.trim().is_empty(),
                    "{}: neither checked by a rule nor given evidence for a reviewer",
                    p.id
                );
            }
            if c.answer() == Answer::Reviewer {
                assert!(c.practices.iter().all(|p| !p.is_automated()));
            }
        }
    }

    #[test]
    fn every_rule_names_lens_questions_only() {
        for rule in RULES {
            for id in rule.lens {
                assert!(
                    lens::question(id).is_some(),
                    "{} names {id}, which is not an Analytics Lens question",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn practices_and_rules_agree_on_questions() {
        for p in lens::PRACTICES {
            for id in p.rules {
                let rule = RULES.iter().find(|r| r.id == *id);
                let rule = rule.unwrap_or_else(|| panic!("{}: no rule {id}", p.id));
                assert!(
                    rule.lens.contains(&p.question_id()),
                    "{}: {id} does not name {}",
                    p.id,
                    p.question_id()
                );
            }
        }
        for rule in RULES {
            for question in rule.lens {
                assert!(
                    lens::practices_of(question).any(|p| p.rules.contains(&rule.id)),
                    "{} answers {question} but checks none of its practices; add it to a practice in src/lens/practices.rs",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn reviewer_only_questions_and_practice_totals() {
        let coverage = questions();
        assert_eq!(coverage.len(), 29);
        let reviewer_only: Vec<&str> = coverage
            .iter()
            .filter(|c| c.answer() == Answer::Reviewer)
            .map(|c| c.question.id)
            .collect();
        assert!(reviewer_only.contains(&"ANALYTICS_OPS 01"));
        assert!(!reviewer_only.contains(&"ANALYTICS_SEC 4"));
        let value: Value = serde_json::from_str(&json()).unwrap();
        let practices: usize = value["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["practices"].as_array().unwrap().len())
            .sum();
        assert_eq!(practices, lens::PRACTICES.len());
    }
}
