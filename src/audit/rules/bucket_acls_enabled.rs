//! LK-S3-008: object ownership is BucketOwnerEnforced (ACLs disabled).

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, ObjectOwnership};

pub static RULE: Rule = Rule {
    id: "LK-S3-008",
    name: "bucket-acls-enabled",
    title: "Lake buckets enforce bucket-owner object ownership (ACLs disabled)",
    severity: Severity::Medium,
    service: Service::S3,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "With ACLs enabled, an object written by another account belongs to the writer, and per-object ACLs grant access that the bucket policy and Lake Formation never see. BucketOwnerEnforced disables ACLs, so policies alone decide access.",
    remediation: "Set the bucket's ObjectOwnership to `BucketOwnerEnforced` and redeploy with `lakectl deploy`; lakectl always sets it.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "Every bucket enforces bucket-owner object ownership.",
        blueprint: "Every deployed bucket enforces bucket-owner object ownership.",
        account: "Every bucket enforces bucket-owner object ownership (ACLs disabled).",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for bucket in &model.buckets {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(ownership) = out.known(&resource, "object ownership", &bucket.ownership) else {
            continue;
        };
        out.check(
            resource,
            *ownership == ObjectOwnership::BucketOwnerEnforced,
            || match ownership {
                ObjectOwnership::None => "no ownership controls: ACLs are in effect".to_string(),
                other => format!("object ownership is {other:?}: ACLs are in effect"),
            },
        );
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
        assert_eq!(outcomes(&RULE, &model).len(), 5);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.buckets[0].ownership = Prop::Known(ObjectOwnership::ObjectWriter);
        model.buckets[1].ownership = Prop::Known(ObjectOwnership::None);
        model.buckets[2].ownership = unknown_prop("s3:GetBucketOwnershipControls");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "object ownership is ObjectWriter: ACLs are in effect"
                ),
                fail("cleansed", "no ownership controls: ACLs are in effect"),
                unknown(
                    "curated",
                    "object ownership: AccessDenied on s3:GetBucketOwnershipControls"
                ),
            ]
        );
    }
}
