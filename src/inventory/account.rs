//! Account-wide settings: the account's S3 public access block, CloudTrail, and the region's
//! alarms and pipeline log groups.

use aws_sdk_cloudwatch::types::MetricAlarm as RawAlarm;
use aws_sdk_cloudwatchlogs::types::LogGroup as RawLogGroup;

use super::ctx::{Ctx, or_absent};
use super::{alarms, cloudtrail, logs};
use crate::aws::{CallError, Service};
use crate::model::{AccountSettings, Prop, PublicAccessBlock};

/// The account's settings as seen from this region; `global`: also the account-wide S3 public
/// access block (otherwise another region of the same audit reads it). The alarms and log
/// groups also come back as read, for the lake's own.
pub(super) async fn read(ctx: &Ctx<'_>, global: bool) -> (AccountSettings, Raw) {
    let resource = format!("account {}", ctx.account);
    let pab = async {
        if !global {
            return Prop::unknown("read with another region of this account");
        }
        let pab = ctx
            .call(
                Service::S3Control,
                "GetPublicAccessBlock",
                &resource,
                ctx.aws
                    .s3control
                    .get_public_access_block()
                    .account_id(&ctx.account)
                    .send(),
            )
            .await;
        // No configuration: nothing blocked at the account level.
        or_absent(
            pab.map(|o| {
                o.public_access_block_configuration()
                    .map(public_access_block_of)
            }),
            || None,
        )
    };
    let (public_access_block, trails, raw_alarms, raw_log_groups) = tokio::join!(
        pab,
        cloudtrail::read(ctx),
        alarms::read(ctx),
        logs::read(ctx)
    );
    let settings = AccountSettings {
        public_access_block,
        global,
        trails,
        alarms: alarms::account_view(&raw_alarms),
        log_groups: logs::account_view(&raw_log_groups),
        unlisted: Vec::new(),
    };
    let raw = Raw {
        alarms: raw_alarms,
        log_groups: raw_log_groups,
    };
    (settings, raw)
}

/// Account-level listings as the services returned them.
pub(super) struct Raw {
    pub alarms: Result<Vec<RawAlarm>, CallError>,
    /// Under the pipeline prefixes only, until [`Raw::complete`] adds the named ones.
    pub log_groups: Result<Vec<RawLogGroup>, CallError>,
}

impl Raw {
    /// Adds the log groups the delivery streams name outside the pipeline prefixes, and
    /// updates the settings' view of them.
    pub async fn complete(
        &mut self,
        ctx: &Ctx<'_>,
        settings: &mut AccountSettings,
        delivery_streams: &[crate::model::DeliveryStream],
    ) {
        logs::add_named(ctx, &mut self.log_groups, delivery_streams).await;
        settings.log_groups = logs::account_view(&self.log_groups);
    }
}

/// An absent setting is off.
pub(super) fn public_access_block_of(
    c: &aws_sdk_s3control::types::PublicAccessBlockConfiguration,
) -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: c.block_public_acls().unwrap_or(false),
        ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
        block_public_policy: c.block_public_policy().unwrap_or(false),
        restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
    }
}
