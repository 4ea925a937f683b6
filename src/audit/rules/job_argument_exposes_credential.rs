//! LK-GLUE-011: Glue job default arguments carry no credentials.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::credentials::{holds_access_key_id, names_a_secret};
use crate::model::{Model, Tags};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-011",
    name: "job-argument-exposes-credential",
    title: "Glue job default arguments carry no passwords, tokens, API keys or access key ids",
    severity: Severity::High,
    service: Service::Glue,
    lens: &[ids::SEC_INCIDENTS, ids::OPS_EVOLVE],
    rationale: "A job's default arguments are returned in plain text by GetJob and GetJobs to anyone who may read the job, are copied into every run's arguments, and end up in consoles, exports and templates. A credential there cannot be rotated without editing the job and leaks to every reader; Secrets Manager keeps it encrypted, access-controlled, audited and rotatable. The rule flags argument names that say password, secret, token or API key, except references ending in `-id`, `-name` or `-arn` such as `--db-secret-id` (the same names blueprint validation refuses) and values holding an AWS access key id (`AKIA`/`ASIA` and 16 letters or digits); the finding names the argument, never its value.",
    remediation: "Store the credential in AWS Secrets Manager, pass the secret's name in a non-secret argument, and let the job's role read it at run time (grant `secretsmanager:GetSecretValue` on that secret); for AWS access, use the job's role instead of keys. Remove the argument from the job (lakectl's `jobs[].arguments` refuses such names), then rotate the exposed credential.",
    blueprint_field: Some("jobs[].arguments"),
    scopes: Scopes {
        static_: "Passes by construction for names: validation refuses `jobs[].arguments` whose names say password, secret, token or API key; a value holding an access key id still fails.",
        blueprint: "The deployed jobs' default arguments are checked by name and value.",
        account: "Every Glue job's default arguments (GetJobs) are checked by name and value, whoever created the job.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for job in &model.catalog.jobs {
        let resource = Resource::job(&model.lake, job);
        let Some(arguments) = out.known(&resource, "default arguments", &job.arguments) else {
            continue;
        };
        let problems = credentials_in(arguments);
        out.check(resource, problems.is_empty(), || problems.join("; "));
    }
}

/// One line per offending argument, naming it and never showing its value.
fn credentials_in(arguments: &Tags) -> Vec<String> {
    (arguments.iter())
        .filter_map(|(name, value)| {
            if names_a_secret(name) {
                Some(format!("argument `{name}` is named as a credential"))
            } else if holds_access_key_id(value) {
                Some(format!("argument `{name}` holds an AWS access key id"))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);

        let Prop::Known(arguments) = &mut model.catalog.jobs[0].arguments else {
            unreachable!()
        };
        arguments.insert("--db-password".into(), "hunter2".into());
        arguments.insert("--source".into(), "AKIAIOSFODNN7EXAMPLE".into());
        let name = model.catalog.jobs[0].name.clone();
        let found = problems(&RULE, &model);
        assert_eq!(
            found,
            vec![fail(
                &name,
                "argument `--db-password` is named as a credential; argument `--source` holds an AWS access key id"
            )]
        );
        let shown = format!("{found:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("AKIAIOSFODNN7EXAMPLE"));

        model.catalog.jobs[0].arguments = unknown_prop("glue:GetJobs");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &name,
                "default arguments: AccessDenied on glue:GetJobs"
            )]
        );
    }
}
