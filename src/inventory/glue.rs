//! Glue Data Catalog: catalog encryption, security configurations, databases, tables, crawlers,
//! ETL jobs and (with `connections`) connections.

use std::collections::HashMap;

use aws_sdk_glue::types as g;
use futures::future::join_all;

use super::ctx::{Ctx, existence, known};
use super::keys::KeyIndex;
use crate::aws::{CallError, Service};
use crate::model::{
    Bucket, Catalog, CatalogEncryption, Column, Crawler, Database, ExecutionClass, Job, Model,
    Prop, SecurityConfiguration, Table, TableCompression, TableFormat, Tags, delete_behavior,
    naming, recrawl_behavior, update_behavior,
};

pub(super) async fn read(ctx: &Ctx<'_>, desired: &Model) -> Catalog {
    let c = &desired.catalog;
    let lake_roles: Vec<&str> = desired.roles.iter().map(|r| r.name.as_str()).collect();
    let (encryption, security_configurations, databases, tables, crawlers, jobs) = tokio::join!(
        read_encryption(ctx),
        join_all(
            c.security_configurations
                .iter()
                .map(|s| read_security_configuration(ctx, s.clone()))
        ),
        join_all(
            c.databases
                .iter()
                .map(|d| read_database(ctx, d.clone(), desired))
        ),
        join_all(c.tables.iter().map(|t| read_table(ctx, t.clone()))),
        join_all(
            c.crawlers
                .iter()
                .map(|cr| read_crawler(ctx, cr.clone(), desired))
        ),
        list_jobs(ctx),
    );
    // The lake's own jobs, and any other that runs as one of the lake's roles.
    let desired_jobs: Vec<&str> = c.jobs.iter().map(|j| j.name.as_str()).collect();
    let jobs: Vec<Job> = (ctx.listed(jobs).iter())
        .filter(|j| {
            desired_jobs.contains(&j.name().unwrap_or_default())
                || j.role().is_some_and(|r| lake_roles.contains(&role_name(r)))
        })
        .map(job_of)
        .collect();
    let (tags, workflows) = tokio::join!(
        join_all(jobs.iter().map(|j| read_job_tags(ctx, &j.name))),
        super::workflows::read(ctx, &c.workflows)
    );
    Catalog {
        encryption,
        security_configurations: security_configurations.into_iter().flatten().collect(),
        databases: databases.into_iter().flatten().collect(),
        tables: tables.into_iter().flatten().collect(),
        crawlers: crawlers.into_iter().flatten().collect(),
        jobs: (jobs.into_iter().zip(tags))
            .map(|(job, tags)| Job {
                tags: known(tags),
                ..job
            })
            .collect(),
        workflows,
        // A blueprint declares no connections: only the account audit judges them.
        connections: Vec::new(),
    }
}

/// The whole catalog of the region. Names are ids; a database's zone is its name until
/// [`place_databases`] finds its bucket.
pub(super) async fn read_all(ctx: &Ctx<'_>) -> Catalog {
    let (encryption, security_configurations, databases, crawlers, jobs, connections) = tokio::join!(
        read_encryption(ctx),
        list_security_configurations(ctx),
        list_databases(ctx),
        list_crawlers(ctx),
        list_jobs(ctx),
        super::connections::read_all(ctx),
    );
    let databases = ctx.listed(databases);
    let tables = join_all(databases.iter().map(|d| list_tables(ctx, d.name())))
        .await
        .into_iter()
        .flat_map(|t| ctx.listed(t))
        .collect::<Vec<_>>();
    let crawlers = ctx.listed(crawlers);
    let crawler_tags = join_all(
        crawlers
            .iter()
            .map(|c| read_crawler_tags(ctx, c.name().unwrap_or_default())),
    )
    .await;
    Catalog {
        encryption,
        security_configurations: ctx
            .listed(security_configurations)
            .iter()
            .map(|s| {
                let name = s.name().unwrap_or_default();
                security_configuration_of(s, skeleton_security_configuration(name), &ctx.keys)
            })
            .collect(),
        databases: databases
            .iter()
            .map(|d| database_of(d, skeleton_database(d.name(), d.name())))
            .collect(),
        tables: join_all(tables.iter().map(|t| async {
            let db = t.database_name().unwrap_or_default();
            with_partitioning(ctx, t, table_of(t, skeleton_table(db, t.name()))).await
        }))
        .await,
        crawlers: crawlers
            .iter()
            .zip(crawler_tags)
            .map(|(c, tags)| {
                let name = c.name().unwrap_or_default();
                let mut crawler = crawler_of(c, skeleton_crawler(name), None);
                crawler.tags = known(tags);
                crawler
            })
            .collect(),
        jobs: ctx.listed(jobs).iter().map(job_of).collect(),
        // No rule reads workflows: an account audit does not list them.
        workflows: Vec::new(),
        connections,
    }
}

