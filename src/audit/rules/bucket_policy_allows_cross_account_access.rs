//! LK-S3-012: bucket policies grant nothing to principals of other accounts.

use crate::audit::Resource;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-S3-012",
    name: "bucket-policy-allows-cross-account-access",
    title: "Bucket policies grant nothing to principals of other accounts",
    severity: Severity::Medium,
    service: Service::S3,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "A bucket-policy grant to another account bypasses Lake Formation and the lake's roles: whoever administers that account decides who reads the data. Cross-account sharing belongs in Lake Formation (or a reviewed suppression).",
    remediation: "Remove the other account's principals from the bucket policy and share through Lake Formation grants (`lake_formation.grants`), or suppress the finding with a reason if the sharing is intended.",
    blueprint_field: Some("lake_formation.grants"),
    scopes: Scopes {
        static_: "No bucket policy grants to principals of other accounts.",
        blueprint: "No deployed bucket policy grants to other accounts.",
        account: "No bucket policy grants to principals of other accounts.",
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
        let foreign = policy_eval::cross_account_principals(policy, &model.lake.account);
        out.check(resource, foreign.is_empty(), || {
            format!("grants access to other accounts: {}", foreign.join(", "))
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
            Statement::allow("Partner", &["s3:GetObject"], vec!["*".into()]).principal(
                Principal::aws(vec![
                    "arn:aws:iam::111122223333:root".into(),
                    format!("arn:aws:iam::{ACCOUNT}:role/etl"),
                ]),
            ),
        );
        model.buckets[1].policy = unknown_prop("s3:GetBucketPolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "grants access to other accounts: arn:aws:iam::111122223333:root"
                ),
                unknown(
                    "cleansed",
                    "bucket policy: AccessDenied on s3:GetBucketPolicy"
                ),
            ]
        );
    }
}
