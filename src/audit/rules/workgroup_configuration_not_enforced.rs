//! LK-ATH-001: Athena work groups override client-side settings.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-ATH-001",
    name: "workgroup-configuration-not-enforced",
    title: "Athena work groups enforce their configuration over client-side settings",
    severity: Severity::Medium,
    service: Service::Athena,
    lens: &[ids::REL_CONFIG],
    rationale: "Unless the work group enforces its configuration, every client may choose its own result location and encryption, so the work group's SSE-KMS results, location and limits are suggestions. Enforcing keeps every query in the work group on the same, reviewed settings.",
    remediation: "Set `EnforceWorkGroupConfiguration: true` on the work group, or redeploy with `lakectl deploy`, which enforces it for every `athena.workgroups[]`.",
    blueprint_field: Some("athena.workgroups[]"),
    scopes: Scopes {
        static_: "Work groups enforce their configuration.",
        blueprint: "Deployed work groups enforce their configuration.",
        account: "Every work group enforces its configuration over client-side settings.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for wg in &model.workgroups {
        let resource = Resource::workgroup(&model.lake, wg);
        let Some(enforced) = out.known(
            &resource,
            "enforce configuration",
            &wg.enforce_configuration,
        ) else {
            continue;
        };
        out.check(resource, *enforced, || {
            "clients may override the work group's result location and encryption".to_string()
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
        model.workgroups[0].enforce_configuration = Prop::Known(false);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "clients may override the work group's result location and encryption"
            )]
        );
        model.workgroups[0].enforce_configuration = unknown_prop("athena:GetWorkGroup");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "enforce configuration: AccessDenied on athena:GetWorkGroup"
            )]
        );
    }
}
