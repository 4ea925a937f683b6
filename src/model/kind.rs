//! The one vocabulary of lake resource kinds, shared by plan, apply, audit and render.
//!
//! Each kind knows its label (what text output calls it), its CloudFormation type and the AWS
//! service that owns it. Two serialized names exist for historical outputs and are kept
//! byte-identical: the plan and deploy JSON use snake_case (`delivery_stream`), audit reports
//! use kebab-case (`delivery-stream`, and `catalog` for the catalog encryption settings).

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A kind of resource lakectl plans, deploys or audits. The declaration order is the audit's
/// sort order of resources; do not reorder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The account itself (account-scope audit findings).
    Account,
    Bucket,
    Key,
    Stream,
    DeliveryStream,
    /// The Data Catalog's account-wide encryption settings.
    CatalogEncryption,
    SecurityConfiguration,
    Database,
    Table,
    Crawler,
    Job,
    /// A Glue connection to a data store outside S3.
    Connection,
    Workflow,
    WorkGroup,
    LakeFormation,
    Role,
    /// An EventBridge rule that starts a workflow.
    EventRule,
    /// The CloudTrail trail a lake owns.
    Trail,
    /// A CloudWatch metric alarm on the pipeline's health.
    Alarm,
    /// A CloudWatch Logs log group a delivery stream reports errors to.
    LogGroup,
}

/// The AWS service a resource belongs to, or an audit rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Service {
    S3,
    Kms,
    Kinesis,
    Firehose,
    Glue,
    Athena,
    LakeFormation,
    Iam,
    CloudTrail,
    Tagging,
    /// The audit's own view of the account.
    Inventory,
    EventBridge,
    CloudWatch,
    /// CloudWatch Logs.
    Logs,
}

impl Kind {
    pub const ALL: [Kind; 20] = [
        Kind::Account,
        Kind::Bucket,
        Kind::Key,
        Kind::Stream,
        Kind::DeliveryStream,
        Kind::CatalogEncryption,
        Kind::SecurityConfiguration,
        Kind::Database,
        Kind::Table,
        Kind::Crawler,
        Kind::Job,
        Kind::Connection,
        Kind::Workflow,
        Kind::WorkGroup,
        Kind::LakeFormation,
        Kind::Role,
        Kind::EventRule,
        Kind::Trail,
        Kind::Alarm,
        Kind::LogGroup,
    ];

