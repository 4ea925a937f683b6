//! LK-S3-001: a zone bucket must default to SSE-KMS with its zone's customer managed key.

use crate::audit::Resource;
use crate::audit::keys;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{Cmk, enabled_customer_managed, zone_of};
use crate::audit::scope::Scope;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Bucket, BucketEncryption, KeyRef, Model, SseAlgorithm};

pub static RULE: Rule = Rule {
    id: "LK-S3-001",
    name: "zone-bucket-without-zone-cmk",
    title: "Zone buckets encrypt by default with SSE-KMS and the zone's customer managed key",
    severity: Severity::High,
    service: Service::S3,
    lens: &[ids::SEC_AT_REST],
    rationale: "Data at rest in a zone is protected by who may use the zone's key, not only by who may read the bucket. With SSE-S3 or the AWS managed key, anyone with s3:GetObject reads the data; with the zone's own key, reading also takes kms:Decrypt on that key, and the blast radius of a leaked grant is one zone.",
    remediation: "Set the bucket's default encryption to SSE-KMS with the zone's key (`alias/<lake>-<env>-<zone>`) and redeploy with `lakectl deploy`. The blueprint cannot weaken this: `zones[].encryption` accepts only `sse-kms`, and `encryption.key_strategy` chooses a key per zone or one for the lake.",
    blueprint_field: Some("zones[].encryption"),
    scopes: Scopes {
        static_: "Each zone bucket's default encryption names the zone's key (or the single lake key).",
        blueprint: "Each deployed zone bucket defaults to SSE-KMS with the zone's key, found by alias.",
        account: "Each data bucket defaults to SSE-KMS with an enabled customer managed key of the account; the AWS managed `aws/s3` key and SSE-S3 fail with their own messages.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for bucket in &model.buckets {
        let Some((zone, _)) = zone_of(bucket) else {
            continue;
        };
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(encryption) = out.known(&resource, "default encryption", &bucket.encryption)
        else {
            continue;
        };
        if out.scope() == Scope::Account {
            account_baseline(model, bucket, encryption, resource, out);
            continue;
        }
        let Some(zone_key) = keys::zone_key(model, zone) else {
            out.fail(resource, format!("the lake has no key for zone `{zone}`"));
            continue;
        };
        match (&encryption.algorithm, &encryption.key) {
            (SseAlgorithm::Kms | SseAlgorithm::KmsDsse, Some(key))
                if keys::ref_denotes(model, key, zone_key) =>
            {
                out.pass(resource)
            }
            (SseAlgorithm::Kms | SseAlgorithm::KmsDsse, Some(key)) => out.fail(
                resource,
                format!(
                    "default encryption uses {}, not the zone's key `{}`",
                    keys::describe(key),
                    zone_key.alias
                ),
            ),
            (SseAlgorithm::Kms | SseAlgorithm::KmsDsse, None) => out.fail(
                resource,
                "default encryption is SSE-KMS without a key, so the AWS managed key aws/s3 is used",
            ),
            (SseAlgorithm::Aes256, _) => {
                out.fail(resource, "default encryption is SSE-S3 (AES256), not SSE-KMS")
            }
            (SseAlgorithm::None, _) => out.fail(resource, "the bucket has no default encryption"),
        }
    }
}

