//! LK-IAM-003: role trust policies name who may assume the role.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;
use crate::model::policy::{Effect, Principal, Statement};

pub static RULE: Rule = Rule {
    id: "LK-IAM-003",
    name: "role-trust-allows-any-principal",
    title: "Role trust policies name their principals: no `*`, no bare account root without a condition",
    severity: Severity::High,
    service: Service::Iam,
    lens: &[ids::SEC_AUTHENTICATE],
    rationale: "Whoever may assume a role holds all of its permissions. `*` lets any AWS account in; an account's root as principal lets every user and role of that account that has sts:AssumeRole in, which is rarely meant. Naming the roles or services (or conditioning the root on MFA, an organization or a source identity) keeps the lake's data behind known identities.",
    remediation: "Name the roles that may assume it in `roles[].assumed_by` (human roles of analysts and admins), or let lakectl's default trust apply: services for ingestion, crawler and etl roles (with `aws:SourceAccount`), and the account root with MFA required for analyst and admin roles.",
    blueprint_field: Some("roles[].assumed_by"),
    scopes: Scopes {
        static_: "The lake's roles trust named principals, or the account root only with a condition.",
        blueprint: "The deployed lake roles' trust policies are checked the same way.",
        account: "Every role's trust policy is checked the same way.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for role in &model.roles {
        let resource = Resource::role(&model.lake, role);
        let Some(trust) = out.known(&resource, "trust policy", &role.trust) else {
            continue;
        };
        let problems: Vec<String> = trust
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
            .flat_map(too_broad)
            .collect();
        out.check(resource, problems.is_empty(), || problems.join("; "));
    }
}

/// What is too broad about one allowing statement of a trust policy.
fn too_broad(statement: &Statement) -> Vec<String> {
    let Some(principal) = &statement.principal else {
        return Vec::new();
    };
    if principal.is_anyone() {
        return vec!["trusts any principal (`*`)".to_string()];
    }
    let Principal::Typed(map) = principal else {
        return Vec::new();
    };
    if !statement.condition.is_empty() {
        return Vec::new();
    }
    map.get("AWS")
        .into_iter()
        .flat_map(|values| values.iter())
        .filter(|p| is_account_root(p))
        .map(|p| format!("trusts the whole account `{p}` without a condition"))
        .collect()
}

/// `arn:<partition>:iam::<account>:root` or a bare 12-digit account id.
fn is_account_root(principal: &str) -> bool {
    let digits = |s: &str| s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit());
    if digits(principal) {
        return true;
    }
    let parts: Vec<&str> = principal.split(':').collect();
    matches!(parts.as_slice(), ["arn", _, "iam", "", account, "root"] if digits(account))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{PolicyDocument, Prop};

    fn trusting(principal: Principal) -> Statement {
        Statement::allow("Trust", &["sts:AssumeRole"], vec![]).principal(principal)
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let base = model.roles[0].clone();
        let with = |name: &str, statements: Vec<Statement>| {
            let mut role = base.clone();
            role.id = name.to_string();
            role.name = format!("retail-prod-{name}");
            role.trust = Prop::Known(PolicyDocument::new(statements));
            role
        };
        let root = "arn:aws:iam::111122223333:root".to_string();
        model.roles = vec![
            with(
                "service",
                vec![trusting(Principal::service("glue.amazonaws.com"))],
            ),
            with(
                "named",
                vec![trusting(Principal::aws(vec![
                    "arn:aws:iam::111122223333:role/Analysts".into(),
                ]))],
            ),
            with(
                "mfa",
                vec![trusting(Principal::aws(vec![root.clone()])).when(
                    "Bool",
                    "aws:MultiFactorAuthPresent",
                    &["true"],
                )],
            ),
            with("anyone", vec![trusting(Principal::any())]),
            with("root", vec![trusting(Principal::aws(vec![root.clone()]))]),
            with(
                "bare",
                vec![trusting(Principal::aws(vec!["111122223333".into()]))],
            ),
            with(
                "denied",
                vec![
                    Statement::deny("No", &["sts:AssumeRole"], vec![]).principal(Principal::any()),
                ],
            ),
            with("hidden", vec![]),
        ];
        model.roles[7].trust = unknown_prop("iam:GetRole");
        assert_eq!(
            outcomes(&RULE, &model),
            vec![
                ("service".to_string(), crate::audit::Outcome::Pass),
                ("named".to_string(), crate::audit::Outcome::Pass),
                ("mfa".to_string(), crate::audit::Outcome::Pass),
                fail("anyone", "trusts any principal (`*`)"),
                fail(
                    "root",
                    "trusts the whole account `arn:aws:iam::111122223333:root` without a condition"
                ),
                fail(
                    "bare",
                    "trusts the whole account `111122223333` without a condition"
                ),
                ("denied".to_string(), crate::audit::Outcome::Pass),
                unknown("hidden", "trust policy: AccessDenied on iam:GetRole"),
            ]
        );
    }
}
