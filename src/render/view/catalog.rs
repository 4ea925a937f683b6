//! The Glue Data Catalog as the templates see it.

use super::*;

#[derive(Debug, Serialize)]
pub struct CatalogEncryptionView {
    pub logical_id: &'static str,
    pub mode: &'static str,
    pub metadata_key: Option<Value>,
    pub return_password_encrypted: bool,
    pub password_key: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct SecurityConfigurationView {
    pub logical_id: String,
    pub name: String,
    pub s3_mode: &'static str,
    pub s3_key: Option<Value>,
    pub cloudwatch_mode: &'static str,
    pub cloudwatch_key: Option<Value>,
    pub bookmarks_mode: &'static str,
    pub bookmarks_key: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct DatabaseView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: String,
    pub description: Value,
    pub location: Value,
}

#[derive(Debug, Serialize)]
pub struct TableView {
    pub logical_id: String,
    pub database: Value,
    pub name: String,
    pub location: Value,
    pub input_format: &'static str,
    pub output_format: &'static str,
    pub serde_library: &'static str,
    pub serde_parameters: Value,
    pub parameters: Value,
    pub columns: Value,
    pub partition_keys: Value,
    /// Iceberg tables: the `IcebergInput` of their `OpenTableFormatInput` (Glue's Iceberg
    /// support creates the metadata), with the schema and partition spec when partitioned.
    pub iceberg: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct CrawlerView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: String,
    pub role: Value,
    pub database: Value,
    pub targets: Value,
    pub schedule: Option<String>,
    pub security_configuration: Option<Value>,
    pub delete_behavior: String,
    pub update_behavior: String,
    pub recrawl_behavior: String,
    pub tags: Value,
}

pub(super) const CATALOG_ENCRYPTION: &str = "GlueCatalogEncryption";

pub(super) fn column_list(columns: &[model::Column]) -> Value {
    Value::Array(
        columns
            .iter()
            .map(|c| {
                let mut column = json!({ "Name": literal(&c.name), "Type": literal(&c.kind) });
                if let Some(comment) = &c.comment {
                    column["Comment"] = literal(comment);
                }
                column
            })
            .collect(),
    )
}

impl ViewBuilder<'_> {
    pub(super) fn catalog_encryption(&self) -> Result<CatalogEncryptionView, RenderError> {
        let encryption = known(&self.model.catalog.encryption, || {
            "catalog encryption".to_string()
        })?;
        let metadata_key = self.optional_key_arn(&encryption.metadata_key, "catalog encryption")?;
        Ok(CatalogEncryptionView {
            logical_id: CATALOG_ENCRYPTION,
            mode: if encryption.metadata_key.is_some() {
                "SSE-KMS"
            } else {
                "DISABLED"
            },
            metadata_key,
            return_password_encrypted: encryption.connection_password_key.is_some(),
            password_key: self.optional_key_arn(
                &encryption.connection_password_key,
                "catalog connection password encryption",
            )?,
        })
    }

    pub(super) fn security_configurations(
        &self,
    ) -> Result<Vec<SecurityConfigurationView>, RenderError> {
        self.model
            .catalog
            .security_configurations
            .iter()
            .map(|c| {
                let what = |field: &str| format!("security configuration `{}` {field}", c.name);
                let s3 = known(&c.s3_key, || what("S3 encryption"))?;
                let cloudwatch = known(&c.cloudwatch_key, || what("CloudWatch encryption"))?;
                let bookmarks = known(&c.bookmarks_key, || what("job bookmark encryption"))?;
                Ok(SecurityConfigurationView {
                    logical_id: c.logical_id.clone(),
                    name: c.name.clone(),
                    s3_mode: if s3.is_some() { "SSE-KMS" } else { "DISABLED" },
                    s3_key: self.optional_key_arn(s3, &what("S3 encryption"))?,
                    cloudwatch_mode: if cloudwatch.is_some() {
                        "SSE-KMS"
                    } else {
                        "DISABLED"
                    },
                    cloudwatch_key: self.optional_key_arn(cloudwatch, &what("CloudWatch"))?,
                    bookmarks_mode: if bookmarks.is_some() {
                        "CSE-KMS"
                    } else {
                        "DISABLED"
                    },
                    bookmarks_key: self.optional_key_arn(bookmarks, &what("job bookmarks"))?,
                })
            })
            .collect()
    }

