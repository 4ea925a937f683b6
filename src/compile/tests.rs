use super::*;
use crate::model::naming::ACCOUNT_TOKEN;
use crate::model::*;

use super::testing::retail;

#[test]
fn the_retail_model_is_stable() {
    insta::assert_json_snapshot!(retail(Some("123456789012")));
}

#[test]
fn buckets_come_log_bucket_first_with_derived_names() {
    let model = retail(Some("123456789012"));
    let names: Vec<&str> = model.buckets.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "retail-access-logs-prod-123456789012-us-east-1",
            "retail-raw-prod-123456789012-us-east-1",
            "retail-cleansed-prod-123456789012-us-east-1",
            "retail-curated-prod-123456789012-us-east-1",
            "retail-athena-results-prod-123456789012-us-east-1",
            "retail-scripts-prod-123456789012-us-east-1",
        ]
    );
}

#[test]
fn without_an_account_names_and_policies_carry_the_account_token() {
    let model = retail(None);
    assert_eq!(model.lake.account, ACCOUNT_TOKEN);
    assert_eq!(
        model.bucket("raw").unwrap().name,
        "retail-raw-prod-${AWS::AccountId}-us-east-1"
    );
    let role = model.role("analyst").unwrap();
    assert_eq!(
        role.arn(&model.lake),
        "arn:aws:iam::${AWS::AccountId}:role/retail-prod-analyst"
    );
}

#[test]
fn zone_buckets_use_their_own_key_and_deny_other_keys() {
    let model = retail(Some("123456789012"));
    let raw = model.bucket("raw").unwrap();
    let encryption = raw.encryption.known().unwrap();
    assert_eq!(encryption.key, Some(KeyRef::Lake("raw".to_string())));
    assert!(encryption.bucket_key);
    let policy = raw.policy.known().unwrap().as_ref().unwrap();
    let other_keys = policy
        .statements
        .iter()
        .find(|s| s.sid.as_deref() == Some("DenyOtherKmsKeys"))
        .unwrap();
    assert_eq!(other_keys.condition["StringNotEqualsIfExists"]["s3:x-amz-server-side-encryption-aws-kms-key-id"].0, vec!["${KeyRaw.Arn}"]);
}

#[test]
fn zones_are_versioned_unless_a_non_raw_zone_opts_out() {
    let model = retail(Some("123456789012"));
    for zone in ["raw", "cleansed", "curated"] {
        assert_eq!(
            model.bucket(zone).unwrap().versioning,
            Prop::Known(Versioning::Enabled),
            "{zone}"
        );
    }
    let yaml = format!(
        "{LAKE}zones:\n  - name: raw\n  - name: cleansed\n    versioning: false\n  - name: curated\n"
    );
    let model = compile(&load(&yaml), &CompileOptions::default());
    let versioning = |zone: &str| model.bucket(zone).unwrap().versioning.clone();
    assert_eq!(versioning("cleansed"), Prop::Known(Versioning::Disabled));
    assert_eq!(versioning("curated"), Prop::Known(Versioning::Enabled));
}

#[test]
fn key_policies_name_exactly_the_roles_that_use_the_key() {
    let model = retail(Some("123456789012"));
    let raw_key = model.key("raw").unwrap().policy.known().unwrap();
    let users = raw_key
        .statements
        .iter()
        .find(|s| s.sid.as_deref() == Some("LakeRolesUseThroughLakeServices"))
        .unwrap();
    let principals = serde_json::to_value(users.principal.as_ref().unwrap()).unwrap();
    assert_eq!(
        principals,
        serde_json::json!({"AWS": [
            "arn:aws:iam::123456789012:role/retail-prod-crawler",
            "arn:aws:iam::123456789012:role/retail-prod-etl",
            "arn:aws:iam::123456789012:role/retail-prod-ingestion",
        ]})
    );
}

#[test]
fn role_policies_have_no_wildcard_actions() {
    let model = retail(Some("123456789012"));
    for role in &model.roles {
        let policy = role.policy.known().unwrap().as_ref().unwrap();
        for statement in &policy.statements {
            for action in statement.action.iter() {
                assert!(
                    !action.contains('*') || action.ends_with("GenerateDataKey*"),
                    "{}: {action}",
                    role.name
                );
            }
            for resource in statement.resource.iter().filter(|r| *r == "*") {
                let only_unscoped = statement.action.iter().all(|a| {
                    a.starts_with("lakeformation:") || a == "glue:GetSecurityConfiguration"
                });
                assert!(
                    only_unscoped,
                    "{}: `{resource}` for {:?}",
                    role.name, statement.action
                );
            }
        }
    }
}

