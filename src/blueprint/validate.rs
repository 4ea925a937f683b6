//! Semantic validation: names, references, ordering and guardrails. Every problem is collected
//! (not just the first) and located by its field path.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::diagnostic::{Diagnostic, Diagnostics, FieldPath};
use super::load::Source;
use super::locate::Locator;
use super::names::{self, NameResult};
use super::types::*;
use crate::lens::ids;
use crate::model::naming;

/// Tags lakectl itself puts on every resource; they count against the 50-tag limit S3 has.
const OWN_TAGS: usize = 4;
/// Names lakectl gives its own buckets and keys.
const RESERVED_ZONES: &[&str] = &[
    naming::ACCESS_LOGS,
    naming::ATHENA_RESULTS,
    crate::model::PLATFORM_KEY,
    crate::model::LAKE_KEY,
];
const MAX_TAGS: usize = 50;

pub fn validate(blueprint: &Blueprint, source: &Source) -> Result<(), Diagnostics> {
    let mut check = Checker::default();
    check.lake(&blueprint.lake);
    check.encryption(&blueprint.encryption);
    let zones = check.zones(blueprint);
    check.streams(&blueprint.streams);
    check.delivery_streams(blueprint, &zones);
    check.catalog(blueprint, &zones);
    check.athena(&blueprint.athena);
    check.roles(blueprint, &zones);
    check.lake_formation(blueprint);
    check.derived_names(blueprint);
    check.finish(source)
}

/// A problem before it is located.
struct Problem {
    path: FieldPath,
    message: String,
    help: Option<String>,
    lens: Option<&'static str>,
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn error(
        &mut self,
        path: FieldPath,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) {
        self.problems.push(Problem {
            path,
            message: message.into(),
            help: help.into(),
            lens: None,
        });
    }

    /// A refused attempt to weaken a guardrail: says why, and which lens question it answers.
    fn guardrail(
        &mut self,
        path: FieldPath,
        message: impl Into<String>,
        help: &str,
        lens: &'static str,
    ) {
        self.problems.push(Problem {
            path,
            message: message.into(),
            help: Some(help.to_string()),
            lens: Some(lens),
        });
    }

    fn name(&mut self, path: FieldPath, what: &str, value: &str, rule: NameResult) {
        if let Err(allowed) = rule {
            self.error(
                path,
                format!("invalid {what} `{}`", printable(value)),
                Some(format!("allowed: {allowed}")),
            );
        }
    }