async fn read_encryption(ctx: &Ctx<'_>) -> Prop<CatalogEncryption> {
    let out = ctx
        .call(
            Service::Glue,
            "GetDataCatalogEncryptionSettings",
            &ctx.arns().glue_catalog(),
            ctx.aws.glue.get_data_catalog_encryption_settings().send(),
        )
        .await;
    known(out.map(|o| catalog_encryption_of(o.data_catalog_encryption_settings(), &ctx.keys)))
}

/// Metadata encryption and connection password encryption; a key-less setting uses `aws/glue`.
pub(super) fn catalog_encryption_of(
    settings: Option<&g::DataCatalogEncryptionSettings>,
    keys: &KeyIndex,
) -> CatalogEncryption {
    let key_of =
        |id: Option<&str>| Some(id.map_or(crate::model::KeyRef::AwsManaged, |k| keys.key_ref(k)));
    let metadata_key = settings
        .and_then(|s| s.encryption_at_rest())
        .filter(|e| *e.catalog_encryption_mode() != g::CatalogEncryptionMode::Disabled)
        .and_then(|e| key_of(e.sse_aws_kms_key_id()));
    let connection_password_key = settings
        .and_then(|s| s.connection_password_encryption())
        .filter(|c| c.return_connection_password_encrypted())
        .and_then(|c| key_of(c.aws_kms_key_id()));
    CatalogEncryption {
        metadata_key,
        connection_password_key,
    }
}

async fn read_security_configuration(
    ctx: &Ctx<'_>,
    desired: SecurityConfiguration,
) -> Option<SecurityConfiguration> {
    let out = ctx
        .call(
            Service::Glue,
            "GetSecurityConfiguration",
            &desired.name,
            ctx.aws
                .glue
                .get_security_configuration()
                .name(&desired.name)
                .send(),
        )
        .await;
    match existence(out) {
        Ok(None) => None,
        Ok(Some(out)) => Some(match out.security_configuration() {
            Some(s) => security_configuration_of(s, desired, &ctx.keys),
            None => desired,
        }),
        Err(e) => {
            let reason = e.reason();
            Some(SecurityConfiguration {
                s3_key: Prop::unknown(&reason),
                cloudwatch_key: Prop::unknown(&reason),
                bookmarks_key: Prop::unknown(&reason),
                ..desired
            })
        }
    }
}

/// The KMS key of each of the three targets; `None` where that target is not SSE-KMS.
pub(super) fn security_configuration_of(
    s: &g::SecurityConfiguration,
    mut into: SecurityConfiguration,
    keys: &KeyIndex,
) -> SecurityConfiguration {
    let e = s.encryption_configuration();
    let s3 = e.and_then(|e| e.s3_encryption().first());
    into.s3_key = Prop::Known(
        s3.filter(|s| s.s3_encryption_mode() == Some(&g::S3EncryptionMode::Ssekms))
            .map(|s| {
                s.kms_key_arn()
                    .map_or(crate::model::KeyRef::AwsManaged, |k| keys.key_ref(k))
            }),
    );
    let cw = e.and_then(|e| e.cloud_watch_encryption());
    into.cloudwatch_key = Prop::Known(
        cw.filter(|c| {
            c.cloud_watch_encryption_mode() == Some(&g::CloudWatchEncryptionMode::Ssekms)
        })
        .and_then(|c| c.kms_key_arn())
        .map(|k| keys.key_ref(k)),
    );
    let jb = e.and_then(|e| e.job_bookmarks_encryption());
    into.bookmarks_key = Prop::Known(
        jb.filter(|j| {
            j.job_bookmarks_encryption_mode() == Some(&g::JobBookmarksEncryptionMode::Csekms)
        })
        .and_then(|j| j.kms_key_arn())
        .map(|k| keys.key_ref(k)),
    );
    into
}

