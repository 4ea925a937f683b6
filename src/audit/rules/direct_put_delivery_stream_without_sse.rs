//! LK-FH-002: direct-put delivery streams encrypt their buffer with a customer managed key.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{customer_managed, record_cmk};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-FH-002",
    name: "direct-put-delivery-stream-without-sse",
    title: "Direct-put Firehose delivery streams use server-side encryption with a customer managed key",
    severity: Severity::Medium,
    service: Service::Firehose,
    lens: &[ids::SEC_AT_REST],
    rationale: "A direct-put delivery stream holds records in its own buffer until delivery. Server-side encryption protects that buffer; a stream that reads from Kinesis is protected by the source stream's encryption instead (LK-KIN-001).",
    remediation: "Enable delivery stream encryption with the lake's streams key (`DeliveryStreamEncryptionConfigurationInput: {KeyType: CUSTOMER_MANAGED_CMK, KeyARN: ...}`) or redeploy with `lakectl deploy`, which sets it for every `delivery_streams[]` without `source_stream`.",
    blueprint_field: Some("delivery_streams[].source_stream"),
    scopes: Scopes {
        static_: "Direct-put delivery streams declare SSE with a customer managed key.",
        blueprint: "Deployed direct-put delivery streams use SSE with a customer managed key.",
        account: "Every direct-put delivery stream uses SSE with a customer managed key.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for ds in &model.delivery_streams {
        let resource = Resource::delivery_stream(&model.lake, ds);
        if let Some(source) = &ds.source_stream {
            out.not_applicable(
                resource,
                format!("reads from Kinesis stream `{source}`, which encrypts the records"),
            );
            continue;
        }
        let Some(sse) = out.known(&resource, "delivery stream encryption", &ds.sse) else {
            continue;
        };
        match sse {
            None => out.fail(resource, "buffered records are not encrypted at rest"),
            Some(key) => record_cmk(
                out,
                resource,
                "buffered records are",
                customer_managed(model, key),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{KeyRef, Prop};

    #[test]
    fn a_kinesis_source_makes_the_rule_not_applicable() {
        let model = compliant_model();
        assert_eq!(
            outcomes(&RULE, &model),
            vec![na(
                "clicks-to-raw",
                "reads from Kinesis stream `retail-prod-clicks`, which encrypts the records"
            )]
        );
    }

    #[test]
    fn direct_put_passes_fails_and_unknown() {
        let mut model = compliant_model();
        model.delivery_streams[0].source_stream = None;
        let cases = [
            (Prop::Known(Some(KeyRef::Lake("streams".into()))), vec![]),
            (
                Prop::Known(None),
                vec![fail(
                    "clicks-to-raw",
                    "buffered records are not encrypted at rest",
                )],
            ),
            (
                Prop::Known(Some(KeyRef::AwsManaged)),
                vec![fail(
                    "clicks-to-raw",
                    "buffered records are encrypted with the AWS managed key",
                )],
            ),
            (
                unknown_prop("firehose:DescribeDeliveryStream"),
                vec![unknown(
                    "clicks-to-raw",
                    "delivery stream encryption: AccessDenied on firehose:DescribeDeliveryStream",
                )],
            ),
        ];
        for (sse, expected) in cases {
            model.delivery_streams[0].sse = sse;
            assert_eq!(problems(&RULE, &model), expected);
        }
    }
}
