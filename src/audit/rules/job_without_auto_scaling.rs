//! LK-GLUE-016: Glue Spark jobs auto scale their workers to the work.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, job_arguments as args};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-016",
    name: "job-without-auto-scaling",
    title: "Glue Spark jobs auto scale their workers instead of holding all of them for the whole run",
    severity: Severity::Low,
    service: Service::Glue,
    lens: &[ids::COST_COMPUTE],
    rationale: "ANALYTICS_COST 01 asks for compute that fits the load. A Glue Spark job without auto scaling is billed for every one of its NumberOfWorkers for the whole run, through the stages that use a few of them (reading a small partition, writing one file, the driver's own work). With `--enable-auto-scaling true` (Glue 3.0 and later) Glue adds and removes workers by stage, up to NumberOfWorkers, and bills only those it used. Glue versions before 3.0 cannot auto scale (and are past the end of their support).",
    remediation: "Declare the job in `jobs[]`: lakectl runs Glue 3.0 or later and always sets `--enable-auto-scaling true`, with `workers` as the ceiling (`execution_class: flex` also runs a job that can wait on spare capacity, at a lower price). For a job managed elsewhere, set the default argument `--enable-auto-scaling true`, on Glue 3.0 or later.",
    blueprint_field: Some("jobs[]"),
    scopes: Scopes {
        static_: "Jobs auto scale (lakectl sets `--enable-auto-scaling true` on every job).",
        blueprint: "Deployed jobs have the default argument `--enable-auto-scaling true`.",
        account: "Every job with a G worker type (a Spark job) runs Glue 3.0 or later with the default argument `--enable-auto-scaling true`. Python shell jobs (no worker type) and Ray jobs (Z workers, which always scale) are not judged.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for job in &model.catalog.jobs {
        let resource = Resource::job(&model.lake, job);
        let Some(worker_type) = out.known(&resource, "worker type", &job.worker_type) else {
            continue;
        };
        if !worker_type.as_deref().is_some_and(|w| w.starts_with("G.")) {
            continue;
        }
        let Some(version) = out.known(&resource, "Glue version", &job.glue_version) else {
            continue;
        };
        if !scales(version) {
            let shown = if version.is_empty() { "0.9" } else { version };
            out.fail(
                resource,
                format!(
                    "runs Glue {shown}, on which workers cannot auto scale (Glue 3.0 and later can)"
                ),
            );
            continue;
        }
        let Some(arguments) = out.known(&resource, "default arguments", &job.arguments) else {
            continue;
        };
        let value = arguments.get(args::AUTO_SCALING).map(String::as_str);
        out.check(resource, value == Some("true"), || {
            let setting = match value {
                Some(value) => format!("{} is {value:?}", args::AUTO_SCALING),
                None => format!("has no {} argument", args::AUTO_SCALING),
            };
            format!(
                "{setting}: all {} workers are held for the whole run",
                workers(job)
            )
        });
    }
}

/// Whether a Glue version can auto scale: 3.0 and later. A job created without a version
/// runs Glue 0.9.
fn scales(version: &str) -> bool {
    let major = version.split('.').next().unwrap_or_default();
    major.parse::<u32>().is_ok_and(|major| major >= 3)
}

fn workers(job: &crate::model::Job) -> String {
    match job.workers.known() {
        Some(Some(n)) => n.to_string(),
        _ => "its".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{Job, Prop};

    fn job(version: &str, worker_type: Option<&str>, scaling: Option<&str>) -> Job {
        Job {
            glue_version: Prop::Known(version.into()),
            worker_type: Prop::Known(worker_type.map(str::to_string)),
            workers: Prop::Known(Some(10)),
            arguments: Prop::Known(
                scaling
                    .map(|v| (args::AUTO_SCALING.to_string(), v.to_string()))
                    .into_iter()
                    .collect(),
            ),
            ..Job::unread("j")
        }
    }

    fn judge(job: Job) -> Vec<(String, crate::audit::Outcome)> {
        let mut model = compliant_model();
        model.catalog.jobs = vec![job];
        outcomes(&RULE, &model)
    }

    #[test]
    fn the_compliant_model_passes() {
        let model = compliant_model();
        assert_eq!(
            outcomes(&RULE, &model),
            vec![(
                model.catalog.jobs[0].name.clone(),
                crate::audit::Outcome::Pass
            )]
        );
    }

    #[test]
    fn spark_jobs_pass_only_with_auto_scaling_on_glue_3_or_later() {
        assert_eq!(
            judge(job("5.0", Some("G.1X"), Some("true"))),
            vec![("j".to_string(), crate::audit::Outcome::Pass)]
        );
        assert_eq!(
            judge(job("4.0", Some("G.2X"), None)),
            vec![fail(
                "j",
                "has no --enable-auto-scaling argument: all 10 workers are held for the whole run"
            )]
        );
        assert_eq!(
            judge(job("3.0", Some("G.1X"), Some("false"))),
            vec![fail(
                "j",
                "--enable-auto-scaling is \"false\": all 10 workers are held for the whole run"
            )]
        );
        assert_eq!(
            judge(job("2.0", Some("G.1X"), Some("true"))),
            vec![fail(
                "j",
                "runs Glue 2.0, on which workers cannot auto scale (Glue 3.0 and later can)"
            )]
        );
        assert_eq!(
            judge(job("", Some("G.1X"), None)),
            vec![fail(
                "j",
                "runs Glue 0.9, on which workers cannot auto scale (Glue 3.0 and later can)"
            )]
        );
    }

    #[test]
    fn python_shell_and_ray_jobs_are_not_judged() {
        assert_eq!(judge(job("3.0", None, None)), vec![]);
        assert_eq!(judge(job("4.0", Some("Z.2X"), None)), vec![]);
    }

    #[test]
    fn unread_settings_are_unknown() {
        assert_eq!(
            judge(Job::unread("j")),
            vec![unknown("j", "worker type: not read")]
        );
        let mut j = job("4.0", Some("G.1X"), None);
        j.arguments = unknown_prop("glue:GetJobs");
        assert_eq!(
            judge(j),
            vec![unknown(
                "j",
                "default arguments: AccessDenied on glue:GetJobs"
            )]
        );
    }
}
