//! LK-CT-001: a logging CloudTrail trail records S3 data events of every zone bucket.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{NO_TRAIL_SECTION, zone_of};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::{Model, Prop, Trail, arn};

pub static RULE: Rule = Rule {
    id: "LK-CT-001",
    name: "bucket-without-data-event-logging",
    title: "A logging CloudTrail trail records S3 data events for every zone bucket",
    severity: Severity::Medium,
    service: Service::CloudTrail,
    lens: &[ids::SEC_LOGS],
    rationale: "Management events do not show who read or wrote which object. S3 data events in CloudTrail do, with the caller's identity, and feed the detections and investigations that server access logs alone cannot (they lack IAM identities for some callers). A blueprint without a `trail` section owns no trail (an organisation trail may cover the account), so a static audit of it reports this rule as not applicable.",
    remediation: "Add a `trail` section to the blueprint: lakectl's trail records the S3 data events of every zone bucket. For another trail, add the zone buckets (or all S3 buckets) to a trail's data event selectors, e.g. an advanced event selector with `resources.type = AWS::S3::Object` and `resources.ARN` starting with `arn:aws:s3:::<bucket>/`.",
    blueprint_field: Some("trail"),
    scopes: Scopes {
        static_: "The blueprint's `trail` records S3 data events for each zone bucket; without a `trail` section, not applicable.",
        blueprint: "A logging trail records S3 data events for each zone bucket.",
        account: "A logging trail records S3 data events for every data bucket; when no trail records S3 data events at all, one finding for the account.",
    },
    check,
};

fn covers(trail: &Trail, partition: &str, bucket_arn: &str) -> bool {
    // `arn:<p>:s3:::` (no bucket name) is how some selectors write "every bucket" too.
    let all_buckets = [arn::all_buckets(partition), arn::bucket(partition, "")];
    trail.logging
        && trail
            .s3_data_events
            .iter()
            .any(|selector| all_buckets.contains(selector) || selector.starts_with(bucket_arn))
}

fn records_any_s3_data_events(trail: &Trail) -> bool {
    trail.logging && !trail.s3_data_events.is_empty()
}

fn check(model: &Model, out: &mut Results) {
    let Some(account) = &model.account else {
        desired_trail(model, out);
        return;
    };
    // One account-level gap is one finding: with no trail recording S3 data events at all,
    // the account fails once rather than every bucket.
    if out.scope() == Scope::Account
        && let Prop::Known(trails) = &account.trails
        && !trails.iter().any(records_any_s3_data_events)
        && model.buckets.iter().any(|b| zone_of(b).is_some())
    {
        out.fail(
            Resource::account(&model.lake),
            "no logging trail records S3 data events for any bucket",
        );
        return;
    }
    for bucket in model.buckets.iter().filter(|b| zone_of(b).is_some()) {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(trails) = out.known(&resource, "CloudTrail trails", &account.trails) else {
            continue;
        };
        let arn = resource.arn.clone();
        let covered = trails
            .iter()
            .any(|t| covers(t, &model.lake.partition, &arn));
        out.check(resource, covered, || {
            "no logging trail records S3 data events for the bucket".to_string()
        });
    }
}

/// A blueprint's own trail, judged on each zone bucket.
fn desired_trail(model: &Model, out: &mut Results) {
    let Some(own) = &model.trail else {
        out.not_applicable(Resource::account(&model.lake), NO_TRAIL_SECTION);
        return;
    };
    let trail = own.as_trail();
    for bucket in model.buckets.iter().filter(|b| zone_of(b).is_some()) {
        let resource = Resource::bucket(&model.lake, bucket);
        match &trail {
            Ok(trail) => {
                let covered = covers(trail, &model.lake.partition, &resource.arn);
                out.check(resource, covered, || {
                    format!(
                        "the blueprint's trail {} does not record S3 data events for the bucket",
                        own.name
                    )
                });
            }
            Err(reason) => out.unknown(resource, reason.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{ManagementEvents, Prop, TrailSelectors};

    #[test]
    fn in_account_scope_no_data_events_at_all_is_one_finding() {
        let mut model = account_model();
        model.account.as_mut().unwrap().trails = Prop::Known(vec![Trail {
            name: "management-only".into(),
            logging: true,
            ..Trail::default()
        }]);
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![fail(
                ACCOUNT,
                "no logging trail records S3 data events for any bucket"
            )]
        );
    }

    #[test]
    fn a_blueprint_trail_records_its_zone_buckets_and_no_trail_is_not_applicable() {
        let mut model = compliant_model();
        model.trail = None;
        assert_eq!(outcomes(&RULE, &model), vec![na(ACCOUNT, NO_TRAIL_SECTION)]);
        model.trail = Some(lake_trail());
        assert_eq!(outcomes(&RULE, &model).len(), 3, "zone buckets only");
        assert_eq!(problems(&RULE, &model), vec![]);
        let raw = format!("arn:aws:s3:::{}", bucket_name("raw"));
        model.trail.as_mut().unwrap().selectors = Prop::Known(TrailSelectors {
            management: ManagementEvents::All,
            s3_data_buckets: vec![raw],
        });
        let message =
            "the blueprint's trail retail-prod-trail does not record S3 data events for the bucket";
        assert_eq!(
            problems(&RULE, &model),
            vec![fail("cleansed", message), fail("curated", message)]
        );
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        model.account = Some(compliant_account());
        assert_eq!(outcomes(&RULE, &model).len(), 3, "zone buckets only");
        assert_eq!(problems(&RULE, &model), vec![]);
        let raw = format!("arn:aws:s3:::{}/", bucket_name("raw"));
        model.account.as_mut().unwrap().trails = Prop::Known(vec![
            Trail {
                name: "raw-only".into(),
                logging: true,
                s3_data_events: vec![raw],
                ..Trail::default()
            },
            Trail {
                name: "stopped".into(),
                logging: false,
                s3_data_events: vec!["arn:aws:s3".into()],
                ..Trail::default()
            },
        ]);
        let message = "no logging trail records S3 data events for the bucket";
        assert_eq!(
            problems(&RULE, &model),
            vec![fail("cleansed", message), fail("curated", message)]
        );
        model.account.as_mut().unwrap().trails = unknown_prop("cloudtrail:GetEventSelectors");
        assert_eq!(problems(&RULE, &model).len(), 3);
        assert_eq!(
            problems(&RULE, &model)[0],
            unknown(
                "raw",
                "CloudTrail trails: AccessDenied on cloudtrail:GetEventSelectors"
            )
        );
    }
}
