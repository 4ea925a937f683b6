//! LK-S3-014: the account-level S3 Block Public Access has all four settings on.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::bucket_public_access_not_blocked::settings_off;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-S3-014",
    name: "account-public-access-not-blocked",
    title: "The account's S3 Block Public Access has all four settings on",
    severity: Severity::High,
    service: Service::S3,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "The account-level block applies to every bucket, including ones created outside lakectl next to the lake. It is the setting that keeps a forgotten bucket from becoming public. A blueprint does not own account settings, so a static audit reports this rule as not applicable.",
    remediation: "Turn on all four settings with `aws s3control put-public-access-block --account-id <id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true` (or through AWS Organizations).",
    blueprint_field: None,
    scopes: Scopes {
        static_: "Not applicable: a blueprint does not own account settings.",
        blueprint: "The account's Block Public Access has all four settings on, once for the account.",
        account: "The account's Block Public Access has all four settings on: one finding for the account, not one per bucket.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let resource = Resource::account(&model.lake);
    let Some(account) = &model.account else {
        out.not_applicable(resource, "account settings are not part of a blueprint");
        return;
    };
    if !account.global {
        // Judged once per account, with the region that read it.
        return;
    }
    let Some(block) = out.known(
        &resource,
        "account public access block",
        &account.public_access_block,
    ) else {
        return;
    };
    match block {
        None => out.fail(resource, "the account has no public access block"),
        Some(block) => out.check(resource, block.all_on(), || {
            format!(
                "account public access block off: {}",
                settings_off(block).join(", ")
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{Prop, PublicAccessBlock};

    #[test]
    fn a_blueprint_has_no_account_settings() {
        let model = compliant_model();
        assert_eq!(
            outcomes(&RULE, &model),
            vec![na(ACCOUNT, "account settings are not part of a blueprint")]
        );
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        model.account = Some(compliant_account());
        assert_eq!(
            outcomes(&RULE, &model),
            vec![(ACCOUNT.to_string(), crate::audit::Outcome::Pass)]
        );
        model.account.as_mut().unwrap().public_access_block =
            Prop::Known(Some(PublicAccessBlock {
                block_public_policy: false,
                ..PublicAccessBlock::ALL_ON
            }));
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                ACCOUNT,
                "account public access block off: BlockPublicPolicy"
            )]
        );
        model.account.as_mut().unwrap().public_access_block = Prop::Known(None);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(ACCOUNT, "the account has no public access block")]
        );
        model.account.as_mut().unwrap().public_access_block =
            unknown_prop("s3:GetAccountPublicAccessBlock");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                ACCOUNT,
                "account public access block: AccessDenied on s3:GetAccountPublicAccessBlock"
            )]
        );
    }
}
