//! LK-S3-003: the lake's service buckets (access logs, query results) have default encryption.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::zone_of;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, SseAlgorithm};

pub static RULE: Rule = Rule {
    id: "LK-S3-003",
    name: "bucket-without-default-encryption",
    title: "Access-log and query-result buckets have default encryption",
    severity: Severity::High,
    service: Service::S3,
    lens: &[ids::SEC_AT_REST],
    rationale: "Access logs and Athena query results copy lake data and metadata (object keys, query output). A bucket without default encryption stores them in the clear. Zone buckets are covered by LK-S3-001, which asks for more.",
    remediation: "Set default encryption: SSE-S3 for the access-log bucket (S3 server access logging delivers only to SSE-S3 buckets) and SSE-KMS for the query-results bucket, then redeploy with `lakectl deploy`.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "The access-log and query-result buckets have default encryption.",
        blueprint: "The deployed access-log and query-result buckets have default encryption.",
        account: "Buckets named or tagged as access-log or query-result buckets have default encryption (data buckets are judged by LK-S3-001).",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for bucket in model.buckets.iter().filter(|b| zone_of(b).is_none()) {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(encryption) = out.known(&resource, "default encryption", &bucket.encryption)
        else {
            continue;
        };
        out.check(resource, encryption.algorithm != SseAlgorithm::None, || {
            "the bucket has no default encryption".to_string()
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
        assert_eq!(outcomes(&RULE, &model).len(), 2);
        assert_eq!(problems(&RULE, &model), vec![]);
        let Prop::Known(enc) = &mut model.buckets[3].encryption else {
            unreachable!()
        };
        enc.algorithm = SseAlgorithm::None;
        model.buckets[4].encryption = unknown_prop("s3:GetEncryptionConfiguration");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail("access-logs", "the bucket has no default encryption"),
                unknown(
                    "athena-results",
                    "default encryption: AccessDenied on s3:GetEncryptionConfiguration"
                ),
            ]
        );
    }
}
