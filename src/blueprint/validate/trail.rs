//! The lake's CloudTrail trail.

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::types::*;

/// CloudTrail's limit on `S3KeyPrefix`.
const MAX_PREFIX: usize = 200;

impl Checker {
    pub(super) fn trail(&mut self, trail: Option<&TrailSection>) {
        let Some(trail) = trail else { return };
        let at = FieldPath::root().key("trail").key("prefix");
        let prefix = &trail.prefix;
        let help = Some("e.g. `cloudtrail` or `audit/cloudtrail`".to_string());
        if prefix.is_empty() || prefix.starts_with('/') || prefix.ends_with('/') {
            self.error(
                at,
                "the trail's prefix must be non-empty, without a leading or trailing `/`",
                help,
            );
        } else if prefix.len() > MAX_PREFIX || prefix.contains("//") {
            self.error(
                at,
                format!("the trail's prefix must have at most {MAX_PREFIX} characters and no empty segment (`//`)"),
                help,
            );
        } else if !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./!*'()".contains(c))
        {
            self.error(
                at,
                format!("the trail's prefix `{prefix}` has characters S3 keys should avoid"),
                Some("use letters, digits and - _ . / ! * ' ( )".to_string()),
            );
        }
    }
}
