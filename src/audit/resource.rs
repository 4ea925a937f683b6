//! The resource a finding is about, named by ARN (built from the model, so desired models get
//! ARNs with `${AWS::AccountId}` where the account is not known yet).

use std::fmt;

use serde::Serialize;

use crate::model::arn::Arns;
use crate::model::{
    Bucket, Connection, Crawler, DeliveryStream, EventRule, Job, Key, Kind, LakeInfo, Role, Stream,
    Table, WorkGroup,
};

/// A resource: its kind, its ARN (or, where AWS has none, a stable identifier), its name in the
/// model (the blueprint name where there is one), and the account and region it was read in.
/// The last two are explicit because an S3 bucket's ARN names neither, and an audit of many
/// accounts and regions must still say where each finding is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Resource {
    #[serde(serialize_with = "crate::model::kind::serialize_audit_name")]
    pub kind: Kind,
    pub arn: String,
    pub name: String,
    pub account: String,
    pub region: String,
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.arn)
    }
}

impl Resource {
    fn new(lake: &LakeInfo, kind: Kind, arn: String, name: &str) -> Self {
        Resource {
            kind,
            arn,
            name: name.to_string(),
            account: lake.account.clone(),
            region: lake.region.clone(),
        }
    }

    /// The resource's own name as the ARN ends with it: a bucket, stream or role name.
    pub fn short_name(&self) -> &str {
        self.arn.rsplit(['/', ':']).next().unwrap_or(&self.arn)
    }

    pub fn account(lake: &LakeInfo) -> Self {
        let arn = Arns::of(lake).account_root();
        Resource::new(lake, Kind::Account, arn, &lake.account)
    }

    pub fn bucket(lake: &LakeInfo, bucket: &Bucket) -> Self {
        Resource::new(lake, Kind::Bucket, bucket.arn(&lake.partition), &bucket.id)
    }

    /// The key's ARN once it exists, otherwise its alias ARN.
    pub fn key(lake: &LakeInfo, key: &Key) -> Self {
        let arn = key
            .arn
            .clone()
            .unwrap_or_else(|| Arns::of(lake).alias(&key.alias));
        Resource::new(lake, Kind::Key, arn, &key.id)
    }

    pub fn stream(lake: &LakeInfo, stream: &Stream) -> Self {
        Resource::new(lake, Kind::Stream, stream.arn(lake), &stream.id)
    }

    pub fn delivery_stream(lake: &LakeInfo, ds: &DeliveryStream) -> Self {
        let arn = Arns::of(lake).delivery_stream(&ds.name);
        Resource::new(lake, Kind::DeliveryStream, arn, &ds.id)
    }

    pub fn catalog(lake: &LakeInfo) -> Self {
        Resource::new(
            lake,
            Kind::CatalogEncryption,
            Arns::of(lake).glue_catalog(),
            "catalog",
        )
    }

    pub fn table(lake: &LakeInfo, table: &Table) -> Self {
        let arn = Arns::of(lake).glue_table(&table.database, &table.name);
        let name = format!("{}.{}", table.database, table.name);
        Resource::new(lake, Kind::Table, arn, &name)
    }

    pub fn crawler(lake: &LakeInfo, crawler: &Crawler) -> Self {
        let arn = Arns::of(lake).glue_crawler(&crawler.name);
        Resource::new(lake, Kind::Crawler, arn, &crawler.name)
    }

    pub fn job(lake: &LakeInfo, job: &Job) -> Self {
        let arn = Arns::of(lake).glue_job(&job.name);
        Resource::new(lake, Kind::Job, arn, &job.name)
    }

    pub fn connection(lake: &LakeInfo, connection: &Connection) -> Self {
        let arn = Arns::of(lake).glue_connection(&connection.name);
        Resource::new(lake, Kind::Connection, arn, &connection.name)
    }

    pub fn workgroup(lake: &LakeInfo, wg: &WorkGroup) -> Self {
        let arn = Arns::of(lake).athena_workgroup(&wg.name);
        Resource::new(lake, Kind::WorkGroup, arn, &wg.name)
    }

    /// Lake Formation's data lake settings belong to the Data Catalog, whose id is the account
    /// id (`CatalogId` of GetDataLakeSettings). Lake Formation defines no ARN type for them, so
    /// the catalog's id in Lake Formation's ARN namespace names them, a real ARN that joins on
    /// ARNs can match.
    pub fn lake_formation(lake: &LakeInfo) -> Self {
        let id = Arns::of(lake).lake_formation_settings();
        Resource::new(lake, Kind::LakeFormation, id, "lake_formation")
    }

    pub fn role(lake: &LakeInfo, role: &Role) -> Self {
        Resource::new(lake, Kind::Role, role.arn(lake), &role.id)
    }

    pub fn event_rule(lake: &LakeInfo, rule: &EventRule) -> Self {
        let arn = Arns::of(lake).event_rule(&rule.name);
        Resource::new(lake, Kind::EventRule, arn, &rule.name)
    }

    /// A Glue database, by name.
    pub fn database(lake: &LakeInfo, name: &str) -> Self {
        Resource::new(
            lake,
            Kind::Database,
            Arns::of(lake).glue_database(name),
            name,
        )
    }

    /// An alarm, by name (its ARN in the audited region).
    pub fn alarm(lake: &LakeInfo, name: &str) -> Self {
        Resource::new(lake, Kind::Alarm, Arns::of(lake).alarm(name), name)
    }

    /// A log group, by name (its ARN in the audited region).
    pub fn log_group(lake: &LakeInfo, name: &str) -> Self {
        Resource::new(lake, Kind::LogGroup, Arns::of(lake).log_group(name), name)
    }

    /// A trail, by name (its ARN in the audited region).
    pub fn trail(lake: &LakeInfo, name: &str) -> Self {
        Resource::new(lake, Kind::Trail, Arns::of(lake).trail(name), name)
    }
}