    /// Reports the second and later occurrences of each name.
    fn unique<'a>(&mut self, what: &str, items: impl IntoIterator<Item = (FieldPath, &'a str)>) {
        let mut seen: HashMap<&str, FieldPath> = HashMap::new();
        for (path, name) in items {
            if let Some(first) = seen.get(name) {
                let help = format!("the first is at `{first}`; names must be unique");
                self.error(
                    path,
                    format!("duplicate {what} `{}`", printable(name)),
                    Some(help),
                );
            } else {
                seen.insert(name, path);
            }
        }
    }

    fn reference(
        &mut self,
        path: FieldPath,
        what: &str,
        name: &str,
        known: &HashSet<&str>,
    ) -> bool {
        if known.contains(name) {
            return true;
        }
        let mut options: Vec<&str> = known.iter().copied().collect();
        options.sort_unstable();
        let help = if options.is_empty() {
            format!("no {what} is defined")
        } else {
            format!("defined {what}s: {}", options.join(", "))
        };
        self.error(
            path,
            format!("unknown {what} `{}`", printable(name)),
            Some(help),
        );
        false
    }

    fn finish(self, source: &Source) -> Result<(), Diagnostics> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let locator = Locator::new(&source.text);
        let mut diagnostics: Vec<Diagnostic> = self
            .problems
            .into_iter()
            .map(|p| Diagnostic {
                file: source.name.clone(),
                position: locator.position(&p.path),
                path: p.path,
                message: p.message,
                help: p.help,
                lens: p.lens,
            })
            .collect();
        diagnostics.sort_by_key(|d| d.position.map(|p| (p.line, p.column)));
        Err(Diagnostics(diagnostics))
    }

    fn lake(&mut self, lake: &Lake) {
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

    fn encryption(&mut self, encryption: &Encryption) {
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
    }

    fn refuse_weaker_encryption(&mut self, path: FieldPath, mode: &str, what: &str) {
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

    /// Returns the zone names, for reference checks.
    fn zones<'a>(&mut self, blueprint: &'a Blueprint) -> HashSet<&'a str> {
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
            let zat = at.index(i);
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
            let kind = naming::zone_kind(zone);
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
        if !blueprint.zones.is_empty()
            && !blueprint
                .zones
                .iter()
                .any(|z| naming::zone_kind(z) == ZoneKind::Raw)
        {
            self.error(at.clone(), "no raw zone is defined", Some("zoned lakes land data in a raw zone first; add a zone named `raw` or with `kind: raw`".to_string()));
        }
        blueprint.zones.iter().map(|z| z.name.as_str()).collect()
    }

    fn lifecycle(&mut self, at: FieldPath, lifecycle: &Lifecycle) {
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

    fn streams(&mut self, streams: &[Stream]) {
        let at = FieldPath::root().key("streams");
        for (i, stream) in streams.iter().enumerate() {
            let sat = at.index(i);
            self.name(
                sat.key("name"),
                "stream name",
                &stream.name,
                names::stream(&stream.name, 100),
            );
            match (stream.mode, stream.shards) {
                (StreamMode::Provisioned, None) => self.error(
                    sat.key("mode"),
                    "provisioned streams need `shards`",
                    Some("set `shards: N` (1 or more), or use `mode: on-demand`".to_string()),
                ),
                (StreamMode::Provisioned, Some(0)) => self.error(
                    sat.key("shards"),
                    "a provisioned stream needs at least 1 shard",
                    None,
                ),
                (StreamMode::OnDemand, Some(_)) => self.error(
                    sat.key("shards"),
                    "`shards` applies to provisioned streams only",
                    Some("remove `shards`, or set `mode: provisioned`".to_string()),
                ),
                _ => {}
            }
            if !(24..=8760).contains(&stream.retention_hours) {
                self.error(
                    sat.key("retention_hours"),
                    format!(
                        "retention of {} hours is out of range",
                        stream.retention_hours
                    ),
                    Some("allowed: 24 to 8760 hours".to_string()),
                );
            }
        }
        self.unique(
            "stream",
            streams
                .iter()
                .enumerate()
                .map(|(i, s)| (at.index(i).key("name"), s.name.as_str())),
        );
    }

    fn delivery_streams(&mut self, blueprint: &Blueprint, zones: &HashSet<&str>) {
        let at = FieldPath::root().key("delivery_streams");
        let streams: HashSet<&str> = blueprint.streams.iter().map(|s| s.name.as_str()).collect();
        for (i, delivery) in blueprint.delivery_streams.iter().enumerate() {
            let dat = at.index(i);
            self.name(
                dat.key("name"),
                "delivery stream name",
                &delivery.name,
                names::stream(&delivery.name, 40),
            );
            if let Some(source) = &delivery.source_stream {
                self.reference(dat.key("source_stream"), "stream", source, &streams);
            }
            self.reference(dat.key("zone"), "zone", &delivery.zone, zones);
            self.name(
                dat.key("prefix"),
                "prefix",
                &delivery.prefix,
                names::prefix(&delivery.prefix),
            );
            if let Some(error_prefix) = &delivery.error_prefix {
                self.name(
                    dat.key("error_prefix"),
                    "error prefix",
                    error_prefix,
                    names::prefix(error_prefix),
                );
                if error_prefix.starts_with(&delivery.prefix) {
                    self.error(dat.key("error_prefix"), "the error prefix is inside the data prefix", Some("failed records would be read as data; use a separate prefix such as `errors/`".to_string()));
                }
            }
            if !(1..=128).contains(&delivery.buffering.size_mb) {
                self.error(
                    dat.key("buffering").key("size_mb"),
                    format!(
                        "buffer size of {} MiB is out of range",
                        delivery.buffering.size_mb
                    ),
                    Some("allowed: 1 to 128 MiB".to_string()),
                );
            }
            if delivery.buffering.interval_seconds > 900 {
                self.error(
                    dat.key("buffering").key("interval_seconds"),
                    format!(
                        "buffer interval of {} s is out of range",
                        delivery.buffering.interval_seconds
                    ),
                    Some("allowed: 0 to 900 seconds".to_string()),
                );
            }
            self.role_of_purpose(
                blueprint,
                dat.key("role"),
                &delivery.role,
                RolePurpose::Ingestion,
            );
        }
        self.unique(
            "delivery stream",
            blueprint
                .delivery_streams
                .iter()
                .enumerate()
                .map(|(i, d)| (at.index(i).key("name"), d.name.as_str())),
        );
    }

    fn role_of_purpose(
        &mut self,
        blueprint: &Blueprint,
        path: FieldPath,
        name: &str,
        purpose: RolePurpose,
    ) {
        let roles: HashSet<&str> = blueprint.roles.iter().map(|r| r.name.as_str()).collect();
        if !self.reference(path.clone(), "role", name, &roles) {
            return;
        }
        if let Some(role) = blueprint.roles.iter().find(|r| r.name == name)
            && role.purpose != purpose
        {
            self.error(
                path,
                format!("role `{name}` has purpose {:?}, not {purpose:?}", role.purpose),
                Some("each role has one purpose so its policy stays least-privilege; use or add a role with the right purpose".to_string()),
            );
        }
    }

    fn catalog(&mut self, blueprint: &Blueprint, zones: &HashSet<&str>) {
        let at = FieldPath::root().key("catalog");
        if let Some(encryption) = &blueprint.catalog.encryption {
            if !encryption.metadata {
                self.guardrail(
                    at.key("encryption").key("metadata"),
                    "Data Catalog metadata encryption cannot be turned off",
                    "remove the field; the catalog is encrypted with the lake's catalog key",
                    ids::SEC_AT_REST,
                );
            }
            if !encryption.connection_passwords {
                self.guardrail(at.key("encryption").key("connection_passwords"), "connection password encryption cannot be turned off", "remove the field; connection passwords are encrypted with the lake's catalog key", ids::SEC_AT_REST);
            }
        }
        let dat = at.key("databases");
        for (i, database) in blueprint.catalog.databases.iter().enumerate() {
            let at = dat.index(i);
            self.name(
                at.key("name"),
                "database name",
                &database.name,
                names::glue(&database.name),
            );
            self.reference(at.key("zone"), "zone", &database.zone, zones);
            for (t, table) in database.tables.iter().enumerate() {
                self.table(at.key("tables").index(t), table);
            }
            self.unique(
                "table",
                database
                    .tables
                    .iter()
                    .enumerate()
                    .map(|(t, x)| (at.key("tables").index(t).key("name"), x.name.as_str())),
            );
        }
        self.unique(
            "database",
            blueprint
                .catalog
                .databases
                .iter()
                .enumerate()
                .map(|(i, d)| (dat.index(i).key("name"), d.name.as_str())),
        );

        let databases: HashSet<&str> = blueprint
            .catalog
            .databases
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        let cat = at.key("crawlers");
        for (i, crawler) in blueprint.catalog.crawlers.iter().enumerate() {
            let at = cat.index(i);
            self.name(
                at.key("name"),
                "crawler name",
                &crawler.name,
                names::stream(&crawler.name, 100),
            );
            self.reference(
                at.key("database"),
                "database",
                &crawler.database,
                &databases,
            );
            if crawler.prefixes.is_empty() {
                self.error(
                    at.key("prefixes"),
                    "a crawler needs at least one prefix",
                    Some("list the key prefixes to crawl, e.g. `[pos/]`".to_string()),
                );
            }
            for (p, prefix) in crawler.prefixes.iter().enumerate() {
                self.name(
                    at.key("prefixes").index(p),
                    "prefix",
                    prefix,
                    names::prefix(prefix),
                );
            }
            if let Some(schedule) = &crawler.schedule {
                self.name(
                    at.key("schedule"),
                    "schedule",
                    schedule,
                    names::cron(schedule),
                );
            }
            self.role_of_purpose(
                blueprint,
                at.key("role"),
                &crawler.role,
                RolePurpose::Crawler,
            );
        }
        self.unique(
            "crawler",
            blueprint
                .catalog
                .crawlers
                .iter()
                .enumerate()
                .map(|(i, c)| (cat.index(i).key("name"), c.name.as_str())),
        );
    }

    fn table(&mut self, at: FieldPath, table: &Table) {
        self.name(
            at.key("name"),
            "table name",
            &table.name,
            names::glue(&table.name),
        );
        self.name(
            at.key("prefix"),
            "prefix",
            &table.prefix,
            names::prefix(&table.prefix),
        );
        if table.columns.is_empty() {
            self.error(at.key("columns"), "a table needs at least one column", None);
        }
        let columns = table
            .columns
            .iter()
            .enumerate()
            .map(|(c, col)| (at.key("columns").index(c), col));
        let partitions = table
            .partition_keys
            .iter()
            .enumerate()
            .map(|(c, col)| (at.key("partition_keys").index(c), col));
        let all: Vec<(FieldPath, &Column)> = columns.chain(partitions).collect();
        for (path, column) in &all {
            self.name(
                path.key("name"),
                "column name",
                &column.name,
                names::glue(&column.name),
            );
            self.name(
                path.key("type"),
                "column type",
                &column.kind,
                names::hive_type(&column.kind),
            );
        }
        self.unique(
            "column",
            all.iter()
                .map(|(path, column)| (path.key("name"), column.name.as_str())),
        );
        let compression_fits = match (table.format, table.compression) {
            (_, None | Some(TableCompression::None)) => true,
            (TableFormat::Parquet, Some(c)) => matches!(
                c,
                TableCompression::Snappy | TableCompression::Gzip | TableCompression::Zstd
            ),
            (TableFormat::Orc, Some(c)) => matches!(
                c,
                TableCompression::Snappy | TableCompression::Zlib | TableCompression::Zstd
            ),
            (TableFormat::Avro, Some(c)) => {
                matches!(c, TableCompression::Snappy | TableCompression::Zstd)
            }
            (TableFormat::Json | TableFormat::Csv, Some(c)) => {
                matches!(c, TableCompression::Gzip | TableCompression::Zstd)
            }
        };
        if !compression_fits {
            self.error(
                at.key("compression"),
                format!("{:?} compression does not apply to {:?} tables", table.compression.unwrap_or(TableCompression::None), table.format),
                Some("parquet: snappy, gzip, zstd; orc: snappy, zlib, zstd; avro: snappy, zstd; json and csv: gzip, zstd".to_string()),
            );
        }
    }

    fn athena(&mut self, athena: &Athena) {
        let at = FieldPath::root().key("athena").key("workgroups");
        for (i, workgroup) in athena.workgroups.iter().enumerate() {
            let wat = at.index(i);
            self.name(
                wat.key("name"),
                "work group name",
                &workgroup.name,
                names::workgroup(&workgroup.name),
            );
            if workgroup.bytes_scanned_cutoff_mb < 10 {
                self.error(
                    wat.key("bytes_scanned_cutoff_mb"),
                    format!(
                        "a cutoff of {} MiB is below Athena's minimum",
                        workgroup.bytes_scanned_cutoff_mb
                    ),
                    Some("allowed: 10 MiB or more".to_string()),
                );
            }
        }
        self.unique(
            "work group",
            athena
                .workgroups
                .iter()
                .enumerate()
                .map(|(i, w)| (at.index(i).key("name"), w.name.as_str())),
        );
    }

    fn roles(&mut self, blueprint: &Blueprint, zones: &HashSet<&str>) {
        let at = FieldPath::root().key("roles");
        let workgroups: HashSet<&str> = blueprint
            .athena
            .workgroups
            .iter()
            .map(|w| w.name.as_str())
            .collect();
        for (i, role) in blueprint.roles.iter().enumerate() {
            let rat = at.index(i);
            self.name(
                rat.key("name"),
                "role name",
                &role.name,
                names::role(&role.name),
            );
            for (field, entries) in [("reads", &role.reads), ("writes", &role.writes)] {
                for (z, entry) in entries.iter().enumerate() {
                    self.zone_entry(blueprint, rat.key(field).index(z), entry, zones);
                }
            }
            for (w, workgroup) in role.workgroups.iter().enumerate() {
                self.reference(
                    rat.key("workgroups").index(w),
                    "work group",
                    workgroup,
                    &workgroups,
                );
            }
            for (p, principal) in role.assumed_by.iter().enumerate() {
                self.name(
                    rat.key("assumed_by").index(p),
                    "principal",
                    principal,
                    names::principal_arn(principal),
                );
            }
            let allowed: &[&str] = match role.purpose {
                RolePurpose::Ingestion | RolePurpose::Crawler => &[],
                RolePurpose::Etl => &["reads", "writes"],
                RolePurpose::Analyst => &["reads", "workgroups", "assumed_by"],
                RolePurpose::Admin => &["assumed_by"],
            };
            for (field, used) in [
                ("reads", !role.reads.is_empty()),
                ("writes", !role.writes.is_empty()),
                ("workgroups", !role.workgroups.is_empty()),
                ("assumed_by", !role.assumed_by.is_empty()),
            ] {
                if used && !allowed.contains(&field) {
                    self.error(
                        rat.key(field),
                        format!("`{field}` does not apply to a role with purpose {:?}", role.purpose),
                        Some("ingestion and crawler roles get exactly what their delivery streams and crawlers need".to_string()),
                    );
                }
            }
            if role.purpose == RolePurpose::Etl && role.reads.is_empty() && role.writes.is_empty() {
                self.error(
                    rat.key("purpose"),
                    "an etl role needs `reads` or `writes`",
                    None,
                );
            }
        }
        self.unique(
            "role",
            blueprint
                .roles
                .iter()
                .enumerate()
                .map(|(i, r)| (at.index(i).key("name"), r.name.as_str())),
        );
    }

    /// `zone` or `zone/tenant`: a whole zone, or one tenant's `tenant=<name>/` prefix in it.
    fn zone_entry(
        &mut self,
        blueprint: &Blueprint,
        path: FieldPath,
        entry: &str,
        zones: &HashSet<&str>,
    ) {
        let (zone, tenant) = crate::model::split_zone_entry(entry);
        if !self.reference(path.clone(), "zone", zone, zones) {
            return;
        }
        if let Some(tenant) = tenant {
            let tenants: HashSet<&str> = blueprint
                .zones
                .iter()
                .filter(|z| z.name == zone)
                .flat_map(|z| z.tenants.iter().map(String::as_str))
                .collect();
            self.reference(path, "tenant", tenant, &tenants);
        }
    }

    fn lake_formation(&mut self, blueprint: &Blueprint) {
        let at = FieldPath::root().key("lake_formation");
        let lf = &blueprint.lake_formation;
        if lf.iam_allowed_principals_default == Some(true) {
            self.guardrail(
                at.key("iam_allowed_principals_default"),
                "IAM_ALLOWED_PRINCIPALS default permissions are refused: they bypass Lake Formation grants",
                "remove the field; access is granted explicitly under `lake_formation.grants`",
                ids::SEC_AUTHORIZE,
            );
        }
        for (i, admin) in lf.admins.iter().enumerate() {
            self.principal(blueprint, at.key("admins").index(i), admin);
        }
        let databases: BTreeMap<&str, &Database> = blueprint
            .catalog
            .databases
            .iter()
            .map(|d| (d.name.as_str(), d))
            .collect();
        let names: HashSet<&str> = databases.keys().copied().collect();
        for (i, grant) in lf.grants.iter().enumerate() {
            let gat = at.key("grants").index(i);
            self.principal(blueprint, gat.key("principal"), &grant.principal);
            if grant.permissions.is_empty() {
                self.error(
                    gat.key("permissions"),
                    "a grant needs at least one permission",
                    Some("e.g. `[SELECT, DESCRIBE]`".to_string()),
                );
            }
            if !self.reference(gat.key("database"), "database", &grant.database, &names) {
                continue;
            }
            let database = databases[grant.database.as_str()];
            match &grant.table {
                None => {
                    if !grant.columns.is_empty() {
                        self.error(
                            gat.key("columns"),
                            "column lists apply to table grants only",
                            Some("add `table:` or remove `columns`".to_string()),
                        );
                    }
                    for (p, permission) in grant.permissions.iter().enumerate() {
                        if matches!(
                            permission,
                            Permission::Select | Permission::Insert | Permission::Delete
                        ) {
                            self.error(gat.key("permissions").index(p), format!("{permission:?} is a table permission"), Some("database grants take DESCRIBE, ALTER and CREATE_TABLE; name a `table:` for data access".to_string()));
                        }
                    }
                }
                Some(table_name) => {
                    let tables: HashSet<&str> =
                        database.tables.iter().map(|t| t.name.as_str()).collect();
                    if !self.reference(gat.key("table"), "table", table_name, &tables) {
                        continue;
                    }
                    let table = database
                        .tables
                        .iter()
                        .find(|t| &t.name == table_name)
                        .expect("checked above");
                    let columns: HashSet<&str> = table
                        .columns
                        .iter()
                        .chain(&table.partition_keys)
                        .map(|c| c.name.as_str())
                        .collect();
                    for (c, column) in grant.columns.iter().enumerate() {
                        self.reference(gat.key("columns").index(c), "column", column, &columns);
                    }
                    if let Some(p) = grant
                        .permissions
                        .iter()
                        .position(|p| *p == Permission::CreateTable)
                    {
                        self.error(
                            gat.key("permissions").index(p),
                            "CREATE_TABLE is a database permission",
                            Some("grant it on the database (no `table:`)".to_string()),
                        );
                    }
                    if !grant.columns.is_empty()
                        && grant
                            .permissions
                            .iter()
                            .any(|p| !matches!(p, Permission::Select))
                    {
                        self.error(gat.key("permissions"), "column-limited grants take SELECT only", Some("split the grant: SELECT on the columns, other permissions on the table".to_string()));
                    }
                }
            }
        }
    }

    fn principal(&mut self, blueprint: &Blueprint, path: FieldPath, principal: &str) {
        if principal.starts_with("arn:") {
            self.name(
                path,
                "principal",
                principal,
                names::principal_arn(principal),
            );
        } else {
            let roles: HashSet<&str> = blueprint.roles.iter().map(|r| r.name.as_str()).collect();
            self.reference(path, "role", principal, &roles);
        }
    }

    /// Names lakectl derives (prefixed with lake and environment) must fit AWS limits too, and
    /// CloudFormation logical ids must not collide.
    fn derived_names(&mut self, blueprint: &Blueprint) {
        if !self.problems.is_empty() {
            return; // derived names of invalid parts would only repeat those errors
        }
        let lake = &blueprint.lake;
        let prefixed = |name: &str| naming::prefixed(lake, name);
        for (i, role) in blueprint.roles.iter().enumerate() {
            let full = prefixed(&role.name);
            self.name(
                FieldPath::root().key("roles").index(i).key("name"),
                "role name (with the lake prefix)",
                &full,
                names::role(&full),
            );
        }
        for (i, delivery) in blueprint.delivery_streams.iter().enumerate() {
            let full = prefixed(&delivery.name);
            self.name(
                FieldPath::root()
                    .key("delivery_streams")
                    .index(i)
                    .key("name"),
                "delivery stream name (with the lake prefix)",
                &full,
                names::stream(&full, 64),
            );
        }
        for (i, stream) in blueprint.streams.iter().enumerate() {
            let full = prefixed(&stream.name);
            self.name(
                FieldPath::root().key("streams").index(i).key("name"),
                "stream name (with the lake prefix)",
                &full,
                names::stream(&full, 128),
            );
        }
        // Names that differ only in punctuation (`a.b`, `a_b`) map to one CloudFormation
        // logical id; the rendered template would silently merge them.
        let model = crate::model::compile(blueprint, &Default::default());
        let ids = logical_ids(&model);
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (path, id, name) in &ids {
            if let Some(first) = seen.insert(id, name) {
                self.error(
                    path.clone(),
                    format!(
                        "`{name}` and `{first}` both become the CloudFormation logical id `{id}`"
                    ),
                    Some("rename one so they differ in letters or digits".to_string()),
                );
            }
        }
    }
}

