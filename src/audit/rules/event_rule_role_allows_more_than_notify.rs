//! LK-EVB-001: the role an EventBridge rule assumes to start a workflow may only notify it.

use crate::audit::Resource;
use crate::audit::policy_eval::statement_label;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::policies::NOTIFY_EVENT;
use crate::model::policy::Effect;
use crate::model::{EventRule, Model, PolicyDocument, Role};

pub static RULE: Rule = Rule {
    id: "LK-EVB-001",
    name: "event-rule-role-allows-more-than-notify",
    title: "A rule that starts a workflow assumes a role that may only notify that workflow",
    severity: Severity::Medium,
    service: Service::EventBridge,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "EventBridge assumes the target's role for every matching event. A role that can do more than `glue:notifyEvent` on the rule's workflow lets anyone who can put a matching object (or edit the rule) act with those extra permissions; a target without a role cannot start the workflow at all.",
    remediation: "Give the target a role whose only permission is `glue:notifyEvent` on the workflow it names. lakectl derives that role for `workflows[].start_on`; redeploy to restore it.",
    blueprint_field: Some("workflows[].start_on"),
    scopes: Scopes {
        static_: "The lake's rules that start workflows assume notify-only roles.",
        blueprint: "The deployed rules' targets and roles are checked the same way.",
        account: "Rules are read for a lake's workflows only; the account scope has none.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for rule in &model.event_rules {
        let resource = Resource::event_rule(&model.lake, rule);
        if let Some(problems) = rule_problems(model, out, &resource, rule) {
            out.check(resource, problems.is_empty(), || {
                format!("{} (rule {})", problems.join("; "), rule.name)
            });
        }
    }
}

/// What is wrong with the rule's workflow targets; `None` once an unknown was recorded.
fn rule_problems(
    model: &Model,
    out: &mut Results,
    resource: &Resource,
    rule: &EventRule,
) -> Option<Vec<String>> {
    let targets = out.known(resource, "targets", &rule.targets)?;
    let mut problems = Vec::new();
    for target in targets.iter().filter(|t| is_workflow(&t.arn)) {
        let Some(role_arn) = &target.role_arn else {
            problems.push(format!("target `{}` has no role", target.id));
            continue;
        };
        let Some(role) = lake_role(model, role_arn) else {
            let reason = format!(
                "role `{role_arn}` of target `{}` is not a role the audit read",
                target.id
            );
            out.unknown(resource.clone(), reason);
            return None;
        };
        problems.extend(grants_beyond_notify(out, resource, role, &target.arn)?);
    }
    Some(problems)
}

fn is_workflow(arn: &str) -> bool {
    arn.contains(":glue:") && arn.contains(":workflow/")
}

fn lake_role<'m>(model: &'m Model, arn: &str) -> Option<&'m Role> {
    model.roles.iter().find(|r| r.arn(&model.lake) == arn)
}

/// What the role grants besides `glue:notifyEvent` on `workflow`; `None` when a policy could
/// not be read (reported as unknown).
fn grants_beyond_notify(
    out: &mut Results,
    resource: &Resource,
    role: &Role,
    workflow: &str,
) -> Option<Vec<String>> {
    let policy = out.known(resource, "role policy", &role.policy)?;
    let others = out.known(resource, "other inline policies", &role.other_policies)?;
    let managed = out.known(resource, "attached policies", &role.managed_policies)?;
    let mut extra: Vec<String> = (policy.iter())
        .flat_map(|p| beyond_notify(p, workflow, "the role's policy"))
        .collect();
    for named in others {
        let name = format!("inline policy `{}`", named.name);
        extra.extend(beyond_notify(&named.document, workflow, &name));
    }
    extra.extend(
        managed
            .iter()
            .map(|arn| format!("role {} attaches `{arn}`", role.name)),
    );
    Some(extra)
}

/// Allow statements of `policy` that grant another action, another resource or any
/// `NotAction`/`NotResource`.
fn beyond_notify(policy: &PolicyDocument, workflow: &str, name: &str) -> Vec<String> {
    (policy.statements.iter())
        .filter(|s| s.effect == Effect::Allow)
        .filter(|s| {
            !s.not_action.is_empty()
                || !s.not_resource.is_empty()
                || s.action
                    .iter()
                    .any(|a| !a.eq_ignore_ascii_case(NOTIFY_EVENT))
                || s.resource.iter().any(|r| r != workflow)
        })
        .map(|s| {
            format!(
                "{} of {name} grants more than {NOTIFY_EVENT} on the workflow",
                statement_label(policy, s)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::policy::Statement;
    use crate::model::{Prop, RuleTarget};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model), vec![], "no rule, nothing to check");
        with_event_rule(&mut model);
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);

        let role = model
            .roles
            .iter_mut()
            .find(|r| r.id == "pos-events")
            .unwrap();
        let Prop::Known(Some(policy)) = &mut role.policy else {
            unreachable!()
        };
        policy.statements.push(Statement::allow(
            "StartJobs",
            &["glue:StartJobRun"],
            vec!["*".into()],
        ));
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "retail-prod-pos-start",
                "statement `StartJobs` of the role's policy grants more than glue:notifyEvent on the workflow (rule retail-prod-pos-start)"
            )]
        );

        let role = model
            .roles
            .iter_mut()
            .find(|r| r.id == "pos-events")
            .unwrap();
        role.policy = unknown_prop("iam:GetRolePolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "retail-prod-pos-start",
                "role policy: AccessDenied on iam:GetRolePolicy"
            )]
        );
    }

    #[test]
    fn a_workflow_target_without_a_role_fails() {
        let mut model = compliant_model();
        with_event_rule(&mut model);
        let Prop::Known(targets) = &mut model.event_rules[0].targets else {
            unreachable!()
        };
        targets[0] = RuleTarget {
            role_arn: None,
            ..targets[0].clone()
        };
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "retail-prod-pos-start",
                "target `workflow` has no role (rule retail-prod-pos-start)"
            )]
        );
    }
}
