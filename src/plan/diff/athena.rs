//! Athena work groups.

use super::{Ctx, Props, Want, eq};
use crate::model::property::WorkGroupProperty as P;
use crate::model::{Kind, ResultEncryption};
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn workgroups(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.workgroups {
            let l = self.live.workgroups.iter().find(|w| w.name == d.name);
            let mut p = Props::new(l.is_none());
            p.same(P::Description, &d.description, l.map(|l| &l.description));
            p.same(
                P::EnforceConfiguration,
                &d.enforce_configuration,
                l.map(|l| &l.enforce_configuration),
            );
            if let Some(v) = d.result_location.known() {
                let v = v.as_ref().map(|s| self.resolver.resolve(s));
                p.check(
                    P::ResultLocation,
                    Want::Is(v),
                    l.map(|l| l.result_location.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.result_encryption.known() {
                let want = match v {
                    None => Want::Is(None),
                    Some(e) => match self.key(&e.key) {
                        Want::Is(key) => Want::Is(Some(ResultEncryption { key, ..e.clone() })),
                        Want::AfterApply => Want::AfterApply,
                    },
                };
                let live = l.map(|l| {
                    l.result_encryption.clone().map(|e| {
                        e.map(|e| ResultEncryption {
                            key: self.live_key(&e.key),
                            ..e
                        })
                    })
                });
                p.check(P::ResultEncryption, want, live, eq, Effect::Update);
            }
            p.same(
                P::BytesScannedCutoff,
                &d.bytes_scanned_cutoff,
                l.map(|l| &l.bytes_scanned_cutoff),
            );
            p.same(P::Metrics, &d.metrics, l.map(|l| &l.metrics));
            p.same(
                P::EngineVersion,
                &d.engine_version,
                l.map(|l| &l.engine_version),
            );
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::WorkGroup, &d.name));
        }
    }
}
