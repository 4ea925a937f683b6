//! Workflows started by new objects: the batch ETL blueprint's workflow with `start_on`,
//! deployed on the emulators (S3 on LocalStack; Glue and EventBridge on moto) and read back with
//! raw SDK calls: the rule's pattern and target, the role's trust and policy, the bucket's
//! EventBridge flag, the event trigger and its batching. A re-deploy writes nothing.

use lakectl::blueprint::StartOn;
use lakectl::model::{EventBatching, EventPattern, PolicyDocument};

use super::audit::percent_decode;
use super::lake::{ACCOUNT, SERIAL, TestLake, raw};

fn started_on_orders() -> TestLake {
    TestLake::with("batch-etl.yaml", |b| {
        let workflow = &mut b.workflows[0];
        workflow.schedule = None;
        workflow.start_on = Some(StartOn {
            zone: "raw".into(),
            prefix: "orders/".into(),
            batch_size: 5,
            batch_window_seconds: 600,
        });
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workflow_started_on_objects_deploys_its_rule_role_bucket_flag_and_event_trigger() {
    let _serial = SERIAL.lock().await;
    let lake = started_on_orders();
    lake.deploy().assert_success();
    let model = lake.model();
    let raw = raw(lake.region()).await;
    let region = lake.region();
    let workflow = &model.catalog.workflows[0];
    let rule = &model.event_rules[0];
    let bucket = &model.bucket("raw").unwrap().name;
    let role_name = format!("{}-prod-nightly-events", lake.blueprint.lake.name);

    // The rule: its pattern matches the bucket's new objects under the prefix.
    let described = (raw
        .eventbridge
        .describe_rule()
        .name(&rule.name)
        .send()
        .await)
        .unwrap();
    assert_eq!(described.state().map(|s| s.as_str()), Some("ENABLED"));
    let pattern: serde_json::Value =
        serde_json::from_str(described.event_pattern().unwrap()).unwrap();
    assert_eq!(
        pattern,
        serde_json::json!({
            "source": ["aws.s3"],
            "detail-type": ["Object Created"],
            "detail": {
                "bucket": { "name": [bucket] },
                "object": { "key": [{ "prefix": "orders/" }] },
            },
        })
    );
    assert!(matches!(
        EventPattern::parse(described.event_pattern().unwrap()),
        EventPattern::ObjectCreated(_)
    ));
    // Its one target: the workflow, through the role.
    let targets = (raw
        .eventbridge
        .list_targets_by_rule()
        .rule(&rule.name)
        .send()
        .await)
        .unwrap();
    let targets: Vec<(&str, &str, Option<&str>)> = (targets.targets().iter())
        .map(|t| (t.id(), t.arn(), t.role_arn()))
        .collect();
    let workflow_arn = format!("arn:aws:glue:{region}:{ACCOUNT}:workflow/{}", workflow.name);
    let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/{role_name}");
    assert_eq!(
        targets,
        [("workflow", workflow_arn.as_str(), Some(role_arn.as_str()))]
    );

    // The role: assumed by EventBridge for this rule only, allowed to notify this workflow only.
    let role = (raw.iam.get_role().role_name(&role_name).send().await).unwrap();
    let trust = role.role().unwrap().assume_role_policy_document().unwrap();
    let trust = percent_decode(trust);
    let trust = PolicyDocument::parse(&trust).unwrap();
    let rule_arn = format!("arn:aws:events:{region}:{ACCOUNT}:rule/{}", rule.name);
    assert_eq!(
        serde_json::to_value(&trust).unwrap(),
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "EventBridgeAssumesRole",
                "Effect": "Allow",
                "Principal": { "Service": "events.amazonaws.com" },
                "Action": "sts:AssumeRole",
                "Condition": { "StringEquals": {
                    "aws:SourceAccount": ACCOUNT,
                    "aws:SourceArn": rule_arn,
                }},
            }],
        })
    );
    let policy = (raw
        .iam
        .get_role_policy()
        .role_name(&role_name)
        .policy_name("lakectl"))
    .send()
    .await
    .unwrap();
    let policy = PolicyDocument::parse(&percent_decode(policy.policy_document())).unwrap();
    assert_eq!(
        serde_json::to_value(&policy).unwrap(),
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "NotifyWorkflow",
                "Effect": "Allow",
                "Action": "glue:notifyEvent",
                "Resource": workflow_arn,
            }],
        })
    );

    // The zone bucket sends its events to EventBridge.
    let notifications = (raw
        .s3
        .get_bucket_notification_configuration()
        .bucket(bucket))
    .send()
    .await
    .unwrap();
    assert!(
        notifications.event_bridge_configuration().is_some(),
        "{notifications:?}"
    );

    // The start trigger is an armed event trigger with the blueprint's batching.
    let start = (raw
        .glue
        .get_trigger()
        .name(format!("{}-start", workflow.name)))
    .send()
    .await
    .unwrap();
    let start = start.trigger().unwrap();
    assert_eq!(start.r#type().map(|t| t.as_str()), Some("EVENT"));
    assert_eq!(start.state().map(|s| s.as_str()), Some("ACTIVATED"));
    let batching = start.event_batching_condition().unwrap();
    assert_eq!(
        (batching.batch_size(), batching.batch_window()),
        (5, Some(600))
    );
    let read_back = lakectl::inventory::trigger_of(start);
    assert_eq!(
        read_back.batching,
        Some(EventBatching {
            size: 5,
            window_seconds: 600
        })
    );

    let again = lake.deploy();
    assert_eq!(
        again.assert_success().mutating_calls(),
        0,
        "{}",
        again.stdout
    );

    // Notifications switched off by hand: planned as the bucket's event_bridge, and restored.
    let empty = aws_sdk_s3::types::NotificationConfiguration::builder().build();
    (raw.s3
        .put_bucket_notification_configuration()
        .bucket(bucket))
    .notification_configuration(empty)
    .send()
    .await
    .unwrap();
    let plan = lake.plan();
    assert!(plan.stdout.contains("event_bridge"), "{}", plan.stdout);
    lake.deploy().assert_success();
    let restored = (raw
        .s3
        .get_bucket_notification_configuration()
        .bucket(bucket))
    .send()
    .await
    .unwrap();
    assert!(restored.event_bridge_configuration().is_some());
    assert_eq!(lake.deploy().assert_success().mutating_calls(), 0);
}
