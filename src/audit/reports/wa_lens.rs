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

fn choice(rule: &Rule) -> Value {
    json!({
        "id": lens_id(rule.id),
        "title": rule.title,
        "helpfulResource": { "displayText": format!("{} {}: {}", rule.id, rule.name, rule.rationale) },
        "improvementPlan": { "displayText": rule.remediation },
    })
}

fn reviewer_choice(practice: &Practice) -> Value {
    json!({
        "id": lens_id(practice.id),
        "title": practice.title,
        "helpfulResource": { "displayText": format!("{}, answered by a reviewer (no lakectl rule checks it). Evidence: {}", practice.id, practice.evidence) },
        "improvementPlan": { "displayText": format!("Put in place and record: {}", practice.evidence) },
    })
}

fn all_of(ids: impl IntoIterator<Item = String>) -> String {
    ids.into_iter().collect::<Vec<_>>().join(" && ")
}

fn risk_rules(rules: &[&Rule], practices: &[&Practice]) -> Value {
    let counted: Vec<&Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.severity > Severity::Info)
        .collect();
    let severe: Vec<&Rule> = counted
        .iter()
        .copied()
        .filter(|r| r.severity >= Severity::High)
        .collect();
    let ids = |rules: &[&Rule]| rules.iter().map(|r| lens_id(r.id)).collect::<Vec<_>>();
    let everything: Vec<String> = ids(&counted)
        .into_iter()
        .chain(practices.iter().map(|p| lens_id(p.id)))
        .collect();
    let mut risk_rules = Vec::new();
    if !everything.is_empty() {
        risk_rules.push(json!({ "condition": all_of(everything.clone()), "risk": "NO_RISK" }));
    }
    if !severe.is_empty() && severe.len() < everything.len() {
        risk_rules.push(json!({ "condition": all_of(ids(&severe)), "risk": "MEDIUM_RISK" }));
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
                    let practices: Vec<&Practice> = c.reviewer_practices().collect();
                    let mut choices: Vec<Value> = c.rules.iter().map(|r| choice(r)).collect();
                    choices.extend(practices.iter().map(|p| reviewer_choice(p)));
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
                        "riskRules": risk_rules(&c.rules, &practices),
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
        let (mut rules_seen, mut reviewer_seen, mut questions_seen) = (0, 0, 0);
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
                    if cid.starts_with("LK_") {
                        rules_seen += 1;
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
        let mappings: usize = RULES.iter().map(|r| r.lens.len()).sum();
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
