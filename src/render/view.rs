//! The model as the CloudFormation templates see it: one entry per resource with its logical
//! id, its `DependsOn`, and every property already in CloudFormation terms. Values that may
//! carry tokens or point at other resources are `serde_json::Value`s (`Fn::Sub`, `Fn::GetAtt`,
//! `Ref`), written by the `value` helper; plain strings are written by `{{field}}`, escaped.
//!
//! Decisions that need the model (which key a bucket uses, which role a key policy names)
//! are made here, in Rust, and unit tested; the templates only lay the properties out.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use serde_json::{Value, json};

use super::RenderError;
use super::cfn::{self, Tokens, get_att, literal, reference};
use super::storage;
use crate::model::{
    self, BucketPurpose, Compression, KeyRef, Model, ObjectOwnership, Prop, PublicAccessBlock,
    SseAlgorithm, StreamMode, Versioning,
};

#[derive(Debug, Serialize)]
pub struct TemplateView {
    pub description: String,
    pub keys: Vec<KeyView>,
    pub buckets: Vec<BucketView>,
    pub roles: Vec<RoleView>,
    pub streams: Vec<StreamView>,
    pub log_groups: Vec<LogGroupView>,
    pub delivery_streams: Vec<DeliveryView>,
    pub catalog_encryption: CatalogEncryptionView,
    pub security_configurations: Vec<SecurityConfigurationView>,
    pub databases: Vec<DatabaseView>,
    pub tables: Vec<TableView>,
    pub crawlers: Vec<CrawlerView>,
    pub workgroups: Vec<WorkGroupView>,
    pub lake_formation: LakeFormationView,
}

#[derive(Debug, Serialize)]
pub struct KeyView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub description: String,
    pub rotation: bool,
    pub policy: Value,
    pub pending_window_days: u32,
    pub tags: Value,
    pub alias_logical_id: String,
    pub alias: String,
}

#[derive(Debug, Serialize)]
pub struct BucketView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: Value,
    pub encryption: Option<EncryptionView>,
    pub public_access_block: PublicAccessBlock,
    pub ownership: Option<&'static str>,
    pub versioning: Option<&'static str>,
    pub lifecycle_rules: Option<Value>,
    pub logging: Option<LoggingView>,
    pub tags: Value,
    pub policy_logical_id: String,
    pub policy: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct EncryptionView {
    pub algorithm: &'static str,
    pub key: Option<Value>,
    pub bucket_key: bool,
}

#[derive(Debug, Serialize)]
pub struct LoggingView {
    pub destination: Value,
    pub prefix: String,
}

#[derive(Debug, Serialize)]
pub struct RoleView {
    pub logical_id: String,
    pub name: String,
    pub trust: Value,
    pub policy: Option<Value>,
    pub managed_policies: Value,
    pub tags: Value,
}

#[derive(Debug, Serialize)]
pub struct StreamView {
    pub logical_id: String,
    pub name: String,
    pub mode: &'static str,
    pub shards: Option<u32>,
    pub retention_hours: u32,
    pub key: Option<Value>,
    pub tags: Value,
}

/// The CloudWatch log group and stream a delivery stream reports errors to. Firehose does not
/// create them itself, so the template does, encrypted with the platform key.
#[derive(Debug, Serialize)]
pub struct LogGroupView {
    pub logical_id: String,
    pub name: String,
    pub key: Option<Value>,
    pub retention_days: u32,
    pub tags: Value,
    pub stream_logical_id: String,
    pub stream_name: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DeliveryView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: String,
    pub kind: &'static str,
    pub source: Option<SourceView>,
    pub sse_key: Option<Value>,
    pub bucket: Value,
    pub prefix: String,
    pub error_prefix: String,
    pub buffering_mb: u32,
    pub buffering_seconds: u32,
    pub compression: &'static str,
    pub destination_key: Option<Value>,
    pub role: Value,
    pub log_group: String,
    pub log_stream: &'static str,
    pub tags: Value,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub stream: Value,
    pub role: Value,
}

