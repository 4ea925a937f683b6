//! `lakectl audit`: run the rule catalogue on a blueprint's desired state (`--static`, no AWS
//! calls) or on live resources (`--blueprint`, `--all`), and write the reports.
//!
//! Exit codes: 0 when nothing failing (and not suppressed) is at or above `--fail-on`, 1 when
//! something is, 2 on any error (invalid blueprint or suppressions file, unreadable account).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context;

use crate::audit::report::{AuditReport, Target};
use crate::audit::reports;
use crate::audit::rule::Severity;
use crate::audit::scope::Scope;
use crate::audit::suppress::Suppressions;
use crate::aws::Aws;
use crate::blueprint;
use crate::cli::{AuditArgs, ReportFormat, SeverityArg};
use crate::config::{self, AuditFlags, AuditSettings};
use crate::exit::Exit;
use crate::inventory;
use crate::model::{CompileOptions, Model, compile};

/// A model to audit and where its resources are defined (static audits only).
struct Audited {
    target: Target,
    scope: Scope,
    model: Model,
    lines: BTreeMap<String, usize>,
}

pub async fn run(args: AuditArgs) -> anyhow::Result<Exit> {
    let mut formats: Vec<ReportFormat> = Vec::new();
    for format in &args.format {
        if !formats.contains(format) {
            formats.push(*format);
        }
    }
    if formats.len() > 1 && args.out.is_none() {
        anyhow::bail!(
            "{} formats need `--out DIR` to write one file each (e.g. audit.sarif, audit.junit.xml); give one format to print it",
            formats.len()
        );
    }
    let settings = settings(&args)?;
    let suppressions = match &settings.suppressions {
        Some(path) => Suppressions::load(path)?,
        None => Suppressions::default(),
    };
    let audited = if let Some(path) = &args.static_blueprint {
        match static_model(path) {
            Ok(audited) => audited,
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                return Ok(Exit::Error);
            }
        }
    } else if args.blueprint.is_some() || args.all {
        live_model(&args).await?
    } else {
        anyhow::bail!(
            "nothing to audit: give `--static BLUEPRINT` (desired state, no AWS calls), `--blueprint BLUEPRINT` (that lake's live resources) or `--all` (the region)"
        );
    };

    let mut findings = crate::audit::run_in(&audited.model, audited.scope, &settings.policy);
    suppressions.apply(&mut findings, chrono::Local::now().date_naive());
    let mut report = AuditReport::new(
        audited.target,
        &audited.model.lake,
        &findings,
        settings.fail_on,
    );
    report.lines = audited.lines;

    match &args.out {
        None => {
            let color = stdout_wants_color();
            print!("{}", reports::render(formats[0], &report, color));
        }
        Some(dir) => write_reports(dir, &formats, &report)?,
    }
    Ok(if report.fails() {
        Exit::Attention
    } else {
        Exit::Success
    })
}

/// The config file, `LAKECTL_*` variables and flags, resolved into one set of settings. A bad
/// config file is an error located at its line and column (exit 2).
fn settings(args: &AuditArgs) -> anyhow::Result<AuditSettings> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let config = config::discover(args.config.as_deref(), &cwd)?;
    let flags = AuditFlags {
        fail_on: args.fail_on.map(threshold),
        suppressions: args.suppressions.clone(),
        rules: args.rules.clone(),
        skip_rules: args.skip_rules.clone(),
        services: args.services.clone(),
    };
    let env = |name: &str| std::env::var(name).ok();
    config::resolve_audit(config.as_ref(), &env, &flags).map_err(|e| anyhow::anyhow!(e))
}

fn threshold(fail_on: SeverityArg) -> Option<Severity> {
    match fail_on {
        SeverityArg::Info => Some(Severity::Info),
        SeverityArg::Low => Some(Severity::Low),
        SeverityArg::Medium => Some(Severity::Medium),
        SeverityArg::High => Some(Severity::High),
        SeverityArg::Critical => Some(Severity::Critical),
        SeverityArg::Never => None,
    }
}

/// Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org).
fn stdout_wants_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn write_reports(
    dir: &Path,
    formats: &[ReportFormat],
    report: &AuditReport<'_>,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the report directory {}", dir.display()))?;
    for &format in formats {
        let path = dir.join(reports::file_name(format));
        std::fs::write(&path, reports::render(format, report, false))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    let s = report.summary();
    eprintln!(
        "{} passed, {} failed, {} unknown, {} suppressed; {}",
        s.pass,
        s.fail,
        s.unknown,
        s.suppressed,
        report.verdict()
    );
    Ok(())
}

/// `--static`: the blueprint's desired state, compiled without touching AWS.
fn static_model(path: &Path) -> Result<Audited, blueprint::Diagnostics> {
    let (blueprint, source) = blueprint::load(path)?;
    let model = compile(&blueprint, &CompileOptions::default());
    let lines = crate::audit::location::lines(&blueprint, &source, &model);
    Ok(Audited {
        target: Target::Static {
            blueprint: path.display().to_string(),
        },
        scope: Scope::Static,
        model,
        lines,
    })
}

/// `--blueprint` / `--all`: the live model, read with read-only calls. An unreachable account
/// is an error (exit 2); properties that cannot be read are `Prop::Unknown` in the model and
/// become `unknown` findings.
async fn live_model(args: &AuditArgs) -> anyhow::Result<Audited> {
    let options = inventory::Options {
        concurrency: usize::from(args.concurrency),
    };
    match &args.blueprint {
        Some(path) => {
            let (blueprint, _) = blueprint::load(path).map_err(|d| anyhow::anyhow!("{d}"))?;
            let aws = Aws::connect(&args.aws, Some(&blueprint.lake.region)).await?;
            // Names and ARNs contain the account, so compile with the real one.
            let account = aws.caller_account().await?;
            let desired = compile(
                &blueprint,
                &CompileOptions {
                    account: Some(account),
                },
            );
            let model = inventory::read(&aws, &desired, options).await?;
            Ok(Audited {
                target: Target::Live {
                    blueprint: Some(path.display().to_string()),
                },
                scope: Scope::Blueprint,
                model,
                lines: Default::default(),
            })
        }
        None => {
            let aws = Aws::connect(&args.aws, None).await?;
            let model = inventory::read_all(&aws, options).await?;
            Ok(Audited {
                target: Target::Live { blueprint: None },
                scope: Scope::Account,
                model,
                lines: Default::default(),
            })
        }
    }
}
