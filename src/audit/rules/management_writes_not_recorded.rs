//! LK-CT-003: a logging trail records write management events, so catalog changes have an
//! audit trail.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{TrailsInScope, trails_in_scope};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, Trail};

pub static RULE: Rule = Rule {
    id: "LK-CT-003",
    name: "management-writes-not-recorded",
    title: "A logging trail records write management events (Glue catalog changes)",
    severity: Severity::Medium,
    service: Service::CloudTrail,
    lens: &[ids::REL_METADATA],
    rationale: "Glue's CreateTable, UpdateTable, DeleteTable and the crawlers' catalog updates are management write events. A trail that records only data events or only reads leaves no record of who changed a schema or dropped a table, which ANALYTICS_REL 1 asks to be able to trace.",
    remediation: "Add a `trail` section to the blueprint (lakectl's trail records read and write management events), or give another logging trail a selector with `eventCategory = Management` (or a basic selector with ReadWriteType All or WriteOnly).",
    blueprint_field: Some("trail"),
    scopes: Scopes {
        static_: "The blueprint's `trail` records write management events; without a `trail` section, not applicable.",
        blueprint: "The lake's deployed trail is logging and records write management events; a lake without a `trail` section: not applicable (the account scope judges the account's trails).",
        account: "One finding for the account: some logging trail records write management events.",
    },
    check,
};

fn records_writes(trail: &Trail) -> bool {
    trail.logging && trail.management_events.records_writes()
}

fn check(model: &Model, out: &mut Results) {
    match trails_in_scope(model, out) {
        None => {}
        Some(TrailsInScope::Lake(resource, own)) => match own.as_trail() {
            Ok(trail) => out.check(resource, records_writes(&trail), || {
                if trail.logging {
                    "the trail records no write management events".to_string()
                } else {
                    "the trail is not logging".to_string()
                }
            }),
            Err(reason) => out.unknown(resource, reason),
        },
        Some(TrailsInScope::Account(trails)) => {
            out.check(Resource::account(&model.lake), trails.iter().any(records_writes), || {
                "no logging trail records write management events: Glue catalog changes leave no audit trail"
                    .to_string()
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::rules::support::NO_TRAIL_SECTION;
    use crate::audit::testing::*;
    use crate::model::{ManagementEvents, Prop, TrailSelectors};

    #[test]
    fn the_blueprint_trail_is_judged_and_no_section_is_not_applicable() {
        let mut model = compliant_model();
        model.trail = None;
        assert_eq!(outcomes(&RULE, &model), vec![na(ACCOUNT, NO_TRAIL_SECTION)]);
        model.trail = Some(lake_trail());
        assert_eq!(outcomes(&RULE, &model), vec![pass("retail-prod-trail")]);
        model.trail.as_mut().unwrap().selectors = Prop::Known(TrailSelectors {
            management: ManagementEvents::ReadOnly,
            s3_data_buckets: vec![],
        });
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "retail-prod-trail",
                "the trail records no write management events"
            )]
        );
        model.trail.as_mut().unwrap().selectors = unknown_prop("cloudtrail:GetEventSelectors");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "retail-prod-trail",
                "event selectors of trail retail-prod-trail: AccessDenied on cloudtrail:GetEventSelectors"
            )]
        );
    }

    #[test]
    fn the_account_needs_one_logging_trail_recording_writes() {
        let mut model = account_model();
        assert_eq!(account_problems(&RULE, &model, Default::default()), vec![]);
        let data_only = Trail {
            name: "data-only".into(),
            logging: true,
            s3_data_events: vec!["arn:aws:s3".into()],
            ..Trail::default()
        };
        let stopped = Trail {
            name: "stopped".into(),
            management_events: ManagementEvents::All,
            ..Trail::default()
        };
        model.account.as_mut().unwrap().trails = Prop::Known(vec![data_only, stopped]);
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![fail(
                ACCOUNT,
                "no logging trail records write management events: Glue catalog changes leave no audit trail"
            )]
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
