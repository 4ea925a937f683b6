//! The resource model: one typed description of a data lake. The blueprint compiles to it
//! (desired state); the inventory reads it from an account (live state); plan diffs the two,
//! rules audit either, and the renderer turns the desired one into templates.
//!
//! References between resources are by model id (`KeyRef::Lake("raw")`), never by ARN, so a
//! desired model needs no account to exist. Policy documents may contain CloudFormation-style
//! tokens, `${AWS::AccountId}` and `${KeyRaw.Arn}`, which [`refs::Resolver`] replaces once the
//! real values are known (see `refs`).

pub mod alarm;
pub mod arn;
pub mod cloudtrail;
pub mod connection;
pub mod credentials;
pub mod events;
pub mod firehose;
pub mod iceberg;
pub mod kind;
pub mod lf;
pub mod logs;
pub mod naming;
pub mod policies;
pub mod policy;
mod prop;
pub mod property;
pub mod refs;
pub mod stream_load;
pub mod vocab;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use alarm::{AlarmActions, AlarmDefinition, LakeAlarm, MetricAlarm, Signal, WatchedMetric};
pub use arn::Arns;
pub use cloudtrail::{LakeTrail, ManagementEvents, Trail, TrailSelectors};
pub use connection::{Connection, ConnectionProperties, ConnectionType};
pub use events::{EventBatching, EventPattern, EventRule, ObjectCreatedPattern, RuleTarget};
pub use firehose::{DynamicPartitioning, FormatConversion, PartitionQuery, SchemaRef, Transform};
pub use logs::{ErrorLogging, LakeLogGroup, LogGroup};
pub use naming::{LAKE_KEY, PLATFORM_KEY};
pub use vocab::{
    ATHENA_ENGINE_V3, ColumnarFormat, Compression, ExecutionClass, Partitioning, RolePurpose,
    ShardMetric, StorageClass, StreamMode, TableCompression, TableFormat, WorkerType, ZoneKind,
};

pub use kind::{Kind, Layer, Service};
pub use lf::{
    ALL_ROWS, DataCellsFilter, FilterColumns, LfFilterGrant, LfTag, LfTagAssignment,
    LfTagCondition, LfTagGrant, LfTagResource, LfTagResourceType,
};
pub use policy::PolicyDocument;
pub use prop::{Prop, Unknown};
pub use property::{KindProperty, Property};
pub use stream_load::{HourlyLoad, StreamLoad, Written};

pub type Tags = BTreeMap<String, String>;

/// The whole lake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub lake: LakeInfo,
    pub keys: Vec<Key>,
    pub buckets: Vec<Bucket>,
    pub streams: Vec<Stream>,
    pub delivery_streams: Vec<DeliveryStream>,
    pub catalog: Catalog,
    pub workgroups: Vec<WorkGroup>,
    pub lake_formation: LakeFormation,
    pub roles: Vec<Role>,
    /// EventBridge rules that start workflows (models saved before they existed had none).
    #[serde(default)]
    pub event_rules: Vec<EventRule>,
    /// The trail the lake owns, when its blueprint has a `trail` section.
    #[serde(default)]
    pub trail: Option<LakeTrail>,
    /// The pipeline's health alarms, when its blueprint has a `monitoring` section.
    #[serde(default)]
    pub alarms: Vec<LakeAlarm>,
    /// The delivery streams' error log groups (models saved before they existed had none).
    #[serde(default)]
    pub log_groups: Vec<LakeLogGroup>,
    /// Account-wide settings; only the live inventory fills them (a blueprint does not own them).
    pub account: Option<AccountSettings>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LakeInfo {
    pub name: String,
    pub environment: String,
    pub region: String,
    /// 12 digits, or `${AWS::AccountId}` when not yet known.
    pub account: String,
    pub partition: String,
    pub owner: String,
    /// Every tag lakectl puts on each resource: the blueprint's plus owner, lake, environment,
    /// managed-by.
    pub tags: Tags,
}

