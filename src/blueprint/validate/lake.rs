//! The lake's identity and tags, and the encryption settings.

use super::Checker;
use crate::blueprint::diagnostic::{FieldPath, printable};
use crate::blueprint::names;
use crate::blueprint::types::*;
use crate::lens::ids;

/// Tags lakectl itself puts on every resource; they count against the 50-tag limit S3 has.
const OWN_TAGS: usize = 4;
const MAX_TAGS: usize = 50;

impl Checker {
    pub(super) fn lake(&mut self, lake: &Lake) {
        let at = FieldPath::root().key("lake");
        self.name(
            at.key("name"),
            "lake name",
            &lake.name,
            names::label(&lake.name, 2, 20),
        );
        self.name(
            at.key("environment"),
            "environment",
            &lake.environment,
            names::label(&lake.environment, 1, 10),
        );
        self.name(
            at.key("region"),
            "region",
            &lake.region,
            names::region(&lake.region),
        );
        if let Some(account) = &lake.account_id {
            self.name(
                at.key("account_id"),
                "account id",
                account,
                names::account_id(account),
            );
        }
        if lake.owner.trim().is_empty() {
            self.error(
                at.key("owner"),
                "the owner is empty",
                Some("name the team or person accountable for the lake".to_string()),
            );
        } else if let Err(allowed) = names::tag("owner", &lake.owner) {
            self.error(
                at.key("owner"),
                format!("invalid owner `{}`", printable(&lake.owner)),
                Some(allowed),
            );
        }
        for (key, value) in &lake.tags {
            if let Err(allowed) = names::tag(key, value) {
                self.error(
                    at.key("tags").key(key),
                    format!("invalid tag `{}`", printable(key)),
                    Some(allowed),
                );
            }
            if ["owner", "lake", "environment", "managed-by"].contains(&key.as_str()) {
                self.error(
                    at.key("tags").key(key),
                    format!("tag `{key}` is set by lakectl"),
                    Some("lakectl tags every resource with owner, lake, environment and managed-by; remove it".to_string()),
                );
            }
        }
        if lake.tags.len() + OWN_TAGS > MAX_TAGS {
            self.error(
                at.key("tags"),
                format!(
                    "{} tags given; at most {} fit beside lakectl's own {OWN_TAGS}",
                    lake.tags.len(),
                    MAX_TAGS - OWN_TAGS
                ),
                None,
            );
        }
    }

    pub(super) fn encryption(&mut self, blueprint: &Blueprint) {
        let encryption = &blueprint.encryption;
        let at = FieldPath::root().key("encryption");
        if !(7..=30).contains(&encryption.deletion_window_days) {
            self.error(
                at.key("deletion_window_days"),
                format!(
                    "deletion window of {} days is out of range",
                    encryption.deletion_window_days
                ),
                Some("allowed: 7 to 30 days (KMS limits)".to_string()),
            );
        }
        if let Some(mode) = &encryption.mode {
            self.refuse_weaker_encryption(at.key("mode"), mode, "the lake");
        }
        for (i, principal) in encryption.decrypters.iter().enumerate() {
            let path = at.key("decrypters").index(i);
            if principal.starts_with("arn:") && principal.ends_with(":root") {
                // The root principal stands for every IAM policy in the account: naming it would
                // undo the separation of key administration from decryption.
                self.guardrail(path, "the account root cannot be a decrypter: it would let any IAM policy in the account grant decryption", "name the roles or users that read the data directly", ids::SEC_AUTHORIZE);
            } else {
                self.principal(blueprint, path, principal);
            }
        }
    }

    pub(super) fn refuse_weaker_encryption(&mut self, path: FieldPath, mode: &str, what: &str) {
        if mode == "sse-kms" {
            return;
        }
        let message = match mode.to_ascii_lowercase().as_str() {
            "sse-s3" | "aes256" => format!(
                "SSE-S3 is refused for {what}: data must be encrypted with the lake's customer managed KMS key"
            ),
            "none" | "off" | "false" | "" => format!("encryption cannot be turned off for {what}"),
            _ => format!("unknown encryption mode `{}` for {what}", printable(mode)),
        };
        self.guardrail(path, message, "only `sse-kms` is accepted (customer managed keys, bucket keys on); remove the field to get it", ids::SEC_AT_REST);
    }
}
