//! The live inventory: an AWS account read into a [`Model`], read-only.
//!
//! Two scopes:
//! - [`read`]: the resources a desired model names, under the same ids, logical ids and names
//!   (names with `${AWS::AccountId}` resolved), so plan can diff the two entry by entry.
//! - [`read_all`]: every resource of the covered services in the region, for `audit --all`.
//!
//! # What the live model means
//! - **Absent means "does not exist".** A bucket, key, stream, delivery stream, security
//!   configuration, database, table, crawler, work group or role that does not exist is simply
//!   not in its vector: `live.buckets` holds only the buckets that exist. A resource whose
//!   existence could not be established (access denied on the first read) is present, with
//!   every property `Unknown`.
//! - **Unknown means "could not read".** A property the account refused (access denied), an
//!   endpoint that lacks the service (LocalStack community answers 501 for Glue, Athena, Lake
//!   Formation and CloudTrail), or any unexpected error becomes `Prop::Unknown` with a precise
//!   reason, e.g. `AccessDenied on s3:GetBucketPolicy for arn:aws:s3:::x`. Never a default.
//! - **"Not configured" is a value**: no bucket policy is `Known(None)`, no lifecycle is
//!   `Known(vec![])`, no tags `Known({})`.
//! - Fields that are not `Prop` (identity and references: a delivery stream's bucket and role, a
//!   crawler's database and role, a key's deletion window) are read where AWS reports them; when
//!   it cannot be read they keep the desired model's value (scope `read`) so the diff shows only
//!   the unknown properties.
//! - KMS references become `KeyRef::Lake(id)` for the model's keys, `KeyRef::AwsManaged` for
//!   `aws/*` keys, else `KeyRef::Other(<as AWS reported it>)`.
//!
//! Only a failure that would fail every call alike (no credentials, a bad region, the endpoint
//! down) fails the whole read, via the first call (STS GetCallerIdentity).
//!
//! Calls run concurrently, at most `Options::permits` in flight (one semaphore over every
//! call), paginate, and retry as the `Aws` clients are configured to. Listings ask for the
//! largest page each API allows (Firehose's default is 10 names, KMS's 50 aliases), so a large
//! account takes as few round trips as the API permits.
//!
//! Only KMS's aliases and DescribeKey come first, since the key index they build names every
//! other service's keys; everything else, the keys' own rotation, policy and tags included, is
//! read together.

mod account;
mod alarms;
mod athena;
mod cloudtrail;
mod connections;
mod ctx;
mod events;
mod firehose;
mod firehose_records;
mod glue;
mod iam;
mod iceberg;
mod keys;
mod kinesis;
mod kms;
mod lakeformation;
mod lftags;
mod logs;
mod s3;
mod stream_load;
mod workflows;

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::aws::{Aws, CallError};
use crate::model::refs::Resolver;
use crate::model::{LakeInfo, Model};

pub use keys::KeyIndex;
pub use workflows::trigger_of;

use ctx::Ctx;

/// AWS read calls in flight at once unless `--concurrency` says otherwise: enough to hide the
/// latency of the many small Get calls, few enough to stay under the services' rate limits.
pub const DEFAULT_CONCURRENCY: u16 = 16;

/// How to read.
#[derive(Debug, Clone)]
pub struct Options {
    /// The budget of AWS calls in flight at once. Clones share it, so one audit of many
    /// accounts and regions stays within one limit however many reads run together.
    pub permits: Arc<Semaphore>,
    /// Read the account's global resources (IAM roles, the account's S3 Block Public Access):
    /// an audit of several regions reads them with one region of each account only.
    pub globals: bool,
}