#[test]
fn firehose_writes_hive_partitions_and_typed_error_prefixes() {
    let model = retail(Some("123456789012"));
    let delivery = &model.delivery_streams[0];
    // The dynamic key comes before the time partitions; the error prefix, mandatory with
    // dynamic partitioning, has no key (a record whose key failed lands there).
    assert_eq!(delivery.prefix, Prop::Known("clickstream/event_type=!{partitionKeyFromQuery:event_type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/".to_string()));
    assert_eq!(
        delivery.error_prefix,
        Prop::Known("errors/clickstream/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/".to_string())
    );
    assert_eq!(
        delivery.source_stream.as_deref(),
        Some("retail-prod-clickstream")
    );
    assert_eq!(delivery.sse, Prop::Known(None));
}

#[test]
fn each_delivery_stream_logs_errors_to_a_log_group_the_lake_creates() {
    let model = retail(Some("123456789012"));
    let group = "/aws/kinesisfirehose/retail-prod-clickstream-to-raw";
    assert_eq!(
        model.delivery_streams[0].error_logging,
        Prop::Known(Some(ErrorLogging {
            group: group.into(),
            stream: "DestinationDelivery".into(),
        }))
    );
    let [g] = model.log_groups.as_slice() else {
        panic!("one group per delivery stream: {:?}", model.log_groups)
    };
    assert_eq!(
        (g.id.as_str(), g.logical_id.as_str(), g.name.as_str()),
        ("clickstream-to-raw", "LogGroupClickstreamToRaw", group)
    );
    assert_eq!(g.retention_days, Prop::Known(Some(365)));
    // The key whose policy lets CloudWatch Logs use it for the lake's log groups.
    assert_eq!(g.key, Prop::Known(Some(KeyRef::Lake(PLATFORM_KEY.into()))));
    assert_eq!(
        g.streams,
        Prop::Known(["DestinationDelivery".to_string()].into())
    );
    assert_eq!(g.tags, model.streams[0].tags);
}

#[test]
fn a_converting_stream_reads_its_schema_with_its_role_and_leaves_compression_to_the_serializer() {
    let model = retail(Some("123456789012"));
    let delivery = &model.delivery_streams[0];
    assert_eq!(delivery.compression, Prop::Known(Compression::Uncompressed));
    assert_eq!(
        delivery.format_conversion,
        Prop::Known(Some(FormatConversion {
            format: ColumnarFormat::Parquet,
            schema: SchemaRef {
                catalog_id: "123456789012".into(),
                region: "us-east-1".into(),
                database: "retail_raw".into(),
                table: "clickstream".into(),
                version: "LATEST".into(),
                role: "retail-prod-ingestion".into(),
            },
            compression: TableCompression::Snappy,
        }))
    );
    assert_eq!(
        delivery.dynamic_partitioning,
        Prop::Known(Some(DynamicPartitioning {
            keys: vec![PartitionQuery {
                name: "event_type".into(),
                query: ".event_type".into(),
            }],
            retry_seconds: 300,
        }))
    );
}

#[test]
fn lake_formation_defaults_are_off_and_crawlers_get_their_database() {
    let model = retail(Some("123456789012"));
    let lf = &model.lake_formation;
    assert_eq!(lf.create_database_default, Prop::Known(vec![]));
    assert_eq!(lf.create_table_default, Prop::Known(vec![]));
    let grants = lf.grants.known().unwrap();
    assert!(grants.contains(&LfGrant {
        principal: "arn:aws:iam::123456789012:role/retail-prod-crawler".into(),
        database: "retail_raw".into(),
        table: None,
        columns: vec![],
        permissions: vec!["ALTER".into(), "CREATE_TABLE".into(), "DESCRIBE".into()],
    }));
}

fn load(yaml: &str) -> crate::blueprint::Blueprint {
    let source = crate::blueprint::Source::new("b.yaml", yaml.to_string());
    crate::load::text(&source, None).unwrap_or_else(|d| panic!("{d}"))
}

const LAKE: &str = "lake: { name: retail, environment: prod, region: us-east-1, owner: data }\n";

#[test]
fn resources_created_by_defaults_come_from_the_field_they_follow() {
    let (_, origins) = compile_traced(&load(LAKE), &CompileOptions::default());
    let database = origins
        .iter()
        .find(|o| o.name == "retail_prod_cleansed")
        .unwrap();
    assert_eq!(database.path.to_string(), "zones[1]");
    assert_eq!(database.logical_ids, ["DatabaseRetailProdCleansed"]);
    let platform = origins.iter().find(|o| o.name == PLATFORM_KEY).unwrap();
    assert_eq!(platform.path.to_string(), "encryption");
    assert_eq!(platform.logical_ids, ["KeyPlatform", "AliasPlatform"]);
}

