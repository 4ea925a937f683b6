//! Test fixtures: a small lake model, built by hand, that passes every rule. Rule tests break
//! one property of it at a time.

use std::collections::BTreeMap;

use crate::audit::rule::{Outcome, Results, Rule};
use crate::model::policy::{Principal, Statement};
use crate::model::*;

pub const ACCOUNT: &str = "123456789012";

pub fn lake_tags() -> Tags {
    BTreeMap::from([
        ("cost-center".to_string(), "analytics".to_string()),
        ("owner".to_string(), "data-platform".to_string()),
    ])
}

fn key(id: &str, logical_id: &str) -> Key {
    Key {
        id: id.into(),
        logical_id: logical_id.into(),
        alias: format!("alias/retail-prod-{id}"),
        description: format!("retail prod {id}"),
        arn: None,
        rotation: Prop::Known(true),
        state: Prop::Known(KeyState::Enabled),
        customer_managed: Prop::Known(true),
        policy: Prop::Known(PolicyDocument::new(vec![
            Statement::allow(
                "AccountAdministers",
                &["kms:Describe*", "kms:Put*", "kms:ScheduleKeyDeletion"],
                vec!["*".into()],
            )
            .principal(Principal::aws(vec![format!("arn:aws:iam::{ACCOUNT}:root")])),
        ])),
        deletion_window_days: 30,
        tags: Prop::Known(lake_tags()),
    }
}

pub fn bucket_name(id: &str) -> String {
    format!("retail-{id}-prod-{ACCOUNT}-us-east-1")
}

/// The TLS-only statements every lake bucket carries.
pub fn transport_statements(arn: &str) -> Vec<Statement> {
    let both = vec![arn.to_string(), format!("{arn}/*")];
    vec![
        Statement::deny("DenyInsecureTransport", &["s3:*"], both.clone())
            .principal(Principal::any())
            .when("Bool", "aws:SecureTransport", &["false"]),
        Statement::deny("DenyOldTls", &["s3:*"], both)
            .principal(Principal::any())
            .when("NumericLessThan", "s3:TlsVersion", &["1.2"]),
    ]
}

/// The statements refusing uploads encrypted with anything but the zone key.
pub fn encryption_statements(arn: &str, key_logical_id: &str) -> Vec<Statement> {
    let objects = vec![format!("{arn}/*")];
    vec![
        Statement::deny("DenyNonKmsEncryption", &["s3:PutObject"], objects.clone())
            .principal(Principal::any())
            .when(
                "StringNotEquals",
                "s3:x-amz-server-side-encryption",
                &["aws:kms"],
            ),
        Statement::deny("DenyOtherKmsKeys", &["s3:PutObject"], objects)
            .principal(Principal::any())
            .when(
                "StringNotEquals",
                "s3:x-amz-server-side-encryption-aws-kms-key-id",
                &[&refs::arn_token(key_logical_id)],
            ),
    ]
}

fn lifecycle() -> Vec<LifecycleRule> {
    vec![LifecycleRule {
        id: "tiering".into(),
        enabled: true,
        prefix: String::new(),
        transitions: vec![LifecycleTransition {
            days: 30,
            storage_class: "STANDARD_IA".into(),
        }],
        expiration_days: None,
        noncurrent_expiration_days: Some(90),
        abort_incomplete_multipart_days: Some(7),
    }]
}

fn zone_bucket(zone: &str, kind: ZoneKind) -> Bucket {
    let name = bucket_name(zone);
    let arn = format!("arn:aws:s3:::{name}");
    let key_logical_id = format!("Key{}", naming::logical_id(zone));
    let mut statements = transport_statements(&arn);
    statements.extend(encryption_statements(&arn, &key_logical_id));
    Bucket {
        id: zone.into(),
        logical_id: format!("Bucket{}", naming::logical_id(zone)),
        purpose: BucketPurpose::Zone {
            zone: zone.into(),
            zone_kind: kind,
            tenants: vec![],
        },
        name,
        encryption: Prop::Known(BucketEncryption {
            algorithm: SseAlgorithm::Kms,
            key: Some(KeyRef::Lake(zone.into())),
            bucket_key: true,
        }),
        public_access_block: Prop::Known(PublicAccessBlock::ALL_ON),
        ownership: Prop::Known(ObjectOwnership::BucketOwnerEnforced),
        versioning: Prop::Known(Versioning::Enabled),
        lifecycle: Prop::Known(lifecycle()),
        logging: Prop::Known(Some(BucketLogging {
            target_bucket: bucket_name("access-logs"),
            target_prefix: format!("{zone}/"),
        })),
        policy: Prop::Known(Some(PolicyDocument::new(statements))),
        event_bridge: Prop::Known(false),
        tags: Prop::Known(lake_tags()),
    }
}

