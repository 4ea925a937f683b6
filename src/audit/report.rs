//! What every report format renders: the findings of one audit, its lens results, what was
//! audited and the `--fail-on` threshold.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::finding::{Finding, Status};
use super::lens_results::{self, LensResults, PillarSummary};
use super::location::Locations;
use super::rule::Severity;
use crate::model::LakeInfo;

/// What was audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl Summary {
    fn of<'f>(findings: impl Iterator<Item = &'f Finding>, fail_on: Option<Severity>) -> Self {
        let mut s = Summary::default();
        for f in findings {
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
            if f.fails_run(fail_on) {
                s.failing_run += 1;
            }
        }
        s
    }
}

/// Counts and the Analytics Lens pillars' risks over some of the findings.
#[derive(Debug, Clone, Serialize)]
pub struct Tally {
    pub summary: Summary,
    pub pillars: Vec<PillarSummary>,
}

impl Tally {
    fn of(findings: &[Finding], fail_on: Option<Severity>) -> Self {
        Tally {
            summary: Summary::of(findings.iter(), fail_on),
            pillars: lens_results::evaluate(findings).pillars,
        }
    }
}

/// One account's findings summed up, then the same for each region they were read in.
#[derive(Debug, Clone, Serialize)]
pub struct AccountTally {
    pub account: String,
    #[serde(flatten)]
    pub tally: Tally,
    pub regions: Vec<RegionTally>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionTally {
    pub region: String,
    #[serde(flatten)]
    pub tally: Tally,
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
    /// False when some account or region could not be audited at all: the run exits 2
    /// whatever the findings say.
    pub complete: bool,
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
            complete: true,
        }
    }

    pub fn summary(&self) -> Summary {
        Summary::of(self.findings.iter(), self.fail_on)
    }

    /// One entry per account the findings are in, by account id, each with its regions by
    /// name: what a report of many accounts shows row by row.
    pub fn breakdown(&self) -> Vec<AccountTally> {
        let mut places: BTreeMap<&str, BTreeMap<&str, Vec<Finding>>> = BTreeMap::new();
        for f in self.findings {
            places
                .entry(&f.resource.account)
                .or_default()
                .entry(&f.resource.region)
                .or_default()
                .push(f.clone());
        }
        places
            .into_iter()
            .map(|(account, regions)| {
                let all: Vec<Finding> = regions.values().flatten().cloned().collect();
                AccountTally {
                    account: account.to_string(),
                    tally: Tally::of(&all, self.fail_on),
                    regions: regions
                        .into_iter()
                        .map(|(region, findings)| RegionTally {
                            region: region.to_string(),
                            tally: Tally::of(&findings, self.fail_on),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// True when the findings span more than one account or region.
    pub fn spans_places(&self) -> bool {
        let mut places = self
            .findings
            .iter()
            .map(|f| (&f.resource.account, &f.resource.region));
        let Some(first) = places.next() else {
            return false;
        };
        places.any(|p| p != first)
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
        let verdict = self.threshold_verdict();
        if self.complete {
            verdict
        } else {
            format!("{verdict}; incomplete: some accounts or regions were not audited")
        }
    }

    fn threshold_verdict(&self) -> String {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::audit::reports::fixture;

    /// The fixture's findings, with the last two moved to another account in two regions.
    pub(crate) fn spread(model: &crate::model::Model) -> Vec<Finding> {
        let mut findings = fixture::findings(model);
        let n = findings.len();
        for (i, f) in findings[n - 2..].iter_mut().enumerate() {
            f.resource.account = "222222222222".into();
            f.resource.region = ["eu-west-3", "ap-northeast-2"][i].into();
        }
        findings
    }

    #[test]
    fn breakdown_sums_each_account_then_each_of_its_regions() {
        let model = fixture::model();
        let findings = spread(&model);
        let report = AuditReport::new(
            Target::Live { blueprint: None },
            &model.lake,
            &findings,
            Some(Severity::High),
        );
        assert!(report.spans_places());
        let breakdown = report.breakdown();
        let places: Vec<(&str, Vec<&str>)> = breakdown
            .iter()
            .map(|a| {
                (
                    a.account.as_str(),
                    a.regions.iter().map(|r| r.region.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            places,
            [
                (
                    model.lake.account.as_str(),
                    vec![model.lake.region.as_str()]
                ),
                ("222222222222", vec!["ap-northeast-2", "eu-west-3"]),
            ]
        );
        // Every finding is counted once per account and once per region.
        let total = |s: &Summary| s.pass + s.fail + s.unknown + s.suppressed + s.not_applicable;
        let accounts: usize = breakdown.iter().map(|a| total(&a.tally.summary)).sum();
        assert_eq!(accounts, findings.len());
        for account in &breakdown {
            let regions: usize = account
                .regions
                .iter()
                .map(|r| total(&r.tally.summary))
                .sum();
            assert_eq!(regions, total(&account.tally.summary));
        }
        assert_eq!(total(&breakdown[1].tally.summary), 2);
        assert_eq!(breakdown[1].tally.pillars.len(), report.lens.pillars.len());
    }

    #[test]
    fn one_place_does_not_span() {
        let model = fixture::model();
        let findings = fixture::findings(&model);
        let report = AuditReport::new(
            Target::Live { blueprint: None },
            &model.lake,
            &findings,
            None,
        );
        assert!(!report.spans_places());
        assert_eq!(report.breakdown().len(), 1);
    }
}
