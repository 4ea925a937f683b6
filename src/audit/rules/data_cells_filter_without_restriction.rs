//! LK-LF-003: every data cells filter leaves out some rows or some columns.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{ALL_ROWS, FilterColumns, Model};

pub static RULE: Rule = Rule {
    id: "LK-LF-003",
    name: "data-cells-filter-without-restriction",
    title: "Data cells filters leave out some rows or some columns",
    severity: Severity::Medium,
    service: Service::LakeFormation,
    lens: &[ids::SEC_SENSITIVE],
    rationale: "A data cells filter exists to hide the rows and columns a principal must not see. One that keeps every row (no row filter, or `TRUE`) and every column grants the whole table while looking restricted in reviews: the sensitive data it was meant to hide is exposed.",
    remediation: "Give the filter a row filter (`lake_formation.data_cells_filters[].row_filter`) or column limits (`included_columns` or `excluded_columns`), or grant the table itself if the principal may see all of it.",
    blueprint_field: Some("lake_formation.data_cells_filters"),
    scopes: Scopes {
        static_: "Each data cells filter of the blueprint restricts rows or columns.",
        blueprint: "Each data cells filter on the lake's tables restricts rows or columns.",
        account: "Each data cells filter in the region restricts rows or columns: one finding for the catalog.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let resource = Resource::lake_formation(&model.lake);
    let lf = &model.lake_formation;
    let Some(filters) = out.known(&resource, "data cells filters", &lf.data_cells_filters) else {
        return;
    };
    let open: Vec<String> = (filters.iter())
        .filter(|f| {
            let all_rows =
                (f.row_filter.as_deref()).is_none_or(|r| r.trim().eq_ignore_ascii_case(ALL_ROWS));
            let all_columns = match &f.columns {
                FilterColumns::All => true,
                FilterColumns::Excluded(c) => c.is_empty(),
                FilterColumns::Included(_) => false,
            };
            all_rows && all_columns
        })
        .map(|f| f.qualified_name())
        .collect();
    out.check(resource, open.is_empty(), || {
        format!("filters keep every row and column: {}", open.join(", "))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{DataCellsFilter, Prop};

    fn filter(row: Option<&str>, columns: FilterColumns) -> DataCellsFilter {
        DataCellsFilter {
            database: "db".into(),
            table: "sales".into(),
            name: "f".into(),
            row_filter: row.map(str::to_string),
            columns,
        }
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let name = "lake_formation";
        model.lake_formation.data_cells_filters = Prop::Known(vec![
            filter(Some("region = 'emea'"), FilterColumns::All),
            filter(None, FilterColumns::Excluded(vec!["email".into()])),
        ]);
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.lake_formation.data_cells_filters = Prop::Known(vec![
            filter(Some("true"), FilterColumns::Excluded(vec![])),
            filter(None, FilterColumns::All),
        ]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "filters keep every row and column: db.sales.f, db.sales.f"
            )]
        );
        model.lake_formation.data_cells_filters = unknown_prop("lakeformation:ListDataCellsFilter");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "data cells filters: AccessDenied on lakeformation:ListDataCellsFilter"
            )]
        );
    }
}
