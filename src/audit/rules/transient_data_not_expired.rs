//! LK-S3-016: transient data expires: noncurrent object versions in versioned buckets, and the
//! query results work groups write.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::arn::s3_parts;
use crate::model::{Bucket, BucketPurpose, LifecycleRule, Model, Prop, Versioning};

pub static RULE: Rule = Rule {
    id: "LK-S3-016",
    name: "transient-data-not-expired",
    title: "Noncurrent object versions and query results expire after a set age",
    severity: Severity::Low,
    service: Service::S3,
    lens: &[ids::COST_LIFECYCLE],
    rationale: "The lens counts noncurrent object versions and query results as transient data that should be deleted once it has served its purpose. A versioned bucket without a noncurrent-version expiration keeps every overwritten or deleted object forever, at full price; Athena writes a result file for every query, and nothing removes them unless a lifecycle rule does.",
    remediation: "Expire noncurrent versions in every versioned bucket (`zones[].lifecycle.noncurrent_expiration_days`, on by default) and query results in the results bucket (`athena_results.expiration_days`), then redeploy; outside lakectl, add an Enabled lifecycle rule with `NoncurrentVersionExpiration` for the whole bucket, and one with `Expiration` covering each work group's output location.",
    blueprint_field: Some("athena_results.expiration_days"),
    scopes: Scopes {
        static_: "Every versioned bucket expires noncurrent versions, and the results bucket expires what the work groups write.",
        blueprint: "The deployed buckets are checked the same way, against the work groups' output locations as deployed.",
        account: "Every versioned (or suspended) bucket has an Enabled whole-bucket rule expiring noncurrent versions, and every bucket a work group writes results to has an Enabled rule expiring objects under that location; other buckets are not judged.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for bucket in &model.buckets {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(versioning) = out.known(&resource, "versioning", &bucket.versioning) else {
            continue;
        };
        let versioned = *versioning != Versioning::Disabled;
        let (results, unread) = result_prefixes(model, bucket);
        // A work group whose output location is unknown may write anywhere; only the bucket the
        // lake made for results is then undecided (the Athena rules report the unread group).
        if let (Some(reason), BucketPurpose::AthenaResults) = (unread, &bucket.purpose) {
            out.unknown(resource, reason);
            continue;
        }
        if !versioned && results.is_empty() {
            continue;
        }
        let Some(rules) = out.known(&resource, "lifecycle configuration", &bucket.lifecycle) else {
            continue;
        };
        let enabled: Vec<&LifecycleRule> = rules.iter().filter(|r| r.enabled).collect();
        let mut gaps = Vec::new();
        if versioned
            && !enabled
                .iter()
                .any(|r| r.prefix.is_empty() && r.noncurrent_expiration_days.is_some())
        {
            gaps.push("the bucket is versioned but no enabled rule expires noncurrent versions of the whole bucket".to_string());
        }
        for (workgroup, prefix) in &results {
            let covered = enabled
                .iter()
                .any(|r| r.expiration_days.is_some() && prefix.starts_with(r.prefix.as_str()));
            if !covered {
                gaps.push(format!(
                    "no enabled rule expires the query results of work group `{workgroup}` under s3://{}/{prefix}",
                    bucket.name
                ));
            }
        }
        out.check(resource, gaps.is_empty(), || gaps.join("; "));
    }
}

/// The work groups that write their results into `bucket`, with the key prefix they write
/// under, and why a work group's output location could not be read, if one could not.
fn result_prefixes<'m>(
    model: &'m Model,
    bucket: &Bucket,
) -> (Vec<(&'m str, &'m str)>, Option<String>) {
    let mut found = Vec::new();
    let mut unread = None;
    for workgroup in &model.workgroups {
        match &workgroup.result_location {
            Prop::Known(Some(location)) => {
                if let Some((_, prefix)) = s3_parts(location).filter(|(b, _)| *b == bucket.name) {
                    found.push((workgroup.name.as_str(), prefix));
                }
            }
            Prop::Known(None) => {}
            Prop::Unknown(u) => {
                unread.get_or_insert_with(|| {
                    format!(
                        "work group `{}` output location: {}",
                        workgroup.name, u.unknown
                    )
                });
            }
        }
    }
    (found, unread)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;

    fn rules_of(model: &mut Model, bucket: usize) -> &mut Vec<LifecycleRule> {
        let Prop::Known(rules) = &mut model.buckets[bucket].lifecycle else {
            unreachable!()
        };
        rules
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        // Three versioned zones and the results bucket; the access-log bucket is not judged.
        assert_eq!(outcomes(&RULE, &model).len(), 4);
        assert_eq!(problems(&RULE, &model), vec![]);
        rules_of(&mut model, 0)[0].noncurrent_expiration_days = None;
        rules_of(&mut model, 1)[0].prefix = "tmp/".into();
        model.buckets[2].versioning = unknown_prop("s3:GetBucketVersioning");
        rules_of(&mut model, 4)[0].enabled = false;
        let results = bucket_name("athena-results");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "the bucket is versioned but no enabled rule expires noncurrent versions of the whole bucket"
                ),
                fail(
                    "cleansed",
                    "the bucket is versioned but no enabled rule expires noncurrent versions of the whole bucket"
                ),
                unknown(
                    "curated",
                    "versioning: AccessDenied on s3:GetBucketVersioning"
                ),
                fail(
                    "athena-results",
                    &format!(
                        "no enabled rule expires the query results of work group `retail-prod-analysts` under s3://{results}/analysts/"
                    )
                ),
            ]
        );
    }

    #[test]
    fn a_rule_for_the_results_prefix_counts_and_another_prefix_does_not() {
        let mut model = compliant_model();
        rules_of(&mut model, 4)[0].prefix = "analysts/".into();
        assert_eq!(problems(&RULE, &model), vec![]);
        rules_of(&mut model, 4)[0].prefix = "engineers/".into();
        assert_eq!(problems(&RULE, &model).len(), 1);
        model.workgroups[0].result_location = unknown_prop("athena:GetWorkGroup");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "athena-results",
                "work group `retail-prod-analysts` output location: AccessDenied on athena:GetWorkGroup"
            )]
        );
    }

    #[test]
    fn the_compiled_retail_lake_passes() {
        let model = crate::compile::testing::retail(Some(ACCOUNT));
        assert!(!outcomes(&RULE, &model).is_empty());
        assert_eq!(problems(&RULE, &model), vec![]);
    }
}
