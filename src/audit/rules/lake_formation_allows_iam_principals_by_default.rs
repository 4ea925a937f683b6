//! LK-LF-001: Lake Formation does not default new databases and tables to IAM_ALLOWED_PRINCIPALS.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{IAM_ALLOWED_PRINCIPALS, Model};

pub static RULE: Rule = Rule {
    id: "LK-LF-001",
    name: "lake-formation-allows-iam-principals-by-default",
    title: "Lake Formation's default permissions for new databases and tables do not include IAM_ALLOWED_PRINCIPALS",
    severity: Severity::High,
    service: Service::LakeFormation,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "IAM_ALLOWED_PRINCIPALS is the legacy open default: it gives every IAM principal with Glue and S3 permissions access to new databases and tables, so Lake Formation grants (column limits, tenants) decide nothing. Turning it off makes Lake Formation the authority for catalog access.",
    remediation: "Clear `CreateDatabaseDefaultPermissions` and `CreateTableDefaultPermissions` in the Lake Formation data lake settings and revoke IAM_ALLOWED_PRINCIPALS from existing databases, or redeploy with `lakectl deploy`. The blueprint cannot keep it (`lake_formation.iam_allowed_principals_default` accepts only `false`).",
    blueprint_field: Some("lake_formation.iam_allowed_principals_default"),
    scopes: Scopes {
        static_: "The blueprint's Lake Formation settings drop IAM_ALLOWED_PRINCIPALS from the defaults.",
        blueprint: "The region's data lake settings drop IAM_ALLOWED_PRINCIPALS from the defaults.",
        account: "The region's data lake settings drop IAM_ALLOWED_PRINCIPALS from the default database and table permissions: one finding for the catalog.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let lf = &model.lake_formation;
    let resource = Resource::lake_formation(&model.lake);
    let Some(databases) = out.known(
        &resource,
        "database default permissions",
        &lf.create_database_default,
    ) else {
        return;
    };
    let Some(tables) = out.known(
        &resource,
        "table default permissions",
        &lf.create_table_default,
    ) else {
        return;
    };
    let open: Vec<&str> = [("databases", databases), ("tables", tables)]
        .into_iter()
        .filter(|(_, principals)| principals.iter().any(|p| p == IAM_ALLOWED_PRINCIPALS))
        .map(|(what, _)| what)
        .collect();
    out.check(resource, open.is_empty(), || {
        format!(
            "new {} default to {IAM_ALLOWED_PRINCIPALS}",
            open.join(" and ")
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let name = "lake_formation";
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.lake_formation.create_database_default =
            Prop::Known(vec![IAM_ALLOWED_PRINCIPALS.into()]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "new databases default to IAM_ALLOWED_PRINCIPALS"
            )]
        );
        model.lake_formation.create_table_default =
            Prop::Known(vec![IAM_ALLOWED_PRINCIPALS.into()]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "new databases and tables default to IAM_ALLOWED_PRINCIPALS"
            )]
        );
        model.lake_formation.create_table_default =
            unknown_prop("lakeformation:GetDataLakeSettings");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "table default permissions: AccessDenied on lakeformation:GetDataLakeSettings"
            )]
        );
    }
}