impl Options {
    /// At most `concurrency` calls in flight (at least one), globals included.
    pub fn new(concurrency: usize) -> Self {
        Options {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            globals: true,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::new(usize::from(DEFAULT_CONCURRENCY))
    }
}

/// Reads the resources `desired` names. See the module documentation for what absent and
/// unknown mean. Fails only when the account cannot be reached at all.
pub async fn read(aws: &Aws, desired: &Model, opts: Options) -> Result<Model, CallError> {
    let account = aws.caller_account().await?;
    let resolver = Resolver::new().account(&account);
    let desired = resolve_names(desired, &resolver);
    let ctx = Ctx::new(aws, &account, opts);
    // Only the key index must come first; each key's other reads overlap everything else.
    let (described, index) = kms::describe_desired(&ctx, &desired.keys).await;
    let ctx = ctx.with_keys(index);
    let (
        keys,
        buckets,
        streams,
        delivery_streams,
        catalog,
        workgroups,
        lake_formation,
        roles,
        event_rules,
        (account_settings, raw),
    ) = tokio::join!(
        // Boxed: joined in place, the services' futures make one future too large for a
        // 2 MiB thread stack in debug builds.
        Box::pin(kms::read_described(&ctx, described)),
        Box::pin(s3::read(&ctx, &desired.buckets)),
        Box::pin(kinesis::read(&ctx, &desired.streams)),
        Box::pin(firehose::read(&ctx, &desired)),
        Box::pin(glue::read(&ctx, &desired)),
        Box::pin(athena::read(&ctx, &desired.workgroups)),
        Box::pin(lakeformation::read(&ctx, &desired)),
        Box::pin(iam::read(&ctx, &desired.roles)),
        Box::pin(events::read(&ctx, &desired.event_rules)),
        Box::pin(account::read(&ctx, true)),
    );
    // The trail's selectors, the alarms' tags and the streams' load overlap; the log groups
    // wait for the groups the delivery streams name.
    let mut streams = streams;
    let (trail, alarms, ()) = tokio::join!(
        cloudtrail::lake_trail(&ctx, desired.trail.as_ref(), &account_settings.trails),
        alarms::lake(&ctx, &desired.alarms, &raw.alarms),
        stream_load::read(&ctx, &mut streams),
    );
    let (mut account_settings, mut raw) = (account_settings, raw);
    raw.complete(&ctx, &mut account_settings, &delivery_streams)
        .await;
    let log_groups = logs::lake(&ctx, &desired.log_groups, &raw.log_groups).await;
    account_settings.unlisted = ctx.take_unlisted();
    Ok(Model {
        lake: LakeInfo {
            account: account.clone(),
            ..desired.lake.clone()
        },
        keys,
        buckets,
        streams,
        delivery_streams,
        catalog,
        workgroups,
        lake_formation,
        roles,
        event_rules,
        trail,
        alarms,
        log_groups,
        account: Some(account_settings),
    })
}

/// Reads every resource of the covered services in the region. Ids are the resources' names;
/// bucket purposes are inferred (see `s3::infer_purpose`). Without `opts.globals` the model
/// has no roles and leaves the account's S3 Block Public Access to another region
/// ([`AccountSettings::global`](crate::model::AccountSettings::global)).
pub async fn read_all(aws: &Aws, opts: Options) -> Result<Model, CallError> {
    let account = aws.caller_account().await?;
    let region = aws.region().to_string();
    let globals = opts.globals;
    let ctx = Ctx::new(aws, &account, opts);
    // Only the key index must come first; each key's other reads overlap everything else.
    let (described, index) = kms::describe_all(&ctx).await;
    let ctx = ctx.with_keys(index);
    // Boxed, as in `read`.
    let (
        keys,
        buckets,
        streams,
        delivery_streams,
        catalog,
        workgroups,
        lake_formation,
        roles,
        (account_settings, raw),
    ) = tokio::join!(
        Box::pin(kms::read_described(&ctx, described)),
        Box::pin(s3::read_all(&ctx)),
        Box::pin(kinesis::read_all(&ctx)),
        Box::pin(firehose::read_all(&ctx)),
        Box::pin(glue::read_all(&ctx)),
        Box::pin(athena::read_all(&ctx)),
        Box::pin(lakeformation::read_all(&ctx)),
        Box::pin(async {
            if globals {
                iam::read_all(&ctx).await
            } else {
                Vec::new()
            }
        }),
        Box::pin(account::read(&ctx, globals)),
    );
    let mut catalog = catalog;
    glue::place_databases(&mut catalog, &buckets);
    let (mut account_settings, mut raw, mut streams) = (account_settings, raw, streams);
    tokio::join!(
        raw.complete(&ctx, &mut account_settings, &delivery_streams),
        stream_load::read(&ctx, &mut streams),
    );
    account_settings.unlisted = ctx.take_unlisted();
    Ok(Model {
        lake: LakeInfo::account_region(&account, &region),
        keys,
        buckets,
        streams,
        delivery_streams,
        catalog,
        workgroups,
        lake_formation,
        roles,
        // Rules are read for a lake's workflows only: an account's rules are not the lake's.
        event_rules: Vec::new(),
        // Likewise the lake's trail: the account's trails are audited as account settings.
        trail: None,
        // Likewise its alarms and log groups: the account's are account settings.
        alarms: Vec::new(),
        log_groups: Vec::new(),
        account: Some(account_settings),
    })
}

/// The desired model with `${AWS::AccountId}` resolved in the names the inventory looks up.
fn resolve_names(desired: &Model, resolver: &Resolver) -> Model {
    let mut model = desired.clone();
    model.lake.account = resolver.resolve(&model.lake.account);
    for b in &mut model.buckets {
        b.name = resolver.resolve(&b.name);
    }
    for r in &mut model.roles {
        r.name = resolver.resolve(&r.name);
    }
    model
}