    /// How text output names the kind (`s3 bucket`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Account => "aws account",
            Kind::Key => "kms key",
            Kind::Bucket => "s3 bucket",
            Kind::Role => "iam role",
            Kind::Stream => "kinesis stream",
            Kind::DeliveryStream => "firehose delivery stream",
            Kind::CatalogEncryption => "glue catalog encryption",
            Kind::SecurityConfiguration => "glue security configuration",
            Kind::Database => "glue database",
            Kind::Table => "glue table",
            Kind::Crawler => "glue crawler",
            Kind::Job => "glue job",
            Kind::Connection => "glue connection",
            Kind::Workflow => "glue workflow",
            Kind::WorkGroup => "athena work group",
            Kind::LakeFormation => "lake formation",
            Kind::EventRule => "eventbridge rule",
            Kind::Trail => "cloudtrail trail",
            Kind::Alarm => "cloudwatch alarm",
            Kind::LogGroup => "cloudwatch log group",
        }
    }

    /// The name in plan and deploy JSON (snake_case).
    pub fn plan_name(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Key => "key",
            Kind::Bucket => "bucket",
            Kind::Role => "role",
            Kind::Stream => "stream",
            Kind::DeliveryStream => "delivery_stream",
            Kind::CatalogEncryption => "catalog_encryption",
            Kind::SecurityConfiguration => "security_configuration",
            Kind::Database => "database",
            Kind::Table => "table",
            Kind::Crawler => "crawler",
            Kind::Job => "job",
            Kind::Connection => "connection",
            Kind::Workflow => "workflow",
            Kind::WorkGroup => "work_group",
            Kind::LakeFormation => "lake_formation",
            Kind::EventRule => "event_rule",
            Kind::Trail => "trail",
            Kind::Alarm => "alarm",
            Kind::LogGroup => "log_group",
        }
    }

    /// The name in audit reports (kebab-case; the catalog settings are `catalog`).
    pub fn audit_name(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Key => "key",
            Kind::Bucket => "bucket",
            Kind::Role => "role",
            Kind::Stream => "stream",
            Kind::DeliveryStream => "delivery-stream",
            Kind::CatalogEncryption => "catalog",
            Kind::SecurityConfiguration => "security-configuration",
            Kind::Database => "database",
            Kind::Table => "table",
            Kind::Crawler => "crawler",
            Kind::Job => "job",
            Kind::Connection => "connection",
            Kind::Workflow => "workflow",
            Kind::WorkGroup => "work-group",
            Kind::LakeFormation => "lake-formation",
            Kind::EventRule => "event-rule",
            Kind::Trail => "trail",
            Kind::Alarm => "alarm",
            Kind::LogGroup => "log-group",
        }
    }

    /// The kind a saved audit report names (the inverse of [`Kind::audit_name`]).
    pub fn from_audit_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.audit_name() == name)
    }

    /// The CloudFormation type name, used as the SARIF logical location kind and in reports.
    pub fn aws_type(self) -> &'static str {
        match self {
            Kind::Account => "AWS::::Account",
            Kind::Bucket => "AWS::S3::Bucket",
            Kind::Key => "AWS::KMS::Key",
            Kind::Stream => "AWS::Kinesis::Stream",
            Kind::DeliveryStream => "AWS::KinesisFirehose::DeliveryStream",
            Kind::CatalogEncryption => "AWS::Glue::DataCatalogEncryptionSettings",
            Kind::SecurityConfiguration => "AWS::Glue::SecurityConfiguration",
            Kind::Database => "AWS::Glue::Database",
            Kind::Table => "AWS::Glue::Table",
            Kind::Crawler => "AWS::Glue::Crawler",
            Kind::Job => "AWS::Glue::Job",
            Kind::Connection => "AWS::Glue::Connection",
            Kind::Workflow => "AWS::Glue::Workflow",
            Kind::WorkGroup => "AWS::Athena::WorkGroup",
            Kind::LakeFormation => "AWS::LakeFormation::DataLakeSettings",
            Kind::Role => "AWS::IAM::Role",
            Kind::EventRule => "AWS::Events::Rule",
            Kind::Trail => "AWS::CloudTrail::Trail",
            Kind::Alarm => "AWS::CloudWatch::Alarm",
            Kind::LogGroup => "AWS::Logs::LogGroup",
        }
    }

    pub fn service(self) -> Service {
        match self {
            Kind::Account => Service::Inventory,
            Kind::Bucket => Service::S3,
            Kind::Key => Service::Kms,
            Kind::Stream => Service::Kinesis,
            Kind::DeliveryStream => Service::Firehose,
            Kind::CatalogEncryption
            | Kind::SecurityConfiguration
            | Kind::Database
            | Kind::Table
            | Kind::Crawler
            | Kind::Job
            | Kind::Connection
            | Kind::Workflow => Service::Glue,
            Kind::WorkGroup => Service::Athena,
            Kind::LakeFormation => Service::LakeFormation,
            Kind::Role => Service::Iam,
            Kind::EventRule => Service::EventBridge,
            Kind::Trail => Service::CloudTrail,
            Kind::Alarm => Service::CloudWatch,
            Kind::LogGroup => Service::Logs,
        }
    }
}

/// A layer of lakectl that handles resource kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// CloudFormation output.
    Render,
    /// Reading the live resources.
    Inventory,
    /// The plan.
    Diff,
    /// Deploy's writes.
    Apply,
    /// At least one audit rule.
    Audit,
}

