//! LK-CT-002: a logging trail records every region, validates its log files and encrypts them
//! with KMS.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{TrailsInScope, trails_in_scope};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, Trail};

pub static RULE: Rule = Rule {
    id: "LK-CT-002",
    name: "trail-not-hardened",
    title: "A logging trail records every region, validates its log files and encrypts them with KMS",
    severity: Severity::Medium,
    service: Service::CloudTrail,
    lens: &[ids::SEC_INCIDENTS],
    rationale: "Responding to an incident starts from the account's activity record. A single-region trail misses calls made in any other region (an attacker's favourite), log files without validation can be altered or deleted unnoticed, and log files encrypted only with SSE-S3 can be read by anyone who can read the bucket.",
    remediation: "Add a `trail` section to the blueprint: lakectl's trail is multi-region unless `trail.multi_region: false`, and always validates its log files and encrypts them with the platform key. For another trail: UpdateTrail with IsMultiRegionTrail, EnableLogFileValidation and a KmsKeyId, then StartLogging.",
    blueprint_field: Some("trail"),
    scopes: Scopes {
        static_: "The blueprint's `trail` is multi-region, validated and KMS-encrypted; without a `trail` section, not applicable.",
        blueprint: "The lake's deployed trail is logging, multi-region, validated and KMS-encrypted; a lake without a `trail` section: not applicable (the account scope judges the account's trails).",
        account: "Every trail of the account is judged and each that falls short is one finding naming what it lacks; an account without any trail is one finding.",
    },
    check,
};

/// What the trail lacks, in a fixed order; empty when it is hardened.
pub(crate) fn shortfalls(trail: &Trail) -> Vec<&'static str> {
    [
        (!trail.logging, "not logging"),
        (!trail.multi_region, "single-region"),
        (!trail.log_file_validation, "log file validation off"),
        (trail.kms_key.is_none(), "not KMS-encrypted"),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect()
}

fn judge(out: &mut Results, resource: Resource, trail: &Trail) {
    let missing = shortfalls(trail);
    out.check(resource, missing.is_empty(), || missing.join("; "));
}

fn check(model: &Model, out: &mut Results) {
    match trails_in_scope(model, out) {
        None => {}
        Some(TrailsInScope::Lake(resource, own)) => match own.as_trail() {
            Ok(trail) => judge(out, resource, &trail),
            Err(reason) => out.unknown(resource, reason),
        },
        Some(TrailsInScope::Account(trails)) => {
            if trails.is_empty() {
                out.fail(
                    Resource::account(&model.lake),
                    "no trail records the account's activity",
                );
            }
            for trail in trails {
                judge(out, Resource::trail(&model.lake, &trail.name), trail);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::rules::support::NO_TRAIL_SECTION;
    use crate::audit::testing::*;
    use crate::model::Prop;

    fn weak(name: &str) -> Trail {
        Trail {
            name: name.into(),
            logging: true,
            ..Trail::default()
        }
    }

    #[test]
    fn the_blueprint_trail_is_judged_and_no_section_is_not_applicable() {
        let mut model = compliant_model();
        model.trail = None;
        assert_eq!(outcomes(&RULE, &model), vec![na(ACCOUNT, NO_TRAIL_SECTION)]);
        model.trail = Some(lake_trail());
        assert_eq!(outcomes(&RULE, &model), vec![pass("retail-prod-trail")]);
        model.trail.as_mut().unwrap().multi_region = Prop::Known(false);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail("retail-prod-trail", "single-region")]
        );
        model.trail.as_mut().unwrap().key = unknown_prop("cloudtrail:DescribeTrails");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "retail-prod-trail",
                "key of trail retail-prod-trail: AccessDenied on cloudtrail:DescribeTrails"
            )]
        );
    }

    #[test]
    fn in_account_scope_each_trail_that_falls_short_is_a_finding() {
        let mut model = account_model();
        let mut stopped = weak("stopped");
        stopped.logging = false;
        model.account.as_mut().unwrap().trails = Prop::Known(vec![
            compliant_account().trails.known().unwrap()[0].clone(),
            weak("regional"),
            stopped,
        ]);
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![
                fail(
                    "regional",
                    "single-region; log file validation off; not KMS-encrypted"
                ),
                fail(
                    "stopped",
                    "not logging; single-region; log file validation off; not KMS-encrypted"
                ),
            ]
        );
        model.account.as_mut().unwrap().trails = Prop::Known(vec![]);
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![fail(ACCOUNT, "no trail records the account's activity")]
        );
        model.account.as_mut().unwrap().trails = unknown_prop("cloudtrail:DescribeTrails");
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![unknown(
                ACCOUNT,
                "CloudTrail trails: AccessDenied on cloudtrail:DescribeTrails"
            )]
        );
    }
}
