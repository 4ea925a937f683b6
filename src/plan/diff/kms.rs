//! KMS keys.

use super::{Ctx, Props, Want, eq};
use crate::model::property::KeyProperty as P;
use crate::model::{Kind, Prop};
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn keys(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.keys {
            let l = self.live.keys.iter().find(|k| k.alias == d.alias);
            let mut p = Props::new(l.is_none());
            p.check(
                P::Description,
                Want::Is(d.description.clone()),
                l.map(|l| Prop::Known(l.description.clone())),
                eq,
                Effect::Update,
            );
            p.same(P::Rotation, &d.rotation, l.map(|l| &l.rotation));
            // On create the key starts enabled; only a live key can be disabled or pending deletion.
            if l.is_some() {
                p.same(P::State, &d.state, l.map(|l| &l.state));
            }
            if let (Some(v), Some(l)) = (d.customer_managed.known(), l) {
                p.check(
                    P::CustomerManaged,
                    Want::Is(*v),
                    Some(l.customer_managed.clone()),
                    eq,
                    Effect::Replace,
                );
            }
            if let Some(v) = d.policy.known() {
                p.check_policy(P::Policy, self.policy(v), l.map(|l| l.policy.clone()));
            }
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Key, &d.alias));
        }
    }
}
