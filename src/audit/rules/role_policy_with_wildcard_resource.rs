//! LK-IAM-002: role policies name their resources where the actions allow it.

use crate::audit::Resource;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-IAM-002",
    name: "role-policy-with-wildcard-resource",
    title: "Lake roles grant on named resources, not `\"Resource\": \"*\"`, where the actions accept one",
    severity: Severity::Low,
    service: Service::Iam,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "`\"Resource\": \"*\"` extends a grant to every bucket, key, stream and table in the account, including ones created later and ones of other lakes. Some actions (e.g. `lakeformation:GetDataAccess`, `s3:ListAllMyBuckets`) only accept `*`; every other action should name the lake's resources.",
    remediation: "Replace `*` with the ARNs the role works on (zone bucket ARNs and `/*`, key ARNs, stream ARNs). Roles lakectl creates are scoped from `roles[].reads`, `writes` and `workgroups`; redeploy to restore them.",
    blueprint_field: Some("roles[].reads"),
    scopes: Scopes {
        static_: "The lake's roles grant on named resources.",
        blueprint: "The deployed lake roles grant on named resources.",
        account: "Every role's inline policies grant on named resources where the actions accept one.",
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
        let labels = policy_eval::inline_grant_labels(
            policy.as_ref(),
            others,
            policy_eval::wildcard_resource_grants,
        );
        out.check(resource, labels.is_empty(), || {
            format!(
                "{} grants on every resource where a narrower one exists",
                labels.join(", ")
            )
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
        assert_eq!(
            problems(&RULE, &model),
            vec![],
            "GetDataAccess on * is allowed"
        );
        let Prop::Known(Some(policy)) = &mut model.roles[0].policy else {
            unreachable!()
        };
        policy.statements.push(Statement::allow(
            "Read",
            &["s3:GetObject"],
            vec!["*".into()],
        ));
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "ingest",
                "statement `Read` grants on every resource where a narrower one exists"
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
        let extra = |statements| {
            Prop::Known(vec![NamedPolicy {
                name: "extra".into(),
                document: PolicyDocument::new(statements),
            }])
        };
        model.roles[0].other_policies = extra(vec![Statement::allow(
            "List",
            &["s3:ListAllMyBuckets"],
            vec!["*".into()],
        )]);
        assert_eq!(
            problems(&RULE, &model),
            vec![],
            "ListAllMyBuckets on * is allowed"
        );
        model.roles[0].other_policies = extra(vec![Statement::allow(
            "Delete",
            &["s3:DeleteObject"],
            vec!["*".into()],
        )]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "ingest",
                "statement `Delete` of inline policy `extra` grants on every resource where a narrower one exists"
            )]
        );
        model.roles[0].other_policies = unknown_prop("iam:GetRolePolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "ingest",
                "other inline policies: AccessDenied on iam:GetRolePolicy"
            )]
        );
    }
}
