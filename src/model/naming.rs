//! Names lakectl derives: bucket names, prefixed resource names, key aliases and CloudFormation
//! logical ids, and the names lakectl reserves for itself. Every function is pure and depends
//! only on the fields named in its signature, so a name stays stable when unrelated fields of
//! the blueprint change.

use sha2::{Digest, Sha256};

use super::vocab::ZoneKind;

/// What a lake's derived names depend on: its name, environment and region.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub lake: &'a str,
    pub environment: &'a str,
    pub region: &'a str,
}

/// The account placeholder used until the account id is known. Fn::Sub syntax, so rendered
/// templates resolve it and deploy substitutes the id from STS.
pub const ACCOUNT_TOKEN: &str = "${AWS::AccountId}";

/// Zone names lakectl uses for its own buckets.
pub const ACCESS_LOGS: &str = "access-logs";
pub const ATHENA_RESULTS: &str = "athena-results";
/// The bucket of Glue job scripts (and the jobs' temporary files).
pub const SCRIPTS: &str = "scripts";
/// Model id of the key that protects everything that is not a zone's data.
pub const PLATFORM_KEY: &str = "platform";
/// Model id of the single key of a `per-lake` strategy.
pub const LAKE_KEY: &str = "lake";
/// Names lakectl gives its own buckets and keys, so no zone may take them.
pub const RESERVED_ZONES: &[&str] = &[ACCESS_LOGS, ATHENA_RESULTS, SCRIPTS, PLATFORM_KEY, LAKE_KEY];

/// A zone's declared kind, or the one its name implies: raw, cleansed, curated, otherwise mart.
pub fn zone_kind(name: &str, declared: Option<ZoneKind>) -> ZoneKind {
    declared.unwrap_or(match name {
        "raw" => ZoneKind::Raw,
        "cleansed" => ZoneKind::Cleansed,
        "curated" => ZoneKind::Curated,
        _ => ZoneKind::Mart,
    })
}

/// `<lake>-<env>-<name>`: streams, delivery streams, roles, crawlers, work groups.
pub fn prefixed(lake: Scope, name: &str) -> String {
    format!("{}-{}-{name}", lake.lake, lake.environment)
}

/// `alias/<lake>-<env>-<key id>`.
pub fn key_alias(lake: Scope, key_id: &str) -> String {
    format!("alias/{}", prefixed(lake, key_id))
}

/// Default Glue database of a zone: `<lake>_<env>_<zone>` with hyphens as underscores.
pub fn default_database(lake: Scope, zone: &str) -> String {
    format!("{}_{}_{zone}", lake.lake, lake.environment).replace('-', "_")
}

/// `<lake>-<zone>-<env>-<account>-<region>`, at most 63 characters. A name that would be longer
/// keeps its account and region (they make it globally unique) and shortens the rest, adding a
/// hash of the full name so two long names never collide.
pub fn bucket_name(lake: Scope, zone: &str, account: &str) -> String {
    let stem = format!("{}-{zone}-{}", lake.lake, lake.environment);
    let tail = format!("{account}-{}", lake.region);
    // The account token stands for 12 digits.
    let tail_len = tail.len() - account.len() + 12;
    let full = format!("{stem}-{tail}");
    if stem.len() + 1 + tail_len <= 63 {
        return full;
    }
    // The hash leaves the account out so a name is the same whether the account is known yet.
    let hash = short_hash(&format!("{stem}-{}", lake.region), 4);
    let room = 63 - tail_len - 1 - hash.len() - 1;
    let shortened = stem[..room].trim_end_matches('-');
    format!("{shortened}-{hash}-{tail}")
}

/// The blueprint-level name of the role EventBridge assumes to start workflow `workflow`
/// (blueprint roles may not take it).
pub fn events_role_name(workflow: &str) -> String {
    format!("{workflow}-events")
}

/// `<lake>-<env>-<workflow>-events`, within IAM's 64 characters.
pub fn events_role(lake: Scope, workflow: &str) -> String {
    within(&prefixed(lake, &events_role_name(workflow)), 64)
}

