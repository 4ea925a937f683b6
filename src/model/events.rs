//! Starting a Glue workflow on new objects: S3 sends object events to EventBridge, a rule on the
//! default bus matches the ones under a zone prefix and notifies the workflow, whose start
//! trigger (type `EVENT`) fires once a batch is complete.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Prop, Tags};

/// An EventBridge rule on the default bus that starts a workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRule {
    pub name: String,
    pub logical_id: String,
    /// Full name of the workflow the rule starts.
    pub workflow: String,
    /// Model id of the role EventBridge assumes to notify the workflow (one of the lake's roles).
    pub role: String,
    /// The events the rule matches.
    pub pattern: Prop<EventPattern>,
    /// Every target of the rule, sorted by id; lakectl's rules have exactly one.
    pub targets: Prop<Vec<RuleTarget>>,
    /// `State: ENABLED`.
    pub enabled: Prop<bool>,
    pub tags: Prop<Tags>,
}

/// The id of the one target lakectl puts on a workflow's rule.
pub const WORKFLOW_TARGET_ID: &str = "workflow";

/// An event pattern: the one lakectl writes, or any other a live rule has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventPattern {
    ObjectCreated(ObjectCreatedPattern),
    Other(Value),
}

/// S3 `Object Created` events of one bucket, for keys under one prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectCreatedPattern {
    pub bucket: String,
    pub prefix: String,
}

impl EventPattern {
    /// The pattern as EventBridge takes it.
    pub fn to_json(&self) -> Value {
        match self {
            EventPattern::ObjectCreated(p) => json!({
                "source": ["aws.s3"],
                "detail-type": ["Object Created"],
                "detail": {
                    "bucket": { "name": [p.bucket] },
                    "object": { "key": [{ "prefix": p.prefix }] },
                },
            }),
            EventPattern::Other(v) => v.clone(),
        }
    }

    /// A pattern as EventBridge returns it: the lakectl shape when it is exactly that (key
    /// order aside), else the JSON as it is (a string that is not JSON stays a string).
    pub fn parse(text: &str) -> EventPattern {
        let value: Value = serde_json::from_str(text).unwrap_or(Value::String(text.to_string()));
        let as_object_created = || -> Option<ObjectCreatedPattern> {
            let detail = value.get("detail")?;
            let bucket = detail.pointer("/bucket/name/0")?.as_str()?;
            let prefix = detail.pointer("/object/key/0/prefix")?.as_str()?;
            Some(ObjectCreatedPattern {
                bucket: bucket.to_string(),
                prefix: prefix.to_string(),
            })
        };
        match as_object_created() {
            Some(p) if EventPattern::ObjectCreated(p.clone()).to_json() == value => {
                EventPattern::ObjectCreated(p)
            }
            _ => EventPattern::Other(value),
        }
    }
}

/// A target of a rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RuleTarget {
    pub id: String,
    pub arn: String,
    /// The role EventBridge assumes to reach the target; `None`: the target's resource policy
    /// must let EventBridge in.
    pub role_arn: Option<String>,
}

impl RuleTarget {
    /// The target with the account (and any other token) resolved in its ARNs.
    pub fn resolved(&self, resolver: &super::refs::Resolver) -> RuleTarget {
        RuleTarget {
            id: self.id.clone(),
            arn: resolver.resolve(&self.arn),
            role_arn: self.role_arn.as_ref().map(|r| resolver.resolve(r)),
        }
    }
}

/// When an event trigger fires: after `size` events, or `window_seconds` after the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EventBatching {
    pub size: u32,
    pub window_seconds: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_created_pattern_reads_back_whatever_the_key_order() {
        let text = r#"{"detail":{"object":{"key":[{"prefix":"pos/"}]},"bucket":{"name":["b"]}},"detail-type":["Object Created"],"source":["aws.s3"]}"#;
        assert_eq!(
            EventPattern::parse(text),
            EventPattern::ObjectCreated(ObjectCreatedPattern {
                bucket: "b".into(),
                prefix: "pos/".into()
            })
        );
    }

    #[test]
    fn a_wider_pattern_is_other() {
        let text = r#"{"source":["aws.s3"],"detail":{"bucket":{"name":["b"]},"object":{"key":[{"prefix":"pos/"}]}}}"#;
        assert!(matches!(EventPattern::parse(text), EventPattern::Other(_)));
        assert_eq!(
            EventPattern::parse("not json"),
            EventPattern::Other(Value::String("not json".into()))
        );
    }
}
