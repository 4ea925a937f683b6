//! LK-GLUE-014: Glue job scripts sit in versioned buckets.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::arn::s3_parts;
use crate::model::naming::SCRIPTS;
use crate::model::{Model, Prop, Versioning};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-014",
    name: "job-script-bucket-not-versioned",
    title: "Glue job scripts sit in versioned buckets",
    severity: Severity::Low,
    service: Service::Glue,
    lens: &[ids::OPS_EVOLVE],
    rationale: "The lens asks for configuration artifacts, job scripts among them, to be kept versioned in S3 so that a change can be traced and rolled back. A job runs whatever object its script location names when it starts: in an unversioned bucket an overwrite or delete (a bad release, a mistaken sync) loses the script that ran before, and nothing shows what changed.",
    remediation: "Declare the job in `jobs[]`: lakectl uploads its script to the lake's versioned scripts bucket (noncurrent versions kept 90 days). For a job managed elsewhere, enable versioning on the bucket its `ScriptLocation` names, or move the script to a versioned bucket and update the job.",
    blueprint_field: Some("jobs[].script"),
    scopes: Scopes {
        static_: "Passes by construction: every job's script goes to the lake's scripts bucket, which is versioned.",
        blueprint: "Each deployed job's script location names a bucket of the lake whose versioning is Enabled.",
        account: "Each job's script location names a bucket of the audited region whose versioning is Enabled; a bucket outside the inventory (another account or region) is unknown.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for job in &model.catalog.jobs {
        let resource = Resource::job(&model.lake, job);
        let bucket_name = match (&job.script_location, out.scope()) {
            (Prop::Known(location), _) => match s3_parts(location) {
                Some((bucket, _)) => bucket,
                None => {
                    out.unknown(
                        resource,
                        format!("script location `{location}` is not an S3 URI"),
                    );
                    continue;
                }
            },
            // Before deploy the location carries the script's digest, which a static audit
            // may not have read; the bucket is the lake's scripts bucket all the same.
            (Prop::Unknown(u), Scope::Static) => match model.bucket(SCRIPTS) {
                Some(bucket) => bucket.name.as_str(),
                None => {
                    out.unknown(resource, format!("script location: {}", u.unknown));
                    continue;
                }
            },
            (Prop::Unknown(u), _) => {
                out.unknown(resource, format!("script location: {}", u.unknown));
                continue;
            }
        };
        let Some(bucket) = model.buckets.iter().find(|b| b.name == bucket_name) else {
            out.unknown(
                resource,
                format!("the script's bucket `{bucket_name}` is not among the audited buckets (another account or region)"),
            );
            continue;
        };
        let Some(versioning) = out.known(&resource, "script bucket versioning", &bucket.versioning)
        else {
            continue;
        };
        out.check(resource, *versioning == Versioning::Enabled, || {
            let state = match versioning {
                Versioning::Suspended => "has versioning suspended",
                _ => "has never been versioned",
            };
            format!("the script's bucket `{bucket_name}` {state}: an overwritten script cannot be recovered")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let job = model.catalog.jobs[0].clone();
        let raw = bucket_name("raw");
        let logs = bucket_name("access-logs");
        let with_script = |name: &str, location: Prop<String>| {
            let mut j = job.clone();
            j.name = name.into();
            j.script_location = location;
            j
        };
        model.catalog.jobs = vec![
            with_script("versioned", Prop::Known(format!("s3://{raw}/scripts/a.py"))),
            with_script("never", Prop::Known(format!("s3://{logs}/scripts/b.py"))),
            with_script("elsewhere", Prop::Known("s3://someone-elses/c.py".into())),
            with_script("local", Prop::Known("/tmp/d.py".into())),
            with_script("unread", unknown_prop("glue:GetJobs")),
        ];
        model.buckets[1].versioning = Prop::Known(Versioning::Suspended);
        model.catalog.jobs.push(with_script(
            "suspended",
            Prop::Known(format!("s3://{}/e.py", bucket_name("cleansed"))),
        ));
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "never",
                    &format!(
                        "the script's bucket `{logs}` has never been versioned: an overwritten script cannot be recovered"
                    )
                ),
                unknown(
                    "elsewhere",
                    "the script's bucket `someone-elses` is not among the audited buckets (another account or region)"
                ),
                unknown("local", "script location `/tmp/d.py` is not an S3 URI"),
                unknown("unread", "script location: AccessDenied on glue:GetJobs"),
                fail(
                    "suspended",
                    &format!(
                        "the script's bucket `{}` has versioning suspended: an overwritten script cannot be recovered",
                        bucket_name("cleansed")
                    )
                ),
            ]
        );
    }

    #[test]
    fn the_compiled_lakes_pass() {
        let model = crate::compile::testing::retail(Some(ACCOUNT));
        assert!(!outcomes(&RULE, &model).is_empty());
        assert_eq!(problems(&RULE, &model), vec![]);
    }
}
