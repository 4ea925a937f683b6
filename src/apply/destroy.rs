//! Tear-down of a test lake, in reverse dependency order. Only resources the blueprint names
//! and the inventory found are touched. Data is protected twice: a bucket with objects is
//! refused unless `force` (then emptied, every version), and keys are never deleted, only
//! scheduled for deletion after the 7-day minimum (cancel with `aws kms cancel-key-deletion`).
//! The delivery streams' error log groups are kept unless `force`: they are the record of what
//! failed to land.

use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use futures::future::join_all;

use super::errors::{self, CallContext};
use crate::aws::Aws;
use crate::model::{BucketPurpose, Model};

/// The shortest waiting period KMS allows.
pub const KEY_DELETION_DAYS: i32 = 7;

/// What was deleted, one line per resource.
pub async fn destroy(
    aws: &Aws,
    desired: &Model,
    live: &Model,
    force: bool,
) -> anyhow::Result<Vec<String>> {
    let mut done = Vec::new();
    let mut full = Vec::new();
    for b in &live.buckets {
        if !is_empty(aws, &b.name).await? {
            full.push(b.name.clone());
        }
    }
    if !full.is_empty() && !force {
        anyhow::bail!(
            "refusing to destroy: these buckets hold data: {}; empty them yourself or pass --force to delete every object version",
            full.join(", ")
        );
    }
    consumers(aws, desired, live, &mut done).await?;
    log_groups(aws, live, force, &mut done).await?;
    lake_formation(aws, desired, live, &mut done).await?;
    catalog(aws, live, &mut done).await?;
    streams_and_roles(aws, live, &mut done).await?;
    buckets(aws, live, &full, &mut done).await?;
    keys(aws, live, &mut done).await?;
    Ok(done)
}

/// What reads from the lake: its alarms, the rules that start workflows, the lake's trail, workflows (their triggers first,
/// so nothing starts a step being deleted), delivery streams, crawlers and the blueprint's jobs (the inventory also reports
/// other jobs that run as the lake's roles; they are not ours).
async fn consumers(
    aws: &Aws,
    desired: &Model,
    live: &Model,
    done: &mut Vec<String>,
) -> anyhow::Result<()> {
    alarms(aws, live, done).await?;
    event_rules(aws, live, done).await?;
    trail(aws, live, done).await?;
    workflows(aws, live, done).await?;
    let results = join_all(live.delivery_streams.iter().map(|d| async move {
        ignore_missing(
            aws.firehose
                .delete_delivery_stream()
                .delivery_stream_name(&d.name)
                .send()
                .await,
            "firehose:DeleteDeliveryStream",
            &d.name,
        )
        .map(|_| format!("deleted delivery stream {}", d.name))
    }))
    .await;
    collect(done, results)?;
    let results = join_all(live.catalog.crawlers.iter().map(|c| async move {
        ignore_missing(
            aws.glue.delete_crawler().name(&c.name).send().await,
            "glue:DeleteCrawler",
            &c.name,
        )
        .map(|_| format!("deleted crawler {}", c.name))
    }))
    .await;
    collect(done, results)?;
    let ours = |name: &str| desired.catalog.jobs.iter().any(|j| j.name == name);
    let jobs = live.catalog.jobs.iter().filter(|j| ours(&j.name));
    let results = join_all(jobs.map(|j| async move {
        ignore_missing(
            aws.glue.delete_job().job_name(&j.name).send().await,
            "glue:DeleteJob",
            &j.name,
        )
        .map(|_| format!("deleted job {}", j.name))
    }))
    .await;
    collect(done, results)?;
    Ok(())
}

/// The rules that start workflows: their targets first (EventBridge refuses to delete a rule
/// that has any).
async fn event_rules(aws: &Aws, live: &Model, done: &mut Vec<String>) -> anyhow::Result<()> {
    for r in &live.event_rules {
        let ids: Vec<String> = (r.targets.known().into_iter().flatten())
            .map(|t| t.id.clone())
            .collect();
        if !ids.is_empty() {
            let out = (aws.eventbridge.remove_targets().rule(&r.name))
                .set_ids(Some(ids))
                .send()
                .await;
            ignore_missing(out, "events:RemoveTargets", &r.name)?;
        }
        let out = aws.eventbridge.delete_rule().name(&r.name).send().await;
        ignore_missing(out, "events:DeleteRule", &r.name)?;
        done.push(format!(
            "deleted eventbridge rule {} and its targets",
            r.name
        ));
    }
    Ok(())
}

