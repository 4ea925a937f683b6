//! The delivery streams' error log groups: CreateLogGroup (with its key and tags), then
//! PutRetentionPolicy and CreateLogStream, each of which a retried deploy can repeat (a group
//! or stream found there already is ours). Later changes go through PutRetentionPolicy or
//! DeleteRetentionPolicy, AssociateKmsKey or DisassociateKmsKey, CreateLogStream and
//! TagResource. Streams are only ever added: one lakectl no longer needs may hold logs. The
//! key's policy comes first (apply's order): CloudWatch Logs checks it when given the key.

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find};
use crate::model::property::LogGroupProperty as P;
use crate::model::{Kind, LakeLogGroup};
use crate::plan::{Action, ResourceChange};

/// Every log group property is written by the group's own step.
pub fn writer(p: P) -> Writer {
    match p {
        P::Retention | P::Key | P::Streams | P::Tags => {
            Writer::Step(Step::Resource(Kind::LogGroup))
        }
    }
}

pub async fn log_group(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.log_groups, &rc.name, |g| g.name.as_str())?;
    let creating = rc.action == Action::Create;
    let mut done = Vec::new();
    if creating {
        create(a, d).await?;
        done.push(Applied::created());
    }
    if creating || rc.writes(P::Retention) {
        retention(a, d).await?;
        if !creating {
            done.push(Applied::updated(P::Retention, "retention set"));
        }
    }
    if !creating && rc.writes(P::Key) {
        key(a, d).await?;
        done.push(Applied::updated(P::Key, "key set"));
    }
    if creating || rc.writes(P::Streams) {
        streams(a, d).await?;
        if !creating {
            done.push(Applied::updated(P::Streams, "log streams created"));
        }
    }
    if !creating && rc.writes(P::Tags) {
        (a.aws.logs.tag_resource())
            .resource_arn(a.arns().log_group(&d.name))
            .set_tags(Some(a.desired.lake.tags.clone().into_iter().collect()))
            .send()
            .await
            .call("logs:TagResource", &d.name)?;
        done.push(Applied::updated(P::Tags, "tags updated"));
    }
    Ok(done)
}

fn missing(d: &LakeLogGroup, what: &str) -> anyhow::Error {
    anyhow::anyhow!("log group {} has no {what} in the model", d.name)
}

async fn create(a: &Applier<'_>, d: &LakeLogGroup) -> anyhow::Result<()> {
    let key = d.key.known().ok_or_else(|| missing(d, "key"))?;
    let result = (a.aws.logs.create_log_group().log_group_name(&d.name))
        .set_kms_key_id(a.key_arn_opt(key)?)
        .set_tags(Some(a.desired.lake.tags.clone().into_iter().collect()))
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        // Ours already: a retried create whose first answer was lost.
        Err(e) if errors::already_exists(&e) => Ok(()),
        Err(e) => Err(errors::describe("logs:CreateLogGroup", &d.name, &e)),
    }
}

async fn retention(a: &Applier<'_>, d: &LakeLogGroup) -> anyhow::Result<()> {
    let days = d
        .retention_days
        .known()
        .ok_or_else(|| missing(d, "retention"))?;
    match days {
        Some(days) => {
            (a.aws.logs.put_retention_policy().log_group_name(&d.name))
                .retention_in_days(*days as i32)
                .send()
                .await
                .call("logs:PutRetentionPolicy", &d.name)?;
        }
        None => {
            (a.aws.logs.delete_retention_policy().log_group_name(&d.name))
                .send()
                .await
                .call("logs:DeleteRetentionPolicy", &d.name)?;
        }
    }
    Ok(())
}

async fn key(a: &Applier<'_>, d: &LakeLogGroup) -> anyhow::Result<()> {
    let key = d.key.known().ok_or_else(|| missing(d, "key"))?;
    match a.key_arn_opt(key)? {
        Some(arn) => {
            (a.aws.logs.associate_kms_key().log_group_name(&d.name))
                .kms_key_id(arn)
                .send()
                .await
                .call("logs:AssociateKmsKey", &d.name)?;
        }
        None => {
            (a.aws.logs.disassociate_kms_key().log_group_name(&d.name))
                .send()
                .await
                .call("logs:DisassociateKmsKey", &d.name)?;
        }
    }
    Ok(())
}

async fn streams(a: &Applier<'_>, d: &LakeLogGroup) -> anyhow::Result<()> {
    let streams = d.streams.known().ok_or_else(|| missing(d, "streams"))?;
    for stream in streams {
        let result = (a.aws.logs.create_log_stream())
            .log_group_name(&d.name)
            .log_stream_name(stream)
            .send()
            .await;
        match result {
            Ok(_) => {}
            Err(e) if errors::already_exists(&e) => {}
            Err(e) => {
                let resource = format!("{}:{stream}", d.name);
                return Err(errors::describe("logs:CreateLogStream", &resource, &e));
            }
        }
    }
    Ok(())
}