#[derive(Debug, Serialize)]
pub struct CatalogEncryptionView {
    pub logical_id: &'static str,
    pub mode: &'static str,
    pub metadata_key: Option<Value>,
    pub return_password_encrypted: bool,
    pub password_key: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct SecurityConfigurationView {
    pub logical_id: String,
    pub name: String,
    pub s3_mode: &'static str,
    pub s3_key: Option<Value>,
    pub cloudwatch_mode: &'static str,
    pub cloudwatch_key: Option<Value>,
    pub bookmarks_mode: &'static str,
    pub bookmarks_key: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct DatabaseView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: String,
    pub description: Value,
    pub location: Value,
}

#[derive(Debug, Serialize)]
pub struct TableView {
    pub logical_id: String,
    pub database: Value,
    pub name: String,
    pub location: Value,
    pub input_format: &'static str,
    pub output_format: &'static str,
    pub serde_library: &'static str,
    pub serde_parameters: Value,
    pub parameters: Value,
    pub columns: Value,
    pub partition_keys: Value,
}

#[derive(Debug, Serialize)]
pub struct CrawlerView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: String,
    pub role: Value,
    pub database: Value,
    pub targets: Value,
    pub schedule: Option<String>,
    pub security_configuration: Option<Value>,
    pub tags: Value,
}

#[derive(Debug, Serialize)]
pub struct WorkGroupView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: String,
    pub description: Value,
    pub enforce: bool,
    pub metrics: bool,
    pub bytes_scanned_cutoff: Option<u64>,
    pub output_location: Option<Value>,
    pub encryption: Option<ResultEncryptionView>,
    pub tags: Value,
}

#[derive(Debug, Serialize)]
pub struct ResultEncryptionView {
    pub option: String,
    pub key: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct LakeFormationView {
    pub settings_logical_id: &'static str,
    pub admins: Value,
    pub create_database_default: Value,
    pub create_table_default: Value,
    pub locations: Vec<LocationView>,
    pub grants: Vec<GrantView>,
}

#[derive(Debug, Serialize)]
pub struct LocationView {
    pub logical_id: String,
    pub arn: Value,
}

#[derive(Debug, Serialize)]
pub struct GrantView {
    pub logical_id: String,
    pub principal: Value,
    pub resource: Value,
    pub permissions: Vec<String>,
}

const LAKE_FORMATION_SETTINGS: &str = "LakeFormationSettings";
const CATALOG_ENCRYPTION: &str = "GlueCatalogEncryption";
/// Firehose error logs are kept a year: long enough to investigate a delivery gap.
const DELIVERY_LOG_RETENTION_DAYS: u32 = 365;

/// Builds the view of a model. Fails on a property the model does not know (a live model
/// cannot be rendered) and on a reference to a resource the model lacks.
pub fn build(model: &Model) -> Result<TemplateView, RenderError> {
    ViewBuilder::new(model).build()
}

struct ViewBuilder<'m> {
    model: &'m Model,
    tokens: Tokens,
    bucket_by_name: HashMap<&'m str, &'m model::Bucket>,
    bucket_by_arn: HashMap<String, &'m model::Bucket>,
    role_by_name: HashMap<&'m str, &'m model::Role>,
    role_by_arn: HashMap<String, &'m model::Role>,
    database_by_name: HashMap<&'m str, &'m model::Database>,
    table_by_name: HashMap<(&'m str, &'m str), &'m model::Table>,
}

fn known<T>(prop: &Prop<T>, what: impl FnOnce() -> String) -> Result<&T, RenderError> {
    match prop {
        Prop::Known(value) => Ok(value),
        Prop::Unknown(u) => Err(RenderError::Unknown {
            what: what(),
            reason: u.unknown.clone(),
        }),
    }
}

/// `Bucket` + `Raw` → `Raw`: the part of a logical id after its type prefix, for the ids of
/// companion resources (`BucketPolicyRaw`, `AliasRaw`).
fn suffix<'a>(logical_id: &'a str, prefix: &str) -> &'a str {
    logical_id.strip_prefix(prefix).unwrap_or(logical_id)
}

impl<'m> ViewBuilder<'m> {
    fn new(model: &'m Model) -> Self {
        let lake = &model.lake;
        ViewBuilder {
            model,
            tokens: Tokens::of(model),
            bucket_by_name: model.buckets.iter().map(|b| (b.name.as_str(), b)).collect(),
            bucket_by_arn: model
                .buckets
                .iter()
                .map(|b| (b.arn(&lake.partition), b))
                .collect(),
            role_by_name: model.roles.iter().map(|r| (r.name.as_str(), r)).collect(),
            role_by_arn: model.roles.iter().map(|r| (r.arn(lake), r)).collect(),
            database_by_name: model
                .catalog
                .databases
                .iter()
                .map(|d| (d.name.as_str(), d))
                .collect(),
            table_by_name: model
                .catalog
                .tables
                .iter()
                .map(|t| ((t.database.as_str(), t.name.as_str()), t))
                .collect(),
        }
    }

