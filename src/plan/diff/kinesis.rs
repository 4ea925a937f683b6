//! Kinesis streams.

use super::{Ctx, Props, eq};
use crate::model::Kind;
use crate::model::property::StreamProperty as P;
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn streams(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.streams {
            let l = self.live.streams.iter().find(|s| s.name == d.name);
            let mut p = Props::new(l.is_none());
            p.same(P::Mode, &d.mode, l.map(|l| &l.mode));
            // On-demand streams let AWS choose the shard count.
            if let Some(Some(_)) = d.shards.known() {
                p.same(P::Shards, &d.shards, l.map(|l| &l.shards));
            }
            p.same(
                P::RetentionHours,
                &d.retention_hours,
                l.map(|l| &l.retention_hours),
            );
            if let Some(v) = d.encryption.known() {
                let live = l.map(|l| l.encryption.clone().map(|k| self.live_key(&k)));
                p.check(P::Encryption, self.key(v), live, eq, Effect::Update);
            }
            p.same(
                P::ShardMetrics,
                &d.shard_metrics,
                l.map(|l| &l.shard_metrics),
            );
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Stream, &d.name));
        }
    }
}
