//! The blueprint file format: what a user writes. Every field is documented here, and these doc
//! comments become the JSON Schema (`lakectl schema`) that editors validate blueprints with.
//!
//! Guardrails (encryption, TLS-only access, public access block) are not fields at all: a
//! blueprint cannot switch them off. The few fields that *look* like they could weaken one
//! (`encryption`, `versioning` on raw, `catalog.encryption`) are accepted only with their safe
//! values, and validation explains the refusal with the Analytics Lens question it would break.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::shard_metrics::ShardMetrics;
use crate::model::naming;
pub use crate::model::vocab::{
    ColumnarFormat, Compression, ExecutionClass, Partitioning, RolePurpose, StorageClass,
    StreamMode, TableCompression, TableFormat, WorkerType, ZoneKind,
};

/// A data-lake blueprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// Identity of the lake: name, environment, region, account, owner and tags.
    pub lake: Lake,
    /// KMS customer managed keys protecting the lake.
    #[serde(default)]
    pub encryption: Encryption,
    /// Storage zones, each its own bucket. Default: raw, cleansed, curated.
    #[serde(default = "default_zones")]
    pub zones: Vec<Zone>,
    /// The bucket that receives S3 server access logs of every other bucket.
    #[serde(default)]
    pub access_logs: AccessLogs,
    /// The bucket that holds Athena query results.
    #[serde(default)]
    pub athena_results: AthenaResults,
    /// A CloudTrail trail the lake owns: management events and the zone buckets' S3 data
    /// events, into the access-log bucket, KMS-encrypted, with log file validation. Absent:
    /// the account's own (e.g. organisation) trail is relied on.
    #[serde(default)]
    pub trail: Option<TrailSection>,
    /// CloudWatch alarms on the pipeline's health, notifying the lake's owners: iterator age
    /// and write throttling of every stream, delivery freshness of every delivery stream and
    /// failed tasks of every job. Absent: the lake owns no alarms (LK-CW-001 says so).
    #[serde(default)]
    pub monitoring: Option<Monitoring>,
    /// Kinesis Data Streams.
    #[serde(default)]
    pub streams: Vec<Stream>,
    /// Amazon Data Firehose delivery streams into a zone.
    #[serde(default)]
    pub delivery_streams: Vec<DeliveryStream>,
    /// AWS Glue Data Catalog: databases, tables, crawlers and catalog encryption.
    #[serde(default)]
    pub catalog: Catalog,
    /// AWS Glue ETL jobs: scripts from the repository, run as `etl` roles with the lake's
    /// security configuration.
    #[serde(default)]
    pub jobs: Vec<Job>,
    /// AWS Glue workflows: crawlers and jobs chained by triggers.
    #[serde(default)]
    pub workflows: Vec<Workflow>,
    /// Amazon Athena work groups.
    #[serde(default)]
    pub athena: Athena,
    /// AWS Lake Formation settings and grants.
    #[serde(default)]
    pub lake_formation: LakeFormation,
    /// IAM roles; their policies are derived from what each role is used for.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Per-environment overrides, selected with `--env NAME` (see the README's environments
    /// section): any field, in the base's spelling; named list items by name
    /// (`zones: { raw: { ... } }`). Without `--env` the base blueprint is used.
    #[serde(default)]
    pub environments: BTreeMap<String, serde_json::Value>,
}

/// Identity of the lake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lake {
    /// Short lake name: lowercase letters, digits and hyphens, 2-20 characters.
    pub name: String,
    /// Environment, e.g. dev, test, prod: lowercase letters, digits and hyphens, 1-10 characters.
    pub environment: String,
    /// AWS region, e.g. us-east-1.
    pub region: String,
    /// 12-digit AWS account id. When absent, `render` uses `${AWS::AccountId}` and `deploy`
    /// asks STS.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Team or person accountable for the lake (tagged as `owner`).
    pub owner: String,
    /// Cost-allocation tags applied to every resource (ANALYTICS_COST 08).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

impl Lake {
    /// What the lake's derived names depend on.
    pub fn scope(&self) -> naming::Scope<'_> {
        naming::Scope {
            lake: &self.name,
            environment: &self.environment,
            region: &self.region,
        }
    }
}