impl Layer {
    pub const ALL: [Layer; 5] = [
        Layer::Render,
        Layer::Inventory,
        Layer::Diff,
        Layer::Apply,
        Layer::Audit,
    ];
}

/// Why a layer does not handle a kind, or `None` when it does. Every kind is handled
/// everywhere unless listed here with its reason; the registry tests check this table against
/// the layers (`apply::tests`).
pub fn not_handled(kind: Kind, layer: Layer) -> Option<&'static str> {
    const NOT_OWNED: &str =
        "the account is not a resource of the lake: the audit reads its settings";
    match (kind, layer) {
        (Kind::Account, Layer::Render | Layer::Diff | Layer::Apply) => Some(NOT_OWNED),
        (Kind::Connection, Layer::Render | Layer::Diff | Layer::Apply) => Some(
            "a blueprint declares no connections yet: the audit reads the account's connections",
        ),
        (Kind::Workflow, Layer::Audit) => {
            Some("no rule yet: a workflow's crawlers and jobs are audited themselves")
        }
        (Kind::SecurityConfiguration, Layer::Audit) => {
            Some("no rule yet: crawlers' rules check that a security configuration is used")
        }
        _ => None,
    }
}

/// Plan and deploy JSON name kinds in snake_case.
impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.plan_name())
    }
}

/// A saved plan names kinds as the plan JSON does.
impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Kind::ALL
            .into_iter()
            .find(|k| k.plan_name() == name)
            .ok_or_else(|| D::Error::custom(format!("unknown resource kind `{name}`")))
    }
}

/// For `#[serde(serialize_with)]` on audit fields: the kebab-case audit name.
pub fn serialize_audit_name<S: Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.audit_name())
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Service {
    pub const ALL: [Service; 14] = [
        Service::S3,
        Service::Kms,
        Service::Kinesis,
        Service::Firehose,
        Service::Glue,
        Service::Athena,
        Service::LakeFormation,
        Service::Iam,
        Service::CloudTrail,
        Service::Tagging,
        Service::Inventory,
        Service::EventBridge,
        Service::CloudWatch,
        Service::Logs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Service::S3 => "s3",
            Service::Kms => "kms",
            Service::Kinesis => "kinesis",
            Service::Firehose => "firehose",
            Service::Glue => "glue",
            Service::Athena => "athena",
            Service::LakeFormation => "lake-formation",
            Service::Iam => "iam",
            Service::CloudTrail => "cloudtrail",
            Service::Tagging => "tagging",
            Service::Inventory => "inventory",
            Service::EventBridge => "eventbridge",
            Service::CloudWatch => "cloudwatch",
            Service::Logs => "logs",
        }
    }

    /// The part of a rule id naming the service, e.g. `S3` in `LK-S3-001`.
    pub fn id_part(self) -> &'static str {
        match self {
            Service::S3 => "S3",
            Service::Kms => "KMS",
            Service::Kinesis => "KIN",
            Service::Firehose => "FH",
            Service::Glue => "GLUE",
            Service::Athena => "ATH",
            Service::LakeFormation => "LF",
            Service::Iam => "IAM",
            Service::CloudTrail => "CT",
            Service::Tagging => "TAG",
            Service::Inventory => "INV",
            Service::EventBridge => "EVB",
            Service::CloudWatch => "CW",
            Service::Logs => "LOG",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The serialized names are part of the JSON outputs: snake_case for plans, kebab-case
    /// for audits, exactly as before the kinds were unified.
    #[test]
    fn serialized_names_are_the_outputs_names() {
        for kind in Kind::ALL {
            let snake = kind.plan_name();
            assert_eq!(serde_json::to_value(kind).unwrap(), snake);
            let kebab = kind.audit_name();
            assert_eq!(Kind::from_audit_name(kebab), Some(kind));
            if kind != Kind::CatalogEncryption {
                assert_eq!(kebab, snake.replace('_', "-"), "{kind:?}");
            }
        }
        assert_eq!(Kind::CatalogEncryption.audit_name(), "catalog");
    }
}
