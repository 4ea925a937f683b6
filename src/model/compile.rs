//! Blueprint → desired model: every default filled in, every reference resolved to a model id,
//! every name derived, every policy built. The blueprint must already be valid.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use super::naming::{self, ACCESS_LOGS, ACCOUNT_TOKEN, ATHENA_RESULTS, logical_id};
use super::policies::{self, RoleNeeds};
use super::*;
use crate::blueprint::{self as bp, Blueprint, KeyStrategy, Permission};

/// Settings that are not part of the blueprint.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// Account id to use when the blueprint has none (deploy asks STS; render may be told).
    pub account: Option<String>,
}

/// Model id of the key that protects everything that is not a zone's data.
pub const PLATFORM_KEY: &str = "platform";
/// Model id of the single key of a `per-lake` strategy.
pub const LAKE_KEY: &str = "lake";

pub fn compile(blueprint: &Blueprint, options: &CompileOptions) -> Model {
    Compiler::new(blueprint, options).compile()
}

struct Compiler<'a> {
    bp: &'a Blueprint,
    lake: LakeInfo,
}

impl<'a> Compiler<'a> {
    fn new(bp: &'a Blueprint, options: &CompileOptions) -> Self {
        let l = &bp.lake;
        let account = options
            .account
            .clone()
            .or_else(|| l.account_id.clone())
            .unwrap_or_else(|| ACCOUNT_TOKEN.to_string());
        let mut tags = l.tags.clone();
        tags.insert("owner".into(), l.owner.clone());
        tags.insert("lake".into(), l.name.clone());
        tags.insert("environment".into(), l.environment.clone());
        tags.insert("managed-by".into(), "lakectl".into());
        let lake = LakeInfo {
            name: l.name.clone(),
            environment: l.environment.clone(),
            region: l.region.clone(),
            account,
            partition: naming::partition(&l.region).to_string(),
            owner: l.owner.clone(),
            tags,
        };
        Compiler { bp, lake }
    }

    fn tags(&self) -> Prop<Tags> {
        Prop::Known(self.lake.tags.clone())
    }

    fn prefixed(&self, name: &str) -> String {
        naming::prefixed(&self.bp.lake, name)
    }

    fn key_id_for_zone(&self, zone: &str) -> String {
        match self.bp.encryption.key_strategy {
            KeyStrategy::PerZone => zone.to_string(),
            KeyStrategy::PerLake => LAKE_KEY.to_string(),
        }
    }