/// How the lake's data is encrypted at rest. Only customer managed KMS keys are offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Encryption {
    /// One key per zone (default; blast radius of a key is one zone) or one key for the lake.
    #[serde(default)]
    pub key_strategy: KeyStrategy,
    /// Waiting period before a key scheduled for deletion is deleted: 7 to 30 days.
    #[serde(default = "default_deletion_window")]
    pub deletion_window_days: u32,
    /// Server-side encryption mode. Only `sse-kms` is accepted; present so that an attempt to
    /// choose another mode is refused with a reason instead of an unknown-field error.
    #[serde(default)]
    pub mode: Option<String>,
    /// Principals besides the lake's roles and services that may decrypt the lake's data
    /// directly: blueprint role names or IAM role or user ARNs (an auditor, the CI role that
    /// plans Iceberg tables). Key policies give the account administration of the keys and
    /// encryption, not decryption, so no IAM policy can grant decryption beyond this list.
    #[serde(default)]
    pub decrypters: Vec<String>,
}

impl Default for Encryption {
    fn default() -> Self {
        Encryption {
            key_strategy: KeyStrategy::default(),
            deletion_window_days: default_deletion_window(),
            mode: None,
            decrypters: Vec::new(),
        }
    }
}

/// Key strategy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KeyStrategy {
    /// A customer managed key for each zone, one for streams, one for the catalog.
    #[default]
    PerZone,
    /// A single customer managed key for the whole lake.
    PerLake,
}

/// A storage zone of the lake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Zone name: lowercase letters, digits and hyphens, e.g. raw, cleansed, curated, sales-mart.
    pub name: String,
    /// What the zone is for. Defaults from the name: raw, cleansed, curated, otherwise mart.
    #[serde(default)]
    pub kind: Option<ZoneKind>,
    /// Keep every object version (default: on, with noncurrent versions expiring; the account
    /// baseline asks it of every data bucket). Always on for raw (raw data is immutable).
    #[serde(default)]
    pub versioning: Option<bool>,
    /// Storage tiering and expiration (ANALYTICS_COST 03, 04).
    #[serde(default)]
    pub lifecycle: Option<Lifecycle>,
    /// Exact bucket name, to adopt an existing bucket. Default: derived from lake, zone,
    /// environment, account and region.
    #[serde(default)]
    pub bucket_name: Option<String>,
    /// Tenant prefixes inside the zone (multi-tenant lakes); each gets its own grants.
    #[serde(default)]
    pub tenants: Vec<String>,
    /// Server-side encryption of the zone bucket. Only `sse-kms` is accepted.
    #[serde(default)]
    pub encryption: Option<String>,
    /// Public access to the zone bucket. Only `false` is accepted.
    #[serde(default)]
    pub public: Option<bool>,
    /// Plain-HTTP access. Only `false` is accepted: zone buckets are TLS-only.
    #[serde(default)]
    pub allow_http: Option<bool>,
}

impl Zone {
    /// The declared kind, or the one its name implies.
    pub fn kind(&self) -> ZoneKind {
        naming::zone_kind(&self.name, self.kind)
    }
}

/// Lifecycle of the objects in a bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// Storage class transitions, in increasing order of days.
    #[serde(default)]
    pub transitions: Vec<Transition>,
    /// Delete current objects this many days after creation.
    #[serde(default)]
    pub expiration_days: Option<u32>,
    /// Delete noncurrent versions this many days after they became noncurrent.
    #[serde(default)]
    pub noncurrent_expiration_days: Option<u32>,
    /// Abort incomplete multipart uploads after this many days (default 7).
    #[serde(default = "default_abort_multipart")]
    pub abort_incomplete_multipart_days: u32,
}

/// A transition to a cheaper storage class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// Days after object creation.
    pub days: u32,
    /// Target storage class.
    pub storage_class: StorageClass,
}

/// The lake's CloudTrail trail, `<lake>-<env>-trail`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrailSection {
    /// Deploy the trail (default true); `false` keeps the section but owns no trail.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Record every region of the account (default true), as ANALYTICS_SEC 7 asks.
    #[serde(default = "yes")]
    pub multi_region: bool,
    /// Key prefix of the log files in the access-log bucket, without a leading or trailing
    /// `/` (default `cloudtrail`).
    #[serde(default = "default_trail_prefix")]
    pub prefix: String,
}