    fn build(&self) -> Result<TemplateView, RenderError> {
        let lake = &self.model.lake;
        Ok(TemplateView {
            description: format!(
                "lakectl: the {} data lake ({}) in {}",
                lake.name, lake.environment, lake.region
            ),
            keys: self.keys()?,
            buckets: self.buckets()?,
            roles: self.roles()?,
            streams: self.streams()?,
            log_groups: self.log_groups()?,
            delivery_streams: self.delivery_streams()?,
            catalog_encryption: self.catalog_encryption()?,
            security_configurations: self.security_configurations()?,
            databases: self.databases()?,
            tables: self.tables()?,
            crawlers: self.crawlers()?,
            workgroups: self.workgroups()?,
            lake_formation: self.lake_formation()?,
        })
    }

    /// The ARN of a key, for a property that takes one; `None` for the service's AWS managed
    /// key (the property is then left out).
    fn key_arn(&self, key: &KeyRef, what: &str) -> Result<Option<Value>, RenderError> {
        match key {
            KeyRef::Lake(id) => {
                let key = self.model.key(id).ok_or_else(|| RenderError::Reference {
                    what: what.to_string(),
                    target: format!("key `{id}`"),
                })?;
                Ok(Some(get_att(&key.logical_id, "Arn")))
            }
            KeyRef::Other(arn) => Ok(Some(self.tokens.sub(arn))),
            KeyRef::AwsManaged => Ok(None),
        }
    }

    fn optional_key_arn(
        &self,
        key: &Option<KeyRef>,
        what: &str,
    ) -> Result<Option<Value>, RenderError> {
        match key {
            Some(key) => self.key_arn(key, what),
            None => Ok(None),
        }
    }

    /// A policy document with its tokens as `Fn::Sub`.
    fn policy(&self, policy: &model::PolicyDocument) -> Value {
        let json = serde_json::to_value(policy).expect("policy documents always serialize");
        self.tokens.sub_all(&json)
    }

    /// A principal ARN: `Fn::GetAtt` for a role of this template (so CloudFormation creates
    /// the role first), the ARN otherwise.
    fn principal(&self, arn: &str) -> Value {
        match self.role_by_arn.get(arn) {
            Some(role) => get_att(&role.logical_id, "Arn"),
            None => self.tokens.sub(arn),
        }
    }

    fn role_arn_by_name(&self, name: &str) -> Value {
        match self.role_by_name.get(name) {
            Some(role) => get_att(&role.logical_id, "Arn"),
            None => self.tokens.sub(name),
        }
    }

    fn keys(&self) -> Result<Vec<KeyView>, RenderError> {
        self.model
            .keys
            .iter()
            .map(|k| {
                let what = |field: &str| format!("key `{}` {field}", k.id);
                let policy = known(&k.policy, || what("policy"))?;
                let policy_json = serde_json::to_string(policy).expect("policies serialize");
                // KMS rejects a key policy naming a principal that does not exist yet.
                let depends_on = self
                    .model
                    .roles
                    .iter()
                    .filter(|r| policy_json.contains(&format!("\"{}\"", r.arn(&self.model.lake))))
                    .map(|r| r.logical_id.clone())
                    .collect();
                Ok(KeyView {
                    depends_on,
                    description: k.description.clone(),
                    rotation: *known(&k.rotation, || what("rotation"))?,
                    policy: self.policy(policy),
                    pending_window_days: k.deletion_window_days,
                    tags: cfn::tag_list(known(&k.tags, || what("tags"))?),
                    alias_logical_id: format!("Alias{}", suffix(&k.logical_id, "Key")),
                    alias: k.alias.clone(),
                    logical_id: k.logical_id.clone(),
                })
            })
            .collect()
    }

