//! Data cells filters: named per table, on existing columns, included or excluded columns but
//! not both, granted to blueprint roles or IAM principals.

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::names;
use crate::blueprint::types::*;

impl Checker {
    pub(super) fn cell_filters(&mut self, blueprint: &Blueprint) {
        let fat = FieldPath::root()
            .key("lake_formation")
            .key("data_cells_filters");
        let filters = &blueprint.lake_formation.data_cells_filters;
        for (i, filter) in filters.iter().enumerate() {
            let at = fat.index(i);
            let name = names::cells_filter(&filter.name);
            self.name(at.key("name"), "data cells filter name", &filter.name, name);
            if (filter.row_filter.as_deref()).is_some_and(|r| r.trim().is_empty()) {
                let help = "e.g. `region = 'emea'`; remove the field to keep every row";
                self.error(
                    at.key("row_filter"),
                    "the row filter is empty",
                    help.to_string(),
                );
            }
            let columns: [(&str, &[String]); 2] = [
                ("included_columns", &filter.included_columns),
                ("excluded_columns", &filter.excluded_columns),
            ];
            let table = Some(filter.table.as_str());
            self.catalog_resource(blueprint, &at, &filter.database, table, &columns);
            if !filter.included_columns.is_empty() && !filter.excluded_columns.is_empty() {
                self.error(
                    at.key("excluded_columns"),
                    "a filter either includes or excludes columns, not both",
                    "keep one of the two lists".to_string(),
                );
            }
            for (g, grantee) in filter.grantees.iter().enumerate() {
                self.principal(blueprint, at.key("grantees").index(g), grantee);
            }
        }
        // A filter is named within its table.
        let qualified: Vec<(FieldPath, String)> = (filters.iter().enumerate())
            .map(|(i, f)| {
                let name = format!("{}.{}.{}", f.database, f.table, f.name);
                (fat.index(i).key("name"), name)
            })
            .collect();
        let names = qualified.iter().map(|(p, n)| (p.clone(), n.as_str()));
        self.unique("data cells filter", names);
    }
}
