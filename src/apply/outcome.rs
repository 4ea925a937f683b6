//! What a deploy did: typed per resource, so reporters derive their symbols and counts from
//! types instead of parsing text.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::model::{Kind, Property};

/// One thing deploy did to a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The resource was created; `state` is the state AWS reported when that is worth saying
    /// (a delivery stream's `CREATING`).
    Created { state: Option<String> },
    /// Properties were written; `note` says how (`rotation enabled`, `attached <arn>`).
    Updated {
        properties: Vec<Property>,
        note: String,
    },
}

impl Applied {
    pub fn created() -> Self {
        Applied::Created { state: None }
    }

    pub fn updated(property: impl Into<Property>, note: impl Into<String>) -> Self {
        Applied::Updated {
            properties: vec![property.into()],
            note: note.into(),
        }
    }

    /// Several properties written by one call (`destination updated`).
    pub fn updated_all(properties: Vec<Property>, note: impl Into<String>) -> Self {
        Applied::Updated {
            properties,
            note: note.into(),
        }
    }
}

impl fmt::Display for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Applied::Created { state: None } => f.write_str("created"),
            Applied::Created { state: Some(s) } => write!(f, "created ({s})"),
            Applied::Updated { note, .. } => f.write_str(note),
        }
    }
}

/// Deploy JSON lists what was done as text, as it always has.
impl Serialize for Applied {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A resource deploy finished, and what it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completed {
    pub kind: Kind,
    pub name: String,
    pub actions: Vec<Applied>,
}

impl Completed {
    /// True when this deploy created the resource.
    pub fn created(&self) -> bool {
        self.actions
            .iter()
            .any(|a| matches!(a, Applied::Created { .. }))
    }

    /// `+` for a created resource, `~` for an updated one.
    pub fn symbol(&self) -> char {
        if self.created() { '+' } else { '~' }
    }

    /// The actions as text output lists them.
    pub fn summary(&self) -> String {
        let actions: Vec<String> = self.actions.iter().map(ToString::to_string).collect();
        actions.join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failed {
    pub kind: Kind,
    pub name: String,
    pub error: String,
}

/// What a deploy did so far; complete when `apply` returns, partial when it was interrupted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub completed: Vec<Completed>,
    pub failed: Vec<Failed>,
    /// Resources with planned work that were not reached.
    pub not_started: Vec<String>,
    /// Things the user should know that did not fail the deploy.
    pub warnings: Vec<String>,
}

/// Receives progress as resources complete (stderr lines, a progress bar, nothing in tests).
pub trait Progress: Send + Sync {
    fn planned(&self, resources: usize);
    fn completed(&self, done: &Completed);
    fn failed(&self, failed: &Failed);
}

/// Progress nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn planned(&self, _: usize) {}
    fn completed(&self, _: &Completed) {}
    fn failed(&self, _: &Failed) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::property::BucketProperty;

    #[test]
    fn actions_read_and_serialize_as_before() {
        let done = Completed {
            kind: Kind::Bucket,
            name: "b".into(),
            actions: vec![
                Applied::created(),
                Applied::updated(BucketProperty::Encryption, "encryption set"),
            ],
        };
        assert_eq!(done.symbol(), '+');
        assert_eq!(done.summary(), "created, encryption set");
        assert_eq!(
            serde_json::to_value(&done).unwrap(),
            serde_json::json!({"kind": "bucket", "name": "b", "actions": ["created", "encryption set"]})
        );
        let state = Applied::Created {
            state: Some("CREATING".into()),
        };
        assert_eq!(state.to_string(), "created (CREATING)");
    }
}
