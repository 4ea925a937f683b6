//! LK-IAM-002: role policies name their resources where the actions allow it.

use crate::audit::Resource;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
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
    check,
};

fn check(model: &Model, out: &mut Results) {
    for role in &model.roles {
        let resource = Resource::role(&model.lake, role);
        let Some(policy) = out.known(&resource, "inline policy", &role.policy) else {
            continue;
        };
        let labels: Vec<String> = policy
            .iter()
            .flat_map(|p| {
                policy_eval::wildcard_resource_grants(p)
                    .into_iter()
                    .map(move |s| policy_eval::statement_label(p, s))
            })
            .collect();
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
    use crate::model::Prop;
    use crate::model::policy::Statement;

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
}
