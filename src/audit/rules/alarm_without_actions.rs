//! LK-CW-002: an alarm on the pipeline's health reaches someone when it fires.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::alarms_in_scope;
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::{MetricAlarm, Model};

pub static RULE: Rule = Rule {
    id: "LK-CW-002",
    name: "alarm-without-actions",
    title: "Alarms on streams, delivery streams and Glue jobs have enabled actions that notify an owner",
    severity: Severity::Medium,
    service: Service::CloudWatch,
    lens: &[ids::OPS_EVENTS],
    rationale: "An alarm without an action, or with its actions disabled, changes state on a console nobody watches: the pipeline is as unmonitored as without it. The lens asks that every alert has an accountable owner, which in CloudWatch means an enabled action (an SNS topic the on-call team subscribes to, an OpsItem, an incident response plan or automation).",
    remediation: "List the owners in the blueprint's `monitoring.notify` (lakectl's alarms notify them on ALARM and OK). For other alarms: PutMetricAlarm (or EnableAlarmActions) with `ActionsEnabled: true` and at least one `AlarmActions` ARN.",
    blueprint_field: Some("monitoring.notify"),
    scopes: Scopes {
        static_: "The alarms the blueprint's `monitoring` section makes have enabled actions (validation already demands a `notify` target).",
        blueprint: "Every metric alarm of the region on a metric of the lake's streams, delivery streams or jobs has enabled actions: the lake's own and any other watching its pipeline.",
        account: "Every metric alarm of the region on an AWS/Kinesis, AWS/Firehose or Glue metric has enabled actions.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let Some(alarms) = alarms_in_scope(model, out) else {
        return;
    };
    // A lake answers for the alarms on its own pipeline, an account for every pipeline alarm.
    let names: Vec<&str> = model.pipeline().map(|(_, name)| name).collect();
    let account = out.scope() == Scope::Account;
    let pipeline = (alarms.iter()).filter(|a| {
        (a.metrics.iter()).any(|m| m.is_pipeline() && (account || m.names_any(&names)))
    });
    for alarm in pipeline {
        let resource = Resource::alarm(&model.lake, &alarm.name);
        out.check(resource, alarm.notifies(), || shortfall(alarm));
    }
}

fn shortfall(alarm: &MetricAlarm) -> String {
    match (alarm.actions_enabled, alarm.alarm_actions.is_empty()) {
        (_, true) => "has no alarm action: it notifies no one when it fires".to_string(),
        (false, false) => format!(
            "its actions are disabled: {} is not notified",
            alarm.alarm_actions.join(", ")
        ),
        (true, false) => unreachable!("an alarm with enabled actions notifies"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{Prop, Signal};

    fn alarm(name: &str, enabled: bool, actions: &[&str]) -> MetricAlarm {
        MetricAlarm {
            name: name.into(),
            metrics: vec![Signal::IteratorAge.metric_of("retail-prod-clicks")],
            actions_enabled: enabled,
            alarm_actions: actions.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn each_pipeline_alarm_needs_enabled_actions() {
        let topic = "arn:aws:sns:us-east-1:123456789012:oncall";
        let mut model = account_model();
        let mut billing = alarm("billing", false, &[]);
        billing.metrics[0].namespace = "AWS/Billing".into();
        model.account.as_mut().unwrap().alarms = Prop::Known(vec![
            alarm("paged", true, &[topic]),
            alarm("silent", true, &[]),
            alarm("muted", false, &[topic]),
            billing,
        ]);
        assert_eq!(
            account_problems(&RULE, &model, Default::default()),
            vec![
                fail(
                    "silent",
                    "has no alarm action: it notifies no one when it fires"
                ),
                fail(
                    "muted",
                    "its actions are disabled: arn:aws:sns:us-east-1:123456789012:oncall is not notified"
                ),
            ]
        );
        let scope = crate::audit::Scope::Account;
        assert_eq!(
            outcomes_in(&RULE, &model, scope, Default::default()).len(),
            3,
            "the billing alarm is not the pipeline's"
        );
    }

    #[test]
    fn a_lake_answers_only_for_the_alarms_on_its_own_pipeline() {
        let mut model = compliant_model();
        let mut settings = compliant_account();
        let mut foreign = alarm("foreign", false, &[]);
        foreign.metrics = vec![Signal::IteratorAge.metric_of("someone-elses")];
        settings.alarms = Prop::Known(vec![alarm("watching-ours", true, &[]), foreign]);
        model.account = Some(settings);
        let scope = crate::audit::Scope::Blueprint;
        assert_eq!(
            outcomes_in(&RULE, &model, scope, Default::default()),
            vec![fail(
                "watching-ours",
                "has no alarm action: it notifies no one when it fires"
            )]
        );
    }

    #[test]
    fn the_blueprint_alarms_notify() {
        let mut model = compliant_model();
        assert_eq!(problems(&RULE, &model), vec![]);
        assert!(!outcomes(&RULE, &model).is_empty());
        let Prop::Known(actions) = &mut model.alarms[0].actions else {
            unreachable!()
        };
        actions.enabled = false;
        let name = model.alarms[0].name.clone();
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "its actions are disabled: arn:aws:sns:us-east-1:123456789012:oncall is not notified"
            )]
        );
    }
}
