//! LK-KIN-001: Kinesis streams use server-side encryption with a customer managed key.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{customer_managed, enabled_customer_managed, record_cmk};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-KIN-001",
    name: "stream-without-cmk-encryption",
    title: "Kinesis data streams use server-side encryption with a customer managed key",
    severity: Severity::High,
    service: Service::Kinesis,
    lens: &[ids::SEC_AT_REST],
    rationale: "Records wait in the stream for up to its retention period. Without SSE they are stored unencrypted; with the AWS managed key `aws/kinesis`, anyone allowed to read the stream reads them, and the lake cannot audit or revoke key use separately.",
    remediation: "Start stream encryption with the lake's streams key (`aws kinesis start-stream-encryption --encryption-type KMS --key-id alias/<lake>-<env>-streams`) or redeploy with `lakectl deploy`, which always encrypts `streams[]` with it.",
    blueprint_field: Some("streams[]"),
    scopes: Scopes {
        static_: "Streams are declared with the streams key.",
        blueprint: "Deployed streams use SSE with a customer managed key.",
        account: "Every stream uses SSE with an enabled customer managed key; the AWS managed `aws/kinesis` key fails.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for stream in &model.streams {
        let resource = Resource::stream(&model.lake, stream);
        let Some(encryption) = out.known(&resource, "stream encryption", &stream.encryption) else {
            continue;
        };
        match encryption {
            None => out.fail(resource, "records are not encrypted at rest"),
            // Every customer managed key of the region is in an account model, so there the
            // key must also be enabled.
            Some(key) if out.scope() == Scope::Account => record_cmk(
                out,
                resource,
                "records are",
                enabled_customer_managed(model, key),
            ),
            Some(key) => record_cmk(out, resource, "records are", customer_managed(model, key)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{KeyRef, Prop};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let cases = [
            (
                Prop::Known(None),
                fail("clicks", "records are not encrypted at rest"),
            ),
            (
                Prop::Known(Some(KeyRef::Other("alias/aws/kinesis".into()))),
                fail(
                    "clicks",
                    "records are encrypted with the AWS managed key `alias/aws/kinesis`",
                ),
            ),
            (
                Prop::Known(Some(KeyRef::AwsManaged)),
                fail("clicks", "records are encrypted with the AWS managed key"),
            ),
            (
                Prop::Known(Some(KeyRef::Other(
                    "arn:aws:kms:us-east-1:999999999999:key/x".into(),
                ))),
                unknown(
                    "clicks",
                    "records are encrypted with key `arn:aws:kms:us-east-1:999999999999:key/x`, which is not one of the lake's keys; cannot tell whether it is customer managed",
                ),
            ),
            (
                unknown_prop("kinesis:DescribeStream"),
                unknown(
                    "clicks",
                    "stream encryption: AccessDenied on kinesis:DescribeStream",
                ),
            ),
        ];
        for (encryption, expected) in cases {
            model.streams[0].encryption = encryption;
            assert_eq!(problems(&RULE, &model), vec![expected]);
        }
    }
}