fn service_bucket(id: &str, purpose: BucketPurpose, encryption: BucketEncryption) -> Bucket {
    let name = bucket_name(id);
    let arn = format!("arn:aws:s3:::{name}");
    Bucket {
        id: id.into(),
        logical_id: format!("Bucket{}", naming::logical_id(id)),
        purpose: purpose.clone(),
        name,
        encryption: Prop::Known(encryption),
        public_access_block: Prop::Known(PublicAccessBlock::ALL_ON),
        ownership: Prop::Known(ObjectOwnership::BucketOwnerEnforced),
        versioning: Prop::Known(Versioning::Disabled),
        lifecycle: Prop::Known({
            let mut rules = lifecycle();
            // Query results are transient (LK-S3-016).
            if purpose == BucketPurpose::AthenaResults {
                rules[0].expiration_days = Some(30);
            }
            rules
        }),
        logging: Prop::Known(if id == "access-logs" {
            None
        } else {
            Some(BucketLogging {
                target_bucket: bucket_name("access-logs"),
                target_prefix: format!("{id}/"),
            })
        }),
        policy: Prop::Known(Some(PolicyDocument::new(transport_statements(&arn)))),
        event_bridge: Prop::Known(false),
        tags: Prop::Known(lake_tags()),
    }
}

fn column(name: &str, kind: &str) -> Column {
    Column {
        name: name.into(),
        kind: kind.into(),
        comment: None,
    }
}

pub fn table(database: &str, name: &str) -> Table {
    Table {
        database: database.into(),
        name: name.into(),
        logical_id: format!("Table{}", naming::logical_id(name)),
        location: Prop::Known(format!("s3://{}/{name}/", bucket_name("curated"))),
        format: Prop::Known(TableFormat::Parquet),
        compression: Prop::Known(Some(TableCompression::Snappy)),
        columns: Prop::Known(vec![column("id", "bigint")]),
        partition_keys: Prop::Known(vec![column("dt", "date")]),
        partitioning: Prop::Known(vec![]),
    }
}

fn role(id: &str, purpose: RolePurpose) -> Role {
    Role {
        id: id.into(),
        logical_id: format!("Role{}", naming::logical_id(id)),
        name: format!("retail-prod-{id}"),
        purpose: Some(purpose),
        trust: Prop::Known(PolicyDocument::new(vec![
            Statement::allow("Trust", &["sts:AssumeRole"], vec![])
                .principal(Principal::service("firehose.amazonaws.com")),
        ])),
        policy: Prop::Known(Some(PolicyDocument::new(vec![
            Statement::allow(
                "Write",
                &["s3:PutObject", "s3:GetBucketLocation"],
                vec![
                    format!("arn:aws:s3:::{}", bucket_name("raw")),
                    format!("arn:aws:s3:::{}/*", bucket_name("raw")),
                ],
            ),
            Statement::allow(
                "DataAccess",
                &["lakeformation:GetDataAccess"],
                vec!["*".into()],
            ),
        ]))),
        other_policies: Prop::Known(vec![]),
        managed_policies: Prop::Known(vec![]),
        tags: Prop::Known(lake_tags()),
    }
}

/// A lake that passes every rule: three zones with their own keys, the log and results
/// buckets, a stream feeding a delivery stream, a catalog with one curated table and a
/// crawler, one work group, Lake Formation without the IAM default, one role. No account
/// settings, as for a blueprint.
pub fn compliant_model() -> Model {
    let mut model = unmonitored_model();
    model.alarms = lake_alarms(&model);
    model
}

/// The topic the compliant lake's alarms notify.
pub const ONCALL: &str = "arn:aws:sns:us-east-1:123456789012:oncall";

