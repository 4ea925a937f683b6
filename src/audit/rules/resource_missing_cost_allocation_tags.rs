//! LK-TAG-001: every lake resource carries the lake's cost-allocation tags.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::{Model, Prop, Tags};

pub static RULE: Rule = Rule {
    id: "LK-TAG-001",
    name: "resource-missing-cost-allocation-tags",
    title: "Every taggable lake resource carries all of the lake's tags with their values",
    severity: Severity::Low,
    service: Service::Tagging,
    lens: &[ids::COST_ALLOCATION],
    rationale: "Cost allocation reports group spend by tag. A bucket, key, stream or work group without the lake's tags (owner, lake, environment, cost center...) lands in the unallocated bucket of the bill, and nobody answers for it.",
    remediation: "Add the missing tags to the resource, or redeploy with `lakectl deploy`, which tags every resource with `lake.tags` plus owner, lake, environment and managed-by; declare new cost-allocation tags in `lake.tags`.",
    blueprint_field: Some("lake.tags"),
    scopes: Scopes {
        static_: "Every taggable resource carries the lake's tags and the policy's required tags.",
        blueprint: "Every deployed resource carries the lake's tags and the policy's required tags.",
        account: "Every taggable resource carries the audit policy's `required_tags` (with an allowed value when the policy lists them); without required tags the rule is not applicable.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let lake = &model.lake;
    // An account has no lake tags: only the audit policy says which tags are required.
    if out.scope() == Scope::Account && out.policy().required_tags.is_empty() {
        out.not_applicable(
            Resource::account(lake),
            "the audit policy requires no tags; list them under `audit.required_tags` in .lakectl.yaml",
        );
        return;
    }
    let taggable = model
        .keys
        .iter()
        .map(|k| (Resource::key(lake, k), &k.tags))
        .chain(
            model
                .buckets
                .iter()
                .map(|b| (Resource::bucket(lake, b), &b.tags)),
        )
        .chain(
            model
                .streams
                .iter()
                .map(|s| (Resource::stream(lake, s), &s.tags)),
        )
        .chain(
            model
                .delivery_streams
                .iter()
                .map(|d| (Resource::delivery_stream(lake, d), &d.tags)),
        )
        .chain(
            model
                .catalog
                .crawlers
                .iter()
                .map(|c| (Resource::crawler(lake, c), &c.tags)),
        )
        .chain(
            model
                .workgroups
                .iter()
                .map(|w| (Resource::workgroup(lake, w), &w.tags)),
        )
        .chain(
            model
                .roles
                .iter()
                .map(|r| (Resource::role(lake, r), &r.tags)),
        );
    for (resource, tags) in taggable {
        check_one(&lake.tags, resource, tags, out);
    }
}

fn check_one(expected: &Tags, resource: Resource, tags: &Prop<Tags>, out: &mut Results) {
    let Some(tags) = out.known(&resource, "tags", tags) else {
        return;
    };
    let mut missing: Vec<String> = expected
        .iter()
        .filter(|(key, value)| tags.get(*key) != Some(*value))
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    missing.extend(
        out.policy()
            .missing_tags(tags)
            .into_iter()
            .filter(|m| !expected.contains_key(m.split([' ', '=']).next().unwrap_or(m))),
    );
    out.check(resource, missing.is_empty(), || {
        format!(
            "missing or different cost-allocation tags: {}",
            missing.join(", ")
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditPolicy;
    use crate::audit::testing::*;

    #[test]
    fn in_account_scope_the_policy_alone_requires_tags() {
        let mut model = account_model();
        assert_eq!(
            account_problems(&RULE, &model, AuditPolicy::default()),
            vec![na(
                ACCOUNT,
                "the audit policy requires no tags; list them under `audit.required_tags` in .lakectl.yaml"
            )]
        );
        let policy = AuditPolicy {
            required_tags: [
                ("owner".to_string(), None),
                (
                    "cost-center".to_string(),
                    Some(vec!["analytics".to_string()]),
                ),
            ]
            .into(),
            ..AuditPolicy::default()
        };
        assert_eq!(account_problems(&RULE, &model, policy.clone()), vec![]);
        model.buckets[0].tags = Prop::Known(Tags::new());
        let Prop::Known(tags) = &mut model.keys[0].tags else {
            unreachable!()
        };
        tags.insert("cost-center".into(), "marketing".into());
        assert_eq!(
            account_problems(&RULE, &model, policy),
            vec![
                fail(
                    "raw",
                    "missing or different cost-allocation tags: cost-center=marketing (not one of analytics)"
                ),
                fail(
                    "raw",
                    "missing or different cost-allocation tags: cost-center (one of analytics), owner"
                ),
            ]
        );
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 5 + 5 + 1 + 1 + 1 + 1 + 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let Prop::Known(tags) = &mut model.buckets[0].tags else {
            unreachable!()
        };
        tags.remove("owner");
        tags.insert("cost-center".into(), "marketing".into());
        model.streams[0].tags = unknown_prop("kinesis:ListTagsForStream");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    "missing or different cost-allocation tags: cost-center=analytics, owner=data-platform"
                ),
                unknown("clicks", "tags: AccessDenied on kinesis:ListTagsForStream"),
            ]
        );
    }
}
