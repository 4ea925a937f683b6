//! LF-tags, their assignments, tag-expression grants and data cells filters: sorted and
//! deduplicated, so the desired model compares with the live one as sets.

use std::collections::BTreeSet;

use super::super::Compiler;
use super::permission_names;
use crate::blueprint::{Permission, TagGrantResource};
use crate::model::lf::sorted_set;
use crate::model::*;

impl Compiler<'_> {
    pub(super) fn lf_tag_definitions(&self) -> Vec<LfTag> {
        let mut tags: Vec<LfTag> = (self.bp.lake_formation.tags.iter())
            .map(|t| LfTag {
                key: t.key.clone(),
                values: sorted_set(t.values.iter().cloned()),
            })
            .collect();
        tags.sort();
        tags
    }

    /// One assignment per resource and key; a column list becomes one resource per column.
    pub(super) fn lf_tag_assignments(&self) -> Vec<LfTagAssignment> {
        let mut out = BTreeSet::new();
        for a in &self.bp.lake_formation.tag_assignments {
            let columns: Vec<Option<String>> = match (&a.table, a.columns.is_empty()) {
                (Some(_), false) => a.columns.iter().cloned().map(Some).collect(),
                _ => vec![None],
            };
            for column in columns {
                let resource = LfTagResource {
                    database: a.database.clone(),
                    table: a.table.clone(),
                    column,
                };
                for (key, value) in &a.tags {
                    out.insert(LfTagAssignment {
                        resource: resource.clone(),
                        key: key.clone(),
                        value: value.clone(),
                    });
                }
            }
        }
        out.into_iter().collect()
    }

    pub(super) fn lf_tag_grants(&self) -> Vec<LfTagGrant> {
        let grants = (self.bp.lake_formation.tag_grants.iter()).map(|g| LfTagGrant {
            principal: self.principal_arn(&g.principal),
            resource_type: match g.resource {
                TagGrantResource::Database => LfTagResourceType::Database,
                TagGrantResource::Table => LfTagResourceType::Table,
            },
            expression: (g.expression.iter())
                .map(|(key, values)| LfTagCondition {
                    key: key.clone(),
                    values: sorted_set(values.iter().cloned()),
                })
                .collect(),
            permissions: permission_names(&g.permissions),
            grantable: Vec::new(),
        });
        sorted_set(grants)
    }

    pub(super) fn cells_filters(&self) -> Vec<DataCellsFilter> {
        let filters = (self.bp.lake_formation.data_cells_filters.iter()).map(|f| {
            let columns = match (f.included_columns.is_empty(), f.excluded_columns.is_empty()) {
                (false, _) => {
                    FilterColumns::Included(sorted_set(f.included_columns.iter().cloned()))
                }
                (true, false) => {
                    FilterColumns::Excluded(sorted_set(f.excluded_columns.iter().cloned()))
                }
                (true, true) => FilterColumns::All,
            };
            DataCellsFilter {
                database: f.database.clone(),
                table: f.table.clone(),
                name: f.name.clone(),
                row_filter: f.row_filter.clone(),
                columns,
            }
        });
        sorted_set(filters)
    }

    /// SELECT through each filter for each of its grantees.
    pub(super) fn filter_grants(&self) -> Vec<LfFilterGrant> {
        let filters = self.bp.lake_formation.data_cells_filters.iter();
        let grants = filters.flat_map(|f| {
            f.grantees.iter().map(|p| LfFilterGrant {
                principal: self.principal_arn(p),
                database: f.database.clone(),
                table: f.table.clone(),
                filter: f.name.clone(),
                permissions: permission_names(&[Permission::Select]),
            })
        });
        sorted_set(grants)
    }
}
