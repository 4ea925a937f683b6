//! `plan`: the pure difference between the desired model (compiled from a blueprint) and the
//! live one (read by the inventory). No AWS call happens here; `apply` executes the result.
//!
//! Decisions that make a plan mean "what deploy would write", documented once here:
//! - **Tags**: lakectl owns the tags it puts on a resource (the model's). Other tags a user adds
//!   are not drift: a resource matches when the desired tags are a subset of the live ones, and
//!   deploy adds or corrects only its own keys.
//! - **Versioning**: `Disabled` (never enabled) and `Suspended` are the same when versioning is
//!   desired off; S3 cannot return a bucket to `Disabled`.
//! - **Policies** compare semantically: statement order, value order and single-vs-list values
//!   do not matter, nor does the document `Id`.
//! - **Unknown live properties** (the inventory could not read them) are shown as
//!   `unknown (reason)` and are *not* changes: deploy does not rewrite what it cannot verify,
//!   because it could never prove the write converged and every deploy would write again. Run
//!   `lakectl audit` to see them as findings. A resource that does not exist is created with
//!   every property, so this never leaves a new resource unconfigured.
//! - **Additive sets**: Lake Formation admins, registered locations and grants must include the
//!   desired ones; deploy never revokes them (the settings are account-wide and shared with
//!   other lakes). Default permissions for new databases and tables must be exactly the desired
//!   ones (empty: no `IAM_ALLOWED_PRINCIPALS`), and the lake's own databases and tables must
//!   hold no `IAM_ALLOWED_PRINCIPALS` grant: deploy revokes those, after its own grants.
//! - **Replacement**: a change AWS cannot make in place (a delivery stream's source, a table's
//!   partition keys, a Glue security configuration) is reported as "replacement needed" and
//!   never performed, because replacing would delete data or break readers.

mod compare;
mod diff;
mod render;
pub mod saved;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::model::{KindProperty, Property};

pub use crate::model::Kind;
pub use diff::diff;
pub use render::{render_json, render_text};

/// The JSON output's schema version; bump on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// The plan name of the account's Lake Formation settings (one entry per plan).
pub const LAKE_FORMATION: &str = "data lake settings";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    /// Some change can only be made by replacing the resource: reported, never performed.
    /// In-place changes of the same resource are still applied.
    ReplaceNeeded,
    NoChange,
}

/// What happens to one property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Written by deploy.
    Update,
    /// Needs replacement; not performed.
    Replace,
    /// The live value could not be read; not written (see the module doc).
    Unverified,
}

/// A value as the plan shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
pub enum Shown {
    Known(serde_json::Value),
    /// The inventory could not read it; the reason.
    Unknown(String),
    /// Depends on a resource deploy has not created yet (a key ARN).
    KnownAfterApply,
    /// The resource does not exist yet.
    Absent,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyChange {
    pub property: Property,
    pub old: Shown,
    pub new: Shown,
    pub effect: Effect,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawResourceChange")]
pub struct ResourceChange {
    pub kind: Kind,
    /// The AWS name (bucket name, key alias, role name, `database.table` ...).
    pub name: String,
    pub action: Action,
    /// For a create: every desired property. Otherwise the differing and unverified ones.
    pub properties: Vec<PropertyChange>,
}

/// A resource change as read from JSON: property names are resolved against the kind, since
/// the same name (`tags`, `policy`) belongs to several kinds.
#[derive(Deserialize)]
struct RawResourceChange {
    kind: Kind,
    name: String,
    action: Action,
    properties: Vec<RawPropertyChange>,
}

#[derive(Deserialize)]
struct RawPropertyChange {
    property: String,
    old: Shown,
    new: Shown,
    effect: Effect,
}

impl TryFrom<RawResourceChange> for ResourceChange {
    type Error = String;

    fn try_from(raw: RawResourceChange) -> Result<Self, String> {
        let kind = raw.kind;
        let properties = raw
            .properties
            .into_iter()
            .map(|p| {
                let property = Property::parse(kind, &p.property)
                    .ok_or_else(|| format!("{} has no property `{}`", kind.label(), p.property))?;
                Ok(PropertyChange {
                    property,
                    old: p.old,
                    new: p.new,
                    effect: p.effect,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(ResourceChange {
            kind,
            name: raw.name,
            action: raw.action,
            properties,
        })
    }
}

impl ResourceChange {
    /// True when deploy must write this property: always on create, otherwise when it differs
    /// and can be changed in place.
    pub fn writes(&self, property: impl Into<Property>) -> bool {
        let property = property.into();
        self.action == Action::Create
            || self
                .properties
                .iter()
                .any(|p| p.property == property && p.effect == Effect::Update)
    }

    /// True when the plan says a property needs the resource replaced (deploy never does it).
    pub fn replaces(&self, property: impl Into<Property>) -> bool {
        let property = property.into();
        (self.properties.iter()).any(|p| p.property == property && p.effect == Effect::Replace)
    }

    /// True when deploy must write some property of the kind that `which` selects (the
    /// properties one call writes together).
    pub fn writes_any<P: KindProperty>(&self, which: impl Fn(P) -> bool) -> bool {
        P::ALL.iter().any(|p| which(*p) && self.writes(*p))
    }

    /// True when deploy has anything to write for this resource.
    pub fn has_writes(&self) -> bool {
        self.action == Action::Create || self.properties.iter().any(|p| p.effect == Effect::Update)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub format_version: u32,
    pub lake: String,
    pub environment: String,
    pub region: String,
    pub account: String,
    pub resources: Vec<ResourceChange>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub create: usize,
    pub update: usize,
    pub replace_needed: usize,
    pub unchanged: usize,
}

impl Plan {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for r in &self.resources {
            match r.action {
                Action::Create => counts.create += 1,
                Action::Update => counts.update += 1,
                Action::ReplaceNeeded => counts.replace_needed += 1,
                Action::NoChange => counts.unchanged += 1,
            }
        }
        counts
    }

    /// True when deploy would write anything, or a replacement is pending.
    pub fn has_changes(&self) -> bool {
        self.resources.iter().any(|r| r.action != Action::NoChange)
    }

    pub fn resource(&self, kind: Kind, name: &str) -> Option<&ResourceChange> {
        self.resources
            .iter()
            .find(|r| r.kind == kind && r.name == name)
    }
}