/// The pipeline's health alarms (`<resource>-<signal>`), ANALYTICS_OPS 03 and 04.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Who the alarms notify, on ALARM and on OK: SNS topic names (in the lake's account and
    /// region) or ARNs of SNS topics, Systems Manager OpsItems
    /// (`arn:aws:ssm:<region>:<account>:opsitem:<severity>`) or Incident Manager response
    /// plans. At least one.
    pub notify: Vec<String>,
    /// Alarm when a stream's oldest unread record is older than this (default 600 s).
    #[serde(default = "default_max_iterator_age")]
    pub max_iterator_age_seconds: u32,
    /// Alarm when a delivery stream's oldest undelivered record is older than this (default
    /// 1800 s); it must exceed every delivery stream's buffering interval.
    #[serde(default = "default_max_delivery_age")]
    pub max_delivery_age_seconds: u32,
}

/// The access-log bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessLogs {
    /// Days to keep access logs (default 365).
    #[serde(default = "default_log_retention")]
    pub retention_days: u32,
}

impl Default for AccessLogs {
    fn default() -> Self {
        AccessLogs {
            retention_days: default_log_retention(),
        }
    }
}

/// The Athena query-results bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AthenaResults {
    /// Days to keep query results (default 30).
    #[serde(default = "default_results_expiration")]
    pub expiration_days: u32,
}

impl Default for AthenaResults {
    fn default() -> Self {
        AthenaResults {
            expiration_days: default_results_expiration(),
        }
    }
}

/// A Kinesis data stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stream {
    /// Stream name suffix: letters, digits, `_`, `-`, `.`; the full name is `<lake>-<env>-<name>`.
    pub name: String,
    /// Capacity mode (default on-demand).
    #[serde(default)]
    pub mode: StreamMode,
    /// Shards, for provisioned mode only.
    #[serde(default)]
    pub shards: Option<u32>,
    /// Retention in hours, 24 to 8760 (default 168, so a week of replay: ANALYTICS_REL 4).
    #[serde(default = "default_retention_hours")]
    pub retention_hours: u32,
    /// Shard-level metrics to enable (enhanced monitoring): `all`, or a list of metric names
    /// (default: the incoming, throughput-exceeded and iterator-age metrics; `[]` for none).
    #[serde(default)]
    pub shard_metrics: ShardMetrics,
}

/// A Firehose delivery stream into a zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryStream {
    /// Delivery stream name suffix; the full name is `<lake>-<env>-<name>`.
    pub name: String,
    /// Name of a stream in `streams`; absent means direct put.
    #[serde(default)]
    pub source_stream: Option<String>,
    /// Zone the data lands in.
    pub zone: String,
    /// Key prefix inside the zone, ending in `/`, e.g. `clickstream/`.
    pub prefix: String,
    /// Hive-style time partitions appended to the prefix (default hour).
    #[serde(default)]
    pub partitioning: Partitioning,
    /// Prefix for records that failed delivery (default `errors/<name>/`).
    #[serde(default)]
    pub error_prefix: Option<String>,
    /// Buffering hints.
    #[serde(default)]
    pub buffering: Buffering,
    /// Compression of delivered objects (default GZIP). With `format_conversion` the serializer
    /// compresses (SNAPPY) and AWS requires Firehose-level compression off: only `UNCOMPRESSED`
    /// is accepted, and it is the default.
    #[serde(default)]
    pub compression: Option<Compression>,
    /// Role Firehose assumes; must be a role with purpose `ingestion`.
    pub role: String,
    /// Convert JSON records to Parquet or ORC before writing, typed by a table the blueprint
    /// declares in this delivery stream's zone. Needs a buffer size of at least 64 MiB.
    #[serde(default)]
    pub format_conversion: Option<FormatConversion>,
    /// Partition records by their own fields (JQ 1.6 expressions): each key becomes a Hive-style
    /// `<key>=<value>/` segment after `prefix` and before the time partitions. Needs a buffer
    /// size of at least 64 MiB; failed records go to the error prefix. It can only be chosen
    /// when the delivery stream is created.
    #[serde(default)]
    pub dynamic_partitioning: Option<DynamicPartitioning>,
}

