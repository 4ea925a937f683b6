//! Suppressions: accepted findings, each with a reason and usually an expiry date.
//!
//! ```yaml
//! - rule: LK-S3-012                       # rule id (or name)
//!   resource: "arn:aws:s3:::retail-raw-*" # glob: the ARN, the name in it, or the model name
//!   reason: partner account reads raw exports (ticket DATA-123)
//!   expires: 2026-06-30                   # optional, YYYY-MM-DD; the last day it holds
//! ```
//!
//! A suppressed failure stays in every report, marked suppressed, and does not count for
//! `--fail-on`. After its expiry date it counts again and reports say it expired. In globs `*`
//! also matches `/`; write `\{` and `\}` for literal braces (e.g. `$\{AWS::AccountId\}`).

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;

use super::finding::{Finding, Status, Suppression};
use super::registry;
use super::rule::Rule;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    rule: String,
    resource: String,
    reason: String,
    #[serde(default)]
    expires: Option<String>,
}

#[derive(Debug)]
struct Entry {
    rule: &'static Rule,
    matcher: GlobMatcher,
    reason: String,
    expires: Option<NaiveDate>,
}

#[derive(Debug, Default)]
pub struct Suppressions {
    entries: Vec<Entry>,
}

/// Every problem of a suppressions file, one per line.
#[derive(Debug, PartialEq, Eq)]
pub struct SuppressionErrors {
    pub file: String,
    pub problems: Vec<String>,
}

impl fmt::Display for SuppressionErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "invalid suppressions file {}:", self.file)?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SuppressionErrors {}

impl Suppressions {
    pub fn load(path: &Path) -> Result<Self, SuppressionErrors> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| SuppressionErrors {
            file: file.clone(),
            problems: vec![format!("cannot read the file: {e}")],
        })?;
        Self::parse(&file, &text)
    }

    pub fn parse(file: &str, text: &str) -> Result<Self, SuppressionErrors> {
        let errors = |problems| SuppressionErrors {
            file: file.to_string(),
            problems,
        };
        if text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#')
        }) {
            return Ok(Suppressions::default());
        }
        let raw: Vec<RawEntry> = serde_saphyr::from_str(text).map_err(|e| {
            errors(vec![format!(
                "{} (expected a list of entries with `rule`, `resource`, `reason` and optional `expires`)",
                e.without_snippet().render().lines().next().unwrap_or_default()
            )])
        })?;
        let mut entries = Vec::with_capacity(raw.len());
        let mut problems = Vec::new();
        for (index, raw) in raw.into_iter().enumerate() {
            match Entry::from_raw(raw) {
                Ok(entry) => entries.push(entry),
                Err(entry_problems) => problems.extend(
                    entry_problems
                        .into_iter()
                        .map(|p| format!("entry {}: {p}", index + 1)),
                ),
            }
        }
        if problems.is_empty() {
            Ok(Suppressions { entries })
        } else {
            Err(errors(problems))
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Marks each failing or unknown finding with the first entry that matches it.
    pub fn apply(&self, findings: &mut [Finding], today: NaiveDate) {
        for finding in findings
            .iter_mut()
            .filter(|f| matches!(f.status, Status::Fail | Status::Unknown))
        {
            let matched = self.entries.iter().find(|e| {
                e.rule.id == finding.rule.id
                    && (e.matcher.is_match(&finding.resource.arn)
                        || e.matcher.is_match(finding.resource.short_name())
                        || e.matcher.is_match(&finding.resource.name))
            });
            finding.suppression = matched.map(|e| Suppression {
                reason: e.reason.clone(),
                expires: e.expires,
                expired: e.expires.is_some_and(|last_day| today > last_day),
            });
        }
    }
}

