//! Lake Formation: the IAM_ALLOWED_PRINCIPALS guardrail, administrators and grants.

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::types::*;
use crate::lens::ids;

impl Checker {
    pub(super) fn lake_formation(&mut self, blueprint: &Blueprint) {
        let at = FieldPath::root().key("lake_formation");
        let lf = &blueprint.lake_formation;
        if lf.iam_allowed_principals_default == Some(true) {
            self.guardrail(
                at.key("iam_allowed_principals_default"),
                "IAM_ALLOWED_PRINCIPALS default permissions are refused: they bypass Lake Formation grants",
                "remove the field; access is granted explicitly under `lake_formation.grants`",
                ids::SEC_AUTHORIZE,
            );
        }
        for (i, admin) in lf.admins.iter().enumerate() {
            self.principal(blueprint, at.key("admins").index(i), admin);
        }
        for (i, grant) in lf.grants.iter().enumerate() {
            let gat = at.key("grants").index(i);
            self.principal(blueprint, gat.key("principal"), &grant.principal);
            if grant.permissions.is_empty() {
                self.error(
                    gat.key("permissions"),
                    "a grant needs at least one permission",
                    Some("e.g. `[SELECT, DESCRIBE]`".to_string()),
                );
            }
            let table = grant.table.as_deref();
            let columns: [(&str, &[String]); 1] = [("columns", &grant.columns)];
            if !self.catalog_resource(blueprint, &gat, &grant.database, table, &columns) {
                continue;
            }
            match table {
                None => self.database_grant(&gat, grant),
                Some(_) => self.table_grant(&gat, grant),
            }
        }
    }

    /// A grant on a database: no columns, no data permissions.
    fn database_grant(&mut self, gat: &FieldPath, grant: &Grant) {
        if !grant.columns.is_empty() {
            self.error(
                gat.key("columns"),
                "column lists apply to table grants only",
                Some("add `table:` or remove `columns`".to_string()),
            );
        }
        for (p, permission) in grant.permissions.iter().enumerate() {
            if matches!(
                permission,
                Permission::Select | Permission::Insert | Permission::Delete
            ) {
                self.error(gat.key("permissions").index(p), format!("{permission:?} is a table permission"), Some("database grants take DESCRIBE, ALTER and CREATE_TABLE; name a `table:` for data access".to_string()));
            }
        }
    }

    /// A grant on a table (its database, table and columns exist): no CREATE_TABLE, SELECT
    /// only when limited to columns.
    fn table_grant(&mut self, gat: &FieldPath, grant: &Grant) {
        if let Some(p) = (grant.permissions.iter()).position(|p| *p == Permission::CreateTable) {
            self.error(
                gat.key("permissions").index(p),
                "CREATE_TABLE is a database permission",
                Some("grant it on the database (no `table:`)".to_string()),
            );
        }
        if !grant.columns.is_empty()
            && (grant.permissions.iter()).any(|p| !matches!(p, Permission::Select))
        {
            self.error(
                gat.key("permissions"),
                "column-limited grants take SELECT only",
                Some(
                    "split the grant: SELECT on the columns, other permissions on the table"
                        .to_string(),
                ),
            );
        }
    }
}
