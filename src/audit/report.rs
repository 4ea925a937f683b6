//! What every report format renders: the findings of one audit, its lens results, what was
//! audited and the `--fail-on` threshold.

use serde::Serialize;

use super::finding::{Finding, Status};
use super::lens_results::{self, LensResults};
use super::location::Locations;
use super::rule::Severity;
use crate::model::LakeInfo;

/// What was audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// The desired state of a blueprint file (`--static`).
    Static { blueprint: String },
    /// Live resources, found from a blueprint or across the region.
    Live { blueprint: Option<String> },
    /// Every resource of the region, with the lake of `blueprint` judged by its zones.
    Region { blueprint: String },
    /// Every resource of several accounts or regions; `shard` is `K/N` when the accounts were
    /// cut into shards.
    Accounts {
        accounts: Vec<String>,
        regions: Vec<String>,
        shard: Option<String>,
    },
}

impl Target {
    pub fn blueprint(&self) -> Option<&str> {
        match self {
            Target::Static { blueprint } => Some(blueprint),
            Target::Live { blueprint } => blueprint.as_deref(),
            Target::Region { blueprint } => Some(blueprint),
            Target::Accounts { .. } => None,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Target::Static { blueprint } => format!("static audit of {blueprint}"),
            Target::Live {
                blueprint: Some(blueprint),
            } => format!("live audit of the lake in {blueprint}"),
            Target::Live { blueprint: None } => "live audit of the region".to_string(),
            Target::Region { blueprint } => {
                format!(
                    "live audit of the region, with the lake in {blueprint} judged by its zones"
                )
            }
            Target::Accounts {
                accounts,
                regions,
                shard,
            } => {
                let shard = shard
                    .as_ref()
                    .map(|s| format!(" (shard {s})"))
                    .unwrap_or_default();
                format!(
                    "live audit of {} in {}{shard}",
                    count(accounts.len(), "account"),
                    regions.join(", ")
                )
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub suppressed: usize,
    /// Findings whose suppression expired (counted in `fail`/`unknown` too).
    pub expired_suppressions: usize,
    pub not_applicable: usize,
    /// Open failures at or above `--fail-on`.
    pub failing_run: usize,
}

pub struct AuditReport<'a> {
    pub target: Target,
    pub lake: &'a LakeInfo,
    pub findings: &'a [Finding],
    pub lens: LensResults,
    /// `None`: `--fail-on never`.
    pub fail_on: Option<Severity>,
    /// Where each resource is defined in the blueprint (audits of a blueprint, static or live).
    pub locations: Locations,
}

impl<'a> AuditReport<'a> {
    pub fn new(
        target: Target,
        lake: &'a LakeInfo,
        findings: &'a [Finding],
        fail_on: Option<Severity>,
    ) -> Self {
        AuditReport {
            target,
            lake,
            findings,
            lens: lens_results::evaluate(findings),
            fail_on,
            locations: Locations::new(),
        }
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in self.findings {
            match (f.status, f.is_suppressed()) {
                (Status::Pass, _) => s.pass += 1,
                (Status::NotApplicable, _) => s.not_applicable += 1,
                (_, true) => s.suppressed += 1,
                (Status::Fail, false) => s.fail += 1,
                (Status::Unknown, false) => s.unknown += 1,
            }
            if f.suppression.as_ref().is_some_and(|s| s.expired) {
                s.expired_suppressions += 1;
            }
            if f.fails_run(self.fail_on) {
                s.failing_run += 1;
            }
        }
        s
    }

    /// True when the run must exit 1.
    pub fn fails(&self) -> bool {
        self.findings.iter().any(|f| f.fails_run(self.fail_on))
    }

    /// Findings someone should read: failures, unknowns and suppressed ones, most severe
    /// first, then by rule and resource.
    pub fn notable(&self) -> Vec<&'a Finding> {
        let mut notable: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| matches!(f.status, Status::Fail | Status::Unknown))
            .collect();
        notable.sort_by(|a, b| {
            (
                a.is_suppressed(),
                a.status != Status::Fail,
                std::cmp::Reverse(a.severity()),
            )
                .cmp(&(
                    b.is_suppressed(),
                    b.status != Status::Fail,
                    std::cmp::Reverse(b.severity()),
                ))
        });
        notable
    }

    pub fn threshold_label(&self) -> &'static str {
        self.fail_on.map_or("never", Severity::as_str)
    }

    /// What was audited, for titles: `<lake>-<env>`, or the account and region when the audit
    /// covered a whole account (which has no lake name).
    pub fn subject(&self) -> String {
        if let Target::Accounts {
            accounts, regions, ..
        } = &self.target
        {
            return format!(
                "{} in {}",
                count(accounts.len(), "account"),
                count(regions.len(), "region")
            );
        }
        if self.lake.name.is_empty() {
            format!("account {} in {}", self.lake.account, self.lake.region)
        } else {
            format!("{}-{}", self.lake.name, self.lake.environment)
        }
    }

    /// The run's verdict in words, e.g. `3 failing at or above high`; with `--fail-on never`,
    /// `not failing on findings`.
    pub fn verdict(&self) -> String {
        match self.fail_on {
            None => "not failing on findings (--fail-on never)".to_string(),
            Some(threshold) if self.fails() => format!(
                "{} failing at or above {threshold}",
                self.summary().failing_run
            ),
            Some(threshold) => format!("nothing failing at or above {threshold}"),
        }
    }
}

/// `1 account`, `3 accounts`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub const TOOL: &str = "lakectl";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
