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
            .map(|t| RuleTarget {
                id: t.id.clone(),
                arn: self.resolver.resolve(&t.arn),
                role_arn: t.role_arn.as_ref().map(|r| self.resolver.resolve(r)),
            })
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
