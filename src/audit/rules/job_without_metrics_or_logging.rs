//! LK-GLUE-009: Glue ETL jobs publish job metrics and continuous logs to CloudWatch.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, job_arguments as args};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-009",
    name: "job-without-metrics-or-logging",
    title: "Glue jobs publish job metrics and continuous logs to CloudWatch",
    severity: Severity::Low,
    service: Service::Glue,
    lens: &[ids::OPS_MONITOR, ids::PERF_INGEST_MONITOR],
    rationale: "Pipeline health is watched through metrics and logs (ANALYTICS_OPS 03): without job metrics there is nothing to baseline or alarm on, nor any DPU memory and CPU figures to size workers by (ANALYTICS_PERF 04), and without continuous logging a failed run's driver and executor output arrives only after the run ends, if at all.",
    remediation: "Declare the job in `jobs[]` (lakectl always sets both). For a job managed elsewhere, add the default arguments `--enable-metrics true` and `--enable-continuous-cloudwatch-log true`.",
    blueprint_field: Some("jobs[]"),
    scopes: Scopes {
        static_: "Jobs enable job metrics and continuous CloudWatch logging.",
        blueprint: "Deployed jobs enable job metrics and continuous CloudWatch logging.",
        account: "Every job has the default arguments `--enable-metrics` and `--enable-continuous-cloudwatch-log true`; one finding per job names what is off.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for job in &model.catalog.jobs {
        let resource = Resource::job(&model.lake, job);
        let Some(arguments) = out.known(&resource, "default arguments", &job.arguments) else {
            continue;
        };
        let mut off = Vec::new();
        // Glue enables metrics on the argument's presence, whatever its value.
        if !arguments.contains_key(args::METRICS) {
            off.push("job metrics");
        }
        if arguments.get(args::CONTINUOUS_LOGS).map(String::as_str) != Some("true") {
            off.push("continuous logging");
        }
        out.check(resource, off.is_empty(), || {
            format!("{} off", off.join(" and "))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{Job, Prop};

    fn job(name: &str, arguments: &[(&str, &str)]) -> Job {
        let arguments = arguments
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()));
        Job {
            arguments: Prop::Known(arguments.collect()),
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
            job(
                "good",
                &[(args::METRICS, ""), (args::CONTINUOUS_LOGS, "true")],
            ),
            job("quiet", &[]),
            job(
                "unlogged",
                &[(args::METRICS, "true"), (args::CONTINUOUS_LOGS, "false")],
            ),
            Job::unread("hidden"),
        ];
        assert_eq!(
            outcomes(&RULE, &model),
            vec![
                ("good".to_string(), crate::audit::Outcome::Pass),
                fail("quiet", "job metrics and continuous logging off"),
                fail("unlogged", "continuous logging off"),
                unknown("hidden", "default arguments: not read"),
            ]
        );
    }
}
