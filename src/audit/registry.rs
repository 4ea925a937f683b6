//! The one table of every rule, grouped by service in id order. Ids are stable: a retired
//! rule's id is never reused.

use super::rule::Rule;
use super::rules::*;

pub static RULES: &[&Rule] = &[
    &zone_bucket_without_zone_cmk::RULE,
    &zone_bucket_without_bucket_key::RULE,
    &bucket_without_default_encryption::RULE,
    &bucket_allows_insecure_transport::RULE,
    &bucket_allows_outdated_tls::RULE,
    &zone_bucket_accepts_foreign_encryption::RULE,
    &bucket_public_access_not_blocked::RULE,
    &bucket_acls_enabled::RULE,
    &raw_bucket_without_versioning::RULE,
    &bucket_without_access_logging::RULE,
    &bucket_policy_allows_public_access::RULE,
    &bucket_policy_allows_cross_account_access::RULE,
    &bucket_without_lifecycle_rules::RULE,
    &account_public_access_not_blocked::RULE,
    &key_rotation_disabled::RULE,
    &key_disabled_or_pending_deletion::RULE,
    &key_policy_allows_anyone::RULE,
    &stream_without_cmk_encryption::RULE,
    &stream_retention_under_seven_days::RULE,
    &delivery_stream_without_zone_cmk::RULE,
    &direct_put_delivery_stream_without_sse::RULE,
    &catalog_metadata_unencrypted::RULE,
    &catalog_connection_passwords_unencrypted::RULE,
    &crawler_without_security_configuration::RULE,
    &job_without_security_configuration::RULE,
    &curated_table_uncompressed_text::RULE,
    &curated_table_without_partitions::RULE,
    &workgroup_configuration_not_enforced::RULE,
    &workgroup_results_not_kms_encrypted::RULE,
    &workgroup_without_bytes_scanned_cutoff::RULE,
    &lake_formation_allows_iam_principals_by_default::RULE,
    &role_policy_with_wildcard_action::RULE,
    &role_policy_with_wildcard_resource::RULE,
    &bucket_without_data_event_logging::RULE,
    &resource_missing_cost_allocation_tags::RULE,
];

/// The rule with this id (`LK-S3-001`, any case) or name (`zone-bucket-without-zone-cmk`).
pub fn find(id_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id_or_name) || r.name == id_or_name)
}
