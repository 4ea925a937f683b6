//! LK-ATH-003: Athena work groups cancel queries that scan too much.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-ATH-003",
    name: "workgroup-without-bytes-scanned-cutoff",
    title: "Athena work groups have a per-query bytes-scanned cutoff",
    severity: Severity::Low,
    service: Service::Athena,
    lens: &[ids::COST_STEP_COSTS],
    rationale: "Athena bills per byte scanned. Without a per-query limit, one unfiltered query on a large table costs as much as a month of normal use; the cutoff cancels it and makes the cost of each query bounded and attributable to its work group.",
    remediation: "Set `athena.workgroups[].bytes_scanned_cutoff_mb` (default 10240) and redeploy, or set `BytesScannedCutoffPerQuery` on the work group.",
    blueprint_field: Some("athena.workgroups[].bytes_scanned_cutoff_mb"),
    scopes: Scopes {
        static_: "Work groups set a per-query bytes-scanned cutoff, at most the policy's ceiling when it sets one.",
        blueprint: "The deployed work groups are checked the same way.",
        account: "Every work group sets a per-query bytes-scanned cutoff, at most the audit policy's `athena_max_bytes_scanned` when it sets one.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for wg in &model.workgroups {
        let resource = Resource::workgroup(&model.lake, wg);
        let Some(cutoff) = out.known(&resource, "bytes-scanned cutoff", &wg.bytes_scanned_cutoff)
        else {
            continue;
        };
        let ceiling = out.policy().max_bytes_scanned_cutoff;
        match (cutoff, ceiling) {
            (None, _) => out.fail(resource, "queries may scan without limit"),
            (Some(cutoff), Some(ceiling)) if *cutoff > ceiling => out.fail(
                resource,
                format!(
                    "queries may scan {cutoff} bytes, more than the audit policy's ceiling of {ceiling}"
                ),
            ),
            (Some(_), _) => out.pass(resource),
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
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let name = "retail-prod-analysts";
        model.workgroups[0].bytes_scanned_cutoff = Prop::Known(None);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(name, "queries may scan without limit")]
        );
        model.workgroups[0].bytes_scanned_cutoff = unknown_prop("athena:GetWorkGroup");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "bytes-scanned cutoff: AccessDenied on athena:GetWorkGroup"
            )]
        );
    }
}
