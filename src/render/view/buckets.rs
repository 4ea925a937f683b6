//! Keys and buckets as the templates see them.

use super::*;

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
    /// Scanner skips for deliberate exceptions (`scanner_skips`).
    pub metadata: Option<Value>,
    pub name: Value,
    pub encryption: Option<EncryptionView>,
    pub public_access_block: PublicAccessBlock,
    pub ownership: Option<&'static str>,
    pub versioning: Option<&'static str>,
    pub lifecycle_rules: Option<Value>,
    pub logging: Option<LoggingView>,
    /// S3 sends the bucket's events to EventBridge (a workflow starts on them).
    pub event_bridge: bool,
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

pub(super) fn lifecycle_rule(rule: &model::LifecycleRule) -> Value {
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

impl ViewBuilder<'_> {
    pub(super) fn keys(&self) -> Result<Vec<KeyView>, RenderError> {
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
                    alias_logical_id: naming::companion_id(&k.logical_id, "Key", "Alias"),
                    alias: k.alias.clone(),
                    logical_id: k.logical_id.clone(),
                })
            })
            .collect()
    }

    pub(super) fn buckets(&self) -> Result<Vec<BucketView>, RenderError> {
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
                let encryption = self.bucket_encryption(
                    known(&b.encryption, || what("encryption"))?,
                    &what("encryption"),
                )?;
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
                        vec![naming::companion_id(
                            &logs.logical_id,
                            "Bucket",
                            "BucketPolicy",
                        )]
                    }
                    _ => Vec::new(),
                };
                let rules = known(&b.lifecycle, || what("lifecycle"))?;
                let versioning = known(&b.versioning, || what("versioning"))?;
                Ok(BucketView {
                    logical_id: b.logical_id.clone(),
                    depends_on,
                    metadata: super::scanner_skips::bucket(
                        &b.purpose,
                        logging.is_some(),
                        *versioning == Versioning::Enabled,
                    ),
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
                    versioning: match versioning {
                        Versioning::Enabled => Some("Enabled"),
                        Versioning::Suspended => Some("Suspended"),
                        Versioning::Disabled => None,
                    },
                    lifecycle_rules: (!rules.is_empty())
                        .then(|| Value::Array(rules.iter().map(lifecycle_rule).collect())),
                    logging,
                    event_bridge: *known(&b.event_bridge, || what("eventbridge notifications"))?,
                    tags: cfn::tag_list(known(&b.tags, || what("tags"))?),
                    policy_logical_id: naming::companion_id(
                        &b.logical_id,
                        "Bucket",
                        "BucketPolicy",
                    ),
                    policy: known(&b.policy, || what("policy"))?
                        .as_ref()
                        .map(|p| self.policy(p)),
                })
            })
            .collect()
    }

    /// SSE settings in CloudFormation's terms; none for an unencrypted bucket.
    fn bucket_encryption(
        &self,
        encryption: &model::BucketEncryption,
        what: &str,
    ) -> Result<Option<EncryptionView>, RenderError> {
        Ok(match encryption.algorithm {
            SseAlgorithm::None => None,
            algorithm => Some(EncryptionView {
                algorithm: match algorithm {
                    SseAlgorithm::Kms => "aws:kms",
                    SseAlgorithm::KmsDsse => "aws:kms:dsse",
                    _ => "AES256",
                },
                key: self.optional_key_arn(&encryption.key, what)?,
                bucket_key: encryption.bucket_key,
            }),
        })
    }
}
