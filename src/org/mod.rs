//! Organisation scale (issue 11): which accounts and regions an audit covers, which role it
//! assumes in each account, and how the accounts are cut into deterministic shards. These are
//! the typed inputs of the fan-out across accounts and regions; docs/org.md describes the design.

pub mod account_id;
pub mod accounts;
pub mod fleet;
pub mod organization;
pub mod regions;
pub mod role;
pub mod shard;

pub use account_id::AccountId;
pub use accounts::Accounts;
pub use organization::MemberAccounts;
pub use regions::Regions;
pub use role::MemberRole;
pub use shard::Shard;
