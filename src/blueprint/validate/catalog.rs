//! The Data Catalog: encryption guardrails, databases, tables and crawlers.

use std::collections::HashSet;

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::names;
use crate::blueprint::types::*;
use crate::lens::ids;

impl Checker {
    pub(super) fn catalog(&mut self, blueprint: &Blueprint, zones: &HashSet<&str>) {
        let at = FieldPath::root().key("catalog");
        if let Some(encryption) = &blueprint.catalog.encryption {
            if !encryption.metadata {
                self.guardrail(
                    at.key("encryption").key("metadata"),
                    "Data Catalog metadata encryption cannot be turned off",
                    "remove the field; the catalog is encrypted with the lake's catalog key",
                    ids::SEC_AT_REST,
                );
            }
            if !encryption.connection_passwords {
                self.guardrail(at.key("encryption").key("connection_passwords"), "connection password encryption cannot be turned off", "remove the field; connection passwords are encrypted with the lake's catalog key", ids::SEC_AT_REST);
            }
        }
        let dat = at.key("databases");
        for (i, database) in blueprint.catalog.databases.iter().enumerate() {
            let at = dat.index(i);
            self.name(
                at.key("name"),
                "database name",
                &database.name,
                names::glue(&database.name),
            );
            self.reference(at.key("zone"), "zone", &database.zone, zones);
            let zone_kind = blueprint
                .zones
                .iter()
                .find(|z| z.name == database.zone)
                .map(Zone::kind);
            for (t, table) in database.tables.iter().enumerate() {
                self.table(at.key("tables").index(t), table);
                self.iceberg_zone(at.key("tables").index(t), table, &database.zone, zone_kind);
            }
            self.unique(
                "table",
                database
                    .tables
                    .iter()
                    .enumerate()
                    .map(|(t, x)| (at.key("tables").index(t).key("name"), x.name.as_str())),
            );
        }
        self.unique(
            "database",
            blueprint
                .catalog
                .databases
                .iter()
                .enumerate()
                .map(|(i, d)| (dat.index(i).key("name"), d.name.as_str())),
        );
        self.crawlers(blueprint);
    }

    fn crawlers(&mut self, blueprint: &Blueprint) {
        let at = FieldPath::root().key("catalog");
        let databases: HashSet<&str> = blueprint
            .catalog
            .databases
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        let cat = at.key("crawlers");
        for (i, crawler) in blueprint.catalog.crawlers.iter().enumerate() {
            let at = cat.index(i);
            self.name(
                at.key("name"),
                "crawler name",
                &crawler.name,
                names::stream(&crawler.name, 100),
            );
            self.reference(
                at.key("database"),
                "database",
                &crawler.database,
                &databases,
            );
            if crawler.prefixes.is_empty() {
                self.error(
                    at.key("prefixes"),
                    "a crawler needs at least one prefix",
                    Some("list the key prefixes to crawl, e.g. `[pos/]`".to_string()),
                );
            }
            for (p, prefix) in crawler.prefixes.iter().enumerate() {
                self.name(
                    at.key("prefixes").index(p),
                    "prefix",
                    prefix,
                    names::prefix(prefix),
                );
            }
            if let Some(schedule) = &crawler.schedule {
                self.name(
                    at.key("schedule"),
                    "schedule",
                    schedule,
                    names::cron(schedule),
                );
            }
            self.role_of_purpose(
                blueprint,
                at.key("role"),
                &crawler.role,
                RolePurpose::Crawler,
            );
        }
        self.unique(
            "crawler",
            blueprint
                .catalog
                .crawlers
                .iter()
                .enumerate()
                .map(|(i, c)| (cat.index(i).key("name"), c.name.as_str())),
        );
    }

    /// Iceberg tables hold data that queries update in place: cleansed and curated data, never
    /// the immutable raw zone.
    fn iceberg_zone(
        &mut self,
        at: FieldPath,
        table: &Table,
        zone: &str,
        zone_kind: Option<ZoneKind>,
    ) {
        let Some(kind) = zone_kind else { return };
        if table.format == TableFormat::Iceberg
            && !matches!(kind, ZoneKind::Cleansed | ZoneKind::Curated)
        {
            self.error(
                at.key("format"),
                format!(
                    "iceberg tables belong in cleansed or curated zones; the database's zone `{zone}` is a {} zone",
                    format!("{kind:?}").to_lowercase()
                ),
                Some("use parquet here, or move the table to a database of a cleansed or curated zone".to_string()),
            );
        }
    }

    pub(super) fn table(&mut self, at: FieldPath, table: &Table) {
        self.name(
            at.key("name"),
            "table name",
            &table.name,
            names::glue(&table.name),
        );
        self.name(
            at.key("prefix"),
            "prefix",
            &table.prefix,
            names::prefix(&table.prefix),
        );
        if table.columns.is_empty() {
            self.error(at.key("columns"), "a table needs at least one column", None);
        }
        let columns = table
            .columns
            .iter()
            .enumerate()
            .map(|(c, col)| (at.key("columns").index(c), col));
        let partitions = table
            .partition_keys
            .iter()
            .enumerate()
            .map(|(c, col)| (at.key("partition_keys").index(c), col));
        let all: Vec<(FieldPath, &Column)> = columns.chain(partitions).collect();
        for (path, column) in &all {
            self.name(
                path.key("name"),
                "column name",
                &column.name,
                names::glue(&column.name),
            );
            self.name(
                path.key("type"),
                "column type",
                &column.kind,
                names::hive_type(&column.kind),
            );
        }
        self.unique(
            "column",
            all.iter()
                .map(|(path, column)| (path.key("name"), column.name.as_str())),
        );
        let compression_fits = match (table.format, table.compression) {
            (_, None | Some(TableCompression::None)) => true,
            (TableFormat::Parquet | TableFormat::Iceberg, Some(c)) => matches!(
                c,
                TableCompression::Snappy | TableCompression::Gzip | TableCompression::Zstd
            ),
            (TableFormat::Orc, Some(c)) => matches!(
                c,
                TableCompression::Snappy | TableCompression::Zlib | TableCompression::Zstd
            ),
            (TableFormat::Avro, Some(c)) => {
                matches!(c, TableCompression::Snappy | TableCompression::Zstd)
            }
            (TableFormat::Json | TableFormat::Csv, Some(c)) => {
                matches!(c, TableCompression::Gzip | TableCompression::Zstd)
            }
        };
        self.partitioning(at.clone(), table);
        if !compression_fits {
            self.error(
                at.key("compression"),
                format!("{:?} compression does not apply to {:?} tables", table.compression.unwrap_or(TableCompression::None), table.format),
                Some("parquet and iceberg: snappy, gzip, zstd; orc: snappy, zlib, zstd; avro: snappy, zstd; json and csv: gzip, zstd".to_string()),
            );
        }
    }
}
