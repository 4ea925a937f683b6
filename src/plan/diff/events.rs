//! EventBridge rules that start workflows.

use super::{Ctx, Props, Want, eq};
use crate::model::property::EventRuleProperty as P;
use crate::model::refs::has_token;
use crate::model::{Kind, RuleTarget};
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn event_rules(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.event_rules {
            let l = self.live.event_rules.iter().find(|r| r.name == d.name);
            let mut p = Props::new(l.is_none());
            p.same(P::Pattern, &d.pattern, l.map(|l| &l.pattern));
            if let Some(targets) = d.targets.known() {
                let live = l.map(|l| l.targets.clone());
                p.check(P::Targets, self.targets(targets), live, eq, Effect::Update);
            }
            p.same(P::Enabled, &d.enabled, l.map(|l| &l.enabled));
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::EventRule, &d.name));
        }
    }

    /// The targets with the account resolved in their ARNs.
    fn targets(&self, targets: &[RuleTarget]) -> Want<Vec<RuleTarget>> {
        let resolved: Vec<RuleTarget> = (targets.iter())
            .map(|t| t.resolved(&self.resolver))
            .collect();
        let tokens = (resolved.iter())
            .any(|t| has_token(&t.arn) || t.role_arn.as_deref().is_some_and(has_token));
        if tokens {
            Want::AfterApply
        } else {
            Want::Is(resolved)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Kind, Model, Prop};
    use crate::plan::{Action, diff};

    fn retail() -> Model {
        crate::compile::testing::retail(Some("123456789012"))
    }

    /// The rule's plan entry: its action and the properties it writes.
    fn rule_change(desired: &Model, live: &Model) -> (Action, Vec<&'static str>) {
        let plan = diff(desired, live);
        let rc = (plan.resources.iter())
            .find(|r| r.kind == Kind::EventRule)
            .expect("the retail rule is planned");
        let properties = rc.properties.iter().map(|p| p.property.name()).collect();
        (rc.action, properties)
    }

    #[test]
    fn a_rule_is_created_then_unchanged_then_repointed() {
        let desired = retail();
        let mut live = desired.clone();
        assert_eq!(rule_change(&desired, &live), (Action::NoChange, vec![]));

        let Prop::Known(targets) = &mut live.event_rules[0].targets else {
            unreachable!()
        };
        targets[0].role_arn = Some("arn:aws:iam::123456789012:role/admin".into());
        live.event_rules[0].enabled = Prop::Known(false);
        assert_eq!(
            rule_change(&desired, &live),
            (Action::Update, vec!["targets", "enabled"])
        );

        live.event_rules.clear();
        assert_eq!(
            rule_change(&desired, &live),
            (
                Action::Create,
                vec!["pattern", "targets", "enabled", "tags"]
            )
        );
    }
}
