//! LK-INV-001: the inventory could list every kind of resource it audits.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-INV-001",
    name: "inventory-listing-incomplete",
    title: "Every kind of resource the audit covers could be listed",
    severity: Severity::High,
    service: Service::Inventory,
    lens: &[ids::REL_CONFIG],
    rationale: "A listing that fails (access denied, a service the endpoint does not offer) hides every resource of that kind: without this rule an account whose ListBuckets is denied would audit clean. Each failed listing is reported as unknown, with the call and the reason, so the gap is visible in every report.",
    remediation: "Give the auditing principal the read-only permissions the listing needs (the call is named in the finding; the AWS managed `SecurityAudit` policy covers them), or point the service's endpoint variable (`AWS_ENDPOINT_URL_<SERVICE>`) at an endpoint that offers it.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "Not applicable: no account is read.",
        blueprint: "Every kind of resource the lake uses could be listed.",
        account: "Every kind of resource the audit covers could be listed in the region.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let resource = Resource::account(&model.lake);
    let Some(account) = &model.account else {
        out.not_applicable(
            resource,
            "a blueprint's desired state is not listed from an account",
        );
        return;
    };
    if account.unlisted.is_empty() {
        out.pass(resource.clone());
    }
    for reason in &account.unlisted {
        out.unknown(resource.clone(), reason.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;

    #[test]
    fn a_complete_inventory_passes_and_a_blueprint_is_not_applicable() {
        let mut model = compliant_model();
        model.account = Some(compliant_account());
        assert_eq!(problems(&RULE, &model), vec![]);
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        model.account = None;
        let outcomes = outcomes(&RULE, &model);
        assert_eq!(
            format!("{outcomes:?}"),
            r#"[("123456789012", NotApplicable("a blueprint's desired state is not listed from an account"))]"#
        );
    }

    #[test]
    fn each_failed_listing_is_unknown_with_its_reason() {
        let mut model = compliant_model();
        let mut account = compliant_account();
        account.unlisted = vec![
            "cannot list: AccessDenied on kinesis:ListStreams for streams".to_string(),
            "cannot list: AccessDenied on s3:ListBuckets for buckets".to_string(),
        ];
        model.account = Some(account);
        assert_eq!(
            problems(&RULE, &model),
            vec![
                unknown(
                    "123456789012",
                    "cannot list: AccessDenied on kinesis:ListStreams for streams"
                ),
                unknown(
                    "123456789012",
                    "cannot list: AccessDenied on s3:ListBuckets for buckets"
                ),
            ]
        );
    }
}
