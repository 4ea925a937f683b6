//! LK-LF-002: grants by LF-tag expression give neither ALL nor a grant option.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-LF-002",
    name: "tag-grant-allows-all-or-grant-option",
    title: "Grants by LF-tag expression give neither ALL (SUPER) nor a grant option",
    severity: Severity::High,
    service: Service::LakeFormation,
    lens: &[ids::SEC_AUTHORIZE, ids::SEC_SENSITIVE],
    rationale: "A tag-expression grant reaches every database or table that carries the tags, including those created later. ALL (SUPER in the console) on such a grant lets the principal drop and alter all of them and change their permissions; a grant option lets it hand the access on to anyone. Either turns one tag into an account-wide administrator.",
    remediation: "Grant the named permissions the principal needs (SELECT, DESCRIBE) without grant option, and revoke the broad grant in Lake Formation. Blueprint tag grants (`lake_formation.tag_grants`) cannot express ALL or a grant option.",
    blueprint_field: Some("lake_formation.tag_grants"),
    scopes: Scopes {
        static_: "The blueprint's tag-expression grants give neither ALL nor a grant option.",
        blueprint: "The region's tag-expression grants give neither ALL nor a grant option.",
        account: "The region's tag-expression grants give neither ALL nor a grant option: one finding for the catalog.",
    },
    check,
};

const BROAD: &[&str] = &["ALL", "SUPER"];

fn check(model: &Model, out: &mut Results) {
    let resource = Resource::lake_formation(&model.lake);
    let lf = &model.lake_formation;
    let Some(grants) = out.known(&resource, "LF-tag grants", &lf.tag_grants) else {
        return;
    };
    let broad: Vec<String> = (grants.iter())
        .filter(|g| {
            !g.grantable.is_empty() || g.permissions.iter().any(|p| BROAD.contains(&p.as_str()))
        })
        .map(|g| {
            let clauses: Vec<String> = (g.expression.iter())
                .map(|c| format!("{}={}", c.key, c.values.join("|")))
                .collect();
            let mut what = g.permissions.join(",");
            if !g.grantable.is_empty() {
                what.push_str(&format!(" (grantable {})", g.grantable.join(",")));
            }
            format!("{what} to {} on {}", g.principal, clauses.join(" "))
        })
        .collect();
    out.check(resource, broad.is_empty(), || {
        format!("tag-expression grants too broad: {}", broad.join("; "))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{LfTagCondition, LfTagGrant, LfTagResourceType, Prop};

    fn grant(permissions: &[&str], grantable: &[&str]) -> LfTagGrant {
        LfTagGrant {
            principal: "arn:aws:iam::1:role/analyst".into(),
            resource_type: LfTagResourceType::Table,
            expression: vec![LfTagCondition {
                key: "domain".into(),
                values: vec!["sales".into()],
            }],
            permissions: permissions.iter().map(|p| p.to_string()).collect(),
            grantable: grantable.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let name = "lake_formation";
        model.lake_formation.tag_grants = Prop::Known(vec![grant(&["DESCRIBE", "SELECT"], &[])]);
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.lake_formation.tag_grants = Prop::Known(vec![grant(&["ALL"], &[])]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "tag-expression grants too broad: ALL to arn:aws:iam::1:role/analyst on domain=sales"
            )]
        );
        model.lake_formation.tag_grants = Prop::Known(vec![grant(&["SELECT"], &["SELECT"])]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "tag-expression grants too broad: SELECT (grantable SELECT) to arn:aws:iam::1:role/analyst on domain=sales"
            )]
        );
        model.lake_formation.tag_grants = unknown_prop("lakeformation:ListPermissions");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "LF-tag grants: AccessDenied on lakeformation:ListPermissions"
            )]
        );
    }
}