/// The alarms lakectl compiles for the model's pipeline, notifying [`ONCALL`].
pub fn lake_alarms(model: &Model) -> Vec<LakeAlarm> {
    model
        .pipeline()
        .flat_map(|(kind, name)| {
            Signal::of(kind).iter().map(move |&signal| {
                let alarm = naming::alarm(name, signal.slug());
                LakeAlarm {
                    logical_id: format!("Alarm{}", naming::logical_id(&alarm)),
                    name: alarm,
                    signal,
                    resource: name.to_string(),
                    definition: Prop::Known(AlarmDefinition {
                        metric: signal.metric_of(name),
                        statistic: "Maximum".into(),
                        period_seconds: 60,
                        evaluation_periods: 5,
                        comparison: "GreaterThanThreshold".into(),
                        threshold: 0.0,
                        treat_missing_data: "notBreaching".into(),
                    }),
                    actions: Prop::Known(AlarmActions {
                        enabled: true,
                        alarm: vec![ONCALL.into()],
                        ok: vec![ONCALL.into()],
                    }),
                    tags: Prop::Known(model.lake.tags.clone()),
                }
            })
        })
        .collect()
}

/// The error log group of the model's delivery stream.
pub const DELIVERY_LOG_GROUP: &str = "/aws/kinesisfirehose/retail-prod-clicks-to-raw";

