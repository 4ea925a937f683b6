//! LK-S3-004: every lake bucket's policy denies requests over plain HTTP.

use crate::audit::Resource;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::bucket_policy;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-S3-004",
    name: "bucket-allows-insecure-transport",
    title: "Bucket policies deny every request with aws:SecureTransport = false, on the bucket and its objects",
    severity: Severity::High,
    service: Service::S3,
    lens: &[ids::SEC_IN_TRANSIT],
    rationale: "S3 accepts plain HTTP unless the bucket policy refuses it, and then credentials' signatures and data cross the network readable. The deny must name both the bucket ARN (bucket-level actions such as ListBucket) and `/*` (objects); a deny on `/*` alone leaves listing and bucket configuration open over HTTP.",
    remediation: "Add to the bucket policy: `Effect: Deny`, `Principal: \"*\"`, `Action: \"s3:*\"`, `Resource: [<bucket ARN>, <bucket ARN>/*]`, `Condition: {Bool: {aws:SecureTransport: false}}`; `lakectl deploy` writes it for every lake bucket. The blueprint cannot turn it off (`zones[].allow_http` accepts only `false`).",
    blueprint_field: Some("zones[].allow_http"),
    scopes: Scopes {
        static_: "Each bucket policy denies aws:SecureTransport=false on the bucket and `/*`.",
        blueprint: "The deployed bucket policies deny aws:SecureTransport=false on the bucket and `/*`.",
        account: "Every bucket's policy denies aws:SecureTransport=false on the bucket ARN and on `/*`; no policy, an allow-only policy or a deny on one of the two fails.",
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
                "the bucket has no policy, so plain HTTP is allowed",
            );
            continue;
        };
        let arn = resource.arn.clone();
        let coverage =
            policy_eval::insecure_transport_denied(&bucket_policy(policy, bucket, &arn), &arn);
        out.check(resource, coverage.complete(), || {
            format!(
                "no deny of aws:SecureTransport = false covers {}",
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
    fn compliant_buckets_pass() {
        let model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 5);
        assert_eq!(problems(&RULE, &model), vec![]);
    }

    #[test]
    fn a_deny_on_objects_only_leaves_the_bucket_arn_open() {
        let mut model = compliant_model();
        let arn = format!("arn:aws:s3:::{}", bucket_name("raw"));
        model.buckets[0].policy = Prop::Known(Some(PolicyDocument::new(vec![
            Statement::deny("Tls", &["s3:*"], vec![format!("{arn}/*")])
                .principal(Principal::any())
                .when("Bool", "aws:SecureTransport", &["false"]),
        ])));
        model.buckets[1].policy = Prop::Known(None);
        model.buckets[2].policy = unknown_prop("s3:GetBucketPolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    &format!("no deny of aws:SecureTransport = false covers `{arn}`")
                ),
                fail(
                    "cleansed",
                    "the bucket has no policy, so plain HTTP is allowed"
                ),
                unknown(
                    "curated",
                    "bucket policy: AccessDenied on s3:GetBucketPolicy"
                ),
            ]
        );
    }

    #[test]
    fn a_policy_naming_its_bucket_by_token_is_resolved() {
        let mut model = compliant_model();
        let token = "${BucketRaw.Arn}";
        model.buckets[0].policy = Prop::Known(Some(PolicyDocument::new(vec![
            Statement::deny("Tls", &["s3:*"], vec![token.into(), format!("{token}/*")])
                .principal(Principal::any())
                .when("Bool", "aws:SecureTransport", &["false"]),
        ])));
        assert_eq!(problems(&RULE, &model), vec![]);
    }
}
