//! An audit of many accounts and regions in one process.
//!
//! Each account is reached once (through its assumed role, or the caller's own credentials),
//! then its regions are read concurrently; the account's global resources (IAM roles, the
//! account's S3 Block Public Access) are read with its first region only. Every read of every
//! account shares one budget of calls in flight ([`inventory::Options::permits`]), and at most
//! [`Reach::accounts_in_flight`] accounts are open at once, so memory is bounded by those limits:
//! an account's models are dropped as soon as its rules have run, and only its findings are
//! handed on.

use futures::StreamExt;
use futures::future::join_all;

use super::{AccountId, Accounts, MemberRole, Shard};
use crate::audit::finding::Finding;
use crate::audit::policy::AuditPolicy;
use crate::audit::rules::inventory_listing_incomplete;
use crate::audit::scope::Scope;
use crate::audit::{Outcome, Resource};
use crate::aws::{Aws, Service};
use crate::inventory;
use crate::model::{LakeInfo, naming};
use aws_sdk_sts::config::SharedCredentialsProvider;

/// Accounts audited at once unless `--max-accounts` says otherwise: enough to keep the call
/// budget busy while one account is being reached.
pub const DEFAULT_ACCOUNTS_IN_FLIGHT: usize = 4;

/// Which accounts and regions an audit covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// At least one; the first is where each account's global resources are read.
    pub regions: Vec<String>,
    /// `None`: the caller's own account, with the caller's credentials.
    pub members: Option<Members>,
    /// The shard `members` holds, when the accounts were cut into shards (`--shard K/N`).
    pub shard: Option<Shard>,
    pub accounts_in_flight: usize,
}

impl Reach {
    /// More than one region, or member accounts: the fan-out, rather than one region's audit.
    pub fn spans_several(&self) -> bool {
        self.regions.len() > 1 || self.members.is_some()
    }
}

/// Member accounts and the role assumed in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Members {
    pub accounts: Accounts,
    pub role: MemberRole,
}

/// One account's audit, every region of it.
#[derive(Debug)]
pub struct AccountAudit {
    /// The account id (the caller's, when no members were given).
    pub account: String,
    pub findings: Vec<Finding>,
    /// False when the account, or one of its regions, could not be read at all: its findings
    /// then hold an `unknown` LK-INV-001 finding that says why.
    pub complete: bool,
    /// HTTP requests sent for this account, retries included.
    pub requests: u64,
}

/// Audits every account of `reach`, handing each account's result to `done` as soon as it is
/// finished (in completion order; reports sort findings themselves).
pub async fn audit(
    base: &Aws,
    reach: &Reach,
    options: &inventory::Options,
    policy: &AuditPolicy,
    mut done: impl FnMut(AccountAudit),
) {
    let accounts: Vec<Option<&AccountId>> = match &reach.members {
        None => vec![None],
        Some(members) => members.accounts.iter().map(Some).collect(),
    };
    let role = reach.members.as_ref().map(|m| &m.role);
    let mut audits = futures::stream::iter(accounts)
        .map(|account| audit_account(base, account, role, &reach.regions, options, policy))
        .buffer_unordered(reach.accounts_in_flight.max(1));
    while let Some(audit) = audits.next().await {
        done(audit);
    }
}

async fn audit_account(
    base: &Aws,
    member: Option<&AccountId>,
    role: Option<&MemberRole>,
    regions: &[String],
    options: &inventory::Options,
    policy: &AuditPolicy,
) -> AccountAudit {
    let first = &regions[0];
    let partition = naming::partition(first);
    let credentials = match (member, role) {
        (Some(account), Some(role)) => Some(assume(base, role, partition, account).await),
        _ => None,
    };
    let reached = base.derive(first, credentials.clone());
    let account = match reached.caller_account().await {
        Ok(account) => account,
        Err(e) => {
            let account = member.map_or_else(String::new, |a| a.to_string());
            let why = match (member, role) {
                (Some(id), Some(role)) => {
                    let arn = role.arn(partition, id);
                    let reason = refusal(base, role, &arn).await;
                    format!(
                        "cannot assume {arn}: {}",
                        reason.unwrap_or_else(|| e.reason())
                    )
                }
                _ => format!("cannot reach the account: {}", e.reason()),
            };
            return AccountAudit {
                findings: vec![not_audited(&account, first, &why)],
                account,
                complete: false,
                requests: reached.calls().attempts(),
            };
        }
    };
    let reads = regions.iter().enumerate().map(|(i, region)| {
        let aws = if i == 0 {
            reached.clone()
        } else {
            base.derive(region, credentials.clone())
        };
        let options = inventory::Options {
            permits: options.permits.clone(),
            globals: i == 0,
        };
        let account = &account;
        async move {
            let (findings, complete) = match inventory::read_all(&aws, options).await {
                Ok(model) => (crate::audit::run_in(&model, Scope::Account, policy), true),
                Err(e) => {
                    let why = format!("cannot read the region: {}", e.reason());
                    (vec![not_audited(account, region, &why)], false)
                }
            };
            (findings, complete, aws.calls().attempts())
        }
    });
    let mut audit = AccountAudit {
        account: account.clone(),
        findings: Vec::new(),
        complete: true,
        requests: 0,
    };
    for (findings, complete, requests) in join_all(reads).await {
        audit.complete &= complete;
        audit.findings.extend(findings);
        audit.requests += requests;
    }
    audit
}

/// Credentials of `role` in `account`, assumed lazily on the first call with the caller's
/// credentials (and STS endpoint).
async fn assume(
    base: &Aws,
    role: &MemberRole,
    partition: &str,
    account: &AccountId,
) -> SharedCredentialsProvider {
    let mut builder = aws_config::sts::AssumeRoleProvider::builder(role.arn(partition, account))
        .session_name(role.session_name())
        .configure(&base.config);
    if let Some(id) = role.external_id() {
        builder = builder.external_id(id);
    }
    SharedCredentialsProvider::new(builder.build().await)
}

/// Why STS refuses `arn` to the caller, asked directly: the provider that assumes the role
/// lazily reports only "no credentials", hiding STS's error code.
async fn refusal(base: &Aws, role: &MemberRole, arn: &str) -> Option<String> {
    let mut call = base
        .sts
        .assume_role()
        .role_arn(arn)
        .role_session_name(role.session_name());
    if let Some(id) = role.external_id() {
        call = call.external_id(id);
    }
    match call.send().await {
        Ok(_) => None,
        Err(e) => Some(base.error(Service::Sts, "AssumeRole", arn, &e).reason()),
    }
}

/// The finding that says an account or region was not audited, and why.
fn not_audited(account: &str, region: &str, why: &str) -> Finding {
    let lake = LakeInfo::account_region(account, region);
    Finding::new(
        &inventory_listing_incomplete::RULE,
        Resource::account(&lake),
        Outcome::Unknown(format!("{why}; nothing was audited here")),
    )
}
