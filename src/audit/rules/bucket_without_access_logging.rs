//! LK-S3-010: every lake bucket but the log bucket sends server access logs to the log bucket.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::{BucketPurpose, Model};

pub static RULE: Rule = Rule {
    id: "LK-S3-010",
    name: "bucket-without-access-logging",
    title: "Lake buckets send S3 server access logs to the lake's access-log bucket",
    severity: Severity::Medium,
    service: Service::S3,
    lens: &[ids::SEC_LOGS],
    rationale: "Server access logs record every request to the bucket, including the ones CloudTrail data events do not sample, and are what an investigation needs to tell who read which object. Logging into the lake's own log bucket keeps them under the lake's retention (`access_logs.retention_days`).",
    remediation: "Enable server access logging with the access-log bucket as target and a prefix per bucket, then redeploy with `lakectl deploy`; lakectl sets it for every bucket except the log bucket itself.",
    blueprint_field: Some("access_logs.retention_days"),
    scopes: Scopes {
        static_: "Every bucket but the log bucket logs to the lake's access-log bucket.",
        blueprint: "Deployed buckets log to the lake's access-log bucket.",
        account: "Every bucket but access-log buckets has server access logging on, to any bucket.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    // An account may have many log buckets and no "lake's" one: any target will do there.
    let log_bucket = model
        .buckets
        .iter()
        .filter(|_| out.scope() != Scope::Account)
        .find(|b| b.purpose == BucketPurpose::AccessLogs)
        .map(|b| b.name.as_str());
    for bucket in &model.buckets {
        if bucket.purpose == BucketPurpose::AccessLogs {
            continue;
        }
        let resource = Resource::bucket(&model.lake, bucket);
        let Some(logging) = out.known(&resource, "access logging", &bucket.logging) else {
            continue;
        };
        match (logging, log_bucket) {
            (None, _) => out.fail(resource, "server access logging is off"),
            (Some(logging), Some(expected)) if logging.target_bucket != expected => out.fail(
                resource,
                format!(
                    "access logs go to `{}`, not the lake's log bucket `{expected}`",
                    logging.target_bucket
                ),
            ),
            (Some(_), _) => out.pass(resource),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{BucketLogging, Prop};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(
            outcomes(&RULE, &model).len(),
            4,
            "every bucket but the log bucket"
        );
        assert_eq!(problems(&RULE, &model), vec![]);
        model.buckets[0].logging = Prop::Known(None);
        model.buckets[1].logging = Prop::Known(Some(BucketLogging {
            target_bucket: "elsewhere".into(),
            target_prefix: String::new(),
        }));
        model.buckets[2].logging = unknown_prop("s3:GetBucketLogging");
        let log_bucket = bucket_name("access-logs");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail("raw", "server access logging is off"),
                fail(
                    "cleansed",
                    &format!(
                        "access logs go to `elsewhere`, not the lake's log bucket `{log_bucket}`"
                    )
                ),
                unknown(
                    "curated",
                    "access logging: AccessDenied on s3:GetBucketLogging"
                ),
            ]
        );
    }
}
