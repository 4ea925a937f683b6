//! The Glue Data Catalog: encryption, the security configuration, databases (one per zone by
//! default), tables and crawlers.

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::{self as bp, FieldPath};
use crate::model::naming::{self, logical_id, short_hash};
use crate::model::*;

/// A database to compile, with the blueprint field it comes from.
struct Source {
    database: bp::Database,
    path: FieldPath,
    /// Where its tables are listed; defaults have none.
    tables_at: Option<FieldPath>,
}

impl Compiler<'_> {
    pub(super) fn catalog(&self) -> Catalog {
        let platform = Some(KeyRef::Lake(self.platform_key().to_string()));
        let security_configuration = self.prefixed("glue");
        let sources = self.database_sources();
        for s in &sources {
            let ids = vec![format!("Database{}", logical_id(&s.database.name))];
            self.record(Origin::new(s.path.clone(), &s.database.name, ids));
        }
        let tables = sources.iter().flat_map(|s| self.tables(s)).collect();
        let databases: Vec<bp::Database> = sources.into_iter().map(|s| s.database).collect();
        let crawlers = self.crawlers(&databases, &security_configuration);
        let jobs = self.jobs(&security_configuration);
        let workflows = self.workflows();
        Catalog {
            encryption: Prop::Known(CatalogEncryption {
                metadata_key: platform.clone(),
                connection_password_key: platform.clone(),
            }),
            security_configurations: vec![SecurityConfiguration {
                name: security_configuration,
                logical_id: "GlueSecurityConfiguration".to_string(),
                s3_key: Prop::Known(platform.clone()),
                cloudwatch_key: Prop::Known(platform.clone()),
                bookmarks_key: Prop::Known(platform),
            }],
            databases: databases.iter().map(|d| self.database(d)).collect(),
            tables,
            crawlers,
            jobs,
            workflows,
            // A blueprint declares no connections yet.
            connections: Vec::new(),
        }
    }

    /// The blueprint's databases, or one per zone when it lists none.
    fn database_sources(&self) -> Vec<Source> {
        let root = FieldPath::root();
        if !self.bp.catalog.databases.is_empty() {
            let at = root.key("catalog").key("databases");
            return (self.bp.catalog.databases.iter().enumerate())
                .map(|(i, d)| Source {
                    database: d.clone(),
                    path: at.index(i).key("name"),
                    tables_at: Some(at.index(i).key("tables")),
                })
                .collect();
        }
        (self.bp.zones.iter().enumerate())
            .map(|(i, z)| Source {
                database: bp::Database {
                    name: naming::default_database(self.lake.scope(), &z.name),
                    zone: z.name.clone(),
                    description: None,
                    tables: Vec::new(),
                },
                path: root.key("zones").index(i),
                tables_at: None,
            })
            .collect()
    }

    fn database(&self, d: &bp::Database) -> Database {
        Database {
            name: d.name.clone(),
            logical_id: format!("Database{}", logical_id(&d.name)),
            zone: d.zone.clone(),
            location: Prop::Known(format!("s3://{}/", self.bucket_of_zone(&d.zone))),
            description: Prop::Known(d.description.clone().unwrap_or_else(|| {
                format!(
                    "{} zone of the {} lake ({})",
                    d.zone, self.lake.name, self.lake.environment
                )
            })),
            // Lake Formation's grants decide who reads new tables, never IAM_ALLOWED_PRINCIPALS.
            table_defaults: Prop::Known(Vec::new()),
        }
    }

    fn tables(&self, source: &Source) -> Vec<Table> {
        let db = &source.database;
        let bucket = self.bucket_of_zone(&db.zone);
        (db.tables.iter().enumerate())
            .map(|(i, t)| {
                let table = Table {
                    database: db.name.clone(),
                    name: t.name.clone(),
                    logical_id: format!(
                        "Table{}{}",
                        logical_id(&t.name),
                        short_hash(&format!("{}.{}", db.name, t.name), 3)
                    ),
                    location: Prop::Known(format!("s3://{bucket}/{}", t.prefix)),
                    format: Prop::Known(t.format),
                    compression: Prop::Known(table_compression(t)),
                    columns: Prop::Known(t.columns.iter().map(column).collect()),
                    partition_keys: Prop::Known(t.partition_keys.iter().map(column).collect()),
                    partitioning: Prop::Known(t.partitioning.clone()),
                };
                if let Some(at) = &source.tables_at {
                    let name = format!("{}.{}", db.name, t.name);
                    let ids = vec![table.logical_id.clone()];
                    self.record(Origin::new(at.index(i).key("name"), &name, ids));
                }
                table
            })
            .collect()
    }

    /// Crawlers of databases that exist (validation refuses any other).
    fn crawlers(&self, databases: &[bp::Database], security_configuration: &str) -> Vec<Crawler> {
        let at = FieldPath::root().key("catalog").key("crawlers");
        (self.bp.catalog.crawlers.iter().enumerate())
            .filter_map(|(i, c)| {
                let zone = &databases.iter().find(|d| d.name == c.database)?.zone;
                let bucket = self.bucket_of_zone(zone);
                let crawler = Crawler {
                    name: self.prefixed(&c.name),
                    logical_id: format!("Crawler{}", logical_id(&c.name)),
                    database: c.database.clone(),
                    role: self.prefixed(&c.role),
                    targets: Prop::Known(
                        (c.prefixes.iter())
                            .map(|p| format!("s3://{bucket}/{p}"))
                            .collect(),
                    ),
                    schedule: Prop::Known(c.schedule.clone()),
                    security_configuration: Prop::Known(Some(security_configuration.to_string())),
                    delete_behavior: Prop::Known(delete_behavior::DEPRECATE.to_string()),
                    update_behavior: Prop::Known(update_behavior::UPDATE.to_string()),
                    recrawl_behavior: Prop::Known(recrawl_behavior::EVERYTHING.to_string()),
                    tags: self.tags(),
                };
                let ids = vec![crawler.logical_id.clone()];
                self.record(Origin::new(at.index(i).key("name"), &crawler.name, ids));
                Some(crawler)
            })
            .collect()
    }
}

fn table_compression(table: &bp::Table) -> Option<TableCompression> {
    match table.compression {
        Some(TableCompression::None) => None,
        Some(c) => Some(c),
        None => match table.format {
            TableFormat::Parquet | TableFormat::Orc | TableFormat::Avro | TableFormat::Iceberg => {
                Some(TableCompression::Snappy)
            }
            TableFormat::Json | TableFormat::Csv => None,
        },
    }
}

fn column(c: &bp::Column) -> Column {
    Column {
        name: c.name.clone(),
        kind: c.kind.clone(),
        comment: c.comment.clone(),
    }
}
