//! Zones: names, guardrails (versioned raw, TLS only, never public), tenants and lifecycles.

use std::collections::HashSet;

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::names;
use crate::blueprint::types::*;
use crate::lens::ids;
use crate::model::naming::RESERVED_ZONES;

impl Checker {
    /// Returns the zone names, for reference checks.
    pub(super) fn zones<'a>(&mut self, blueprint: &'a Blueprint) -> HashSet<&'a str> {
        let at = FieldPath::root().key("zones");
        if blueprint.zones.is_empty() {
            self.error(
                at.clone(),
                "no zones are defined",
                Some(
                    "a lake needs at least a raw zone; omit `zones` for raw, cleansed and curated"
                        .to_string(),
                ),
            );
        }
        for (i, zone) in blueprint.zones.iter().enumerate() {
            self.zone(at.index(i), zone);
        }
        self.unique(
            "zone",
            blueprint
                .zones
                .iter()
                .enumerate()
                .map(|(i, z)| (at.index(i).key("name"), z.name.as_str())),
        );
        let buckets =
            blueprint.zones.iter().enumerate().filter_map(|(i, z)| {
                Some((at.index(i).key("bucket_name"), z.bucket_name.as_deref()?))
            });
        self.unique("bucket name", buckets);
        if !blueprint.zones.is_empty() && !blueprint.zones.iter().any(|z| z.kind() == ZoneKind::Raw)
        {
            self.error(at.clone(), "no raw zone is defined", Some("zoned lakes land data in a raw zone first; add a zone named `raw` or with `kind: raw`".to_string()));
        }
        blueprint.zones.iter().map(|z| z.name.as_str()).collect()
    }

    /// One zone: its name, guardrails, bucket name, lifecycle and tenants.
    fn zone(&mut self, zat: FieldPath, zone: &Zone) {
        self.name(
            zat.key("name"),
            "zone name",
            &zone.name,
            names::label(&zone.name, 2, 20),
        );
        if RESERVED_ZONES.contains(&zone.name.as_str()) {
            self.error(
                zat.key("name"),
                format!("zone name `{}` is reserved", zone.name),
                Some(format!(
                    "lakectl uses {} for its own buckets and keys",
                    RESERVED_ZONES.join(", ")
                )),
            );
        }
        let kind = zone.kind();
        if kind == ZoneKind::Raw && zone.versioning == Some(false) {
            self.guardrail(
                zat.key("versioning"),
                "versioning cannot be turned off for the raw zone: raw data is immutable and must be recoverable",
                "remove `versioning: false`; raw zones always keep object versions",
                ids::REL_RECOVER_STORE,
            );
        }
        if let Some(mode) = &zone.encryption {
            self.refuse_weaker_encryption(
                zat.key("encryption"),
                mode,
                &format!("zone `{}`", zone.name),
            );
        }
        if zone.public == Some(true) {
            self.guardrail(
                zat.key("public"),
                format!("public access is refused for zone `{}`: all four S3 Block Public Access settings stay on", zone.name),
                "share data through Lake Formation grants or roles, never public buckets",
                ids::SEC_AUTHORIZE,
            );
        }
        if zone.allow_http == Some(true) {
            self.guardrail(
                zat.key("allow_http"),
                format!(
                    "plain HTTP is refused for zone `{}`: requests without TLS 1.2 are denied",
                    zone.name
                ),
                "clients must use HTTPS (aws:SecureTransport) with TLS 1.2 or later",
                ids::SEC_IN_TRANSIT,
            );
        }
        if let Some(bucket) = &zone.bucket_name {
            self.name(
                zat.key("bucket_name"),
                "bucket name",
                bucket,
                names::bucket(bucket),
            );
        }
        if let Some(lifecycle) = &zone.lifecycle {
            self.lifecycle(zat.key("lifecycle"), lifecycle);
        }
        for (t, tenant) in zone.tenants.iter().enumerate() {
            self.name(
                zat.key("tenants").index(t),
                "tenant",
                tenant,
                names::label(tenant, 1, 40),
            );
        }
        self.unique(
            "tenant",
            zone.tenants
                .iter()
                .enumerate()
                .map(|(t, n)| (zat.key("tenants").index(t), n.as_str())),
        );
    }

    pub(super) fn lifecycle(&mut self, at: FieldPath, lifecycle: &Lifecycle) {
        let mut previous: Option<&Transition> = None;
        for (i, transition) in lifecycle.transitions.iter().enumerate() {
            let tat = at.key("transitions").index(i);
            if transition.storage_class == StorageClass::StandardIa && transition.days < 30 {
                self.error(
                    tat.key("days"),
                    format!("STANDARD_IA after {} days is too early", transition.days),
                    Some(
                        "S3 moves objects to STANDARD_IA no earlier than 30 days after creation"
                            .to_string(),
                    ),
                );
            }
            if let Some(prev) = previous {
                if transition.days <= prev.days {
                    self.error(
                        tat.key("days"),
                        format!(
                            "lifecycle days out of order: {} days comes after {} days",
                            transition.days, prev.days
                        ),
                        Some("list transitions in increasing order of days".to_string()),
                    );
                } else if transition.storage_class <= prev.storage_class {
                    self.error(
                        tat.key("storage_class"),
                        format!("cannot transition from {:?} to {:?}", prev.storage_class, transition.storage_class),
                        Some("each transition moves to a colder class: STANDARD_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE".to_string()),
                    );
                } else if prev.storage_class == StorageClass::StandardIa
                    && transition.days < prev.days + 30
                {
                    self.error(
                        tat.key("days"),
                        format!("{} days is less than 30 days after the STANDARD_IA transition at {} days", transition.days, prev.days),
                        Some("S3 keeps objects in STANDARD_IA at least 30 days before the next transition".to_string()),
                    );
                }
            }
            previous = Some(transition);
        }
        if let (Some(expiration), Some(last)) =
            (lifecycle.expiration_days, lifecycle.transitions.last())
            && expiration <= last.days
        {
            self.error(
                at.key("expiration_days"),
                format!("lifecycle days out of order: expiration after {expiration} days is not after the last transition at {} days", last.days),
                Some("expire objects after their last transition".to_string()),
            );
        }
        for (field, value) in [
            ("expiration_days", lifecycle.expiration_days),
            (
                "noncurrent_expiration_days",
                lifecycle.noncurrent_expiration_days,
            ),
            (
                "abort_incomplete_multipart_days",
                Some(lifecycle.abort_incomplete_multipart_days),
            ),
        ] {
            if value == Some(0) {
                self.error(at.key(field), format!("{field} must be at least 1"), None);
            }
        }
    }
}
