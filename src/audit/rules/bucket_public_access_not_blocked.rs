//! LK-S3-007: all four Block Public Access settings are on for every lake bucket.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, PublicAccessBlock};

pub static RULE: Rule = Rule {
    id: "LK-S3-007",
    name: "bucket-public-access-not-blocked",
    title: "All four S3 Block Public Access settings are on for every lake bucket",
    severity: Severity::High,
    service: Service::S3,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "Block Public Access is the backstop against a public ACL or bucket policy added later by mistake. Each of the four settings closes a different path (new public ACLs, existing public ACLs, new public policies, cross-account access through a public policy); one off leaves that path open.",
    remediation: "Turn on BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets on the bucket and redeploy with `lakectl deploy`. The blueprint cannot weaken this (`zones[].public` accepts only `false`).",
    blueprint_field: Some("zones[].public"),
    scopes: Scopes {
        static_: "Every bucket has all four Block Public Access settings on.",
        blueprint: "Every deployed bucket has all four Block Public Access settings on.",
        account: "Every bucket has all four Block Public Access settings on; one setting off fails and names it.",
    },
    check,
};

/// The names of the settings that are off.
pub fn settings_off(block: &PublicAccessBlock) -> Vec<&'static str> {
    [
        ("BlockPublicAcls", block.block_public_acls),
        ("IgnorePublicAcls", block.ignore_public_acls),
        ("BlockPublicPolicy", block.block_public_policy),
        ("RestrictPublicBuckets", block.restrict_public_buckets),
    ]
    .into_iter()
    .filter(|(_, on)| !on)
    .map(|(name, _)| name)
    .collect()
}

fn check(model: &Model, out: &mut Results) {
    for bucket in &model.buckets {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(block) = out.known(
            &resource,
            "public access block",
            &bucket.public_access_block,
        ) else {
            continue;
        };
        out.check(resource, block.all_on(), || {
            format!(
                "public access block off: {}",
                settings_off(block).join(", ")
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
        assert_eq!(outcomes(&RULE, &model).len(), 5);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.buckets[0].public_access_block = Prop::Known(PublicAccessBlock {
            ignore_public_acls: false,
            restrict_public_buckets: false,
            ..PublicAccessBlock::ALL_ON
        });
        model.buckets[1].public_access_block = unknown_prop("s3:GetPublicAccessBlock");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "public access block off: IgnorePublicAcls, RestrictPublicBuckets"
                ),
                unknown(
                    "cleansed",
                    "public access block: AccessDenied on s3:GetPublicAccessBlock"
                ),
            ]
        );
    }
}