/// The error log groups, once nothing writes to them; without `force` they are kept, and a
/// later deploy adopts them.
async fn log_groups(
    aws: &Aws,
    live: &Model,
    force: bool,
    done: &mut Vec<String>,
) -> anyhow::Result<()> {
    for g in &live.log_groups {
        if !force {
            done.push(format!(
                "kept cloudwatch log group {} (its error logs; --force deletes it)",
                g.name
            ));
            continue;
        }
        let out = aws
            .logs
            .delete_log_group()
            .log_group_name(&g.name)
            .send()
            .await;
        ignore_missing(out, "logs:DeleteLogGroup", &g.name)?;
        done.push(format!("deleted cloudwatch log group {}", g.name));
    }
    Ok(())
}

/// The lake's alarms, in DeleteAlarms' batches of at most 100 names.
async fn alarms(aws: &Aws, live: &Model, done: &mut Vec<String>) -> anyhow::Result<()> {
    let names: Vec<String> = live.alarms.iter().map(|a| a.name.clone()).collect();
    for batch in names.chunks(100) {
        let out = (aws.cloudwatch.delete_alarms())
            .set_alarm_names(Some(batch.to_vec()))
            .send()
            .await;
        ignore_missing(out, "cloudwatch:DeleteAlarms", &batch.join(", "))?;
        done.extend(
            batch
                .iter()
                .map(|name| format!("deleted cloudwatch alarm {name}")),
        );
    }
    Ok(())
}

/// The lake's trail; its log files stay in the log bucket (only `--force` empties buckets).
async fn trail(aws: &Aws, live: &Model, done: &mut Vec<String>) -> anyhow::Result<()> {
    if let Some(t) = &live.trail {
        let out = aws.cloudtrail.delete_trail().name(&t.name).send().await;
        ignore_missing(out, "cloudtrail:DeleteTrail", &t.name)?;
        done.push(format!("deleted cloudtrail trail {}", t.name));
    }
    Ok(())
}

async fn workflows(aws: &Aws, live: &Model, done: &mut Vec<String>) -> anyhow::Result<()> {
    for w in &live.catalog.workflows {
        for t in w.triggers.known().into_iter().flatten() {
            let out = aws.glue.delete_trigger().name(&t.name).send().await;
            ignore_missing(out, "glue:DeleteTrigger", &t.name)?;
        }
        let out = aws.glue.delete_workflow().name(&w.name).send().await;
        ignore_missing(out, "glue:DeleteWorkflow", &w.name)?;
        done.push(format!("deleted workflow {} and its triggers", w.name));
    }
    Ok(())
}

async fn catalog(aws: &Aws, live: &Model, done: &mut Vec<String>) -> anyhow::Result<()> {
    for t in &live.catalog.tables {
        ignore_missing(
            aws.glue
                .delete_table()
                .database_name(&t.database)
                .name(&t.name)
                .send()
                .await,
            "glue:DeleteTable",
            &t.name,
        )?;
        done.push(format!("deleted table {}.{}", t.database, t.name));
    }
    for d in &live.catalog.databases {
        ignore_missing(
            aws.glue.delete_database().name(&d.name).send().await,
            "glue:DeleteDatabase",
            &d.name,
        )?;
        done.push(format!("deleted database {}", d.name));
    }
    for s in &live.catalog.security_configurations {
        ignore_missing(
            aws.glue
                .delete_security_configuration()
                .name(&s.name)
                .send()
                .await,
            "glue:DeleteSecurityConfiguration",
            &s.name,
        )?;
        done.push(format!("deleted security configuration {}", s.name));
    }
    for w in &live.workgroups {
        ignore_missing(
            aws.athena
                .delete_work_group()
                .work_group(&w.name)
                .recursive_delete_option(true)
                .send()
                .await,
            "athena:DeleteWorkGroup",
            &w.name,
        )?;
        done.push(format!("deleted work group {}", w.name));
    }
    Ok(())
}

