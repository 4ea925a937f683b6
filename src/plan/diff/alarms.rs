//! The pipeline's health alarms. PutMetricAlarm writes an alarm whole, so both properties are
//! updates in place; the actions name topics by ARN, whose account a desired model may not
//! know yet.

use super::{Ctx, Props, Want, eq};
use crate::model::property::AlarmProperty as P;
use crate::model::refs::has_token;
use crate::model::{AlarmActions, Kind};
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn alarms(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.alarms {
            let l = self.live.alarms.iter().find(|a| a.name == d.name);
            let mut p = Props::new(l.is_none());
            p.same(P::Definition, &d.definition, l.map(|l| &l.definition));
            if let Some(actions) = d.actions.known() {
                let live = l.map(|l| l.actions.clone());
                p.check(P::Actions, self.actions(actions), live, eq, Effect::Update);
            }
            p.tags(P::Tags, &d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Alarm, &d.name));
        }
    }

    /// The actions with the account resolved in their ARNs.
    fn actions(&self, actions: &AlarmActions) -> Want<AlarmActions> {
        let resolve = |arns: &[String]| -> Vec<String> {
            arns.iter().map(|a| self.resolver.resolve(a)).collect()
        };
        let resolved = AlarmActions {
            enabled: actions.enabled,
            alarm: resolve(&actions.alarm),
            ok: resolve(&actions.ok),
        };
        if resolved
            .alarm
            .iter()
            .chain(&resolved.ok)
            .any(|a| has_token(a))
        {
            Want::AfterApply
        } else {
            Want::Is(resolved)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Kind, Model, Prop};
    use crate::plan::{Action, diff};

    fn monitored() -> Model {
        crate::compile::testing::retail(Some("123456789012"))
    }

    /// The first alarm's plan entry: its action and the properties it writes.
    fn alarm_change(desired: &Model, live: &Model) -> (Action, Vec<&'static str>) {
        let plan = diff(desired, live);
        let rc = (plan.resources.iter())
            .find(|r| r.kind == Kind::Alarm && r.name == desired.alarms[0].name)
            .expect("the alarm is planned");
        let properties = rc.properties.iter().map(|p| p.property.name()).collect();
        (rc.action, properties)
    }

    #[test]
    fn an_alarm_is_created_then_unchanged_then_repaired() {
        let desired = monitored();
        assert!(!desired.alarms.is_empty(), "the retail lake is monitored");
        let mut live = desired.clone();
        assert_eq!(alarm_change(&desired, &live), (Action::NoChange, vec![]));

        let Prop::Known(actions) = &mut live.alarms[0].actions else {
            unreachable!()
        };
        actions.enabled = false;
        let Prop::Known(definition) = &mut live.alarms[0].definition else {
            unreachable!()
        };
        definition.threshold *= 10.0;
        assert_eq!(
            alarm_change(&desired, &live),
            (Action::Update, vec!["definition", "actions"])
        );

        // A lake tag removed by hand is drift; a tag someone else added is not.
        let mut tags = desired.alarms[0].tags.known().unwrap().clone();
        let removed = tags.keys().next().unwrap().clone();
        tags.remove(&removed);
        tags.insert("team".into(), "data".into());
        live.alarms[0] = desired.alarms[0].clone();
        live.alarms[0].tags = Prop::Known(tags);
        assert_eq!(
            alarm_change(&desired, &live),
            (Action::Update, vec!["tags"])
        );
        let mut tags = desired.alarms[0].tags.known().unwrap().clone();
        tags.insert("team".into(), "data".into());
        live.alarms[0].tags = Prop::Known(tags);
        assert_eq!(alarm_change(&desired, &live), (Action::NoChange, vec![]));

        live.alarms.clear();
        assert_eq!(
            alarm_change(&desired, &live),
            (Action::Create, vec!["definition", "actions", "tags"])
        );
    }
}
