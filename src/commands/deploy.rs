//! `lakectl deploy`: plan, then apply the plan; progress on stderr, a summary at the end.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use indicatif::ProgressBar;

use super::confirm;
use super::plan::prepare_or_show;
use crate::apply::{Applier, Completed, Failed, Options, Outcome, Progress};
use crate::exit::Exit;
use crate::plan::saved::SavedPlan;
use crate::plan::{self, Action};
use crate::prepare::Prepared;
use crate::printer::Printer;
use crate::settings::{DeploySettings, Output};

/// How to deploy without a terminal.
const UNATTENDED: &str = "pass --yes to deploy without asking, or apply a reviewed plan: \
     `lakectl plan BLUEPRINT --out plan.json`, then `lakectl deploy --plan plan.json`";

pub async fn run(settings: DeploySettings, printer: Printer) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let DeploySettings {
        blueprint,
        aws,
        connect,
        concurrency,
        read_concurrency,
        output,
        saved_plan,
        yes,
        environment,
    } = settings;
    if saved_plan.is_none() && !yes {
        confirm::ensure_askable(printer, "deploy", UNATTENDED)?;
    }
    let (blueprint, saved) =
        saved_plan_and_blueprint(saved_plan.as_deref(), blueprint, environment.as_deref())?;
    let Some(mut prepared) = prepare_or_show(
        printer,
        &blueprint,
        environment.as_deref(),
        &aws,
        connect,
        read_concurrency,
    )
    .await?
    else {
        return Ok(Exit::Error);
    };
    let reviewed = saved.is_some();
    if let Some((file, saved)) = saved {
        saved.check_live(&file, &blueprint, &prepared.live, &prepared.plan)?;
        // Same blueprint, same live state: the saved plan is what was reviewed; apply it.
        prepared.plan = saved.plan;
    }
    let plan = &prepared.plan;
    let counts = plan.counts();
    let blueprint = blueprint.display().to_string();
    if !plan.has_changes() {
        no_changes(printer, output, &prepared, &blueprint, started);
        return Ok(Exit::Success);
    }
    // A saved plan was reviewed when it was made: applying it asks nothing, as in terraform.
    if !reviewed && !yes {
        confirm::require(
            printer,
            "deploy",
            plan::render_text(plan).trim_end(),
            UNATTENDED,
        )?;
    }
    printer.status(format_args!(
        "deploying {blueprint}: {} to create, {} to update, {} unchanged",
        counts.create, counts.update, counts.unchanged
    ));
    let reporter = Reporter::new(printer, output == Output::Text);
    let applier = Applier::new(
        &prepared.aws,
        &prepared.desired,
        &prepared.live,
        plan,
        &reporter,
    );
    let (outcome, interrupted) = apply_until_interrupted(&applier, concurrency).await;
    reporter.finish();
    let replacements = warn(printer, plan, &outcome);
    let complete = !interrupted && outcome.failed.is_empty();
    match output {
        Output::Text => printer.status(summary(&prepared, &outcome, interrupted, started)),
        Output::Json => printer.outln(report(&prepared, &outcome, interrupted, started)),
    }
    Ok(match (complete, replacements == 0) {
        (false, _) => Exit::Error,
        (true, false) => Exit::Attention,
        (true, true) => Exit::Success,
    })
}

/// Says the lake already matches the blueprint.
fn no_changes(
    printer: Printer,
    output: Output,
    prepared: &Prepared,
    blueprint: &str,
    started: Instant,
) {
    match output {
        Output::Text => printer.status(format_args!(
            "no changes: the lake matches {blueprint} ({} resources, {} read calls, {:.1} s)",
            prepared.plan.counts().unchanged,
            prepared.aws.calls().total(),
            started.elapsed().as_secs_f64()
        )),
        Output::Json => printer.outln(report(prepared, &Outcome::default(), false, started)),
    }
}

/// The saved plan `--plan` names, read and checked against the blueprint it was made from, and
/// the blueprint to deploy (the plan's own when none is given).
fn saved_plan_and_blueprint(
    saved_plan: Option<&Path>,
    blueprint: Option<PathBuf>,
    environment: Option<&str>,
) -> anyhow::Result<(PathBuf, Option<(PathBuf, SavedPlan)>)> {
    let saved = match saved_plan {
        Some(file) => Some((file.to_path_buf(), SavedPlan::read(file)?)),
        None => None,
    };
    let blueprint = match (blueprint, &saved) {
        (Some(blueprint), _) => blueprint,
        (None, Some((_, saved))) => saved.blueprint.clone(),
        (None, None) => anyhow::bail!("deploy needs a blueprint, or a saved plan with --plan FILE"),
    };
    if let Some((file, saved)) = &saved {
        let bytes = super::plan::fingerprint_input(&blueprint, environment)
            .with_context(|| format!("cannot read the blueprint {}", blueprint.display()))?;
        saved.check_blueprint(file, &blueprint, &bytes)?;
    }
    Ok((blueprint, saved))
}

