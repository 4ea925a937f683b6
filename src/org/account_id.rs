//! An AWS account id: exactly twelve ASCII digits.

use std::fmt;
use std::str::FromStr;

/// A validated AWS account id. Ordered as text, which for twelve digits is numeric order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an AWS account id: write its twelve digits, e.g. 123456789012")]
pub struct InvalidAccountId(pub String);

impl AccountId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for AccountId {
    type Err = InvalidAccountId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(AccountId(s.to_string()))
        } else {
            Err(InvalidAccountId(s.to_string()))
        }
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_digits_are_an_account_id() {
        let id: AccountId = "012345678901".parse().unwrap();
        assert_eq!(id.as_str(), "012345678901");
        assert_eq!(id.to_string(), "012345678901");
    }

    #[test]
    fn anything_else_is_rejected_with_the_input() {
        for bad in [
            "",
            "12345678901",
            "1234567890123",
            "12345678901a",
            " 123456789012",
            "１２３",
        ] {
            assert_eq!(
                bad.parse::<AccountId>(),
                Err(InvalidAccountId(bad.to_string())),
                "{bad:?}"
            );
        }
        assert_eq!(
            "12ab".parse::<AccountId>().unwrap_err().to_string(),
            "`12ab` is not an AWS account id: write its twelve digits, e.g. 123456789012"
        );
    }
}
