//! LK-S3-013: every lake bucket has an enabled lifecycle rule that expires or tiers data; a rule
//! that only aborts incomplete multipart uploads is no lifecycle plan (tiering itself is LK-S3-015).

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{LifecycleRule, Model};

pub static RULE: Rule = Rule {
    id: "LK-S3-013",
    name: "bucket-without-lifecycle-rules",
    title: "Lake buckets have an enabled lifecycle rule that expires or tiers their data",
    severity: Severity::Low,
    service: Service::S3,
    lens: &[ids::COST_LIFECYCLE],
    rationale: "Without lifecycle rules, data stays in S3 Standard forever, noncurrent versions accumulate in versioned buckets and incomplete multipart uploads are billed indefinitely. A lifecycle plan is how a lake answers for the cost of data it no longer reads.",
    remediation: "Give the zone a lifecycle in the blueprint (`zones[].lifecycle`: transitions, `expiration_days`, `noncurrent_expiration_days`, `abort_incomplete_multipart_days`) and redeploy; the log and results buckets get theirs from `access_logs.retention_days` and `athena_results.expiration_days`.",
    blueprint_field: Some("zones[].lifecycle"),
    scopes: Scopes {
        static_: "Every bucket has an enabled lifecycle rule with a transition, an expiration or a noncurrent-version expiration.",
        blueprint: "Every deployed bucket is checked the same way.",
        account: "Every bucket has at least one Enabled lifecycle rule that transitions objects, expires them or expires noncurrent versions; disabled rules and rules that only abort incomplete multipart uploads do not count.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for bucket in &model.buckets {
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(rules) = out.known(&resource, "lifecycle configuration", &bucket.lifecycle) else {
            continue;
        };
        let enabled: Vec<&LifecycleRule> = rules.iter().filter(|r| r.enabled).collect();
        let plans = enabled.iter().any(|r| {
            !r.transitions.is_empty()
                || r.expiration_days.is_some()
                || r.noncurrent_expiration_days.is_some()
        });
        out.check(resource, plans, || {
            if rules.is_empty() {
                "no lifecycle rules".to_string()
            } else if enabled.is_empty() {
                "every lifecycle rule is disabled".to_string()
            } else {
                "the enabled lifecycle rules only abort incomplete multipart uploads; nothing expires or moves to a cheaper class".to_string()
            }
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
        model.buckets[0].lifecycle = Prop::Known(vec![]);
        let Prop::Known(rules) = &mut model.buckets[1].lifecycle else {
            unreachable!()
        };
        rules[0].enabled = false;
        model.buckets[2].lifecycle = unknown_prop("s3:GetLifecycleConfiguration");
        let Prop::Known(rules) = &mut model.buckets[3].lifecycle else {
            unreachable!()
        };
        for rule in rules.iter_mut() {
            rule.transitions.clear();
            rule.expiration_days = None;
            rule.noncurrent_expiration_days = None;
        }
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail("raw", "no lifecycle rules"),
                fail("cleansed", "every lifecycle rule is disabled"),
                unknown(
                    "curated",
                    "lifecycle configuration: AccessDenied on s3:GetLifecycleConfiguration"
                ),
                fail(
                    "access-logs",
                    "the enabled lifecycle rules only abort incomplete multipart uploads; nothing expires or moves to a cheaper class"
                ),
            ]
        );
    }
}