fn unmonitored_model() -> Model {
    let catalog_key = KeyRef::Lake("catalog".into());
    Model {
        lake: LakeInfo {
            name: "retail".into(),
            environment: "prod".into(),
            region: "us-east-1".into(),
            account: ACCOUNT.into(),
            partition: "aws".into(),
            owner: "data-platform".into(),
            tags: lake_tags(),
        },
        keys: vec![
            key("raw", "KeyRaw"),
            key("cleansed", "KeyCleansed"),
            key("curated", "KeyCurated"),
            key("streams", "KeyStreams"),
            key("catalog", "KeyCatalog"),
        ],
        buckets: vec![
            zone_bucket("raw", ZoneKind::Raw),
            zone_bucket("cleansed", ZoneKind::Cleansed),
            zone_bucket("curated", ZoneKind::Curated),
            service_bucket(
                "access-logs",
                BucketPurpose::AccessLogs,
                BucketEncryption {
                    algorithm: SseAlgorithm::Aes256,
                    key: None,
                    bucket_key: false,
                },
            ),
            service_bucket(
                "athena-results",
                BucketPurpose::AthenaResults,
                BucketEncryption {
                    algorithm: SseAlgorithm::Kms,
                    key: Some(catalog_key.clone()),
                    bucket_key: true,
                },
            ),
        ],
        streams: vec![Stream {
            id: "clicks".into(),
            logical_id: "StreamClicks".into(),
            name: "retail-prod-clicks".into(),
            mode: Prop::Known(StreamMode::OnDemand),
            shards: Prop::Known(None),
            retention_hours: Prop::Known(168),
            encryption: Prop::Known(Some(KeyRef::Lake("streams".into()))),
            shard_metrics: Prop::Known(ShardMetric::ALL.into_iter().collect()),
            tags: Prop::Known(lake_tags()),
            // Spiky, as on-demand suits: a busy hour at ten times the mean.
            load: Prop::Known(StreamLoad {
                throttled_writes: 0,
                total: Written {
                    bytes: 6.0e10,
                    records: 3.0e7,
                },
                hourly: Some(HourlyLoad {
                    active_hours: 150,
                    peak_hour: Written {
                        bytes: 2.0e9,
                        records: 1.0e6,
                    },
                    mean_hour: Written {
                        bytes: 2.0e8,
                        records: 1.0e5,
                    },
                }),
            }),
        }],
        delivery_streams: vec![DeliveryStream {
            id: "clicks-to-raw".into(),
            logical_id: "DeliveryClicksToRaw".into(),
            name: "retail-prod-clicks-to-raw".into(),
            source_stream: Some("retail-prod-clicks".into()),
            bucket: "raw".into(),
            role: "ingest".into(),
            prefix: Prop::Known("clicks/".into()),
            error_prefix: Prop::Known("errors/clicks/".into()),
            buffering_mb: Prop::Known(64),
            buffering_seconds: Prop::Known(300),
            compression: Prop::Known(Compression::Gzip),
            destination_key: Prop::Known(Some(KeyRef::Lake("raw".into()))),
            sse: Prop::Known(None),
            format_conversion: Prop::Known(None),
            dynamic_partitioning: Prop::Known(None),
            error_logging: Prop::Known(Some(ErrorLogging {
                group: DELIVERY_LOG_GROUP.into(),
                stream: logs::DELIVERY_LOG_STREAM.into(),
            })),
            transform: Prop::Known(None),
            tags: Prop::Known(lake_tags()),
        }],
        catalog: Catalog {
            encryption: Prop::Known(CatalogEncryption {
                metadata_key: Some(catalog_key.clone()),
                connection_password_key: Some(catalog_key.clone()),
            }),
            security_configurations: vec![SecurityConfiguration {
                name: "retail-prod-glue".into(),
                logical_id: "GlueSecurityConfiguration".into(),
                s3_key: Prop::Known(Some(catalog_key.clone())),
                cloudwatch_key: Prop::Known(Some(catalog_key.clone())),
                bookmarks_key: Prop::Known(Some(catalog_key)),
            }],
            databases: vec![Database {
                name: "retail_prod_curated".into(),
                logical_id: "DatabaseRetailProdCurated".into(),
                zone: "curated".into(),
                location: Prop::Known(format!("s3://{}/", bucket_name("curated"))),
                description: Prop::Known("curated".into()),
                table_defaults: Prop::Known(vec![]),
            }],
            tables: vec![table("retail_prod_curated", "orders")],
            crawlers: vec![Crawler {
                name: "retail-prod-orders".into(),
                logical_id: "CrawlerOrders".into(),
                database: "retail_prod_curated".into(),
                role: "crawl".into(),
                targets: Prop::Known(vec![format!("s3://{}/orders/", bucket_name("curated"))]),
                schedule: Prop::Known(None),
                security_configuration: Prop::Known(Some("retail-prod-glue".into())),
                delete_behavior: Prop::Known(delete_behavior::DEPRECATE.into()),
                update_behavior: Prop::Known(update_behavior::UPDATE.into()),
                recrawl_behavior: Prop::Known(recrawl_behavior::EVERYTHING.into()),
                tags: Prop::Known(lake_tags()),
            }],
            jobs: vec![compliant_job()],
            workflows: vec![],
            connections: vec![compliant_connection()],
        },
        workgroups: vec![WorkGroup {
            name: "retail-prod-analysts".into(),
            logical_id: "WorkGroupAnalysts".into(),
            description: Prop::Known("analysts".into()),
            enforce_configuration: Prop::Known(true),
            result_location: Prop::Known(Some(format!(
                "s3://{}/analysts/",
                bucket_name("athena-results")
            ))),
            result_encryption: Prop::Known(Some(ResultEncryption {
                option: "SSE_KMS".into(),
                key: Some(KeyRef::Lake("catalog".into())),
            })),
            bytes_scanned_cutoff: Prop::Known(Some(10 * 1024 * 1024 * 1024)),
            metrics: Prop::Known(true),
            engine_version: Prop::Known(crate::model::ATHENA_ENGINE_V3.to_string()),
            tags: Prop::Known(lake_tags()),
        }],
        lake_formation: LakeFormation {
            admins: Prop::Known(vec![format!(
                "arn:aws:iam::{ACCOUNT}:role/retail-prod-admin"
            )]),
            create_database_default: Prop::Known(vec![]),
            create_table_default: Prop::Known(vec![]),
            registered_locations: Prop::Known(
                ["raw", "cleansed", "curated"]
                    .map(|zone| format!("arn:aws:s3:::{}", bucket_name(zone)))
                    .into(),
            ),
            hybrid_locations: Prop::Known(vec![]),
            grants: Prop::Known(vec![]),
            tags: Prop::Known(vec![]),
            tag_assignments: Prop::Known(vec![]),
            tag_grants: Prop::Known(vec![]),
            data_cells_filters: Prop::Known(vec![]),
            filter_grants: Prop::Known(vec![]),
        },
        roles: vec![role("ingest", RolePurpose::Ingestion)],
        event_rules: vec![],
        trail: Some(lake_trail()),
        alarms: vec![],
        log_groups: vec![LakeLogGroup {
            id: "clicks-to-raw".into(),
            logical_id: "LogGroupClicksToRaw".into(),
            name: DELIVERY_LOG_GROUP.into(),
            retention_days: Prop::Known(Some(logs::DELIVERY_LOG_RETENTION_DAYS)),
            key: Prop::Known(Some(KeyRef::Lake("streams".into()))),
            streams: Prop::Known([logs::DELIVERY_LOG_STREAM.to_string()].into()),
            tags: Prop::Known(lake_tags()),
        }],
        account: None,
    }
}

