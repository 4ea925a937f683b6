//! Saved audit reports (`lakectl.audit/v1` JSON) read back, so `lakectl report render` can
//! re-render any format from one and `lakectl report merge` can join the shards of an audit.
//!
//! A saved finding names its rule by id; the rule's metadata (lens, remediation, docs) comes
//! from this lakectl's catalogue, so a report written by another version renders with today's
//! texts. The severity, status, message and suppression are the saved ones: they are what the
//! audit decided, under its own policy and suppressions.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::engine;
use super::finding::{Finding, Status, Suppression};
use super::location::Locations;
use super::registry;
use super::report::{AuditReport, Target};
use super::reports::json::SCHEMA;
use super::resource::Resource;
use super::rule::Severity;
use crate::blueprint::Position;
use crate::model::{Kind, LakeInfo};

/// A saved report that cannot be used, with the file and, where it helps, the place in it.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {problem}")]
pub struct SavedError {
    pub file: String,
    pub problem: String,
}

impl SavedError {
    fn new(file: &Path, problem: impl fmt::Display) -> Self {
        SavedError {
            file: file.display().to_string(),
            problem: problem.to_string(),
        }
    }
}

/// One audit report, as the JSON format wrote it.
#[derive(Debug)]
pub struct SavedReport {
    pub file: PathBuf,
    pub tool_version: String,
    pub target: Target,
    pub lake: LakeInfo,
    /// `None`: the audit ran with `--fail-on never`.
    pub fail_on: Option<Severity>,
    pub complete: bool,
    pub findings: Vec<Finding>,
    pub locations: Locations,
}

impl SavedReport {
    pub fn load(path: &Path) -> Result<Self, SavedError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SavedError::new(path, format!("cannot read it: {e}")))?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, SavedError> {
        let schema: Envelope = serde_json::from_str(text).map_err(|e| {
            SavedError::new(path, format!("not a lakectl audit report (JSON): {e}"))
        })?;
        match schema.schema.as_deref() {
            Some(SCHEMA) => {}
            Some(other) => {
                return Err(SavedError::new(
                    path,
                    format!(
                        "schema `{other}`, but this lakectl reads `{SCHEMA}` (write it with `lakectl audit --format json`)"
                    ),
                ));
            }
            None => {
                return Err(SavedError::new(
                    path,
                    "not a lakectl audit report: it has no `schema` field (write one with `lakectl audit --format json`)",
                ));
            }
        }
        let raw: RawReport = serde_json::from_str(text)
            .map_err(|e| SavedError::new(path, format!("line {}: {e}", e.line())))?;
        let fail_on = match raw.fail_on.as_str() {
            "never" => None,
            other => Some(severity(other).ok_or_else(|| {
                SavedError::new(path, format!("fail_on: unknown severity `{other}`"))
            })?),
        };
        let mut findings = Vec::with_capacity(raw.findings.len());
        let mut locations = Locations::new();
        for (index, saved) in raw.findings.into_iter().enumerate() {
            let at =
                |problem: String| SavedError::new(path, format!("findings[{index}]: {problem}"));
            let rule = registry::find(&saved.rule).ok_or_else(|| {
                at(format!(
                    "rule `{}` is not in this lakectl's catalogue (the report was written by lakectl {})",
                    saved.rule, raw.tool.version
                ))
            })?;
            let kind = Kind::from_audit_name(&saved.resource.kind).ok_or_else(|| {
                at(format!(
                    "resource.kind: unknown kind `{}`",
                    saved.resource.kind
                ))
            })?;
            let resource = Resource {
                kind,
                arn: saved.resource.arn,
                name: saved.resource.name,
                account: saved.resource.account,
                region: saved.resource.region,
            };
            if let Some(position) = saved.location {
                locations.insert((kind, resource.name.clone()), position);
            }
            findings.push(Finding {
                rule,
                resource,
                status: saved.status,
                message: saved.message,
                suppression: saved.suppression,
                severity: saved.severity,
            });
        }
        Ok(SavedReport {
            file: path.to_path_buf(),
            tool_version: raw.tool.version,
            target: raw.target,
            lake: LakeInfo {
                name: raw.lake.name,
                environment: raw.lake.environment,
                region: raw.lake.region,
                account: raw.lake.account,
                partition: raw.lake.partition,
                owner: String::new(),
                tags: Default::default(),
            },
            fail_on,
            // Reports written before the field existed came from runs that exited 2 when
            // incomplete; their findings still say which account was not read.
            complete: raw.complete.unwrap_or(true),
            findings,
            locations,
        })
    }

    /// The report the formats render, with `fail_on` from the caller when given.
    pub fn report(&self, fail_on: Option<Option<Severity>>) -> AuditReport<'_> {
        let mut report = AuditReport::new(
            self.target.clone(),
            &self.lake,
            &self.findings,
            fail_on.unwrap_or(self.fail_on),
        );
        report.locations = self.locations.clone();
        report.complete = self.complete;
        report
    }

    /// The accounts and regions this report audited: the places no other shard may hold.
    fn places(&self) -> Result<Vec<(String, String)>, SavedError> {
        match &self.target {
            Target::Accounts {
                accounts, regions, ..
            } => Ok(accounts
                .iter()
                .flat_map(|a| regions.iter().map(move |r| (a.clone(), r.clone())))
                .collect()),
            Target::Live { blueprint: None } => {
                Ok(vec![(self.lake.account.clone(), self.lake.region.clone())])
            }
            other => Err(SavedError::new(
                &self.file,
                format!(
                    "a {}: only account audits (`lakectl audit --all`) are merged; re-render it alone with `lakectl report render`",
                    other.describe()
                ),
            )),
        }
    }
}

