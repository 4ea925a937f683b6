//! The audit policy: what the organisation requires of an account beyond the rules' own
//! baseline (required tags, stream retention, the Athena scan ceiling), which rules run, and at
//! which severity. It comes from the config file (`crate::config`) and the command line.

use std::collections::BTreeMap;

use super::rule::{Rule, Service, Severity};
use crate::model::Tags;

/// Hours a stream keeps records when the policy says nothing: a week, long enough to replay
/// after a failed consumer is noticed over a weekend.
pub const DEFAULT_MIN_RETENTION_HOURS: u32 = 168;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditPolicy {
    /// Tag keys every taggable resource carries; `Some(values)` restricts the values.
    pub required_tags: BTreeMap<String, Option<Vec<String>>>,
    /// Minimum Kinesis retention in hours; `None` is [`DEFAULT_MIN_RETENTION_HOURS`].
    pub min_stream_retention_hours: Option<u32>,
    /// Highest acceptable per-query bytes-scanned cutoff of a work group, in bytes.
    pub max_bytes_scanned_cutoff: Option<u64>,
    pub severity_overrides: BTreeMap<&'static str, Severity>,
    pub selection: Selection,
}

impl AuditPolicy {
    pub fn min_stream_retention_hours(&self) -> u32 {
        self.min_stream_retention_hours
            .unwrap_or(DEFAULT_MIN_RETENTION_HOURS)
    }

    /// The severity a rule's failures carry under this policy.
    pub fn severity(&self, rule: &Rule) -> Severity {
        self.severity_overrides
            .get(rule.id)
            .copied()
            .unwrap_or(rule.severity)
    }

    /// What is missing from `tags` under the required tags, as `key` or `key=<allowed>`.
    pub fn missing_tags(&self, tags: &Tags) -> Vec<String> {
        self.required_tags
            .iter()
            .filter_map(|(key, allowed)| match (tags.get(key), allowed) {
                (None, None) => Some(key.clone()),
                (None, Some(values)) => Some(format!("{key} (one of {})", values.join(", "))),
                (Some(value), Some(values)) if !values.contains(value) => {
                    Some(format!("{key}={value} (not one of {})", values.join(", ")))
                }
                _ => None,
            })
            .collect()
    }
}

/// Which rules run: empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    pub rules: Vec<&'static Rule>,
    pub skip_rules: Vec<&'static Rule>,
    pub services: Vec<Service>,
    pub skip_services: Vec<Service>,
    pub severities: Vec<Severity>,
}

impl Selection {
    pub fn runs(&self, rule: &Rule, severity: Severity) -> bool {
        let named = |rules: &[&Rule]| rules.iter().any(|r| r.id == rule.id);
        (self.rules.is_empty() || named(&self.rules))
            && !named(&self.skip_rules)
            && (self.services.is_empty() || self.services.contains(&rule.service))
            && !self.skip_services.contains(&rule.service)
            && (self.severities.is_empty() || self.severities.contains(&severity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::registry;

    #[test]
    fn missing_tags_name_absent_keys_and_values_outside_the_allowed_set() {
        let policy = AuditPolicy {
            required_tags: BTreeMap::from([
                ("owner".to_string(), None),
                (
                    "environment".to_string(),
                    Some(vec!["prod".to_string(), "dev".to_string()]),
                ),
                (
                    "cost-center".to_string(),
                    Some(vec!["analytics".to_string()]),
                ),
            ]),
            ..AuditPolicy::default()
        };
        let tags = Tags::from([("environment".to_string(), "staging".to_string())]);
        assert_eq!(
            policy.missing_tags(&tags),
            vec![
                "cost-center (one of analytics)".to_string(),
                "environment=staging (not one of prod, dev)".to_string(),
                "owner".to_string(),
            ]
        );
    }

    #[test]
    fn selection_and_overrides() {
        let s3_001 = registry::find("LK-S3-001").unwrap();
        let kms_001 = registry::find("LK-KMS-001").unwrap();
        let policy = AuditPolicy {
            severity_overrides: BTreeMap::from([("LK-S3-001", Severity::Critical)]),
            selection: Selection {
                services: vec![Service::S3],
                skip_rules: vec![registry::find("LK-S3-002").unwrap()],
                ..Selection::default()
            },
            ..AuditPolicy::default()
        };
        assert_eq!(policy.severity(s3_001), Severity::Critical);
        assert_eq!(policy.severity(kms_001), kms_001.severity);
        assert!(policy.selection.runs(s3_001, Severity::Critical));
        assert!(!policy.selection.runs(kms_001, kms_001.severity));
        assert!(
            !policy
                .selection
                .runs(registry::find("LK-S3-002").unwrap(), Severity::Low)
        );
    }
}
