//! LK-S3-002: SSE-KMS zone buckets use an S3 Bucket Key.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::zone_of;
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::{Model, SseAlgorithm};

pub static RULE: Rule = Rule {
    id: "LK-S3-002",
    name: "zone-bucket-without-bucket-key",
    title: "SSE-KMS zone buckets use an S3 Bucket Key",
    severity: Severity::Low,
    service: Service::S3,
    lens: &[ids::SEC_AT_REST],
    rationale: "Without a bucket key every object write and read calls KMS. At data-lake request rates that hits KMS request quotas (throttled queries and ingestion) and multiplies the KMS bill; a bucket key keeps the zone key's protection with far fewer KMS calls.",
    remediation: "Enable the bucket key on the bucket's default encryption (`BucketKeyEnabled: true`) and redeploy with `lakectl deploy`; lakectl always sets it for zone buckets.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "Zone buckets set the bucket key on their SSE-KMS default encryption.",
        blueprint: "Deployed zone buckets have the bucket key on.",
        account: "Every bucket whose default encryption is SSE-KMS has the bucket key on.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    // In account scope every SSE-KMS bucket, since any bucket may hold data.
    let every_bucket = out.scope() == Scope::Account;
    for bucket in model
        .buckets
        .iter()
        .filter(|b| every_bucket || zone_of(b).is_some())
    {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(encryption) = out.known(&resource, "default encryption", &bucket.encryption)
        else {
            continue;
        };
        if !matches!(
            encryption.algorithm,
            SseAlgorithm::Kms | SseAlgorithm::KmsDsse
        ) {
            out.not_applicable(resource, "bucket keys apply to SSE-KMS only");
            continue;
        }
        out.check(resource, encryption.bucket_key, || {
            "SSE-KMS without a bucket key: every request calls KMS".to_string()
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
        let Prop::Known(enc) = &mut model.buckets[0].encryption else {
            unreachable!()
        };
        enc.bucket_key = false;
        let Prop::Known(enc) = &mut model.buckets[1].encryption else {
            unreachable!()
        };
        enc.algorithm = SseAlgorithm::Aes256;
        model.buckets[2].encryption = unknown_prop("s3:GetEncryptionConfiguration");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "SSE-KMS without a bucket key: every request calls KMS"
                ),
                na("cleansed", "bucket keys apply to SSE-KMS only"),
                unknown(
                    "curated",
                    "default encryption: AccessDenied on s3:GetEncryptionConfiguration"
                ),
            ]
        );
    }
}
