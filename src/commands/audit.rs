//! `lakectl audit`: run the rule catalogue on a blueprint's desired state (`--static`, no AWS
//! calls) or on live resources (`--blueprint`, `--all`), and write the reports.
//!
//! Exit codes: 0 when nothing failing (and not suppressed) is at or above `--fail-on`, 1 when
//! something is, 2 on any error (invalid blueprint or suppressions file, unreadable account).

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;

use super::diagnostics;
use crate::audit::finding::Finding;
use crate::audit::location::{self, Locations};
use crate::audit::policy::AuditPolicy;
use crate::audit::report::{AuditReport, Target};
use crate::audit::reports::{self, Format};
use crate::audit::scope::Scope;
use crate::audit::suppress::Suppressions;
use crate::aws::Aws;
use crate::blueprint;
use crate::compile::{CompileOptions, compile};
use crate::exit::Exit;
use crate::inventory;
use crate::model::{LakeInfo, Model};
use crate::org::fleet;
use crate::printer::Printer;
use crate::settings::{AuditScope, AuditSettings};

/// What an audit found, before suppressions: the findings, what the report names, and where
/// each resource is defined (audits of a blueprint).
struct Audited {
    target: Target,
    lake: LakeInfo,
    findings: Vec<Finding>,
    locations: Locations,
    /// False when an account or region could not be read at all (exit 2).
    complete: bool,
}

impl Audited {
    /// The rules run on one model (a lake's, or a region's) in `scope`.
    fn of_model(target: Target, model: &Model, scope: Scope, policy: &AuditPolicy) -> Self {
        Audited {
            target,
            lake: model.lake.clone(),
            findings: crate::audit::run_in(model, scope, policy),
            locations: Locations::new(),
            complete: true,
        }
    }
}

pub async fn run(settings: AuditSettings, printer: Printer) -> anyhow::Result<Exit> {
    let suppressions = match &settings.suppressions {
        Some(path) => Suppressions::load(path)?,
        None => Suppressions::default(),
    };
    let audited = match &settings.scope {
        AuditScope::Static(path) => {
            match static_model(path, settings.environment.as_deref(), &settings.policy) {
                Ok(audited) => audited,
                Err(found) => {
                    diagnostics::show(printer, &found);
                    return Ok(Exit::Error);
                }
            }
        }
        AuditScope::Account { lake: None } if settings.reach.spans_several() => {
            fleet(&settings, printer).await?
        }
        AuditScope::Lake(_) | AuditScope::Account { .. } => {
            let spinner = printer.spinner("reading the live resources");
            let audited = live_model(&settings).await;
            spinner.finish_and_clear();
            audited?
        }
    };

    let mut findings = audited.findings;
    suppressions.apply(&mut findings, chrono::Local::now().date_naive());
    let mut report = AuditReport::new(audited.target, &audited.lake, &findings, settings.threshold);
    report.locations = audited.locations;
    report.complete = audited.complete;
    emit(printer, settings.out.as_deref(), &settings.formats, &report)?;
    Ok(exit_of(&report))
}

/// Prints the one format, or writes every format into `out`, one file each.
pub(super) fn emit(
    printer: Printer,
    out: Option<&Path>,
    formats: &[Format],
    report: &AuditReport<'_>,
) -> anyhow::Result<()> {
    match out {
        None => {
            printer.out(reports::render(formats[0], report, printer.stdout_color()));
            Ok(())
        }
        Some(dir) => write_reports(printer, dir, formats, report),
    }
}

/// 2 when something was not audited (a gate must not pass on what it could not see), 1 when
/// something fails at or above the threshold, else 0.
pub(super) fn exit_of(report: &AuditReport<'_>) -> Exit {
    if !report.complete {
        Exit::Error
    } else if report.fails() {
        Exit::Attention
    } else {
        Exit::Success
    }
}

/// Several regions or accounts: the accounts and regions are resolved (an organization's
/// accounts, each account's enabled regions), then each account is audited as it comes (see
/// `org::fleet`), its models dropped, its findings kept.
async fn fleet(settings: &AuditSettings, printer: Printer) -> anyhow::Result<Audited> {
    let base = Aws::connect_with(&settings.aws, None, settings.connect).await?;
    let reach = &settings.reach;
    let accounts = fleet::resolve(&base, reach).await?;
    let bar = printer.bar(
        accounts.len() as u64,
        "{spinner} auditing accounts {pos}/{len}, {msg} [{elapsed}]",
    );
    bar.set_message("0 not audited");
    let options = inventory::Options::new(settings.concurrency);
    let mut findings = Vec::new();
    let mut audited = Vec::new();
    let mut regions_found = BTreeSet::new();
    let mut not_audited = 0;
    fleet::audit(
        &base,
        reach,
        &accounts,
        &options,
        &settings.policy,
        |account| {
            if !account.complete {
                not_audited += 1;
                bar.set_message(format!("{not_audited} not audited"));
            }
            audited.push(account.account);
            regions_found.extend(account.regions);
            findings.extend(account.findings);
            bar.inc(1);
        },
    )
    .await;
    bar.finish_and_clear();
    crate::audit::engine::sort(&mut findings);
    audited.sort();
    // With `all`, each account's own: the report names every region audited anywhere.
    let regions = (reach.regions.named_or(base.region()))
        .unwrap_or_else(|| regions_found.into_iter().collect());
    Ok(Audited {
        target: Target::Accounts {
            accounts: audited,
            regions,
            shard: reach.shard.map(|s| s.to_string()),
        },
        // No one account or region: each finding names its own.
        lake: LakeInfo::account_region("", ""),
        findings,
        locations: Locations::new(),
        complete: not_audited == 0,
    })
}

