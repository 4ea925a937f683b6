//! LK-S3-011: no bucket policy statement grants access to anyone.

use crate::audit::Resource;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-S3-011",
    name: "bucket-policy-allows-public-access",
    title: "Bucket policies grant nothing to anyone (`\"*\"`) without a condition naming the callers",
    severity: Severity::Critical,
    service: Service::S3,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "An Allow to `\"*\"`, `{\"AWS\": \"*\"}` or through `NotPrincipal` opens the bucket to every AWS account and, unless Block Public Access stops it, to the internet. A condition on the caller's organization, account, VPC endpoint or source ARN turns it into a scoped grant.",
    remediation: "Remove the statement, or name the principals, or add a condition such as `StringEquals: {aws:PrincipalOrgID: <org id>}`. lakectl never writes public grants; grant access through roles (`roles[]`) and Lake Formation (`lake_formation.grants`).",
    blueprint_field: Some("lake_formation.grants"),
    scopes: Scopes {
        static_: "No bucket policy grants to `*` without a condition naming the callers.",
        blueprint: "No deployed bucket policy grants to `*` without such a condition.",
        account: "No bucket policy grants to `*` without a condition naming the callers.",
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
            out.pass(resource);
            continue;
        };
        let open = policy_eval::public_grants(policy);
        out.check(resource, open.is_empty(), || {
            let labels: Vec<String> = open
                .iter()
                .map(|s| policy_eval::statement_label(policy, s))
                .collect();
            format!("{} allows anyone", labels.join(", "))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;
    use crate::model::policy::{Principal, Statement};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 5);
        assert_eq!(problems(&RULE, &model), vec![]);
        let Prop::Known(Some(policy)) = &mut model.buckets[0].policy else {
            unreachable!()
        };
        policy.statements.push(
            Statement::allow("PublicRead", &["s3:GetObject"], vec!["*".into()])
                .principal(Principal::any()),
        );
        model.buckets[1].policy = unknown_prop("s3:GetBucketPolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail("raw", "statement `PublicRead` allows anyone"),
                unknown(
                    "cleansed",
                    "bucket policy: AccessDenied on s3:GetBucketPolicy"
                ),
            ]
        );
    }
}
