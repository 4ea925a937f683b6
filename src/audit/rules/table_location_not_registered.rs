//! LK-LF-005: the S3 locations of catalog tables are registered with Lake Formation.

use std::collections::BTreeMap;

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, Prop};

pub static RULE: Rule = Rule {
    id: "LK-LF-005",
    name: "table-location-not-registered",
    title: "Buckets that hold Glue catalog tables are registered with Lake Formation",
    severity: Severity::Medium,
    service: Service::LakeFormation,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "Lake Formation grants on a table govern its data only when the table's S3 location is registered: Lake Formation then vends credentials for the location to the principals it granted. For a table whose location is not registered, a grant protects the metadata alone, and anyone whose IAM policy reaches the bucket reads the data whatever Lake Formation says. The fine-grained access the lens asks for (column, row and tag-based grants) holds only over registered locations.",
    remediation: "Register the bucket (or the tables' prefix) with Lake Formation: RegisterResource with the service-linked role or a data-access role that can use the bucket's key. lakectl registers every zone bucket of the lake; redeploy with `lakectl deploy`.",
    blueprint_field: Some("zones[]"),
    scopes: Scopes {
        static_: "Every bucket in which the blueprint places a table is among the locations the blueprint registers (lakectl registers every zone bucket).",
        blueprint: "Every bucket holding one of the lake's tables is registered with Lake Formation (the bucket, or a prefix covering each table).",
        account: "Every bucket holding a table of the region's Data Catalog is registered with Lake Formation (the bucket, or a prefix covering each table).",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    // The tables whose data is in each bucket, by bucket name.
    let mut held: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for table in &model.catalog.tables {
        let Prop::Known(location) = &table.location else {
            continue;
        };
        if let Some(path) = location.strip_prefix("s3://") {
            let bucket = path.split('/').next().unwrap_or(path);
            held.entry(bucket).or_default().push((path, &table.name));
        }
    }
    for bucket in (model.buckets.iter()).filter(|b| held.contains_key(b.name.as_str())) {
        let resource = Resource::bucket(&model.lake, bucket);
        let registered = &model.lake_formation.registered_locations;
        let Some(registered) = out.known(&resource, "registered locations", registered) else {
            continue;
        };
        let covered = |path: &str| {
            registered.iter().any(|arn| {
                let location = arn.split_once(":::").map_or(arn.as_str(), |(_, l)| l);
                path == location
                    || path.starts_with(&format!("{}/", location.trim_end_matches('/')))
            })
        };
        let outside: Vec<&str> = (held[bucket.name.as_str()].iter())
            .filter(|(path, _)| !covered(path))
            .map(|(_, table)| *table)
            .collect();
        out.check(resource, outside.is_empty(), || {
            format!(
                "holds the data of table{} {} but is not registered with Lake Formation: its grants do not govern that data",
                if outside.len() == 1 { "" } else { "s" },
                outside.join(", ")
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;

    #[test]
    fn a_bucket_holding_tables_is_registered_whole_or_by_prefix() {
        let mut model = compliant_model();
        let curated = bucket_name("curated");
        let registered = |arns: &[String]| Prop::Known(arns.to_vec());
        assert_eq!(outcomes(&RULE, &model), vec![pass("curated")]);

        model.lake_formation.registered_locations =
            registered(&[format!("arn:aws:s3:::{curated}/orders")]);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.lake_formation.registered_locations =
            registered(&[format!("arn:aws:s3:::{curated}/order")]);
        let mut other = model.catalog.tables[0].clone();
        other.name = "returns".into();
        other.location = Prop::Known(format!("s3://{curated}/returns/"));
        model.catalog.tables.push(other);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "curated",
                "holds the data of tables orders, returns but is not registered with Lake Formation: its grants do not govern that data"
            )]
        );
        model.lake_formation.registered_locations = unknown_prop("lakeformation:ListResources");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "curated",
                "registered locations: AccessDenied on lakeformation:ListResources"
            )]
        );
    }
}