    fn buckets(&self) -> Result<Vec<BucketView>, RenderError> {
        let log_bucket = self
            .model
            .buckets
            .iter()
            .find(|b| b.purpose == BucketPurpose::AccessLogs);
        self.model
            .buckets
            .iter()
            .map(|b| {
                let what = |field: &str| format!("bucket `{}` {field}", b.id);
                let encryption = known(&b.encryption, || what("encryption"))?;
                let encryption = match encryption.algorithm {
                    SseAlgorithm::None => None,
                    algorithm => Some(EncryptionView {
                        algorithm: match algorithm {
                            SseAlgorithm::Kms => "aws:kms",
                            SseAlgorithm::KmsDsse => "aws:kms:dsse",
                            _ => "AES256",
                        },
                        key: self.optional_key_arn(&encryption.key, &what("encryption"))?,
                        bucket_key: encryption.bucket_key,
                    }),
                };
                let logging =
                    known(&b.logging, || what("logging"))?
                        .as_ref()
                        .map(|l| LoggingView {
                            destination: match self.bucket_by_name.get(l.target_bucket.as_str()) {
                                Some(target) => reference(&target.logical_id),
                                None => self.tokens.sub(&l.target_bucket),
                            },
                            prefix: l.target_prefix.clone(),
                        });
                // S3 checks the log bucket accepts deliveries when logging is switched on.
                let depends_on = match (log_bucket, &logging) {
                    (Some(logs), Some(_)) if logs.id != b.id => {
                        vec![format!(
                            "BucketPolicy{}",
                            suffix(&logs.logical_id, "Bucket")
                        )]
                    }
                    _ => Vec::new(),
                };
                let rules = known(&b.lifecycle, || what("lifecycle"))?;
                Ok(BucketView {
                    logical_id: b.logical_id.clone(),
                    depends_on,
                    name: self.tokens.sub(&b.name),
                    encryption,
                    public_access_block: *known(&b.public_access_block, || {
                        what("public access block")
                    })?,
                    ownership: match known(&b.ownership, || what("ownership"))? {
                        ObjectOwnership::BucketOwnerEnforced => Some("BucketOwnerEnforced"),
                        ObjectOwnership::BucketOwnerPreferred => Some("BucketOwnerPreferred"),
                        ObjectOwnership::ObjectWriter => Some("ObjectWriter"),
                        ObjectOwnership::None => None,
                    },
                    versioning: match known(&b.versioning, || what("versioning"))? {
                        Versioning::Enabled => Some("Enabled"),
                        Versioning::Suspended => Some("Suspended"),
                        Versioning::Disabled => None,
                    },
                    lifecycle_rules: (!rules.is_empty())
                        .then(|| Value::Array(rules.iter().map(lifecycle_rule).collect())),
                    logging,
                    tags: cfn::tag_list(known(&b.tags, || what("tags"))?),
                    policy_logical_id: format!("BucketPolicy{}", suffix(&b.logical_id, "Bucket")),
                    policy: known(&b.policy, || what("policy"))?
                        .as_ref()
                        .map(|p| self.policy(p)),
                })
            })
            .collect()
    }

    fn roles(&self) -> Result<Vec<RoleView>, RenderError> {
        self.model
            .roles
            .iter()
            .map(|r| {
                let what = |field: &str| format!("role `{}` {field}", r.id);
                Ok(RoleView {
                    logical_id: r.logical_id.clone(),
                    name: r.name.clone(),
                    trust: self.policy(known(&r.trust, || what("trust policy"))?),
                    policy: known(&r.policy, || what("policy"))?
                        .as_ref()
                        .map(|p| self.policy(p)),
                    managed_policies: Value::Array(
                        known(&r.managed_policies, || what("managed policies"))?
                            .iter()
                            .map(|arn| self.tokens.sub(arn))
                            .collect(),
                    ),
                    tags: cfn::tag_list(known(&r.tags, || what("tags"))?),
                })
            })
            .collect()
    }

    fn streams(&self) -> Result<Vec<StreamView>, RenderError> {
        self.model
            .streams
            .iter()
            .map(|s| {
                let what = |field: &str| format!("stream `{}` {field}", s.id);
                let mode = *known(&s.mode, || what("mode"))?;
                let key = match known(&s.encryption, || what("encryption"))? {
                    Some(KeyRef::AwsManaged) => Some(literal("alias/aws/kinesis")),
                    Some(key) => self.key_arn(key, &what("encryption"))?,
                    None => None,
                };
                Ok(StreamView {
                    logical_id: s.logical_id.clone(),
                    name: s.name.clone(),
                    mode: match mode {
                        StreamMode::OnDemand => "ON_DEMAND",
                        StreamMode::Provisioned => "PROVISIONED",
                    },
                    // An on-demand stream's shard count is AWS's business.
                    shards: match mode {
                        StreamMode::Provisioned => *known(&s.shards, || what("shards"))?,
                        StreamMode::OnDemand => None,
                    },
                    retention_hours: *known(&s.retention_hours, || what("retention"))?,
                    key,
                    tags: cfn::tag_list(known(&s.tags, || what("tags"))?),
                })
            })
            .collect()
    }

    /// The key that encrypts logs: the one whose key policy lets CloudWatch Logs use it.
    fn logs_key(&self) -> Option<Value> {
        [model::PLATFORM_KEY, model::LAKE_KEY]
            .iter()
            .find_map(|id| self.model.key(id))
            .map(|k| get_att(&k.logical_id, "Arn"))
    }

