//! IAM policy documents (identity, resource, trust and key policies) as typed values that
//! serialize to exactly the JSON AWS expects and parse what AWS returns (string-or-list fields,
//! a single statement object, `"*"` principals).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub const VERSION: &str = "2012-10-17";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    #[serde(rename = "Version", default = "version")]
    pub version: String,
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "Statement", with = "one_or_many")]
    pub statements: Vec<Statement>,
}

fn version() -> String {
    VERSION.to_string()
}

impl PolicyDocument {
    pub fn new(statements: Vec<Statement>) -> Self {
        PolicyDocument {
            version: version(),
            id: None,
            statements,
        }
    }

    /// Parses a policy as AWS returns it (sometimes URL-encoded, as IAM does).
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("policy documents always serialize")
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("policy documents always serialize")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Condition` block: operator → condition key → values.
pub type Conditions = BTreeMap<String, BTreeMap<String, Values>>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "Sid", default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(rename = "Effect")]
    pub effect: Effect,
    #[serde(rename = "Principal", default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    #[serde(
        rename = "NotPrincipal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub not_principal: Option<Principal>,
    #[serde(rename = "Action", default, skip_serializing_if = "Values::is_empty")]
    pub action: Values,
    #[serde(
        rename = "NotAction",
        default,
        skip_serializing_if = "Values::is_empty"
    )]
    pub not_action: Values,
    #[serde(rename = "Resource", default, skip_serializing_if = "Values::is_empty")]
    pub resource: Values,
    #[serde(
        rename = "NotResource",
        default,
        skip_serializing_if = "Values::is_empty"
    )]
    pub not_resource: Values,
    #[serde(
        rename = "Condition",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub condition: Conditions,
}

impl Statement {
    pub fn allow(sid: &str, actions: &[&str], resources: Vec<String>) -> Self {
        Statement::new(sid, Effect::Allow, actions, resources)
    }

    pub fn deny(sid: &str, actions: &[&str], resources: Vec<String>) -> Self {
        Statement::new(sid, Effect::Deny, actions, resources)
    }

    fn new(sid: &str, effect: Effect, actions: &[&str], resources: Vec<String>) -> Self {
        Statement {
            sid: Some(sid.to_string()),
            effect,
            principal: None,
            not_principal: None,
            action: Values(actions.iter().map(|a| a.to_string()).collect()),
            not_action: Values::default(),
            resource: Values(resources),
            not_resource: Values::default(),
            condition: Conditions::new(),
        }
    }

    pub fn principal(mut self, principal: Principal) -> Self {
        self.principal = Some(principal);
        self
    }

    pub fn when(mut self, operator: &str, key: &str, values: &[&str]) -> Self {
        let values = Values(values.iter().map(|v| v.to_string()).collect());
        self.condition
            .entry(operator.to_string())
            .or_default()
            .insert(key.to_string(), values);
        self
    }
}

/// A string or a list of strings; serialized as a string when there is exactly one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values(pub Vec<String>);

impl Values {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => one.serialize(serializer),
            many => many.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
            // Condition values may be booleans or numbers in hand-written policies.
            Bool(bool),
            Number(serde_json::Number),
        }
        Ok(Values(match Raw::deserialize(deserializer)? {
            Raw::One(s) => vec![s],
            Raw::Many(v) => v,
            Raw::Bool(b) => vec![b.to_string()],
            Raw::Number(n) => vec![n.to_string()],
        }))
    }
}

/// `"*"` or a map of principal type (`AWS`, `Service`, `Federated`) to values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Principal {
    Any(AnyPrincipal),
    Typed(BTreeMap<String, Values>),
}

/// The literal `"*"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnyPrincipal {
    #[serde(rename = "*")]
    Star,
}

impl Principal {
    pub fn any() -> Self {
        Principal::Any(AnyPrincipal::Star)
    }

    pub fn service(service: &str) -> Self {
        Principal::Typed(BTreeMap::from([(
            "Service".to_string(),
            Values(vec![service.to_string()]),
        )]))
    }

    pub fn aws(arns: Vec<String>) -> Self {
        Principal::Typed(BTreeMap::from([("AWS".to_string(), Values(arns))]))
    }

    /// True for `"*"` and `{"AWS": "*"}`: anyone.
    pub fn is_anyone(&self) -> bool {
        match self {
            Principal::Any(_) => true,
            Principal::Typed(map) => map.get("AWS").is_some_and(|v| v.iter().any(|p| p == "*")),
        }
    }
}

mod one_or_many {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Statement;

    pub fn serialize<S: Serializer>(
        statements: &[Statement],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        statements.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Statement>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(Box<Statement>),
            Many(Vec<Statement>),
        }
        Ok(match Raw::deserialize(deserializer)? {
            Raw::One(s) => vec![*s],
            Raw::Many(v) => v,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shapes_aws_returns() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*",
            "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":false}}}}"#;
        let doc = PolicyDocument::parse(text).unwrap();
        assert_eq!(doc.statements.len(), 1);
        let s = &doc.statements[0];
        assert!(s.principal.as_ref().unwrap().is_anyone());
        assert_eq!(s.action, Values(vec!["s3:*".into()]));
        assert_eq!(
            s.condition["Bool"]["aws:SecureTransport"],
            Values(vec!["false".into()])
        );
    }

    #[test]
    fn serializes_single_values_as_strings() {
        let doc = PolicyDocument::new(vec![
            Statement::allow("Read", &["s3:GetObject"], vec!["arn:aws:s3:::b/*".into()])
                .principal(Principal::service("firehose.amazonaws.com")),
        ]);
        assert_eq!(
            doc.to_json(),
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#
        );
    }
}
