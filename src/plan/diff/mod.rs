//! desired model × live model → [`Plan`]. One module per service; each compares one kind's
//! properties through its typed property enum.

mod alarms;
mod athena;
mod events;
mod firehose;
mod glue;
mod iam;
mod kinesis;
mod kms;
mod lakeformation;
mod lftags;
mod logs;
mod s3;
mod trail;

use serde::Serialize;

use super::compare::{KeyCanon, canonical_policy, owned_tags, same_policy, tags_included};
use super::{Action, Effect, Kind, Plan, PropertyChange, ResourceChange, Shown};
use crate::model::refs::{Resolver, has_token};
use crate::model::{KeyRef, LfGrant, Model, PolicyDocument, Prop, Property, Tags};

/// The plan that takes `live` to `desired`. `live` holds only resources that exist.
pub fn diff(desired: &Model, live: &Model) -> Plan {
    let ctx = Ctx::new(desired, live);
    let mut resources = Vec::new();
    ctx.keys(&mut resources);
    ctx.buckets(&mut resources);
    ctx.roles(&mut resources);
    ctx.streams(&mut resources);
    ctx.delivery_streams(&mut resources);
    ctx.catalog(&mut resources);
    ctx.workgroups(&mut resources);
    ctx.lake_formation(&mut resources);
    ctx.event_rules(&mut resources);
    ctx.trail(&mut resources);
    ctx.alarms(&mut resources);
    ctx.log_groups(&mut resources);
    Plan {
        format_version: super::FORMAT_VERSION,
        lake: desired.lake.name.clone(),
        environment: desired.lake.environment.clone(),
        region: desired.lake.region.clone(),
        account: ctx.account.clone(),
        resources,
    }
}

/// A desired value, or the fact that it depends on a resource not created yet.
pub(super) enum Want<T> {
    Is(T),
    AfterApply,
}

pub(super) struct Ctx<'a> {
    pub(super) desired: &'a Model,
    pub(super) live: &'a Model,
    pub(super) account: String,
    pub(super) resolver: Resolver,
    pub(super) keys: KeyCanon<'a>,
}

impl<'a> Ctx<'a> {
    fn new(desired: &'a Model, live: &'a Model) -> Self {
        let account = if has_token(&desired.lake.account) {
            live.lake.account.clone()
        } else {
            desired.lake.account.clone()
        };
        let mut resolver = Resolver::new().account(&account);
        let mut keys = Vec::new();
        for d in &desired.keys {
            let arn = live
                .keys
                .iter()
                .find(|l| l.alias == d.alias)
                .and_then(|l| l.arn.as_deref());
            if let Some(arn) = arn {
                resolver = resolver.arn(&d.logical_id, arn);
                keys.push((d.id.as_str(), d.alias.as_str(), arn));
            }
        }
        Ctx {
            desired,
            live,
            account,
            resolver,
            keys: KeyCanon { keys },
        }
    }

    pub(super) fn policy(&self, policy: &PolicyDocument) -> Want<PolicyDocument> {
        let resolved = self.resolver.resolve_policy(policy);
        if has_token(&resolved.to_json()) {
            Want::AfterApply
        } else {
            Want::Is(resolved)
        }
    }

    pub(super) fn policy_opt(
        &self,
        policy: &Option<PolicyDocument>,
    ) -> Want<Option<PolicyDocument>> {
        match policy {
            None => Want::Is(None),
            Some(p) => match self.policy(p) {
                Want::Is(p) => Want::Is(Some(p)),
                Want::AfterApply => Want::AfterApply,
            },
        }
    }

    pub(super) fn key(&self, key: &Option<KeyRef>) -> Want<Option<KeyRef>> {
        self.keys.canon_opt(key).map_or(Want::AfterApply, Want::Is)
    }

    /// A live key reference in canonical form (as reported when it names no lake key).
    pub(super) fn live_key(&self, key: &Option<KeyRef>) -> Option<KeyRef> {
        key.as_ref()
            .map(|k| self.keys.canon(k).unwrap_or_else(|| k.clone()))
    }

    pub(super) fn bucket_name(&self, id_or_name: &str) -> String {
        self.desired
            .bucket(id_or_name)
            .map_or_else(|| id_or_name.to_string(), |b| b.name.clone())
    }

