//! LK-S3-009: the raw zone keeps every object version.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::zone_of;
use crate::audit::scope::{Scope, Scopes};
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
    scopes: Scopes {
        static_: "Raw zone buckets have versioning on.",
        blueprint: "Deployed raw zone buckets have versioning enabled.",
        account: "Every data bucket (not an access-log or query-result bucket) has versioning enabled; never enabled and suspended fail with their own messages.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    // An account does not say which bucket is raw: every data bucket keeps its versions.
    let every_data_bucket = out.scope() == Scope::Account;
    for bucket in &model.buckets {
        let judged = match zone_of(bucket) {
            Some((_, ZoneKind::Raw)) => true,
            Some(_) => every_data_bucket,
            None => false,
        };
        if !judged {
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
    fn in_account_scope_every_data_bucket_is_judged() {
        let mut model = account_model();
        model.buckets[1].versioning = Prop::Known(Versioning::Suspended);
        model.buckets[2].versioning = Prop::Known(Versioning::Disabled);
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![
                fail("cleansed", "versioning is suspended"),
                fail("curated", "versioning is disabled"),
            ]
        );
        // A lake judges only its raw zone.
        assert_eq!(problems(&RULE, &model), vec![]);
    }

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