/// Record format conversion of a delivery stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormatConversion {
    /// Output format: `parquet` or `orc` (compressed with SNAPPY by the serializer).
    pub format: ColumnarFormat,
    /// Database of the schema table, in `catalog.databases`; its zone must be the delivery
    /// stream's zone.
    pub database: String,
    /// Table in that database whose columns type the records; its format must be `format`.
    /// Firehose reads its latest version, so a schema change needs no redeploy.
    pub table: String,
}

/// Dynamic partitioning of a delivery stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DynamicPartitioning {
    /// Partition keys, in prefix order (at least one).
    pub keys: Vec<PartitionKey>,
    /// Seconds Firehose retries a failed delivery to a prefix, 0 to 7200 (default 300).
    #[serde(default = "default_partition_retry")]
    pub retry_seconds: u32,
}

/// A partition key that a JQ expression extracts from each JSON record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartitionKey {
    /// Key name: lowercase letters, digits and `_` (it names a Hive partition column); not
    /// `year`, `month`, `day` or `hour`, which the time partitions use.
    pub name: String,
    /// JQ 1.6 expression over the record, e.g. `.event_type` or `.customer.id`.
    pub query: String,
}

/// Firehose buffering hints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Buffering {
    /// Buffer size in MiB, 1 to 128 (default 64).
    #[serde(default = "default_buffer_mb")]
    pub size_mb: u32,
    /// Buffer interval in seconds, 0 to 900 (default 300).
    #[serde(default = "default_buffer_seconds")]
    pub interval_seconds: u32,
}

impl Default for Buffering {
    fn default() -> Self {
        Buffering {
            size_mb: default_buffer_mb(),
            interval_seconds: default_buffer_seconds(),
        }
    }
}

/// The Glue Data Catalog.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Data Catalog encryption. Both settings are always on; present so that an attempt to
    /// switch one off is refused with a reason.
    #[serde(default)]
    pub encryption: Option<CatalogEncryption>,
    /// Databases. Default: one per zone, named `<lake>_<env>_<zone>`.
    #[serde(default)]
    pub databases: Vec<Database>,
    /// Crawlers.
    #[serde(default)]
    pub crawlers: Vec<Crawler>,
}

/// Data Catalog encryption switches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogEncryption {
    /// Encrypt catalog metadata with the catalog key. Only `true` is accepted.
    #[serde(default = "yes")]
    pub metadata: bool,
    /// Encrypt connection passwords with the catalog key. Only `true` is accepted.
    #[serde(default = "yes")]
    pub connection_passwords: bool,
}

/// A Glue database, tied to one zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Database {
    /// Database name: lowercase letters, digits and `_`, at most 255 characters.
    pub name: String,
    /// Zone whose bucket holds the database's data.
    pub zone: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Tables.
    #[serde(default)]
    pub tables: Vec<Table>,
}

/// A Glue table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Table name: lowercase letters, digits and `_`.
    pub name: String,
    /// Key prefix of the table's data in the database's zone, ending in `/`.
    pub prefix: String,
    /// File format.
    pub format: TableFormat,
    /// Compression of the data files (default: snappy for parquet/orc/avro, none otherwise).
    #[serde(default)]
    pub compression: Option<TableCompression>,
    /// Columns.
    pub columns: Vec<Column>,
    /// Partition keys (ANALYTICS_PERF 03): Hive partitions, directories of the prefix. An
    /// Iceberg table may list them too, as identity partitions.
    #[serde(default)]
    pub partition_keys: Vec<Column>,
    /// Iceberg tables only: hidden partitioning, fields computed from the table's own columns,
    /// as Athena's `PARTITIONED BY` spells them: `region`, `day(order_time)`,
    /// `bucket(16, customer_id)`, `truncate(4, store_id)` (not with `partition_keys`).
    #[serde(default)]
    pub partitioning: Vec<crate::model::iceberg::PartitionField>,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Column name: lowercase letters, digits and `_`.
    pub name: String,
    /// Hive type, e.g. string, bigint, double, timestamp, date, decimal(10,2).
    #[serde(rename = "type")]
    pub kind: String,
    /// Comment.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A Glue crawler.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Crawler {
    /// Crawler name suffix; the full name is `<lake>-<env>-<name>`.
    pub name: String,
    /// Database the crawler writes tables into.
    pub database: String,
    /// Prefixes to crawl in the database's zone.
    pub prefixes: Vec<String>,
    /// Schedule as a cron expression, e.g. `cron(0 2 * * ? *)`; absent means on demand.
    #[serde(default)]
    pub schedule: Option<String>,
    /// Role the crawler runs as; must be a role with purpose `crawler`.
    pub role: String,
}

