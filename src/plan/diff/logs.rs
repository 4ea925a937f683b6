//! The delivery streams' error log groups. Every property changes in place; a group's name is
//! its identity.

use std::collections::BTreeSet;

use super::{Ctx, Props, Want, eq};
use crate::model::Kind;
use crate::model::property::LogGroupProperty as P;
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn log_groups(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.log_groups {
            let l = self.live.log_groups.iter().find(|g| g.name == d.name);
            let mut p = Props::new(l.is_none());
            p.same(
                P::Retention,
                &d.retention_days,
                l.map(|l| &l.retention_days),
            );
            if let Some(v) = d.key.known() {
                let live = l.map(|l| l.key.clone().map(|k| self.live_key(&k)));
                p.check(P::Key, self.key(v), live, eq, Effect::Update);
            }
            // Streams are only added (one no longer wanted may hold logs): a group has what
            // it needs when it has at least the desired streams.
            if let Some(v) = d.streams.known() {
                let live = l.map(|l| l.streams.clone());
                let holds = |want: &BTreeSet<String>, live: &BTreeSet<String>| want.is_subset(live);
                p.check(P::Streams, Want::Is(v.clone()), live, holds, Effect::Update);
            }
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::LogGroup, &d.name));
        }
    }
}
