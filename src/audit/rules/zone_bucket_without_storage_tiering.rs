//! LK-S3-015: zone buckets move cooling data to cheaper storage classes (split from LK-S3-013,
//! which an abort-only lifecycle no longer passes).

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-S3-015",
    name: "zone-bucket-without-storage-tiering",
    title: "Zone buckets transition objects to cheaper storage classes",
    severity: Severity::Low,
    service: Service::S3,
    lens: &[ids::COST_TIERING, ids::COST_FRESHNESS],
    rationale: "Lake data cools: most objects are read in their first weeks and rarely after, and data that stops changing should move to cheaper tiers on its own (ANALYTICS_COST 06). A lifecycle transition to Infrequent Access, Glacier or Intelligent-Tiering keeps the data while paying less for it; expiring or aborting uploads alone does not tier anything.",
    remediation: "Give the zone transitions in the blueprint (`zones[].lifecycle.transitions`; without a `lifecycle` lakectl applies the zone kind's default tiering) and redeploy.",
    blueprint_field: Some("zones[].lifecycle.transitions"),
    scopes: Scopes {
        static_: "Every zone bucket has an enabled lifecycle rule with a storage-class transition.",
        blueprint: "Every deployed zone bucket is checked the same way.",
        account: "Every data bucket (not access-log or query-result buckets) has an Enabled lifecycle rule with at least one transition.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for bucket in model.buckets.iter().filter(|b| b.zone().is_some()) {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(rules) = out.known(&resource, "lifecycle configuration", &bucket.lifecycle) else {
            continue;
        };
        let tiers = rules.iter().any(|r| r.enabled && !r.transitions.is_empty());
        out.check(resource, tiers, || {
            "no enabled lifecycle rule transitions objects to a cheaper storage class".to_string()
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
        assert_eq!(outcomes(&RULE, &model).len(), 3);
        assert_eq!(problems(&RULE, &model), vec![]);
        let Prop::Known(rules) = &mut model.buckets[0].lifecycle else {
            unreachable!()
        };
        rules[0].transitions.clear();
        let Prop::Known(rules) = &mut model.buckets[1].lifecycle else {
            unreachable!()
        };
        rules[0].enabled = false;
        model.buckets[2].lifecycle = unknown_prop("s3:GetLifecycleConfiguration");
        let message = "no enabled lifecycle rule transitions objects to a cheaper storage class";
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail("raw", message),
                fail("cleansed", message),
                unknown(
                    "curated",
                    "lifecycle configuration: AccessDenied on s3:GetLifecycleConfiguration"
                ),
            ]
        );
    }
}
