//! LK-GLUE-005: curated tables are not stored as uncompressed CSV or JSON.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::curated_tables;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, TableCompression, TableFormat};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-005",
    name: "curated-table-uncompressed-text",
    title: "Curated tables use a columnar format or compression, not uncompressed CSV or JSON",
    severity: Severity::Low,
    service: Service::Glue,
    lens: &[ids::PERF_FORMATS, ids::COST_STORAGE],
    rationale: "Curated data is what queries read most. Athena bills and waits for every byte scanned; uncompressed row text is the most expensive way to store it. Parquet or ORC (columnar, compressed) usually cuts scanned bytes by an order of magnitude; compressed text at least by several times.",
    remediation: "Store the table as `parquet` or `orc` (`catalog.databases[].tables[].format`), or at least set `compression: gzip` or `zstd`, and rewrite the data (e.g. Athena CTAS).",
    blueprint_field: Some("catalog.databases[].tables[].format"),
    scopes: Scopes {
        static_: "Tables of curated zones use a columnar format or compression.",
        blueprint: "The deployed tables of curated zones are checked the same way.",
        account: "Tables of databases whose bucket is tagged or named curated use a columnar format or compression.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for table in curated_tables(model) {
        let resource = Resource::table(&model.lake, table);
        let Some(format) = out.known(&resource, "storage format", &table.format) else {
            continue;
        };
        if !matches!(format, TableFormat::Csv | TableFormat::Json) {
            out.pass(resource);
            continue;
        }
        let Some(compression) = out.known(&resource, "compression", &table.compression) else {
            continue;
        };
        let uncompressed = matches!(compression, None | Some(TableCompression::None));
        out.check(resource, !uncompressed, || {
            format!(
                "stored as uncompressed {}",
                format!("{format:?}").to_uppercase()
            )
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
        let db = "retail_prod_curated";
        model.catalog.tables = vec![
            table(db, "parquet"),
            table(db, "csv"),
            table(db, "gz_json"),
            table(db, "hidden"),
        ];
        model.catalog.tables[1].format = Prop::Known(TableFormat::Csv);
        model.catalog.tables[1].compression = Prop::Known(None);
        model.catalog.tables[2].format = Prop::Known(TableFormat::Json);
        model.catalog.tables[2].compression = Prop::Known(Some(TableCompression::Gzip));
        model.catalog.tables[3].format = unknown_prop("glue:GetTable");
        let mut other_zone = table("retail_prod_raw", "raw_csv");
        other_zone.format = Prop::Known(TableFormat::Csv);
        model.catalog.tables.push(other_zone);
        assert_eq!(
            outcomes(&RULE, &model),
            vec![
                (format!("{db}.parquet"), crate::audit::Outcome::Pass),
                fail(&format!("{db}.csv"), "stored as uncompressed CSV"),
                (format!("{db}.gz_json"), crate::audit::Outcome::Pass),
                unknown(
                    &format!("{db}.hidden"),
                    "storage format: AccessDenied on glue:GetTable"
                ),
            ],
            "tables outside curated zones are not checked"
        );
    }
}
