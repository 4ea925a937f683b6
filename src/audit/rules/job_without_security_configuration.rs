//! LK-GLUE-004: Glue ETL jobs run with a security configuration that encrypts S3 data,
//! CloudWatch logs and job bookmarks with lake keys.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::check_security_configuration;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-GLUE-004",
    name: "job-without-security-configuration",
    title: "Glue jobs run with a security configuration that encrypts S3 data, logs and bookmarks with customer managed keys",
    severity: Severity::Medium,
    service: Service::Glue,
    lens: &[ids::SEC_AT_REST],
    rationale: "ETL jobs write the cleansed and curated zones, temporary files and job bookmarks. Without a security configuration, that output and the job's logs are encrypted (if at all) outside the lake's keys, and the zone bucket's key deny makes the writes fail or, worse, the job falls back to unprotected temporary locations.",
    remediation: "Declare the job in `jobs[]`: lakectl always runs it with the lake's security configuration. For a job managed elsewhere, set `--security-configuration <lake>-<env>-glue` (the configuration lakectl deploys).",
    blueprint_field: Some("jobs[]"),
    scopes: Scopes {
        static_: "Jobs name a security configuration that encrypts S3 data, CloudWatch logs and job bookmarks with customer managed keys.",
        blueprint: "Deployed jobs name such a security configuration.",
        account: "Every job names a security configuration that exists and encrypts S3 data (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS) with customer managed keys; a configuration that leaves any of the three unencrypted fails.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for job in &model.catalog.jobs {
        let resource = Resource::job(&model.lake, job);
        check_security_configuration(model, out, resource, &job.security_configuration);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{Job, Prop};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(
            outcomes(&RULE, &model),
            vec![("retail-prod-clean".to_string(), crate::audit::Outcome::Pass)],
            "the job lakectl deploys"
        );
        let job = |name: &str, configuration| Job {
            security_configuration: configuration,
            ..Job::unread(name)
        };
        model.catalog.jobs = vec![
            job("good", Prop::Known(Some("retail-prod-glue".into()))),
            job("bare", Prop::Known(None)),
            job("hidden", unknown_prop("glue:GetJob")),
        ];
        assert_eq!(
            outcomes(&RULE, &model),
            vec![
                ("good".to_string(), crate::audit::Outcome::Pass),
                fail("bare", "runs without a security configuration"),
                unknown(
                    "hidden",
                    "security configuration: AccessDenied on glue:GetJob"
                ),
            ]
        );
    }
}
