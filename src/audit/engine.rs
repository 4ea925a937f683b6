//! Runs every rule over a model. The output order is deterministic whatever order the model
//! lists its resources in: registry order, then resource ARN.

use std::collections::BTreeSet;

use super::finding::Finding;
use super::policy::AuditPolicy;
use super::registry::RULES;
use super::rule::{Results, Rule};
use super::scope::Scope;
use crate::model::{Kind, Model};

/// Every rule's findings on a lake's model, desired or live (the rules judge both alike), under
/// the default policy.
pub fn run(model: &Model) -> Vec<Finding> {
    run_rules(RULES, model)
}

pub fn run_rules(rules: &[&'static Rule], model: &Model) -> Vec<Finding> {
    run_selected(rules, model, Scope::Static, &AuditPolicy::default())
}

/// The findings of the rules the policy selects, in `scope`, with its severity overrides.
pub fn run_in(model: &Model, scope: Scope, policy: &AuditPolicy) -> Vec<Finding> {
    run_selected(RULES, model, scope, policy)
}

/// A region audit with a lake in it: the lake's resources (read for its blueprint) are judged in
/// blueprint scope, by its zones, and every other resource of the region by the account
/// baseline. Account-level settings stay account findings, once.
pub fn run_region(region: &Model, lake: &Model, policy: &AuditPolicy) -> Vec<Finding> {
    let lake_findings: Vec<Finding> = run_selected(RULES, lake, Scope::Blueprint, policy)
        .into_iter()
        .filter(|f| f.resource.kind != Kind::Account)
        .collect();
    let of_lake: BTreeSet<&str> = lake_findings
        .iter()
        .map(|f| f.resource.arn.as_str())
        .collect();
    let mut findings: Vec<Finding> = run_selected(RULES, region, Scope::Account, policy)
        .into_iter()
        .filter(|f| !of_lake.contains(f.resource.arn.as_str()))
        .collect();
    findings.extend(lake_findings);
    sort(&mut findings);
    findings
}

/// The report order of findings gathered from several runs: registry order, then account,
/// region and ARN (what one run gives already).
pub fn sort(findings: &mut [Finding]) {
    let order = |f: &Finding| RULES.iter().position(|r| r.id == f.rule.id);
    let key = |f: &Finding| {
        let r = &f.resource;
        (order(f), r.account.clone(), r.region.clone(), r.arn.clone())
    };
    findings.sort_by_cached_key(key);
}

fn run_selected(
    rules: &[&'static Rule],
    model: &Model,
    scope: Scope,
    policy: &AuditPolicy,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut results = Results::new(scope, policy.clone());
    for &rule in rules {
        let severity = policy.severity(rule);
        if !policy.selection.runs(rule, severity) {
            continue;
        }
        (rule.check)(model, &mut results);
        let start = findings.len();
        findings.extend(results.items.drain(..).map(|(resource, outcome)| {
            let mut finding = Finding::new(rule, resource, outcome);
            finding.severity = severity;
            finding
        }));
        findings[start..].sort_by(|a, b| a.resource.arn.cmp(&b.resource.arn));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::finding::Status;
    use crate::audit::testing::compliant_model;

    #[test]
    fn the_compliant_fixture_has_no_failure_or_unknown() {
        let findings = run(&compliant_model());
        let open: Vec<_> = findings
            .iter()
            .filter(|f| matches!(f.status, Status::Fail | Status::Unknown))
            .map(|f| (f.rule.id, f.resource.arn.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(open, vec![]);
        assert!(findings.iter().any(|f| f.status == Status::Pass));
    }

    #[test]
    fn order_does_not_depend_on_model_order() {
        let model = compliant_model();
        let mut reversed = model.clone();
        reversed.buckets.reverse();
        reversed.keys.reverse();
        let ids = |m: &Model| -> Vec<(&'static str, String)> {
            run(m)
                .into_iter()
                .map(|f| (f.rule.id, f.resource.arn))
                .collect()
        };
        assert_eq!(ids(&model), ids(&reversed));
    }
}

/// The reference blueprints are the examples users copy: their static audit must be clean.
#[cfg(test)]
mod reference_blueprints {
    use super::*;
    use crate::audit::finding::Status;
    use crate::audit::rule::Severity;
    use crate::compile::{CompileOptions, compile};

    #[test]
    fn every_reference_blueprint_passes_with_nothing_above_low() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("blueprints/ exists")
            .map(|e| e.expect("readable entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        assert!(
            !paths.is_empty(),
            "no reference blueprints in {}",
            dir.display()
        );
        let mut problems = Vec::new();
        for path in &paths {
            let (blueprint, _) = crate::load::file(path, None)
                .unwrap_or_else(|d| panic!("{} does not load:\n{d}", path.display()));
            let model = compile(&blueprint, &CompileOptions::default());
            for f in run(&model) {
                let bad = match f.status {
                    Status::Fail => f.severity() > Severity::Low,
                    Status::Unknown => true,
                    Status::Pass | Status::NotApplicable => false,
                };
                if bad {
                    problems.push(format!(
                        "{}: {} {} {}: {}",
                        path.file_name().unwrap().to_string_lossy(),
                        f.rule.id,
                        f.severity(),
                        f.resource.arn,
                        f.message
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
