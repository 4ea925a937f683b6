//! LK-LF-005: the S3 locations of catalog tables are registered with Lake Formation, in Lake
//! Formation mode.

use std::collections::BTreeMap;

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, Prop};

pub static RULE: Rule = Rule {
    id: "LK-LF-005",
    name: "table-location-not-registered",
    title: "Buckets that hold Glue catalog tables are registered with Lake Formation, in Lake Formation mode",
    severity: Severity::Medium,
    service: Service::LakeFormation,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "Lake Formation grants on a table govern its data only when the table's S3 location is registered: Lake Formation then vends credentials for the location to the principals it granted. For a table whose location is not registered, a grant protects the metadata alone, and anyone whose IAM policy reaches the bucket reads the data whatever Lake Formation says. The fine-grained access the lens asks for (column, row and tag-based grants) holds only over registered locations. A location registered in hybrid access mode is the same gap by another road: IAM and S3 policies keep reaching its data for every principal not opted in to Lake Formation. Hybrid mode exists to move a lake over a few principals at a time, so a location left in it should be a stated, temporary exception (a suppression with its reason and an expiry).",
    remediation: "Register the bucket (or the tables' prefix) with Lake Formation: RegisterResource with the service-linked role or a data-access role that can use the bucket's key, without hybrid access mode; for a location in hybrid mode, once every principal that reads it has Lake Formation grants, `aws lakeformation update-resource --resource-arn ARN --role-arn ROLE --no-hybrid-access-enabled`. lakectl registers every zone bucket of the lake in Lake Formation mode, and deploy switches a lake location found in hybrid mode back; redeploy with `lakectl deploy`.",
    blueprint_field: Some("zones[]"),
    scopes: Scopes {
        static_: "Every bucket in which the blueprint places a table is among the locations the blueprint registers (lakectl registers every zone bucket, never in hybrid access mode).",
        blueprint: "Every bucket holding one of the lake's tables is registered with Lake Formation (the bucket, or a prefix covering each table), not in hybrid access mode (ListResources' HybridAccessEnabled).",
        account: "Every bucket holding a table of the region's Data Catalog is registered with Lake Formation (the bucket, or a prefix covering each table), not in hybrid access mode.",
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
    let lf = &model.lake_formation;
    for bucket in (model.buckets.iter()).filter(|b| held.contains_key(b.name.as_str())) {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(registered) =
            out.known(&resource, "registered locations", &lf.registered_locations)
        else {
            continue;
        };
        let Some(hybrid) = out.known(&resource, "hybrid access mode", &lf.hybrid_locations) else {
            continue;
        };
        // The registered locations that cover a table's path.
        let covering = |path: &str| -> Vec<&String> {
            (registered.iter())
                .filter(|arn| {
                    let location = arn.split_once(":::").map_or(arn.as_str(), |(_, l)| l);
                    path == location
                        || path.starts_with(&format!("{}/", location.trim_end_matches('/')))
                })
                .collect()
        };
        // Tables no location covers, and tables covered only by locations in hybrid mode.
        let (mut outside, mut shared) = (Vec::new(), Vec::new());
        for (path, table) in &held[bucket.name.as_str()] {
            let covering = covering(path);
            if covering.is_empty() {
                outside.push(*table);
            } else if covering.iter().all(|arn| hybrid.contains(arn)) {
                shared.push(*table);
            }
        }
        let plural = |t: &[&str]| if t.len() == 1 { "" } else { "s" };
        out.check(resource, outside.is_empty() && shared.is_empty(), || {
            let mut problems = Vec::new();
            if !outside.is_empty() {
                problems.push(format!(
                    "holds the data of table{} {} but is not registered with Lake Formation: its grants do not govern that data",
                    plural(&outside),
                    outside.join(", ")
                ));
            }
            if !shared.is_empty() {
                problems.push(format!(
                    "holds the data of table{} {} in a location registered in hybrid access mode: IAM and S3 policies still reach that data beside Lake Formation's grants",
                    plural(&shared),
                    shared.join(", ")
                ));
            }
            problems.join("; ")
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

    #[test]
    fn a_location_in_hybrid_access_mode_does_not_govern_its_tables() {
        let mut model = compliant_model();
        let curated = bucket_name("curated");
        let whole = format!("arn:aws:s3:::{curated}");
        let orders = format!("arn:aws:s3:::{curated}/orders");
        model.lake_formation.registered_locations = Prop::Known(vec![whole.clone()]);
        model.lake_formation.hybrid_locations = Prop::Known(vec![whole.clone()]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "curated",
                "holds the data of table orders in a location registered in hybrid access mode: IAM and S3 policies still reach that data beside Lake Formation's grants"
            )]
        );
        // A prefix registered in Lake Formation mode governs the table, whatever the bucket's.
        model.lake_formation.registered_locations = Prop::Known(vec![whole, orders.clone()]);
        assert_eq!(problems(&RULE, &model), vec![]);
        // One table unregistered, one only in hybrid mode: one finding saying both.
        model.lake_formation.registered_locations = Prop::Known(vec![orders.clone()]);
        model.lake_formation.hybrid_locations = Prop::Known(vec![orders]);
        let mut other = model.catalog.tables[0].clone();
        other.name = "returns".into();
        other.location = Prop::Known(format!("s3://{curated}/returns/"));
        model.catalog.tables.push(other);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "curated",
                "holds the data of table returns but is not registered with Lake Formation: its grants do not govern that data; holds the data of table orders in a location registered in hybrid access mode: IAM and S3 policies still reach that data beside Lake Formation's grants"
            )]
        );
        model.lake_formation.hybrid_locations = unknown_prop("lakeformation:ListResources");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "curated",
                "hybrid access mode: AccessDenied on lakeformation:ListResources"
            )]
        );
    }
}
