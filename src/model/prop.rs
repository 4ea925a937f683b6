//! `Prop<T>`: a property value that may be unknown. The live inventory cannot always read a
//! property (access denied, an endpoint without the service); it records why instead of
//! inventing a default that would pass a rule.

use serde::{Deserialize, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Prop<T> {
    Known(T),
    Unknown(Unknown),
}

/// Why a property is unknown, e.g. `AccessDenied on s3:GetBucketPolicy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unknown {
    pub unknown: String,
}

impl<T> Prop<T> {
    pub fn unknown(reason: impl Into<String>) -> Self {
        Prop::Unknown(Unknown {
            unknown: reason.into(),
        })
    }

    pub fn known(&self) -> Option<&T> {
        match self {
            Prop::Known(value) => Some(value),
            Prop::Unknown(_) => None,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Prop::Known(_) => None,
            Prop::Unknown(u) => Some(&u.unknown),
        }
    }

    pub fn as_ref(&self) -> Prop<&T> {
        match self {
            Prop::Known(value) => Prop::Known(value),
            Prop::Unknown(u) => Prop::Unknown(u.clone()),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Prop<U> {
        match self {
            Prop::Known(value) => Prop::Known(f(value)),
            Prop::Unknown(u) => Prop::Unknown(u),
        }
    }
}

impl<T> From<T> for Prop<T> {
    fn from(value: T) -> Self {
        Prop::Known(value)
    }
}

impl<T: Serialize> Serialize for Prop<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Prop::Known(value) => value.serialize(serializer),
            Prop::Unknown(u) => u.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_serializes_with_its_reason() {
        let p: Prop<bool> = Prop::unknown("AccessDenied on kms:GetKeyRotationStatus");
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"unknown":"AccessDenied on kms:GetKeyRotationStatus"}"#
        );
        assert_eq!(serde_json::to_string(&Prop::Known(true)).unwrap(), "true");
    }
}
