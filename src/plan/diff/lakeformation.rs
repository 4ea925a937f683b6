//! Lake Formation settings, registered locations and grants (additive: see the plan's doc),
//! and the IAM_ALLOWED_PRINCIPALS grants on the lake's databases, which are revoked, and the
//! lake's locations in hybrid access mode, which are switched to Lake Formation mode.

use super::{Ctx, Props, Want, normal_grant};
use crate::model::property::LakeFormationProperty as P;
use crate::model::{IAM_ALLOWED_PRINCIPALS, Kind, LfGrant, Prop};
use crate::plan::compare::{includes, same_set};
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn lake_formation(&self, out: &mut Vec<ResourceChange>) {
        let (d, l) = (&self.desired.lake_formation, &self.live.lake_formation);
        let mut p = Props::new(false);
        let resolve = |v: &Vec<String>| -> Vec<String> {
            v.iter().map(|s| self.resolver.resolve(s)).collect()
        };
        // Additive lists show only the live items lakectl asks for.
        let owned = |want: &Vec<String>, live: &Prop<Vec<String>>| {
            live.clone().map(|live| {
                live.into_iter()
                    .filter(|x| want.contains(x))
                    .collect::<Vec<_>>()
            })
        };
        let included = |a: &Vec<String>, b: &Vec<String>| includes(a, b);
        let same_set = |a: &Vec<String>, b: &Vec<String>| same_set(a, b);
        if let Some(v) = d.admins.known() {
            let want = resolve(v);
            let live = owned(&want, &l.admins);
            p.check(
                P::Admins,
                Want::Is(want),
                Some(live),
                included,
                Effect::Update,
            );
        }
        if let Some(v) = d.create_database_default.known() {
            let live = Some(l.create_database_default.clone());
            let want = Want::Is(resolve(v));
            p.check(
                P::CreateDatabaseDefault,
                want,
                live,
                same_set,
                Effect::Update,
            );
        }
        if let Some(v) = d.create_table_default.known() {
            let live = Some(l.create_table_default.clone());
            let want = Want::Is(resolve(v));
            p.check(P::CreateTableDefault, want, live, same_set, Effect::Update);
        }
        if let Some(v) = d.registered_locations.known() {
            let want = resolve(v);
            let live = owned(&want, &l.registered_locations);
            // The lake's own locations in hybrid access mode are switched to Lake Formation
            // mode: the lake's access is its grants, which hybrid mode lets IAM bypass.
            let hybrid = owned(&want, &l.hybrid_locations);
            let (property, effect) = (P::RegisteredLocations, Effect::Update);
            p.check(property, Want::Is(want), Some(live), included, effect);
            p.check(
                P::HybridLocations,
                Want::Is(Vec::new()),
                Some(hybrid),
                |_, hybrid: &Vec<String>| hybrid.is_empty(),
                Effect::Update,
            );
        }
        if let Some(v) = d.grants.known() {
            let want: Vec<LfGrant> = v.iter().map(|g| self.grant(g)).collect();
            let live = l.grants.clone().map(|live| {
                let live: Vec<LfGrant> = live.iter().map(normal_grant).collect();
                want.iter()
                    .filter(|g| live.contains(g))
                    .cloned()
                    .collect::<Vec<_>>()
            });
            p.check(
                P::Grants,
                Want::Is(want),
                Some(live),
                |a, b| includes(a, b),
                Effect::Update,
            );
        }
        // The lake's databases and tables granted to IAM_ALLOWED_PRINCIPALS (made while Lake
        // Formation's defaults were on, or since) let any IAM principal past every grant; the
        // lake's access is its Lake Formation grants, so these are revoked.
        let open = l.grants.clone().map(|live| {
            let open = live
                .iter()
                .filter(|g| g.principal == IAM_ALLOWED_PRINCIPALS);
            open.map(normal_grant).collect::<Vec<_>>()
        });
        p.check(
            P::IamAllowedGrants,
            Want::Is(Vec::new()),
            Some(open),
            |_, open: &Vec<LfGrant>| open.is_empty(),
            Effect::Update,
        );
        self.lf_tbac(&mut p);
        out.push(p.finish(Kind::LakeFormation, crate::plan::LAKE_FORMATION));
    }

    fn grant(&self, g: &LfGrant) -> LfGrant {
        normal_grant(&LfGrant {
            principal: self.resolver.resolve(&g.principal),
            ..g.clone()
        })
    }
}