    pub(super) fn databases(&self) -> Result<Vec<DatabaseView>, RenderError> {
        self.model
            .catalog
            .databases
            .iter()
            .map(|d| {
                let what = |field: &str| format!("database `{}` {field}", d.name);
                Ok(DatabaseView {
                    logical_id: d.logical_id.clone(),
                    // Created after the settings that switch IAM_ALLOWED_PRINCIPALS off and
                    // encrypt the catalog, so no database ever exists without either.
                    depends_on: vec![
                        LAKE_FORMATION_SETTINGS.to_string(),
                        CATALOG_ENCRYPTION.to_string(),
                    ],
                    name: d.name.clone(),
                    description: literal(known(&d.description, || what("description"))?),
                    location: self.tokens.sub(known(&d.location, || what("location"))?),
                })
            })
            .collect()
    }

    pub(super) fn database_ref(&self, name: &str) -> Value {
        match self.database_by_name.get(name) {
            Some(db) => reference(&db.logical_id),
            None => literal(name),
        }
    }

    /// A `Ref` to the template's table, or its name when another stack owns it.
    pub(super) fn table_ref(&self, database: &str, table: &str) -> Value {
        match self.table_by_name.get(&(database, table)) {
            Some(t) => reference(&t.logical_id),
            None => literal(table),
        }
    }

    pub(super) fn tables(&self) -> Result<Vec<TableView>, RenderError> {
        self.model
            .catalog
            .tables
            .iter()
            .map(|t| {
                let what = |field: &str| format!("table `{}.{}` {field}", t.database, t.name);
                let columns = known(&t.columns, || what("columns"))?;
                let format = *known(&t.format, || what("format"))?;
                let compression = *known(&t.compression, || what("compression"))?;
                let storage = storage::storage(format, compression, columns);
                let location = self.tokens.sub(known(&t.location, || what("location"))?);
                let iceberg = if format == crate::model::TableFormat::Iceberg {
                    let partitioning = known(&t.partitioning, || what("partitioning"))?;
                    Some(storage::iceberg_input(&location, columns, partitioning, compression)
                        .ok_or_else(|| RenderError::Unsupported {
                            what: what("partitioning"),
                            reason: "a column has no primitive Iceberg type, or a partition field names no column".into(),
                        })?)
                } else {
                    None
                };
                Ok(TableView {
                    logical_id: t.logical_id.clone(),
                    database: self.database_ref(&t.database),
                    name: t.name.clone(),
                    location,
                    input_format: storage.input_format,
                    output_format: storage.output_format,
                    serde_library: storage.serde,
                    serde_parameters: storage.serde_parameters,
                    parameters: storage.parameters,
                    columns: column_list(columns),
                    partition_keys: column_list(known(&t.partition_keys, || {
                        what("partition keys")
                    })?),
                    iceberg,
                })
            })
            .collect()
    }

    pub(super) fn crawlers(&self) -> Result<Vec<CrawlerView>, RenderError> {
        let grants = known(&self.model.lake_formation.grants, || {
            "Lake Formation grants".to_string()
        })?;
        self.model
            .catalog
            .crawlers
            .iter()
            .map(|c| {
                let what = |field: &str| format!("crawler `{}` {field}", c.name);
                let role_arn = self
                    .role_by_name
                    .get(c.role.as_str())
                    .map(|r| r.arn(&self.model.lake));
                // A scheduled run before its Lake Formation grant exists would fail.
                let depends_on = grants
                    .iter()
                    .filter(|g| Some(&g.principal) == role_arn.as_ref() && g.database == c.database)
                    .map(grant_logical_id)
                    .collect();
                let security_configuration =
                    known(&c.security_configuration, || what("security configuration"))?
                        .as_deref()
                        .map(|name| self.security_configuration_ref(name));
                Ok(CrawlerView {
                    logical_id: c.logical_id.clone(),
                    depends_on,
                    name: c.name.clone(),
                    role: self.role_arn_by_name(&c.role),
                    database: self.database_ref(&c.database),
                    targets: Value::Array(
                        known(&c.targets, || what("targets"))?
                            .iter()
                            .map(|path| json!({ "Path": self.tokens.sub(path) }))
                            .collect(),
                    ),
                    schedule: known(&c.schedule, || what("schedule"))?.clone(),
                    security_configuration,
                    delete_behavior: known(&c.delete_behavior, || what("delete behavior"))?.clone(),
                    update_behavior: known(&c.update_behavior, || what("update behavior"))?.clone(),
                    recrawl_behavior: known(&c.recrawl_behavior, || what("recrawl behavior"))?
                        .clone(),
                    tags: cfn::tag_map(known(&c.tags, || what("tags"))?),
                })
            })
            .collect()
    }

    /// `Ref` to a security configuration of this template, or its name.
    pub(super) fn security_configuration_ref(&self, name: &str) -> Value {
        match (self.model.catalog.security_configurations.iter()).find(|s| s.name == name) {
            Some(s) => reference(&s.logical_id),
            None => literal(name),
        }
    }
}