    fn platform_key(&self) -> &'static str {
        match self.bp.encryption.key_strategy {
            KeyStrategy::PerZone => PLATFORM_KEY,
            KeyStrategy::PerLake => LAKE_KEY,
        }
    }

    fn zone_bucket_name(&self, zone: &bp::Zone) -> String {
        zone.bucket_name
            .clone()
            .unwrap_or_else(|| naming::bucket_name(&self.bp.lake, &zone.name, &self.lake.account))
    }

    fn bucket_of_zone(&self, zone: &str) -> String {
        let zone = self
            .bp
            .zones
            .iter()
            .find(|z| z.name == zone)
            .expect("validated: zone exists");
        self.zone_bucket_name(zone)
    }

    fn alias(&self, key_id: &str) -> String {
        naming::key_alias(&self.bp.lake, key_id)
    }

    fn role_arn(&self, name: &str) -> String {
        format!(
            "arn:{}:iam::{}:role/{}",
            self.lake.partition,
            self.lake.account,
            self.prefixed(name)
        )
    }

    /// A principal written as a role name or an ARN.
    fn principal_arn(&self, principal: &str) -> String {
        if principal.starts_with("arn:") {
            principal.to_string()
        } else {
            self.role_arn(principal)
        }
    }

    fn compile(self) -> Model {
        let keys = self.keys();
        let buckets = self.buckets(&keys);
        let streams = self.streams();
        let delivery_streams = self.delivery_streams();
        let catalog = self.catalog();
        let workgroups = self.workgroups();
        let lake_formation = self.lake_formation(&buckets);
        let needs = self.role_needs(&catalog);
        let roles = self.roles(&needs);
        let keys = self.key_policies(keys, &needs);
        Model {
            lake: self.lake,
            keys,
            buckets,
            streams,
            delivery_streams,
            catalog,
            workgroups,
            lake_formation,
            roles,
            account: None,
        }
    }

    fn keys(&self) -> Vec<Key> {
        let ids: Vec<(String, String)> = match self.bp.encryption.key_strategy {
            KeyStrategy::PerZone => self
                .bp
                .zones
                .iter()
                .map(|z| (z.name.clone(), format!("data in the {} zone", z.name)))
                .chain([(
                    PLATFORM_KEY.to_string(),
                    "streams, catalog and query results".to_string(),
                )])
                .collect(),
            KeyStrategy::PerLake => vec![(LAKE_KEY.to_string(), "all data".to_string())],
        };
        ids.into_iter()
            .map(|(id, what)| Key {
                logical_id: format!("Key{}", logical_id(&id)),
                alias: self.alias(&id),
                description: format!(
                    "lakectl {}-{}: {what}",
                    self.lake.name, self.lake.environment
                ),
                arn: None,
                rotation: Prop::Known(true),
                state: Prop::Known(KeyState::Enabled),
                customer_managed: Prop::Known(true),
                policy: Prop::unknown("built after roles"),
                deletion_window_days: self.bp.encryption.deletion_window_days,
                tags: self.tags(),
                id,
            })
            .collect()
    }

    fn key_policies(
        &self,
        keys: Vec<Key>,
        needs: &BTreeMap<String, (RolePurpose, RoleNeeds)>,
    ) -> Vec<Key> {
        keys.into_iter()
            .map(|mut key| {
                let users: Vec<String> = needs
                    .iter()
                    .filter(|(_, (_, n))| {
                        n.s3_keys.contains(&key.alias) || n.service_keys.contains(&key.alias)
                    })
                    .map(|(role, _)| self.role_arn(role))
                    .collect();
                let services: &[&str] = if key.id == PLATFORM_KEY || key.id == LAKE_KEY {
                    &["athena", "firehose", "glue", "kinesis", "logs", "s3"]
                } else {
                    &["s3"]
                };
                key.policy = Prop::Known(policies::key_policy(&self.lake, &key, &users, services));
                key
            })
            .collect()
    }

    fn buckets(&self, keys: &[Key]) -> Vec<Bucket> {
        let key = |id: &str| {
            keys.iter()
                .find(|k| k.id == id)
                .expect("every key id used has a key")
                .clone()
        };
        let logs_name = naming::bucket_name(&self.bp.lake, ACCESS_LOGS, &self.lake.account);
        let logging = |prefix: &str| {
            Prop::Known(Some(BucketLogging {
                target_bucket: logs_name.clone(),
                target_prefix: format!("{prefix}/"),
            }))
        };
        let mut buckets = Vec::new();
        for zone in &self.bp.zones {
            let kind = naming::zone_kind(zone);
            let versioned = kind == ZoneKind::Raw || zone.versioning.unwrap_or(false);
            let key_id = self.key_id_for_zone(&zone.name);
            let mut bucket = Bucket {
                id: zone.name.clone(),
                logical_id: format!("Bucket{}", logical_id(&zone.name)),
                purpose: BucketPurpose::Zone {
                    zone: zone.name.clone(),
                    zone_kind: kind,
                    tenants: zone.tenants.clone(),
                },
                name: self.zone_bucket_name(zone),
                encryption: Prop::Known(BucketEncryption {
                    algorithm: SseAlgorithm::Kms,
                    key: Some(KeyRef::Lake(key_id.clone())),
                    bucket_key: true,
                }),
                public_access_block: Prop::Known(PublicAccessBlock::ALL_ON),
                ownership: Prop::Known(ObjectOwnership::BucketOwnerEnforced),
                versioning: Prop::Known(if versioned {
                    Versioning::Enabled
                } else {
                    Versioning::Disabled
                }),
                lifecycle: Prop::Known(vec![zone_lifecycle(
                    kind,
                    zone.lifecycle.as_ref(),
                    versioned,
                )]),
                logging: logging(&zone.name),
                policy: Prop::Known(None),
                tags: self.tags(),
            };
            bucket.policy = Prop::Known(Some(policies::data_bucket_policy(
                &self.lake,
                &bucket,
                &key(&key_id),
            )));
            buckets.push(bucket);
        }

        let platform = key(self.platform_key());
        let mut results = Bucket {
            id: ATHENA_RESULTS.to_string(),
            logical_id: "BucketAthenaResults".to_string(),
            purpose: BucketPurpose::AthenaResults,
            name: naming::bucket_name(&self.bp.lake, ATHENA_RESULTS, &self.lake.account),
            encryption: Prop::Known(BucketEncryption {
                algorithm: SseAlgorithm::Kms,
                key: Some(KeyRef::Lake(platform.id.clone())),
                bucket_key: true,
            }),
            public_access_block: Prop::Known(PublicAccessBlock::ALL_ON),
            ownership: Prop::Known(ObjectOwnership::BucketOwnerEnforced),
            versioning: Prop::Known(Versioning::Disabled),
            lifecycle: Prop::Known(vec![expiring_lifecycle(
                "expire-query-results",
                self.bp.athena_results.expiration_days,
            )]),
            logging: logging(ATHENA_RESULTS),
            policy: Prop::Known(None),
            tags: self.tags(),
        };
        results.policy = Prop::Known(Some(policies::data_bucket_policy(
            &self.lake, &results, &platform,
        )));
        buckets.push(results);

        let sources: Vec<String> = buckets
            .iter()
            .map(|b| b.arn(&self.lake.partition))
            .collect();
        let mut logs = Bucket {
            id: ACCESS_LOGS.to_string(),
            logical_id: "BucketAccessLogs".to_string(),
            purpose: BucketPurpose::AccessLogs,
            name: logs_name,
            // S3 delivers server access logs only to SSE-S3 buckets.
            encryption: Prop::Known(BucketEncryption {
                algorithm: SseAlgorithm::Aes256,
                key: None,
                bucket_key: false,
            }),
            public_access_block: Prop::Known(PublicAccessBlock::ALL_ON),
            ownership: Prop::Known(ObjectOwnership::BucketOwnerEnforced),
            versioning: Prop::Known(Versioning::Disabled),
            lifecycle: Prop::Known(vec![expiring_lifecycle(
                "expire-access-logs",
                self.bp.access_logs.retention_days,
            )]),
            logging: Prop::Known(None),
            policy: Prop::Known(None),
            tags: self.tags(),
        };
        logs.policy = Prop::Known(Some(policies::log_bucket_policy(
            &self.lake, &logs, &sources,
        )));
        // The log bucket comes first: every other bucket logs into it.
        buckets.insert(0, logs);
        buckets
    }

    fn streams(&self) -> Vec<Stream> {
        self.bp
            .streams
            .iter()
            .map(|s| Stream {
                id: s.name.clone(),
                logical_id: format!("Stream{}", logical_id(&s.name)),
                name: self.prefixed(&s.name),
                mode: Prop::Known(s.mode),
                shards: Prop::Known(s.shards),
                retention_hours: Prop::Known(s.retention_hours),
                encryption: Prop::Known(Some(KeyRef::Lake(self.platform_key().to_string()))),
                tags: self.tags(),
            })
            .collect()
    }

    fn delivery_streams(&self) -> Vec<DeliveryStream> {
        self.bp
            .delivery_streams
            .iter()
            .map(|d| {
                let error_base = d
                    .error_prefix
                    .clone()
                    .unwrap_or_else(|| format!("errors/{}/", d.name));
                DeliveryStream {
                    id: d.name.clone(),
                    logical_id: format!("Delivery{}", logical_id(&d.name)),
                    name: self.prefixed(&d.name),
                    source_stream: d.source_stream.as_ref().map(|s| self.prefixed(s)),
                    bucket: d.zone.clone(),
                    role: self.prefixed(&d.role),
                    prefix: Prop::Known(format!("{}{}", d.prefix, time_partitions(d.partitioning))),
                    error_prefix: Prop::Known(format!(
                        "{error_base}!{{firehose:error-output-type}}/{}",
                        time_partitions(d.partitioning)
                    )),
                    buffering_mb: Prop::Known(d.buffering.size_mb),
                    buffering_seconds: Prop::Known(d.buffering.interval_seconds),
                    compression: Prop::Known(d.compression),
                    destination_key: Prop::Known(Some(KeyRef::Lake(self.key_id_for_zone(&d.zone)))),
                    sse: Prop::Known(match d.source_stream {
                        None => Some(KeyRef::Lake(self.platform_key().to_string())),
                        Some(_) => None,
                    }),
                    format_conversion: Prop::Known(false),
                    tags: self.tags(),
                }
            })
            .collect()
    }

    /// The blueprint's databases, or one per zone when it lists none.
    fn databases(&self) -> Vec<bp::Database> {
        if !self.bp.catalog.databases.is_empty() {
            return self.bp.catalog.databases.clone();
        }
        self.bp
            .zones
            .iter()
            .map(|z| bp::Database {
                name: naming::default_database(&self.bp.lake, &z.name),
                zone: z.name.clone(),
                description: None,
                tables: Vec::new(),
            })
            .collect()
    }

    fn catalog(&self) -> Catalog {
        let platform = Some(KeyRef::Lake(self.platform_key().to_string()));
        let security_configuration = self.prefixed("glue");
        let databases = self.databases();
        let mut tables = Vec::new();
        for db in &databases {
            let bucket = self.bucket_of_zone(&db.zone);
            for t in &db.tables {
                tables.push(Table {
                    database: db.name.clone(),
                    name: t.name.clone(),
                    logical_id: format!(
                        "Table{}{}",
                        logical_id(&t.name),
                        short_hash(&format!("{}.{}", db.name, t.name))
                    ),
                    location: Prop::Known(format!("s3://{bucket}/{}", t.prefix)),
                    format: Prop::Known(t.format),
                    compression: Prop::Known(table_compression(t)),
                    columns: Prop::Known(t.columns.iter().map(column).collect()),
                    partition_keys: Prop::Known(t.partition_keys.iter().map(column).collect()),
                });
            }
        }
        let crawlers = self
            .bp
            .catalog
            .crawlers
            .iter()
            .map(|c| {
                let zone = &databases
                    .iter()
                    .find(|d| d.name == c.database)
                    .expect("validated: database exists")
                    .zone;
                let bucket = self.bucket_of_zone(zone);
                Crawler {
                    name: self.prefixed(&c.name),
                    logical_id: format!("Crawler{}", logical_id(&c.name)),
                    database: c.database.clone(),
                    role: self.prefixed(&c.role),
                    targets: Prop::Known(
                        c.prefixes
                            .iter()
                            .map(|p| format!("s3://{bucket}/{p}"))
                            .collect(),
                    ),
                    schedule: Prop::Known(c.schedule.clone()),
                    security_configuration: Prop::Known(Some(security_configuration.clone())),
                    tags: self.tags(),
                }
            })
            .collect();
        Catalog {
            encryption: Prop::Known(CatalogEncryption {
                metadata_key: platform.clone(),
                connection_password_key: platform.clone(),
            }),
            security_configurations: vec![SecurityConfiguration {
                name: security_configuration,
                logical_id: "GlueSecurityConfiguration".to_string(),
                s3_key: Prop::Known(platform.clone()),
                cloudwatch_key: Prop::Known(platform.clone()),
                bookmarks_key: Prop::Known(platform),
            }],
            databases: databases
                .iter()
                .map(|d| Database {
                    name: d.name.clone(),
                    logical_id: format!("Database{}", logical_id(&d.name)),
                    zone: d.zone.clone(),
                    location: Prop::Known(format!("s3://{}/", self.bucket_of_zone(&d.zone))),
                    description: Prop::Known(d.description.clone().unwrap_or_else(|| {
                        format!(
                            "{} zone of the {} lake ({})",
                            d.zone, self.lake.name, self.lake.environment
                        )
                    })),
                })
                .collect(),
            tables,
            crawlers,
            jobs: Vec::new(),
        }
    }

    fn workgroups(&self) -> Vec<WorkGroup> {
        let results = naming::bucket_name(&self.bp.lake, ATHENA_RESULTS, &self.lake.account);
        self.bp
            .athena
            .workgroups
            .iter()
            .map(|w| {
                let name = self.prefixed(&w.name);
                WorkGroup {
                    logical_id: format!("WorkGroup{}", logical_id(&w.name)),
                    description: Prop::Known(w.description.clone().unwrap_or_else(|| {
                        format!("{} work group of the {} lake", w.name, self.lake.name)
                    })),
                    enforce_configuration: Prop::Known(true),
                    result_location: Prop::Known(Some(format!("s3://{results}/{name}/"))),
                    result_encryption: Prop::Known(Some(ResultEncryption {
                        option: "SSE_KMS".to_string(),
                        key: Some(KeyRef::Lake(self.platform_key().to_string())),
                    })),
                    bytes_scanned_cutoff: Prop::Known(Some(
                        w.bytes_scanned_cutoff_mb * 1024 * 1024,
                    )),
                    metrics: Prop::Known(w.metrics),
                    tags: self.tags(),
                    name,
                }
            })
            .collect()
    }

    fn lake_formation(&self, buckets: &[Bucket]) -> LakeFormation {
        let lf = &self.bp.lake_formation;
        let mut grants: Vec<LfGrant> = lf
            .grants
            .iter()
            .map(|g| LfGrant {
                principal: self.principal_arn(&g.principal),
                database: g.database.clone(),
                table: g.table.clone(),
                columns: g.columns.clone(),
                permissions: permission_names(&g.permissions),
            })
            .collect();
        // A crawler can only create and update tables Lake Formation lets it.
        for crawler in &self.bp.catalog.crawlers {
            grants.push(LfGrant {
                principal: self.role_arn(&crawler.role),
                database: crawler.database.clone(),
                table: None,
                columns: Vec::new(),
                permissions: permission_names(&[
                    Permission::Alter,
                    Permission::CreateTable,
                    Permission::Describe,
                ]),
            });
        }
        grants.sort();
        grants.dedup();
        LakeFormation {
            admins: Prop::Known(lf.admins.iter().map(|a| self.principal_arn(a)).collect()),
            create_database_default: Prop::Known(Vec::new()),
            create_table_default: Prop::Known(Vec::new()),
            registered_locations: Prop::Known(
                buckets
                    .iter()
                    .filter(|b| b.zone().is_some())
                    .map(|b| b.arn(&self.lake.partition))
                    .collect(),
            ),
            grants: Prop::Known(grants),
        }
    }

    /// What each role (by blueprint name) needs, from every resource that uses it.
    fn role_needs(&self, catalog: &Catalog) -> BTreeMap<String, (RolePurpose, RoleNeeds)> {
        let mut needs: BTreeMap<String, (RolePurpose, RoleNeeds)> = self
            .bp
            .roles
            .iter()
            .map(|r| (r.name.clone(), (r.purpose, RoleNeeds::default())))
            .collect();
        let platform_alias = self.alias(self.platform_key());
        let zone_alias = |zone: &str| self.alias(&self.key_id_for_zone(zone));
        let databases_of = |zone: &str| {
            catalog
                .databases
                .iter()
                .filter(|d| d.zone == zone)
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        };

        for d in &self.bp.delivery_streams {
            let (_, n) = needs.get_mut(&d.role).expect("validated: role exists");
            let bucket = self.bucket_of_zone(&d.zone);
            n.writes.insert((bucket.clone(), d.prefix.clone()));
            n.writes.insert((
                bucket,
                d.error_prefix
                    .clone()
                    .unwrap_or_else(|| format!("errors/{}/", d.name)),
            ));
            n.s3_keys.insert(zone_alias(&d.zone));
            n.log_groups
                .insert(format!("/aws/kinesisfirehose/{}:*", self.prefixed(&d.name)));
            if let Some(source) = &d.source_stream {
                n.streams.insert(format!(
                    "arn:{}:kinesis:{}:{}:stream/{}",
                    self.lake.partition,
                    self.lake.region,
                    self.lake.account,
                    self.prefixed(source)
                ));
                n.service_keys.insert(platform_alias.clone());
            }
        }
        for c in &self.bp.catalog.crawlers {
            let zone = catalog
                .databases
                .iter()
                .find(|d| d.name == c.database)
                .map(|d| d.zone.clone())
                .expect("validated");
            let (_, n) = needs.get_mut(&c.role).expect("validated: role exists");
            let bucket = self.bucket_of_zone(&zone);
            for prefix in &c.prefixes {
                n.reads.insert((bucket.clone(), prefix.clone()));
            }
            n.s3_keys.insert(zone_alias(&zone));
            n.service_keys.insert(platform_alias.clone());
            n.catalog_reads.insert(c.database.clone());
            n.catalog_writes.insert(c.database.clone());
            n.log_groups.insert("/aws-glue/crawlers*".to_string());
        }
        for role in &self.bp.roles {
            let (_, n) = needs.get_mut(&role.name).expect("every role has an entry");
            for (target, entries) in [(false, &role.reads), (true, &role.writes)] {
                for entry in entries {
                    let (zone, tenant) = split_zone_entry(entry);
                    let prefix = tenant.map(|t| format!("tenant={t}/")).unwrap_or_default();
                    let pair = (self.bucket_of_zone(zone), prefix);
                    if target {
                        n.writes.insert(pair)
                    } else {
                        n.reads.insert(pair)
                    };
                    n.s3_keys.insert(zone_alias(zone));
                    n.catalog_reads.extend(databases_of(zone));
                    if target {
                        n.catalog_writes.extend(databases_of(zone));
                    }
                    n.service_keys.insert(platform_alias.clone());
                }
            }
            match role.purpose {
                RolePurpose::Etl => {
                    n.log_groups.insert("/aws-glue/jobs*".to_string());
                }
                RolePurpose::Analyst => {
                    let results =
                        naming::bucket_name(&self.bp.lake, ATHENA_RESULTS, &self.lake.account);
                    for w in &role.workgroups {
                        let name = self.prefixed(w);
                        n.writes.insert((results.clone(), format!("{name}/")));
                        n.workgroups.insert(name);
                    }
                    if !role.workgroups.is_empty() {
                        n.s3_keys.insert(platform_alias.clone());
                        n.service_keys.insert(platform_alias.clone());
                    }
                }
                RolePurpose::Admin => {
                    n.catalog_reads
                        .extend(catalog.databases.iter().map(|d| d.name.clone()));
                }
                RolePurpose::Ingestion | RolePurpose::Crawler => {}
            }
        }
        needs
    }

    fn roles(&self, needs: &BTreeMap<String, (RolePurpose, RoleNeeds)>) -> Vec<Role> {
        self.bp
            .roles
            .iter()
            .map(|r| {
                let (purpose, need) = &needs[&r.name];
                let assumed_by: Vec<String> = r.assumed_by.clone();
                Role {
                    id: r.name.clone(),
                    logical_id: format!("Role{}", logical_id(&r.name)),
                    name: self.prefixed(&r.name),
                    purpose: Some(*purpose),
                    trust: Prop::Known(policies::trust_policy(&self.lake, *purpose, &assumed_by)),
                    policy: Prop::Known(Some(policies::role_policy(&self.lake, *purpose, need))),
                    other_policies: Prop::Known(Vec::new()),
                    managed_policies: Prop::Known(Vec::new()),
                    tags: self.tags(),
                }
            })
            .collect()
    }
}