/// A Glue ETL job. Deploy uploads its script to the lake's scripts bucket under a key derived
/// from the script's content, so an unchanged script is never uploaded again; the job always
/// runs with the lake's security configuration (S3 data, CloudWatch logs and job bookmarks
/// encrypted with the lake's keys).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// Job name suffix; the full name is `<lake>-<env>-<name>`.
    pub name: String,
    /// The job's script (`.py` for Spark with Python, `.scala` for Spark with Scala), a path
    /// relative to the blueprint file.
    pub script: String,
    /// Role the job runs as; must be a role with purpose `etl`. The zones it reads and writes
    /// are the role's `reads` and `writes`, and so is its IAM policy.
    pub role: String,
    /// Glue version: `3.0`, `4.0` or `5.0` (default `5.0`).
    #[serde(default = "default_glue_version")]
    pub glue_version: String,
    /// Worker type (default G.1X).
    #[serde(default)]
    pub worker_type: WorkerType,
    /// Number of workers, 2 to 299 (default 2): the ceiling, since jobs always auto scale
    /// (ANALYTICS_COST 01).
    #[serde(default = "default_workers")]
    pub workers: u32,
    /// `flex` runs non-urgent jobs on spare capacity at a lower price (ANALYTICS_COST 01);
    /// default `standard`.
    #[serde(default)]
    pub execution_class: ExecutionClass,
    /// Minutes after which a run is stopped, 1 to 2880 (default 60: a hung run must not bill
    /// for the 48-hour default).
    #[serde(default = "default_job_timeout")]
    pub timeout_minutes: u32,
    /// Retries of a failed run, 0 to 10 (default 1; ANALYTICS_REL 4).
    #[serde(default = "default_job_retries")]
    pub max_retries: u32,
    /// Job bookmarks: each run processes only data new since the last (default true).
    #[serde(default = "yes")]
    pub bookmarks: bool,
    /// Minutes after which a still-running run raises a delay notification (default: half the
    /// timeout).
    #[serde(default)]
    pub notify_delay_minutes: Option<u32>,
    /// Extra default arguments passed to the script, e.g. `{--target_table: sales}`. Keys start
    /// with `--`; lakectl owns the bookmark, metrics, logging, auto scaling and language
    /// arguments, and secrets belong in AWS Secrets Manager, never here (ANALYTICS_SEC 7).
    #[serde(default)]
    pub arguments: BTreeMap<String, String>,
}

/// A Glue workflow: a graph of crawlers and jobs. Steps without `after` start when the
/// workflow starts (on its schedule, or on demand); every other step starts when all the steps
/// it names in `after` succeeded. lakectl derives one trigger per distinct `after` set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// Workflow name suffix; the full name is `<lake>-<env>-<name>`.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// When the workflow starts, as a cron expression, e.g. `cron(0 2 * * ? *)`; absent means
    /// on demand (or on new objects, with `start_on`; not both).
    #[serde(default)]
    pub schedule: Option<String>,
    /// Start the workflow when objects land under a zone prefix (S3 → EventBridge → a Glue
    /// event trigger); not with `schedule`.
    #[serde(default)]
    pub start_on: Option<StartOn>,
    /// The crawlers and jobs the workflow runs.
    pub steps: Vec<WorkflowStep>,
}

/// Objects landing under a zone prefix start a workflow. lakectl turns on the zone bucket's
/// EventBridge notifications and deploys an EventBridge rule on the default bus, with a role
/// that may only notify this workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartOn {
    /// The zone whose bucket receives the objects.
    pub zone: String,
    /// Key prefix the objects land under, ending in `/`, e.g. `pos/`.
    pub prefix: String,
    /// Start after this many objects arrived (1-100, default 1).
    #[serde(default = "default_batch_size")]
    pub batch_size: u32,
    /// Or after this many seconds since the first object of a batch, whichever comes first
    /// (1-900, default 900).
    #[serde(default = "default_batch_window")]
    pub batch_window_seconds: u32,
}

