//! LK-KMS-003: no key policy lets anyone use the key.

use crate::audit::Resource;
use crate::audit::policy_eval;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-KMS-003",
    name: "key-policy-allows-anyone",
    title: "Key policies let no one (`\"*\"`) use the key without a condition naming the callers",
    severity: Severity::Critical,
    service: Service::Kms,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "The key policy is the root of access to a KMS key: an Allow of Decrypt, Encrypt, GenerateDataKey or CreateGrant to `\"*\"` without a `kms:CallerAccount`, `aws:PrincipalAccount` or `aws:PrincipalOrgID` condition lets any AWS account use the key, so the zone's encryption no longer limits who reads the data.",
    remediation: "Remove the statement or add a condition naming the callers (e.g. `StringEquals: {kms:CallerAccount: <account>}` together with `kms:ViaService`); lakectl writes key policies that grant only the account root and the lake's roles.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "The lake's key policies grant nothing to `*` unconditionally.",
        blueprint: "The deployed key policies grant nothing to `*` unconditionally.",
        account: "Every customer managed key's policy grants nothing to `*` unconditionally.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for key in &model.keys {
        let resource = Resource::key(&model.lake, key);
        let Some(policy) = out.known(&resource, "key policy", &key.policy) else {
            continue;
        };
        let open = policy_eval::key_use_by_anyone(policy);
        out.check(resource, open.is_empty(), || {
            let labels: Vec<String> = open
                .iter()
                .map(|s| policy_eval::statement_label(policy, s))
                .collect();
            format!("{} lets anyone use the key", labels.join(", "))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;
    use crate::model::policy::{Principal, Statement};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 5);
        assert_eq!(problems(&RULE, &model), vec![]);
        let Prop::Known(policy) = &mut model.keys[0].policy else {
            unreachable!()
        };
        let mut open = Statement::allow("Anyone", &["kms:Decrypt"], vec!["*".into()])
            .principal(Principal::any());
        open.sid = None;
        policy.statements.push(open);
        model.keys[1].policy = unknown_prop("kms:GetKeyPolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail("raw", "statement #2 lets anyone use the key"),
                unknown("cleansed", "key policy: AccessDenied on kms:GetKeyPolicy"),
            ]
        );
    }
}