impl Entry {
    fn from_raw(raw: RawEntry) -> Result<Entry, Vec<String>> {
        let mut problems = Vec::new();
        let rule = registry::find(raw.rule.trim());
        if rule.is_none() {
            problems.push(format!(
                "unknown rule `{}` (see `lakectl rules` for the ids)",
                raw.rule
            ));
        }
        let matcher = GlobBuilder::new(raw.resource.trim())
            .literal_separator(false)
            .build()
            .map(|g| g.compile_matcher());
        if let Err(e) = &matcher {
            problems.push(format!("`resource` is not a valid glob: {e}"));
        }
        if raw.resource.trim().is_empty() {
            problems.push("`resource` is empty (use `*` for every resource)".to_string());
        }
        if raw.reason.trim().is_empty() {
            problems.push("`reason` is empty: say why the finding is accepted".to_string());
        }
        let expires = match raw.expires.as_deref().map(str::trim) {
            None => None,
            Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    problems.push(format!(
                        "`expires` is not a date: `{text}` (write YYYY-MM-DD, e.g. 2026-06-30)"
                    ));
                    None
                }
            },
        };
        match (rule, matcher) {
            (Some(rule), Ok(matcher)) if problems.is_empty() => Ok(Entry {
                rule,
                matcher,
                reason: raw.reason.trim().to_string(),
                expires,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::engine::run;
    use crate::audit::testing::{bucket_name, compliant_model};
    use crate::model::Prop;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_problem_is_reported_with_its_entry() {
        let text = "- rule: LK-S3-999\n  resource: '*'\n  reason: r\n\
                    - rule: LK-S3-001\n  resource: 'a[b'\n  reason: ' '\n  expires: 2026-13-01\n";
        let errors = Suppressions::parse("s.yaml", text).unwrap_err();
        assert_eq!(
            errors.problems,
            vec![
                "entry 1: unknown rule `LK-S3-999` (see `lakectl rules` for the ids)",
                "entry 2: `resource` is not a valid glob: error parsing glob 'a[b': unclosed character class; missing ']'",
                "entry 2: `reason` is empty: say why the finding is accepted",
                "entry 2: `expires` is not a date: `2026-13-01` (write YYYY-MM-DD, e.g. 2026-06-30)",
            ]
        );
        assert_eq!(
            errors.to_string().lines().next(),
            Some("invalid suppressions file s.yaml:")
        );
    }

    #[test]
    fn unknown_fields_and_wrong_shapes_are_refused() {
        let errors =
            Suppressions::parse("s.yaml", "- rule: LK-S3-001\n  resourse: x\n").unwrap_err();
        assert_eq!(errors.problems.len(), 1);
        assert!(
            errors.problems[0].contains("resourse"),
            "{:?}",
            errors.problems
        );
        assert!(
            Suppressions::parse("s.yaml", "# nothing yet\n")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn suppressions_match_by_rule_and_glob_and_expire() {
        let mut model = compliant_model();
        for bucket in &mut model.buckets {
            bucket.lifecycle = Prop::Known(vec![]);
        }
        let text = format!(
            "- rule: bucket-without-lifecycle-rules\n  resource: 'arn:aws:s3:::{}'\n  reason: raw is kept forever\n  expires: 2026-06-30\n\
             - rule: LK-S3-013\n  resource: 'retail-c*'\n  reason: not yet\n  expires: 2025-01-01\n",
            bucket_name("raw")
        );
        let suppressions = Suppressions::parse("s.yaml", &text).unwrap();
        let mut findings = run(&model);
        suppressions.apply(&mut findings, day("2026-06-30"));
        let lifecycle: Vec<(&str, &str)> = findings
            .iter()
            .filter(|f| f.rule.id == "LK-S3-013")
            .map(|f| (f.resource.name.as_str(), f.label()))
            .collect();
        assert_eq!(
            lifecycle,
            vec![
                ("access-logs", "fail"),
                ("athena-results", "fail"),
                ("cleansed", "fail"),
                ("curated", "fail"),
                ("raw", "suppressed"),
            ],
            "bucket names match too, but `retail-c*` expired; raw holds on its last day"
        );
        let cleansed = findings
            .iter()
            .find(|f| f.rule.id == "LK-S3-013" && f.resource.name == "cleansed")
            .unwrap();
        assert_eq!(
            cleansed.suppression,
            Some(Suppression {
                reason: "not yet".into(),
                expires: Some(day("2025-01-01")),
                expired: true
            })
        );
        suppressions.apply(&mut findings, day("2026-07-01"));
        assert!(findings.iter().all(|f| !f.is_suppressed()));
    }
}
