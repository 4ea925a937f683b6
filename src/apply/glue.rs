//! Glue Data Catalog: catalog encryption settings, security configurations, databases,
//! tables, crawlers.

use aws_sdk_glue::types::{
    CatalogEncryptionMode, CloudWatchEncryption, CloudWatchEncryptionMode,
    ConnectionPasswordEncryption, CrawlerTargets, DataCatalogEncryptionSettings, DatabaseInput,
    DeleteBehavior, EncryptionAtRest, EncryptionConfiguration, JobBookmarksEncryption,
    JobBookmarksEncryptionMode, RecrawlBehavior, RecrawlPolicy, S3Encryption, S3EncryptionMode,
    S3Target, SchemaChangePolicy, SerDeInfo, StorageDescriptor, TableInput, UpdateBehavior,
};

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find};
use crate::model::arn::Arns;
use crate::model::property::{
    CatalogEncryptionProperty, CrawlerProperty, DatabaseProperty, SecurityConfigurationProperty,
    TableProperty,
};
use crate::model::{
    Column, Kind, KindProperty, Property, Table, TableCompression, TableFormat, update_behavior,
};
use crate::plan::{Action, ResourceChange};

pub fn catalog_encryption_writer(p: CatalogEncryptionProperty) -> Writer {
    match p {
        CatalogEncryptionProperty::Encryption => {
            Writer::Step(Step::Resource(Kind::CatalogEncryption))
        }
    }
}

/// Glue cannot update a security configuration: every property is set at creation only.
pub fn security_configuration_writer(p: SecurityConfigurationProperty) -> Writer {
    use SecurityConfigurationProperty as P;
    match p {
        P::S3Key | P::CloudwatchKey | P::BookmarksKey => {
            Writer::Never("glue cannot update a security configuration")
        }
    }
}

/// Database and table inputs are written whole (CreateDatabase / UpdateDatabase).
pub fn database_writer(p: DatabaseProperty) -> Writer {
    match p {
        DatabaseProperty::Location
        | DatabaseProperty::Description
        | DatabaseProperty::TableDefaults => Writer::Step(Step::Resource(Kind::Database)),
    }
}

/// Partition keys and Iceberg partition specs are written at creation; a change needs a new
/// table (the plan says so).
pub fn table_writer(p: TableProperty) -> Writer {
    use TableProperty as P;
    match p {
        P::Location | P::Format | P::Compression | P::Columns => {
            Writer::Step(Step::Resource(Kind::Table))
        }
        P::PartitionKeys => Writer::Never("existing partitions are laid out by the old keys"),
        P::Partitioning => {
            Writer::Never("the data files already written are laid out by the live spec")
        }
    }
}

