//! `--organization`: the member accounts are the active accounts of the caller's AWS
//! Organization, listed when the audit starts (Organizations `ListAccounts`, every page).

use super::Accounts;
use super::account_id::{AccountId, InvalidAccountId};
use crate::aws::{Aws, CallError, Service};
use aws_sdk_organizations::types::{Account, AccountState, AccountStatus};

/// Where the member accounts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberAccounts {
    /// `--accounts` or `--accounts-file`.
    Listed(Accounts),
    /// `--organization`: resolved at run time with [`active_accounts`].
    Organization,
}

#[derive(Debug, thiserror::Error)]
pub enum OrganizationError {
    #[error("--organization: cannot list the organization's accounts: {0}")]
    List(CallError),
    #[error(
        "--organization: the organization has no active accounts (ListAccounts answered none); \
         is the caller in the organization's management account or a delegated administrator?"
    )]
    NoActiveAccounts,
    #[error("--organization: ListAccounts answered an account id that is not one: {0}")]
    BadId(InvalidAccountId),
}

/// The organization's accounts whose state is ACTIVE (suspended, closing and closed accounts
/// cannot be audited), the management account included.
pub async fn active_accounts(aws: &Aws) -> Result<Accounts, OrganizationError> {
    let pages = aws
        .organizations
        .list_accounts()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| {
            OrganizationError::List(aws.error(
                Service::Organizations,
                "ListAccounts",
                "the caller's organization",
                &e,
            ))
        })?;
    let listed: Vec<&Account> = pages.iter().flat_map(|page| page.accounts()).collect();
    let accounts = listed
        .iter()
        .copied()
        .filter(|account| is_active(account))
        .filter_map(Account::id)
        .map(|id| id.parse::<AccountId>().map_err(OrganizationError::BadId))
        .collect::<Result<Accounts, _>>()?;
    tracing::debug!(
        listed = listed.len(),
        active = accounts.len(),
        "organization accounts listed"
    );
    if accounts.is_empty() {
        return Err(OrganizationError::NoActiveAccounts);
    }
    Ok(accounts)
}

/// `State` replaces the deprecated `Status`; an answer may carry either.
fn is_active(account: &Account) -> bool {
    match (account.state(), account.status()) {
        (Some(state), _) => *state == AccountState::Active,
        (None, Some(status)) => *status == AccountStatus::Active,
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_active_accounts_count() {
        let account = |state: Option<AccountState>, status: Option<AccountStatus>| {
            let mut b = Account::builder().id("111111111111");
            if let Some(state) = state {
                b = b.state(state);
            }
            if let Some(status) = status {
                b = b.status(status);
            }
            b.build()
        };
        assert!(is_active(&account(Some(AccountState::Active), None)));
        assert!(is_active(&account(None, Some(AccountStatus::Active))));
        assert!(!is_active(&account(
            Some(AccountState::Suspended),
            Some(AccountStatus::Active)
        )));
        assert!(!is_active(&account(
            Some(AccountState::PendingClosure),
            None
        )));
        assert!(!is_active(&account(None, Some(AccountStatus::Suspended))));
        assert!(!is_active(&account(None, None)));
    }
}
