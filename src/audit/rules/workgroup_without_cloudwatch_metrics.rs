//! LK-ATH-004: Athena work groups publish query metrics to CloudWatch.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-ATH-004",
    name: "workgroup-without-cloudwatch-metrics",
    title: "Athena work groups publish query metrics to CloudWatch",
    severity: Severity::Low,
    service: Service::Athena,
    lens: &[ids::PERF_QUERIES],
    rationale: "Query run time, queueing time and data scanned per work group are the evidence for re-evaluating storage formats, partitions and engines. Without CloudWatch metrics the work group keeps no history of how its queries perform.",
    remediation: "Set `athena.workgroups[].metrics: true` (the default) and redeploy, or turn on `PublishCloudWatchMetricsEnabled` on the work group.",
    blueprint_field: Some("athena.workgroups[].metrics"),
    scopes: Scopes {
        static_: "Work groups publish CloudWatch metrics.",
        blueprint: "The deployed work groups publish CloudWatch metrics.",
        account: "Every work group publishes CloudWatch metrics.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for wg in &model.workgroups {
        let resource = Resource::workgroup(&model.lake, wg);
        let Some(metrics) = out.known(&resource, "CloudWatch metrics", &wg.metrics) else {
            continue;
        };
        out.check(resource, *metrics, || {
            "query metrics are not published to CloudWatch".to_string()
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
        let name = "retail-prod-analysts";
        model.workgroups[0].metrics = Prop::Known(false);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(name, "query metrics are not published to CloudWatch")]
        );
        model.workgroups[0].metrics = unknown_prop("athena:GetWorkGroup");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "CloudWatch metrics: AccessDenied on athena:GetWorkGroup"
            )]
        );
    }
}
