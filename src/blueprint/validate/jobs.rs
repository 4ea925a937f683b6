//! Glue ETL jobs: names, roles, sizes, limits and arguments. Whether each script exists is
//! checked where the blueprint's file is known (`crate::scripts::check`).

use super::Checker;
use crate::blueprint::diagnostic::{FieldPath, printable};
use crate::blueprint::names;
use crate::blueprint::types::*;
use crate::lens::ids;
use crate::model::{credentials, job_arguments};

const GLUE_VERSIONS: [&str; 3] = ["3.0", "4.0", "5.0"];

impl Checker {
    pub(super) fn jobs(&mut self, blueprint: &Blueprint) {
        let at = FieldPath::root().key("jobs");
        for (i, job) in blueprint.jobs.iter().enumerate() {
            let at = at.index(i);
            self.name(
                at.key("name"),
                "job name",
                &job.name,
                names::stream(&job.name, 200),
            );
            self.role_of_purpose(blueprint, at.key("role"), &job.role, RolePurpose::Etl);
            self.job_size(&at, job);
            self.job_limits(&at, job);
            self.job_arguments(&at, job);
        }
        let names = (blueprint.jobs.iter().enumerate())
            .map(|(i, j)| (at.index(i).key("name"), j.name.as_str()));
        self.unique("job", names);
    }

    fn job_size(&mut self, at: &FieldPath, job: &Job) {
        if !GLUE_VERSIONS.contains(&job.glue_version.as_str()) {
            self.error(
                at.key("glue_version"),
                format!(
                    "Glue version `{}` is not supported",
                    printable(&job.glue_version)
                ),
                Some(format!("allowed: {}", GLUE_VERSIONS.join(", "))),
            );
        }
        if !(2..=299).contains(&job.workers) {
            self.error(
                at.key("workers"),
                format!("{} workers is out of range", job.workers),
                Some("allowed: 2 to 299 workers".to_string()),
            );
        }
        if job.execution_class == ExecutionClass::Flex
            && !matches!(job.worker_type, WorkerType::G1x | WorkerType::G2x)
        {
            self.error(
                at.key("execution_class"),
                format!(
                    "flex execution runs on G.1X and G.2X workers only, not {}",
                    job.worker_type.name()
                ),
                Some(
                    "use `worker_type: G.1X` or `G.2X`, or `execution_class: standard`".to_string(),
                ),
            );
        }
    }

    fn job_limits(&mut self, at: &FieldPath, job: &Job) {
        if !(1..=2880).contains(&job.timeout_minutes) {
            self.error(
                at.key("timeout_minutes"),
                format!(
                    "a timeout of {} minutes is out of range",
                    job.timeout_minutes
                ),
                Some("allowed: 1 to 2880 minutes (48 hours)".to_string()),
            );
        }
        if job.max_retries > 10 {
            self.error(
                at.key("max_retries"),
                format!("{} retries is out of range", job.max_retries),
                Some("allowed: 0 to 10 retries".to_string()),
            );
        }
        if let Some(delay) = job.notify_delay_minutes
            && !(1..=job.timeout_minutes.max(1)).contains(&delay)
        {
            self.error(
                at.key("notify_delay_minutes"),
                format!("a delay notification after {delay} minutes never fires before the {}-minute timeout", job.timeout_minutes),
                Some("choose 1 minute up to the timeout".to_string()),
            );
        }
    }

    fn job_arguments(&mut self, at: &FieldPath, job: &Job) {
        for name in job.arguments.keys() {
            let path = at.key("arguments").key(name);
            let shown = printable(name);
            if !name.starts_with("--") || name.len() < 3 {
                self.error(
                    path,
                    format!("argument `{shown}` does not start with `--`"),
                    Some(
                        "Glue passes default arguments as `--name value`; write `--name`"
                            .to_string(),
                    ),
                );
            } else if job_arguments::OWNED.contains(&name.as_str()) {
                self.error(
                    path,
                    format!("argument `{shown}` is set by lakectl"),
                    Some(owned_help(name).to_string()),
                );
            } else if credentials::names_a_secret(name) {
                self.guardrail(
                    path,
                    format!("argument `{shown}` looks like a credential; job arguments are readable by anyone who can read the job"),
                    "keep the secret in AWS Secrets Manager and pass its name; the job's role reads it at run time",
                    ids::SEC_SENSITIVE,
                );
            }
        }
    }
}

fn owned_help(name: &str) -> &'static str {
    match name {
        job_arguments::BOOKMARKS => "use the job's `bookmarks` field",
        job_arguments::LANGUAGE => "the script's extension selects the language",
        job_arguments::TEMP_DIR => {
            "jobs stage temporary files in the lake's encrypted scripts bucket"
        }
        job_arguments::AUTO_SCALING => {
            "jobs always auto scale up to `workers` (ANALYTICS_COST 01); lower `workers` to cap them"
        }
        _ => "metrics and continuous logging are always on (ANALYTICS_OPS 03)",
    }
}
