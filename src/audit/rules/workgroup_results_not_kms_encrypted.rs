//! LK-ATH-002: Athena query results are encrypted with SSE-KMS and a customer managed key.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{customer_managed, record_cmk};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-ATH-002",
    name: "workgroup-results-not-kms-encrypted",
    title: "Athena work groups encrypt query results with SSE-KMS and a customer managed key",
    severity: Severity::High,
    service: Service::Athena,
    lens: &[ids::SEC_AT_REST],
    rationale: "Query results are copies of lake data, written to S3 by every query. Encrypted with SSE-S3 or not at all, they are readable by anyone who can read the results bucket, whatever Lake Formation allowed on the source tables.",
    remediation: "Set the work group's result configuration to `EncryptionOption: SSE_KMS` with a lake key, or redeploy with `lakectl deploy`, which sets it for every `athena.workgroups[]`.",
    blueprint_field: Some("athena.workgroups[]"),
    scopes: Scopes {
        static_: "Work groups encrypt results with SSE-KMS and a lake key.",
        blueprint: "The deployed work groups are checked the same way.",
        account: "Every work group encrypts query results with SSE-KMS and a customer managed key.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for wg in &model.workgroups {
        let resource = Resource::workgroup(&model.lake, wg);
        let Some(encryption) = out.known(&resource, "result encryption", &wg.result_encryption)
        else {
            continue;
        };
        let Some(encryption) = encryption else {
            out.fail(resource, "query results are not encrypted");
            continue;
        };
        match (encryption.option.as_str(), &encryption.key) {
            ("SSE_KMS" | "CSE_KMS", Some(key)) => record_cmk(
                out,
                resource,
                "query results are",
                customer_managed(model, key),
            ),
            ("SSE_KMS" | "CSE_KMS", None) => {
                out.fail(resource, format!("{} without a key", encryption.option))
            }
            (option, _) => out.fail(resource, format!("query results use {option}, not SSE_KMS")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{KeyRef, Prop, ResultEncryption};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let name = "retail-prod-analysts";
        let encryption = |option: &str, key: Option<KeyRef>| {
            Prop::Known(Some(ResultEncryption {
                option: option.into(),
                key,
            }))
        };
        let cases = [
            (
                Prop::Known(None),
                fail(name, "query results are not encrypted"),
            ),
            (
                encryption("SSE_S3", None),
                fail(name, "query results use SSE_S3, not SSE_KMS"),
            ),
            (
                encryption("SSE_KMS", None),
                fail(name, "SSE_KMS without a key"),
            ),
            (
                encryption("SSE_KMS", Some(KeyRef::Other("alias/aws/s3".into()))),
                fail(
                    name,
                    "query results are encrypted with the AWS managed key `alias/aws/s3`",
                ),
            ),
            (
                unknown_prop("athena:GetWorkGroup"),
                unknown(
                    name,
                    "result encryption: AccessDenied on athena:GetWorkGroup",
                ),
            ),
        ];
        for (result_encryption, expected) in cases {
            model.workgroups[0].result_encryption = result_encryption;
            assert_eq!(problems(&RULE, &model), vec![expected]);
        }
    }
}