pub fn crawler_writer(p: CrawlerProperty) -> Writer {
    match crawler_call(p) {
        CrawlerCall::Update | CrawlerCall::Tag => Writer::Step(Step::Resource(Kind::Crawler)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CrawlerCall {
    Update,
    Tag,
}

fn crawler_call(p: CrawlerProperty) -> CrawlerCall {
    use CrawlerProperty as P;
    match p {
        P::Database
        | P::Role
        | P::Targets
        | P::Schedule
        | P::SecurityConfiguration
        | P::DeleteBehavior
        | P::UpdateBehavior
        | P::RecrawlBehavior => CrawlerCall::Update,
        P::Tags => CrawlerCall::Tag,
    }
}

pub async fn catalog_encryption(
    a: &Applier<'_>,
    _rc: &ResourceChange,
) -> anyhow::Result<Vec<Applied>> {
    let Some(e) = a.desired.catalog.encryption.known() else {
        return Ok(Vec::new());
    };
    let metadata_key = a.key_arn_opt(&e.metadata_key)?;
    let at_rest = EncryptionAtRest::builder()
        .catalog_encryption_mode(if e.metadata_key.is_some() {
            CatalogEncryptionMode::Ssekms
        } else {
            CatalogEncryptionMode::Disabled
        })
        .set_sse_aws_kms_key_id(metadata_key)
        .build()?;
    let password_key = a.key_arn_opt(&e.connection_password_key)?;
    let passwords = ConnectionPasswordEncryption::builder()
        .return_connection_password_encrypted(password_key.is_some())
        .set_aws_kms_key_id(password_key)
        .build();
    a.aws
        .glue
        .put_data_catalog_encryption_settings()
        .data_catalog_encryption_settings(
            DataCatalogEncryptionSettings::builder()
                .encryption_at_rest(at_rest)
                .connection_password_encryption(passwords)
                .build(),
        )
        .send()
        .await
        .call("glue:PutDataCatalogEncryptionSettings", "the data catalog")?;
    let encryption = CatalogEncryptionProperty::Encryption;
    Ok(vec![Applied::updated(encryption, "encryption set")])
}

/// Glue cannot update a security configuration: the plan only ever asks to create one.
pub async fn security_configuration(
    a: &Applier<'_>,
    rc: &ResourceChange,
) -> anyhow::Result<Vec<Applied>> {
    if rc.action != Action::Create {
        return Ok(Vec::new());
    }
    let d = find(&a.desired.catalog.security_configurations, &rc.name, |s| {
        s.name.as_str()
    })?;
    let key = |k: &crate::model::Prop<Option<crate::model::KeyRef>>| match k.known() {
        Some(k) => a.key_arn_opt(k),
        None => Ok(None),
    };
    let s3_key = key(&d.s3_key)?;
    let cloudwatch_key = key(&d.cloudwatch_key)?;
    let bookmarks_key = key(&d.bookmarks_key)?;
    let config = EncryptionConfiguration::builder()
        .s3_encryption(
            S3Encryption::builder()
                .s3_encryption_mode(if s3_key.is_some() {
                    S3EncryptionMode::Ssekms
                } else {
                    S3EncryptionMode::Disabled
                })
                .set_kms_key_arn(s3_key)
                .build(),
        )
        .cloud_watch_encryption(
            CloudWatchEncryption::builder()
                .cloud_watch_encryption_mode(if cloudwatch_key.is_some() {
                    CloudWatchEncryptionMode::Ssekms
                } else {
                    CloudWatchEncryptionMode::Disabled
                })
                .set_kms_key_arn(cloudwatch_key)
                .build(),
        )
        .job_bookmarks_encryption(
            JobBookmarksEncryption::builder()
                .job_bookmarks_encryption_mode(if bookmarks_key.is_some() {
                    JobBookmarksEncryptionMode::Csekms
                } else {
                    JobBookmarksEncryptionMode::Disabled
                })
                .set_kms_key_arn(bookmarks_key)
                .build(),
        )
        .build();
    let result = a
        .aws
        .glue
        .create_security_configuration()
        .name(&d.name)
        .encryption_configuration(config)
        .send()
        .await;
    match result {
        Ok(_) => Ok(vec![Applied::created()]),
        // Ours already: a retried create whose first answer was lost.
        Err(e) if errors::is(&e, &["AlreadyExistsException"]) => Ok(vec![Applied::created()]),
        Err(e) => Err(errors::describe(
            "glue:CreateSecurityConfiguration",
            &d.name,
            &e,
        )),
    }
}

pub async fn database(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.catalog.databases, &rc.name, |x| x.name.as_str())?;
    let input = DatabaseInput::builder()
        .name(&d.name)
        .set_description(d.description.known().cloned())
        .set_location_uri(d.location.known().map(|l| a.resolver().resolve(l)))
        // Explicitly none: left out, Glue gives new tables the account's Lake Formation
        // defaults of the moment, IAM_ALLOWED_PRINCIPALS until the settings step turns them off,
        // and the database keeps them after (as the template's `CreateTableDefaultPermissions: []`).
        .set_create_table_default_permissions(Some(Vec::new()))
        .build()?;
    let glue = &a.aws.glue;
    if rc.action == Action::Create {
        match glue.create_database().database_input(input).send().await {
            Ok(_) => {}
            Err(e) if errors::is(&e, &["AlreadyExistsException"]) => {}
            Err(e) => return Err(errors::describe("glue:CreateDatabase", &d.name, &e)),
        }
        return Ok(vec![Applied::created()]);
    }
    glue.update_database()
        .name(&d.name)
        .database_input(input)
        .send()
        .await
        .call("glue:UpdateDatabase", &d.name)?;
    Ok(vec![Applied::updated_all(
        planned::<DatabaseProperty>(rc),
        "updated",
    )])
}

pub async fn table(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.catalog.tables, &rc.name, |t| {
        t.logical_id.as_str()
    })
    .or_else(|_| {
        a.desired
            .catalog
            .tables
            .iter()
            .find(|t| format!("{}.{}", t.database, t.name) == rc.name)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "internal: table `{}` is in the plan but not in the model",
                    rc.name
                )
            })
    })?;
    let glue = &a.aws.glue;
    let mut input = table_input(a, d)?;
    if rc.action == Action::Create {
        let location = d.location.known().map(|l| a.resolver().resolve(l));
        let open_format = super::iceberg::open_table_format(d, location.as_deref().unwrap_or(""))?;
        match glue
            .create_table()
            .database_name(&d.database)
            .table_input(input)
            .set_open_table_format_input(open_format)
            .send()
            .await
        {
            Ok(_) => {}
            Err(e) if errors::is(&e, &["AlreadyExistsException"]) => {}
            Err(e) => return Err(errors::describe("glue:CreateTable", &rc.name, &e)),
        }
        return Ok(vec![Applied::created()]);
    }
    if !rc.writes(TableProperty::PartitionKeys) {
        // Partition keys that changed need a new table; keep the live ones.
        let live = a
            .live
            .catalog
            .tables
            .iter()
            .find(|t| t.database == d.database && t.name == d.name)
            .and_then(|t| t.partition_keys.known())
            .map(|keys| columns(keys))
            .transpose()?;
        if let Some(keys) = live {
            input.partition_keys = Some(keys);
        }
    }
    keep_foreign_parameters(a, d, &mut input).await?;
    glue.update_table()
        .database_name(&d.database)
        .table_input(input)
        .send()
        .await
        .call("glue:UpdateTable", &rc.name)?;
    Ok(vec![Applied::updated_all(
        planned::<TableProperty>(rc),
        "updated",
    )])
}

