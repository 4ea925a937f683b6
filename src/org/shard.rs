//! `--shard K/N`: a deterministic, stable subset of the accounts, so that N independent jobs (a
//! CI matrix, AWS Batch, a Step Functions Map state) audit every account exactly once.
//!
//! An account's shard is the SHA-256 of its id, read as a big-endian number, modulo N. SHA-256
//! rather than `std::hash`: the standard hasher may change between Rust releases, and a shard
//! assignment must not change when lakectl is rebuilt.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use super::account_id::AccountId;

/// Shard `index` of `count`, both 1-based as written on the command line (`2/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--shard `{0}`: write K/N with 1 <= K <= N, e.g. 2/8")]
pub struct InvalidShard(pub String);

impl Shard {
    /// Every account: what a run without `--shard` audits.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    pub fn new(index: u32, count: u32) -> Result<Self, InvalidShard> {
        if (1..=count).contains(&index) {
            Ok(Shard { index, count })
        } else {
            Err(InvalidShard(format!("{index}/{count}")))
        }
    }

    pub fn index(self) -> u32 {
        self.index
    }

    pub fn count(self) -> u32 {
        self.count
    }

    /// Whether `account` belongs to this shard.
    pub fn contains(self, account: &AccountId) -> bool {
        bucket(account, self.count) == self.index - 1
    }
}

/// The 0-based shard of `account` among `count`.
fn bucket(account: &AccountId, count: u32) -> u32 {
    let digest = Sha256::digest(account.as_str().as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // Less than `count`, so it fits in a u32.
    (u64::from_be_bytes(first) % u64::from(count)) as u32
}

impl FromStr for Shard {
    type Err = InvalidShard;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidShard(s.to_string());
        let (index, count) = s.split_once('/').ok_or_else(invalid)?;
        let index = index.trim().parse().map_err(|_| invalid())?;
        let count = count.trim().parse().map_err(|_| invalid())?;
        Shard::new(index, count).map_err(|_| invalid())
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::Accounts;

    fn account(n: u64) -> AccountId {
        format!("{n:012}").parse().unwrap()
    }

    #[test]
    fn parses_k_of_n() {
        let shard: Shard = "2/8".parse().unwrap();
        assert_eq!((shard.index(), shard.count()), (2, 8));
        assert_eq!(shard.to_string(), "2/8");
        assert_eq!("1/1".parse(), Ok(Shard::ALL));
    }

    #[test]
    fn rejects_what_is_not_k_of_n() {
        for bad in ["", "2", "0/3", "4/3", "1/0", "a/3", "1/3/5", "-1/3", "1/"] {
            assert_eq!(
                bad.parse::<Shard>(),
                Err(InvalidShard(bad.to_string())),
                "{bad:?}"
            );
        }
        assert_eq!(
            "4/3".parse::<Shard>().unwrap_err().to_string(),
            "--shard `4/3`: write K/N with 1 <= K <= N, e.g. 2/8"
        );
    }

    #[test]
    fn every_account_lands_in_exactly_one_shard() {
        let accounts: Accounts = (0..500).map(account).collect();
        for count in 1..=8 {
            let shards: Vec<Accounts> = (1..=count)
                .map(|k| accounts.shard(Shard::new(k, count).unwrap()))
                .collect();
            let total: usize = shards.iter().map(Accounts::len).sum();
            assert_eq!(total, accounts.len(), "{count} shards");
            let merged: Accounts = shards.iter().flat_map(|s| s.iter().cloned()).collect();
            assert_eq!(merged, accounts, "{count} shards");
        }
    }

    #[test]
    fn shards_are_balanced() {
        let accounts: Accounts = (0..800).map(account).collect();
        for k in 1..=8 {
            let size = accounts.shard(Shard::new(k, 8).unwrap()).len();
            assert!((70..=130).contains(&size), "shard {k}/8 has {size} of 800");
        }
    }

    /// Pinned assignments (computed independently with Python's hashlib): a change here moves
    /// accounts between CI jobs, so it must be deliberate.
    #[test]
    fn assignment_is_stable_across_builds() {
        let shards: Vec<u32> = (1..=8).map(|n| bucket(&account(n), 8) + 1).collect();
        assert_eq!(shards, [3, 8, 4, 6, 6, 3, 5, 2]);
    }
}
