//! LF-tags, assignments, tag-expression grants, data cells filters and filter grants: all
//! additive, so the live side shows only what lakectl asks for, and a difference is what
//! deploy would add.

use super::{Ctx, Props, Want};
use crate::model::property::LakeFormationProperty as P;
use crate::model::{LfFilterGrant, LfTag, LfTagGrant, Prop};
use crate::plan::Effect;
use crate::plan::compare::includes;

impl Ctx<'_> {
    pub(super) fn lf_tbac(&self, p: &mut Props) {
        let (d, l) = (&self.desired.lake_formation, &self.live.lake_formation);
        if let Some(want) = d.tags.known() {
            // Live values beyond the desired ones are someone else's: not shown, never removed.
            let live = l.tags.clone().map(|live| {
                (live.into_iter())
                    .filter_map(|t| {
                        let wanted = want.iter().find(|w| w.key == t.key)?;
                        let values = (t.values.into_iter())
                            .filter(|v| wanted.values.contains(v))
                            .collect();
                        Some(LfTag { key: t.key, values })
                    })
                    .collect::<Vec<_>>()
            });
            let same = |a: &Vec<LfTag>, b: &Vec<LfTag>| includes(a, b);
            p.check(
                P::Tags,
                Want::Is(want.clone()),
                Some(live),
                same,
                Effect::Update,
            );
        }
        if let Some(want) = d.tag_assignments.known() {
            let live = owned(want, &l.tag_assignments, |a, b| a == b);
            p.check(
                P::TagAssignments,
                Want::Is(want.clone()),
                Some(live),
                includes_all,
                Effect::Update,
            );
        }
        if let Some(want) = d.tag_grants.known() {
            let want: Vec<LfTagGrant> = (want.iter())
                .map(|g| LfTagGrant {
                    principal: self.resolver.resolve(&g.principal),
                    ..g.clone()
                })
                .collect();
            let live = owned(&want, &l.tag_grants, |d, l| l.covers(d));
            p.check(
                P::TagGrants,
                Want::Is(want),
                Some(live),
                includes_all,
                Effect::Update,
            );
        }
        if let Some(want) = d.data_cells_filters.known() {
            // A filter with the same name but other rows or columns is shown as a difference;
            // deploy does not replace it (see `apply::lftags`).
            let live = l.data_cells_filters.clone().map(|live| {
                (live.into_iter())
                    .filter(|f| want.iter().any(|w| w.same_filter(f)))
                    .collect::<Vec<_>>()
            });
            p.check(
                P::DataCellsFilters,
                Want::Is(want.clone()),
                Some(live),
                includes_all,
                Effect::Update,
            );
        }
        if let Some(want) = d.filter_grants.known() {
            let want: Vec<LfFilterGrant> = (want.iter())
                .map(|g| LfFilterGrant {
                    principal: self.resolver.resolve(&g.principal),
                    ..g.clone()
                })
                .collect();
            let live = owned(&want, &l.filter_grants, |a, b| a == b);
            p.check(
                P::FilterGrants,
                Want::Is(want),
                Some(live),
                includes_all,
                Effect::Update,
            );
        }
    }
}

/// `includes` in the shape `Props::check` compares a `Vec` property with.
#[allow(clippy::ptr_arg)]
fn includes_all<T: PartialEq>(a: &Vec<T>, b: &Vec<T>) -> bool {
    includes(a, b)
}

/// The desired items that `live` holds (by `matches(desired, live)`), as desired.
fn owned<T: Clone>(
    want: &[T],
    live: &Prop<Vec<T>>,
    matches: impl Fn(&T, &T) -> bool,
) -> Prop<Vec<T>> {
    live.as_ref().map(|live| {
        (want.iter())
            .filter(|d| live.iter().any(|l| matches(d, l)))
            .cloned()
            .collect()
    })
}