/// UpdateTable replaces the whole table input, parameters included. Parameters lakectl does not
/// set belong to others and must survive: an Iceberg table's `metadata_location` (without it
/// Athena can no longer read the table), and the statistics crawlers and Athena record.
async fn keep_foreign_parameters(
    a: &Applier<'_>,
    d: &Table,
    input: &mut TableInput,
) -> anyhow::Result<()> {
    let name = format!("{}.{}", d.database, d.name);
    let live = a
        .aws
        .glue
        .get_table()
        .database_name(&d.database)
        .name(&d.name)
        .send()
        .await
        .call("glue:GetTable", &name)?;
    let live = live
        .table()
        .and_then(|t| t.parameters())
        .cloned()
        .unwrap_or_default();
    let owned = input.parameters.get_or_insert_default();
    for (key, value) in live {
        let lakectls = key == "classification"
            || key == "table_type"
            || crate::model::vocab::COMPRESSION_PARAMETERS.contains(&key.as_str());
        if !lakectls {
            owned.entry(key).or_insert(value);
        }
    }
    Ok(())
}

/// Hive formats and SerDes per table format; `classification` and `compressionType` are the
/// parameters Glue crawlers and Athena read (the inventory reads them back).
pub fn storage(format: TableFormat) -> (&'static str, &'static str, &'static str) {
    match format {
        TableFormat::Parquet | TableFormat::Iceberg => (
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        ),
        TableFormat::Orc => (
            "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
            "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
            "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
        ),
        TableFormat::Avro => (
            "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
            "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
            "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
        ),
        TableFormat::Json => (
            "org.apache.hadoop.mapred.TextInputFormat",
            "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "org.openx.data.jsonserde.JsonSerDe",
        ),
        TableFormat::Csv => (
            "org.apache.hadoop.mapred.TextInputFormat",
            "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        ),
    }
}

pub(super) fn lower<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_lowercase))
        .unwrap_or_default()
}

fn table_input(a: &Applier<'_>, d: &Table) -> anyhow::Result<TableInput> {
    let format = d.format.known().copied().unwrap_or(TableFormat::Parquet);
    let (input_format, output_format, serde) = storage(format);
    let mut serde_info = SerDeInfo::builder().serialization_library(serde);
    if format == TableFormat::Csv {
        serde_info = serde_info.parameters("field.delim", ",");
    }
    let descriptor = StorageDescriptor::builder()
        .set_columns(Some(columns(
            d.columns.known().map(Vec::as_slice).unwrap_or_default(),
        )?))
        .set_location(d.location.known().map(|l| a.resolver().resolve(l)))
        .input_format(input_format)
        .output_format(output_format)
        .serde_info(serde_info.build())
        .build();
    let mut input = TableInput::builder()
        .name(&d.name)
        .table_type("EXTERNAL_TABLE")
        .parameters("classification", lower(&format))
        .storage_descriptor(descriptor)
        .set_partition_keys(Some(columns(
            d.partition_keys
                .known()
                .map(Vec::as_slice)
                .unwrap_or_default(),
        )?));
    if format == TableFormat::Iceberg {
        // What Athena engine v3 keys on to read and update the table as Iceberg.
        input = input.parameters("table_type", "ICEBERG");
        if let Some(Some(compression)) = d.compression.known() {
            input = input.parameters(crate::model::vocab::ICEBERG_CODEC, lower(compression));
        }
    }
    if let Some(Some(compression)) = d.compression.known()
        && *compression != TableCompression::None
    {
        input = input.parameters("compressionType", lower(compression));
    }
    Ok(input.build()?)
}

