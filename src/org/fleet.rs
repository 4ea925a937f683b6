//! An audit of many accounts and regions in one process.
//!
//! Each account is reached once (through its assumed role, or the caller's own credentials),
//! its regions listed when `--region all` asks for them, then its regions are read
//! concurrently; the account's global resources (IAM roles, the account's S3 Block Public
//! Access) are read with its first region only. Every read of every account shares one budget
//! of calls in flight ([`inventory::Options::permits`]), and at most
//! [`Reach::accounts_in_flight`] accounts are open at once, so memory is bounded by those limits:
//! an account's models are dropped as soon as its rules have run, and only its findings are
//! handed on.

use futures::StreamExt;
use futures::future::join_all;

use super::organization::{self, MemberAccounts};
use super::regions::{self, Regions};
use super::{AccountId, MemberRole, Shard};
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
    /// The first region of each account is where its global resources are read.
    pub regions: Regions,
    /// `None`: the caller's own account, with the caller's credentials.
    pub members: Option<Members>,
    /// The shard `members` holds, when the accounts were cut into shards (`--shard K/N`).
    pub shard: Option<Shard>,
    pub accounts_in_flight: usize,
}

impl Reach {
    /// More than one region, or member accounts: the fan-out, rather than one region's audit.
    pub fn spans_several(&self) -> bool {
        self.regions.several() || self.members.is_some()
    }
}

/// Member accounts and the role assumed in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Members {
    pub accounts: MemberAccounts,
    pub role: MemberRole,
}

/// How one audited account is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// With the caller's own credentials: the caller's account.
    Caller,
    /// Through the member role.
    Role(AccountId),
}

/// The accounts of this run, in order: the listed accounts, or the organization's active
/// accounts as listed now, then cut to the shard. In an organization the caller's own account
/// is reached with the caller's credentials: the role is usually not there (AWS creates
/// `OrganizationAccountAccessRole` in member accounts only), see docs/org.md.
pub async fn resolve(base: &Aws, reach: &Reach) -> anyhow::Result<Vec<Access>> {
    let Some(members) = &reach.members else {
        return Ok(vec![Access::Caller]);
    };
    let (accounts, caller) = match &members.accounts {
        MemberAccounts::Listed(accounts) => (accounts.clone(), None),
        MemberAccounts::Organization => {
            let caller: AccountId = base.caller_account().await?.parse()?;
            (organization::active_accounts(base).await?, Some(caller))
        }
    };
    let accounts = match reach.shard {
        Some(shard) => accounts.shard(shard),
        None => accounts,
    };
    Ok(accounts
        .iter()
        .map(|id| match &caller {
            Some(caller) if caller == id => Access::Caller,
            _ => Access::Role(id.clone()),
        })
        .collect())
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
    /// The regions read, in order; none when the account was not reached.
    pub regions: Vec<String>,
    /// HTTP requests sent for this account, retries included.
    pub requests: u64,
}

/// Audits `accounts` (from [`resolve`]) in the regions of `reach`, handing each account's
/// result to `done` as soon as it is finished (in completion order; reports sort findings
/// themselves).
pub async fn audit(
    base: &Aws,
    reach: &Reach,
    accounts: &[Access],
    options: &inventory::Options,
    policy: &AuditPolicy,
    mut done: impl FnMut(AccountAudit),
) {
    let role = reach.members.as_ref().map(|m| &m.role);
    let mut audits = futures::stream::iter(accounts)
        .map(|access| audit_account(base, access, role, &reach.regions, options, policy))
        .buffer_unordered(reach.accounts_in_flight.max(1));
    while let Some(audit) = audits.next().await {
        done(audit);
    }
}

async fn audit_account(
    base: &Aws,
    access: &Access,
    role: Option<&MemberRole>,
    regions: &Regions,
    options: &inventory::Options,
    policy: &AuditPolicy,
) -> AccountAudit {
    // Where the account is reached: the first region named, else the caller's own.
    let home = regions.first().unwrap_or(base.region()).to_string();
    let partition = naming::partition(&home);
    let member = match access {
        Access::Role(id) => Some(id),
        Access::Caller => None,
    };
    let credentials = match (member, role) {
        (Some(account), Some(role)) => Some(assume(base, role, partition, account).await),
        _ => None,
    };
    let reached = base.derive(&home, credentials.clone());
    let unaudited = |account: String, why: String| AccountAudit {
        findings: vec![not_audited(&account, &home, &why)],
        account,
        complete: false,
        regions: Vec::new(),
        requests: reached.calls().attempts(),
    };
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
            return unaudited(account, why);
        }
    };
    let regions = match regions.named_or(&home) {
        Some(named) => named,
        None => match regions::enabled(&reached, &account).await {
            Ok(enabled) if !enabled.is_empty() => enabled,
            Ok(_) => {
                let why = "cannot list the account's regions: ec2:DescribeRegions answered none";
                return unaudited(account, why.to_string());
            }
            Err(e) => {
                let why = format!("cannot list the account's regions: {}", e.reason());
                return unaudited(account, why);
            }
        },
    };
    let reads = regions.iter().enumerate().map(|(i, region)| {
        let aws = base.derive(region, credentials.clone());
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
        regions: regions.clone(),
        requests: reached.calls().attempts(),
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
