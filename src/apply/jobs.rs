//! Glue ETL jobs: the script first, uploaded to the scripts bucket under its content's key
//! (an object already there is the same script, so it is not uploaded again), then the job,
//! created or updated whole (Glue's UpdateJob replaces every setting), then its tags.

use aws_sdk_glue::types::{
    ExecutionClass as GlueClass, JobCommand, JobUpdate, NotificationProperty, WorkerType,
};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find};
use crate::model::arn::{Arns, s3_parts};
use crate::model::naming::SCRIPTS;
use crate::model::property::JobProperty;
use crate::model::{ExecutionClass, Job, KeyRef, Kind, KindProperty, Property};
use crate::plan::{Action, ResourceChange};

/// Every setting goes through one CreateJob or UpdateJob, tags through TagResource.
pub fn writer(p: JobProperty) -> Writer {
    match p {
        JobProperty::Role
        | JobProperty::ScriptLocation
        | JobProperty::GlueVersion
        | JobProperty::WorkerType
        | JobProperty::Workers
        | JobProperty::ExecutionClass
        | JobProperty::TimeoutMinutes
        | JobProperty::MaxRetries
        | JobProperty::NotifyDelayMinutes
        | JobProperty::Arguments
        | JobProperty::SecurityConfiguration
        | JobProperty::Tags => Writer::Step(Step::Resource(Kind::Job)),
    }
}

pub async fn job(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.catalog.jobs, &rc.name, |j| j.name.as_str())?;
    let location = match d.script_location.known() {
        Some(l) => a.resolver().resolve(l),
        None => anyhow::bail!("the script of job `{}` was not read", d.name),
    };
    let creating = rc.action == Action::Create;
    let mut done = Vec::new();
    if creating || rc.writes(JobProperty::ScriptLocation) {
        let uploaded = upload_script(a, d, &location).await?;
        if uploaded && !creating {
            done.push(Applied::updated(
                JobProperty::ScriptLocation,
                "script uploaded",
            ));
        }
    }
    let settings = Settings::of(a, d, &location);
    if creating {
        create(a, d, settings).await?;
        return Ok(vec![Applied::created()]);
    }
    let changed: Vec<Property> = (JobProperty::ALL.iter())
        .filter(|p| **p != JobProperty::Tags && rc.writes(**p))
        .map(|p| (*p).into())
        .collect();
    if !changed.is_empty() {
        let update = settings.update();
        (a.aws.glue.update_job().job_name(&d.name).job_update(update))
            .send()
            .await
            .call("glue:UpdateJob", &d.name)?;
        done.push(Applied::updated_all(changed, "updated"));
    }
    if rc.writes(JobProperty::Tags) {
        let arn = Arns::of(&a.desired.lake).glue_job(&d.name);
        let mut request = a.aws.glue.tag_resource().resource_arn(&arn);
        for (k, v) in d.tags.known().into_iter().flatten() {
            request = request.tags_to_add(k, v);
        }
        request.send().await.call("glue:TagResource", &d.name)?;
        done.push(Applied::updated(JobProperty::Tags, "tags updated"));
    }
    Ok(done)
}

/// Uploads the job's script unless its key already exists; true when it uploaded.
async fn upload_script(a: &Applier<'_>, d: &Job, location: &str) -> anyhow::Result<bool> {
    let (bucket, key) = s3_parts(location).ok_or_else(|| {
        anyhow::anyhow!("job `{}`: `{location}` is not an s3:// location", d.name)
    })?;
    let source = (d.script_source.as_ref())
        .ok_or_else(|| anyhow::anyhow!("job `{}`: no script to upload", d.name))?;
    let s3 = &a.aws.s3;
    match s3.head_object().bucket(bucket).key(key).send().await {
        Ok(_) => return Ok(false),
        Err(e) if errors::is(&e, &["NotFound", "NoSuchKey"]) => {}
        Err(e) => return Err(errors::describe("s3:HeadObject", location, &e)),
    }
    let body = tokio::fs::read(source).await.map_err(|e| {
        anyhow::anyhow!(
            "job `{}`: cannot read its script {}: {e}",
            d.name,
            source.display()
        )
    })?;
    // The bucket policy admits only its own key; name it rather than rely on the default.
    let key_arn = a.key_arn(&scripts_key(a))?;
    (s3.put_object()
        .bucket(bucket)
        .key(key)
        .body(ByteStream::from(body)))
    .server_side_encryption(ServerSideEncryption::AwsKms)
    .set_ssekms_key_id(key_arn)
    .bucket_key_enabled(true)
    .send()
    .await
    .call("s3:PutObject", location)?;
    Ok(true)
}

