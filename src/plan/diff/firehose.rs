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
            p.same(
                P::ErrorLogging,
                &d.error_logging,
                l.map(|l| &l.error_logging),
            );
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

#[cfg(test)]
mod tests {
    use crate::audit::testing::{ACCOUNT, compliant_model, format_conversion};
    use crate::model::property::DeliveryStreamProperty as P;
    use crate::model::{DynamicPartitioning, Kind, Model, PartitionQuery, Prop};
    use crate::plan::{Action, diff};

    fn partitioning(query: &str) -> DynamicPartitioning {
        DynamicPartitioning {
            keys: vec![PartitionQuery {
                name: "event_type".into(),
                query: query.into(),
            }],
            retry_seconds: 300,
        }
    }

    /// A desired stream converting and partitioning, before any account is known.
    fn desired() -> Model {
        let mut model = compliant_model();
        let mut conversion = format_conversion();
        conversion.schema.catalog_id = "${AWS::AccountId}".into();
        model.lake.account = "${AWS::AccountId}".into();
        let d = &mut model.delivery_streams[0];
        d.format_conversion = Prop::Known(Some(conversion));
        d.dynamic_partitioning = Prop::Known(Some(partitioning(".event_type")));
        model
    }

    /// The live stream as the inventory reads it: account id and role name filled in.
    fn live() -> Model {
        let mut model = compliant_model();
        let d = &mut model.delivery_streams[0];
        let mut conversion = format_conversion();
        conversion.schema.catalog_id = ACCOUNT.into();
        d.format_conversion = Prop::Known(Some(conversion));
        d.dynamic_partitioning = Prop::Known(Some(partitioning(".event_type")));
        model
    }

    /// The effects on the two record properties (the hand-built models' keys have no ARN, so
    /// their destination key is always planned).
    fn effects(live: &Model) -> Vec<(P, crate::plan::Effect)> {
        let plan = diff(&desired(), live);
        let change = plan.resource(Kind::DeliveryStream, "retail-prod-clicks-to-raw");
        (change.into_iter().flat_map(|c| c.properties.iter()))
            .filter_map(|p| match p.property {
                crate::model::Property::DeliveryStream(
                    d @ (P::FormatConversion | P::DynamicPartitioning),
                ) => Some((d, p.effect)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_catalog_token_and_the_role_id_match_what_the_inventory_reads() {
        assert_eq!(effects(&live()), vec![]);
    }

    #[test]
    fn changed_keys_and_conversion_are_updates_but_switching_partitioning_is_a_replacement() {
        use crate::plan::Effect::{Replace, Update};
        let mut changed = live();
        let d = &mut changed.delivery_streams[0];
        d.dynamic_partitioning = Prop::Known(Some(partitioning(".kind")));
        d.format_conversion = Prop::Known(None);
        assert_eq!(
            effects(&changed),
            vec![
                (P::FormatConversion, Update),
                (P::DynamicPartitioning, Update)
            ]
        );
        changed.delivery_streams[0].dynamic_partitioning = Prop::Known(None);
        assert_eq!(
            effects(&changed),
            vec![
                (P::FormatConversion, Update),
                (P::DynamicPartitioning, Replace)
            ]
        );
        let plan = diff(&desired(), &changed);
        let change = plan
            .resource(Kind::DeliveryStream, "retail-prod-clicks-to-raw")
            .unwrap();
        assert_eq!(change.action, Action::ReplaceNeeded);
        assert!(change.replaces(P::DynamicPartitioning));
        assert!(!change.writes(P::DynamicPartitioning));
    }
}