/// An account has no zones: a data bucket must default to SSE-KMS with an enabled customer
/// managed key of the account.
fn account_baseline(
    model: &Model,
    bucket: &Bucket,
    encryption: &BucketEncryption,
    resource: Resource,
    out: &mut Results,
) {
    debug_assert!(zone_of(bucket).is_some());
    match (&encryption.algorithm, &encryption.key) {
        (SseAlgorithm::Kms | SseAlgorithm::KmsDsse, None | Some(KeyRef::AwsManaged)) => out.fail(
            resource,
            "default encryption uses the AWS managed key aws/s3, not a customer managed key",
        ),
        (SseAlgorithm::Kms | SseAlgorithm::KmsDsse, Some(key)) => {
            match enabled_customer_managed(model, key) {
                Cmk::Yes => out.pass(resource),
                Cmk::No(message) => out.fail(resource, format!("default encryption is {message}")),
                Cmk::CannotTell(_) => out.unknown(
                    resource,
                    format!(
                        "default encryption uses {}, which is not a customer managed key of this account and region; cannot tell who manages it",
                        keys::describe(key)
                    ),
                ),
            }
        }
        (SseAlgorithm::Aes256, _) => out.fail(
            resource,
            "default encryption is SSE-S3 (AES256), not SSE-KMS with a customer managed key",
        ),
        (SseAlgorithm::None, _) => out.fail(resource, "the bucket has no default encryption"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{KeyRef, Prop};

    #[test]
    fn compliant_zone_buckets_pass() {
        let model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 3);
        assert_eq!(problems(&RULE, &model), vec![]);
    }

    #[test]
    fn another_zone_s_key_or_weaker_encryption_fails() {
        let mut model = compliant_model();
        let Prop::Known(enc) = &mut model.buckets[0].encryption else {
            unreachable!()
        };
        enc.key = Some(KeyRef::Lake("curated".into()));
        let Prop::Known(enc) = &mut model.buckets[1].encryption else {
            unreachable!()
        };
        enc.algorithm = SseAlgorithm::Aes256;
        enc.key = None;
        let Prop::Known(enc) = &mut model.buckets[2].encryption else {
            unreachable!()
        };
        enc.key = Some(KeyRef::AwsManaged);
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "default encryption uses lake key `curated`, not the zone's key `alias/retail-prod-raw`"
                ),
                fail(
                    "cleansed",
                    "default encryption is SSE-S3 (AES256), not SSE-KMS"
                ),
                fail(
                    "curated",
                    "default encryption uses the AWS managed key, not the zone's key `alias/retail-prod-curated`"
                ),
            ]
        );
    }

    #[test]
    fn a_live_key_arn_denotes_the_zone_key() {
        let mut model = compliant_model();
        model.keys[0].arn = Some("arn:aws:kms:us-east-1:123456789012:key/abcd".into());
        let Prop::Known(enc) = &mut model.buckets[0].encryption else {
            unreachable!()
        };
        enc.key = Some(KeyRef::Other(
            "arn:aws:kms:us-east-1:123456789012:key/abcd".into(),
        ));
        assert_eq!(problems(&RULE, &model), vec![]);
    }

    #[test]
    fn in_account_scope_any_enabled_cmk_passes_and_each_weaker_choice_has_its_message() {
        use crate::audit::AuditPolicy;
        use crate::model::KeyState;
        let mut model = account_model();
        // Another zone's key is fine in an account: there are no zones.
        let Prop::Known(enc) = &mut model.buckets[0].encryption else {
            unreachable!()
        };
        enc.key = Some(KeyRef::Lake("curated".into()));
        assert_eq!(
            account_problems(&RULE, &model, AuditPolicy::default()),
            vec![]
        );

        let Prop::Known(enc) = &mut model.buckets[1].encryption else {
            unreachable!()
        };
        enc.key = Some(KeyRef::AwsManaged);
        let Prop::Known(enc) = &mut model.buckets[2].encryption else {
            unreachable!()
        };
        enc.algorithm = SseAlgorithm::Aes256;
        enc.key = None;
        model.keys[0].state = Prop::Known(KeyState::Disabled);
        let Prop::Known(enc) = &mut model.buckets[0].encryption else {
            unreachable!()
        };
        enc.key = Some(KeyRef::Lake("raw".into()));
        assert_eq!(
            account_problems(&RULE, &model, AuditPolicy::default()),
            vec![
                fail(
                    "raw",
                    "default encryption is encrypted with lake key `raw`, which is disabled"
                ),
                fail(
                    "cleansed",
                    "default encryption uses the AWS managed key aws/s3, not a customer managed key"
                ),
                fail(
                    "curated",
                    "default encryption is SSE-S3 (AES256), not SSE-KMS with a customer managed key"
                ),
            ]
        );
        let messages = format!(
            "{:?}",
            account_problems(&RULE, &model, AuditPolicy::default())
        );
        assert!(!messages.contains("no key for zone"), "{messages}");
    }

    #[test]
    fn unreadable_encryption_is_unknown() {
        let mut model = compliant_model();
        model.buckets[0].encryption = unknown_prop("s3:GetEncryptionConfiguration");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "raw",
                "default encryption: AccessDenied on s3:GetEncryptionConfiguration"
            )]
        );
    }
}