async fn read_database(ctx: &Ctx<'_>, desired: Database, model: &Model) -> Option<Database> {
    let out = ctx
        .call(
            Service::Glue,
            "GetDatabase",
            &ctx.arns().glue_database(&desired.name),
            ctx.aws.glue.get_database().name(&desired.name).send(),
        )
        .await;
    match existence(out) {
        Ok(None) => None,
        Ok(Some(out)) => Some(match out.database() {
            Some(d) => {
                let mut db = database_of(d, desired);
                // The zone is the bucket the location points into, when it is one of ours.
                if let Some(bucket) = bucket_of_location(d.location_uri())
                    && let Some(b) = model.buckets.iter().find(|b| b.name == bucket)
                {
                    db.zone = b.id.clone();
                }
                db
            }
            None => desired,
        }),
        Err(e) => {
            let reason = e.reason();
            Some(Database {
                location: Prop::unknown(&reason),
                description: Prop::unknown(&reason),
                table_defaults: Prop::unknown(&reason),
                ..desired
            })
        }
    }
}

pub(super) fn database_of(d: &g::Database, mut into: Database) -> Database {
    into.location = Prop::Known(d.location_uri().unwrap_or_default().to_string());
    into.description = Prop::Known(d.description().unwrap_or_default().to_string());
    let principals = (d.create_table_default_permissions().iter())
        .filter_map(|p| p.principal()?.data_lake_principal_identifier())
        .map(str::to_string);
    into.table_defaults = Prop::Known(principals.collect());
    into
}

/// A database of the whole region lives in the bucket its location points into, so rules judge
/// its tables by that bucket's zone (curated by tag or name). Buckets of a region audit have
/// their names as ids.
pub(super) fn place_databases(catalog: &mut Catalog, buckets: &[Bucket]) {
    for db in &mut catalog.databases {
        let location = db.location.known().map(String::as_str);
        if let Some(bucket) = bucket_of_location(location)
            && let Some(b) = buckets.iter().find(|b| b.name == bucket)
        {
            db.zone = b.id.clone();
        }
    }
}

fn bucket_of_location(location: Option<&str>) -> Option<&str> {
    let rest = location?.strip_prefix("s3://")?;
    Some(rest.split('/').next().unwrap_or(rest))
}

async fn read_table(ctx: &Ctx<'_>, desired: Table) -> Option<Table> {
    let out = ctx
        .call(
            Service::Glue,
            "GetTable",
            &ctx.arns().glue_table(&desired.database, &desired.name),
            ctx.aws
                .glue
                .get_table()
                .database_name(&desired.database)
                .name(&desired.name)
                .send(),
        )
        .await;
    match existence(out) {
        Ok(None) => None,
        Ok(Some(out)) => Some(match out.table() {
            Some(t) => with_partitioning(ctx, t, table_of(t, desired)).await,
            None => desired,
        }),
        Err(e) => {
            let reason = e.reason();
            Some(Table {
                location: Prop::unknown(&reason),
                format: Prop::unknown(&reason),
                compression: Prop::unknown(&reason),
                columns: Prop::unknown(&reason),
                partition_keys: Prop::unknown(&reason),
                partitioning: Prop::unknown(&reason),
                ..desired
            })
        }
    }
}

/// The table with its Iceberg partition spec, which only its metadata file in S3 holds.
async fn with_partitioning(ctx: &Ctx<'_>, t: &g::Table, table: Table) -> Table {
    let partitioning = super::iceberg::partitioning(ctx, t, &table.format).await;
    Table {
        partitioning,
        ..table
    }
}

pub(super) fn table_of(t: &g::Table, mut into: Table) -> Table {
    let sd = t.storage_descriptor();
    into.location = Prop::Known(
        sd.and_then(|s| s.location())
            .unwrap_or_default()
            .to_string(),
    );
    into.format = table_format(sd, t.parameters());
    into.compression = table_compression(sd, t.parameters());
    into.columns = Prop::Known(sd.map(|s| columns(s.columns())).unwrap_or_default());
    into.partition_keys = Prop::Known(columns(t.partition_keys()));
    into
}

fn columns(cols: &[g::Column]) -> Vec<Column> {
    cols.iter()
        .map(|c| Column {
            name: c.name().to_string(),
            kind: c.r#type().unwrap_or_default().to_string(),
            comment: c.comment().map(str::to_string),
        })
        .collect()
}

