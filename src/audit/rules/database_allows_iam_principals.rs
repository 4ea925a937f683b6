//! LK-LF-004: no database gives IAM_ALLOWED_PRINCIPALS its new tables or holds a grant to it.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Database, IAM_ALLOWED_PRINCIPALS, LfGrant, Model};

pub static RULE: Rule = Rule {
    id: "LK-LF-004",
    name: "database-allows-iam-principals",
    title: "Databases neither default new tables to IAM_ALLOWED_PRINCIPALS nor grant it anything on themselves or their tables",
    severity: Severity::High,
    service: Service::LakeFormation,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "Turning off Lake Formation's account defaults (LK-LF-001) changes only what later databases get. A database created while they were on keeps `CreateTableDefaultPermissions: IAM_ALLOWED_PRINCIPALS`, so every table a crawler or job adds to it later is open again, and the IAM_ALLOWED_PRINCIPALS grants already made on its tables stay. Any IAM principal with Glue and S3 permissions then reads those tables, and no Lake Formation grant, column limit or tenant filter applies.",
    remediation: "UpdateDatabase with `CreateTableDefaultPermissions: []` and RevokePermissions of IAM_ALLOWED_PRINCIPALS on the database and its tables, after granting the lake's roles what they need; `lakectl deploy` does both for the lake's databases, and writes them with no table defaults.",
    blueprint_field: Some("catalog.databases"),
    scopes: Scopes {
        static_: "The blueprint's databases give new tables no default permissions and its grants never name IAM_ALLOWED_PRINCIPALS.",
        blueprint: "The lake's databases give new tables no IAM_ALLOWED_PRINCIPALS default and hold no IAM_ALLOWED_PRINCIPALS grant, on themselves or their tables.",
        account: "Every database of the region: one finding a database, naming its defaults and the grants on it and its tables.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let lf = Resource::lake_formation(&model.lake);
    let Some(grants) = out.known(&lf, "Lake Formation grants", &model.lake_formation.grants) else {
        return;
    };
    for database in &model.catalog.databases {
        let resource = Resource::database(&model.lake, &database.name);
        let Some(defaults) = out.known(
            &resource,
            "table default permissions",
            &database.table_defaults,
        ) else {
            continue;
        };
        let open = openings(database, defaults, grants);
        out.check(resource, open.is_empty(), || open.join("; "));
    }
}

/// What the database opens to IAM_ALLOWED_PRINCIPALS, in a fixed order.
fn openings(database: &Database, defaults: &[String], grants: &[LfGrant]) -> Vec<String> {
    let mut open = Vec::new();
    if defaults.iter().any(|p| p == IAM_ALLOWED_PRINCIPALS) {
        open.push(format!(
            "new tables default to {IAM_ALLOWED_PRINCIPALS} (CreateTableDefaultPermissions)"
        ));
    }
    let granted = (grants.iter())
        .filter(|g| g.principal == IAM_ALLOWED_PRINCIPALS && g.database == database.name);
    for grant in granted {
        let on = match grant.table.as_deref() {
            None => "the database".to_string(),
            Some("*") => "every table".to_string(),
            Some(table) => format!("table {table}"),
        };
        open.push(format!(
            "{IAM_ALLOWED_PRINCIPALS} holds {} on {on}",
            grant.permissions.join(", ")
        ));
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    fn iam_allowed(table: Option<&str>, permissions: &[&str]) -> LfGrant {
        LfGrant {
            principal: IAM_ALLOWED_PRINCIPALS.into(),
            database: "retail_prod_curated".into(),
            table: table.map(str::to_string),
            columns: vec![],
            permissions: permissions.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn defaults_and_grants_to_iam_allowed_principals_fail_their_database() {
        let mut model = account_model();
        assert_eq!(
            outcomes_in(
                &RULE,
                &model,
                crate::audit::Scope::Account,
                Default::default()
            ),
            vec![pass("retail_prod_curated")]
        );
        model.catalog.databases[0].table_defaults =
            Prop::Known(vec![IAM_ALLOWED_PRINCIPALS.into()]);
        model.lake_formation.grants = Prop::Known(vec![
            iam_allowed(None, &["ALL"]),
            iam_allowed(Some("*"), &["SELECT"]),
            iam_allowed(Some("orders"), &["ALTER", "SELECT"]),
            LfGrant {
                database: "other".into(),
                ..iam_allowed(None, &["ALL"])
            },
        ]);
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![fail(
                "retail_prod_curated",
                "new tables default to IAM_ALLOWED_PRINCIPALS (CreateTableDefaultPermissions); IAM_ALLOWED_PRINCIPALS holds ALL on the database; IAM_ALLOWED_PRINCIPALS holds SELECT on every table; IAM_ALLOWED_PRINCIPALS holds ALTER, SELECT on table orders"
            )]
        );
    }

    #[test]
    fn unknown_grants_or_defaults_are_unknown() {
        let mut model = compliant_model();
        model.catalog.databases[0].table_defaults = unknown_prop("glue:GetDatabases");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "retail_prod_curated",
                "table default permissions: AccessDenied on glue:GetDatabases"
            )]
        );
        model.lake_formation.grants = unknown_prop("lakeformation:ListPermissions");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "lake_formation",
                "Lake Formation grants: AccessDenied on lakeformation:ListPermissions"
            )]
        );
    }
}
