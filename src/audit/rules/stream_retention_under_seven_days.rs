//! LK-KIN-002: Kinesis streams keep records for at least seven days.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-KIN-002",
    name: "stream-retention-under-seven-days",
    title: "Kinesis data streams retain records for at least 168 hours",
    severity: Severity::Low,
    service: Service::Kinesis,
    lens: &[ids::REL_RECOVER_ETL],
    rationale: "Retention is the replay window: when a consumer or delivery stream fails, records older than the retention period are gone. The default 24 hours does not survive a failure noticed after a weekend; a week does.",
    remediation: "Raise `streams[].retention_hours` to 168 or more (default 168) and redeploy, or `aws kinesis increase-stream-retention-period --retention-period-hours 168`.",
    blueprint_field: Some("streams[].retention_hours"),
    scopes: Scopes {
        static_: "Streams declare at least the policy's minimum retention (168 hours by default).",
        blueprint: "Deployed streams keep records at least the policy's minimum retention.",
        account: "Every stream keeps records at least the audit policy's `min_stream_retention_hours` (168 by default).",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for stream in &model.streams {
        let resource = Resource::stream(&model.lake, stream);
        let Some(hours) = out.known(&resource, "retention period", &stream.retention_hours) else {
            continue;
        };
        let minimum = out.policy().min_stream_retention_hours();
        out.check(resource, *hours >= minimum, || {
            format!("records are kept {hours} hours, less than {minimum}")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.streams[0].retention_hours = Prop::Known(24);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail("clicks", "records are kept 24 hours, less than 168")]
        );
        model.streams[0].retention_hours = unknown_prop("kinesis:DescribeStreamSummary");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "clicks",
                "retention period: AccessDenied on kinesis:DescribeStreamSummary"
            )]
        );
    }
}