async fn streams_and_roles(aws: &Aws, live: &Model, done: &mut Vec<String>) -> anyhow::Result<()> {
    let results = join_all(live.streams.iter().map(|s| async move {
        delete_stream(aws, &s.name)
            .await
            .map(|_| format!("deleted stream {}", s.name))
    }))
    .await;
    collect(done, results)?;
    for r in &live.roles {
        delete_role(aws, &r.name).await?;
        done.push(format!("deleted role {}", r.name));
    }
    Ok(())
}

async fn buckets(
    aws: &Aws,
    live: &Model,
    full: &[String],
    done: &mut Vec<String>,
) -> anyhow::Result<()> {
    // The access-log bucket last: the others log into it until they are gone.
    let mut buckets: Vec<_> = live.buckets.iter().collect();
    buckets.sort_by_key(|b| b.purpose == BucketPurpose::AccessLogs);
    for b in buckets {
        if full.contains(&b.name) {
            let objects = empty(aws, &b.name).await?;
            done.push(format!(
                "emptied bucket {} ({objects} object versions)",
                b.name
            ));
        }
        ignore_missing(
            aws.s3.delete_bucket().bucket(&b.name).send().await,
            "s3:DeleteBucket",
            &b.name,
        )?;
        done.push(format!("deleted bucket {}", b.name));
    }
    Ok(())
}

/// Keys are never deleted outright: scheduled for deletion after the shortest wait.
async fn keys(aws: &Aws, live: &Model, done: &mut Vec<String>) -> anyhow::Result<()> {
    for k in &live.keys {
        ignore_missing(
            aws.kms.delete_alias().alias_name(&k.alias).send().await,
            "kms:DeleteAlias",
            &k.alias,
        )?;
        if let Some(arn) = &k.arn {
            let result = aws
                .kms
                .schedule_key_deletion()
                .key_id(arn)
                .pending_window_in_days(KEY_DELETION_DAYS)
                .send()
                .await;
            match result {
                Ok(_) => {}
                // Already pending deletion.
                Err(e) if errors::is(&e, &["KMSInvalidStateException"]) => {}
                Err(e) => return Err(errors::describe("kms:ScheduleKeyDeletion", arn, &e)),
            }
        }
        done.push(format!(
            "scheduled key {} for deletion in {KEY_DELETION_DAYS} days",
            k.alias
        ));
    }
    Ok(())
}

/// Kinesis refuses to delete a stream that is still CREATING or UPDATING (a deploy may have
/// just started its encryption), so wait for it the way deploy waits for ACTIVE.
async fn delete_stream(aws: &Aws, name: &str) -> anyhow::Result<()> {
    let mut attempt = 0;
    loop {
        let result = aws
            .kinesis
            .delete_stream()
            .stream_name(name)
            .enforce_consumer_deletion(true)
            .send()
            .await;
        let in_use = matches!(&result, Err(e) if aws_smithy_types::error::metadata::ProvideErrorMetadata::code(e) == Some("ResourceInUseException"));
        if !in_use || attempt >= 70 {
            return ignore_missing(result, "kinesis:DeleteStream", name);
        }
        super::pause(attempt).await;
        attempt += 1;
    }
}

fn collect(done: &mut Vec<String>, results: Vec<anyhow::Result<String>>) -> anyhow::Result<()> {
    for r in results {
        done.push(r?);
    }
    Ok(())
}

/// Deleting what is already gone is success: destroy can be run again after an interruption.
fn ignore_missing<T, E, R>(
    result: Result<T, aws_smithy_runtime_api::client::result::SdkError<E, R>>,
    action: &str,
    resource: &str,
) -> anyhow::Result<()>
where
    E: std::error::Error
        + aws_smithy_types::error::metadata::ProvideErrorMetadata
        + Send
        + Sync
        + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match result {
        Ok(_) => Ok(()),
        Err(e)
            if errors::is(
                &e,
                &[
                    "NoSuchEntity",
                    "NoSuchBucket",
                    "ResourceNotFoundException",
                    "EntityNotFoundException",
                    "NotFoundException",
                    "NotFound",
                ],
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(errors::describe(action, resource, &e)),
    }
}

