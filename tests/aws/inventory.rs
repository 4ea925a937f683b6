//! The live inventory against the local emulators: resources created with raw SDK calls are read
//! back into exact model values; services the endpoint lacks become `Unknown` with the reason;
//! an endpoint that is down fails the read with one clear sentence; and reading makes no
//! mutating call.

use std::collections::BTreeMap;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_s3::config::{Credentials, SharedCredentialsProvider};
use lakectl::aws::{Aws, AwsSettings, ConnectOptions};
use lakectl::inventory::{self, Options};
use lakectl::model::policy::{Principal, Statement};
use lakectl::model::{
    Bucket, BucketEncryption, BucketPurpose, Catalog, CatalogEncryption, Column, Crawler, Database,
    Key, KeyRef, KeyState, LakeFormation, LakeInfo, LfGrant, LifecycleRule, Model, ObjectOwnership,
    PolicyDocument, Prop, PublicAccessBlock, SecurityConfiguration, SseAlgorithm, Table,
    TableCompression, TableFormat, Versioning, WorkGroup, ZoneKind,
};

use crate::support::emulators::local_aws;
use crate::support::fixture::{Load, seed_load, wait_until_active};
use crate::support::names::{unique, unique_ident};

const REGION: &str = "us-east-1";

async fn connect() -> Aws {
    local_aws();
    Aws::connect(&AwsSettings::default(), Some(REGION))
        .await
        .expect("the emulators' configuration loads")
}

fn unread<T>() -> Prop<T> {
    Prop::unknown("desired value not used by the inventory")
}

/// A desired model with nothing in it; each test adds what it needs.
fn empty_model() -> Model {
    Model {
        lake: LakeInfo {
            name: "inv".into(),
            environment: "test".into(),
            region: REGION.into(),
            account: "${AWS::AccountId}".into(),
            partition: "aws".into(),
            owner: "tests".into(),
            tags: BTreeMap::new(),
        },
        keys: vec![],
        buckets: vec![],
        streams: vec![],
        delivery_streams: vec![],
        catalog: Catalog {
            encryption: unread(),
            security_configurations: vec![],
            databases: vec![],
            tables: vec![],
            crawlers: vec![],
            jobs: vec![],
            workflows: vec![],
            connections: vec![],
        },
        log_groups: vec![],
        workgroups: vec![],
        lake_formation: LakeFormation {
            admins: unread(),
            create_database_default: unread(),
            create_table_default: unread(),
            registered_locations: unread(),
            hybrid_locations: unread(),
            grants: unread(),
            tags: unread(),
            tag_assignments: unread(),
            tag_grants: unread(),
            data_cells_filters: unread(),
            filter_grants: unread(),
        },
        roles: vec![],
        event_rules: vec![],
        trail: None,
        alarms: vec![],
        account: None,
    }
}

fn desired_key(id: &str, alias: &str) -> Key {
    Key {
        id: id.into(),
        logical_id: format!("Key{id}"),
        alias: alias.into(),
        description: String::new(),
        arn: None,
        rotation: unread(),
        state: unread(),
        customer_managed: unread(),
        policy: unread(),
        deletion_window_days: 7,
        tags: unread(),
    }
}

fn desired_bucket(id: &str, name: &str) -> Bucket {
    Bucket {
        id: id.into(),
        logical_id: format!("Bucket{id}"),
        purpose: BucketPurpose::Zone {
            zone: id.into(),
            zone_kind: ZoneKind::Raw,
            tenants: vec![],
        },
        name: name.into(),
        encryption: unread(),
        public_access_block: unread(),
        ownership: unread(),
        versioning: unread(),
        lifecycle: unread(),
        logging: unread(),
        policy: unread(),
        // A lake's bucket has an EventBridge setting to compare; an account's have none.
        event_bridge: Prop::Known(false),
        tags: unread(),
    }
}

fn desired_database(name: &str) -> Database {
    Database {
        name: name.into(),
        logical_id: "Db".into(),
        zone: "raw".into(),
        location: unread(),
        description: unread(),
        table_defaults: unread(),
    }
}

fn desired_work_group(name: &str) -> WorkGroup {
    WorkGroup {
        name: name.into(),
        logical_id: "Wg".into(),
        description: unread(),
        enforce_configuration: unread(),
        result_location: unread(),
        result_encryption: unread(),
        bytes_scanned_cutoff: unread(),
        metrics: unread(),
        engine_version: unread(),
        tags: unread(),
    }
}

