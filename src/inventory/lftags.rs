//! Lake Formation's tag-based and cell-level access control: LF-tags (ListLFTags), the tags on
//! the lake's databases, tables and columns (GetResourceLFTags), data cells filters
//! (ListDataCellsFilter), and grants by tag expression or on filters (from ListPermissions).

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_lakeformation::types as lf;

use super::ctx::Ctx;
use crate::aws::lake_formation::catalog_resource;
use crate::aws::{CallError, Service};
use crate::model::lf::sorted_set;
use crate::model::*;

pub(super) async fn list_tags(ctx: &Ctx<'_>) -> Result<Vec<LfTag>, CallError> {
    let mut tags = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = ctx
            .aws
            .lakeformation
            .list_lf_tags()
            .max_results(1000)
            .set_next_token(token.clone());
        let out = ctx
            .call(
                Service::LakeFormation,
                "ListLFTags",
                "the LF-tags",
                request.send(),
            )
            .await?;
        tags.extend(out.lf_tags().iter().map(|t| LfTag {
            key: t.tag_key().to_string(),
            values: sorted_set(t.tag_values().iter().cloned()),
        }));
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    tags.sort();
    Ok(tags)
}

/// The LF-tags on the resources `desired` assigns tags to: one call per database, table, and
/// table's tagged columns. Nothing can carry a key the account does not define, so when none
/// of the desired keys exists there is nothing to read (moto also fails GetResourceLFTags on an
/// untagged database or table with HTTP 500, which this keeps away from fresh lakes).
pub(super) async fn read_assignments(
    ctx: &Ctx<'_>,
    desired: &[LfTagAssignment],
    live_tags: &[LfTag],
) -> Result<Vec<LfTagAssignment>, CallError> {
    let keys: BTreeSet<&str> = desired.iter().map(|a| a.key.as_str()).collect();
    if !live_tags.iter().any(|t| keys.contains(t.key.as_str())) {
        return Ok(Vec::new());
    }
    // Columns are read per table, in one call.
    let mut targets: BTreeMap<LfTagResource, Vec<String>> = BTreeMap::new();
    for a in desired {
        let r = &a.resource;
        let table_level = LfTagResource {
            column: None,
            ..r.clone()
        };
        let columns = targets.entry(table_level).or_default();
        if let Some(column) = &r.column {
            columns.push(column.clone());
        }
    }
    let reads = targets
        .iter()
        .map(|(r, columns)| read_resource(ctx, r, columns));
    let mut out = Vec::new();
    for found in futures::future::join_all(reads).await {
        out.extend(found?);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The tags on a database, or on a table (when `columns` is empty) or its `columns`.
async fn read_resource(
    ctx: &Ctx<'_>,
    r: &LfTagResource,
    columns: &[String],
) -> Result<Vec<LfTagAssignment>, CallError> {
    // The builders fail only without their required fields, which are always set here.
    let Ok(resource) = catalog_resource(&r.database, r.table.as_deref(), columns) else {
        return Ok(Vec::new());
    };
    let request = (ctx.aws.lakeformation.get_resource_lf_tags())
        .resource(resource)
        .show_assigned_lf_tags(true);
    let name = r.display();
    let out = match ctx
        .call(
            Service::LakeFormation,
            "GetResourceLFTags",
            &name,
            request.send(),
        )
        .await
    {
        Ok(out) => out,
        // The database or table is not created yet: it carries no tag.
        Err(e) if e.is_not_found() => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let on = |column: Option<&str>, pairs: &[lf::LfTagPair]| -> Vec<LfTagAssignment> {
        let resource = LfTagResource {
            column: column.map(str::to_string),
            ..r.clone()
        };
        (pairs.iter())
            .flat_map(|p| p.tag_values().iter().map(move |v| (p.tag_key(), v)))
            .map(|(key, value)| LfTagAssignment {
                resource: resource.clone(),
                key: key.to_string(),
                value: value.clone(),
            })
            .collect()
    };
    Ok(match (&r.table, columns.is_empty()) {
        (None, _) => on(None, out.lf_tag_on_database()),
        (Some(_), true) => on(None, out.lf_tags_on_table()),
        (Some(_), false) => (out.lf_tags_on_columns().iter())
            .flat_map(|c| on(c.name(), c.lf_tags()))
            .collect(),
    })
}

pub(super) async fn list_filters(ctx: &Ctx<'_>) -> Result<Vec<DataCellsFilter>, CallError> {
    let mut filters = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = (ctx.aws.lakeformation.list_data_cells_filter())
            .max_results(1000)
            .set_next_token(token.clone());
        let out = ctx
            .call(
                Service::LakeFormation,
                "ListDataCellsFilter",
                "the data cells filters",
                request.send(),
            )
            .await?;
        filters.extend(out.data_cells_filters().iter().map(filter_of));
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    filters.sort();
    Ok(filters)
}

pub(super) fn filter_of(f: &lf::DataCellsFilter) -> DataCellsFilter {
    let row = f.row_filter();
    let columns = match f.column_wildcard() {
        _ if !f.column_names().is_empty() => {
            FilterColumns::Included(sorted_set(f.column_names().iter().cloned()))
        }
        Some(w) if !w.excluded_column_names().is_empty() => {
            FilterColumns::Excluded(sorted_set(w.excluded_column_names().iter().cloned()))
        }
        _ => FilterColumns::All,
    };
    DataCellsFilter {
        database: f.database_name().to_string(),
        table: f.table_name().to_string(),
        name: f.name().to_string(),
        row_filter: match row {
            Some(r) if r.all_rows_wildcard().is_none() => r.filter_expression().map(str::to_string),
            _ => None,
        },
        columns,
    }
}

/// A grant by tag expression, or `None` for other resources.
pub(super) fn tag_grant_of(p: &lf::PrincipalResourcePermissions) -> Option<LfTagGrant> {
    let principal = p.principal()?.data_lake_principal_identifier()?.to_string();
    let policy = p.resource()?.lf_tag_policy()?;
    let resource_type = match policy.resource_type() {
        lf::ResourceType::Database => LfTagResourceType::Database,
        lf::ResourceType::Table => LfTagResourceType::Table,
        _ => return None,
    };
    let mut expression: Vec<LfTagCondition> = (policy.expression().iter())
        .map(|t| LfTagCondition {
            key: t.tag_key().to_string(),
            values: sorted_set(t.tag_values().iter().cloned()),
        })
        .collect();
    expression.sort();
    Some(LfTagGrant {
        principal,
        resource_type,
        expression,
        permissions: names(p.permissions()),
        grantable: names(p.permissions_with_grant_option()),
    })
}

/// A grant on a data cells filter, or `None` for other resources.
pub(super) fn filter_grant_of(p: &lf::PrincipalResourcePermissions) -> Option<LfFilterGrant> {
    let principal = p.principal()?.data_lake_principal_identifier()?.to_string();
    let f = p.resource()?.data_cells_filter()?;
    Some(LfFilterGrant {
        principal,
        database: f.database_name()?.to_string(),
        table: f.table_name()?.to_string(),
        filter: f.name()?.to_string(),
        permissions: names(p.permissions()),
    })
}

fn names(permissions: &[lf::Permission]) -> Vec<String> {
    sorted_set(permissions.iter().map(|x| x.as_str().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_map_rows_and_columns() {
        let filter = |row: lf::RowFilter, names: &[&str], wildcard: Option<lf::ColumnWildcard>| {
            lf::DataCellsFilter::builder()
                .table_catalog_id("1")
                .database_name("db")
                .table_name("sales")
                .name("emea")
                .row_filter(row)
                .set_column_names(Some(names.iter().map(|s| s.to_string()).collect()))
                .set_column_wildcard(wildcard)
                .build()
                .unwrap()
        };
        let expression = lf::RowFilter::builder()
            .filter_expression("region = 'emea'")
            .build();
        let all = lf::RowFilter::builder()
            .all_rows_wildcard(lf::AllRowsWildcard::builder().build())
            .build();
        let included = filter_of(&filter(expression, &["b", "a"], None));
        assert_eq!(included.row_filter.as_deref(), Some("region = 'emea'"));
        assert_eq!(
            included.columns,
            FilterColumns::Included(vec!["a".into(), "b".into()])
        );
        let excluded = lf::ColumnWildcard::builder()
            .excluded_column_names("pii")
            .build();
        let hidden = filter_of(&filter(all.clone(), &[], Some(excluded)));
        assert_eq!(hidden.row_filter, None);
        assert_eq!(hidden.columns, FilterColumns::Excluded(vec!["pii".into()]));
        let wildcard = lf::ColumnWildcard::builder().build();
        assert_eq!(
            filter_of(&filter(all, &[], Some(wildcard))).columns,
            FilterColumns::All
        );
    }

    #[test]
    fn tag_policy_and_filter_grants_map_exactly() {
        let principal = lf::DataLakePrincipal::builder()
            .data_lake_principal_identifier("arn:aws:iam::1:role/analyst")
            .build();
        let policy = lf::LfTagPolicyResource::builder()
            .resource_type(lf::ResourceType::Table)
            .expression(
                lf::LfTag::builder()
                    .tag_key("domain")
                    .tag_values("sales")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        let grant = lf::PrincipalResourcePermissions::builder()
            .principal(principal.clone())
            .resource(lf::Resource::builder().lf_tag_policy(policy).build())
            .permissions(lf::Permission::Select)
            .permissions_with_grant_option(lf::Permission::Select)
            .build();
        assert_eq!(
            tag_grant_of(&grant),
            Some(LfTagGrant {
                principal: "arn:aws:iam::1:role/analyst".into(),
                resource_type: LfTagResourceType::Table,
                expression: vec![LfTagCondition {
                    key: "domain".into(),
                    values: vec!["sales".into()]
                }],
                permissions: vec!["SELECT".into()],
                grantable: vec!["SELECT".into()],
            })
        );
        assert_eq!(filter_grant_of(&grant), None);
        let filter = lf::DataCellsFilterResource::builder()
            .database_name("db")
            .table_name("sales")
            .name("emea")
            .build();
        let grant = lf::PrincipalResourcePermissions::builder()
            .principal(principal)
            .resource(lf::Resource::builder().data_cells_filter(filter).build())
            .permissions(lf::Permission::Select)
            .build();
        assert_eq!(
            filter_grant_of(&grant).map(|g| g.filter),
            Some("emea".into())
        );
        assert_eq!(tag_grant_of(&grant), None);
    }
}
