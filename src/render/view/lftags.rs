//! LF-tags, their associations, tag-expression grants, data cells filters and filter grants as
//! the templates see them. Tag keys are written as `Ref`s to the template's own
//! `AWS::LakeFormation::Tag` (whose `Ref` is the key), so CloudFormation creates a tag before
//! anything that uses it.

use std::collections::BTreeMap;

use super::*;
use crate::model::{DataCellsFilter, FilterColumns, LfFilterGrant, LfTagGrant, LfTagResource};

#[derive(Debug, Serialize)]
pub struct LfTagView {
    pub logical_id: String,
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TagAssociationView {
    pub logical_id: String,
    pub resource: Value,
    pub tags: Value,
}

/// A grant whose resource is not a plain catalog resource (a tag policy, a filter).
#[derive(Debug, Serialize)]
pub struct PolicyGrantView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub principal: Value,
    pub resource: Value,
    pub permissions: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CellsFilterView {
    pub logical_id: String,
    pub database: Value,
    pub table: Value,
    pub name: String,
    pub row_filter: Value,
    /// `ColumnNames` when set, else `ColumnWildcard`.
    pub column_names: Option<Vec<String>>,
    pub column_wildcard: Option<Value>,
}

fn tag_logical_id(key: &str) -> String {
    format!(
        "LfTag{}{}",
        naming::logical_id(key),
        naming::short_hash(key, 2)
    )
}

/// Stable across renders and unique per grant: `prefix`, the principal's role name and a hash
/// of the whole grant.
fn policy_grant_logical_id(prefix: &str, principal: &str, grant: &impl Serialize) -> String {
    let role = principal.rsplit('/').next().unwrap_or(principal);
    let key = serde_json::to_string(grant).expect("grants serialize");
    format!(
        "{prefix}{}{}",
        naming::logical_id(role),
        naming::short_hash(&key, 3)
    )
}

fn filter_logical_id(f: &DataCellsFilter) -> String {
    let key = f.qualified_name();
    format!(
        "CellsFilter{}{}",
        naming::logical_id(&f.name),
        naming::short_hash(&key, 3)
    )
}

impl ViewBuilder<'_> {
    /// A tag key: a `Ref` to the template's tag, or the key when another stack owns it.
    fn tag_key(&self, key: &str) -> Value {
        let lf = &self.model.lake_formation;
        let defined = lf
            .tags
            .known()
            .is_some_and(|t| t.iter().any(|t| t.key == key));
        if defined {
            reference(&tag_logical_id(key))
        } else {
            literal(key)
        }
    }

    pub(super) fn lf_tags(&self) -> Result<Vec<LfTagView>, RenderError> {
        let tags = known(&self.model.lake_formation.tags, || "LF-tags".to_string())?;
        Ok(tags
            .iter()
            .map(|t| LfTagView {
                logical_id: tag_logical_id(&t.key),
                key: t.key.clone(),
                values: t.values.clone(),
            })
            .collect())
    }

    /// One association per resource, with all of its tags.
    pub(super) fn tag_associations(&self) -> Result<Vec<TagAssociationView>, RenderError> {
        let lf = &self.model.lake_formation;
        let assignments = known(&lf.tag_assignments, || "LF-tag assignments".to_string())?;
        let mut by_resource: BTreeMap<&LfTagResource, Vec<(&str, &str)>> = BTreeMap::new();
        for a in assignments {
            (by_resource.entry(&a.resource).or_default()).push((&a.key, &a.value));
        }
        let catalog = cfn::account_id();
        Ok(by_resource
            .into_iter()
            .map(|(resource, tags)| TagAssociationView {
                logical_id: format!(
                    "LfTags{}{}",
                    naming::logical_id(&resource.display()),
                    naming::short_hash(&resource.display(), 3)
                ),
                resource: self.tag_resource(resource),
                tags: Value::Array(
                    tags.iter()
                        .map(|(k, v)| json!({ "CatalogId": catalog, "TagKey": self.tag_key(k), "TagValues": [v] }))
                        .collect(),
                ),
            })
            .collect())
    }

    fn tag_resource(&self, r: &LfTagResource) -> Value {
        self.catalog_resource(&r.database, r.table.as_deref(), r.column.as_slice())
    }

    pub(super) fn tag_grants(&self) -> Result<Vec<PolicyGrantView>, RenderError> {
        let grants = known(&self.model.lake_formation.tag_grants, || {
            "LF-tag grants".to_string()
        })?;
        Ok(grants.iter().map(|g| self.tag_grant(g)).collect())
    }

    fn tag_grant(&self, g: &LfTagGrant) -> PolicyGrantView {
        let expression: Vec<Value> = (g.expression.iter())
            .map(|c| json!({ "TagKey": self.tag_key(&c.key), "TagValues": c.values }))
            .collect();
        PolicyGrantView {
            logical_id: policy_grant_logical_id("TagGrant", &g.principal, g),
            depends_on: Vec::new(),
            principal: self.principal(&g.principal),
            resource: json!({ "LFTagPolicy": {
                "CatalogId": cfn::account_id(),
                "ResourceType": g.resource_type.as_str(),
                "Expression": expression,
            } }),
            permissions: g.permissions.clone(),
        }
    }

    pub(super) fn cells_filters(&self) -> Result<Vec<CellsFilterView>, RenderError> {
        let lf = &self.model.lake_formation;
        let filters = known(&lf.data_cells_filters, || "data cells filters".to_string())?;
        Ok(filters
            .iter()
            .map(|f| {
                let (column_names, column_wildcard) = match &f.columns {
                    FilterColumns::All => (None, Some(json!({}))),
                    FilterColumns::Included(c) => (Some(c.clone()), None),
                    FilterColumns::Excluded(c) => (None, Some(json!({ "ExcludedColumnNames": c }))),
                };
                CellsFilterView {
                    logical_id: filter_logical_id(f),
                    database: self.database_ref(&f.database),
                    table: self.table_ref(&f.database, &f.table),
                    name: f.name.clone(),
                    row_filter: match &f.row_filter {
                        Some(expression) => json!({ "FilterExpression": literal(expression) }),
                        None => json!({ "AllRowsWildcard": {} }),
                    },
                    column_names,
                    column_wildcard,
                }
            })
            .collect())
    }

    pub(super) fn filter_grants(&self) -> Result<Vec<PolicyGrantView>, RenderError> {
        let lf = &self.model.lake_formation;
        let grants = known(&lf.filter_grants, || "data cells filter grants".to_string())?;
        let filters = known(&lf.data_cells_filters, || "data cells filters".to_string())?;
        Ok(grants
            .iter()
            .map(|g| self.filter_grant(g, filters))
            .collect())
    }

    fn filter_grant(&self, g: &LfFilterGrant, filters: &[DataCellsFilter]) -> PolicyGrantView {
        // The filter's `Ref` is not its name: depend on it explicitly.
        let depends_on = (filters.iter())
            .filter(|f| f.database == g.database && f.table == g.table && f.name == g.filter)
            .map(filter_logical_id)
            .collect();
        PolicyGrantView {
            logical_id: policy_grant_logical_id("FilterGrant", &g.principal, g),
            depends_on,
            principal: self.principal(&g.principal),
            resource: json!({ "DataCellsFilter": {
                "TableCatalogId": cfn::account_id(),
                "DatabaseName": self.database_ref(&g.database),
                "TableName": self.table_ref(&g.database, &g.table),
                "Name": g.filter,
            } }),
            permissions: g.permissions.clone(),
        }
    }
}