/// One crawler or job of a workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkflowStep {
    /// A crawler from `catalog.crawlers` (not with `job`).
    #[serde(default)]
    pub crawler: Option<String>,
    /// A job from `jobs` (not with `crawler`).
    #[serde(default)]
    pub job: Option<String>,
    /// Steps (by crawler or job name) that must all succeed first; absent: the step starts
    /// with the workflow.
    #[serde(default)]
    pub after: Vec<String>,
}

impl WorkflowStep {
    /// The crawler or job the step runs (the blueprint name); `None` unless exactly one is
    /// named.
    pub fn target(&self) -> Option<&str> {
        match (&self.crawler, &self.job) {
            (Some(name), None) | (None, Some(name)) => Some(name),
            _ => None,
        }
    }
}

/// Athena settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Athena {
    /// Work groups.
    #[serde(default)]
    pub workgroups: Vec<WorkGroup>,
}

/// An Athena work group. Its configuration is always enforced and its results always SSE-KMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkGroup {
    /// Work group name suffix; the full name is `<lake>-<env>-<name>`.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Cancel a query after it scanned this many MiB (default 10240, at least 10).
    #[serde(default = "default_cutoff_mb")]
    pub bytes_scanned_cutoff_mb: u64,
    /// Publish query metrics to CloudWatch (default true).
    #[serde(default = "yes")]
    pub metrics: bool,
}

/// Lake Formation settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LakeFormation {
    /// Data lake administrators: role names from `roles`, or IAM principal ARNs.
    #[serde(default)]
    pub admins: Vec<String>,
    /// Grants to principals.
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// Keep IAM_ALLOWED_PRINCIPALS as the default permission of new databases and tables.
    /// Only `false` is accepted: Lake Formation permissions must govern access.
    #[serde(default)]
    pub iam_allowed_principals_default: Option<bool>,
    /// LF-tags for tag-based access control (LF-TBAC): each key with the values resources may
    /// carry. Deploy creates missing tags and adds missing values; it never removes either.
    #[serde(default)]
    pub tags: Vec<LfTagDefinition>,
    /// LF-tags assigned to databases, tables and columns (a column inherits its table's tags,
    /// a table its database's, unless it carries its own value of the key).
    #[serde(default)]
    pub tag_assignments: Vec<TagAssignment>,
    /// Grants on every database or table whose LF-tags match an expression, alongside the
    /// named `grants`: access follows the tags as tables are added.
    #[serde(default)]
    pub tag_grants: Vec<TagGrant>,
    /// Data cells filters: the rows (a row filter) and columns of a table a principal may
    /// select (ANALYTICS_SEC 6: sensitive data exposed only through filters).
    #[serde(default)]
    pub data_cells_filters: Vec<CellFilter>,
}

/// An LF-tag key and its allowed values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LfTagDefinition {
    /// Tag key: lowercase letters, digits, `_`, `-`, `.`, `:`, at most 128 characters (Lake
    /// Formation stores keys in lowercase).
    pub key: String,
    /// Allowed values (1 to 1000): lowercase letters, digits, `_`, `-`, `.`, `:`, at most
    /// 256 characters each.
    pub values: Vec<String>,
}

/// LF-tags on a database, a table, or columns of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagAssignment {
    /// Database name from `catalog.databases`.
    pub database: String,
    /// Table name; absent tags the database itself.
    #[serde(default)]
    pub table: Option<String>,
    /// Columns of `table` to tag; absent tags the table itself.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Tag key to value, e.g. `{sensitivity: pii}`; keys from `lake_formation.tags`, values
    /// among the key's allowed values.
    pub tags: BTreeMap<String, String>,
}

/// A grant by LF-tag expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagGrant {
    /// A role name from `roles`, or an IAM principal ARN.
    pub principal: String,
    /// Whether the grant applies to matching databases or matching tables.
    pub resource: TagGrantResource,
    /// Tag key to the values that match, e.g. `{domain: [sales], sensitivity: [public]}`: a
    /// resource matches when every key has one of its values.
    pub expression: BTreeMap<String, Vec<String>>,
    /// Permissions: DESCRIBE, ALTER, CREATE_TABLE on databases; SELECT, DESCRIBE, INSERT,
    /// DELETE, ALTER on tables. Never with grant option.
    pub permissions: Vec<Permission>,
}

/// What a tag-expression grant applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TagGrantResource {
    /// Databases whose tags match.
    Database,
    /// Tables whose tags (their own or inherited) match.
    Table,
}