/// Several shard reports joined into one audit of all their accounts and regions.
#[derive(Debug)]
pub struct Merged {
    pub report: SavedReport,
    /// Set when the shards' `--fail-on` differed: the strictest is kept.
    pub fail_on_differed: bool,
    /// The lakectl versions that wrote the shards, when more than one did.
    pub versions: Vec<String>,
}

/// Joins shard reports. Every input must be an account audit; no account and region may be in
/// two of them (overlapping shards would count findings twice). The merged threshold is the
/// strictest of the inputs', so a merge never passes what a shard failed.
pub fn merge(reports: Vec<SavedReport>) -> Result<Merged, SavedError> {
    let mut owner: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    let mut accounts = BTreeSet::new();
    // Shards of one run with `--region A,B` list the same regions: keep the order given. With
    // `--region all` each lists its own accounts' regions, sorted: the whole run's list is their
    // sorted union. Sorting when every list is sorted serves both.
    let mut regions: Vec<String> = Vec::new();
    let every_list_sorted = reports.iter().all(|r| match &r.target {
        Target::Accounts { regions, .. } => regions.is_sorted(),
        _ => true,
    });
    for report in &reports {
        for place in report.places()? {
            if let Some(first) = owner.get(&place) {
                return Err(SavedError::new(
                    &report.file,
                    format!(
                        "account {} in {} is also in {}: the reports overlap (shards of different --shard N, or the same file twice?)",
                        place.0,
                        place.1,
                        first.display()
                    ),
                ));
            }
            accounts.insert(place.0.clone());
            if !regions.contains(&place.1) {
                regions.push(place.1.clone());
            }
            owner.insert(place, report.file.clone());
        }
    }
    if every_list_sorted {
        regions.sort();
    }
    let thresholds: BTreeSet<Option<Severity>> = reports.iter().map(|r| r.fail_on).collect();
    // `None` (never) sorts first: the strictest threshold is the lowest severity given.
    let fail_on = thresholds
        .iter()
        .copied()
        .flatten()
        .min()
        .or_else(|| thresholds.first().copied().flatten());
    let versions: BTreeSet<String> = reports.iter().map(|r| r.tool_version.clone()).collect();
    let complete = reports.iter().all(|r| r.complete);
    let mut findings: Vec<Finding> = Vec::new();
    let mut locations = Locations::new();
    for report in reports {
        findings.extend(report.findings);
        locations.extend(report.locations);
    }
    engine::sort(&mut findings);
    let report = SavedReport {
        file: PathBuf::from("merged"),
        tool_version: versions.iter().next().cloned().unwrap_or_default(),
        target: Target::Accounts {
            accounts: accounts.into_iter().collect(),
            regions,
            shard: None,
        },
        lake: LakeInfo::account_region("", ""),
        fail_on,
        complete,
        findings,
        locations,
    };
    Ok(Merged {
        report,
        fail_on_differed: thresholds.len() > 1,
        versions: if versions.len() > 1 {
            versions.into_iter().collect()
        } else {
            Vec::new()
        },
    })
}

fn severity(name: &str) -> Option<Severity> {
    Severity::ALL.into_iter().find(|s| s.as_str() == name)
}