/// Applies the plan until it is done or Ctrl-C: the outcome so far, and whether it was cut short.
async fn apply_until_interrupted(applier: &Applier<'_>, concurrency: usize) -> (Outcome, bool) {
    let shared = applier.outcome();
    let options = Options { concurrency };
    tokio::select! {
        outcome = applier.apply(&options) => (outcome, false),
        _ = tokio::signal::ctrl_c() => {
            // Dropping the apply future abandons the calls in flight; AWS may still complete
            // them, which the next deploy sees and builds on.
            let outcome = shared.lock().unwrap_or_else(|p| p.into_inner()).clone();
            (outcome, true)
        }
    }
}

/// Apply's warnings, and one for each resource that needs a replacement; returns how many do.
fn warn(printer: Printer, plan: &plan::Plan, outcome: &Outcome) -> usize {
    for warning in &outcome.warnings {
        printer.warn(warning);
    }
    let replacements: Vec<_> = plan
        .resources
        .iter()
        .filter(|r| r.action == Action::ReplaceNeeded)
        .collect();
    for r in &replacements {
        printer.warn(format_args!(
            "{} {} needs replacement to match the blueprint; lakectl never replaces (it would lose data): recreate it yourself",
            r.kind.label(),
            r.name
        ));
    }
    replacements.len()
}

fn summary(p: &Prepared, outcome: &Outcome, interrupted: bool, started: Instant) -> String {
    let calls = p.aws.calls();
    let elapsed = started.elapsed().as_secs_f64();
    let done = outcome.completed.len();
    let stats = format!(
        "{} AWS calls ({} writes), {elapsed:.1} s",
        calls.total(),
        calls.mutating()
    );
    if interrupted || !outcome.failed.is_empty() {
        let mut text = String::new();
        let why = if interrupted {
            "interrupted"
        } else {
            "stopped on an error"
        };
        text.push_str(&format!(
            "deploy {why} after completing {done} resources ({stats})\n"
        ));
        for f in &outcome.failed {
            text.push_str(&format!(
                "  failed: {} {}: {}\n",
                f.kind.label(),
                f.name,
                f.error
            ));
        }
        if !outcome.not_started.is_empty() {
            text.push_str(&format!(
                "  not started: {}\n",
                outcome.not_started.join(", ")
            ));
        }
        text.push_str(
            "nothing was deleted; what was created stays. Run deploy again: it plans from what exists and converges",
        );
        return text;
    }
    let created = outcome
        .completed
        .iter()
        .filter(|c| {
            p.plan
                .resource(c.kind, &c.name)
                .is_some_and(|r| r.action == Action::Create)
        })
        .count();
    format!(
        "deployed: {created} created, {} updated, {} unchanged ({stats})",
        done - created,
        p.plan.counts().unchanged
    )
}

/// `--output json`: the plan, what was done and the calls made. Versioned like the plan.
fn report(p: &Prepared, outcome: &Outcome, interrupted: bool, started: Instant) -> String {
    let calls = p.aws.calls();
    let value = serde_json::json!({
        "format_version": plan::FORMAT_VERSION,
        "lake": p.plan.lake,
        "environment": p.plan.environment,
        "region": p.plan.region,
        "account": p.plan.account,
        "counts": p.plan.counts(),
        "complete": !interrupted && outcome.failed.is_empty(),
        "interrupted": interrupted,
        "completed": outcome.completed,
        "failed": outcome.failed,
        "not_started": outcome.not_started,
        "warnings": outcome.warnings,
        "calls": {
            "total": calls.total(),
            "attempts": calls.attempts(),
            "mutating": calls.mutating(),
            "mutating_operations": calls.mutating_operations(),
            "by_service": calls.by_service(),
        },
        "seconds": started.elapsed().as_secs_f64(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// One stderr line per completed resource; a progress bar too when stderr is a terminal.
struct Reporter {
    printer: Printer,
    bar: Option<ProgressBar>,
    lines: bool,
}

impl Reporter {
    fn new(printer: Printer, lines: bool) -> Self {
        let bar = printer
            .draws_progress()
            .then(|| printer.bar(0, "{spinner} [{bar:30}] {pos}/{len} resources {elapsed}"));
        Reporter {
            printer,
            bar,
            lines,
        }
    }

    fn line(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => self.printer.status(text),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Reporter {
    fn planned(&self, resources: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(resources as u64);
        }
    }

    fn completed(&self, done: &Completed) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        if self.lines {
            self.line(format!(
                "  {} {} {}: {}",
                done.symbol(),
                done.kind.label(),
                done.name,
                done.summary()
            ));
        }
    }

    fn failed(&self, failed: &Failed) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        let text = format!(
            "  ✗ {} {}: {}",
            failed.kind.label(),
            failed.name,
            failed.error
        );
        // A failure is shown even with `-q`.
        match &self.bar {
            Some(bar) => bar.println(text),
            None => self.printer.error(text),
        }
    }
}