/// A data cells filter on a table, granted (SELECT) to principals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellFilter {
    /// Filter name: letters, digits, `_` and `-`, at most 255 characters; unique per table.
    pub name: String,
    /// Database name from `catalog.databases`.
    pub database: String,
    /// Table of the database.
    pub table: String,
    /// Rows the filter keeps, as a PartiQL condition, e.g. `region = 'emea'`; absent keeps
    /// every row.
    #[serde(default)]
    pub row_filter: Option<String>,
    /// The only columns the filter lets through (not with `excluded_columns`).
    #[serde(default)]
    pub included_columns: Vec<String>,
    /// Columns the filter hides (not with `included_columns`); neither list: every column.
    #[serde(default)]
    pub excluded_columns: Vec<String>,
    /// Principals granted SELECT through the filter: role names from `roles`, or IAM ARNs.
    #[serde(default)]
    pub grantees: Vec<String>,
}

/// A Lake Formation grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// A role name from `roles`, or an IAM principal ARN.
    pub principal: String,
    /// Database name.
    pub database: String,
    /// Table name; absent grants on the database itself.
    #[serde(default)]
    pub table: Option<String>,
    /// Columns the grant is limited to (table grants only).
    #[serde(default)]
    pub columns: Vec<String>,
    /// Permissions, e.g. SELECT, DESCRIBE.
    pub permissions: Vec<Permission>,
}

/// Lake Formation permissions lakectl grants.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Permission {
    /// Query table data.
    Select,
    /// See the resource's metadata.
    Describe,
    /// Insert into a table.
    Insert,
    /// Delete from a table.
    Delete,
    /// Alter the resource.
    Alter,
    /// Create tables in a database.
    CreateTable,
}

impl Permission {
    /// Lake Formation's name of the permission, as a blueprint writes it.
    pub fn name(self) -> &'static str {
        match self {
            Permission::Select => "SELECT",
            Permission::Describe => "DESCRIBE",
            Permission::Insert => "INSERT",
            Permission::Delete => "DELETE",
            Permission::Alter => "ALTER",
            Permission::CreateTable => "CREATE_TABLE",
        }
    }
}

/// An IAM role. Its permissions are derived from its purpose and the resources that use it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Role name suffix; the full name is `<lake>-<env>-<name>`.
    pub name: String,
    /// What the role is for.
    pub purpose: RolePurpose,
    /// Zones the role reads (etl, analyst).
    #[serde(default)]
    pub reads: Vec<String>,
    /// Zones the role writes (etl).
    #[serde(default)]
    pub writes: Vec<String>,
    /// Work groups the role queries through (analyst).
    #[serde(default)]
    pub workgroups: Vec<String>,
    /// IAM principal ARNs allowed to assume the role (analyst, admin). Default: the account.
    #[serde(default)]
    pub assumed_by: Vec<String>,
}

fn default_zones() -> Vec<Zone> {
    ["raw", "cleansed", "curated"]
        .into_iter()
        .map(|name| Zone {
            name: name.to_string(),
            kind: None,
            versioning: None,
            lifecycle: None,
            bucket_name: None,
            tenants: Vec::new(),
            encryption: None,
            public: None,
            allow_http: None,
        })
        .collect()
}

fn default_deletion_window() -> u32 {
    30
}
fn default_abort_multipart() -> u32 {
    7
}
fn default_log_retention() -> u32 {
    365
}
fn default_results_expiration() -> u32 {
    30
}
fn default_retention_hours() -> u32 {
    168
}
fn default_partition_retry() -> u32 {
    300
}

fn default_buffer_mb() -> u32 {
    64
}
fn default_buffer_seconds() -> u32 {
    300
}
fn default_max_iterator_age() -> u32 {
    600
}

fn default_max_delivery_age() -> u32 {
    1800
}

fn default_trail_prefix() -> String {
    "cloudtrail".to_string()
}

fn default_batch_size() -> u32 {
    1
}

fn default_batch_window() -> u32 {
    900
}

fn default_cutoff_mb() -> u64 {
    10 * 1024
}
fn default_glue_version() -> String {
    "5.0".to_string()
}
fn default_workers() -> u32 {
    2
}
fn default_job_timeout() -> u32 {
    60
}
fn default_job_retries() -> u32 {
    1
}
fn yes() -> bool {
    true
}