/// Every CloudFormation logical id of the model, with the blueprint field that names it.
fn logical_ids(model: &crate::model::Model) -> Vec<(FieldPath, String, String)> {
    let root = FieldPath::root();
    let mut ids = Vec::new();
    let mut add =
        |path: FieldPath, id: &str, name: &str| ids.push((path, id.to_string(), name.to_string()));
    for (i, b) in model
        .buckets
        .iter()
        .filter(|b| b.zone().is_some())
        .enumerate()
    {
        add(root.key("zones").index(i).key("name"), &b.logical_id, &b.id);
    }
    for (i, s) in model.streams.iter().enumerate() {
        add(
            root.key("streams").index(i).key("name"),
            &s.logical_id,
            &s.id,
        );
    }
    for (i, d) in model.delivery_streams.iter().enumerate() {
        add(
            root.key("delivery_streams").index(i).key("name"),
            &d.logical_id,
            &d.id,
        );
    }
    for (i, r) in model.roles.iter().enumerate() {
        add(root.key("roles").index(i).key("name"), &r.logical_id, &r.id);
    }
    for (i, w) in model.workgroups.iter().enumerate() {
        add(
            root.key("athena").key("workgroups").index(i).key("name"),
            &w.logical_id,
            &w.name,
        );
    }
    for (i, c) in model.catalog.crawlers.iter().enumerate() {
        add(
            root.key("catalog").key("crawlers").index(i).key("name"),
            &c.logical_id,
            &c.name,
        );
    }
    for (i, d) in model.catalog.databases.iter().enumerate() {
        add(
            root.key("catalog").key("databases").index(i).key("name"),
            &d.logical_id,
            &d.name,
        );
    }
    ids
}

/// Shows control characters visibly, so an error about a name never prints a raw newline or
/// terminal escape.
fn printable(value: &str) -> String {
    let shown: String = value
        .chars()
        .take(80)
        .flat_map(char::escape_debug)
        .collect();
    if value.chars().count() > 80 {
        format!("{shown}…")
    } else {
        shown
    }
}
