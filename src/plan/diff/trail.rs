//! The lake's CloudTrail trail. Every property is an update: UpdateTrail changes the bucket,
//! prefix, key, regions and validation in place, PutEventSelectors replaces the selectors,
//! StartLogging resumes logging. Only a new name would be a new trail, and the name is derived.

use super::{Ctx, Props, eq};
use crate::model::property::TrailProperty as P;
use crate::model::{Kind, TrailSelectors};
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn trail(&self, out: &mut Vec<ResourceChange>) {
        let Some(d) = &self.desired.trail else { return };
        let l = self.live.trail.as_ref().filter(|t| t.name == d.name);
        let mut p = Props::new(l.is_none());
        if let Some(bucket) = d.bucket.known() {
            let bucket = super::Want::Is(self.resolver.resolve(bucket));
            p.check(
                P::Bucket,
                bucket,
                l.map(|l| l.bucket.clone()),
                eq,
                Effect::Update,
            );
        }
        p.same(P::Prefix, &d.prefix, l.map(|l| &l.prefix));
        if let Some(v) = d.key.known() {
            let live = l.map(|l| l.key.clone().map(|k| self.live_key(&k)));
            p.check(P::Key, self.key(v), live, eq, Effect::Update);
        }
        p.same(P::MultiRegion, &d.multi_region, l.map(|l| &l.multi_region));
        p.same(
            P::LogFileValidation,
            &d.log_file_validation,
            l.map(|l| &l.log_file_validation),
        );
        if let Some(s) = d.selectors.known() {
            let resolved = TrailSelectors {
                management: s.management,
                s3_data_buckets: (s.s3_data_buckets.iter())
                    .map(|b| self.resolver.resolve(b))
                    .collect(),
            };
            let live = l.map(|l| l.selectors.clone());
            p.check(
                P::EventSelectors,
                super::Want::Is(resolved),
                live,
                eq,
                Effect::Update,
            );
        }
        p.same(P::Logging, &d.logging, l.map(|l| &l.logging));
        p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
        out.push(p.finish(Kind::Trail, &d.name));
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Kind, ManagementEvents, Model, Prop, TrailSelectors};
    use crate::plan::{Action, diff};

    fn retail() -> Model {
        crate::compile::testing::retail(Some("123456789012"))
    }

    /// The trail's plan entry: its action and the properties it writes.
    fn trail_change(desired: &Model, live: &Model) -> (Action, Vec<&'static str>) {
        let plan = diff(desired, live);
        let rc = (plan.resources.iter())
            .find(|r| r.kind == Kind::Trail)
            .expect("the retail trail is planned");
        let properties = rc.properties.iter().map(|p| p.property.name()).collect();
        (rc.action, properties)
    }

    #[test]
    fn a_trail_is_created_then_unchanged_then_updated_in_place() {
        let desired = retail();
        let mut live = desired.clone();
        live.trail = None;
        assert_eq!(trail_change(&desired, &live).0, Action::Create);

        let mut live = desired.clone();
        // Live keys have ARNs, through which the trail's key is compared.
        for k in &mut live.keys {
            k.arn = Some(format!("arn:aws:kms:eu-west-1:123456789012:key/{}", k.id));
        }
        assert_eq!(trail_change(&desired, &live), (Action::NoChange, vec![]));

        let t = live.trail.as_mut().unwrap();
        t.logging = Prop::Known(false);
        t.multi_region = Prop::Known(false);
        t.selectors = Prop::Known(TrailSelectors {
            management: ManagementEvents::ReadOnly,
            s3_data_buckets: vec![],
        });
        assert_eq!(
            trail_change(&desired, &live),
            (
                Action::Update,
                vec!["multi_region", "event_selectors", "logging"]
            )
        );
    }
}
