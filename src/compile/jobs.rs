//! Glue ETL jobs and the scripts bucket they run from.

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::{self as bp, FieldPath};
use crate::model::job_arguments as args;
use crate::model::naming::{self, SCRIPTS, logical_id};
use crate::model::policies::{self, RoleNeeds};
use crate::model::*;
use crate::scripts;

/// Where jobs stage temporary files in the scripts bucket.
const TEMPORARY: &str = "temporary/";

impl Compiler<'_> {
    fn scripts_bucket_name(&self) -> String {
        naming::bucket_name(self.lake.scope(), SCRIPTS, &self.lake.account)
    }

    /// Jobs of the blueprint, each with the lake's security configuration.
    pub(super) fn jobs(&self, security_configuration: &str) -> Vec<Job> {
        let at = FieldPath::root().key("jobs");
        (self.bp.jobs.iter().enumerate())
            .map(|(i, j)| {
                let job = self.job(j, security_configuration);
                let ids = vec![job.logical_id.clone()];
                self.record(Origin::new(at.index(i).key("name"), &job.name, ids));
                job
            })
            .collect()
    }

    fn job(&self, j: &bp::Job, security_configuration: &str) -> Job {
        let bucket = self.scripts_bucket_name();
        let script = self.scripts.get(&j.script);
        let mut arguments: Tags = j.arguments.clone();
        let bookmarks = if j.bookmarks {
            args::BOOKMARKS_ON
        } else {
            args::BOOKMARKS_OFF
        };
        for (name, value) in [
            (args::BOOKMARKS, bookmarks.to_string()),
            (args::METRICS, "true".to_string()),
            (args::CONTINUOUS_LOGS, "true".to_string()),
            // Every Glue version a blueprint accepts (3.0 and later) auto scales.
            (args::AUTO_SCALING, "true".to_string()),
            (args::LANGUAGE, scripts::language(&j.script).to_string()),
            (args::TEMP_DIR, format!("s3://{bucket}/{TEMPORARY}")),
        ] {
            arguments.insert(name.to_string(), value);
        }
        Job {
            name: self.prefixed(&j.name),
            logical_id: format!("Job{}", logical_id(&j.name)),
            role: self.prefixed(&j.role),
            script_location: match script {
                Some(s) => Prop::Known(format!("s3://{bucket}/{}", s.key())),
                None => Prop::unknown(format!("script `{}` not read", j.script)),
            },
            script_source: script.map(|s| s.path.clone()),
            glue_version: Prop::Known(j.glue_version.clone()),
            worker_type: Prop::Known(Some(j.worker_type.name().to_string())),
            workers: Prop::Known(Some(j.workers)),
            execution_class: Prop::Known(j.execution_class),
            timeout_minutes: Prop::Known(Some(j.timeout_minutes)),
            max_retries: Prop::Known(j.max_retries),
            notify_delay_minutes: Prop::Known(Some(
                j.notify_delay_minutes
                    .unwrap_or((j.timeout_minutes / 2).max(1)),
            )),
            arguments: Prop::Known(arguments),
            security_configuration: Prop::Known(Some(security_configuration.to_string())),
            tags: self.tags(),
        }
    }

    /// A job reads its script and stages temporary files in the scripts bucket; the zones it
    /// reads and writes are its role's own `reads` and `writes`.
    pub(super) fn job_needs(&self, n: &mut RoleNeeds) {
        let bucket = self.scripts_bucket_name();
        n.reads.insert((bucket.clone(), "scripts/".to_string()));
        n.reads.insert((bucket.clone(), TEMPORARY.to_string()));
        n.writes.insert((bucket, TEMPORARY.to_string()));
        let platform = self.alias(self.platform_key());
        n.s3_keys.insert(platform.clone());
        n.service_keys.insert(platform);
    }

    /// The scripts bucket, when the lake has jobs: versioned (a script's history is the job's),
    /// encrypted with the platform key, TLS-only like every lake bucket.
    pub(super) fn scripts_bucket(&self, logs: &str) -> Option<Bucket> {
        if self.bp.jobs.is_empty() {
            return None;
        }
        let platform = self.platform_key();
        let bucket = Bucket {
            id: SCRIPTS.to_string(),
            logical_id: "BucketScripts".to_string(),
            purpose: BucketPurpose::Scripts,
            name: self.scripts_bucket_name(),
            versioning: Prop::Known(Versioning::Enabled),
            lifecycle: Prop::Known(vec![LifecycleRule {
                id: "expire-temporary-and-old-scripts".to_string(),
                enabled: true,
                prefix: String::new(),
                transitions: Vec::new(),
                expiration_days: None,
                noncurrent_expiration_days: Some(90),
                abort_incomplete_multipart_days: Some(1),
            }]),
            logging: Prop::Known(Some(BucketLogging {
                target_bucket: logs.to_string(),
                target_prefix: format!("{SCRIPTS}/"),
            })),
            ..self.kms_bucket(platform)
        };
        let key = naming::key_logical_id(platform);
        let policy = policies::data_bucket_policy(&self.lake, &bucket, &key);
        Some(self.with_policy(bucket, policy, FieldPath::root().key("jobs")))
    }
}
