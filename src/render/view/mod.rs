//! The model as the CloudFormation templates see it: one entry per resource with its logical
//! id, its `DependsOn`, and every property already in CloudFormation terms. Values that may
//! carry tokens or point at other resources are `serde_json::Value`s (`Fn::Sub`, `Fn::GetAtt`,
//! `Ref`), written by the `value` helper; plain strings are written by `{{field}}`, escaped.
//!
//! Decisions that need the model (which key a bucket uses, which role a key policy names)
//! are made here, in Rust, and unit tested; the templates only lay the properties out. One file
//! per service holds its views and how they are built.

mod alarms;
mod athena;
mod buckets;
mod catalog;
mod events;
mod jobs;
mod lakeformation;
mod lftags;
mod roles;
mod scanner_skips;
mod streams;
mod trail;
mod workflows;

use std::collections::HashMap;

pub use alarms::*;
pub use athena::*;
pub use buckets::*;
pub use catalog::*;
pub use events::*;
pub use jobs::*;
pub use lakeformation::*;
pub use lftags::*;
pub use roles::*;
pub use streams::*;
pub use trail::*;
pub use workflows::*;

use serde::Serialize;
use serde_json::{Value, json};

use super::RenderError;
use super::cfn::{self, Tokens, get_att, literal, reference};
use super::storage;
use crate::model::naming;
use crate::model::{
    self, Arns, BucketPurpose, Compression, KeyRef, Kind, ManagementEvents, Model, ObjectOwnership,
    Prop, PublicAccessBlock, SseAlgorithm, StreamMode, Versioning,
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
    pub jobs: Vec<JobView>,
    pub workflows: Vec<WorkflowView>,
    pub event_rules: Vec<EventRuleView>,
    pub trails: Vec<TrailView>,
    pub alarms: Vec<AlarmView>,
    pub workgroups: Vec<WorkGroupView>,
    pub lake_formation: LakeFormationView,
}

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
            jobs: self.jobs()?,
            workflows: self.workflows()?,
            event_rules: self.event_rules()?,
            trails: self.trails()?,
            alarms: self.alarms()?,
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
}