fn key_policy(account: &str) -> PolicyDocument {
    PolicyDocument::new(vec![
        Statement::allow("Root", &["kms:*"], vec!["*".into()])
            .principal(Principal::aws(vec![format!("arn:aws:iam::{account}:root")])),
    ])
}

fn tls_only_policy(bucket: &str) -> PolicyDocument {
    PolicyDocument::new(vec![
        Statement::deny(
            "TlsOnly",
            &["s3:*"],
            vec![
                format!("arn:aws:s3:::{bucket}"),
                format!("arn:aws:s3:::{bucket}/*"),
            ],
        )
        .principal(Principal::any())
        .when("Bool", "aws:SecureTransport", &["false"]),
    ])
}

/// Creates a KMS key with `alias`, rotation on, a policy and a tag; returns (key id, key ARN).
async fn create_key(aws: &Aws, alias: &str, account: &str) -> (String, String) {
    let key = aws
        .kms
        .create_key()
        .description("raw zone")
        .policy(key_policy(account).to_json())
        .tags(
            aws_sdk_kms::types::Tag::builder()
                .tag_key("lake")
                .tag_value("inv")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let meta = key.key_metadata().unwrap();
    let (id, arn) = (meta.key_id().to_string(), meta.arn().unwrap().to_string());
    aws.kms
        .create_alias()
        .alias_name(alias)
        .target_key_id(&id)
        .send()
        .await
        .unwrap();
    aws.kms
        .enable_key_rotation()
        .key_id(&id)
        .send()
        .await
        .unwrap();
    (id, arn)
}

/// A zone bucket configured the way lakectl configures one.
async fn create_bucket(aws: &Aws, name: &str, key_arn: &str) {
    use aws_sdk_s3::types as s3;
    let s3c = &aws.s3;
    s3c.create_bucket().bucket(name).send().await.unwrap();
    s3c.put_bucket_encryption()
        .bucket(name)
        .server_side_encryption_configuration(
            s3::ServerSideEncryptionConfiguration::builder()
                .rules(
                    s3::ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            s3::ServerSideEncryptionByDefault::builder()
                                .sse_algorithm(s3::ServerSideEncryption::AwsKms)
                                .kms_master_key_id(key_arn)
                                .build()
                                .unwrap(),
                        )
                        .bucket_key_enabled(true)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    s3c.put_public_access_block()
        .bucket(name)
        .public_access_block_configuration(
            s3::PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3c.put_bucket_ownership_controls()
        .bucket(name)
        .ownership_controls(
            s3::OwnershipControls::builder()
                .rules(
                    s3::OwnershipControlsRule::builder()
                        .object_ownership(s3::ObjectOwnership::BucketOwnerEnforced)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    s3c.put_bucket_versioning()
        .bucket(name)
        .versioning_configuration(
            s3::VersioningConfiguration::builder()
                .status(s3::BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3c.put_bucket_lifecycle_configuration()
        .bucket(name)
        .lifecycle_configuration(
            s3::BucketLifecycleConfiguration::builder()
                .rules(
                    s3::LifecycleRule::builder()
                        .id("abort-multipart")
                        .status(s3::ExpirationStatus::Enabled)
                        .filter(s3::LifecycleRuleFilter::builder().prefix("").build())
                        .abort_incomplete_multipart_upload(
                            s3::AbortIncompleteMultipartUpload::builder()
                                .days_after_initiation(7)
                                .build(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    s3c.put_bucket_policy()
        .bucket(name)
        .policy(tls_only_policy(name).to_json())
        .send()
        .await
        .unwrap();
    s3c.put_bucket_tagging()
        .bucket(name)
        .tagging(
            s3::Tagging::builder()
                .tag_set(s3::Tag::builder().key("lake").value("inv").build().unwrap())
                .tag_set(s3::Tag::builder().key("zone").value("raw").build().unwrap())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn reads_a_kms_encrypted_bucket_and_its_key_exactly_and_leaves_missing_ones_out() {
    let aws = connect().await;
    let account = aws.caller_account().await.unwrap();
    let alias = format!("alias/{}", unique("inv-raw-key"));
    let (key_id, key_arn) = create_key(&aws, &alias, &account).await;
    let bucket = unique("inv-raw");
    create_bucket(&aws, &bucket, &key_arn).await;

    let mut desired = empty_model();
    desired.keys = vec![
        desired_key("raw", &alias),
        desired_key("gone", &format!("alias/{}", unique("inv-no-key"))),
    ];
    desired.buckets = vec![
        desired_bucket("raw", &bucket),
        desired_bucket("gone", &unique("inv-no-bucket")),
    ];
    let before = aws.calls();
    let live = inventory::read(&aws, &desired, Options::default())
        .await
        .unwrap();
    let calls = aws.calls().since(&before);

    assert_eq!(live.lake.account, account);
    assert_eq!(live.keys.len(), 1, "the missing key is absent");
    let key = &live.keys[0];
    assert_eq!(
        (
            key.id.as_str(),
            key.alias.as_str(),
            key.description.as_str()
        ),
        ("raw", alias.as_str(), "raw zone")
    );
    assert_eq!(key.arn.as_deref(), Some(key_arn.as_str()));
    assert_eq!(key.rotation, Prop::Known(true));
    assert_eq!(key.state, Prop::Known(KeyState::Enabled));
    assert_eq!(key.customer_managed, Prop::Known(true));
    assert_eq!(key.policy, Prop::Known(key_policy(&account)));
    assert_eq!(
        key.tags,
        Prop::Known(BTreeMap::from([("lake".into(), "inv".into())]))
    );
    assert_eq!(key.deletion_window_days, 7, "kept from the desired model");

    assert_eq!(live.buckets.len(), 1, "the missing bucket is absent");
    let b = &live.buckets[0];
    assert_eq!((b.id.as_str(), b.name.as_str()), ("raw", bucket.as_str()));
    assert_eq!(
        b.encryption,
        Prop::Known(BucketEncryption {
            algorithm: SseAlgorithm::Kms,
            key: Some(KeyRef::Lake("raw".into())),
            bucket_key: true,
        })
    );
    assert_eq!(
        b.public_access_block,
        Prop::Known(PublicAccessBlock::ALL_ON)
    );
    assert_eq!(
        b.ownership,
        Prop::Known(ObjectOwnership::BucketOwnerEnforced)
    );
    assert_eq!(b.versioning, Prop::Known(Versioning::Enabled));
    assert_eq!(
        b.lifecycle,
        Prop::Known(vec![LifecycleRule {
            id: "abort-multipart".into(),
            enabled: true,
            prefix: String::new(),
            transitions: vec![],
            expiration_days: None,
            noncurrent_expiration_days: None,
            abort_incomplete_multipart_days: Some(7),
        }])
    );
    assert_eq!(b.logging, Prop::Known(None));
    assert_eq!(
        b.event_bridge,
        Prop::Known(false),
        "no notification configuration"
    );
    assert_eq!(b.policy, Prop::Known(Some(tls_only_policy(&bucket))));
    assert_eq!(
        b.tags,
        Prop::Known(BTreeMap::from([
            ("lake".into(), "inv".into()),
            ("zone".into(), "raw".into())
        ]))
    );

    // LocalStack community has no S3 Control either.
    assert_eq!(
        live.account.as_ref().unwrap().public_access_block.reason(),
        Some(
            format!(
                "s3control is not offered by the endpoint {} (HTTP 501); set \
                 AWS_ENDPOINT_URL_S3_CONTROL to an endpoint that has it",
                aws.endpoints
                    .effective(lakectl::aws::Service::S3Control)
                    .unwrap()
            )
            .as_str()
        )
    );
    assert_eq!(calls.mutating(), 0, "{:?}", calls.mutating_operations());
    let s3_calls = calls.by_service()["S3"];
    assert_eq!(
        s3_calls,
        9 + 1,
        "nine reads for the bucket, one for the missing one"
    );
    let _ = key_id;
}

#[tokio::test]
async fn read_all_finds_the_bucket_and_infers_its_zone_from_tags() {
    let aws = connect().await;
    let account = aws.caller_account().await.unwrap();
    let alias = format!("alias/{}", unique("inv-all-key"));
    let (_, key_arn) = create_key(&aws, &alias, &account).await;
    let bucket = unique("inv-all");
    create_bucket(&aws, &bucket, &key_arn).await;

    let before = aws.calls();
    let live = inventory::read_all(&aws, Options::default()).await.unwrap();
    let calls = aws.calls().since(&before);

    let b = live
        .buckets
        .iter()
        .find(|b| b.name == bucket)
        .expect("read_all lists the new bucket");
    assert_eq!(b.id, bucket);
    assert_eq!(
        b.purpose,
        BucketPurpose::Zone {
            zone: "raw".into(),
            zone_kind: ZoneKind::Raw,
            tenants: vec![]
        }
    );
    let key_id = alias.strip_prefix("alias/").unwrap();
    assert_eq!(
        b.encryption,
        Prop::Known(BucketEncryption {
            algorithm: SseAlgorithm::Kms,
            key: Some(KeyRef::Lake(key_id.into())),
            bucket_key: true,
        })
    );
    assert!(
        live.keys
            .iter()
            .any(|k| k.id == key_id && k.arn.as_deref() == Some(key_arn.as_str()))
    );
    assert_eq!(live.lake.account, account);
    assert_eq!(calls.mutating(), 0, "{:?}", calls.mutating_operations());
    // No rule reads an account's EventBridge notification settings: not one request for them.
    let notifications = calls
        .operations
        .keys()
        .filter(|(_, operation)| operation == "GetBucketNotificationConfiguration")
        .count();
    assert_eq!(notifications, 0, "{:?}", calls.operations.keys());
    assert_eq!(b.event_bridge, Prop::unknown("not read"));
}

/// Glue, Athena and Lake Formation at moto (AWS_ENDPOINT_URL_GLUE etc.).
#[tokio::test]
async fn reads_the_catalog_work_group_and_lake_formation_from_moto() {
    use aws_sdk_glue::types as g;
    let aws = connect().await;
    let db = unique_ident("inv_db");
    let table = "events";
    let crawler = unique("inv-crawler");
    let sec = unique("inv-sec");
    let wg = unique("inv-wg");
    let role_arn = "arn:aws:iam::000000000000:role/inv-crawler";

    aws.glue
        .create_database()
        .database_input(
            g::DatabaseInput::builder()
                .name(&db)
                .description("raw zone")
                .location_uri("s3://inv-raw/")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    aws.glue
        .create_table()
        .database_name(&db)
        .table_input(
            g::TableInput::builder()
                .name(table)
                .parameters("parquet.compression", "SNAPPY")
                .storage_descriptor(
                    g::StorageDescriptor::builder()
                        .location("s3://inv-raw/events/")
                        .input_format(
                            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                        )
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
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    aws.glue
        .create_security_configuration()
        .name(&sec)
        .encryption_configuration(
            g::EncryptionConfiguration::builder()
                .s3_encryption(
                    g::S3Encryption::builder()
                        .s3_encryption_mode(g::S3EncryptionMode::Ssekms)
                        .kms_key_arn("arn:aws:kms:us-east-1:000000000000:key/other")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    aws.glue
        .create_crawler()
        .name(&crawler)
        .role(role_arn)
        .database_name(&db)
        .targets(
            g::CrawlerTargets::builder()
                .s3_targets(g::S3Target::builder().path("s3://inv-raw/events/").build())
                .build(),
        )
        .crawler_security_configuration(&sec)
        .tags("lake", "inv")
        .send()
        .await
        .unwrap();
    aws.athena
        .create_work_group()
        .name(&wg)
        .description("analysts")
        .configuration(
            aws_sdk_athena::types::WorkGroupConfiguration::builder()
                .enforce_work_group_configuration(true)
                .publish_cloud_watch_metrics_enabled(true)
                .bytes_scanned_cutoff_per_query(10_000_000_000)
                .result_configuration(
                    aws_sdk_athena::types::ResultConfiguration::builder()
                        .output_location("s3://inv-results/")
                        .encryption_configuration(
                            aws_sdk_athena::types::EncryptionConfiguration::builder()
                                .encryption_option(aws_sdk_athena::types::EncryptionOption::SseS3)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build(),
        )
        .tags(
            aws_sdk_athena::types::Tag::builder()
                .key("lake")
                .value("inv")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let principal = aws_sdk_lakeformation::types::DataLakePrincipal::builder()
        .data_lake_principal_identifier("arn:aws:iam::000000000000:role/inv-analyst")
        .build();
    aws.lakeformation
        .grant_permissions()
        .principal(principal)
        .resource(
            aws_sdk_lakeformation::types::Resource::builder()
                .table_with_columns(
                    aws_sdk_lakeformation::types::TableWithColumnsResource::builder()
                        .database_name(&db)
                        .name(table)
                        .column_names("id")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .permissions(aws_sdk_lakeformation::types::Permission::Select)
        .send()
        .await
        .unwrap();

    let mut desired = empty_model();
    desired.catalog.databases = vec![desired_database(&db), desired_database("inv_no_such_db")];
    desired.catalog.tables = vec![Table {
        database: db.clone(),
        name: table.into(),
        logical_id: "T".into(),
        location: unread(),
        format: unread(),
        compression: unread(),
        columns: unread(),
        partition_keys: unread(),
        partitioning: unread(),
    }];
    desired.catalog.security_configurations = vec![SecurityConfiguration {
        name: sec.clone(),
        logical_id: "Sec".into(),
        s3_key: unread(),
        cloudwatch_key: unread(),
        bookmarks_key: unread(),
    }];
    desired.catalog.crawlers = vec![Crawler {
        name: crawler.clone(),
        logical_id: "C".into(),
        database: db.clone(),
        role: "crawler".into(),
        targets: unread(),
        schedule: unread(),
        security_configuration: unread(),
        delete_behavior: unread(),
        update_behavior: unread(),
        recrawl_behavior: unread(),
        tags: unread(),
    }];
    desired.workgroups = vec![
        desired_work_group(&wg),
        // moto answers GetWorkGroup on a missing name with 200 and no work group.
        desired_work_group(&unique("inv-no-wg")),
    ];
    let live = inventory::read(&aws, &desired, Options::default())
        .await
        .unwrap();

    assert_eq!(
        live.catalog.databases.len(),
        1,
        "the missing database is absent"
    );
    let d = &live.catalog.databases[0];
    assert_eq!(d.location, Prop::Known("s3://inv-raw/".to_string()));
    assert_eq!(d.description, Prop::Known("raw zone".to_string()));
    let t = &live.catalog.tables[0];
    assert_eq!(t.format, Prop::Known(TableFormat::Parquet));
    assert_eq!(t.compression, Prop::Known(Some(TableCompression::Snappy)));
    assert_eq!(
        t.partition_keys,
        Prop::Known(vec![Column {
            name: "dt".into(),
            kind: "date".into(),
            comment: None
        }])
    );
    let s = &live.catalog.security_configurations[0];
    assert_eq!(
        s.s3_key,
        Prop::Known(Some(KeyRef::Other(
            "arn:aws:kms:us-east-1:000000000000:key/other".into()
        )))
    );
    assert_eq!(s.cloudwatch_key, Prop::Known(None));
    let c = &live.catalog.crawlers[0];
    assert_eq!(c.role, "inv-crawler", "not a model role: its name");
    assert_eq!(
        c.targets,
        Prop::Known(vec!["s3://inv-raw/events/".to_string()])
    );
    assert_eq!(c.security_configuration, Prop::Known(Some(sec.clone())));
    // Created without a schema-change or recrawl policy: Glue's defaults.
    assert_eq!(
        c.delete_behavior,
        Prop::Known("DEPRECATE_IN_DATABASE".into())
    );
    assert_eq!(c.update_behavior, Prop::Known("UPDATE_IN_DATABASE".into()));
    assert_eq!(c.recrawl_behavior, Prop::Known("CRAWL_EVERYTHING".into()));
    assert_eq!(
        c.tags,
        Prop::Known(BTreeMap::from([("lake".into(), "inv".into())]))
    );

    assert_eq!(live.workgroups.len(), 1, "the missing work group is absent");
    let w = &live.workgroups[0];
    assert_eq!(w.enforce_configuration, Prop::Known(true));
    assert_eq!(w.metrics, Prop::Known(true));
    assert_eq!(w.bytes_scanned_cutoff, Prop::Known(Some(10_000_000_000)));
    assert_eq!(
        w.result_location,
        Prop::Known(Some("s3://inv-results/".to_string()))
    );
    assert_eq!(
        w.tags,
        Prop::Known(BTreeMap::from([("lake".into(), "inv".into())]))
    );

    assert_eq!(
        live.lake_formation.grants,
        Prop::Known(vec![LfGrant {
            principal: "arn:aws:iam::000000000000:role/inv-analyst".into(),
            database: db.clone(),
            table: Some(table.into()),
            columns: vec!["id".into()],
            permissions: vec!["SELECT".into()],
        }])
    );
}

/// LocalStack community has no Glue, Athena, Lake Formation or CloudTrail: with every service
/// pointed at it, those properties are unknown with the reason, and the read still succeeds.
#[tokio::test]
async fn services_the_endpoint_lacks_are_unknown_with_the_reason() {
    let local = local_aws();
    let config = SdkConfig::builder()
        .region(Region::new(REGION))
        .endpoint_url(local.endpoint())
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "test", "test", None, None, "tests",
        )))
        .behavior_version(BehaviorVersion::latest())
        .build();
    let aws = Aws::from_config(config);
    let mut desired = empty_model();
    desired.catalog.databases = vec![desired_database("inv_db")];
    desired.workgroups = vec![desired_work_group("inv-wg")];
    let live = inventory::read(&aws, &desired, Options::default())
        .await
        .unwrap();

    let glue = format!(
        "glue is not offered by the endpoint {} (HTTP 501); set AWS_ENDPOINT_URL_GLUE to an \
         endpoint that has it",
        local.endpoint()
    );
    assert_eq!(
        live.catalog.encryption,
        Prop::<CatalogEncryption>::unknown(&glue)
    );
    assert_eq!(
        live.catalog.databases[0].location,
        Prop::<String>::unknown(&glue)
    );
    assert_eq!(
        live.workgroups[0].enforce_configuration,
        Prop::<bool>::unknown(format!(
            "athena is not offered by the endpoint {} (HTTP 501); set \
             AWS_ENDPOINT_URL_ATHENA to an endpoint that has it",
            local.endpoint()
        ))
    );
    assert_eq!(
        live.lake_formation.admins,
        Prop::<Vec<String>>::unknown(format!(
            "lakeformation is not offered by the endpoint {} (HTTP 501); set \
             AWS_ENDPOINT_URL_LAKEFORMATION to an endpoint that has it",
            local.endpoint()
        ))
    );
    assert_eq!(
        live.account.unwrap().trails.reason(),
        Some(
            format!(
                "cloudtrail is not offered by the endpoint {} (HTTP 501); set \
                 AWS_ENDPOINT_URL_CLOUDTRAIL to an endpoint that has it",
                local.endpoint()
            )
            .as_str()
        )
    );
}

#[tokio::test]
async fn an_endpoint_that_is_down_fails_the_read_with_one_sentence() {
    local_aws();
    let args = AwsSettings {
        endpoint_url: Some("http://127.0.0.1:9".into()),
        ..AwsSettings::default()
    };
    let aws = Aws::connect_with(&args, Some(REGION), ConnectOptions { max_attempts: 1 })
        .await
        .unwrap();
    let err = inventory::read(&aws, &empty_model(), Options::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "connection refused by http://127.0.0.1:9 (sts:GetCallerIdentity); is the endpoint \
         running? (for the local emulators: `eval \"$(localstack/up)\"`)"
    );
}

#[tokio::test]
async fn reads_a_kms_encrypted_stream_and_a_direct_put_delivery_stream() {
    use lakectl::model::{Compression, DeliveryStream, Stream, StreamMode};
    let aws = connect().await;
    let account = aws.caller_account().await.unwrap();
    let alias = format!("alias/{}", unique("inv-streams-key"));
    let (_, key_arn) = create_key(&aws, &alias, &account).await;
    let bucket = unique("inv-landing");
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let stream = unique("inv-stream");
    aws.kinesis
        .create_stream()
        .stream_name(&stream)
        .shard_count(2)
        .send()
        .await
        .unwrap();
    wait_until_active(&aws.kinesis, &stream).await;
    aws.kinesis
        .start_stream_encryption()
        .stream_name(&stream)
        .encryption_type(aws_sdk_kinesis::types::EncryptionType::Kms)
        .key_id(&alias)
        .send()
        .await
        .unwrap();
    wait_until_active(&aws.kinesis, &stream).await;
    aws.kinesis
        .enable_enhanced_monitoring()
        .stream_name(&stream)
        .shard_level_metrics(aws_sdk_kinesis::types::MetricsName::IteratorAgeMilliseconds)
        .shard_level_metrics(aws_sdk_kinesis::types::MetricsName::IncomingBytes)
        .send()
        .await
        .unwrap();
    wait_until_active(&aws.kinesis, &stream).await;
    let delivery = unique("inv-delivery");
    aws.firehose
        .create_delivery_stream()
        .delivery_stream_name(&delivery)
        .extended_s3_destination_configuration(
            aws_sdk_firehose::types::ExtendedS3DestinationConfiguration::builder()
                .role_arn(format!("arn:aws:iam::{account}:role/inv-ingest"))
                .bucket_arn(format!("arn:aws:s3:::{bucket}"))
                .prefix("events/")
                .error_output_prefix("errors/")
                .cloud_watch_logging_options(
                    aws_sdk_firehose::types::CloudWatchLoggingOptions::builder()
                        .enabled(true)
                        .log_group_name("/team/delivery-errors")
                        .log_stream_name("S3Delivery")
                        .build(),
                )
                .compression_format(aws_sdk_firehose::types::CompressionFormat::Gzip)
                .buffering_hints(
                    aws_sdk_firehose::types::BufferingHints::builder()
                        .size_in_mbs(64)
                        .interval_in_seconds(300)
                        .build(),
                )
                .encryption_configuration(
                    aws_sdk_firehose::types::EncryptionConfiguration::builder()
                        .kms_encryption_config(
                            aws_sdk_firehose::types::KmsEncryptionConfig::builder()
                                .awskms_key_arn(&key_arn)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let mut desired = empty_model();
    desired.keys = vec![desired_key("streams", &alias)];
    desired.buckets = vec![desired_bucket("raw", &bucket)];
    desired.streams = vec![Stream {
        id: "clicks".into(),
        logical_id: "StreamClicks".into(),
        name: stream.clone(),
        mode: unread(),
        shards: unread(),
        retention_hours: unread(),
        encryption: unread(),
        shard_metrics: unread(),
        tags: unread(),
        load: unread(),
    }];
    desired.delivery_streams = vec![DeliveryStream {
        id: "clicks".into(),
        logical_id: "DeliveryClicks".into(),
        name: delivery.clone(),
        source_stream: None,
        bucket: "raw".into(),
        role: "ingest".into(),
        prefix: unread(),
        error_prefix: unread(),
        buffering_mb: unread(),
        buffering_seconds: unread(),
        compression: unread(),
        destination_key: unread(),
        sse: unread(),
        format_conversion: unread(),
        dynamic_partitioning: unread(),
        error_logging: unread(),
        transform: unread(),
        tags: unread(),
    }];
    // A day and a half of writes, the last hour twice the others' and throttled.
    let load = Load {
        hours: 36,
        share: 0.2,
        peak_to_mean: 2.0,
        throttled: 3.0,
    };
    seed_load(&aws.cloudwatch, &stream, load).await;
    let live = inventory::read(&aws, &desired, Options::default())
        .await
        .unwrap();

    let s = &live.streams[0];
    // Two shards with writes: the hours are read too.
    let read = s.load.known().expect("the stream's load is read");
    let hours = read
        .hourly
        .as_ref()
        .expect("hourly load of a two-shard stream");
    let peak = 0.2 * 1024.0 * 1024.0 * 3600.0;
    let total = peak + 35.0 * peak / 2.0;
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b;
    assert_eq!(
        (
            hours.active_hours,
            hours.peak_hour.bytes,
            read.throttled_writes
        ),
        (36, peak, 3)
    );
    assert!(close(read.total.bytes, total), "{read:?}");
    assert!(close(hours.mean_hour.bytes, total / 36.0), "{read:?}");
    // Records at the window's average size: the seeder writes 1 KiB records.
    assert!(close(hours.peak_hour.records, peak / 1024.0), "{read:?}");
    assert_eq!(s.mode, Prop::Known(StreamMode::Provisioned));
    assert_eq!(s.shards, Prop::Known(Some(2)));
    assert_eq!(s.retention_hours, Prop::Known(24));
    assert_eq!(
        s.encryption,
        Prop::Known(Some(KeyRef::Lake("streams".into())))
    );
    assert_eq!(
        s.shard_metrics,
        Prop::Known(std::collections::BTreeSet::from([
            lakectl::model::ShardMetric::IncomingBytes,
            lakectl::model::ShardMetric::IteratorAgeMilliseconds,
        ]))
    );
    let d = &live.delivery_streams[0];
    assert_eq!(d.bucket, "raw", "the model id of the destination bucket");
    assert_eq!(d.role, "inv-ingest", "not a model role: its name");
    assert_eq!(d.source_stream, None);
    assert_eq!(d.prefix, Prop::Known("events/".to_string()));
    assert_eq!(d.error_prefix, Prop::Known("errors/".to_string()));
    assert_eq!(d.buffering_mb, Prop::Known(64));
    assert_eq!(d.buffering_seconds, Prop::Known(300));
    assert_eq!(d.compression, Prop::Known(Compression::Gzip));
    assert_eq!(
        d.destination_key,
        Prop::Known(Some(KeyRef::Lake("streams".into())))
    );
    assert_eq!(d.format_conversion, Prop::Known(None));
    assert_eq!(d.dynamic_partitioning, Prop::Known(None));
    assert_eq!(
        d.error_logging,
        Prop::Known(Some(lakectl::model::ErrorLogging {
            group: "/team/delivery-errors".into(),
            stream: "S3Delivery".into(),
        }))
    );
    assert_eq!(d.transform, Prop::Known(None));
}

/// A reference blueprint that was never deployed: every named resource is absent, the
/// account-level settings are read, and the read costs a bounded number of calls.
#[tokio::test]
async fn an_undeployed_blueprint_reads_as_absent_resources() {
    let aws = connect().await;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints/data-lake.yaml");
    let (blueprint, _) = lakectl::load::file(&path, None).expect("the reference blueprint loads");
    let mut desired = lakectl::compile::compile(&blueprint, &Default::default());
    // A lake name no other test uses, so nothing of it exists.
    let suffix = unique("x");
    for b in &mut desired.buckets {
        b.name = format!("{}-{suffix}", b.name.replace("${AWS::AccountId}", "0"));
        b.name.truncate(63);
    }
    for k in &mut desired.keys {
        k.alias = format!("{}-{suffix}", k.alias);
    }
    let before = aws.calls();
    let live = inventory::read(&aws, &desired, Options::default())
        .await
        .unwrap();
    let calls = aws.calls().since(&before);
    assert!(live.keys.is_empty());
    assert!(live.buckets.is_empty());
    assert_eq!(calls.mutating(), 0, "{:?}", calls.mutating_operations());
    let ops = calls
        .operations
        .iter()
        .filter(|((service, _), _)| service == "S3")
        .map(|((_, op), count)| (op.as_str(), count.calls))
        .collect::<Vec<_>>();
    assert_eq!(
        ops,
        vec![("GetBucketEncryption", desired.buckets.len() as u64)],
        "one S3 call per missing bucket"
    );
}

/// moto pages ListStreams the API's older way: `HasMoreStreams` after 10 names, no `NextToken`.
/// The inventory goes on from the last name instead of stopping at a partial listing.
#[tokio::test]
async fn lists_every_stream_when_a_page_has_more_but_no_token() {
    const REGION: &str = "ap-south-2";
    let moto = local_aws().endpoint_for("glue").to_string();
    let settings = AwsSettings {
        endpoint_url: Some(moto),
        ..AwsSettings::default()
    };
    let aws = Aws::connect(&settings, Some(REGION))
        .await
        .expect("the emulators' configuration loads");
    let prefix = unique("inv-page");
    let names: Vec<String> = (0..12).map(|i| format!("{prefix}-{i:02}")).collect();
    for name in &names {
        aws.kinesis
            .create_stream()
            .stream_name(name)
            .shard_count(1)
            .send()
            .await
            .unwrap();
    }
    let model = inventory::read_all(&aws, Options::default()).await.unwrap();
    let listed: Vec<&str> = model
        .streams
        .iter()
        .map(|s| s.name.as_str())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    assert_eq!(listed.len(), names.len(), "{listed:?}");
}

/// moto keeps no hybrid access mode: RegisterResource ignores `HybridAccessEnabled`,
/// ListResources never returns it, and it has no UpdateResource (HTTP 404). LK-LF-005 and deploy's switch
/// back to Lake Formation mode are therefore tested without AWS (the rule's and the plan's unit
/// tests, and apply's property coverage), and the inventory reads every moto location as in
/// Lake Formation mode, as this shows.
#[tokio::test]
async fn moto_keeps_no_hybrid_access_mode() {
    let aws = connect().await;
    let arn = format!("arn:aws:s3:::{}", unique("inv-hybrid"));
    aws.lakeformation
        .register_resource()
        .resource_arn(&arn)
        .use_service_linked_role(true)
        .hybrid_access_enabled(true)
        .send()
        .await
        .unwrap();
    let live = inventory::read_all(&aws, Options::default()).await.unwrap();
    let registered = live.lake_formation.registered_locations.known().unwrap();
    assert!(registered.contains(&arn), "{registered:?}");
    assert_eq!(live.lake_formation.hybrid_locations, Prop::Known(vec![]));
    let err = aws
        .lakeformation
        .update_resource()
        .resource_arn(&arn)
        .role_arn(
            "arn:aws:iam::000000000000:role/aws-service-role/lakeformation.amazonaws.com/\
             AWSServiceRoleForLakeFormationDataAccess",
        )
        .hybrid_access_enabled(false)
        .send()
        .await
        .unwrap_err();
    let status = err.raw_response().map(|r| r.status().as_u16());
    assert_eq!(status, Some(404), "{err:?}");
}