/// `zone` or `zone/tenant` in a role's reads and writes.
pub fn split_zone_entry(entry: &str) -> (&str, Option<&str>) {
    match entry.split_once('/') {
        Some((zone, tenant)) => (zone, Some(tenant)),
        None => (entry, None),
    }
}

fn time_partitions(partitioning: Partitioning) -> &'static str {
    match partitioning {
        Partitioning::Day => "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
        Partitioning::Hour => {
            "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
        }
    }
}

fn storage_class_name(class: StorageClass) -> &'static str {
    match class {
        StorageClass::StandardIa => "STANDARD_IA",
        StorageClass::IntelligentTiering => "INTELLIGENT_TIERING",
        StorageClass::Glacier => "GLACIER",
        StorageClass::DeepArchive => "DEEP_ARCHIVE",
    }
}

/// The zone's lifecycle, or the default for its kind: raw data is kept and archived, refined
/// data is tiered automatically (ANALYTICS_COST 03/04).
fn zone_lifecycle(kind: ZoneKind, given: Option<&bp::Lifecycle>, versioned: bool) -> LifecycleRule {
    let default_transitions = match kind {
        ZoneKind::Raw => vec![(30, StorageClass::StandardIa), (180, StorageClass::Glacier)],
        _ => vec![(30, StorageClass::IntelligentTiering)],
    };
    let (transitions, expiration, noncurrent, abort) = match given {
        Some(l) => (
            l.transitions
                .iter()
                .map(|t| (t.days, t.storage_class))
                .collect(),
            l.expiration_days,
            l.noncurrent_expiration_days,
            l.abort_incomplete_multipart_days,
        ),
        None => (default_transitions, None, None, 7),
    };
    let noncurrent = noncurrent.or(versioned.then_some(90));
    LifecycleRule {
        id: "lakectl-tiering".to_string(),
        enabled: true,
        prefix: String::new(),
        transitions: transitions
            .into_iter()
            .map(|(days, class)| LifecycleTransition {
                days,
                storage_class: storage_class_name(class).to_string(),
            })
            .collect(),
        expiration_days: expiration,
        noncurrent_expiration_days: noncurrent,
        abort_incomplete_multipart_days: Some(abort),
    }
}

