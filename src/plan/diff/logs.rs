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

#[cfg(test)]
mod tests {
    use crate::model::{Kind, Model, Prop};
    use crate::plan::{Action, diff};

    fn retail() -> Model {
        crate::compile::testing::retail(Some("123456789012"))
    }

    /// The log group's plan entry: its action and the properties it writes.
    fn change(desired: &Model, live: &Model) -> (Action, Vec<String>) {
        let plan = diff(desired, live);
        let rc = (plan.resources.iter())
            .find(|r| r.kind == Kind::LogGroup)
            .expect("the log group is planned");
        let properties = (rc.properties.iter())
            .map(|p| p.property.name().to_string())
            .collect();
        (rc.action, properties)
    }

    #[test]
    fn a_group_is_created_then_unchanged_then_repaired() {
        let mut desired = retail();
        // The compiled model's keys have no ARN yet, so a key would always be planned.
        desired.log_groups[0].key = Prop::Known(None);
        let mut live = desired.clone();
        assert_eq!(change(&desired, &live), (Action::NoChange, vec![]));

        // A stream someone added is theirs to keep: no change.
        let Prop::Known(streams) = &mut live.log_groups[0].streams else {
            unreachable!()
        };
        streams.insert("BackupDelivery".into());
        assert_eq!(change(&desired, &live), (Action::NoChange, vec![]));

        live.log_groups[0].retention_days = Prop::Known(None);
        live.log_groups[0].streams = Prop::Known(["BackupDelivery".to_string()].into());
        assert_eq!(
            change(&desired, &live),
            (Action::Update, vec!["retention".into(), "streams".into()])
        );

        live.log_groups.clear();
        let (action, properties) = change(&desired, &live);
        assert_eq!(action, Action::Create);
        assert_eq!(properties, ["retention", "key", "streams", "tags"]);
    }
}
