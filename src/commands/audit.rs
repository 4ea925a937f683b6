//! `lakectl audit`: run the rule catalogue on a blueprint's desired state (`--static`, no AWS
//! calls) or on live resources (`--blueprint`, `--all`), and write the reports.
//!
//! Exit codes: 0 when nothing failing (and not suppressed) is at or above `--fail-on`, 1 when
//! something is, 2 on any error (invalid blueprint or suppressions file, unreadable account).

use std::path::Path;

use anyhow::Context;

use super::diagnostics;
use crate::audit::location::{self, Locations};
use crate::audit::report::{AuditReport, Target};
use crate::audit::reports::{self, Format};
use crate::audit::scope::Scope;
use crate::audit::suppress::Suppressions;
use crate::aws::Aws;
use crate::blueprint;
use crate::compile::{CompileOptions, compile};
use crate::exit::Exit;
use crate::inventory;
use crate::model::Model;
use crate::printer::Printer;
use crate::settings::{AuditScope, AuditSettings};

/// A model to audit and where its resources are defined (audits of a blueprint).
struct Audited {
    target: Target,
    scope: Scope,
    model: Model,
    locations: Locations,
    /// A region audit's lake, judged in blueprint scope (`--all --blueprint`).
    lake: Option<Model>,
}

pub async fn run(settings: AuditSettings, printer: Printer) -> anyhow::Result<Exit> {
    let suppressions = match &settings.suppressions {
        Some(path) => Suppressions::load(path)?,
        None => Suppressions::default(),
    };
    let audited = match &settings.scope {
        AuditScope::Static(path) => match static_model(path, settings.environment.as_deref()) {
            Ok(audited) => audited,
            Err(found) => {
                diagnostics::show(printer, &found);
                return Ok(Exit::Error);
            }
        },
        AuditScope::Lake(_) | AuditScope::Account { .. } => {
            let spinner = printer.spinner("reading the live resources");
            let audited = live_model(&settings).await;
            spinner.finish_and_clear();
            audited?
        }
    };

    let mut findings = match &audited.lake {
        Some(lake) => crate::audit::run_region(&audited.model, lake, &settings.policy),
        None => crate::audit::run_in(&audited.model, audited.scope, &settings.policy),
    };
    suppressions.apply(&mut findings, chrono::Local::now().date_naive());
    let mut report = AuditReport::new(
        audited.target,
        &audited.model.lake,
        &findings,
        settings.threshold,
    );
    report.locations = audited.locations;

    match &settings.out {
        None => printer.out(reports::render(
            settings.formats[0],
            &report,
            printer.stdout_color(),
        )),
        Some(dir) => write_reports(printer, dir, &settings.formats, &report)?,
    }
    Ok(if report.fails() {
        Exit::Attention
    } else {
        Exit::Success
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
        std::fs::write(&path, reports::render(format, report, false))
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
fn static_model(path: &Path, environment: Option<&str>) -> Result<Audited, blueprint::Diagnostics> {
    let (blueprint, source) = crate::load::file(path, environment)?;
    let model = compile(&blueprint, &CompileOptions::default());
    let overrides = environment.and_then(|env| blueprint::overrides(&source, env));
    let locations = location::locate(&blueprint, &source, &model, overrides.as_ref());
    Ok(Audited {
        target: Target::Static {
            blueprint: path.display().to_string(),
        },
        scope: Scope::Static,
        model,
        locations,
        lake: None,
    })
}

/// `--blueprint` / `--all`: the live model, read with read-only calls. An unreachable account
/// is an error (exit 2); properties that cannot be read are `Prop::Unknown` in the model and
/// become `unknown` findings.
async fn live_model(settings: &AuditSettings) -> anyhow::Result<Audited> {
    let options = inventory::Options {
        concurrency: settings.concurrency,
    };
    match &settings.scope {
        AuditScope::Lake(path) => {
            let lake = connect_lake(settings, path).await?;
            let model = inventory::read(&lake.aws, &lake.desired, options).await?;
            Ok(Audited {
                target: Target::Live {
                    blueprint: Some(path.display().to_string()),
                },
                scope: Scope::Blueprint,
                model,
                locations: lake.locations,
                lake: None,
            })
        }
        AuditScope::Account { lake: Some(path) } => {
            let lake = connect_lake(settings, path).await?;
            let (region, lake_model) = tokio::try_join!(
                inventory::read_all(&lake.aws, options),
                inventory::read(&lake.aws, &lake.desired, options),
            )?;
            Ok(Audited {
                target: Target::Region {
                    blueprint: path.display().to_string(),
                },
                scope: Scope::Account,
                model: region,
                locations: lake.locations,
                lake: Some(lake_model),
            })
        }
        AuditScope::Account { lake: None } | AuditScope::Static(_) => {
            let aws = Aws::connect_with(&settings.aws, None, settings.connect).await?;
            let model = inventory::read_all(&aws, options).await?;
            Ok(Audited {
                target: Target::Live { blueprint: None },
                scope: Scope::Account,
                model,
                locations: Locations::new(),
                lake: None,
            })
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
        &CompileOptions {
            account: Some(account),
        },
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
