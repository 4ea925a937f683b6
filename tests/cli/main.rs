//! Whole-process runs of the commands that need no AWS (the AWS ones only where they fail
//! before calling it). One test binary (each links the whole
//! crate, AWS SDK included), one module per command.

mod audit;
mod habits;
mod pipes;
mod reports;
mod sarif;
mod saved_plans;
mod validate;

/// A valid blueprint whose only problem is low severity: a stream kept one day (LK-KIN-002, on
/// line 7). It is monitored, so no pipeline alarm rule fails it.
const SHORT_RETENTION: &str = "lake:\n  name: events\n  environment: dev\n  region: us-east-1\n  owner: team\n\
streams:\n  - name: events\n    retention_hours: 24\nmonitoring:\n  notify: [events-oncall]\n";
