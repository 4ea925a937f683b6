//! Firehose delivery streams.

use super::{Ctx, Props, Want, eq};
use crate::model::property::DeliveryStreamProperty as P;
use crate::model::refs::has_token;
use crate::model::{FormatConversion, Kind, Prop};
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn delivery_streams(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.delivery_streams {
            let l = self.live.delivery_streams.iter().find(|s| s.name == d.name);
            let mut p = Props::new(l.is_none());
            let known = |v: String| Prop::Known(v);
            p.check(
                P::SourceStream,
                Want::Is(d.source_stream.clone()),
                l.map(|l| Prop::Known(l.source_stream.clone())),
                eq,
                Effect::Replace,
            );
            p.check(
                P::Bucket,
                Want::Is(self.bucket_name(&d.bucket)),
                l.map(|l| known(self.bucket_name(&l.bucket))),
                eq,
                Effect::Update,
            );
            p.check(
                P::Role,
                Want::Is(self.role_name(&d.role)),
                l.map(|l| known(self.role_name(&l.role))),
                eq,
                Effect::Update,
            );
            p.same(P::Prefix, &d.prefix, l.map(|l| &l.prefix));
            p.same(P::ErrorPrefix, &d.error_prefix, l.map(|l| &l.error_prefix));
            p.same(P::BufferingMb, &d.buffering_mb, l.map(|l| &l.buffering_mb));
            p.same(
                P::BufferingSeconds,
                &d.buffering_seconds,
                l.map(|l| &l.buffering_seconds),
            );
            p.same(P::Compression, &d.compression, l.map(|l| &l.compression));
            if let Some(v) = d.destination_key.known() {
                let live = l.map(|l| l.destination_key.clone().map(|k| self.live_key(&k)));
                p.check(P::DestinationKey, self.key(v), live, eq, Effect::Update);
            }
            if let Some(v) = d.sse.known() {
                let live = l.map(|l| l.sse.clone().map(|k| self.live_key(&k)));
                p.check(P::Sse, self.key(v), live, eq, Effect::Update);
            }
            if let Some(v) = d.format_conversion.known() {
                let live = l.map(|l| l.format_conversion.clone().map(|c| self.conversion(c)));
                let want = Want::Is(self.conversion(v.clone()));
                p.check(P::FormatConversion, want, live, eq, Effect::Update);
            }
            if let Some(v) = d.dynamic_partitioning.known() {
                let live = l.map(|l| l.dynamic_partitioning.clone());
                // AWS turns dynamic partitioning on or off only at creation; its keys and
                // retries change in place.
                let switched = match live.as_ref().and_then(|l| l.known()) {
                    Some(live) => live.is_some() != v.is_some(),
                    None => false,
                };
                let effect = if switched {
                    Effect::Replace
                } else {
                    Effect::Update
                };
                p.check(
                    P::DynamicPartitioning,
                    Want::Is(v.clone()),
                    live,
                    eq,
                    effect,
                );
            }
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::DeliveryStream, &d.name));
        }
    }
}

impl Ctx<'_> {
    /// A conversion as both sides can agree on it: the role by name, the catalog by account id.
    fn conversion(&self, c: Option<FormatConversion>) -> Option<FormatConversion> {
        c.map(|mut c| {
            c.schema.role = self.role_name(&c.schema.role);
            if has_token(&c.schema.catalog_id) {
                c.schema.catalog_id = self.account.clone();
            }
            c
        })
    }
}
