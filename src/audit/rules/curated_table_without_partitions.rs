//! LK-GLUE-006: curated tables have partition keys.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::curated_tables;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-GLUE-006",
    name: "curated-table-without-partitions",
    title: "Curated tables declare partition keys",
    severity: Severity::Low,
    service: Service::Glue,
    lens: &[ids::PERF_PARTITIONS],
    rationale: "Without partitions every query reads the whole table. Partitioning on the columns queries filter by (usually a date) lets Athena prune what it scans, which is both the biggest performance lever and the biggest cost lever for a growing table.",
    remediation: "Add `partition_keys` (e.g. `dt: date`) to the table in the blueprint (`catalog.databases[].tables[].partition_keys`) and lay the data out as `<prefix>/dt=YYYY-MM-DD/`.",
    blueprint_field: Some("catalog.databases[].tables[].partition_keys"),
    scopes: Scopes {
        static_: "Tables of curated zones declare partition keys.",
        blueprint: "The deployed tables of curated zones are checked the same way.",
        account: "Tables of databases whose bucket is tagged or named curated declare partition keys.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for table in curated_tables(model) {
        let resource = Resource::table(&model.lake, table);
        let Some(keys) = out.known(&resource, "partition keys", &table.partition_keys) else {
            continue;
        };
        out.check(resource, !keys.is_empty(), || {
            "the table has no partition keys".to_string()
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
}