/// Only the schema, read first so a report of another schema gets that message rather than
/// the first field this version misses.
#[derive(Deserialize)]
struct Envelope {
    schema: Option<String>,
}

#[derive(Deserialize)]
struct RawReport {
    tool: RawTool,
    target: Target,
    lake: RawLake,
    fail_on: String,
    complete: Option<bool>,
    findings: Vec<RawFinding>,
}

#[derive(Deserialize)]
struct RawTool {
    version: String,
}

#[derive(Deserialize)]
struct RawLake {
    name: String,
    environment: String,
    region: String,
    account: String,
    partition: String,
}

#[derive(Deserialize)]
struct RawFinding {
    rule: String,
    severity: Severity,
    status: Status,
    resource: RawResource,
    message: String,
    suppression: Option<Suppression>,
    location: Option<Position>,
}

#[derive(Deserialize)]
struct RawResource {
    kind: String,
    arn: String,
    name: String,
    account: String,
    region: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::report::tests::spread;
    use crate::audit::reports::{self, Format, fixture, json};

    const FORMATS: [Format; 7] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
        Format::Html,
        Format::WaLens,
    ];

    fn saved(file: &str, report: &AuditReport<'_>) -> SavedReport {
        SavedReport::parse(Path::new(file), &json::render(report)).unwrap()
    }

    fn error(text: &str) -> String {
        SavedReport::parse(Path::new("audit.json"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn every_format_renders_the_same_from_the_saved_json() {
        let model = fixture::model();
        let findings = fixture::findings(&model);
        let mut report = AuditReport::new(
            Target::Static {
                blueprint: "retail.yaml".into(),
            },
            &model.lake,
            &findings,
            Some(Severity::High),
        );
        let bucket = &model.buckets[0];
        report.locations.insert(
            (Kind::Bucket, bucket.id.clone()),
            Position {
                line: 12,
                column: 5,
            },
        );
        let saved = saved("audit.json", &report);
        let again = saved.report(None);
        for format in FORMATS {
            assert_eq!(
                reports::render(format, &again, false),
                reports::render(format, &report, false),
                "{format:?}"
            );
        }
        // `--fail-on` given to `report render` replaces the saved one.
        assert!(again.fails());
        assert!(!saved.report(Some(None)).fails());
    }

    /// Two shard reports of the accounts in `findings`, split by account, and the whole run.
    fn shards(model: &crate::model::Model, findings: &[Finding]) -> [String; 3] {
        let regions: Vec<String> = ["us-east-1", "eu-west-3", "ap-northeast-2"]
            .map(String::from)
            .to_vec();
        let render = |accounts: &[&str], shard: Option<&str>| {
            let mine: Vec<Finding> = findings
                .iter()
                .filter(|f| accounts.contains(&f.resource.account.as_str()))
                .cloned()
                .collect();
            let lake = LakeInfo::account_region("", "");
            let report = AuditReport::new(
                Target::Accounts {
                    accounts: accounts.iter().map(|a| a.to_string()).collect(),
                    regions: regions.clone(),
                    shard: shard.map(String::from),
                },
                &lake,
                &mine,
                Some(Severity::High),
            );
            json::render(&report)
        };
        let home = model.lake.account.as_str();
        [
            render(&[home], Some("1/2")),
            render(&["222222222222"], Some("2/2")),
            render(&[home, "222222222222"], None),
        ]
    }

    #[test]
    fn merged_shards_render_exactly_as_the_whole_run() {
        let model = fixture::model();
        let findings = spread(&model);
        let [one, two, whole] = shards(&model, &findings);
        let parse = |file: &str, text: &str| SavedReport::parse(Path::new(file), text).unwrap();
        // The order of the inputs does not matter.
        let merged = merge(vec![parse("2.json", &two), parse("1.json", &one)]).unwrap();
        assert!(!merged.fail_on_differed);
        assert!(merged.versions.is_empty());
        let whole = parse("whole.json", &whole);
        for format in FORMATS {
            assert_eq!(
                reports::render(format, &merged.report.report(None), false),
                reports::render(format, &whole.report(None), false),
                "{format:?}"
            );
        }
    }

    #[test]
    fn shards_of_every_enabled_region_merge_in_region_order() {
        let lake = LakeInfo::account_region("", "");
        let shard = |file: &str, account: &str, regions: &[&str]| {
            let report = AuditReport::new(
                Target::Accounts {
                    accounts: vec![account.to_string()],
                    regions: regions.iter().map(|r| r.to_string()).collect(),
                    shard: None,
                },
                &lake,
                &[],
                Some(Severity::High),
            );
            SavedReport::parse(Path::new(file), &json::render(&report)).unwrap()
        };
        let merged = merge(vec![
            shard("1.json", "111111111111", &["eu-west-1", "us-east-1"]),
            shard("2.json", "222222222222", &["ap-south-1", "eu-west-1"]),
        ])
        .unwrap();
        let Target::Accounts { regions, .. } = &merged.report.target else {
            panic!("{:?}", merged.report.target)
        };
        assert_eq!(regions, &["ap-south-1", "eu-west-1", "us-east-1"]);
    }

    #[test]
    fn overlapping_shards_are_refused_naming_both_files() {
        let model = fixture::model();
        let findings = spread(&model);
        let [one, _, whole] = shards(&model, &findings);
        let parse = |file: &str, text: &str| SavedReport::parse(Path::new(file), text).unwrap();
        let err = merge(vec![parse("1.json", &one), parse("whole.json", &whole)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "whole.json: account {} in us-east-1 is also in 1.json: the reports overlap (shards of different --shard N, or the same file twice?)",
                model.lake.account
            )
        );
    }

    #[test]
    fn audits_of_a_blueprint_are_not_merged() {
        let model = fixture::model();
        let findings = fixture::findings(&model);
        let report = AuditReport::new(
            Target::Static {
                blueprint: "retail.yaml".into(),
            },
            &model.lake,
            &findings,
            Some(Severity::High),
        );
        let err = merge(vec![saved("a.json", &report)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.json: a static audit of retail.yaml: only account audits (`lakectl audit --all`) are merged; re-render it alone with `lakectl report render`"
        );
    }

    #[test]
    fn the_strictest_threshold_and_any_incompleteness_carry_over() {
        let model = fixture::model();
        let findings = spread(&model);
        let [one, two, _] = shards(&model, &findings);
        let two = two
            .replace("\"fail_on\": \"high\"", "\"fail_on\": \"never\"")
            .replace("\"complete\": true", "\"complete\": false");
        let one = one.replace("\"fail_on\": \"high\"", "\"fail_on\": \"medium\"");
        let parse = |file: &str, text: &str| SavedReport::parse(Path::new(file), text).unwrap();
        let merged = merge(vec![parse("1.json", &one), parse("2.json", &two)]).unwrap();
        assert!(merged.fail_on_differed);
        assert_eq!(merged.report.fail_on, Some(Severity::Medium));
        assert!(!merged.report.complete);
        assert!(
            merged
                .report
                .report(None)
                .verdict()
                .ends_with("; incomplete: some accounts or regions were not audited")
        );
    }

    #[test]
    fn bad_reports_get_the_file_and_the_place() {
        let model = fixture::model();
        let findings = fixture::findings(&model);
        let report = AuditReport::new(
            Target::Live { blueprint: None },
            &model.lake,
            &findings,
            Some(Severity::High),
        );
        let text = json::render(&report);
        let first_rule = format!("\"rule\": \"{}\"", findings[0].rule.id);
        assert_eq!(
            error(&text.replacen(&first_rule, "\"rule\": \"LK-XX-999\"", 1)),
            format!(
                "audit.json: findings[0]: rule `LK-XX-999` is not in this lakectl's catalogue (the report was written by lakectl {})",
                crate::audit::report::VERSION
            )
        );
        assert_eq!(
            error(&text.replacen("\"kind\": \"bucket\"", "\"kind\": \"lake\"", 1)),
            format!(
                "audit.json: findings[{}]: resource.kind: unknown kind `lake`",
                findings
                    .iter()
                    .position(|f| f.resource.kind == Kind::Bucket)
                    .unwrap()
            )
        );
        assert_eq!(
            error(&text.replace(SCHEMA, "lakectl.audit/v9")),
            "audit.json: schema `lakectl.audit/v9`, but this lakectl reads `lakectl.audit/v1` (write it with `lakectl audit --format json`)"
        );
        let cut = &text[..text.len() / 2];
        assert!(
            error(cut)
                .starts_with("audit.json: not a lakectl audit report (JSON): EOF while parsing"),
            "{}",
            error(cut)
        );
        assert!(
            error(&text.replacen("\"status\": \"fail\"", "\"status\": \"failed\"", 1))
                .starts_with("audit.json: line "),
        );
        assert_eq!(
            error("{\"schema\": \"lakectl.audit/v1\"}"),
            "audit.json: line 1: missing field `tool` at line 1 column 30"
        );
    }
}
