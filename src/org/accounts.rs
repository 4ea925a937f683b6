//! The accounts an audit covers, from `--accounts ID,ID…` or `--accounts-file FILE`.
//!
//! The set is sorted and free of duplicates so that every run (and every shard) walks the
//! accounts in the same order, whichever order they were given in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::account_id::{AccountId, InvalidAccountId};
use super::shard::Shard;

/// A sorted, duplicate-free set of account ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounts(BTreeSet<AccountId>);

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("--accounts: {0}")]
    List(InvalidAccountId),
    #[error("--accounts: the list is empty; give account ids separated by commas")]
    EmptyList,
    #[error("{}:{line}:{column}: {source}", path.display())]
    File {
        path: PathBuf,
        line: usize,
        column: usize,
        source: InvalidAccountId,
    },
    #[error("{}: no account ids; write one twelve-digit id a line (`#` starts a comment)", .0.display())]
    EmptyFile(PathBuf),
    #[error("cannot read the accounts file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Accounts {
    /// `--accounts`: ids separated by commas; blanks around each id are ignored.
    pub fn parse_list(list: &str) -> Result<Self, AccountsError> {
        let ids = list
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(|id| id.parse().map_err(AccountsError::List))
            .collect::<Result<BTreeSet<_>, _>>()?;
        if ids.is_empty() {
            return Err(AccountsError::EmptyList);
        }
        Ok(Accounts(ids))
    }

    /// `--accounts-file`: read and parse the file.
    pub fn load(path: &Path) -> Result<Self, AccountsError> {
        let text = std::fs::read_to_string(path).map_err(|source| AccountsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse_file(path, &text)
    }

    /// One id a line; blank lines and everything after `#` are ignored. A bad id is reported at
    /// its line and (1-based, in characters) column.
    pub fn parse_file(path: &Path, text: &str) -> Result<Self, AccountsError> {
        let mut ids = BTreeSet::new();
        for (index, raw) in text.lines().enumerate() {
            let content = raw.split('#').next().unwrap_or_default();
            let id = content.trim();
            if id.is_empty() {
                continue;
            }
            let leading = content.len() - content.trim_start().len();
            let id = id.parse().map_err(|source| AccountsError::File {
                path: path.to_path_buf(),
                line: index + 1,
                column: content[..leading].chars().count() + 1,
                source,
            })?;
            ids.insert(id);
        }
        if ids.is_empty() {
            return Err(AccountsError::EmptyFile(path.to_path_buf()));
        }
        Ok(Accounts(ids))
    }

    pub fn iter(&self) -> impl Iterator<Item = &AccountId> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The accounts that fall in `shard`, in the same order.
    pub fn shard(&self, shard: Shard) -> Accounts {
        Accounts(
            self.0
                .iter()
                .filter(|id| shard.contains(id))
                .cloned()
                .collect(),
        )
    }
}

impl FromIterator<AccountId> for Accounts {
    fn from_iter<I: IntoIterator<Item = AccountId>>(ids: I) -> Self {
        Accounts(ids.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(accounts: &Accounts) -> Vec<&str> {
        accounts.iter().map(AccountId::as_str).collect()
    }

    #[test]
    fn a_list_is_sorted_and_deduplicated() {
        let accounts = Accounts::parse_list(" 222222222222,111111111111 ,222222222222,,").unwrap();
        assert_eq!(ids(&accounts), ["111111111111", "222222222222"]);
    }

    #[test]
    fn a_bad_id_in_a_list_is_named() {
        let err = Accounts::parse_list("111111111111,prod").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--accounts: `prod` is not an AWS account id: write its twelve digits, e.g. 123456789012"
        );
        assert_eq!(
            Accounts::parse_list(" , ").unwrap_err().to_string(),
            "--accounts: the list is empty; give account ids separated by commas"
        );
    }

    #[test]
    fn a_file_has_one_id_a_line_with_comments() {
        let text = "# production\n333333333333  # payments\n\n  111111111111\n333333333333\n";
        let accounts = Accounts::parse_file(Path::new("accounts.txt"), text).unwrap();
        assert_eq!(ids(&accounts), ["111111111111", "333333333333"]);
    }

    #[test]
    fn a_bad_id_in_a_file_is_located() {
        let text = "111111111111\n\n  22222222222x # typo\n";
        let err = Accounts::parse_file(Path::new("accounts.txt"), text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "accounts.txt:3:3: `22222222222x` is not an AWS account id: write its twelve digits, e.g. 123456789012"
        );
        let err = Accounts::parse_file(Path::new("accounts.txt"), "# none\n\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "accounts.txt: no account ids; write one twelve-digit id a line (`#` starts a comment)"
        );
    }

    #[test]
    fn a_missing_file_names_the_path() {
        let err = Accounts::load(Path::new("/nonexistent/accounts.txt")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot read the accounts file /nonexistent/accounts.txt: "),
            "{err}"
        );
    }
}
