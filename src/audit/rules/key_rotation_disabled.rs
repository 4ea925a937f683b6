//! LK-KMS-001: customer managed lake keys rotate their material yearly.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-KMS-001",
    name: "key-rotation-disabled",
    title: "Customer managed lake keys have automatic rotation enabled",
    severity: Severity::Medium,
    service: Service::Kms,
    lens: &[ids::SEC_AT_REST],
    rationale: "Automatic rotation replaces the key material every year while keeping old material for decryption, which limits how much data one compromised key version protects and meets most compliance baselines. It costs nothing in availability.",
    remediation: "Enable rotation (`aws kms enable-key-rotation --key-id <key>`) or redeploy with `lakectl deploy`, which creates every lake key with rotation on.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "The lake's keys are declared with rotation.",
        blueprint: "The deployed lake keys have rotation on.",
        account: "Every customer managed key of the account has automatic rotation on.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for key in &model.keys {
        let resource = Resource::key(&model.lake, key);
        if key.customer_managed.known() == Some(&false) {
            out.not_applicable(resource, "AWS rotates AWS managed keys itself");
            continue;
        }
        let Some(rotation) = out.known(&resource, "key rotation", &key.rotation) else {
            continue;
        };
        out.check(resource, *rotation, || {
            "automatic key rotation is off".to_string()
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
        assert_eq!(outcomes(&RULE, &model).len(), 5);
        assert_eq!(problems(&RULE, &model), vec![]);
        model.keys[0].rotation = Prop::Known(false);
        model.keys[1].rotation = unknown_prop("kms:GetKeyRotationStatus");
        model.keys[2].customer_managed = Prop::Known(false);
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail("raw", "automatic key rotation is off"),
                unknown(
                    "cleansed",
                    "key rotation: AccessDenied on kms:GetKeyRotationStatus"
                ),
                na("curated", "AWS rotates AWS managed keys itself"),
            ]
        );
    }
}
