//! Lake Formation: administrators, no IAM_ALLOWED_PRINCIPALS defaults, the zone buckets
//! registered, and the grants the blueprint lists plus those its crawlers need.

use std::collections::BTreeSet;

use super::Compiler;
use crate::blueprint::Permission;
use crate::model::*;

impl Compiler<'_> {
    pub(super) fn lake_formation(&self, buckets: &[Bucket]) -> LakeFormation {
        let lf = &self.bp.lake_formation;
        let mut grants: Vec<LfGrant> = lf
            .grants
            .iter()
            .map(|g| LfGrant {
                principal: self.principal_arn(&g.principal),
                database: g.database.clone(),
                table: g.table.clone(),
                columns: g.columns.clone(),
                permissions: permission_names(&g.permissions),
            })
            .collect();
        // A crawler can only create and update tables Lake Formation lets it.
        for crawler in &self.bp.catalog.crawlers {
            grants.push(LfGrant {
                principal: self.role_arn(&crawler.role),
                database: crawler.database.clone(),
                table: None,
                columns: Vec::new(),
                permissions: permission_names(&[
                    Permission::Alter,
                    Permission::CreateTable,
                    Permission::Describe,
                ]),
            });
        }
        grants.sort();
        grants.dedup();
        LakeFormation {
            admins: Prop::Known(lf.admins.iter().map(|a| self.principal_arn(a)).collect()),
            create_database_default: Prop::Known(Vec::new()),
            create_table_default: Prop::Known(Vec::new()),
            registered_locations: Prop::Known(
                buckets
                    .iter()
                    .filter(|b| b.zone().is_some())
                    .map(|b| b.arn(&self.lake.partition))
                    .collect(),
            ),
            hybrid_locations: Prop::Known(Vec::new()),
            grants: Prop::Known(grants),
            tags: Prop::Known(self.lf_tag_definitions()),
            tag_assignments: Prop::Known(self.lf_tag_assignments()),
            tag_grants: Prop::Known(self.lf_tag_grants()),
            data_cells_filters: Prop::Known(self.cells_filters()),
            filter_grants: Prop::Known(self.filter_grants()),
        }
    }
}

mod tbac;

/// Sorted, distinct Lake Formation names of the permissions, e.g. `CREATE_TABLE`.
pub(super) fn permission_names(permissions: &[Permission]) -> Vec<String> {
    let names: BTreeSet<&str> = permissions.iter().map(|p| p.name()).collect();
    names.into_iter().map(str::to_string).collect()
}