/// Adds a workflow started by new objects, as lakectl derives it: the rule
/// `retail-prod-pos-start` targeting workflow `retail-prod-pos` through role `pos-events`, which
/// may only notify it.
pub fn with_event_rule(model: &mut Model) {
    let arns = Arns::of(&model.lake);
    let workflow = arns.glue_workflow("retail-prod-pos");
    let rule = "retail-prod-pos-start";
    let mut events_role = role("pos-events", RolePurpose::Etl);
    events_role.purpose = None;
    events_role.trust = Prop::Known(policies::events_trust_policy(
        &model.lake,
        &arns.event_rule(rule),
    ));
    events_role.policy = Prop::Known(Some(policies::notify_workflow_policy(&workflow)));
    model.event_rules.push(EventRule {
        name: rule.into(),
        logical_id: "EventRulePos".into(),
        workflow: "retail-prod-pos".into(),
        role: "pos-events".into(),
        pattern: Prop::Known(EventPattern::ObjectCreated(ObjectCreatedPattern {
            bucket: bucket_name("raw"),
            prefix: "pos/".into(),
        })),
        targets: Prop::Known(vec![RuleTarget {
            id: "workflow".into(),
            arn: workflow,
            role_arn: Some(arns.role(&events_role.name)),
        }]),
        enabled: Prop::Known(true),
        tags: Prop::Known(lake_tags()),
    });
    model.roles.push(events_role);
}

