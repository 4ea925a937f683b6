//! LK-S3-006: zone bucket policies refuse uploads encrypted otherwise than with the zone key.

use crate::audit::Resource;
use crate::audit::keys;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{bucket_policy, zone_of};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-S3-006",
    name: "zone-bucket-accepts-foreign-encryption",
    title: "Zone bucket policies deny uploads with another KMS key or non-KMS encryption",
    severity: Severity::Medium,
    service: Service::S3,
    lens: &[ids::SEC_AT_REST],
    rationale: "Default encryption applies only when a request names no encryption. A writer can still ask for SSE-S3 or for a key it controls, and the object then escapes the zone key's access control (and may become unreadable to the lake when that key goes away).",
    remediation: "Add two denies on `s3:PutObject` for `<bucket ARN>/*` to everyone: one with `StringNotEquals: {s3:x-amz-server-side-encryption: aws:kms}`, one with `StringNotEquals: {s3:x-amz-server-side-encryption-aws-kms-key-id: <zone key ARN>}`; `lakectl deploy` writes both for every zone bucket.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "Zone bucket policies deny uploads not encrypted with the zone's key.",
        blueprint: "Deployed zone bucket policies deny uploads not encrypted with the zone's key.",
        account: "Not checked: an account has no zone keys to pin uploads to; LK-S3-001 judges the default encryption.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    // An account has no zone keys to pin uploads to; LK-S3-001 judges its default encryption.
    if out.scope() == Scope::Account {
        return;
    }
    for bucket in &model.buckets {
        let Some((zone, _)) = zone_of(bucket) else {
            continue;
        };
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(policy) = out.known(&resource, "bucket policy", &bucket.policy) else {
            continue;
        };
        let Some(policy) = policy else {
            out.fail(
                resource,
                "the bucket has no policy, so uploads may choose any encryption",
            );
            continue;
        };
        let Some(zone_key) = keys::zone_key(model, zone) else {
            out.fail(resource, format!("the lake has no key for zone `{zone}`"));
            continue;
        };
        let arn = resource.arn.clone();
        let policy = bucket_policy(policy, bucket, &arn);
        let is_zone_key = |text: &str| keys::text_denotes(zone_key, text);
        let other_keys = policy_eval::foreign_kms_key_denied(&policy, &arn, is_zone_key);
        let non_kms = policy_eval::non_kms_encryption_denied(&policy, &arn)
            || policy_eval::uploads_without_zone_key_denied(&policy, &arn, is_zone_key);
        let missing = match (other_keys, non_kms) {
            (true, true) => {
                out.pass(resource);
                continue;
            }
            (false, true) => "uploads with another KMS key",
            (true, false) => "uploads with non-KMS encryption",
            (false, false) => "uploads with another KMS key or non-KMS encryption",
        };
        out.fail(
            resource,
            format!(
                "the policy does not deny {missing} (zone key `{}`)",
                zone_key.alias
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{PolicyDocument, Prop};

    fn keep(model: &mut crate::model::Model, index: usize, sids: &[&str]) {
        let Prop::Known(Some(policy)) = &mut model.buckets[index].policy else {
            unreachable!()
        };
        policy
            .statements
            .retain(|s| sids.contains(&s.sid.as_deref().unwrap_or("")));
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 3);
        assert_eq!(problems(&RULE, &model), vec![]);
        keep(&mut model, 0, &["DenyNonKmsEncryption"]);
        keep(&mut model, 1, &["DenyOtherKmsKeys"]);
        model.buckets[2].policy = unknown_prop("s3:GetBucketPolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "the policy does not deny uploads with another KMS key (zone key `alias/retail-prod-raw`)"
                ),
                unknown(
                    "curated",
                    "bucket policy: AccessDenied on s3:GetBucketPolicy"
                ),
            ],
            "a strict key deny (StringNotEquals, no guard) also refuses non-KMS uploads"
        );
    }

    #[test]
    fn a_deny_for_another_zone_s_key_fails() {
        let mut model = compliant_model();
        let arn = format!("arn:aws:s3:::{}", bucket_name("raw"));
        model.buckets[0].policy = Prop::Known(Some(PolicyDocument::new(encryption_statements(
            &arn,
            "KeyCurated",
        ))));
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "raw",
                "the policy does not deny uploads with another KMS key (zone key `alias/retail-prod-raw`)"
            )]
        );
    }
}
