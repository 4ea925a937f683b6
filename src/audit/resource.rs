//! The resource a finding is about, named by ARN (built from the model, so desired models get
//! ARNs with `${AWS::AccountId}` where the account is not known yet).

use std::fmt;

use serde::Serialize;

use crate::model::{
    Bucket, Crawler, DeliveryStream, Job, Key, LakeInfo, Role, Stream, Table, WorkGroup,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    Account,
    Bucket,
    Key,
    Stream,
    DeliveryStream,
    Catalog,
    Table,
    Crawler,
    Job,
    WorkGroup,
    LakeFormation,
    Role,
}

impl ResourceKind {
    /// The CloudFormation type name, used as the SARIF logical location kind and in reports.
    pub fn aws_type(self) -> &'static str {
        match self {
            ResourceKind::Account => "AWS::::Account",
            ResourceKind::Bucket => "AWS::S3::Bucket",
            ResourceKind::Key => "AWS::KMS::Key",
            ResourceKind::Stream => "AWS::Kinesis::Stream",
            ResourceKind::DeliveryStream => "AWS::KinesisFirehose::DeliveryStream",
            ResourceKind::Catalog => "AWS::Glue::DataCatalogEncryptionSettings",
            ResourceKind::Table => "AWS::Glue::Table",
            ResourceKind::Crawler => "AWS::Glue::Crawler",
            ResourceKind::Job => "AWS::Glue::Job",
            ResourceKind::WorkGroup => "AWS::Athena::WorkGroup",
            ResourceKind::LakeFormation => "AWS::LakeFormation::DataLakeSettings",
            ResourceKind::Role => "AWS::IAM::Role",
        }
    }
}

/// A resource: its kind, its ARN (or, where AWS has none, a stable identifier) and its name
/// in the model (the blueprint name where there is one).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Resource {
    pub kind: ResourceKind,
    pub arn: String,
    pub name: String,
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.arn)
    }
}

fn regional(lake: &LakeInfo, service: &str, rest: &str) -> String {
    format!(
        "arn:{}:{service}:{}:{}:{rest}",
        lake.partition, lake.region, lake.account
    )
}

impl Resource {
    fn new(kind: ResourceKind, arn: String, name: &str) -> Self {
        Resource {
            kind,
            arn,
            name: name.to_string(),
        }
    }

    /// The resource's own name as the ARN ends with it: a bucket, stream or role name.
    pub fn short_name(&self) -> &str {
        self.arn.rsplit(['/', ':']).next().unwrap_or(&self.arn)
    }

    pub fn account(lake: &LakeInfo) -> Self {
        let arn = format!("arn:{}:iam::{}:root", lake.partition, lake.account);
        Resource::new(ResourceKind::Account, arn, &lake.account)
    }

    pub fn bucket(lake: &LakeInfo, bucket: &Bucket) -> Self {
        Resource::new(
            ResourceKind::Bucket,
            bucket.arn(&lake.partition),
            &bucket.id,
        )
    }

    /// The key's ARN once it exists, otherwise its alias ARN.
    pub fn key(lake: &LakeInfo, key: &Key) -> Self {
        let arn = key
            .arn
            .clone()
            .unwrap_or_else(|| regional(lake, "kms", &key.alias));
        Resource::new(ResourceKind::Key, arn, &key.id)
    }

    pub fn stream(lake: &LakeInfo, stream: &Stream) -> Self {
        Resource::new(ResourceKind::Stream, stream.arn(lake), &stream.id)
    }

    pub fn delivery_stream(lake: &LakeInfo, ds: &DeliveryStream) -> Self {
        let arn = regional(lake, "firehose", &format!("deliverystream/{}", ds.name));
        Resource::new(ResourceKind::DeliveryStream, arn, &ds.id)
    }

    pub fn catalog(lake: &LakeInfo) -> Self {
        Resource::new(
            ResourceKind::Catalog,
            regional(lake, "glue", "catalog"),
            "catalog",
        )
    }

    pub fn table(lake: &LakeInfo, table: &Table) -> Self {
        let arn = regional(
            lake,
            "glue",
            &format!("table/{}/{}", table.database, table.name),
        );
        let name = format!("{}.{}", table.database, table.name);
        Resource::new(ResourceKind::Table, arn, &name)
    }

    pub fn crawler(lake: &LakeInfo, crawler: &Crawler) -> Self {
        let arn = regional(lake, "glue", &format!("crawler/{}", crawler.name));
        Resource::new(ResourceKind::Crawler, arn, &crawler.name)
    }

    pub fn job(lake: &LakeInfo, job: &Job) -> Self {
        let arn = regional(lake, "glue", &format!("job/{}", job.name));
        Resource::new(ResourceKind::Job, arn, &job.name)
    }

    pub fn workgroup(lake: &LakeInfo, wg: &WorkGroup) -> Self {
        let arn = regional(lake, "athena", &format!("workgroup/{}", wg.name));
        Resource::new(ResourceKind::WorkGroup, arn, &wg.name)
    }

    /// Lake Formation's data lake settings belong to the Data Catalog, whose id is the account
    /// id (`CatalogId` of GetDataLakeSettings). Lake Formation defines no ARN type for them, so
    /// the catalog's id in Lake Formation's ARN namespace names them, a real ARN that joins on
    /// ARNs can match.
    pub fn lake_formation(lake: &LakeInfo) -> Self {
        let id = regional(lake, "lakeformation", &format!("catalog:{}", lake.account));
        Resource::new(ResourceKind::LakeFormation, id, "lake_formation")
    }

    pub fn role(lake: &LakeInfo, role: &Role) -> Self {
        Resource::new(ResourceKind::Role, role.arn(lake), &role.id)
    }
}