    /// A role as a name, whether given as model id, name or ARN.
    pub(super) fn role_name(&self, role: &str) -> String {
        let tail = role.rsplit('/').next().unwrap_or(role);
        self.desired
            .role(tail)
            .map_or_else(|| tail.to_string(), |r| r.name.clone())
    }
}

pub(super) fn normal_grant(g: &LfGrant) -> LfGrant {
    let mut g = g.clone();
    g.permissions.sort();
    g.columns.sort();
    g
}

pub(super) fn eq<T: PartialEq>(a: &T, b: &T) -> bool {
    a == b
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Collects the property changes of one resource.
pub(super) struct Props {
    creating: bool,
    list: Vec<PropertyChange>,
}

impl Props {
    pub(super) fn new(creating: bool) -> Self {
        Props {
            creating,
            list: Vec::new(),
        }
    }

    /// The common comparison: a desired value, when the model sets it, against the live one
    /// by equality; a difference is written in place.
    pub(super) fn same<T: Serialize + Clone + PartialEq>(
        &mut self,
        property: impl Into<Property>,
        desired: &Prop<T>,
        live: Option<&Prop<T>>,
    ) {
        if let Some(v) = desired.known() {
            self.check(
                property,
                Want::Is(v.clone()),
                live.cloned(),
                eq,
                Effect::Update,
            );
        }
    }

    /// `live` is `None` when the resource does not exist.
    pub(super) fn check<T: Serialize>(
        &mut self,
        property: impl Into<Property>,
        want: Want<T>,
        live: Option<Prop<T>>,
        same: impl Fn(&T, &T) -> bool,
        on_change: Effect,
    ) {
        let new = match &want {
            Want::Is(v) => Shown::Known(json(v)),
            Want::AfterApply => Shown::KnownAfterApply,
        };
        let (old, effect) = match live {
            None if self.creating => (Shown::Absent, Effect::Update),
            None => return,
            Some(Prop::Unknown(u)) => (Shown::Unknown(u.unknown), Effect::Unverified),
            Some(Prop::Known(l)) => match &want {
                Want::Is(d) if same(d, &l) => return,
                _ => (Shown::Known(json(&l)), on_change),
            },
        };
        self.list.push(PropertyChange {
            property: property.into(),
            old,
            new,
            effect,
        });
    }

    pub(super) fn check_policy(
        &mut self,
        property: impl Into<Property>,
        want: Want<PolicyDocument>,
        live: Option<Prop<PolicyDocument>>,
    ) {
        let want = match want {
            Want::Is(p) => Want::Is(canonical_policy(&p)),
            Want::AfterApply => Want::AfterApply,
        };
        let live = live.map(|l| l.map(|p| canonical_policy(&p)));
        self.check(property, want, live, same_policy, Effect::Update);
    }

    pub(super) fn check_policy_opt(
        &mut self,
        property: impl Into<Property>,
        want: Want<Option<PolicyDocument>>,
        live: Option<Prop<Option<PolicyDocument>>>,
    ) {
        let want = match want {
            Want::Is(p) => Want::Is(p.as_ref().map(canonical_policy)),
            Want::AfterApply => Want::AfterApply,
        };
        let live = live.map(|l| l.map(|p| p.as_ref().map(canonical_policy)));
        let same = |a: &Option<PolicyDocument>, b: &Option<PolicyDocument>| match (a, b) {
            (Some(a), Some(b)) => same_policy(a, b),
            (None, None) => true,
            _ => false,
        };
        self.check(property, want, live, same, Effect::Update);
    }

    pub(super) fn tags(
        &mut self,
        property: impl Into<Property>,
        desired: &Prop<Tags>,
        live: Option<&Prop<Tags>>,
    ) {
        let Some(want) = desired.known() else { return };
        let live = live.map(|l| l.clone().map(|l| owned_tags(want, &l)));
        self.check(
            property,
            Want::Is(want.clone()),
            live,
            tags_included,
            Effect::Update,
        );
    }

    pub(super) fn finish(self, kind: Kind, name: &str) -> ResourceChange {
        let has = |e: Effect| self.list.iter().any(|p| p.effect == e);
        let action = if self.creating {
            Action::Create
        } else if has(Effect::Replace) {
            Action::ReplaceNeeded
        } else if has(Effect::Update) {
            Action::Update
        } else {
            Action::NoChange
        };
        ResourceChange {
            kind,
            name: name.to_string(),
            action,
            properties: self.list,
        }
    }
}