    fn log_groups(&self) -> Result<Vec<LogGroupView>, RenderError> {
        let key = self.logs_key();
        self.model
            .delivery_streams
            .iter()
            .map(|d| {
                let id = suffix(&d.logical_id, "Delivery");
                Ok(LogGroupView {
                    logical_id: format!("LogGroup{id}"),
                    name: delivery_log_group(&d.name),
                    key: key.clone(),
                    retention_days: DELIVERY_LOG_RETENTION_DAYS,
                    tags: cfn::tag_list(known(&d.tags, || {
                        format!("delivery stream `{}` tags", d.id)
                    })?),
                    stream_logical_id: format!("LogStream{id}"),
                    stream_name: DELIVERY_LOG_STREAM,
                })
            })
            .collect()
    }

    fn delivery_streams(&self) -> Result<Vec<DeliveryView>, RenderError> {
        self.model
            .delivery_streams
            .iter()
            .map(|d| {
                let what = |field: &str| format!("delivery stream `{}` {field}", d.id);
                let bucket =
                    self.model
                        .bucket(&d.bucket)
                        .ok_or_else(|| RenderError::Reference {
                            what: what("destination"),
                            target: format!("bucket `{}`", d.bucket),
                        })?;
                let role = self.role_arn_by_name(&d.role);
                let source = d.source_stream.as_ref().map(|name| SourceView {
                    stream: match self.model.streams.iter().find(|s| &s.name == name) {
                        Some(stream) => get_att(&stream.logical_id, "Arn"),
                        None => self.tokens.sub(&format!(
                            "arn:{}:kinesis:{}:{}:stream/{name}",
                            self.model.lake.partition,
                            self.model.lake.region,
                            self.model.lake.account
                        )),
                    },
                    role: role.clone(),
                });
                // Server-side encryption of the delivery stream exists for direct put only; a
                // Kinesis source is encrypted by its stream.
                let sse_key = match (&source, known(&d.sse, || what("encryption"))?) {
                    (None, Some(key)) => self.key_arn(key, &what("encryption"))?,
                    _ => None,
                };
                Ok(DeliveryView {
                    logical_id: d.logical_id.clone(),
                    // Firehose names the log group and stream by name only.
                    depends_on: vec![format!("LogStream{}", suffix(&d.logical_id, "Delivery"))],
                    name: d.name.clone(),
                    kind: if source.is_some() {
                        "KinesisStreamAsSource"
                    } else {
                        "DirectPut"
                    },
                    source,
                    sse_key,
                    bucket: get_att(&bucket.logical_id, "Arn"),
                    prefix: known(&d.prefix, || what("prefix"))?.clone(),
                    error_prefix: known(&d.error_prefix, || what("error prefix"))?.clone(),
                    buffering_mb: *known(&d.buffering_mb, || what("buffering size"))?,
                    buffering_seconds: *known(&d.buffering_seconds, || what("buffering interval"))?,
                    compression: match known(&d.compression, || what("compression"))? {
                        Compression::Gzip => "GZIP",
                        Compression::Snappy => "Snappy",
                        Compression::HadoopSnappy => "HADOOP_SNAPPY",
                        Compression::Zip => "ZIP",
                        Compression::Uncompressed => "UNCOMPRESSED",
                    },
                    destination_key: match known(&d.destination_key, || what("destination key"))? {
                        Some(key) => self.key_arn(key, &what("destination key"))?,
                        None => None,
                    },
                    role,
                    log_group: delivery_log_group(&d.name),
                    log_stream: DELIVERY_LOG_STREAM,
                    tags: cfn::tag_list(known(&d.tags, || what("tags"))?),
                })
            })
            .collect()
    }

    fn catalog_encryption(&self) -> Result<CatalogEncryptionView, RenderError> {
        let encryption = known(&self.model.catalog.encryption, || {
            "catalog encryption".to_string()
        })?;
        let metadata_key = self.optional_key_arn(&encryption.metadata_key, "catalog encryption")?;
        Ok(CatalogEncryptionView {
            logical_id: CATALOG_ENCRYPTION,
            mode: if encryption.metadata_key.is_some() {
                "SSE-KMS"
            } else {
                "DISABLED"
            },
            metadata_key,
            return_password_encrypted: encryption.connection_password_key.is_some(),
            password_key: self.optional_key_arn(
                &encryption.connection_password_key,
                "catalog connection password encryption",
            )?,
        })
    }