impl LakeInfo {
    /// No lake: one region of an account, as an audit of everything in it sees it.
    pub fn account_region(account: &str, region: &str) -> Self {
        LakeInfo {
            name: String::new(),
            environment: String::new(),
            partition: naming::partition(region).to_string(),
            region: region.to_string(),
            account: account.to_string(),
            owner: String::new(),
            tags: Default::default(),
        }
    }
}

impl LakeInfo {
    /// What the lake's derived names depend on.
    pub fn scope(&self) -> naming::Scope<'_> {
        naming::Scope {
            lake: &self.name,
            environment: &self.environment,
            region: &self.region,
        }
    }
}

/// A reference to a KMS key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyRef {
    /// A key of this lake, by model id.
    Lake(String),
    /// Any other key: an ARN, key id or alias as AWS reported it.
    Other(String),
    /// The AWS managed key of the service (`aws/s3`, `aws/kinesis`, ...).
    AwsManaged,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Key {
    /// Model id: a zone name, `streams`, `catalog`, or `lake` for a single lake key.
    pub id: String,
    pub logical_id: String,
    /// `alias/<lake>-<env>-<id>`.
    pub alias: String,
    pub description: String,
    /// Known once the key exists.
    pub arn: Option<String>,
    pub rotation: Prop<bool>,
    pub state: Prop<KeyState>,
    pub customer_managed: Prop<bool>,
    pub policy: Prop<PolicyDocument>,
    pub deletion_window_days: u32,
    pub tags: Prop<Tags>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyState {
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
    Unavailable,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BucketPurpose {
    Zone {
        zone: String,
        zone_kind: ZoneKind,
        tenants: Vec<String>,
    },
    AccessLogs,
    AthenaResults,
    /// Glue job scripts, uploaded by deploy.
    Scripts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// Model id: the zone name, `access-logs` or `athena-results`.
    pub id: String,
    pub logical_id: String,
    pub purpose: BucketPurpose,
    pub name: String,
    pub encryption: Prop<BucketEncryption>,
    pub public_access_block: Prop<PublicAccessBlock>,
    pub ownership: Prop<ObjectOwnership>,
    pub versioning: Prop<Versioning>,
    pub lifecycle: Prop<Vec<LifecycleRule>>,
    pub logging: Prop<Option<BucketLogging>>,
    pub policy: Prop<Option<PolicyDocument>>,
    /// S3 sends every object event to EventBridge (`EventBridgeConfiguration`); lakectl turns
    /// it on for the zones whose new objects start a workflow.
    #[serde(default = "not_read")]
    pub event_bridge: Prop<bool>,
    pub tags: Prop<Tags>,
}

impl Bucket {
    pub fn arn(&self, partition: &str) -> String {
        arn::bucket(partition, &self.name)
    }

    pub fn zone(&self) -> Option<&str> {
        match &self.purpose {
            BucketPurpose::Zone { zone, .. } => Some(zone),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketEncryption {
    pub algorithm: SseAlgorithm,
    pub key: Option<KeyRef>,
    pub bucket_key: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SseAlgorithm {
    /// `aws:kms`
    Kms,
    /// `aws:kms:dsse`
    KmsDsse,
    /// `AES256` (SSE-S3)
    Aes256,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub const ALL_ON: PublicAccessBlock = PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };

    pub fn all_on(&self) -> bool {
        *self == Self::ALL_ON
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObjectOwnership {
    BucketOwnerEnforced,
    BucketOwnerPreferred,
    ObjectWriter,
    /// No ownership controls set: ACLs are in effect.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Versioning {
    Enabled,
    Suspended,
    /// Never enabled.
    Disabled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleRule {
    pub id: String,
    pub enabled: bool,
    /// Empty: the whole bucket.
    pub prefix: String,
    pub transitions: Vec<LifecycleTransition>,
    pub expiration_days: Option<u32>,
    pub noncurrent_expiration_days: Option<u32>,
    pub abort_incomplete_multipart_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleTransition {
    pub days: u32,
    /// S3's name for the class, e.g. `STANDARD_IA`.
    pub storage_class: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketLogging {
    pub target_bucket: String,
    pub target_prefix: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stream {
    pub id: String,
    pub logical_id: String,
    pub name: String,
    pub mode: Prop<StreamMode>,
    /// Open shards; for on-demand streams what AWS chose.
    pub shards: Prop<Option<u32>>,
    pub retention_hours: Prop<u32>,
    /// `None`: not encrypted.
    pub encryption: Prop<Option<KeyRef>>,
    /// Shard-level metrics enabled (enhanced monitoring); empty: none.
    pub shard_metrics: Prop<BTreeSet<ShardMetric>>,
    pub tags: Prop<Tags>,
    /// The write load of the last [`stream_load::LOOKBACK_DAYS`] (live: CloudWatch
    /// GetMetricData); a blueprint has none.
    #[serde(default = "not_read")]
    pub load: Prop<StreamLoad>,
}

impl Stream {
    pub fn arn(&self, lake: &LakeInfo) -> String {
        Arns::of(lake).stream(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryStream {
    pub id: String,
    pub logical_id: String,
    pub name: String,
    /// Name of the Kinesis stream read from; `None` for direct put.
    pub source_stream: Option<String>,
    /// Model id of the destination bucket.
    pub bucket: String,
    pub role: String,
    pub prefix: Prop<String>,
    pub error_prefix: Prop<String>,
    pub buffering_mb: Prop<u32>,
    pub buffering_seconds: Prop<u32>,
    pub compression: Prop<Compression>,
    /// Encryption of objects written to the bucket.
    pub destination_key: Prop<Option<KeyRef>>,
    /// Server-side encryption of the delivery stream itself (direct put only; a Kinesis source
    /// is encrypted by the stream).
    pub sse: Prop<Option<KeyRef>>,
    /// Record format conversion to Parquet/ORC; `None`: records are written as they came.
    pub format_conversion: Prop<Option<FormatConversion>>,
    /// Partitioning by record fields; `None`: time partitions only.
    pub dynamic_partitioning: Prop<Option<DynamicPartitioning>>,
    /// CloudWatch error logging; `None`: off.
    #[serde(default = "error_logging_not_read")]
    pub error_logging: Prop<Option<ErrorLogging>>,
    /// A Lambda transform of the records; `None`: none (audit only, never written).
    #[serde(default = "transform_not_read")]
    pub transform: Prop<Option<Transform>>,
    pub tags: Prop<Tags>,
}

fn transform_not_read() -> Prop<Option<Transform>> {
    Prop::unknown("processors were not read (a model saved before lakectl read them)")
}

fn error_logging_not_read() -> Prop<Option<ErrorLogging>> {
    Prop::unknown("error logging was not read (a model saved before lakectl read it)")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub encryption: Prop<CatalogEncryption>,
    pub security_configurations: Vec<SecurityConfiguration>,
    pub databases: Vec<Database>,
    pub tables: Vec<Table>,
    pub crawlers: Vec<Crawler>,
    /// Glue ETL jobs.
    pub jobs: Vec<Job>,
    /// Glue workflows (models saved before workflows existed had none).
    #[serde(default)]
    pub workflows: Vec<Workflow>,
    /// Glue connections (models saved before connections existed had none).
    #[serde(default)]
    pub connections: Vec<Connection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEncryption {
    /// `None`: metadata not encrypted.
    pub metadata_key: Option<KeyRef>,
    /// `None`: connection passwords not encrypted.
    pub connection_password_key: Option<KeyRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityConfiguration {
    pub name: String,
    pub logical_id: String,
    /// SSE-KMS key for data the crawler or job writes to S3.
    pub s3_key: Prop<Option<KeyRef>>,
    pub cloudwatch_key: Prop<Option<KeyRef>>,
    pub bookmarks_key: Prop<Option<KeyRef>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Database {
    pub name: String,
    pub logical_id: String,
    /// Model id of the zone bucket.
    pub zone: String,
    pub location: Prop<String>,
    pub description: Prop<String>,
    /// Principals the database gives permissions on each new table
    /// (`CreateTableDefaultPermissions`); lakectl's databases give none. Models saved before
    /// it was read had none.
    #[serde(default = "no_principals")]
    pub table_defaults: Prop<Vec<String>>,
}

fn no_principals() -> Prop<Vec<String>> {
    Prop::Known(Vec::new())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub database: String,
    pub name: String,
    pub logical_id: String,
    pub location: Prop<String>,
    pub format: Prop<TableFormat>,
    /// `None`: uncompressed.
    pub compression: Prop<Option<TableCompression>>,
    pub columns: Prop<Vec<Column>>,
    pub partition_keys: Prop<Vec<Column>>,
    /// Iceberg's partition spec (empty for other formats and unpartitioned tables); live, read
    /// from the table's metadata file.
    #[serde(default = "not_read")]
    pub partitioning: Prop<Vec<iceberg::PartitionField>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crawler {
    pub name: String,
    pub logical_id: String,
    pub database: String,
    pub role: String,
    /// `s3://bucket/prefix/` targets.
    pub targets: Prop<Vec<String>>,
    pub schedule: Prop<Option<String>>,
    pub security_configuration: Prop<Option<String>>,
    /// What the crawler does with a table whose data is gone: Glue's `DeleteBehavior`
    /// (`DEPRECATE_IN_DATABASE`, `LOG` or `DELETE_FROM_DATABASE`).
    #[serde(default = "not_read")]
    pub delete_behavior: Prop<String>,
    /// What the crawler does with a table whose schema changed: Glue's `UpdateBehavior`
    /// (`UPDATE_IN_DATABASE` or `LOG`).
    #[serde(default = "not_read")]
    pub update_behavior: Prop<String>,
    /// Which folders a crawl after the first one reads: Glue's `RecrawlBehavior`
    /// (`CRAWL_EVERYTHING`, `CRAWL_NEW_FOLDERS_ONLY` or `CRAWL_EVENT_MODE`).
    #[serde(default = "not_read")]
    pub recrawl_behavior: Prop<String>,
    pub tags: Prop<Tags>,
}

/// Glue's crawler delete behaviours lakectl names.
pub mod delete_behavior {
    /// Glue's default, and lakectl's: the table stays, marked deprecated.
    pub const DEPRECATE: &str = "DEPRECATE_IN_DATABASE";
    /// The table is dropped from the catalog (and with it its grants and history).
    pub const DELETE: &str = "DELETE_FROM_DATABASE";
}

/// Glue's crawler update behaviours lakectl names.
pub mod update_behavior {
    /// Glue's default, and lakectl's: the table takes the new schema, and Glue keeps the old one
    /// as a table version.
    pub const UPDATE: &str = "UPDATE_IN_DATABASE";
    /// The change is only written to the crawler's log; the table keeps its old schema.
    pub const LOG: &str = "LOG";
}

/// Glue's crawler recrawl behaviours lakectl names.
pub mod recrawl_behavior {
    /// Glue's default, and lakectl's: every crawl reads every folder.
    pub const EVERYTHING: &str = "CRAWL_EVERYTHING";
    /// Only folders added since the last crawl are read (Glue then forces UpdateBehavior LOG).
    pub const NEW_FOLDERS_ONLY: &str = "CRAWL_NEW_FOLDERS_ONLY";
}

/// A Glue ETL job. Bookmarks, metrics, continuous logging and the script language are default
/// arguments (`--job-bookmark-option` and the rest), as Glue itself stores them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub name: String,
    #[serde(default)]
    pub logical_id: String,
    /// Role name or ARN (live jobs name an ARN).
    #[serde(default)]
    pub role: String,
    /// `s3://bucket/key` of the script the job runs.
    #[serde(default = "not_read")]
    pub script_location: Prop<String>,
    /// Desired only: the script in the repository that deploy uploads to `script_location`.
    /// A local path, so never serialized (models in plans and reports are machine-independent).
    #[serde(skip)]
    pub script_source: Option<std::path::PathBuf>,
    #[serde(default = "not_read")]
    pub glue_version: Prop<String>,
    /// Glue's worker type name (`G.1X`); `None` for jobs sized by capacity.
    #[serde(default = "not_read")]
    pub worker_type: Prop<Option<String>>,
    #[serde(default = "not_read")]
    pub workers: Prop<Option<u32>>,
    #[serde(default = "not_read")]
    pub execution_class: Prop<ExecutionClass>,
    #[serde(default = "not_read")]
    pub timeout_minutes: Prop<Option<u32>>,
    #[serde(default = "not_read")]
    pub max_retries: Prop<u32>,
    #[serde(default = "not_read")]
    pub notify_delay_minutes: Prop<Option<u32>>,
    /// Every default argument, lakectl's and the user's.
    #[serde(default = "not_read")]
    pub arguments: Prop<Tags>,
    pub security_configuration: Prop<Option<String>>,
    #[serde(default = "not_read")]
    pub tags: Prop<Tags>,
}

/// A Glue workflow and the triggers that run its steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    pub name: String,
    pub logical_id: String,
    pub description: Prop<String>,
    /// Sorted by name.
    pub triggers: Prop<Vec<Trigger>>,
    pub tags: Prop<Tags>,
}

/// A trigger of a workflow: it starts its actions on a schedule, on demand (the workflow's
/// start), on EventBridge events, or when every condition's crawler or job succeeded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    /// `cron(...)`, for the scheduled start trigger.
    pub schedule: Option<String>,
    /// For the start trigger of a workflow started by EventBridge events: when to fire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batching: Option<EventBatching>,
    /// Sorted; all must succeed (empty for the start trigger).
    pub conditions: Vec<StepTarget>,
    /// Sorted.
    pub actions: Vec<StepTarget>,
}

/// Glue's trigger types, which follow from what a trigger holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    /// Fires on its cron schedule (a scheduled workflow's start).
    Scheduled,
    /// Fires when the workflow is started by hand or by the API.
    OnDemand,
    /// Fires when every condition's crawler or job has succeeded.
    Conditional,
    /// Fires on EventBridge events, in batches.
    Event,
}

impl TriggerKind {
    /// Glue's name for the type (`Trigger.Type`).
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerKind::Scheduled => "SCHEDULED",
            TriggerKind::OnDemand => "ON_DEMAND",
            TriggerKind::Conditional => "CONDITIONAL",
            TriggerKind::Event => "EVENT",
        }
    }
}

impl Trigger {
    pub fn kind(&self) -> TriggerKind {
        if self.batching.is_some() {
            return TriggerKind::Event;
        }
        match (&self.schedule, self.conditions.is_empty()) {
            (_, false) => TriggerKind::Conditional,
            (Some(_), true) => TriggerKind::Scheduled,
            (None, true) => TriggerKind::OnDemand,
        }
    }
}

/// A crawler or job (by full name) a trigger starts or waits for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepTarget {
    Crawler(String),
    Job(String),
}

impl std::fmt::Display for StepTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StepTarget::Crawler(name) => write!(f, "crawler {name}"),
            StepTarget::Job(name) => write!(f, "job {name}"),
        }
    }
}

/// Glue's default arguments that lakectl sets on every job.
pub mod job_arguments {
    pub const BOOKMARKS: &str = "--job-bookmark-option";
    pub const BOOKMARKS_ON: &str = "job-bookmark-enable";
    pub const BOOKMARKS_OFF: &str = "job-bookmark-disable";
    pub const METRICS: &str = "--enable-metrics";
    pub const CONTINUOUS_LOGS: &str = "--enable-continuous-cloudwatch-log";
    pub const LANGUAGE: &str = "--job-language";
    /// Where Spark spills and stages; lakectl points it at the encrypted scripts bucket rather
    /// than the unmanaged `aws-glue-assets` bucket Glue would create.
    pub const TEMP_DIR: &str = "--TempDir";
    /// Spark jobs on Glue 3.0 and later use only the workers the work needs, up to
    /// `NumberOfWorkers`, instead of paying for all of them for the whole run.
    pub const AUTO_SCALING: &str = "--enable-auto-scaling";
    /// Every argument lakectl owns; a blueprint's `arguments` may not set them.
    pub const OWNED: [&str; 6] = [
        BOOKMARKS,
        METRICS,
        CONTINUOUS_LOGS,
        LANGUAGE,
        TEMP_DIR,
        AUTO_SCALING,
    ];
}

impl Job {
    /// A job of which nothing but the name is known (tests build the rest on it).
    pub fn unread(name: &str) -> Job {
        Job {
            name: name.to_string(),
            logical_id: String::new(),
            role: String::new(),
            script_location: not_read(),
            script_source: None,
            glue_version: not_read(),
            worker_type: not_read(),
            workers: not_read(),
            execution_class: not_read(),
            timeout_minutes: not_read(),
            max_retries: not_read(),
            notify_delay_minutes: not_read(),
            arguments: not_read(),
            security_configuration: not_read(),
            tags: not_read(),
        }
    }

    /// Whether Glue runs the script as Python (it takes a Python version); only a
    /// `--job-language scala` argument says otherwise.
    pub fn runs_python(&self) -> bool {
        let arguments = self.arguments.known();
        let language = arguments.and_then(|a| a.get(job_arguments::LANGUAGE));
        language.map(String::as_str) != Some("scala")
    }
}

/// Models saved before a field existed did not read it.
fn not_read<T>() -> Prop<T> {
    Prop::unknown("not read")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkGroup {
    pub name: String,
    pub logical_id: String,
    pub description: Prop<String>,
    pub enforce_configuration: Prop<bool>,
    pub result_location: Prop<Option<String>>,
    pub result_encryption: Prop<Option<ResultEncryption>>,
    pub bytes_scanned_cutoff: Prop<Option<u64>>,
    pub metrics: Prop<bool>,
    /// The selected query engine (`AUTO` when AWS picks).
    pub engine_version: Prop<String>,
    pub tags: Prop<Tags>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultEncryption {
    /// `SSE_KMS`, `CSE_KMS` or `SSE_S3`.
    pub option: String,
    pub key: Option<KeyRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LakeFormation {
    /// Principal ARNs.
    pub admins: Prop<Vec<String>>,
    /// Principals given permissions on new databases by default (`IAM_ALLOWED_PRINCIPALS` is
    /// the legacy open default).
    pub create_database_default: Prop<Vec<String>>,
    pub create_table_default: Prop<Vec<String>>,
    /// Registered S3 locations (ARNs).
    pub registered_locations: Prop<Vec<String>>,
    /// The registered locations in hybrid access mode (ARNs, sorted), whose data IAM and S3
    /// policies still reach beside Lake Formation's grants. lakectl registers none so. Live:
    /// the account's, like `registered_locations` (plan and apply pick the lake's own).
    #[serde(default = "known_empty")]
    pub hybrid_locations: Prop<Vec<String>>,
    pub grants: Prop<Vec<LfGrant>>,
    /// LF-tags the lake defines (live: every LF-tag of the account).
    #[serde(default = "known_empty")]
    pub tags: Prop<Vec<LfTag>>,
    /// Sorted. Live: the assignments found on the lake's databases, tables and columns.
    #[serde(default = "known_empty")]
    pub tag_assignments: Prop<Vec<LfTagAssignment>>,
    /// Sorted grants by tag expression.
    #[serde(default = "known_empty")]
    pub tag_grants: Prop<Vec<LfTagGrant>>,
    /// Sorted. Live: the filters on the lake's tables.
    #[serde(default = "known_empty")]
    pub data_cells_filters: Prop<Vec<DataCellsFilter>>,
    /// Sorted grants on data cells filters.
    #[serde(default = "known_empty")]
    pub filter_grants: Prop<Vec<LfFilterGrant>>,
}

/// Models saved before LF-tags and data cells filters existed had none.
fn known_empty<T>() -> Prop<Vec<T>> {
    Prop::Known(Vec::new())
}

pub const IAM_ALLOWED_PRINCIPALS: &str = "IAM_ALLOWED_PRINCIPALS";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LfGrant {
    pub principal: String,
    pub database: String,
    pub table: Option<String>,
    /// Empty: every column.
    pub columns: Vec<String>,
    /// Sorted permission names, e.g. `DESCRIBE`, `SELECT`.
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The name in the blueprint.
    pub id: String,
    pub logical_id: String,
    pub name: String,
    pub purpose: Option<RolePurpose>,
    pub trust: Prop<PolicyDocument>,
    /// The inline policy `lakectl` that carries all of the role's permissions.
    pub policy: Prop<Option<PolicyDocument>>,
    /// Inline policies other than `lakectl`, sorted by name: lakectl does not manage them
    /// (the plan ignores them) but the audit checks them, since they grant as much as ours.
    pub other_policies: Prop<Vec<NamedPolicy>>,
    /// Managed policies attached (lakectl attaches none).
    pub managed_policies: Prop<Vec<String>>,
    pub tags: Prop<Tags>,
}

/// An inline policy of a role, with its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedPolicy {
    pub name: String,
    pub document: PolicyDocument,
}

impl Role {
    pub fn arn(&self, lake: &LakeInfo) -> String {
        Arns::of(lake).role(&self.name)
    }
}

fn log_groups_not_read() -> Prop<Vec<LogGroup>> {
    Prop::unknown("the log groups were not read (a model saved before lakectl read them)")
}

fn alarms_not_read() -> Prop<Vec<MetricAlarm>> {
    Prop::unknown("the alarms were not read (a model saved before lakectl read them)")
}

/// Models saved before `global` existed were of one region, which held the global settings.
fn global_by_default() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSettings {
    pub public_access_block: Prop<Option<PublicAccessBlock>>,
    /// This model carries the account's global settings (its S3 public access block; IAM is
    /// global too): false for all but one region of an audit of several regions, whose rules
    /// then leave the account's global settings to that one region.
    #[serde(default = "global_by_default")]
    pub global: bool,
    pub trails: Prop<Vec<Trail>>,
    /// The region's metric alarms (models saved before they were read had none).
    #[serde(default = "alarms_not_read")]
    pub alarms: Prop<Vec<MetricAlarm>>,
    /// The region's pipeline log groups: those under [`logs::PIPELINE_LOG_PREFIXES`] and any a
    /// delivery stream logs to.
    #[serde(default = "log_groups_not_read")]
    pub log_groups: Prop<Vec<LogGroup>>,
    /// Listings that failed (`kinesis:ListStreams: AccessDenied ...`): resources of that kind
    /// may exist without being audited, which the audit must say rather than pass silently.
    #[serde(default)]
    pub unlisted: Vec<String>,
}

impl Model {
    pub fn key(&self, id: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.id == id)
    }

    pub fn bucket(&self, id: &str) -> Option<&Bucket> {
        self.buckets.iter().find(|b| b.id == id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    pub fn workflow(&self, name: &str) -> Option<&Workflow> {
        self.catalog.workflows.iter().find(|w| w.name == name)
    }

    /// The resources pipeline alarms watch: streams, delivery streams and jobs, by name.
    pub fn pipeline(&self) -> impl Iterator<Item = (Kind, &str)> {
        let streams = self.streams.iter().map(|s| (Kind::Stream, s.name.as_str()));
        let deliveries =
            (self.delivery_streams.iter()).map(|d| (Kind::DeliveryStream, d.name.as_str()));
        let jobs = self
            .catalog
            .jobs
            .iter()
            .map(|j| (Kind::Job, j.name.as_str()));
        streams.chain(deliveries).chain(jobs)
    }
}
