//! IAM roles.

use super::{Ctx, Props, Want};
use crate::model::Kind;
use crate::model::property::RoleProperty as P;
use crate::plan::compare::same_set;
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn roles(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.roles {
            let l = self.live.roles.iter().find(|r| r.name == d.name);
            let mut p = Props::new(l.is_none());
            if let Some(v) = d.trust.known() {
                p.check_policy(P::Trust, self.policy(v), l.map(|l| l.trust.clone()));
            }
            if let Some(v) = d.policy.known() {
                p.check_policy_opt(P::Policy, self.policy_opt(v), l.map(|l| l.policy.clone()));
            }
            if let Some(v) = d.managed_policies.known() {
                p.check(
                    P::ManagedPolicies,
                    Want::Is(v.clone()),
                    l.map(|l| l.managed_policies.clone()),
                    |a, b| same_set(a, b),
                    Effect::Update,
                );
            }
            // `other_policies` are not lakectl's to write: the audit checks them, the plan
            // leaves them alone.
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Role, &d.name));
        }
    }
}
