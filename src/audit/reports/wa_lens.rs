//! The catalogue as a Well-Architected Tool custom lens (format `2021-11-01`): every Analytics
//! Lens question, each with one choice per rule that answers it ("this check passes"), one
//! choice per best practice a reviewer answers (no rule checks it; its help text is the
//! evidence to look for), and a "none of these" choice. Risk rules mirror lakectl's own risk
//! mapping: every choice met, no risk; every high and critical rule met, medium risk; otherwise
//! high risk (medium where the question has no high or critical rule).
//!
//! Limits of the format (WA Tool user guide, "Lens format specification"): name up to 128
//! characters, description up to 2048; ids 3 to 128 characters of letters, digits and `_`
//! (choice ids at most 64 in the API); titles up to 128; up to 10 pillars, 20 questions a
//! pillar, 15 choices a question, 3 risk rules a question including `default`; at most 500 KB.
//! `tests` below checks the generated lens against all of them.

use serde_json::{Value, json};

use crate::audit::coverage::{self, QuestionCoverage};
use crate::audit::report::VERSION;
use crate::audit::rule::{Rule, Severity};
use crate::lens::{Pillar, Practice};

/// `ANALYTICS_SEC 4` → `ANALYTICS_SEC_4`; `LK-S3-001` → `LK_S3_001`.
pub fn lens_id(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

const NONE_CHOICE: &str = "lakectl_none_no";

/// The format's limit on choices per question.
const MAX_CHOICES: usize = 15;

/// A choice and what meeting it says: the most severe rule behind it, `None` for a practice a
/// reviewer answers.
struct Choice {
    value: Value,
    id: String,
    severity: Option<Severity>,
}

fn rule_choice(rule: &Rule) -> Choice {
    let id = lens_id(rule.id);
    Choice {
        value: json!({
            "id": id,
            "title": rule.title,
            "helpfulResource": { "displayText": format!("{} {}: {}", rule.id, rule.name, rule.rationale) },
            "improvementPlan": { "displayText": rule.remediation },
        }),
        id,
        severity: Some(rule.severity),
    }
}

/// One choice for a practice several rules check, for a question whose rules alone would pass
/// the format's limit: met when every one of them passes.
fn practice_choice(practice: &Practice, rules: &[&Rule]) -> Choice {
    let id = lens_id(practice.id);
    let names: Vec<String> = rules
        .iter()
        .map(|r| format!("{} {}", r.id, r.name))
        .collect();
    Choice {
        value: json!({
            "id": id,
            "title": practice.title,
            "helpfulResource": { "displayText": format!(
                "{}, checked by lakectl rules: select it when `lakectl audit` reports all of {} passing on every resource. Evidence: {}",
                practice.id, names.join(", "), practice.evidence
            ) },
            "improvementPlan": { "displayText": format!(
                "Fix the failing findings of {}; each finding's remediation says how (docs/rules.md lists them).",
                rules.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
            ) },
        }),
        id,
        severity: rules.iter().map(|r| r.severity).max(),
    }
}

fn reviewer_choice(practice: &Practice) -> Choice {
    let id = lens_id(practice.id);
    Choice {
        value: json!({
            "id": id,
            "title": practice.title,
            "helpfulResource": { "displayText": format!("{}, answered by a reviewer (no lakectl rule checks it). Evidence: {}", practice.id, practice.evidence) },
            "improvementPlan": { "displayText": format!("Put in place and record: {}", practice.evidence) },
        }),
        id,
        severity: None,
    }
}

/// A choice per rule and per reviewer practice; where that passes the limit, a choice per
/// practice instead (rules no practice names keep their own).
fn choices(c: &QuestionCoverage) -> Vec<Choice> {
    let reviewer = c.reviewer_practices().map(reviewer_choice);
    if c.rules.len() + c.reviewer_practices().count() < MAX_CHOICES {
        return c
            .rules
            .iter()
            .map(|r| rule_choice(r))
            .chain(reviewer)
            .collect();
    }
    let rules_of = |p: &Practice| -> Vec<&Rule> {
        (c.rules.iter().copied())
            .filter(|r| p.rules.contains(&r.id))
            .collect()
    };
    let grouped = (c.practices.iter())
        .filter(|p| p.is_automated())
        .map(|p| practice_choice(p, &rules_of(p)));
    let named = |r: &Rule| c.practices.iter().any(|p| p.rules.contains(&r.id));
    let alone = (c.rules.iter())
        .filter(|r| !named(r))
        .map(|r| rule_choice(r));
    grouped.chain(alone).chain(reviewer).collect()
}

fn all_of(ids: impl IntoIterator<Item = String>) -> String {
    ids.into_iter().collect::<Vec<_>>().join(" && ")
}

fn risk_rules(choices: &[Choice]) -> Value {
    // Informational rules do not make risk; reviewer practices always count.
    let counted: Vec<&Choice> = (choices.iter())
        .filter(|c| c.severity.is_none_or(|s| s > Severity::Info))
        .collect();
    let severe: Vec<String> = (counted.iter())
        .filter(|c| c.severity.is_some_and(|s| s >= Severity::High))
        .map(|c| c.id.clone())
        .collect();
    let everything: Vec<String> = counted.iter().map(|c| c.id.clone()).collect();
    let mut risk_rules = Vec::new();
    if !everything.is_empty() {
        risk_rules.push(json!({ "condition": all_of(everything.clone()), "risk": "NO_RISK" }));
    }
    if !severe.is_empty() && severe.len() < everything.len() {
        risk_rules.push(json!({ "condition": all_of(severe.clone()), "risk": "MEDIUM_RISK" }));
    }
    let default = if severe.is_empty() {
        "MEDIUM_RISK"
    } else {
        "HIGH_RISK"
    };
    risk_rules.push(json!({ "condition": "default", "risk": default }));
    Value::Array(risk_rules)
}

pub fn to_value() -> Value {
    let pillars: Vec<Value> = Pillar::ALL
        .iter()
        .filter_map(|&pillar| {
            let questions: Vec<Value> = coverage::questions()
                .iter()
                .filter(|c| c.question.pillar == pillar)
                .map(|c: &QuestionCoverage| {
                    let q = c.question;
                    let choices = choices(c);
                    let risk = risk_rules(&choices);
                    let mut choices: Vec<Value> = choices.into_iter().map(|c| c.value).collect();
                    choices.push(json!({
                        "id": NONE_CHOICE,
                        "title": "None of these",
                        "helpfulResource": { "displayText": "Choose this when none of the checks above pass for the workload." },
                    }));
                    json!({
                        "id": lens_id(q.id),
                        "title": q.title,
                        "description": format!(
                            "Analytics Lens {}. Choices whose help names an LK- rule are lakectl audit rules: select one when `lakectl audit` reports the rule passing on every resource. The other choices are best practices no rule checks: a reviewer selects them from the evidence their help names.",
                            q.id
                        ),
                        "choices": choices,
                        "riskRules": risk,
                    })
                })
                .collect();
            (!questions.is_empty()).then(|| {
                json!({ "id": pillar.wa_id(), "name": pillar.title(), "questions": questions })
            })
        })
        .collect();
    json!({
        "schemaVersion": "2021-11-01",
        "name": "lakectl Analytics Lens guardrails",
        "description": format!(
            "The 29 questions of the AWS Well-Architected Analytics Lens as lakectl {VERSION} answers them: one choice per lakectl rule, which `lakectl audit` shows met or not, and one choice per best practice a reviewer answers from evidence."
        ),
        "pillars": pillars,
    })
}

pub fn render() -> String {
    let mut text = serde_json::to_string_pretty(&to_value()).expect("json values serialize");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::audit::registry::RULES;

    fn is_id(id: &str, max: usize) -> bool {
        (3..=max).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    fn text_at_most(value: &Value, max: usize) -> bool {
        value
            .as_str()
            .is_some_and(|s| !s.is_empty() && s.chars().count() <= max)
    }

    #[test]
    fn the_lens_respects_every_documented_limit() {
        let lens = to_value();
        assert!(render().len() <= 500 * 1024);
        assert_eq!(lens["schemaVersion"], "2021-11-01");
        assert!(text_at_most(&lens["name"], 128));
        assert!(text_at_most(&lens["description"], 2048));
        let pillars = lens["pillars"].as_array().unwrap();
        assert!(!pillars.is_empty() && pillars.len() <= 10);
        let (mut rules_seen, mut reviewer_seen, mut questions_seen) = (BTreeSet::new(), 0, 0);
        for pillar in pillars {
            assert!(
                is_id(pillar["id"].as_str().unwrap(), 128),
                "{}",
                pillar["id"]
            );
            assert!(text_at_most(&pillar["name"], 128));
            let questions = pillar["questions"].as_array().unwrap();
            assert!(!questions.is_empty() && questions.len() <= 20);
            for q in questions {
                questions_seen += 1;
                let qid = q["id"].as_str().unwrap();
                assert!(is_id(qid, 128), "{qid}");
                assert!(text_at_most(&q["title"], 128), "{qid} title");
                assert!(text_at_most(&q["description"], 2048));
                let choices = q["choices"].as_array().unwrap();
                assert!(choices.len() <= 15, "{qid} has {} choices", choices.len());
                let mut ids: Vec<&str> =
                    choices.iter().map(|c| c["id"].as_str().unwrap()).collect();
                assert_eq!(
                    ids.iter().filter(|id| id.ends_with("_no")).count(),
                    1,
                    "{qid}: one none-of-these choice"
                );
                for c in choices {
                    let cid = c["id"].as_str().unwrap();
                    assert!(is_id(cid, 64), "{cid}");
                    assert!(text_at_most(&c["title"], 128), "{cid} title");
                    assert!(
                        text_at_most(&c["helpfulResource"]["displayText"], 2048),
                        "{cid}"
                    );
                    if !cid.ends_with("_no") {
                        assert!(
                            text_at_most(&c["improvementPlan"]["displayText"], 2048),
                            "{cid}"
                        );
                    }
                    let help = c["helpfulResource"]["displayText"].as_str().unwrap();
                    if cid.starts_with("LK_") {
                        rules_seen.insert((qid.to_string(), cid.to_string()));
                    } else if help.contains("checked by lakectl rules") {
                        // A practice standing for its rules, where they pass the limit.
                        let practice = (crate::lens::PRACTICES.iter())
                            .find(|p| lens_id(p.id) == cid)
                            .unwrap();
                        for rule in practice.rules {
                            rules_seen.insert((qid.to_string(), lens_id(rule)));
                        }
                    } else if cid.starts_with("ANALYTICS_") {
                        reviewer_seen += 1;
                    }
                }
                ids.sort_unstable();
                ids.dedup();
                assert_eq!(ids.len(), choices.len(), "{qid}: choice ids unique");
                let risk_rules = q["riskRules"].as_array().unwrap();
                assert!((1..=3).contains(&risk_rules.len()));
                assert_eq!(risk_rules.last().unwrap()["condition"], "default");
                for rule in risk_rules {
                    assert!(
                        ["HIGH_RISK", "MEDIUM_RISK", "NO_RISK"]
                            .contains(&rule["risk"].as_str().unwrap())
                    );
                    let condition = rule["condition"].as_str().unwrap();
                    if condition != "default" {
                        for term in condition.split(" && ") {
                            assert!(ids.contains(&term), "{qid}: {term} is not a choice");
                        }
                    }
                }
            }
        }
        let mappings: BTreeSet<(String, String)> = (RULES.iter())
            .flat_map(|r| r.lens.iter().map(|q| (lens_id(q), lens_id(r.id))))
            .collect();
        assert_eq!(
            rules_seen, mappings,
            "every rule is a choice of each question it answers"
        );
        assert_eq!(questions_seen, 29, "every lens question");
        let reviewer = crate::lens::PRACTICES
            .iter()
            .filter(|p| !p.is_automated())
            .count();
        assert_eq!(
            reviewer_seen, reviewer,
            "every reviewer practice is a choice"
        );
    }

    #[test]
    fn a_question_with_more_rules_than_choices_has_a_choice_per_practice() {
        let lens = to_value();
        let sec2 = (lens["pillars"].as_array().unwrap().iter())
            .flat_map(|p| p["questions"].as_array().unwrap())
            .find(|q| q["id"] == "ANALYTICS_SEC_2")
            .unwrap();
        let ids: Vec<&str> = (sec2["choices"].as_array().unwrap().iter())
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "ANALYTICS_SEC_2_1",
                "ANALYTICS_SEC_2_2",
                "ANALYTICS_SEC_2_3",
                "ANALYTICS_SEC_2_4",
                "ANALYTICS_SEC_2_5",
                NONE_CHOICE
            ]
        );
        let help = sec2["choices"][1]["helpfulResource"]["displayText"]
            .as_str()
            .unwrap();
        assert!(
            help.contains("LK-LF-005 table-location-not-registered"),
            "{help}"
        );
        assert_eq!(
            sec2["riskRules"][1]["condition"],
            "ANALYTICS_SEC_2_1 && ANALYTICS_SEC_2_2 && ANALYTICS_SEC_2_4",
            "the practices with a high or critical rule"
        );
    }

    #[test]
    fn a_question_no_rule_answers_is_met_by_its_reviewer_choices() {
        let lens = to_value();
        let ops = &lens["pillars"][0];
        assert_eq!(ops["id"], "operationalExcellence");
        let ops1 = &ops["questions"][0];
        assert_eq!(ops1["id"], "ANALYTICS_OPS_01");
        let ids: Vec<&str> = ops1["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            vec!["ANALYTICS_OPS_01_1", "ANALYTICS_OPS_01_2", NONE_CHOICE]
        );
        assert_eq!(
            ops1["riskRules"],
            json!([
                {"condition": "ANALYTICS_OPS_01_1 && ANALYTICS_OPS_01_2", "risk": "NO_RISK"},
                {"condition": "default", "risk": "MEDIUM_RISK"},
            ])
        );
    }

    #[test]
    fn security_at_rest_risk_rules() {
        let lens = to_value();
        let security = lens["pillars"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "security")
            .unwrap();
        let sec4 = security["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == "ANALYTICS_SEC_4")
            .unwrap();
        let risk_rules = sec4["riskRules"].as_array().unwrap();
        assert_eq!(risk_rules.len(), 3);
        assert_eq!(risk_rules[1]["risk"], "MEDIUM_RISK");
        assert!(
            risk_rules[1]["condition"]
                .as_str()
                .unwrap()
                .starts_with("LK_S3_001 && LK_S3_003")
        );
        assert_eq!(
            risk_rules[2],
            json!({"condition": "default", "risk": "HIGH_RISK"})
        );
    }
}