fn scripts_key(a: &Applier<'_>) -> KeyRef {
    (a.desired.bucket(SCRIPTS))
        .and_then(|b| b.encryption.known())
        .and_then(|e| e.key.clone())
        .unwrap_or(KeyRef::AwsManaged)
}

/// A job's settings as Glue takes them, for CreateJob and UpdateJob alike.
struct Settings {
    role: String,
    command: JobCommand,
    glue_version: Option<String>,
    worker_type: Option<WorkerType>,
    workers: Option<i32>,
    execution_class: GlueClass,
    timeout: Option<i32>,
    max_retries: i32,
    notification: Option<NotificationProperty>,
    arguments: std::collections::HashMap<String, String>,
    security_configuration: Option<String>,
}

impl Settings {
    fn of(a: &Applier<'_>, d: &Job, location: &str) -> Settings {
        let resolver = a.resolver();
        let count = |n: Option<u32>| n.and_then(|n| i32::try_from(n).ok());
        let arguments: std::collections::HashMap<String, String> =
            (d.arguments.known().into_iter().flatten())
                .map(|(k, v)| (k.clone(), resolver.resolve(v)))
                .collect();
        let python = d.runs_python();
        Settings {
            role: a.role_arn(&d.role),
            command: JobCommand::builder()
                .name("glueetl")
                .script_location(location)
                .set_python_version(python.then(|| "3".to_string()))
                .build(),
            glue_version: d.glue_version.known().cloned(),
            worker_type: (d.worker_type.known().cloned().flatten())
                .map(|w| WorkerType::from(w.as_str())),
            workers: count(d.workers.known().copied().flatten()),
            execution_class: match d.execution_class.known() {
                Some(ExecutionClass::Flex) => GlueClass::Flex,
                _ => GlueClass::Standard,
            },
            timeout: count(d.timeout_minutes.known().copied().flatten()),
            max_retries: count(d.max_retries.known().copied()).unwrap_or(0),
            notification: count(d.notify_delay_minutes.known().copied().flatten()).map(|n| {
                NotificationProperty::builder()
                    .notify_delay_after(n)
                    .build()
            }),
            arguments,
            security_configuration: d.security_configuration.known().cloned().flatten(),
        }
    }

    fn update(self) -> JobUpdate {
        JobUpdate::builder()
            .role(self.role)
            .command(self.command)
            .set_glue_version(self.glue_version)
            .set_worker_type(self.worker_type)
            .set_number_of_workers(self.workers)
            .execution_class(self.execution_class)
            .set_timeout(self.timeout)
            .max_retries(self.max_retries)
            .set_notification_property(self.notification)
            .set_default_arguments(Some(self.arguments))
            .set_security_configuration(self.security_configuration)
            .build()
    }
}

async fn create(a: &Applier<'_>, d: &Job, s: Settings) -> anyhow::Result<()> {
    let mut request = (a.aws.glue.create_job().name(&d.name))
        .role(s.role)
        .command(s.command)
        .set_glue_version(s.glue_version)
        .set_worker_type(s.worker_type)
        .set_number_of_workers(s.workers)
        .execution_class(s.execution_class)
        .set_timeout(s.timeout)
        .max_retries(s.max_retries)
        .set_notification_property(s.notification)
        .set_default_arguments(Some(s.arguments))
        .set_security_configuration(s.security_configuration);
    for (k, v) in d.tags.known().into_iter().flatten() {
        request = request.tags(k, v);
    }
    match request.send().await {
        Ok(_) => Ok(()),
        Err(e)
            if errors::is(
                &e,
                &[
                    "AlreadyExistsException",
                    "IdempotentParameterMismatchException",
                ],
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(errors::describe("glue:CreateJob", &d.name, &e)),
    }
}
