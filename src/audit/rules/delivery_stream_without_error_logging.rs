//! LK-FH-006: delivery streams log why a delivery failed, to a log group that exists.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::{Model, Prop};

pub static RULE: Rule = Rule {
    id: "LK-FH-006",
    name: "delivery-stream-without-error-logging",
    title: "Firehose delivery streams log delivery errors to a CloudWatch log group that exists",
    severity: Severity::Medium,
    service: Service::Firehose,
    lens: &[ids::REL_RECOVER_ETL, ids::OPS_MONITOR],
    rationale: "The error output prefix keeps the records Firehose could not deliver; its CloudWatch error log says why (a key it may not use, a bucket policy that refuses it, a schema it cannot read). Firehose creates neither the log group nor the stream: logging to a group that does not exist records nothing, and the first sign of a failing pipeline is a gap in the data.",
    remediation: "Enable `CloudWatchLoggingOptions` on the destination with a log group and stream that exist (CreateLogGroup, CreateLogStream). lakectl does both for every delivery stream: `/aws/kinesisfirehose/<stream>`, stream `DestinationDelivery`, kept 365 days and encrypted with the platform key; redeploy with `lakectl deploy`.",
    blueprint_field: Some("delivery_streams[]"),
    scopes: Scopes {
        static_: "Every delivery stream logs errors to a log group the blueprint creates.",
        blueprint: "Every deployed delivery stream has CloudWatch error logging on, to a log group that exists in the region.",
        account: "Every delivery stream to S3 has CloudWatch error logging on, to a log group that exists in the region.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let groups = groups(model, out.scope());
    for ds in &model.delivery_streams {
        let resource = Resource::delivery_stream(&model.lake, ds);
        let Some(logging) = out.known(&resource, "error logging", &ds.error_logging) else {
            continue;
        };
        let Some(logging) = logging else {
            out.fail(
                resource,
                "CloudWatch error logging is off: a failed delivery leaves no record of why",
            );
            continue;
        };
        match &groups {
            // The region's groups were not read: only the setting is judged.
            None => out.pass(resource),
            Some(Prop::Unknown(u)) => {
                let reason = format!("log group `{}`: {}", logging.group, u.unknown);
                out.unknown(resource, reason)
            }
            Some(Prop::Known(names)) => {
                let exists = names.contains(&logging.group.as_str());
                out.check(resource, exists, || {
                    format!(
                        "logs errors to log group `{}`, which does not exist: Firehose creates neither the group nor the stream, so nothing is recorded",
                        logging.group
                    )
                })
            }
        }
    }
}

/// The names of the log groups that exist: the blueprint's in static scope, else the region's.
fn groups(model: &Model, scope: Scope) -> Option<Prop<Vec<&str>>> {
    if scope == Scope::Static {
        return Some(Prop::Known(
            model.log_groups.iter().map(|g| g.name.as_str()).collect(),
        ));
    }
    let settings = model.account.as_ref()?;
    Some(match &settings.log_groups {
        Prop::Known(groups) => Prop::Known(groups.iter().map(|g| g.name.as_str()).collect()),
        Prop::Unknown(u) => Prop::Unknown(u.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{ErrorLogging, Prop};

    const GONE: &str = "logs errors to log group `/team/gone`, which does not exist: Firehose creates neither the group nor the stream, so nothing is recorded";

    fn log_to(model: &mut Model, group: &str) {
        model.delivery_streams[0].error_logging = Prop::Known(Some(ErrorLogging {
            group: group.into(),
            stream: "S3Delivery".into(),
        }));
    }

    #[test]
    fn the_blueprint_creates_the_group_it_logs_to() {
        let mut model = compliant_model();
        let name = model.delivery_streams[0].id.clone();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        log_to(&mut model, "/team/gone");
        assert_eq!(problems(&RULE, &model), vec![fail(&name, GONE)]);
    }

    #[test]
    fn an_account_stream_logs_to_a_group_of_the_region() {
        let mut model = account_model();
        let name = model.delivery_streams[0].id.clone();
        let problems = |m: &Model| account_problems(&RULE, m, Default::default());
        assert_eq!(problems(&model), vec![]);
        log_to(&mut model, "/team/gone");
        assert_eq!(problems(&model), vec![fail(&name, GONE)]);
        model.account.as_mut().unwrap().log_groups = unknown_prop("logs:DescribeLogGroups");
        assert_eq!(
            problems(&model),
            vec![unknown(
                &name,
                "log group `/team/gone`: AccessDenied on logs:DescribeLogGroups"
            )]
        );
        model.delivery_streams[0].error_logging = Prop::Known(None);
        assert_eq!(
            problems(&model),
            vec![fail(
                &name,
                "CloudWatch error logging is off: a failed delivery leaves no record of why"
            )]
        );
        model.delivery_streams[0].error_logging = unknown_prop("firehose:DescribeDeliveryStream");
        assert_eq!(
            problems(&model),
            vec![unknown(
                &name,
                "error logging: AccessDenied on firehose:DescribeDeliveryStream"
            )]
        );
    }
}
