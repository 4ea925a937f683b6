//! What a rule is: its metadata (which is its documentation) and its check, a small function
//! over the model that reports one [`Outcome`] per resource it applies to.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::policy::AuditPolicy;
use super::resource::Resource;
use super::scope::{Scope, Scopes};
use crate::model::{Model, Prop};

/// How bad a failing rule is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// GitHub code scanning's `security-severity` (CVSS-like score, 0.0-10.0): critical is
    /// above 9.0, high 7.0-8.9, medium 4.0-6.9, low below 4.0.
    pub fn security_score(self) -> &'static str {
        match self {
            Severity::Info => "1.0",
            Severity::Low => "3.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The AWS service a rule checks (the model's service vocabulary).
pub use crate::model::Service;

/// The result of one rule on one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail(String),
    /// A property the rule needs could not be read; the reason says why.
    Unknown(String),
    /// The rule does not apply to this resource (e.g. account settings in a blueprint).
    NotApplicable(String),
}

/// A rule of the catalogue. The metadata is the documentation: `docs/rules.md` and
/// `lakectl rules` are generated from it.
pub struct Rule {
    /// Stable id, `LK-<SERVICE>-<NNN>`; never reused for another check.
    pub id: &'static str,
    /// Kebab-case name of the bad pattern the rule flags (ruff style), e.g.
    /// `zone-bucket-without-zone-cmk`.
    pub name: &'static str,
    /// One line: what a passing resource looks like.
    pub title: &'static str,
    pub severity: Severity,
    pub service: Service,
    /// Analytics Lens question ids the rule answers (`crate::lens`).
    pub lens: &'static [&'static str],
    /// Why it matters.
    pub rationale: &'static str,
    /// What to change.
    pub remediation: &'static str,
    /// The blueprint field that fixes it, or `None` when lakectl always sets it and only drift
    /// or resources outside lakectl can fail the rule.
    pub blueprint_field: Option<&'static str>,
    /// What the rule checks in each scope.
    pub scopes: Scopes,
    pub check: fn(&Model, &mut Results),
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// Where a check records its outcomes, and what it judges against: the scope of the audit and
/// the audit policy.
#[derive(Debug, Default)]
pub struct Results {
    pub(crate) items: Vec<(Resource, Outcome)>,
    scope: Scope,
    policy: AuditPolicy,
}

impl Results {
    pub fn new(scope: Scope, policy: AuditPolicy) -> Self {
        Results {
            items: Vec::new(),
            scope,
            policy,
        }
    }

    pub fn scope(&self) -> Scope {
        self.scope
    }

    pub fn policy(&self) -> &AuditPolicy {
        &self.policy
    }

    pub fn pass(&mut self, resource: Resource) {
        self.items.push((resource, Outcome::Pass));
    }

    pub fn fail(&mut self, resource: Resource, message: impl Into<String>) {
        self.items.push((resource, Outcome::Fail(message.into())));
    }

    pub fn unknown(&mut self, resource: Resource, reason: impl Into<String>) {
        self.items.push((resource, Outcome::Unknown(reason.into())));
    }

    pub fn not_applicable(&mut self, resource: Resource, reason: impl Into<String>) {
        self.items
            .push((resource, Outcome::NotApplicable(reason.into())));
    }

    /// Pass when `ok`, otherwise fail with the message.
    pub fn check(&mut self, resource: Resource, ok: bool, message: impl FnOnce() -> String) {
        if ok {
            self.pass(resource);
        } else {
            self.fail(resource, message());
        }
    }

    /// The known value of a property, or `None` after recording an `Unknown` outcome that
    /// names the property and why it could not be read.
    pub fn known<'p, T>(
        &mut self,
        resource: &Resource,
        what: &str,
        prop: &'p Prop<T>,
    ) -> Option<&'p T> {
        match prop {
            Prop::Known(value) => Some(value),
            Prop::Unknown(u) => {
                self.unknown(resource.clone(), format!("{what}: {}", u.unknown));
                None
            }
        }
    }

    pub fn outcomes(&self) -> &[(Resource, Outcome)] {
        &self.items
    }
}
