//! The rule catalogue: one rule per file, each a `pub static RULE` whose metadata documents it.
//! The registry (`audit::registry::RULES`) lists them all in one table.

pub(crate) mod support;

pub mod account_public_access_not_blocked;
pub mod bucket_acls_enabled;
pub mod bucket_allows_insecure_transport;
pub mod bucket_allows_outdated_tls;
pub mod bucket_policy_allows_cross_account_access;
pub mod bucket_policy_allows_public_access;
pub mod bucket_public_access_not_blocked;
pub mod bucket_without_access_logging;
pub mod bucket_without_data_event_logging;
pub mod bucket_without_default_encryption;
pub mod bucket_without_lifecycle_rules;
pub mod catalog_connection_passwords_unencrypted;
pub mod catalog_metadata_unencrypted;
pub mod crawler_without_security_configuration;
pub mod curated_table_not_columnar;
pub mod curated_table_uncompressed_text;
pub mod curated_table_without_partitions;
pub mod delivery_stream_output_uncompressed;
pub mod delivery_stream_without_error_output_prefix;
pub mod delivery_stream_without_zone_cmk;
pub mod direct_put_delivery_stream_without_sse;
pub mod inventory_listing_incomplete;
pub mod job_without_security_configuration;
pub mod key_disabled_or_pending_deletion;
pub mod key_policy_allows_anyone;
pub mod key_rotation_disabled;
pub mod lake_formation_allows_iam_principals_by_default;
pub mod raw_bucket_without_versioning;
pub mod resource_missing_cost_allocation_tags;
pub mod role_policy_with_wildcard_action;
pub mod role_policy_with_wildcard_resource;
pub mod role_trust_allows_any_principal;
pub mod stream_retention_under_seven_days;
pub mod stream_without_cmk_encryption;
pub mod workgroup_configuration_not_enforced;
pub mod workgroup_results_not_kms_encrypted;
pub mod workgroup_without_bytes_scanned_cutoff;
pub mod workgroup_without_cloudwatch_metrics;
pub mod zone_bucket_accepts_foreign_encryption;
pub mod zone_bucket_without_bucket_key;
pub mod zone_bucket_without_storage_tiering;
pub mod zone_bucket_without_zone_cmk;
