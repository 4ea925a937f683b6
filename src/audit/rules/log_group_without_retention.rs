//! LK-LOG-001: the pipeline's log groups expire their events.

use std::collections::BTreeSet;

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::log_groups_in_scope;
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-LOG-001",
    name: "log-group-without-retention",
    title: "Pipeline log groups (Firehose errors, Glue jobs and crawlers) keep their events for a set retention period",
    severity: Severity::Low,
    service: Service::Logs,
    lens: &[ids::SEC_LOGS],
    rationale: "The lens asks that job and crawler logs are kept in CloudWatch Logs for a defined period: long enough to investigate an incident or a failed load, and no longer. A log group created without a retention (as Glue and Firehose's console create theirs) keeps every event forever: the logs of a pipeline, which may quote the records that failed, pile up with nobody deciding how long they are needed, and their storage is paid for ever.",
    remediation: "PutRetentionPolicy on the log group (e.g. 365 days, or what the organisation's log policy says). lakectl creates its delivery streams' error log groups with a 365-day retention; redeploy with `lakectl deploy` to restore it.",
    blueprint_field: Some("delivery_streams[]"),
    scopes: Scopes {
        static_: "The error log groups the blueprint creates have a retention period.",
        blueprint: "The log groups the lake's delivery streams log to have a retention period.",
        account: "Every log group under `/aws/kinesisfirehose/` or `/aws-glue/`, and any other a delivery stream logs to, has a retention period.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    // A lake answers for the groups its delivery streams log to; an account for all of them.
    let lake: BTreeSet<&str> = (model.delivery_streams.iter())
        .filter_map(|d| d.error_logging.known()?.as_ref())
        .map(|l| l.group.as_str())
        .collect();
    if out.scope() == Scope::Blueprint && lake.is_empty() {
        return;
    }
    let Some(groups) = log_groups_in_scope(model, out) else {
        return;
    };
    let scope = out.scope();
    let in_scope = (groups.iter()).filter(|g| match scope {
        Scope::Blueprint => lake.contains(g.name.as_str()),
        Scope::Static | Scope::Account => true,
    });
    for group in in_scope {
        let resource = Resource::log_group(&model.lake, &group.name);
        out.check(resource, group.retention_days.is_some(), || {
            "its events never expire: set a retention period".to_string()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{LogGroup, Prop};

    fn group(name: &str, days: Option<u32>) -> LogGroup {
        LogGroup {
            name: name.into(),
            retention_days: days,
        }
    }

    const FOREVER: &str = "its events never expire: set a retention period";

    #[test]
    fn the_blueprint_sets_a_retention() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.log_groups[0].retention_days = Prop::Known(None);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(DELIVERY_LOG_GROUP, FOREVER)]
        );
    }

    #[test]
    fn an_account_answers_for_every_pipeline_group_and_a_lake_for_its_own() {
        let mut model = account_model();
        model.account.as_mut().unwrap().log_groups = Prop::Known(vec![
            group(DELIVERY_LOG_GROUP, None),
            group("/aws-glue/jobs/logs-v2", None),
            group("/aws-glue/crawlers", Some(30)),
        ]);
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![
                fail(DELIVERY_LOG_GROUP, FOREVER),
                fail("/aws-glue/jobs/logs-v2", FOREVER)
            ]
        );
        let lake = outcomes_in(&RULE, &model, Scope::Blueprint, Default::default());
        assert_eq!(lake, vec![fail(DELIVERY_LOG_GROUP, FOREVER)]);

        model.account.as_mut().unwrap().log_groups = unknown_prop("logs:DescribeLogGroups");
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![unknown(
                ACCOUNT,
                "CloudWatch log groups: AccessDenied on logs:DescribeLogGroups"
            )]
        );
    }
}
