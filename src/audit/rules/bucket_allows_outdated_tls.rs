//! LK-S3-005: every lake bucket's policy denies TLS older than 1.2.

use crate::audit::Resource;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::bucket_policy;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-S3-005",
    name: "bucket-allows-outdated-tls",
    title: "Bucket policies deny every request with s3:TlsVersion below 1.2, on the bucket and its objects",
    severity: Severity::Medium,
    service: Service::S3,
    lens: &[ids::SEC_IN_TRANSIT],
    rationale: "TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996). Refusing them in the bucket policy makes every client, including old SDKs and tools, use TLS 1.2 or later.",
    remediation: "Add to the bucket policy: `Effect: Deny`, `Principal: \"*\"`, `Action: \"s3:*\"`, `Resource: [<bucket ARN>, <bucket ARN>/*]`, `Condition: {NumericLessThan: {s3:TlsVersion: \"1.2\"}}`; `lakectl deploy` writes it for every lake bucket.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "Each bucket policy denies s3:TlsVersion below 1.2 on the bucket and `/*`.",
        blueprint: "The deployed bucket policies deny s3:TlsVersion below 1.2.",
        account: "Every bucket's policy denies s3:TlsVersion below 1.2 on the bucket ARN and on `/*`.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for bucket in &model.buckets {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(policy) = out.known(&resource, "bucket policy", &bucket.policy) else {
            continue;
        };
        let Some(policy) = policy else {
            out.fail(
                resource,
                "the bucket has no policy, so TLS 1.0 and 1.1 are allowed",
            );
            continue;
        };
        let arn = resource.arn.clone();
        let coverage = policy_eval::old_tls_denied(&bucket_policy(policy, bucket, &arn), &arn);
        out.check(resource, coverage.complete(), || {
            format!(
                "no deny of s3:TlsVersion < 1.2 covers {}",
                coverage.missing(&arn)
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::policy::{Principal, Statement};
    use crate::model::{PolicyDocument, Prop};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 5);
        assert_eq!(problems(&RULE, &model), vec![]);
        let arn = format!("arn:aws:s3:::{}", bucket_name("raw"));
        model.buckets[0].policy = Prop::Known(Some(PolicyDocument::new(vec![
            Statement::deny("Tls", &["s3:*"], vec![arn.clone()])
                .principal(Principal::any())
                .when("NumericLessThan", "s3:TlsVersion", &["1.1"]),
        ])));
        model.buckets[1].policy = Prop::Known(None);
        model.buckets[2].policy = unknown_prop("s3:GetBucketPolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    &format!("no deny of s3:TlsVersion < 1.2 covers `{arn}` and `{arn}/*`")
                ),
                fail(
                    "cleansed",
                    "the bucket has no policy, so TLS 1.0 and 1.1 are allowed"
                ),
                unknown(
                    "curated",
                    "bucket policy: AccessDenied on s3:GetBucketPolicy"
                ),
            ]
        );
    }
}
