//! Workflows started by new objects: each gets an EventBridge rule on the default bus that
//! matches its zone prefix, and a role EventBridge assumes that may only notify the workflow.

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::FieldPath;
use crate::model::events::WORKFLOW_TARGET_ID;
use crate::model::naming::{self, logical_id};
use crate::model::*;

impl Compiler<'_> {
    /// Whether the new objects of zone `zone` start a workflow (its bucket then notifies
    /// EventBridge).
    pub(super) fn starts_workflows(&self, zone: &str) -> bool {
        (self.bp.workflows.iter()).any(|w| w.start_on.as_ref().is_some_and(|on| on.zone == zone))
    }

    /// The rule of each workflow with `start_on`, and the roles they assume.
    pub(super) fn event_rules(&self) -> (Vec<EventRule>, Vec<Role>) {
        let at = FieldPath::root().key("workflows");
        let arns = self.arns();
        let scope = self.lake.scope();
        let mut rules = Vec::new();
        let mut roles = Vec::new();
        for (i, w) in self.bp.workflows.iter().enumerate() {
            let Some(on) = &w.start_on else { continue };
            let workflow = self.prefixed(&w.name);
            let workflow_arn = arns.glue_workflow(&workflow);
            let name = naming::event_rule(scope, &w.name);
            let role = Role {
                id: naming::events_role_name(&w.name),
                logical_id: format!("Role{}Events", logical_id(&w.name)),
                name: naming::events_role(scope, &w.name),
                purpose: None,
                trust: Prop::Known(policies::events_trust_policy(
                    &self.lake,
                    &arns.event_rule(&name),
                )),
                policy: Prop::Known(Some(policies::notify_workflow_policy(&workflow_arn))),
                other_policies: Prop::Known(Vec::new()),
                managed_policies: Prop::Known(Vec::new()),
                tags: self.tags(),
            };
            let rule = EventRule {
                logical_id: format!("EventRule{}", logical_id(&w.name)),
                workflow,
                role: role.id.clone(),
                pattern: Prop::Known(EventPattern::ObjectCreated(ObjectCreatedPattern {
                    bucket: self.bucket_of_zone(&on.zone),
                    prefix: on.prefix.clone(),
                })),
                targets: Prop::Known(vec![RuleTarget {
                    id: WORKFLOW_TARGET_ID.to_string(),
                    arn: workflow_arn,
                    role_arn: Some(arns.role(&role.name)),
                }]),
                enabled: Prop::Known(true),
                tags: self.tags(),
                name,
            };
            let path = at.index(i).key("start_on");
            self.record(
                Origin::new(path.clone(), &w.name, vec![rule.logical_id.clone()])
                    .named("eventbridge rule", &rule.name),
            );
            self.record(
                Origin::new(path, &role.id, vec![role.logical_id.clone()])
                    .named("role", &role.name),
            );
            rules.push(rule);
            roles.push(role);
        }
        (rules, roles)
    }
}
