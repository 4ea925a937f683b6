//! LK-GLUE-008: Glue ETL jobs retry, time out, resume from bookmarks and notify on delay.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Job, Model, job_arguments as args};

/// Glue's default (and maximum) timeout: a job without one runs this long.
const GLUE_DEFAULT_TIMEOUT: u32 = 2880;

pub static RULE: Rule = Rule {
    id: "LK-GLUE-008",
    name: "job-without-failure-handling",
    title: "Glue jobs retry, time out, resume from job bookmarks and notify when delayed",
    severity: Severity::Medium,
    service: Service::Glue,
    lens: &[ids::REL_RECOVER_ETL],
    rationale: "The lens asks ETL to recover from failure without a person: a transient failure should be retried, a hung run stopped before it bills for Glue's 48-hour default, a re-run should resume where the last one stopped (job bookmarks) instead of reprocessing or skipping data, and a run that takes too long should raise an event someone sees.",
    remediation: "Declare the job in `jobs[]`: lakectl sets `max_retries` (default 1), `timeout_minutes` (default 60), `bookmarks` (default on) and a delay notification (default half the timeout). For a job managed elsewhere, set MaxRetries, Timeout, `--job-bookmark-option job-bookmark-enable` and NotificationProperty.NotifyDelayAfter.",
    blueprint_field: Some("jobs[]"),
    scopes: Scopes {
        static_: "Jobs declare at least one retry, a timeout under 48 hours, bookmarks and a delay notification.",
        blueprint: "Deployed jobs retry, time out under 48 hours, keep bookmarks and notify on delay.",
        account: "Every job has MaxRetries above zero, a Timeout under Glue's 2880-minute default, `--job-bookmark-option` enabled (or paused) and NotificationProperty.NotifyDelayAfter; each job that lacks any of them is one finding naming all it lacks.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for job in &model.catalog.jobs {
        let resource = Resource::job(&model.lake, job);
        if let Some(gaps) = gaps(job, &resource, out) {
            out.check(resource, gaps.is_empty(), || gaps.join(", "));
        }
    }
}

/// What the job lacks, or `None` after recording why that cannot be told.
fn gaps(job: &Job, resource: &Resource, out: &mut Results) -> Option<Vec<&'static str>> {
    let retries = *out.known(resource, "retries", &job.max_retries)?;
    let timeout = *out.known(resource, "timeout", &job.timeout_minutes)?;
    let arguments = out.known(resource, "default arguments", &job.arguments)?;
    let notify = *out.known(resource, "delay notification", &job.notify_delay_minutes)?;
    let bookmarks = arguments.get(args::BOOKMARKS).map(String::as_str);
    let mut gaps = Vec::new();
    if retries == 0 {
        gaps.push("no retries");
    }
    if timeout.is_none_or(|t| t >= GLUE_DEFAULT_TIMEOUT) {
        gaps.push("no timeout under Glue's 48-hour default");
    }
    if !matches!(bookmarks, Some(args::BOOKMARKS_ON | "job-bookmark-pause")) {
        gaps.push("job bookmarks disabled");
    }
    if notify.is_none() {
        gaps.push("no delay notification");
    }
    Some(gaps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{Prop, Tags};

    fn job(name: &str, retries: u32, timeout: Option<u32>, bookmarks: Option<&str>) -> Job {
        let arguments: Tags = (bookmarks.into_iter())
            .map(|b| (args::BOOKMARKS.to_string(), b.to_string()))
            .collect();
        Job {
            max_retries: Prop::Known(retries),
            timeout_minutes: Prop::Known(timeout),
            arguments: Prop::Known(arguments),
            notify_delay_minutes: Prop::Known(timeout.map(|t| t / 2)),
            ..Job::unread(name)
        }
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(
            outcomes(&RULE, &model),
            vec![("retail-prod-clean".to_string(), crate::audit::Outcome::Pass)],
            "the job lakectl deploys"
        );
        model.catalog.jobs = vec![
            job("good", 1, Some(60), Some(args::BOOKMARKS_ON)),
            job("paused", 2, Some(60), Some("job-bookmark-pause")),
            job("bare", 0, None, None),
            job("long", 1, Some(2880), Some(args::BOOKMARKS_OFF)),
            Job {
                max_retries: unknown_prop("glue:GetJobs"),
                ..job("hidden", 1, Some(60), None)
            },
        ];
        assert_eq!(
            outcomes(&RULE, &model),
            vec![
                ("good".to_string(), crate::audit::Outcome::Pass),
                ("paused".to_string(), crate::audit::Outcome::Pass),
                fail(
                    "bare",
                    "no retries, no timeout under Glue's 48-hour default, job bookmarks disabled, no delay notification"
                ),
                fail(
                    "long",
                    "no timeout under Glue's 48-hour default, job bookmarks disabled"
                ),
                unknown("hidden", "retries: AccessDenied on glue:GetJobs"),
            ]
        );
    }
}
