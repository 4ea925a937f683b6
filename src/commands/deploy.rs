//! `lakectl deploy`: plan, then apply the plan; progress on stderr, a summary at the end.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::plan::prepare;
use crate::apply::{Applier, Completed, Failed, Options, Outcome, Progress};
use crate::cli::{DeployArgs, TextOrJson};
use crate::exit::Exit;
use crate::plan::{self, Action};

pub async fn run(args: DeployArgs) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let concurrency = usize::from(args.concurrency);
    let Some(prepared) = prepare(&args.blueprint, &args.aws, concurrency.max(16)).await? else {
        return Ok(Exit::Error);
    };
    let plan = &prepared.plan;
    let counts = plan.counts();
    let blueprint = args.blueprint.display().to_string();
    if !plan.has_changes() {
        let calls = prepared.aws.calls();
        match args.output {
            TextOrJson::Text => eprintln!(
                "no changes: the lake matches {blueprint} ({} resources, {} read calls, {:.1} s)",
                counts.unchanged,
                calls.total(),
                started.elapsed().as_secs_f64()
            ),
            TextOrJson::Json => {
                println!("{}", report(&prepared, &Outcome::default(), false, started))
            }
        }
        return Ok(Exit::Success);
    }
    eprintln!(
        "deploying {blueprint}: {} to create, {} to update, {} unchanged",
        counts.create, counts.update, counts.unchanged
    );
    let reporter = Reporter::new(args.output == TextOrJson::Text);
    let applier = Applier::new(
        &prepared.aws,
        &prepared.desired,
        &prepared.live,
        plan,
        &reporter,
    );
    let shared = applier.outcome();
    let options = Options { concurrency };
    let (outcome, interrupted) = tokio::select! {
        outcome = applier.apply(&options) => (outcome, false),
        _ = tokio::signal::ctrl_c() => {
            // Dropping the apply future abandons the calls in flight; AWS may still complete
            // them, which the next deploy sees and builds on.
            let outcome = shared.lock().unwrap_or_else(|p| p.into_inner()).clone();
            (outcome, true)
        }
    };
    reporter.finish();
    for warning in &outcome.warnings {
        eprintln!("warning: {warning}");
    }
    let replacements: Vec<_> = plan
        .resources
        .iter()
        .filter(|r| r.action == Action::ReplaceNeeded)
        .collect();
    for r in &replacements {
        eprintln!(
            "warning: {} {} needs replacement to match the blueprint; lakectl never replaces (it would lose data): recreate it yourself",
            r.kind.label(),
            r.name
        );
    }
    let complete = !interrupted && outcome.failed.is_empty();
    match args.output {
        TextOrJson::Text => eprintln!("{}", summary(&prepared, &outcome, interrupted, started)),
        TextOrJson::Json => println!("{}", report(&prepared, &outcome, interrupted, started)),
    }
    Ok(match (complete, replacements.is_empty()) {
        (false, _) => Exit::Error,
        (true, false) => Exit::Attention,
        (true, true) => Exit::Success,
    })
}

fn summary(
    p: &super::plan::Prepared,
    outcome: &Outcome,
    interrupted: bool,
    started: Instant,
) -> String {
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
fn report(
    p: &super::plan::Prepared,
    outcome: &Outcome,
    interrupted: bool,
    started: Instant,
) -> String {
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
    bar: Option<ProgressBar>,
    lines: bool,
}

impl Reporter {
    fn new(lines: bool) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} resources {elapsed}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Reporter { bar, lines }
    }

    fn line(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
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
        self.line(format!(
            "  ✗ {} {}: {}",
            failed.kind.label(),
            failed.name,
            failed.error
        ));
    }
}
