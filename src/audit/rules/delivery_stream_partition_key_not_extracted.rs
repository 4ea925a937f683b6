//! LK-FH-005: a dynamically partitioned delivery stream extracts every partition key its prefix
//! names, and its prefix names every key it extracts.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;
use crate::model::firehose::referenced_keys;

pub static RULE: Rule = Rule {
    id: "LK-FH-005",
    name: "delivery-stream-partition-key-not-extracted",
    title: "Dynamically partitioned delivery streams extract exactly the partition keys their prefix names",
    severity: Severity::High,
    service: Service::Firehose,
    lens: &[ids::PERF_PARTITIONS, ids::COST_STORAGE],
    rationale: "A prefix that names `!{partitionKeyFromQuery:key}` for a key the metadata extraction query does not yield (or with dynamic partitioning off) cannot be evaluated: every record goes to the error output prefix and no data lands. A key the query extracts but the prefix does not use costs processing and partitions nothing.",
    remediation: "Make the `MetadataExtractionQuery` (e.g. `{event_type:.event_type}`) and the S3 prefix's `!{partitionKeyFromQuery:...}` namespaces name the same keys, with dynamic partitioning enabled. In the blueprint: `delivery_streams[].dynamic_partitioning.keys`, from which lakectl writes both.",
    blueprint_field: Some("delivery_streams[].dynamic_partitioning"),
    scopes: Scopes {
        static_: "Every delivery stream's prefix names exactly the keys its dynamic partitioning extracts.",
        blueprint: "Every deployed delivery stream's prefix names exactly the keys its dynamic partitioning extracts.",
        account: "Every delivery stream to S3 names in its prefix exactly the keys its dynamic partitioning extracts.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for ds in &model.delivery_streams {
        let resource = Resource::delivery_stream(&model.lake, ds);
        let Some(prefix) = out.known(&resource, "prefix", &ds.prefix) else {
            continue;
        };
        let Some(partitioning) =
            out.known(&resource, "dynamic partitioning", &ds.dynamic_partitioning)
        else {
            continue;
        };
        let named = referenced_keys(prefix);
        let problem = match partitioning {
            None => named.first().map(|key| {
                format!("the prefix places records by `{key}`, but dynamic partitioning is off")
            }),
            Some(p) => {
                let extracted: Vec<&str> = p.keys.iter().map(|k| k.name.as_str()).collect();
                let missing = named.iter().find(|k| !extracted.contains(k));
                let unused = extracted.iter().find(|k| !named.contains(k));
                match (missing, unused) {
                    (Some(key), _) => Some(format!(
                        "the prefix places records by `{key}`, which the extraction query does not extract"
                    )),
                    // A query-less stream (keys from a Lambda) extracts nothing of ours.
                    (None, Some(key)) => Some(format!(
                        "the extraction query extracts `{key}`, which the prefix does not use"
                    )),
                    (None, None) => None,
                }
            }
        };
        out.check(resource, problem.is_none(), || problem.unwrap_or_default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{DynamicPartitioning, PartitionQuery, Prop};

    fn keys(names: &[&str]) -> Prop<Option<DynamicPartitioning>> {
        Prop::Known(Some(DynamicPartitioning {
            keys: (names.iter())
                .map(|n| PartitionQuery {
                    name: n.to_string(),
                    query: format!(".{n}"),
                })
                .collect(),
            retry_seconds: 300,
        }))
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(
            problems(&RULE, &model),
            vec![],
            "no dynamic partitioning, no key"
        );
        let name = model.delivery_streams[0].id.clone();
        let d = &mut model.delivery_streams[0];
        d.prefix = Prop::Known("clicks/event_type=!{partitionKeyFromQuery:event_type}/".into());
        d.dynamic_partitioning = keys(&["event_type"]);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.delivery_streams[0].dynamic_partitioning = keys(&["kind"]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "the prefix places records by `event_type`, which the extraction query does not extract"
            )]
        );
        model.delivery_streams[0].dynamic_partitioning = keys(&["event_type", "kind"]);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "the extraction query extracts `kind`, which the prefix does not use"
            )]
        );
        model.delivery_streams[0].dynamic_partitioning = Prop::Known(None);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "the prefix places records by `event_type`, but dynamic partitioning is off"
            )]
        );
        model.delivery_streams[0].dynamic_partitioning =
            unknown_prop("firehose:DescribeDeliveryStream");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &name,
                "dynamic partitioning: AccessDenied on firehose:DescribeDeliveryStream"
            )]
        );
    }
}
