//! LK-GLUE-007: curated tables are stored in a columnar format (Parquet, ORC or Iceberg).

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::curated_tables;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-GLUE-007",
    name: "curated-table-not-columnar",
    title: "Curated tables are stored in a columnar format: Parquet, ORC or Iceberg",
    severity: Severity::Low,
    service: Service::Glue,
    lens: &[ids::PERF_FORMATS, ids::COST_STORAGE],
    rationale: "Queries on curated data usually read a few columns of many rows. Columnar files let Athena read only those columns and skip row groups by their statistics; row formats (Avro, JSON, CSV) are read whole, even compressed.",
    remediation: "Store the table as `parquet`, `orc` or `iceberg` (`catalog.databases[].tables[].format`) and rewrite the data (e.g. Athena CTAS or a Glue job).",
    blueprint_field: Some("catalog.databases[].tables[].format"),
    scopes: Scopes {
        static_: "Tables of curated zones are declared Parquet, ORC or Iceberg.",
        blueprint: "The deployed tables of curated zones are checked the same way.",
        account: "Tables of databases whose bucket is tagged or named curated are Parquet, ORC or Iceberg.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for table in curated_tables(model) {
        let resource = Resource::table(&model.lake, table);
        let Some(format) = out.known(&resource, "storage format", &table.format) else {
            continue;
        };
        out.check(resource, format.is_columnar(), || {
            format!(
                "stored as {}, a row format",
                format!("{format:?}").to_uppercase()
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{Prop, TableFormat};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let db = "retail_prod_curated";
        model.catalog.tables = vec![
            table(db, "parquet"),
            table(db, "iceberg"),
            table(db, "orc"),
            table(db, "avro"),
            table(db, "json"),
            table(db, "hidden"),
        ];
        model.catalog.tables[1].format = Prop::Known(TableFormat::Iceberg);
        model.catalog.tables[2].format = Prop::Known(TableFormat::Orc);
        model.catalog.tables[3].format = Prop::Known(TableFormat::Avro);
        model.catalog.tables[4].format = Prop::Known(TableFormat::Json);
        model.catalog.tables[5].format = unknown_prop("glue:GetTable");
        let mut other_zone = table("retail_prod_raw", "raw_csv");
        other_zone.format = Prop::Known(TableFormat::Csv);
        model.catalog.tables.push(other_zone);
        assert_eq!(
            outcomes(&RULE, &model),
            vec![
                (format!("{db}.parquet"), crate::audit::Outcome::Pass),
                (format!("{db}.iceberg"), crate::audit::Outcome::Pass),
                (format!("{db}.orc"), crate::audit::Outcome::Pass),
                fail(&format!("{db}.avro"), "stored as AVRO, a row format"),
                fail(&format!("{db}.json"), "stored as JSON, a row format"),
                unknown(
                    &format!("{db}.hidden"),
                    "storage format: AccessDenied on glue:GetTable"
                ),
            ],
            "tables outside curated zones are not checked"
        );
    }
}