/// The file format, from the SerDe library and input format, else the `classification`
/// parameter crawlers set.
pub(super) fn table_format(
    sd: Option<&g::StorageDescriptor>,
    params: Option<&HashMap<String, String>>,
) -> Prop<TableFormat> {
    let table_type = params
        .and_then(|p| p.get("table_type"))
        .map(|t| t.to_ascii_lowercase());
    if table_type.as_deref() == Some("iceberg") {
        return Prop::Known(TableFormat::Iceberg);
    }
    let serde = sd
        .and_then(|s| s.serde_info())
        .and_then(|s| s.serialization_library())
        .unwrap_or_default();
    let input = sd.and_then(|s| s.input_format()).unwrap_or_default();
    let text = format!("{serde} {input}").to_ascii_lowercase();
    let from_classes = if text.contains("parquet") {
        Some(TableFormat::Parquet)
    } else if text.contains("orcserde") || text.contains("orcinputformat") || text.contains(".orc.")
    {
        Some(TableFormat::Orc)
    } else if text.contains("avro") {
        Some(TableFormat::Avro)
    } else if text.contains("json") {
        Some(TableFormat::Json)
    } else if text.contains("opencsvserde") || text.contains("lazysimpleserde") {
        Some(TableFormat::Csv)
    } else {
        None
    };
    let classification = params
        .and_then(|p| p.get("classification"))
        .map(|c| c.to_ascii_lowercase());
    let from_params = match classification.as_deref() {
        Some("parquet") => Some(TableFormat::Parquet),
        Some("orc") => Some(TableFormat::Orc),
        Some("avro") => Some(TableFormat::Avro),
        Some("json") => Some(TableFormat::Json),
        Some("csv") => Some(TableFormat::Csv),
        Some("iceberg") => Some(TableFormat::Iceberg),
        _ => None,
    };
    match from_classes.or(from_params) {
        Some(format) => Prop::Known(format),
        None => Prop::unknown(format!(
            "table format not recognised (SerDe {serde:?}, input format {input:?})"
        )),
    }
}

/// The declared compression; `None` when none is declared or it is `none`/`uncompressed`.
pub(super) fn table_compression(
    sd: Option<&g::StorageDescriptor>,
    params: Option<&HashMap<String, String>>,
) -> Prop<Option<TableCompression>> {
    let declared = [params, sd.and_then(|s| s.parameters())]
        .into_iter()
        .flatten()
        .find_map(|p| {
            crate::model::vocab::COMPRESSION_PARAMETERS
                .iter()
                .find_map(|k| p.get(*k))
        });
    let Some(value) = declared else {
        return Prop::Known(None);
    };
    match value.to_ascii_lowercase().as_str() {
        "none" | "uncompressed" | "" => Prop::Known(None),
        "snappy" => Prop::Known(Some(TableCompression::Snappy)),
        "gzip" => Prop::Known(Some(TableCompression::Gzip)),
        "zstd" => Prop::Known(Some(TableCompression::Zstd)),
        "zlib" => Prop::Known(Some(TableCompression::Zlib)),
        other => Prop::unknown(format!("table compression {other:?} is not modelled")),
    }
}

async fn read_crawler(ctx: &Ctx<'_>, desired: Crawler, model: &Model) -> Option<Crawler> {
    let arn = ctx.arns().glue_crawler(&desired.name);
    let out = ctx
        .call(
            Service::Glue,
            "GetCrawler",
            &arn,
            ctx.aws.glue.get_crawler().name(&desired.name).send(),
        )
        .await;
    match existence(out) {
        Ok(None) => None,
        Ok(Some(out)) => {
            let Some(c) = out.crawler() else {
                return Some(desired);
            };
            let mut crawler = crawler_of(c, desired, Some(model));
            crawler.tags = known(read_crawler_tags(ctx, &crawler.name).await);
            Some(crawler)
        }
        Err(e) => {
            let reason = e.reason();
            Some(Crawler {
                targets: Prop::unknown(&reason),
                schedule: Prop::unknown(&reason),
                security_configuration: Prop::unknown(&reason),
                delete_behavior: Prop::unknown(&reason),
                update_behavior: Prop::unknown(&reason),
                recrawl_behavior: Prop::unknown(&reason),
                tags: Prop::unknown(&reason),
                ..desired
            })
        }
    }
}

