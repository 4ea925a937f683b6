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
    &zone_bucket_without_storage_tiering::RULE,
    &transient_data_not_expired::RULE,
    &key_rotation_disabled::RULE,
    &key_disabled_or_pending_deletion::RULE,
    &key_policy_allows_anyone::RULE,
    &key_decryption_not_separated::RULE,
    &stream_without_cmk_encryption::RULE,
    &stream_retention_under_seven_days::RULE,
    &stream_without_shard_level_metrics::RULE,
    &stream_capacity_not_fitted_to_load::RULE,
    &delivery_stream_without_zone_cmk::RULE,
    &direct_put_delivery_stream_without_sse::RULE,
    &delivery_stream_without_error_output_prefix::RULE,
    &delivery_stream_without_error_logging::RULE,
    &transformed_delivery_without_source_backup::RULE,
    &delivery_stream_output_uncompressed::RULE,
    &delivery_stream_partition_key_not_extracted::RULE,
    &catalog_metadata_unencrypted::RULE,
    &catalog_connection_passwords_unencrypted::RULE,
    &crawler_without_security_configuration::RULE,
    &crawler_allows_catalog_deletions::RULE,
    &crawler_schema_changes_not_applied::RULE,
    &job_argument_exposes_credential::RULE,
    &job_without_security_configuration::RULE,
    &job_without_failure_handling::RULE,
    &job_without_metrics_or_logging::RULE,
    &job_without_auto_scaling::RULE,
    &job_script_bucket_not_versioned::RULE,
    &jdbc_connection_without_ssl::RULE,
    &connection_credentials_not_in_secrets_manager::RULE,
    &curated_table_uncompressed_text::RULE,
    &curated_table_not_columnar::RULE,
    &curated_table_without_partitions::RULE,
    &workgroup_configuration_not_enforced::RULE,
    &workgroup_results_not_kms_encrypted::RULE,
    &workgroup_without_bytes_scanned_cutoff::RULE,
    &workgroup_without_cloudwatch_metrics::RULE,
    &lake_formation_allows_iam_principals_by_default::RULE,
    &tag_grant_allows_all_or_grant_option::RULE,
    &data_cells_filter_without_restriction::RULE,
    &database_allows_iam_principals::RULE,
    &table_location_not_registered::RULE,
    &role_policy_with_wildcard_action::RULE,
    &role_policy_with_wildcard_resource::RULE,
    &role_trust_allows_any_principal::RULE,
    &event_rule_role_allows_more_than_notify::RULE,
    &bucket_without_data_event_logging::RULE,
    &trail_not_hardened::RULE,
    &management_writes_not_recorded::RULE,
    &pipeline_without_health_alarms::RULE,
    &alarm_without_actions::RULE,
    &log_group_without_retention::RULE,
    &resource_missing_cost_allocation_tags::RULE,
    &inventory_listing_incomplete::RULE,
];

/// The rule with this id (`LK-S3-001`, any case) or name (`zone-bucket-without-zone-cmk`).
pub fn find(id_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id_or_name) || r.name == id_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::rule::Service;
    use crate::lens;

    /// Words a name uses to say what is wrong: names describe the bad pattern (ruff style).
    const BAD_PATTERN_WORDS: &[&str] = &[
        "without",
        "not",
        "unencrypted",
        "uncompressed",
        "allows",
        "accepts",
        "disabled",
        "enabled",
        "missing",
        "pending",
        "under",
        "wildcard",
        "incomplete",
        "exposes",
    ];

    #[test]
    fn ids_are_unique_stable_and_name_their_service() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len(), "duplicate rule ids");
        for rule in RULES {
            let parts: Vec<&str> = rule.id.split('-').collect();
            assert_eq!(parts.len(), 3, "{}", rule.id);
            assert_eq!(parts[0], "LK", "{}", rule.id);
            assert_eq!(
                parts[1],
                rule.service.id_part(),
                "{}: service part",
                rule.id
            );
            assert!(
                parts[2].len() == 3 && parts[2].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                rule.id
            );
        }
    }

    /// ruff's registry invariant: the catalogue is exactly the files of `src/audit/rules/`, and
    /// each file is named after its rule (`raw_bucket_without_versioning.rs` holds
    /// `raw-bucket-without-versioning`), so a rule written but not registered, or registered
    /// under another name, fails here.
    #[test]
    fn every_rule_file_is_registered_under_its_own_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/audit/rules");
        let mut stems: Vec<String> = std::fs::read_dir(&dir)
            .expect("the rules directory")
            .map(|entry| entry.expect("a directory entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "rs"))
            .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
            .filter(|stem| stem != "mod" && stem != "support")
            .map(|stem| stem.replace('_', "-"))
            .collect();
        stems.sort();
        let mut names: Vec<String> = RULES.iter().map(|r| r.name.to_string()).collect();
        names.sort();
        assert_eq!(stems, names);
        let declared = std::fs::read_to_string(dir.join("mod.rs")).expect("rules/mod.rs");
        for name in &names {
            let module = format!("pub mod {};", name.replace('-', "_"));
            assert!(declared.contains(&module), "rules/mod.rs lacks `{module}`");
        }
    }

    #[test]
    fn names_are_unique_kebab_case_and_describe_the_bad_pattern() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len(), "duplicate rule names");
        for rule in RULES {
            let name = rule.name;
            assert!(
                !name.is_empty()
                    && name.split('-').all(|w| !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name} is not kebab-case"
            );
            assert!(
                name.split('-').any(|w| BAD_PATTERN_WORDS.contains(&w)),
                "{name} does not describe the bad pattern"
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in RULES {
            for (what, text, max) in [
                ("title", rule.title, 128),
                ("rationale", rule.rationale, 2048),
                ("remediation", rule.remediation, 2048),
                ("static scope", rule.scopes.static_, 400),
                ("blueprint scope", rule.scopes.blueprint, 400),
                ("account scope", rule.scopes.account, 400),
            ] {
                assert!(
                    text.len() >= 20,
                    "{}: {what} is missing or too short",
                    rule.id
                );
                assert!(
                    text.chars().count() <= max,
                    "{}: {what} over {max} characters",
                    rule.id
                );
            }
            assert!(
                !rule.title.ends_with('.'),
                "{}: titles have no trailing period",
                rule.id
            );
        }
    }

    #[test]
    fn every_lens_id_is_an_analytics_lens_question_with_room_for_its_choices() {
        for rule in RULES {
            assert!(
                !rule.lens.is_empty(),
                "{} answers no lens question",
                rule.id
            );
            for id in rule.lens {
                assert!(
                    lens::question(id).is_some(),
                    "{}: {id} is not a lens question",
                    rule.id
                );
            }
        }
        // The WA Tool allows 15 choices a question, one of them "none of these".
        for q in lens::QUESTIONS {
            let n = RULES.iter().filter(|r| r.lens.contains(&q.id)).count();
            assert!(
                n <= 14,
                "{} has {n} rules; the WA Tool allows 14 choices and none-of-these",
                q.id
            );
        }
    }

    #[test]
    fn every_service_has_a_rule_and_rules_are_found_by_id_or_name() {
        for service in Service::ALL {
            assert!(RULES.iter().any(|r| r.service == service), "{service}");
        }
        assert_eq!(
            find("lk-s3-001").map(|r| r.name),
            Some("zone-bucket-without-zone-cmk")
        );
        assert_eq!(
            find("key-rotation-disabled").map(|r| r.id),
            Some("LK-KMS-001")
        );
        assert!(find("LK-S3-999").is_none());
    }
}
