//! CloudWatch Logs: the region's pipeline log groups, read by name prefix (DescribeLogGroups,
//! 50 a page) once per prefix, serve the audit's view of the account ([`LogGroup`]); the lake's
//! own groups add their streams and tags, which plan compares ([`LakeLogGroup`]).

use std::collections::BTreeSet;

use aws_sdk_cloudwatchlogs::types::LogGroup as Raw;
use futures::future::join_all;

use super::ctx::{Ctx, known};
use crate::aws::{CallError, Service};
use crate::model::logs::PIPELINE_LOG_PREFIXES;
use crate::model::{DeliveryStream, LakeLogGroup, LogGroup, Prop};

/// The groups whose names start with `prefix`.
async fn read_prefix(ctx: &Ctx<'_>, prefix: &str) -> Result<Vec<Raw>, CallError> {
    let resource = format!("log groups {prefix}* of {}", ctx.region);
    let mut groups = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = (ctx.aws.logs.describe_log_groups())
            .log_group_name_prefix(prefix)
            .set_next_token(token.clone())
            .send();
        let out = ctx
            .call(Service::Logs, "DescribeLogGroups", &resource, request)
            .await?;
        groups.extend(out.log_groups().iter().cloned());
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    Ok(groups)
}

/// The log groups under the conventional pipeline prefixes.
pub(super) async fn read(ctx: &Ctx<'_>) -> Result<Vec<Raw>, CallError> {
    let mut groups = Vec::new();
    for prefixed in join_all(PIPELINE_LOG_PREFIXES.map(|p| read_prefix(ctx, p))).await {
        groups.extend(prefixed?);
    }
    Ok(groups)
}

/// Adds the groups delivery streams log to outside those prefixes, each read by its name.
pub(super) async fn add_named(
    ctx: &Ctx<'_>,
    raw: &mut Result<Vec<Raw>, CallError>,
    delivery_streams: &[DeliveryStream],
) {
    let Ok(groups) = raw else { return };
    let elsewhere: BTreeSet<String> = (delivery_streams.iter())
        .filter_map(|d| d.error_logging.known()?.as_ref())
        .map(|l| l.group.clone())
        .filter(|g| !PIPELINE_LOG_PREFIXES.iter().any(|p| g.starts_with(p)))
        .collect();
    for found in join_all(elsewhere.iter().map(|g| read_prefix(ctx, g))).await {
        match found {
            Ok(found) => groups.extend(
                found
                    .into_iter()
                    .filter(|raw| elsewhere.contains(raw.log_group_name().unwrap_or_default())),
            ),
            Err(e) => {
                *raw = Err(e);
                return;
            }
        }
    }
}

/// The groups as the audit judges them.
pub(super) fn account_view(raw: &Result<Vec<Raw>, CallError>) -> Prop<Vec<LogGroup>> {
    match raw {
        Ok(groups) => Prop::Known(groups.iter().filter_map(log_group).collect()),
        Err(e) => Prop::unknown(e.reason()),
    }
}

fn log_group(raw: &Raw) -> Option<LogGroup> {
    Some(LogGroup {
        name: raw.log_group_name()?.to_string(),
        retention_days: raw.retention_in_days().map(|d| d as u32),
    })
}

/// The desired groups that exist, with their streams and tags; all unknown when the groups
/// could not be read.
pub(super) async fn lake(
    ctx: &Ctx<'_>,
    desired: &[LakeLogGroup],
    raw: &Result<Vec<Raw>, CallError>,
) -> Vec<LakeLogGroup> {
    let groups = match raw {
        Ok(groups) => groups,
        Err(e) => {
            let reason = e.reason();
            return (desired.iter())
                .map(|d| LakeLogGroup {
                    retention_days: Prop::unknown(&reason),
                    key: Prop::unknown(&reason),
                    streams: Prop::unknown(&reason),
                    tags: Prop::unknown(&reason),
                    ..d.clone()
                })
                .collect();
        }
    };
    let existing = (desired.iter()).filter_map(|d| {
        let raw = groups
            .iter()
            .find(|g| g.log_group_name() == Some(&d.name))?;
        Some((d, raw))
    });
    join_all(existing.map(|(d, raw)| async move {
        let (streams, tags) = tokio::join!(streams(ctx, &d.name), tags(ctx, &d.name));
        LakeLogGroup {
            retention_days: Prop::Known(raw.retention_in_days().map(|d| d as u32)),
            key: Prop::Known(raw.kms_key_id().map(|k| ctx.keys.key_ref(k))),
            streams: known(streams),
            tags: known(tags),
            ..d.clone()
        }
    }))
    .await
}

/// The group's log streams (a lake's group has one or two: the first page says it all).
async fn streams(ctx: &Ctx<'_>, group: &str) -> Result<BTreeSet<String>, CallError> {
    let request = ctx
        .aws
        .logs
        .describe_log_streams()
        .log_group_name(group)
        .send();
    let out = ctx
        .call(Service::Logs, "DescribeLogStreams", group, request)
        .await?;
    Ok((out.log_streams().iter())
        .filter_map(|s| s.log_stream_name().map(str::to_string))
        .collect())
}

async fn tags(ctx: &Ctx<'_>, group: &str) -> Result<crate::model::Tags, CallError> {
    let arn = ctx.arns().log_group(group);
    let request = ctx
        .aws
        .logs
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send();
    let out = ctx
        .call(Service::Logs, "ListTagsForResource", group, request)
        .await?;
    Ok(out
        .tags()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .collect())
}
