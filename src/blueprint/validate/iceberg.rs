//! Iceberg partitioning: fields of an Iceberg table only, each a transform of one of the table's
//! own columns whose type the transform accepts (the Iceberg spec's rules), with primitive column
//! types so that the table's Iceberg schema can be written.

use std::collections::HashMap;

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::types::Table;
use crate::model::TableFormat;
use crate::model::iceberg::IcebergType;

impl Checker {
    pub(super) fn partitioning(&mut self, at: FieldPath, table: &Table) {
        if table.partitioning.is_empty() {
            return;
        }
        if table.format != TableFormat::Iceberg {
            self.error(
                at.key("partitioning"),
                format!(
                    "partition transforms are Iceberg's hidden partitioning; a {} table partitions by directories",
                    format!("{:?}", table.format).to_lowercase()
                ),
                Some("use `partition_keys` here, or `format: iceberg`".to_string()),
            );
            return;
        }
        if !table.partition_keys.is_empty() {
            self.error(
                at.key("partition_keys"),
                "an Iceberg table is partitioned by `partitioning` or by `partition_keys`, not both",
                Some("list the keys as identity fields of `partitioning` and make them columns".to_string()),
            );
        }
        // Glue needs the table's Iceberg schema to create it partitioned.
        for (c, column) in table.columns.iter().enumerate() {
            if IcebergType::from_hive(&column.kind).is_none() {
                self.error(
                    at.key("columns").index(c).key("type"),
                    format!(
                        "`{}` has no Iceberg type lakectl writes; a partitioned Iceberg table's columns must be primitive",
                        column.kind
                    ),
                    Some("use int, bigint, float, double, boolean, string, varchar(n), char(n), binary, date, timestamp or decimal(p,s) (p ≤ 38)".to_string()),
                );
            }
        }
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut timed: HashMap<&str, usize> = HashMap::new();
        for (i, field) in table.partitioning.iter().enumerate() {
            let path = at.key("partitioning").index(i);
            let Some(column) = table.columns.iter().find(|c| c.name == field.column) else {
                self.error(
                    path,
                    format!(
                        "`{}` is not a column of the table; Iceberg partitions are computed from the table's own columns",
                        field.column
                    ),
                    None,
                );
                continue;
            };
            if let Some(kind) = IcebergType::from_hive(&column.kind)
                && !field.transform.applies_to(kind)
            {
                self.error(
                    path.clone(),
                    format!(
                        "`{field}` cannot partition the {} column `{}`: the transform takes {}",
                        column.kind,
                        column.name,
                        field.transform.accepts()
                    ),
                    None,
                );
                continue;
            }
            if let Some(first) = names.insert(field.name(), i) {
                self.error(
                    path.clone(),
                    format!("`{field}` repeats partitioning[{first}]"),
                    None,
                );
            } else if field.transform.is_time()
                && let Some(first) = timed.insert(field.column.as_str(), i)
            {
                self.error(
                    path,
                    format!(
                        "`{field}` partitions `{}` by time a second time, after partitioning[{first}]; Iceberg allows one time transform per column",
                        field.column
                    ),
                    None,
                );
            }
        }
    }
}
