//! S3 buckets.

use super::{Ctx, Props, Want, eq};
use crate::model::property::BucketProperty as P;
use crate::model::{BucketEncryption, Kind, LifecycleRule};
use crate::plan::compare::same_versioning;
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn buckets(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.buckets {
            let l = self.live.buckets.iter().find(|b| b.name == d.name);
            let mut p = Props::new(l.is_none());
            if let Some(v) = d.encryption.known() {
                let want = match self.key(&v.key) {
                    Want::Is(key) => Want::Is(BucketEncryption { key, ..v.clone() }),
                    Want::AfterApply => Want::AfterApply,
                };
                let live = l.map(|l| {
                    l.encryption.clone().map(|e| BucketEncryption {
                        key: self.live_key(&e.key),
                        ..e
                    })
                });
                p.check(P::Encryption, want, live, eq, Effect::Update);
            }
            p.same(
                P::PublicAccessBlock,
                &d.public_access_block,
                l.map(|l| &l.public_access_block),
            );
            p.same(P::Ownership, &d.ownership, l.map(|l| &l.ownership));
            if let Some(v) = d.versioning.known() {
                p.check(
                    P::Versioning,
                    Want::Is(*v),
                    l.map(|l| l.versioning.clone()),
                    same_versioning,
                    Effect::Update,
                );
            }
            if let Some(v) = d.lifecycle.known() {
                let sorted = |mut rules: Vec<LifecycleRule>| {
                    rules.sort_by(|a, b| a.id.cmp(&b.id));
                    rules
                };
                p.check(
                    P::Lifecycle,
                    Want::Is(sorted(v.clone())),
                    l.map(|l| l.lifecycle.clone().map(sorted)),
                    eq,
                    Effect::Update,
                );
            }
            p.same(P::Logging, &d.logging, l.map(|l| &l.logging));
            if let Some(v) = d.policy.known() {
                p.check_policy_opt(P::Policy, self.policy_opt(v), l.map(|l| l.policy.clone()));
            }
            p.same(P::EventBridge, &d.event_bridge, l.map(|l| &l.event_bridge));
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Bucket, &d.name));
        }
    }
}
