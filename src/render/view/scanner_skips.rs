//! Deliberate exceptions to IaC scanners' checks, written into the resource's template
//! `Metadata` the way Checkov reads skips (`checkov.skip[].id` and `comment`), so that a scan of
//! the rendered templates in CI reports nothing unexplained. Only settings lakectl chose are
//! explained here; what a blueprint opts out of stays visible to the scanners.

use serde_json::{Value, json};

use crate::model::BucketPurpose;

/// What Checkov checks that a lake bucket deliberately does otherwise.
const ACCESS_LOGGING: &str = "CKV_AWS_18";
const VERSIONING: &str = "CKV_AWS_21";

/// The `Metadata` of a bucket with these settings, when any check is deliberately not met.
pub fn bucket(purpose: &BucketPurpose, logging: bool, versioned: bool) -> Option<Value> {
    let mut skips = Vec::new();
    match purpose {
        BucketPurpose::AccessLogs => {
            if !logging {
                skips.push((
                    ACCESS_LOGGING,
                    "the lake's access-log bucket receives every other bucket's server access logs; logging into itself would log its own deliveries",
                ));
            }
            if !versioned {
                skips.push((
                    VERSIONING,
                    "server access logs are written once and expire after access_logs.retention_days; versions would only add cost",
                ));
            }
        }
        BucketPurpose::AthenaResults if !versioned => skips.push((
            VERSIONING,
            "Athena query results can be recomputed and expire after athena_results.expiration_days; versions would keep them longer",
        )),
        _ => {}
    }
    (!skips.is_empty()).then(|| {
        let skip: Vec<Value> = skips
            .into_iter()
            .map(|(id, comment)| json!({ "id": id, "comment": comment }))
            .collect();
        json!({ "checkov": { "skip": skip } })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lakectl_choices_are_explained() {
        let ids = |metadata: Option<Value>| -> Vec<String> {
            metadata.map_or(Vec::new(), |m| {
                m["checkov"]["skip"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["id"].as_str().unwrap().to_string())
                    .collect()
            })
        };
        assert_eq!(
            ids(bucket(&BucketPurpose::AccessLogs, false, false)),
            ["CKV_AWS_18", "CKV_AWS_21"]
        );
        assert_eq!(
            ids(bucket(&BucketPurpose::AthenaResults, true, false)),
            ["CKV_AWS_21"]
        );
        assert_eq!(
            ids(bucket(&BucketPurpose::AthenaResults, true, true)),
            Vec::<String>::new()
        );
        let zone = BucketPurpose::Zone {
            zone: "cleansed".into(),
            zone_kind: crate::model::ZoneKind::Cleansed,
            tenants: Vec::new(),
        };
        assert_eq!(
            ids(bucket(&zone, true, false)),
            Vec::<String>::new(),
            "a zone that opts out of versioning stays visible to scanners"
        );
    }
}