fn expiring_lifecycle(id: &str, days: u32) -> LifecycleRule {
    LifecycleRule {
        id: id.to_string(),
        enabled: true,
        prefix: String::new(),
        transitions: Vec::new(),
        expiration_days: Some(days),
        noncurrent_expiration_days: None,
        abort_incomplete_multipart_days: Some(1),
    }
}

fn table_compression(table: &bp::Table) -> Option<TableCompression> {
    match table.compression {
        Some(TableCompression::None) => None,
        Some(c) => Some(c),
        None => match table.format {
            TableFormat::Parquet | TableFormat::Orc | TableFormat::Avro => {
                Some(TableCompression::Snappy)
            }
            TableFormat::Json | TableFormat::Csv => None,
        },
    }
}

fn column(c: &bp::Column) -> Column {
    Column {
        name: c.name.clone(),
        kind: c.kind.clone(),
        comment: c.comment.clone(),
    }
}

fn permission_names(permissions: &[Permission]) -> Vec<String> {
    let names: BTreeSet<String> = permissions
        .iter()
        .map(|p| {
            serde_json::to_value(p)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .expect("permissions serialize as their names")
        })
        .collect();
    names.into_iter().collect()
}

fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(3).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint;

    fn retail(account: Option<&str>) -> Model {
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/blueprints/retail-analytics.yaml"
        ));
        let (bp, _) = blueprint::load(path).unwrap();
        compile(
            &bp,
            &CompileOptions {
                account: account.map(str::to_string),
            },
        )
    }

    #[test]
    fn the_retail_model_is_stable() {
        insta::assert_json_snapshot!(retail(Some("123456789012")));
    }

    #[test]
    fn buckets_come_log_bucket_first_with_derived_names() {
        let model = retail(Some("123456789012"));
        let names: Vec<&str> = model.buckets.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "retail-access-logs-prod-123456789012-us-east-1",
                "retail-raw-prod-123456789012-us-east-1",
                "retail-cleansed-prod-123456789012-us-east-1",
                "retail-curated-prod-123456789012-us-east-1",
                "retail-athena-results-prod-123456789012-us-east-1",
            ]
        );
    }

    #[test]
    fn without_an_account_names_and_policies_carry_the_account_token() {
        let model = retail(None);
        assert_eq!(model.lake.account, ACCOUNT_TOKEN);
        assert_eq!(
            model.bucket("raw").unwrap().name,
            "retail-raw-prod-${AWS::AccountId}-us-east-1"
        );
        let role = model.role("analyst").unwrap();
        assert_eq!(
            role.arn(&model.lake),
            "arn:aws:iam::${AWS::AccountId}:role/retail-prod-analyst"
        );
    }

    #[test]
    fn zone_buckets_use_their_own_key_and_deny_other_keys() {
        let model = retail(Some("123456789012"));
        let raw = model.bucket("raw").unwrap();
        let encryption = raw.encryption.known().unwrap();
        assert_eq!(encryption.key, Some(KeyRef::Lake("raw".to_string())));
        assert!(encryption.bucket_key);
        let policy = raw.policy.known().unwrap().as_ref().unwrap();
        let other_keys = policy
            .statements
            .iter()
            .find(|s| s.sid.as_deref() == Some("DenyOtherKmsKeys"))
            .unwrap();
        assert_eq!(other_keys.condition["StringNotEqualsIfExists"]["s3:x-amz-server-side-encryption-aws-kms-key-id"].0, vec!["${KeyRaw.Arn}"]);
    }

    #[test]
    fn raw_is_versioned_and_unrelated_zones_follow_the_blueprint() {
        let model = retail(Some("123456789012"));
        assert_eq!(
            model.bucket("raw").unwrap().versioning,
            Prop::Known(Versioning::Enabled)
        );
        assert_eq!(
            model.bucket("cleansed").unwrap().versioning,
            Prop::Known(Versioning::Disabled)
        );
        assert_eq!(
            model.bucket("curated").unwrap().versioning,
            Prop::Known(Versioning::Enabled)
        );
    }

    #[test]
    fn key_policies_name_exactly_the_roles_that_use_the_key() {
        let model = retail(Some("123456789012"));
        let raw_key = model.key("raw").unwrap().policy.known().unwrap();
        let users = raw_key
            .statements
            .iter()
            .find(|s| s.sid.as_deref() == Some("LakeRolesUseThroughLakeServices"))
            .unwrap();
        let principals = serde_json::to_value(users.principal.as_ref().unwrap()).unwrap();
        assert_eq!(
            principals,
            serde_json::json!({"AWS": [
                "arn:aws:iam::123456789012:role/retail-prod-crawler",
                "arn:aws:iam::123456789012:role/retail-prod-etl",
                "arn:aws:iam::123456789012:role/retail-prod-ingestion",
            ]})
        );
    }

    #[test]
    fn role_policies_have_no_wildcard_actions() {
        let model = retail(Some("123456789012"));
        for role in &model.roles {
            let policy = role.policy.known().unwrap().as_ref().unwrap();
            for statement in &policy.statements {
                for action in statement.action.iter() {
                    assert!(
                        !action.contains('*') || action.ends_with("GenerateDataKey*"),
                        "{}: {action}",
                        role.name
                    );
                }
                for resource in statement.resource.iter().filter(|r| *r == "*") {
                    let only_unscoped = statement.action.iter().all(|a| {
                        a.starts_with("lakeformation:") || a == "glue:GetSecurityConfiguration"
                    });
                    assert!(
                        only_unscoped,
                        "{}: `{resource}` for {:?}",
                        role.name, statement.action
                    );
                }
            }
        }
    }

    #[test]
    fn firehose_writes_hive_partitions_and_typed_error_prefixes() {
        let model = retail(Some("123456789012"));
        let delivery = &model.delivery_streams[0];
        assert_eq!(delivery.prefix, Prop::Known("clickstream/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/".to_string()));
        assert_eq!(
            delivery.error_prefix,
            Prop::Known("errors/clickstream/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/".to_string())
        );
        assert_eq!(
            delivery.source_stream.as_deref(),
            Some("retail-prod-clickstream")
        );
        assert_eq!(delivery.sse, Prop::Known(None));
    }

    #[test]
    fn lake_formation_defaults_are_off_and_crawlers_get_their_database() {
        let model = retail(Some("123456789012"));
        let lf = &model.lake_formation;
        assert_eq!(lf.create_database_default, Prop::Known(vec![]));
        assert_eq!(lf.create_table_default, Prop::Known(vec![]));
        let grants = lf.grants.known().unwrap();
        assert!(grants.contains(&LfGrant {
            principal: "arn:aws:iam::123456789012:role/retail-prod-crawler".into(),
            database: "retail_raw".into(),
            table: None,
            columns: vec![],
            permissions: vec!["ALTER".into(), "CREATE_TABLE".into(), "DESCRIBE".into()],
        }));
    }
}