/// Account settings that pass every account rule: public access blocked, one trail logging
/// data events of every bucket.
pub fn compliant_account() -> AccountSettings {
    AccountSettings {
        global: true,
        unlisted: Vec::new(),
        public_access_block: Prop::Known(Some(PublicAccessBlock::ALL_ON)),
        alarms: Prop::Known(vec![]),
        log_groups: Prop::Known(vec![LogGroup {
            name: DELIVERY_LOG_GROUP.into(),
            retention_days: Some(logs::DELIVERY_LOG_RETENTION_DAYS),
        }]),
        trails: Prop::Known(vec![Trail {
            name: "org-trail".into(),
            logging: true,
            s3_data_events: vec!["arn:aws:s3".into()],
            multi_region: true,
            log_file_validation: true,
            kms_key: Some(format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/org-trail")),
            management_events: ManagementEvents::All,
            bucket: "org-trail-logs".into(),
            prefix: None,
        }]),
    }
}

/// The trail lakectl compiles for the lake: `retail-prod-trail`, management events and the
/// three zone buckets' data events, into the access-log bucket under `cloudtrail`, encrypted
/// with the platform key, validated, multi-region, logging.
pub fn lake_trail() -> LakeTrail {
    let zones = ["cleansed", "curated", "raw"];
    LakeTrail {
        name: "retail-prod-trail".into(),
        logical_id: "Trail".into(),
        bucket: Prop::Known(bucket_name("access-logs")),
        prefix: Prop::Known("cloudtrail".into()),
        key: Prop::Known(Some(KeyRef::Lake(PLATFORM_KEY.into()))),
        multi_region: Prop::Known(true),
        log_file_validation: Prop::Known(true),
        selectors: Prop::Known(TrailSelectors {
            management: ManagementEvents::All,
            s3_data_buckets: zones
                .iter()
                .map(|z| format!("arn:aws:s3:::{}", bucket_name(z)))
                .collect(),
        }),
        logging: Prop::Known(true),
        tags: Prop::Known(lake_tags()),
    }
}

pub fn pass(name: &str) -> (String, Outcome) {
    (name.to_string(), Outcome::Pass)
}

/// Runs one rule; outcomes as (resource name, outcome), in check order.
/// A Glue job as lakectl deploys one: retries, a timeout, bookmarks, a delay notification,
/// metrics, continuous logs, auto scaling and the lake's security configuration.
pub fn compliant_job() -> Job {
    use crate::model::job_arguments as args;
    let arguments = [
        (args::BOOKMARKS, args::BOOKMARKS_ON),
        (args::METRICS, "true"),
        (args::CONTINUOUS_LOGS, "true"),
        (args::LANGUAGE, "python"),
        (args::AUTO_SCALING, "true"),
    ];
    Job {
        logical_id: "JobClean".into(),
        role: "etl".into(),
        // A versioned bucket of the model (LK-GLUE-014); the fixture has no scripts bucket.
        script_location: Prop::Known(format!(
            "s3://{}/scripts/0123456789abcdef/clean.py",
            bucket_name("curated")
        )),
        glue_version: Prop::Known("5.0".into()),
        worker_type: Prop::Known(Some("G.1X".into())),
        workers: Prop::Known(Some(2)),
        execution_class: Prop::Known(ExecutionClass::Standard),
        timeout_minutes: Prop::Known(Some(60)),
        max_retries: Prop::Known(1),
        notify_delay_minutes: Prop::Known(Some(30)),
        arguments: Prop::Known(
            arguments
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ),
        security_configuration: Prop::Known(Some("retail-prod-glue".into())),
        tags: Prop::Known(lake_tags()),
        ..Job::unread("retail-prod-clean")
    }
}

/// A JDBC connection that enforces SSL and takes its credentials from Secrets Manager.
pub fn compliant_connection() -> Connection {
    Connection {
        name: "retail-prod-orders-db".into(),
        logical_id: "ConnectionRetailProdOrdersDb".into(),
        connection_type: Prop::Known(ConnectionType::Jdbc),
        properties: Prop::Known(ConnectionProperties {
            jdbc_host: Some("orders.internal:5432".into()),
            jdbc_enforce_ssl: true,
            kafka_ssl_enabled: None,
            secret_id: true,
            stored_user_name: None,
        }),
    }
}

/// The known properties of the model's first connection, to misconfigure in a test.
pub fn connection_properties(model: &mut Model) -> &mut ConnectionProperties {
    let Prop::Known(p) = &mut model.catalog.connections[0].properties else {
        unreachable!("the compliant model's connection properties are known")
    };
    p
}

pub fn outcomes(rule: &Rule, model: &Model) -> Vec<(String, Outcome)> {
    let mut results = Results::default();
    (rule.check)(model, &mut results);
    results
        .items
        .into_iter()
        .map(|(resource, outcome)| (resource.name, outcome))
        .collect()
}

/// Runs one rule in `scope` under `policy`; outcomes as (resource name, outcome).
pub fn outcomes_in(
    rule: &Rule,
    model: &Model,
    scope: crate::audit::Scope,
    policy: crate::audit::AuditPolicy,
) -> Vec<(String, Outcome)> {
    let mut results = Results::new(scope, policy);
    (rule.check)(model, &mut results);
    results
        .items
        .into_iter()
        .map(|(resource, outcome)| (resource.name, outcome))
        .collect()
}

/// The compliant model as `audit --all` reads an account: no lake name, every customer managed
/// key and bucket under its own name, the account's settings read.
pub fn account_model() -> Model {
    let mut model = compliant_model();
    model.lake.name = String::new();
    model.lake.environment = String::new();
    model.lake.tags = Tags::new();
    let mut settings = compliant_account();
    // The region's alarms are the lake's, read as any alarm of the account.
    let alarms = model.alarms.iter().map(LakeAlarm::as_metric_alarm);
    settings.alarms = Prop::Known(alarms.collect::<Result<_, _>>().expect("known alarms"));
    model.account = Some(settings);
    model
}

/// Only the failures and unknowns of one rule in account scope under `policy`.
pub fn account_problems(
    rule: &Rule,
    model: &Model,
    policy: crate::audit::AuditPolicy,
) -> Vec<(String, Outcome)> {
    outcomes_in(rule, model, crate::audit::Scope::Account, policy)
        .into_iter()
        .filter(|(_, o)| *o != Outcome::Pass)
        .collect()
}

/// Only the outcomes that are not a pass.
pub fn problems(rule: &Rule, model: &Model) -> Vec<(String, Outcome)> {
    outcomes(rule, model)
        .into_iter()
        .filter(|(_, o)| *o != Outcome::Pass)
        .collect()
}

pub fn fail(name: &str, message: &str) -> (String, Outcome) {
    (name.to_string(), Outcome::Fail(message.to_string()))
}

pub fn unknown(name: &str, reason: &str) -> (String, Outcome) {
    (name.to_string(), Outcome::Unknown(reason.to_string()))
}

pub fn na(name: &str, reason: &str) -> (String, Outcome) {
    (name.to_string(), Outcome::NotApplicable(reason.to_string()))
}

/// An unknown property of any type, with the reason `AccessDenied on <what>`.
/// A conversion to Parquet of the raw `clicks` table, as lakectl writes it.
pub fn format_conversion() -> FormatConversion {
    FormatConversion {
        format: ColumnarFormat::Parquet,
        schema: SchemaRef {
            catalog_id: ACCOUNT.into(),
            region: "us-east-1".into(),
            database: "retail_prod_raw".into(),
            table: "clicks".into(),
            version: "LATEST".into(),
            role: "ingest".into(),
        },
        compression: TableCompression::Snappy,
    }
}

pub fn unknown_prop<T>(what: &str) -> Prop<T> {
    Prop::unknown(format!("AccessDenied on {what}"))
}