/// A crawler's targets, schedule and security configuration; its role by model id when the
/// model has a role of that name.
pub(super) fn crawler_of(c: &g::Crawler, mut into: Crawler, model: Option<&Model>) -> Crawler {
    if let Some(db) = c.database_name() {
        into.database = db.to_string();
    }
    if let Some(role) = c.role() {
        let name = role_name(role);
        into.role = model
            .and_then(|m| m.roles.iter().find(|r| r.name == name))
            .map_or_else(|| name.to_string(), |r| r.id.clone());
    }
    into.targets = Prop::Known(
        c.targets()
            .map(|t| {
                t.s3_targets()
                    .iter()
                    .filter_map(|s| s.path().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    );
    into.schedule = Prop::Known(
        c.schedule()
            .and_then(|s| s.schedule_expression())
            .map(str::to_string),
    );
    into.security_configuration =
        Prop::Known(c.crawler_security_configuration().map(str::to_string));
    // A crawler created without a policy has Glue's defaults.
    let policy = c.schema_change_policy();
    into.delete_behavior = Prop::Known(
        (policy.and_then(|p| p.delete_behavior()))
            .map_or(delete_behavior::DEPRECATE, |b| b.as_str())
            .to_string(),
    );
    into.update_behavior = Prop::Known(
        (policy.and_then(|p| p.update_behavior()))
            .map_or(update_behavior::UPDATE, |b| b.as_str())
            .to_string(),
    );
    into.recrawl_behavior = Prop::Known(
        (c.recrawl_policy().and_then(|p| p.recrawl_behavior()))
            .map_or(recrawl_behavior::EVERYTHING, |b| b.as_str())
            .to_string(),
    );
    into
}

pub(super) fn job_of(j: &g::Job) -> Job {
    let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
    Job {
        name: j.name().unwrap_or_default().to_string(),
        logical_id: String::new(),
        role: j.role().unwrap_or_default().to_string(),
        script_location: Prop::Known(
            (j.command().and_then(|c| c.script_location()))
                .unwrap_or_default()
                .to_string(),
        ),
        script_source: None,
        glue_version: Prop::Known(j.glue_version().unwrap_or_default().to_string()),
        worker_type: Prop::Known(j.worker_type().map(|w| w.as_str().to_string())),
        workers: Prop::Known(count(j.number_of_workers())),
        execution_class: Prop::Known(match j.execution_class() {
            Some(g::ExecutionClass::Flex) => ExecutionClass::Flex,
            _ => ExecutionClass::Standard,
        }),
        timeout_minutes: Prop::Known(count(j.timeout())),
        max_retries: Prop::Known(count(Some(j.max_retries())).unwrap_or(0)),
        notify_delay_minutes: Prop::Known(count(
            j.notification_property()
                .and_then(|n| n.notify_delay_after()),
        )),
        arguments: Prop::Known(
            (j.default_arguments().into_iter().flatten())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        security_configuration: Prop::Known(j.security_configuration().map(str::to_string)),
        tags: Prop::unknown("not read"),
    }
}

/// `arn:aws:iam::1:role/path/name` or `name` → `name`.
fn role_name(role: &str) -> &str {
    role.rsplit('/').next().unwrap_or(role)
}

async fn read_crawler_tags(ctx: &Ctx<'_>, name: &str) -> Result<Tags, CallError> {
    read_tags(ctx, &ctx.arns().glue_crawler(name)).await
}

async fn read_job_tags(ctx: &Ctx<'_>, name: &str) -> Result<Tags, CallError> {
    read_tags(ctx, &ctx.arns().glue_job(name)).await
}

pub(super) async fn read_tags(ctx: &Ctx<'_>, arn: &str) -> Result<Tags, CallError> {
    let out = ctx
        .call(
            Service::Glue,
            "GetTags",
            arn,
            ctx.aws.glue.get_tags().resource_arn(arn).send(),
        )
        .await?;
    Ok(out
        .tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default())
}

/// Pages through a Glue `Get*` listing: `page(token)` returns one page's items and next token.
macro_rules! paginate {
    ($ctx:expr, $op:literal, $resource:expr, |$token:ident| $request:expr, |$out:ident| $items:expr) => {{
        let mut items = Vec::new();
        let mut $token: Option<String> = None;
        loop {
            let $out = $ctx.call(Service::Glue, $op, $resource, $request).await?;
            items.extend($items.iter().cloned());
            match $out.next_token() {
                Some(next) if !next.is_empty() => $token = Some(next.to_string()),
                _ => break Ok::<_, CallError>(items),
            }
        }
    }};
}
pub(super) use paginate;

async fn list_jobs(ctx: &Ctx<'_>) -> Result<Vec<g::Job>, CallError> {
    paginate!(
        ctx,
        "GetJobs",
        "jobs",
        |token| ctx
            .aws
            .glue
            .get_jobs()
            .max_results(1000)
            .set_next_token(token.clone())
            .send(),
        |out| out.jobs()
    )
}

async fn list_security_configurations(
    ctx: &Ctx<'_>,
) -> Result<Vec<g::SecurityConfiguration>, CallError> {
    paginate!(
        ctx,
        "GetSecurityConfigurations",
        "security configurations",
        |token| ctx
            .aws
            .glue
            .get_security_configurations()
            .max_results(1000)
            .set_next_token(token.clone())
            .send(),
        |out| out.security_configurations()
    )
}

async fn list_databases(ctx: &Ctx<'_>) -> Result<Vec<g::Database>, CallError> {
    paginate!(
        ctx,
        "GetDatabases",
        "databases",
        |token| ctx
            .aws
            .glue
            .get_databases()
            .max_results(100)
            .set_next_token(token.clone())
            .send(),
        |out| out.database_list()
    )
}

async fn list_tables(ctx: &Ctx<'_>, database: &str) -> Result<Vec<g::Table>, CallError> {
    paginate!(
        ctx,
        "GetTables",
        database,
        |token| ctx
            .aws
            .glue
            .get_tables()
            .max_results(100)
            .database_name(database)
            .set_next_token(token.clone())
            .send(),
        |out| out.table_list()
    )
}

async fn list_crawlers(ctx: &Ctx<'_>) -> Result<Vec<g::Crawler>, CallError> {
    paginate!(
        ctx,
        "GetCrawlers",
        "crawlers",
        |token| ctx
            .aws
            .glue
            .get_crawlers()
            .max_results(1000)
            .set_next_token(token.clone())
            .send(),
        |out| out.crawlers()
    )
}

fn skeleton_security_configuration(name: &str) -> SecurityConfiguration {
    SecurityConfiguration {
        name: name.to_string(),
        logical_id: naming::logical_id(name),
        s3_key: Prop::unknown("not read"),
        cloudwatch_key: Prop::unknown("not read"),
        bookmarks_key: Prop::unknown("not read"),
    }
}

fn skeleton_database(name: &str, zone: &str) -> Database {
    Database {
        name: name.to_string(),
        logical_id: naming::logical_id(name),
        zone: zone.to_string(),
        location: Prop::unknown("not read"),
        description: Prop::unknown("not read"),
        table_defaults: Prop::unknown("not read"),
    }
}

fn skeleton_table(database: &str, name: &str) -> Table {
    Table {
        database: database.to_string(),
        name: name.to_string(),
        logical_id: naming::logical_id(&format!("{database}-{name}")),
        location: Prop::unknown("not read"),
        format: Prop::unknown("not read"),
        compression: Prop::unknown("not read"),
        columns: Prop::unknown("not read"),
        partition_keys: Prop::unknown("not read"),
        partitioning: Prop::unknown("not read"),
    }
}

fn skeleton_crawler(name: &str) -> Crawler {
    Crawler {
        name: name.to_string(),
        logical_id: naming::logical_id(name),
        database: String::new(),
        role: String::new(),
        targets: Prop::unknown("not read"),
        schedule: Prop::unknown("not read"),
        security_configuration: Prop::unknown("not read"),
        delete_behavior: Prop::unknown("not read"),
        update_behavior: Prop::unknown("not read"),
        recrawl_behavior: Prop::unknown("not read"),
        tags: Prop::unknown("not read"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KeyRef;

    #[test]
    fn catalog_encryption_reads_both_keys() {
        let mut keys = KeyIndex::default();
        keys.add_lake_key("platform", "k1", None);
        let settings = g::DataCatalogEncryptionSettings::builder()
            .encryption_at_rest(
                g::EncryptionAtRest::builder()
                    .catalog_encryption_mode(g::CatalogEncryptionMode::Ssekms)
                    .sse_aws_kms_key_id("arn:aws:kms:us-east-1:000000000000:key/k1")
                    .build()
                    .unwrap(),
            )
            .connection_password_encryption(
                g::ConnectionPasswordEncryption::builder()
                    .return_connection_password_encrypted(true)
                    .build(),
            )
            .build();
        assert_eq!(
            catalog_encryption_of(Some(&settings), &keys),
            CatalogEncryption {
                metadata_key: Some(KeyRef::Lake("platform".into())),
                connection_password_key: Some(KeyRef::AwsManaged),
            }
        );
        assert_eq!(
            catalog_encryption_of(None, &keys),
            CatalogEncryption {
                metadata_key: None,
                connection_password_key: None
            }
        );
    }

    #[test]
    fn tables_read_format_compression_columns_and_partitions() {
        let table = g::Table::builder()
            .name("events")
            .database_name("retail_dev_curated")
            .parameters("parquet.compression", "SNAPPY")
            .storage_descriptor(
                g::StorageDescriptor::builder()
                    .location("s3://b/events/")
                    .input_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                    .serde_info(
                        g::SerDeInfo::builder()
                            .serialization_library(
                                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                            )
                            .build(),
                    )
                    .columns(
                        g::Column::builder()
                            .name("id")
                            .r#type("string")
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .partition_keys(
                g::Column::builder()
                    .name("dt")
                    .r#type("date")
                    .comment("day")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        let read = table_of(&table, skeleton_table("retail_dev_curated", "events"));
        assert_eq!(read.location, Prop::Known("s3://b/events/".to_string()));
        assert_eq!(read.format, Prop::Known(TableFormat::Parquet));
        assert_eq!(
            read.compression,
            Prop::Known(Some(TableCompression::Snappy))
        );
        assert_eq!(
            read.columns,
            Prop::Known(vec![Column {
                name: "id".into(),
                kind: "string".into(),
                comment: None
            }])
        );
        assert_eq!(
            read.partition_keys,
            Prop::Known(vec![Column {
                name: "dt".into(),
                kind: "date".into(),
                comment: Some("day".into())
            }])
        );
    }

    #[test]
    fn formats_fall_back_to_the_classification_and_say_when_unrecognised() {
        let json = HashMap::from([("classification".to_string(), "json".to_string())]);
        assert_eq!(
            table_format(None, Some(&json)),
            Prop::Known(TableFormat::Json)
        );
        let csv = g::StorageDescriptor::builder()
            .serde_info(
                g::SerDeInfo::builder()
                    .serialization_library("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe")
                    .build(),
            )
            .build();
        assert_eq!(
            table_format(Some(&csv), None),
            Prop::Known(TableFormat::Csv)
        );
        assert_eq!(
            table_format(None, None).reason(),
            Some("table format not recognised (SerDe \"\", input format \"\")")
        );
        let zlib = HashMap::from([("orc.compress".to_string(), "ZLIB".to_string())]);
        assert_eq!(
            table_compression(None, Some(&zlib)),
            Prop::Known(Some(TableCompression::Zlib))
        );
        assert_eq!(table_compression(None, None), Prop::Known(None));
    }

    #[test]
    fn crawlers_map_role_names_to_model_ids_without_a_model_to_names() {
        let crawler = g::Crawler::builder()
            .name("retail-dev-raw")
            .role("arn:aws:iam::000000000000:role/retail-dev-crawler")
            .database_name("retail_dev_raw")
            .targets(
                g::CrawlerTargets::builder()
                    .s3_targets(g::S3Target::builder().path("s3://b/raw/").build())
                    .build(),
            )
            .schedule(
                g::Schedule::builder()
                    .schedule_expression("cron(0 1 * * ? *)")
                    .build(),
            )
            .crawler_security_configuration("retail-dev")
            .build();
        let read = crawler_of(&crawler, skeleton_crawler("retail-dev-raw"), None);
        assert_eq!(read.role, "retail-dev-crawler");
        assert_eq!(read.database, "retail_dev_raw");
        assert_eq!(read.targets, Prop::Known(vec!["s3://b/raw/".to_string()]));
        assert_eq!(
            read.schedule,
            Prop::Known(Some("cron(0 1 * * ? *)".to_string()))
        );
        assert_eq!(
            read.security_configuration,
            Prop::Known(Some("retail-dev".to_string()))
        );
    }
}
