//! LK-FH-003: delivery streams keep failed records apart, under an error output prefix.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-FH-003",
    name: "delivery-stream-without-error-output-prefix",
    title: "Firehose delivery streams write failed records under their own error output prefix",
    severity: Severity::Medium,
    service: Service::Firehose,
    lens: &[ids::REL_RECOVER_ETL],
    rationale: "Records Firehose cannot deliver or convert are written to S3 with their error. Without an error output prefix they land next to the data, where crawlers and queries read them as rows; with one they are kept apart, so they can be found, replayed and alarmed on.",
    remediation: "Set `ErrorOutputPrefix` on the S3 destination (e.g. `errors/<stream>/!{firehose:error-output-type}/`). lakectl sets one for every delivery stream (`delivery_streams[].error_prefix`, default `errors/<name>/`); redeploy with `lakectl deploy`.",
    blueprint_field: Some("delivery_streams[].error_prefix"),
    scopes: Scopes {
        static_: "Every delivery stream has an error output prefix.",
        blueprint: "Every deployed delivery stream has an error output prefix.",
        account: "Every delivery stream to S3 has an error output prefix.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for ds in &model.delivery_streams {
        let resource = Resource::delivery_stream(&model.lake, ds);
        let Some(prefix) = out.known(&resource, "error output prefix", &ds.error_prefix) else {
            continue;
        };
        out.check(resource, !prefix.trim().is_empty(), || {
            "no error output prefix: failed records land among the data".to_string()
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
        let name = model.delivery_streams[0].id.clone();
        model.delivery_streams[0].error_prefix = Prop::Known(String::new());
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "no error output prefix: failed records land among the data"
            )]
        );
        model.delivery_streams[0].error_prefix = unknown_prop("firehose:DescribeDeliveryStream");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &name,
                "error output prefix: AccessDenied on firehose:DescribeDeliveryStream"
            )]
        );
    }
}