/// `<lake>-<env>-<workflow>-start`, within EventBridge's 64 characters for a rule name.
pub fn event_rule(lake: Scope, workflow: &str) -> String {
    within(&prefixed(lake, &format!("{workflow}-start")), 64)
}

/// `<lake>-<env>-<region>-trail`: a multi-region trail's name holds in every region of the
/// account, so the same lake in two regions needs two names. CloudTrail allows 128 characters.
pub fn trail(lake: Scope) -> String {
    prefixed(lake, &format!("{}-trail", lake.region))
}

/// `<resource>-<signal>`, e.g. `retail-prod-orders-iterator-age`: the watched resource's name
/// (which starts with the lake's prefix) and what the alarm watches for. CloudWatch allows 255
/// characters.
pub fn alarm(resource: &str, signal: &str) -> String {
    within(&format!("{resource}-{signal}"), 255)
}

/// `name` when it fits in `max` bytes, else its start and a hash of the whole (names are ASCII).
fn within(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let hash = short_hash(name, 4);
    format!("{}-{hash}", &name[..max - hash.len() - 1])
}

/// The first `bytes` bytes of the SHA-256 of `text`, in hex: a stable, short disambiguator for
/// names and logical ids.
pub fn short_hash(text: &str, bytes: usize) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `zone` or `zone/tenant` in a role's reads and writes.
pub fn split_zone_entry(entry: &str) -> (&str, Option<&str>) {
    match entry.split_once('/') {
        Some((zone, tenant)) => (zone, Some(tenant)),
        None => (entry, None),
    }
}

/// CloudFormation logical id: alphanumeric CamelCase, e.g. `sales-mart` → `SalesMart`.
pub fn logical_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    id
}

/// Logical id of the lake key with model id `key_id`, e.g. `raw` → `KeyRaw`.
pub fn key_logical_id(key_id: &str) -> String {
    format!("Key{}", logical_id(key_id))
}

/// The logical id of a resource that accompanies another, from the other's: the key `KeyRaw`
/// has the alias `AliasRaw`, the bucket `BucketRaw` the policy `BucketPolicyRaw`.
pub fn companion_id(logical_id: &str, kind: &str, companion: &str) -> String {
    let own = logical_id.strip_prefix(kind).unwrap_or(logical_id);
    format!("{companion}{own}")
}

/// Partition of a region: `aws`, `aws-cn` or `aws-us-gov`.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lake<'a>(name: &'a str, env: &'a str, region: &'a str) -> Scope<'a> {
        Scope {
            lake: name,
            environment: env,
            region,
        }
    }

    #[test]
    fn bucket_names_are_readable_when_they_fit() {
        let name = bucket_name(lake("retail", "prod", "us-east-1"), "raw", "123456789012");
        assert_eq!(name, "retail-raw-prod-123456789012-us-east-1");
    }

    #[test]
    fn long_bucket_names_are_shortened_with_a_hash_and_keep_account_and_region() {
        let l = lake("a-very-long-lake-nam", "production", "ap-southeast-2");
        let name = bucket_name(l, "marketing-campaigns", "123456789012");
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("-123456789012-ap-southeast-2"), "{name}");
        assert_eq!(
            name,
            bucket_name(l, "marketing-campaigns", "123456789012"),
            "deterministic"
        );
        assert_ne!(
            name,
            bucket_name(l, "marketing-campaignz", "123456789012"),
            "distinct"
        );
    }

    #[test]
    fn the_account_token_counts_as_twelve_digits() {
        let l = lake("a-very-long-lake-nam", "production", "ap-southeast-2");
        let with_token = bucket_name(l, "marketing-campaigns", ACCOUNT_TOKEN);
        let with_id = bucket_name(l, "marketing-campaigns", "123456789012");
        assert_eq!(
            with_token.replace(ACCOUNT_TOKEN, "123456789012").len(),
            with_id.len()
        );
    }

    #[test]
    fn logical_ids_are_camel_case() {
        assert_eq!(logical_id("sales-mart"), "SalesMart");
        assert_eq!(logical_id("raw"), "Raw");
        assert_eq!(logical_id("retail_curated"), "RetailCurated");
    }

    #[test]
    fn partitions_follow_the_region() {
        assert_eq!(partition("us-east-1"), "aws");
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
    }
}
