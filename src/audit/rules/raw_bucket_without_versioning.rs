//! LK-S3-009: the raw zone keeps every object version.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::zone_of;
use crate::lens::ids;
use crate::model::{Model, Versioning, ZoneKind};

pub static RULE: Rule = Rule {
    id: "LK-S3-009",
    name: "raw-bucket-without-versioning",
    title: "Raw zone buckets have versioning enabled",
    severity: Severity::Medium,
    service: Service::S3,
    lens: &[ids::REL_RECOVER_STORE],
    rationale: "Raw data is the lake's source of truth: every downstream zone can be rebuilt from it, but it cannot be rebuilt from anything. Versioning turns an overwrite or delete (a bad job, a mistaken sync) into a recoverable event.",
    remediation: "Enable versioning on the raw bucket and redeploy with `lakectl deploy`. The blueprint cannot turn it off for raw zones (`zones[].versioning` is always on for kind raw); other zones opt in with `versioning: true`, which `lakectl plan` then keeps in place.",
    blueprint_field: Some("zones[].versioning"),
    check,
};

fn check(model: &Model, out: &mut Results) {
    for bucket in &model.buckets {
        if !matches!(zone_of(bucket), Some((_, ZoneKind::Raw))) {
            continue;
        }
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(versioning) = out.known(&resource, "versioning", &bucket.versioning) else {
            continue;
        };
        out.check(resource, *versioning == Versioning::Enabled, || {
            format!("versioning is {}", format!("{versioning:?}").to_lowercase())
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
        assert_eq!(outcomes(&RULE, &model).len(), 1, "only the raw zone");
        assert_eq!(problems(&RULE, &model), vec![]);
        model.buckets[0].versioning = Prop::Known(Versioning::Suspended);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail("raw", "versioning is suspended")]
        );
        model.buckets[0].versioning = unknown_prop("s3:GetBucketVersioning");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "raw",
                "versioning: AccessDenied on s3:GetBucketVersioning"
            )]
        );
    }
}
