//! Lake Formation settings, locations and grants as the templates see them.

use super::*;

#[derive(Debug, Serialize)]
pub struct LakeFormationView {
    pub settings_logical_id: &'static str,
    pub admins: Value,
    pub create_database_default: Value,
    pub create_table_default: Value,
    pub locations: Vec<LocationView>,
    pub grants: Vec<GrantView>,
    pub lf_tags: Vec<LfTagView>,
    pub tag_associations: Vec<TagAssociationView>,
    pub tag_grants: Vec<PolicyGrantView>,
    pub cells_filters: Vec<CellsFilterView>,
    pub filter_grants: Vec<PolicyGrantView>,
}

#[derive(Debug, Serialize)]
pub struct LocationView {
    pub logical_id: String,
    pub arn: Value,
}

#[derive(Debug, Serialize)]
pub struct GrantView {
    pub logical_id: String,
    pub principal: Value,
    pub resource: Value,
    pub permissions: Vec<String>,
}

pub(super) const LAKE_FORMATION_SETTINGS: &str = "LakeFormationSettings";

/// Stable across renders and unique per grant: what it grants, on what, to whom.
pub(super) fn grant_logical_id(g: &model::LfGrant) -> String {
    let principal = g.principal.rsplit('/').next().unwrap_or(&g.principal);
    let key = serde_json::to_string(g).expect("grants serialize");
    format!(
        "Grant{}{}{}{}",
        naming::logical_id(principal),
        naming::logical_id(&g.database),
        g.table
            .as_deref()
            .map(naming::logical_id)
            .unwrap_or_default(),
        naming::short_hash(&key, 3)
    )
}

impl ViewBuilder<'_> {
    pub(super) fn lake_formation(&self) -> Result<LakeFormationView, RenderError> {
        let lf = &self.model.lake_formation;
        let what = |field: &str| format!("Lake Formation {field}");
        let principal = |arn: &str| json!({ "DataLakePrincipalIdentifier": self.principal(arn) });
        let defaults = |principals: &[String]| {
            Value::Array(
                principals
                    .iter()
                    .map(|p| json!({ "Principal": principal(p), "Permissions": ["ALL"] }))
                    .collect(),
            )
        };
        let locations = known(&lf.registered_locations, || what("registered locations"))?
            .iter()
            .map(|arn| match self.bucket_by_arn.get(arn) {
                Some(b) => LocationView {
                    logical_id: naming::companion_id(&b.logical_id, "Bucket", "LakeLocation"),
                    arn: get_att(&b.logical_id, "Arn"),
                },
                None => LocationView {
                    logical_id: format!("LakeLocation{}", naming::short_hash(arn, 3)),
                    arn: self.tokens.sub(arn),
                },
            })
            .collect();
        let grants = known(&lf.grants, || what("grants"))?
            .iter()
            .map(|g| GrantView {
                logical_id: grant_logical_id(g),
                principal: self.principal(&g.principal),
                resource: self.grant_resource(g),
                permissions: g.permissions.clone(),
            })
            .collect();
        Ok(LakeFormationView {
            settings_logical_id: LAKE_FORMATION_SETTINGS,
            admins: Value::Array(
                known(&lf.admins, || what("admins"))?
                    .iter()
                    .map(|a| principal(a))
                    .collect(),
            ),
            create_database_default: defaults(known(&lf.create_database_default, || {
                what("default database permissions")
            })?),
            create_table_default: defaults(known(&lf.create_table_default, || {
                what("default table permissions")
            })?),
            locations,
            grants,
            lf_tags: self.lf_tags()?,
            tag_associations: self.tag_associations()?,
            tag_grants: self.tag_grants()?,
            cells_filters: self.cells_filters()?,
            filter_grants: self.filter_grants()?,
        })
    }

    pub(super) fn grant_resource(&self, g: &model::LfGrant) -> Value {
        self.catalog_resource(&g.database, g.table.as_deref(), &g.columns)
    }

    /// A database; a table of it; or, when `columns` is not empty, those columns of the table.
    pub(super) fn catalog_resource(
        &self,
        database: &str,
        table: Option<&str>,
        columns: &[String],
    ) -> Value {
        let catalog = cfn::account_id();
        let database_ref = self.database_ref(database);
        match table {
            None => json!({ "Database": { "CatalogId": catalog, "Name": database_ref } }),
            Some(table) => {
                let name = self.table_ref(database, table);
                if columns.is_empty() {
                    json!({ "Table": { "CatalogId": catalog, "DatabaseName": database_ref, "Name": name } })
                } else {
                    json!({ "TableWithColumns": {
                        "CatalogId": catalog, "DatabaseName": database_ref, "Name": name,
                        "ColumnNames": columns,
                    } })
                }
            }
        }
    }
}
