//! LK-GLUE-006: curated tables have partition keys.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::curated_tables;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, TableFormat};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-006",
    name: "curated-table-without-partitions",
    title: "Curated tables are partitioned: partition keys, or an Iceberg partition spec",
    severity: Severity::Low,
    service: Service::Glue,
    lens: &[ids::PERF_PARTITIONS, ids::COST_STORAGE],
    rationale: "Without partitions every query reads the whole table. Partitioning on the columns queries filter by (usually a date) lets Athena prune what it scans, which is both the biggest performance lever and the biggest cost lever for a growing table.",
    remediation: "Add `partition_keys` (e.g. `dt: date`) to the table in the blueprint (`catalog.databases[].tables[].partition_keys`) and lay the data out as `<prefix>/dt=YYYY-MM-DD/`; for an Iceberg table, declare `partitioning` (e.g. `day(order_time)`).",
    blueprint_field: Some("catalog.databases[].tables[].partition_keys"),
    scopes: Scopes {
        static_: "Tables of curated zones declare partition keys, or Iceberg `partitioning`.",
        blueprint: "The deployed tables of curated zones are checked the same way; an Iceberg table's spec is read from its metadata file.",
        account: "Tables of databases whose bucket is tagged or named curated have partition keys, or an Iceberg partition spec in their metadata file.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for table in curated_tables(model) {
        let resource = Resource::table(&model.lake, table);
        let Some(keys) = out.known(&resource, "partition keys", &table.partition_keys) else {
            continue;
        };
        if !keys.is_empty() || table.format.known() != Some(&TableFormat::Iceberg) {
            out.check(resource, !keys.is_empty(), || {
                "the table has no partition keys".to_string()
            });
            continue;
        }
        // Iceberg's hidden partitioning lives in the table's metadata, not its keys.
        let Some(fields) = out.known(&resource, "Iceberg partition spec", &table.partitioning)
        else {
            continue;
        };
        out.check(resource, !fields.is_empty(), || {
            "the Iceberg table has neither partition keys nor a partition spec".to_string()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.catalog.tables[0].partition_keys = Prop::Known(vec![]);
        let name = "retail_prod_curated.orders";
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(name, "the table has no partition keys")]
        );
        model.catalog.tables[0].partition_keys = unknown_prop("glue:GetTable");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "partition keys: AccessDenied on glue:GetTable"
            )]
        );
    }

    #[test]
    fn an_iceberg_table_is_partitioned_by_its_spec() {
        let mut model = compliant_model();
        let table = &mut model.catalog.tables[0];
        table.format = Prop::Known(TableFormat::Iceberg);
        table.partition_keys = Prop::Known(vec![]);
        table.partitioning = Prop::Known(vec!["day(dt)".parse().unwrap()]);
        assert_eq!(problems(&RULE, &model), vec![]);
        let name = "retail_prod_curated.orders";
        model.catalog.tables[0].partitioning = Prop::Known(vec![]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "the Iceberg table has neither partition keys nor a partition spec"
            )]
        );
        model.catalog.tables[0].partitioning = unknown_prop("s3:GetObject");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "Iceberg partition spec: AccessDenied on s3:GetObject"
            )]
        );
    }
}
