//! `--role-name`, `--external-id`, `--role-session-name`: the role assumed in each member
//! account, as `arn:<partition>:iam::<account>:role/<name>`.

use super::account_id::AccountId;
use crate::model::arn::Arns;

/// The session name when none is given; shows in the member accounts' CloudTrail.
pub const DEFAULT_SESSION_NAME: &str = "lakectl-audit";

/// The role to assume in every audited account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRole {
    name: String,
    external_id: Option<String>,
    session_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRole {
    #[error(
        "--role-name `{0}`: a role name has 1 to 64 letters, digits or `+=,.@_-` (give the name, not the ARN)"
    )]
    Name(String),
    #[error("--role-session-name `{0}`: a session name has 2 to 64 letters, digits or `+=,.@_-`")]
    SessionName(String),
    #[error("--external-id: an external id has 2 to 1224 letters, digits or `+=,.@:/_-`")]
    ExternalId,
}

impl MemberRole {
    pub fn new(
        name: &str,
        external_id: Option<&str>,
        session_name: Option<&str>,
    ) -> Result<Self, InvalidRole> {
        if !valid(name, 1, 64, "+=,.@_-") {
            return Err(InvalidRole::Name(name.to_string()));
        }
        let session_name = session_name.unwrap_or(DEFAULT_SESSION_NAME);
        if !valid(session_name, 2, 64, "+=,.@_-") {
            return Err(InvalidRole::SessionName(session_name.to_string()));
        }
        // The id is a shared secret, so the error does not repeat it.
        if let Some(id) = external_id
            && !valid(id, 2, 1224, "+=,.@:/_-")
        {
            return Err(InvalidRole::ExternalId);
        }
        Ok(MemberRole {
            name: name.to_string(),
            external_id: external_id.map(str::to_string),
            session_name: session_name.to_string(),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn external_id(&self) -> Option<&str> {
        self.external_id.as_deref()
    }

    pub fn session_name(&self) -> &str {
        &self.session_name
    }

    /// The role's ARN in `account` of `partition` (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn arn(&self, partition: &str, account: &AccountId) -> String {
        Arns {
            partition,
            region: "",
            account: account.as_str(),
        }
        .role(&self.name)
    }
}

/// IAM's and STS's character classes: ASCII letters, digits and `extra`, `min..=max` long.
fn valid(value: &str, min: usize, max: usize, extra: &str) -> bool {
    (min..=max).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> AccountId {
        "123456789012".parse().unwrap()
    }

    #[test]
    fn the_arn_carries_partition_account_and_name() {
        let role = MemberRole::new("OrganizationAccountAccessRole", None, None).unwrap();
        assert_eq!(
            role.arn("aws", &account()),
            "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole"
        );
        assert_eq!(
            role.arn("aws-cn", &account()),
            "arn:aws-cn:iam::123456789012:role/OrganizationAccountAccessRole"
        );
        assert_eq!(role.session_name(), DEFAULT_SESSION_NAME);
        assert_eq!(role.external_id(), None);
    }

    #[test]
    fn external_id_and_session_name_are_kept() {
        let role = MemberRole::new("audit", Some("s3cr3t-Id"), Some("ci@run.42")).unwrap();
        assert_eq!(role.name(), "audit");
        assert_eq!(role.external_id(), Some("s3cr3t-Id"));
        assert_eq!(role.session_name(), "ci@run.42");
    }

    #[test]
    fn invalid_values_are_rejected_with_what_to_write() {
        let arn = "arn:aws:iam::123456789012:role/audit";
        assert_eq!(
            MemberRole::new(arn, None, None).unwrap_err().to_string(),
            format!(
                "--role-name `{arn}`: a role name has 1 to 64 letters, digits or `+=,.@_-` (give the name, not the ARN)"
            )
        );
        assert_eq!(
            MemberRole::new("", None, None),
            Err(InvalidRole::Name(String::new()))
        );
        assert_eq!(
            MemberRole::new("audit", None, Some("a b")),
            Err(InvalidRole::SessionName("a b".into()))
        );
        assert_eq!(
            MemberRole::new("audit", Some("x"), None)
                .unwrap_err()
                .to_string(),
            "--external-id: an external id has 2 to 1224 letters, digits or `+=,.@:/_-`"
        );
    }
}
