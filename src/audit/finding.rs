//! A finding: one rule's outcome on one resource, plus the suppression that covers it, if any.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::resource::Resource;
use super::rule::{Outcome, Rule, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Unknown,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::NotApplicable => "not_applicable",
        }
    }
}

/// The suppression entry that matched a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub reason: String,
    pub expires: Option<NaiveDate>,
    /// Past its expiry date: the finding counts again and reports say the suppression expired.
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub resource: Resource,
    pub status: Status,
    /// Why it failed, why it is unknown or not applicable; empty for a pass.
    pub message: String,
    pub suppression: Option<Suppression>,
    /// The rule's severity, or the audit policy's override of it.
    pub severity: Severity,
}

impl Finding {
    pub fn new(rule: &'static Rule, resource: Resource, outcome: Outcome) -> Self {
        let (status, message) = match outcome {
            Outcome::Pass => (Status::Pass, String::new()),
            Outcome::Fail(m) => (Status::Fail, m),
            Outcome::Unknown(m) => (Status::Unknown, m),
            Outcome::NotApplicable(m) => (Status::NotApplicable, m),
        };
        Finding {
            rule,
            resource,
            status,
            message,
            suppression: None,
            severity: rule.severity,
        }
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// A failure or unknown accepted by a suppression that has not expired.
    pub fn is_suppressed(&self) -> bool {
        self.suppression.as_ref().is_some_and(|s| !s.expired)
    }

    /// A problem someone has to look at: failing or unknown, and not suppressed.
    pub fn is_open(&self) -> bool {
        matches!(self.status, Status::Fail | Status::Unknown) && !self.is_suppressed()
    }

    /// True when this finding fails a run with `--fail-on threshold` (`None`: never).
    pub fn fails_run(&self, threshold: Option<Severity>) -> bool {
        self.status == Status::Fail
            && !self.is_suppressed()
            && threshold.is_some_and(|t| self.severity() >= t)
    }

    /// The status reports show: `suppressed` for an active suppression, else the status.
    pub fn label(&self) -> &'static str {
        if self.is_suppressed() {
            "suppressed"
        } else {
            self.status.as_str()
        }
    }
}