async fn lake_formation(
    aws: &Aws,
    desired: &Model,
    live: &Model,
    done: &mut Vec<String>,
) -> anyhow::Result<()> {
    let lf = &aws.lakeformation;
    let have = live
        .lake_formation
        .grants
        .known()
        .cloned()
        .unwrap_or_default();
    for g in desired.lake_formation.grants.known().into_iter().flatten() {
        if !have.contains(g) {
            continue;
        }
        let principal = aws_sdk_lakeformation::types::DataLakePrincipal::builder()
            .data_lake_principal_identifier(&g.principal)
            .build();
        let resource = super::lakeformation::resource(g)?;
        let permissions = g
            .permissions
            .iter()
            .map(|p| aws_sdk_lakeformation::types::Permission::from(p.as_str()))
            .collect();
        lf.revoke_permissions()
            .principal(principal)
            .resource(resource)
            .set_permissions(Some(permissions))
            .send()
            .await
            .call("lakeformation:RevokePermissions", &g.principal)?;
        done.push(format!(
            "revoked {} from {}",
            g.permissions.join(","),
            g.principal
        ));
    }
    let registered = live
        .lake_formation
        .registered_locations
        .known()
        .cloned()
        .unwrap_or_default();
    for arn in desired
        .lake_formation
        .registered_locations
        .known()
        .into_iter()
        .flatten()
    {
        if registered.contains(arn) {
            ignore_missing(
                lf.deregister_resource().resource_arn(arn).send().await,
                "lakeformation:DeregisterResource",
                arn,
            )?;
            done.push(format!("deregistered {arn}"));
        }
    }
    Ok(())
}

async fn delete_role(aws: &Aws, name: &str) -> anyhow::Result<()> {
    let iam = &aws.iam;
    let inline = iam
        .list_role_policies()
        .role_name(name)
        .send()
        .await
        .call("iam:ListRolePolicies", name)?;
    for policy in inline.policy_names() {
        iam.delete_role_policy()
            .role_name(name)
            .policy_name(policy)
            .send()
            .await
            .call("iam:DeleteRolePolicy", name)?;
    }
    let attached = iam
        .list_attached_role_policies()
        .role_name(name)
        .send()
        .await
        .call("iam:ListAttachedRolePolicies", name)?;
    for policy in attached.attached_policies() {
        if let Some(arn) = policy.policy_arn() {
            iam.detach_role_policy()
                .role_name(name)
                .policy_arn(arn)
                .send()
                .await
                .call("iam:DetachRolePolicy", name)?;
        }
    }
    ignore_missing(
        iam.delete_role().role_name(name).send().await,
        "iam:DeleteRole",
        name,
    )
}

async fn is_empty(aws: &Aws, bucket: &str) -> anyhow::Result<bool> {
    let out = aws
        .s3
        .list_object_versions()
        .bucket(bucket)
        .max_keys(1)
        .send()
        .await
        .call("s3:ListObjectVersions", bucket)?;
    Ok(out.versions().is_empty() && out.delete_markers().is_empty())
}

/// Deletes every object version and delete marker; returns how many.
async fn empty(aws: &Aws, bucket: &str) -> anyhow::Result<usize> {
    let mut deleted = 0;
    loop {
        let page = aws
            .s3
            .list_object_versions()
            .bucket(bucket)
            .send()
            .await
            .call("s3:ListObjectVersions", bucket)?;
        let ids: Vec<ObjectIdentifier> = page
            .versions()
            .iter()
            .map(|v| (v.key(), v.version_id()))
            .chain(
                page.delete_markers()
                    .iter()
                    .map(|m| (m.key(), m.version_id())),
            )
            .filter_map(|(key, version)| {
                ObjectIdentifier::builder()
                    .set_key(key.map(str::to_string))
                    .set_version_id(version.map(str::to_string))
                    .build()
                    .ok()
            })
            .collect();
        if ids.is_empty() {
            return Ok(deleted);
        }
        deleted += ids.len();
        aws.s3
            .delete_objects()
            .bucket(bucket)
            .delete(
                Delete::builder()
                    .set_objects(Some(ids))
                    .quiet(true)
                    .build()?,
            )
            .send()
            .await
            .call("s3:DeleteObjects", bucket)?;
    }
}
