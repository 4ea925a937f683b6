//! LK-KMS-002: lake keys are enabled, not disabled or scheduled for deletion.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{KeyState, Model};

pub static RULE: Rule = Rule {
    id: "LK-KMS-002",
    name: "key-disabled-or-pending-deletion",
    title: "Lake keys are enabled (not disabled or pending deletion)",
    severity: Severity::High,
    service: Service::Kms,
    lens: &[ids::REL_RECOVER_STORE],
    rationale: "Every object, stream record and catalog entry encrypted with a key becomes unreadable when the key is deleted, and unusable while it is disabled. A key pending deletion is the last chance to stop permanent data loss: the waiting period (`encryption.deletion_window_days`) exists for exactly this check.",
    remediation: "Cancel the deletion (`aws kms cancel-key-deletion --key-id <key>`) and enable the key (`aws kms enable-key --key-id <key>`), then find out who scheduled it (CloudTrail `ScheduleKeyDeletion`).",
    blueprint_field: Some("encryption.deletion_window_days"),
    scopes: Scopes {
        static_: "The lake's keys are declared enabled.",
        blueprint: "The deployed lake keys are enabled.",
        account: "Every customer managed key of the account is enabled (not disabled or pending deletion).",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for key in &model.keys {
        let resource = Resource::key(&model.lake, key);
        let Some(state) = out.known(&resource, "key state", &key.state) else {
            continue;
        };
        match state {
            KeyState::Enabled => out.pass(resource),
            KeyState::PendingDeletion => out.fail(
                resource,
                "the key is scheduled for deletion: data encrypted with it will be lost",
            ),
            KeyState::Disabled => out.fail(
                resource,
                "the key is disabled: data encrypted with it cannot be read",
            ),
            other => out.fail(resource, format!("the key is not usable (state {other:?})")),
        }
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
        model.keys[0].state = Prop::Known(KeyState::PendingDeletion);
        model.keys[1].state = Prop::Known(KeyState::Disabled);
        model.keys[2].state = Prop::Known(KeyState::Other("Creating".into()));
        model.keys[3].state = unknown_prop("kms:DescribeKey");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "the key is scheduled for deletion: data encrypted with it will be lost"
                ),
                fail(
                    "cleansed",
                    "the key is disabled: data encrypted with it cannot be read"
                ),
                fail(
                    "curated",
                    "the key is not usable (state Other(\"Creating\"))"
                ),
                unknown("streams", "key state: AccessDenied on kms:DescribeKey"),
            ]
        );
    }
}