    fn security_configurations(&self) -> Result<Vec<SecurityConfigurationView>, RenderError> {
        self.model
            .catalog
            .security_configurations
            .iter()
            .map(|c| {
                let what = |field: &str| format!("security configuration `{}` {field}", c.name);
                let s3 = known(&c.s3_key, || what("S3 encryption"))?;
                let cloudwatch = known(&c.cloudwatch_key, || what("CloudWatch encryption"))?;
                let bookmarks = known(&c.bookmarks_key, || what("job bookmark encryption"))?;
                Ok(SecurityConfigurationView {
                    logical_id: c.logical_id.clone(),
                    name: c.name.clone(),
                    s3_mode: if s3.is_some() { "SSE-KMS" } else { "DISABLED" },
                    s3_key: self.optional_key_arn(s3, &what("S3 encryption"))?,
                    cloudwatch_mode: if cloudwatch.is_some() {
                        "SSE-KMS"
                    } else {
                        "DISABLED"
                    },
                    cloudwatch_key: self.optional_key_arn(cloudwatch, &what("CloudWatch"))?,
                    bookmarks_mode: if bookmarks.is_some() {
                        "CSE-KMS"
                    } else {
                        "DISABLED"
                    },
                    bookmarks_key: self.optional_key_arn(bookmarks, &what("job bookmarks"))?,
                })
            })
            .collect()
    }

    fn databases(&self) -> Result<Vec<DatabaseView>, RenderError> {
        self.model
            .catalog
            .databases
            .iter()
            .map(|d| {
                let what = |field: &str| format!("database `{}` {field}", d.name);
                Ok(DatabaseView {
                    logical_id: d.logical_id.clone(),
                    // Created after the settings that switch IAM_ALLOWED_PRINCIPALS off and
                    // encrypt the catalog, so no database ever exists without either.
                    depends_on: vec![
                        LAKE_FORMATION_SETTINGS.to_string(),
                        CATALOG_ENCRYPTION.to_string(),
                    ],
                    name: d.name.clone(),
                    description: literal(known(&d.description, || what("description"))?),
                    location: self.tokens.sub(known(&d.location, || what("location"))?),
                })
            })
            .collect()
    }

    fn database_ref(&self, name: &str) -> Value {
        match self.database_by_name.get(name) {
            Some(db) => reference(&db.logical_id),
            None => literal(name),
        }
    }

    fn tables(&self) -> Result<Vec<TableView>, RenderError> {
        self.model
            .catalog
            .tables
            .iter()
            .map(|t| {
                let what = |field: &str| format!("table `{}.{}` {field}", t.database, t.name);
                let columns = known(&t.columns, || what("columns"))?;
                let format = *known(&t.format, || what("format"))?;
                let compression = *known(&t.compression, || what("compression"))?;
                let storage = storage::storage(format, compression, columns);
                Ok(TableView {
                    logical_id: t.logical_id.clone(),
                    database: self.database_ref(&t.database),
                    name: t.name.clone(),
                    location: self.tokens.sub(known(&t.location, || what("location"))?),
                    input_format: storage.input_format,
                    output_format: storage.output_format,
                    serde_library: storage.serde,
                    serde_parameters: storage.serde_parameters,
                    parameters: storage.parameters,
                    columns: column_list(columns),
                    partition_keys: column_list(known(&t.partition_keys, || {
                        what("partition keys")
                    })?),
                })
            })
            .collect()
    }

    fn crawlers(&self) -> Result<Vec<CrawlerView>, RenderError> {
        let grants = known(&self.model.lake_formation.grants, || {
            "Lake Formation grants".to_string()
        })?;
        self.model
            .catalog
            .crawlers
            .iter()
            .map(|c| {
                let what = |field: &str| format!("crawler `{}` {field}", c.name);
                let role_arn = self
                    .role_by_name
                    .get(c.role.as_str())
                    .map(|r| r.arn(&self.model.lake));
                // A scheduled run before its Lake Formation grant exists would fail.
                let depends_on = grants
                    .iter()
                    .filter(|g| Some(&g.principal) == role_arn.as_ref() && g.database == c.database)
                    .map(grant_logical_id)
                    .collect();
                let security_configuration =
                    known(&c.security_configuration, || what("security configuration"))?
                        .as_ref()
                        .map(|name| {
                            match self
                                .model
                                .catalog
                                .security_configurations
                                .iter()
                                .find(|s| &s.name == name)
                            {
                                Some(s) => reference(&s.logical_id),
                                None => literal(name),
                            }
                        });
                Ok(CrawlerView {
                    logical_id: c.logical_id.clone(),
                    depends_on,
                    name: c.name.clone(),
                    role: self.role_arn_by_name(&c.role),
                    database: self.database_ref(&c.database),
                    targets: Value::Array(
                        known(&c.targets, || what("targets"))?
                            .iter()
                            .map(|path| json!({ "Path": self.tokens.sub(path) }))
                            .collect(),
                    ),
                    schedule: known(&c.schedule, || what("schedule"))?.clone(),
                    security_configuration,
                    tags: cfn::tag_map(known(&c.tags, || what("tags"))?),
                })
            })
            .collect()
    }