/// A workflow started by new objects: the event trigger, the zone bucket's EventBridge flag,
/// the rule and the role that may only notify the workflow.
#[test]
fn a_workflow_started_on_objects_gets_an_event_trigger_a_rule_and_a_notify_only_role() {
    let lake = "lake: { name: retail, environment: prod, region: us-east-1, owner: data, account_id: \"123456789012\" }\n";
    let yaml = format!(
        "{lake}roles:\n  - {{ name: etl, purpose: etl, reads: [raw] }}\njobs:\n  - {{ name: clean, script: blueprints/etl/clean_pos.py, role: etl }}\nworkflows:\n  - name: pos\n    start_on: {{ zone: raw, prefix: pos/, batch_size: 10, batch_window_seconds: 300 }}\n    steps: [{{ job: clean }}]\n"
    );
    let model = compile(&load(&yaml), &CompileOptions::default());
    let workflow = model.workflow("retail-prod-pos").unwrap();
    let start = &workflow.triggers.known().unwrap()[0];
    assert_eq!(start.name, "retail-prod-pos-start");
    assert_eq!(start.kind(), crate::model::TriggerKind::Event);
    assert_eq!(
        start.batching,
        Some(EventBatching {
            size: 10,
            window_seconds: 300
        })
    );
    let flags: Vec<(&str, bool)> = (model.buckets.iter())
        .map(|b| (b.id.as_str(), *b.event_bridge.known().unwrap()))
        .collect();
    assert_eq!(
        flags,
        [
            ("access-logs", false),
            ("raw", true),
            ("cleansed", false),
            ("curated", false),
            ("athena-results", false),
            ("scripts", false),
        ]
    );
    let rule = &model.event_rules[0];
    assert_eq!(model.event_rules.len(), 1);
    assert_eq!(
        (
            rule.name.as_str(),
            rule.logical_id.as_str(),
            rule.role.as_str()
        ),
        ("retail-prod-pos-start", "EventRulePos", "pos-events")
    );
    assert_eq!(
        rule.pattern.known().unwrap().to_json(),
        serde_json::json!({
            "source": ["aws.s3"],
            "detail-type": ["Object Created"],
            "detail": {
                "bucket": { "name": ["retail-raw-prod-123456789012-us-east-1"] },
                "object": { "key": [{ "prefix": "pos/" }] },
            },
        })
    );
    assert_eq!(
        rule.targets.known().unwrap(),
        &[RuleTarget {
            id: "workflow".into(),
            arn: "arn:aws:glue:us-east-1:123456789012:workflow/retail-prod-pos".into(),
            role_arn: Some("arn:aws:iam::123456789012:role/retail-prod-pos-events".into()),
        }]
    );
    let role = model.role("pos-events").unwrap();
    assert_eq!(role.name, "retail-prod-pos-events");
    assert_eq!(
        serde_json::to_value(role.trust.known().unwrap()).unwrap(),
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "EventBridgeAssumesRole",
                "Effect": "Allow",
                "Principal": { "Service": "events.amazonaws.com" },
                "Action": "sts:AssumeRole",
                "Condition": { "StringEquals": {
                    "aws:SourceAccount": "123456789012",
                    "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/retail-prod-pos-start",
                }},
            }],
        })
    );
    assert_eq!(
        serde_json::to_value(role.policy.known().unwrap()).unwrap(),
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "NotifyWorkflow",
                "Effect": "Allow",
                "Action": "glue:notifyEvent",
                "Resource": "arn:aws:glue:us-east-1:123456789012:workflow/retail-prod-pos",
            }],
        })
    );
}

/// Names past the AWS limits are shortened with a hash of the whole, never cut to a collision.
#[test]
fn long_workflow_names_give_rule_and_role_names_within_64_characters() {
    let scope = naming::Scope {
        lake: "retail",
        environment: "prod",
        region: "us-east-1",
    };
    let long = "a".repeat(80);
    let rule = naming::event_rule(scope, &long);
    let role = naming::events_role(scope, &long);
    assert_eq!(rule.len(), 64);
    assert_eq!(role.len(), 64);
    assert_ne!(rule, naming::event_rule(scope, &"a".repeat(81)));
    assert_eq!(naming::event_rule(scope, "pos"), "retail-prod-pos-start");
}