fn write_reports(
    printer: Printer,
    dir: &Path,
    formats: &[Format],
    report: &AuditReport<'_>,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the report directory {}", dir.display()))?;
    for &format in formats {
        let path = dir.join(reports::file_name(format));
        crate::atomic::write(&path, reports::render(format, report, false).as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        printer.status(format_args!("wrote {}", path.display()));
    }
    let s = report.summary();
    printer.status(format_args!(
        "{} passed, {} failed, {} unknown, {} suppressed; {}",
        s.pass,
        s.fail,
        s.unknown,
        s.suppressed,
        report.verdict()
    ));
    Ok(())
}

/// `--static`: the blueprint's desired state, compiled without touching AWS.
fn static_model(
    path: &Path,
    environment: Option<&str>,
    policy: &AuditPolicy,
) -> Result<Audited, blueprint::Diagnostics> {
    let (blueprint, source) = crate::load::file(path, environment)?;
    let model = compile(&blueprint, &CompileOptions::reading(&blueprint, &source));
    let overrides = environment.and_then(|env| blueprint::overrides(&source, env));
    let target = Target::Static {
        blueprint: path.display().to_string(),
    };
    Ok(Audited {
        locations: location::locate(&blueprint, &source, &model, overrides.as_ref()),
        ..Audited::of_model(target, &model, Scope::Static, policy)
    })
}

/// `--blueprint` / `--all`: the live model, read with read-only calls. An unreachable account
/// is an error (exit 2); properties that cannot be read are `Prop::Unknown` in the model and
/// become `unknown` findings.
async fn live_model(settings: &AuditSettings) -> anyhow::Result<Audited> {
    let options = inventory::Options::new(settings.concurrency);
    match &settings.scope {
        AuditScope::Lake(path) => {
            let lake = connect_lake(settings, path).await?;
            let model = inventory::read(&lake.aws, &lake.desired, options).await?;
            let target = Target::Live {
                blueprint: Some(path.display().to_string()),
            };
            Ok(Audited {
                locations: lake.locations,
                ..Audited::of_model(target, &model, Scope::Blueprint, &settings.policy)
            })
        }
        AuditScope::Account { lake: Some(path) } => {
            let lake = connect_lake(settings, path).await?;
            let (region, lake_model) = tokio::try_join!(
                inventory::read_all(&lake.aws, options.clone()),
                inventory::read(&lake.aws, &lake.desired, options),
            )?;
            Ok(Audited {
                target: Target::Region {
                    blueprint: path.display().to_string(),
                },
                findings: crate::audit::run_region(&region, &lake_model, &settings.policy),
                lake: region.lake,
                locations: lake.locations,
                complete: true,
            })
        }
        AuditScope::Account { lake: None } | AuditScope::Static(_) => {
            let aws = Aws::connect_with(&settings.aws, None, settings.connect).await?;
            let model = inventory::read_all(&aws, options).await?;
            let target = Target::Live { blueprint: None };
            Ok(Audited::of_model(
                target,
                &model,
                Scope::Account,
                &settings.policy,
            ))
        }
    }
}

/// A blueprint's lake, ready to read: the account it is in and its desired model.
struct LakeToRead {
    aws: Aws,
    desired: Model,
    locations: Locations,
}

/// Loads the blueprint and connects to its region; the desired model carries the real account
/// because names and ARNs contain it.
async fn connect_lake(settings: &AuditSettings, path: &Path) -> anyhow::Result<LakeToRead> {
    let environment = settings.environment.as_deref();
    let (blueprint, source) =
        crate::load::file(path, environment).map_err(|d| anyhow::anyhow!("{d}"))?;
    let aws = Aws::connect_with(
        &settings.aws,
        Some(&blueprint.lake.region),
        settings.connect,
    )
    .await?;
    let account = aws.caller_account().await?;
    let desired = compile(
        &blueprint,
        &CompileOptions::reading(&blueprint, &source).with_account(Some(account)),
    );
    // Live resources keep the desired kinds and names, so each finds its blueprint line.
    let overrides = environment.and_then(|env| blueprint::overrides(&source, env));
    let locations = location::locate(&blueprint, &source, &desired, overrides.as_ref());
    Ok(LakeToRead {
        aws,
        desired,
        locations,
    })
}