    fn workgroups(&self) -> Result<Vec<WorkGroupView>, RenderError> {
        let results = self
            .model
            .buckets
            .iter()
            .find(|b| b.purpose == BucketPurpose::AthenaResults);
        self.model
            .workgroups
            .iter()
            .map(|w| {
                let what = |field: &str| format!("work group `{}` {field}", w.name);
                let encryption = match known(&w.result_encryption, || what("result encryption"))? {
                    Some(e) => Some(ResultEncryptionView {
                        option: e.option.clone(),
                        key: self.optional_key_arn(&e.key, &what("result encryption"))?,
                    }),
                    None => None,
                };
                Ok(WorkGroupView {
                    logical_id: w.logical_id.clone(),
                    // The output location is a bucket name in a string.
                    depends_on: results.map(|b| b.logical_id.clone()).into_iter().collect(),
                    name: w.name.clone(),
                    description: literal(known(&w.description, || what("description"))?),
                    enforce: *known(&w.enforce_configuration, || what("enforcement"))?,
                    metrics: *known(&w.metrics, || what("metrics"))?,
                    bytes_scanned_cutoff: *known(&w.bytes_scanned_cutoff, || {
                        what("bytes scanned cutoff")
                    })?,
                    output_location: known(&w.result_location, || what("result location"))?
                        .as_ref()
                        .map(|l| self.tokens.sub(l)),
                    encryption,
                    tags: cfn::tag_list(known(&w.tags, || what("tags"))?),
                })
            })
            .collect()
    }

    fn lake_formation(&self) -> Result<LakeFormationView, RenderError> {
        let lf = &self.model.lake_formation;
        let what = |field: &str| format!("Lake Formation {field}");
        let principal = |arn: &str| json!({ "DataLakePrincipalIdentifier": self.principal(arn) });
        let defaults = |principals: &[String]| {
            Value::Array(
                principals
                    .iter()
                    .map(|p| json!({ "Principal": principal(p), "Permissions": ["ALL"] }))
                    .collect(),
            )
        };
        let locations = known(&lf.registered_locations, || what("registered locations"))?
            .iter()
            .map(|arn| match self.bucket_by_arn.get(arn) {
                Some(b) => LocationView {
                    logical_id: format!("LakeLocation{}", suffix(&b.logical_id, "Bucket")),
                    arn: get_att(&b.logical_id, "Arn"),
                },
                None => LocationView {
                    logical_id: format!("LakeLocation{}", short_hash(arn)),
                    arn: self.tokens.sub(arn),
                },
            })
            .collect();
        let grants = known(&lf.grants, || what("grants"))?
            .iter()
            .map(|g| GrantView {
                logical_id: grant_logical_id(g),
                principal: self.principal(&g.principal),
                resource: self.grant_resource(g),
                permissions: g.permissions.clone(),
            })
            .collect();
        Ok(LakeFormationView {
            settings_logical_id: LAKE_FORMATION_SETTINGS,
            admins: Value::Array(
                known(&lf.admins, || what("admins"))?
                    .iter()
                    .map(|a| principal(a))
                    .collect(),
            ),
            create_database_default: defaults(known(&lf.create_database_default, || {
                what("default database permissions")
            })?),
            create_table_default: defaults(known(&lf.create_table_default, || {
                what("default table permissions")
            })?),
            locations,
            grants,
        })
    }

    fn grant_resource(&self, g: &model::LfGrant) -> Value {
        let catalog = cfn::account_id();
        let database = self.database_ref(&g.database);
        match &g.table {
            None => json!({ "Database": { "CatalogId": catalog, "Name": database } }),
            Some(table) => {
                let name = match self
                    .table_by_name
                    .get(&(g.database.as_str(), table.as_str()))
                {
                    Some(t) => reference(&t.logical_id),
                    None => literal(table),
                };
                if g.columns.is_empty() {
                    json!({ "Table": { "CatalogId": catalog, "DatabaseName": database, "Name": name } })
                } else {
                    json!({ "TableWithColumns": {
                        "CatalogId": catalog, "DatabaseName": database, "Name": name,
                        "ColumnNames": g.columns,
                    } })
                }
            }
        }
    }
}