fn columns(columns: &[Column]) -> anyhow::Result<Vec<aws_sdk_glue::types::Column>> {
    columns
        .iter()
        .map(|c| {
            Ok(aws_sdk_glue::types::Column::builder()
                .name(&c.name)
                .r#type(&c.kind)
                .set_comment(c.comment.clone())
                .build()?)
        })
        .collect()
}

pub async fn crawler(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.catalog.crawlers, &rc.name, |c| c.name.as_str())?;
    let glue = &a.aws.glue;
    let resolver = a.resolver();
    let targets = CrawlerTargets::builder()
        .set_s3_targets(Some(
            d.targets
                .known()
                .into_iter()
                .flatten()
                .map(|t| S3Target::builder().path(resolver.resolve(t)).build())
                .collect(),
        ))
        .build();
    let role = a.role_arn(&d.role);
    let schedule = d.schedule.known().cloned().flatten();
    let security = d.security_configuration.known().cloned().flatten();
    let policy = (d.delete_behavior.known()).map(|b| {
        let update = (d.update_behavior.known()).map_or(update_behavior::UPDATE, String::as_str);
        SchemaChangePolicy::builder()
            .delete_behavior(DeleteBehavior::from(b.as_str()))
            .update_behavior(UpdateBehavior::from(update))
            .build()
    });
    let recrawl = (d.recrawl_behavior.known()).map(|b| {
        RecrawlPolicy::builder()
            .recrawl_behavior(RecrawlBehavior::from(b.as_str()))
            .build()
    });
    if rc.action == Action::Create {
        let mut request = glue
            .create_crawler()
            .name(&d.name)
            .role(&role)
            .database_name(&d.database)
            .targets(targets)
            .set_schedule(schedule)
            .set_crawler_security_configuration(security)
            .set_schema_change_policy(policy)
            .set_recrawl_policy(recrawl);
        for (k, v) in d.tags.known().into_iter().flatten() {
            request = request.tags(k, v);
        }
        match request.send().await {
            Ok(_) => {}
            Err(e) if errors::is(&e, &["AlreadyExistsException"]) => {}
            Err(e) => return Err(errors::describe("glue:CreateCrawler", &d.name, &e)),
        }
        return Ok(vec![Applied::created()]);
    }
    let mut done = Vec::new();
    let settings = crawler_planned(rc, CrawlerCall::Update);
    if !settings.is_empty() {
        glue.update_crawler()
            .name(&d.name)
            .role(&role)
            .database_name(&d.database)
            .targets(targets)
            .set_schedule(schedule)
            .set_crawler_security_configuration(security)
            .set_schema_change_policy(policy)
            .set_recrawl_policy(recrawl)
            .send()
            .await
            .call("glue:UpdateCrawler", &d.name)?;
        done.push(Applied::updated_all(settings, "updated"));
    }
    if !crawler_planned(rc, CrawlerCall::Tag).is_empty() {
        let arn = Arns::of(&a.desired.lake).glue_crawler(&d.name);
        let mut request = glue.tag_resource().resource_arn(&arn);
        for (k, v) in d.tags.known().into_iter().flatten() {
            request = request.tags_to_add(k, v);
        }
        request.send().await.call("glue:TagResource", &d.name)?;
        done.push(Applied::updated(CrawlerProperty::Tags, "tags updated"));
    }
    Ok(done)
}

/// The planned properties of a kind (those deploy writes).
fn planned<P: KindProperty>(rc: &ResourceChange) -> Vec<Property> {
    P::ALL
        .iter()
        .filter(|p| rc.writes(**p))
        .map(|p| (*p).into())
        .collect()
}

fn crawler_planned(rc: &ResourceChange, call: CrawlerCall) -> Vec<Property> {
    let props = CrawlerProperty::ALL.iter();
    let props = props.filter(|p| crawler_call(**p) == call && rc.writes(**p));
    props.map(|p| (*p).into()).collect()
}
