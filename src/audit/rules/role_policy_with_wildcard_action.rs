//! LK-IAM-001: role policies name their actions.

use crate::audit::Resource;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

/// Managed policies that grant (nearly) every action.
const BROAD_MANAGED_POLICIES: &[&str] = &["AdministratorAccess", "PowerUserAccess"];

pub static RULE: Rule = Rule {
    id: "LK-IAM-001",
    name: "role-policy-with-wildcard-action",
    title: "Lake roles grant named actions, not `*`, `service:*` or NotAction",
    severity: Severity::Medium,
    service: Service::Iam,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "A wildcard action grants everything the service offers today and everything it adds later: `s3:*` includes deleting buckets and rewriting their policies, `kms:*` includes scheduling key deletion. Least privilege names the actions the role's purpose needs.",
    remediation: "Replace the wildcard with the actions the role uses. Roles lakectl creates get their actions from `roles[].purpose`, `reads`, `writes` and `workgroups`; redeploy to restore them.",
    blueprint_field: Some("roles[].purpose"),
    scopes: Scopes {
        static_: "The lake's roles grant named actions.",
        blueprint: "The deployed lake roles grant named actions.",
        account: "Every role's inline policies grant named actions.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for role in &model.roles {
        let resource = Resource::role(&model.lake, role);
        let Some(policy) = out.known(&resource, "inline policy", &role.policy) else {
            continue;
        };
        let Some(others) = out.known(&resource, "other inline policies", &role.other_policies)
        else {
            continue;
        };
        let Some(managed) = out.known(&resource, "attached policies", &role.managed_policies)
        else {
            continue;
        };
        let mut problems = policy_eval::inline_grant_labels(
            policy.as_ref(),
            others,
            policy_eval::wildcard_action_grants,
        );
        problems.extend(
            managed
                .iter()
                .filter(|arn| {
                    BROAD_MANAGED_POLICIES
                        .iter()
                        .any(|name| arn.ends_with(&format!(":policy/{name}")))
                })
                .map(|arn| format!("attached policy `{arn}`")),
        );
        out.check(resource, problems.is_empty(), || {
            format!("{} grants wildcard actions", problems.join(", "))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::policy::Statement;
    use crate::model::{NamedPolicy, PolicyDocument, Prop};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let Prop::Known(Some(policy)) = &mut model.roles[0].policy else {
            unreachable!()
        };
        policy.statements.push(Statement::allow(
            "All",
            &["s3:*"],
            vec!["arn:aws:s3:::b".into()],
        ));
        model.roles[0].managed_policies =
            Prop::Known(vec!["arn:aws:iam::aws:policy/AdministratorAccess".into()]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "ingest",
                "statement `All`, attached policy `arn:aws:iam::aws:policy/AdministratorAccess` grants wildcard actions"
            )]
        );
        model.roles[0].policy = unknown_prop("iam:GetRolePolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "ingest",
                "inline policy: AccessDenied on iam:GetRolePolicy"
            )]
        );
    }

    #[test]
    fn other_inline_policies_are_checked_and_named() {
        let mut model = compliant_model();
        let named = Statement::allow("Read", &["s3:GetObject"], vec!["arn:aws:s3:::b/*".into()]);
        let mut anonymous = Statement::allow("x", &["*"], vec!["*".into()]);
        anonymous.sid = None;
        model.roles[0].other_policies = Prop::Known(vec![NamedPolicy {
            name: "extra".into(),
            document: PolicyDocument::new(vec![named.clone()]),
        }]);
        assert_eq!(problems(&RULE, &model), vec![], "named actions pass");
        model.roles[0].other_policies = Prop::Known(vec![NamedPolicy {
            name: "extra".into(),
            document: PolicyDocument::new(vec![named, anonymous]),
        }]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "ingest",
                "statement #2 of inline policy `extra` grants wildcard actions"
            )]
        );
        model.roles[0].other_policies = unknown_prop("iam:ListRolePolicies");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "ingest",
                "other inline policies: AccessDenied on iam:ListRolePolicies"
            )]
        );
    }
}