const DELIVERY_LOG_STREAM: &str = "DestinationDelivery";

fn delivery_log_group(delivery_stream: &str) -> String {
    format!("/aws/kinesisfirehose/{delivery_stream}")
}

fn lifecycle_rule(rule: &model::LifecycleRule) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("Id".into(), literal(&rule.id));
    out.insert(
        "Status".into(),
        json!(if rule.enabled { "Enabled" } else { "Disabled" }),
    );
    if !rule.prefix.is_empty() {
        out.insert("Prefix".into(), literal(&rule.prefix));
    }
    if !rule.transitions.is_empty() {
        out.insert(
            "Transitions".into(),
            rule.transitions
                .iter()
                .map(|t| json!({ "StorageClass": t.storage_class, "TransitionInDays": t.days }))
                .collect(),
        );
    }
    if let Some(days) = rule.expiration_days {
        out.insert("ExpirationInDays".into(), json!(days));
    }
    if let Some(days) = rule.noncurrent_expiration_days {
        out.insert(
            "NoncurrentVersionExpiration".into(),
            json!({ "NoncurrentDays": days }),
        );
    }
    if let Some(days) = rule.abort_incomplete_multipart_days {
        out.insert(
            "AbortIncompleteMultipartUpload".into(),
            json!({ "DaysAfterInitiation": days }),
        );
    }
    Value::Object(out)
}

fn column_list(columns: &[model::Column]) -> Value {
    Value::Array(
        columns
            .iter()
            .map(|c| {
                let mut column = json!({ "Name": literal(&c.name), "Type": literal(&c.kind) });
                if let Some(comment) = &c.comment {
                    column["Comment"] = literal(comment);
                }
                column
            })
            .collect(),
    )
}

/// Stable across renders and unique per grant: what it grants, on what, to whom.
fn grant_logical_id(g: &model::LfGrant) -> String {
    let principal = g.principal.rsplit('/').next().unwrap_or(&g.principal);
    let key = serde_json::to_string(g).expect("grants serialize");
    format!(
        "Grant{}{}{}{}",
        model::naming::logical_id(principal),
        model::naming::logical_id(&g.database),
        g.table
            .as_deref()
            .map(model::naming::logical_id)
            .unwrap_or_default(),
        short_hash(&key)
    )
}

fn short_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .take(3)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every logical id of the view, to check they are unique.
pub fn logical_ids(view: &TemplateView) -> Vec<&str> {
    let mut ids: Vec<&str> = Vec::new();
    for k in &view.keys {
        ids.extend([k.logical_id.as_str(), k.alias_logical_id.as_str()]);
    }
    for b in &view.buckets {
        ids.push(&b.logical_id);
        if b.policy.is_some() {
            ids.push(&b.policy_logical_id);
        }
    }
    ids.extend(view.roles.iter().map(|r| r.logical_id.as_str()));
    ids.extend(view.streams.iter().map(|s| s.logical_id.as_str()));
    for g in &view.log_groups {
        ids.extend([g.logical_id.as_str(), g.stream_logical_id.as_str()]);
    }
    ids.extend(view.delivery_streams.iter().map(|d| d.logical_id.as_str()));
    ids.push(view.catalog_encryption.logical_id);
    ids.extend(
        view.security_configurations
            .iter()
            .map(|s| s.logical_id.as_str()),
    );
    ids.extend(view.databases.iter().map(|d| d.logical_id.as_str()));
    ids.extend(view.tables.iter().map(|t| t.logical_id.as_str()));
    ids.extend(view.crawlers.iter().map(|c| c.logical_id.as_str()));
    ids.extend(view.workgroups.iter().map(|w| w.logical_id.as_str()));
    ids.push(view.lake_formation.settings_logical_id);
    ids.extend(
        view.lake_formation
            .locations
            .iter()
            .map(|l| l.logical_id.as_str()),
    );
    ids.extend(
        view.lake_formation
            .grants
            .iter()
            .map(|g| g.logical_id.as_str()),
    );
    ids
}

/// The first logical id used twice, if any.
pub fn duplicate_logical_id(view: &TemplateView) -> Option<String> {
    let mut seen = BTreeSet::new();
    logical_ids(view)
        .into_iter()
        .find(|id| !seen.insert(*id))
        .map(str::to_string)
}
