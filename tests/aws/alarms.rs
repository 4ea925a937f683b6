//! The pipeline's health alarms: the streaming blueprint's `monitoring`, deployed on the
//! emulators (CloudWatch on LocalStack) and read back with raw SDK calls; a re-deploy writes
//! nothing; an alarm muted and loosened by hand is repaired by deploy; an alarm deleted or
//! muted by hand fails the lake's audit on exactly that resource.

use super::lake::{ACCOUNT, SERIAL, TestLake, failures, lakectl, raw};

#[tokio::test(flavor = "multi_thread")]
async fn the_lake_alarms_deploy_read_back_and_are_repaired_after_drift() {
    let _serial = SERIAL.lock().await;
    let lake = TestLake::new("streaming-minimal.yaml");
    lake.deploy().assert_success();
    let model = lake.model();
    let region = lake.region().to_string();
    let raw = raw(&region).await;
    let stream = &model.streams[0].name;
    let delivery = &model.delivery_streams[0].name;
    let names: Vec<String> = model.alarms.iter().map(|a| a.name.clone()).collect();
    assert_eq!(
        names,
        [
            format!("{stream}-iterator-age"),
            format!("{stream}-write-throttling"),
            format!("{delivery}-delivery-freshness"),
        ]
    );
    let topic = format!("arn:aws:sns:{region}:{ACCOUNT}:streaming-oncall");

    let described = (raw.cloudwatch.describe_alarms())
        .set_alarm_names(Some(names.clone()))
        .send()
        .await
        .unwrap();
    let alarms = described.metric_alarms();
    assert_eq!(alarms.len(), 3, "{alarms:#?}");
    let by_name = |name: &str| {
        (alarms.iter())
            .find(|a| a.alarm_name() == Some(name))
            .unwrap_or_else(|| panic!("no alarm {name}"))
    };
    let age = by_name(&names[0]);
    assert_eq!(age.namespace(), Some("AWS/Kinesis"));
    assert_eq!(
        age.metric_name(),
        Some("GetRecords.IteratorAgeMilliseconds")
    );
    let dimensions: Vec<(&str, &str)> = (age.dimensions().iter())
        .map(|d| (d.name().unwrap(), d.value().unwrap()))
        .collect();
    assert_eq!(dimensions, [("StreamName", stream.as_str())]);
    assert_eq!(age.statistic().map(|s| s.as_str()), Some("Maximum"));
    assert_eq!(
        (age.period(), age.evaluation_periods()),
        (Some(60), Some(5))
    );
    assert_eq!(age.threshold(), Some(600_000.0));
    assert_eq!(
        age.comparison_operator().map(|c| c.as_str()),
        Some("GreaterThanThreshold")
    );
    assert_eq!(age.treat_missing_data(), Some("notBreaching"));
    assert_eq!(age.actions_enabled(), Some(true));
    assert_eq!(age.alarm_actions(), std::slice::from_ref(&topic));
    assert_eq!(age.ok_actions(), std::slice::from_ref(&topic));
    let freshness = by_name(&names[2]);
    assert_eq!(freshness.namespace(), Some("AWS/Firehose"));
    assert_eq!(freshness.metric_name(), Some("DeliveryToS3.DataFreshness"));
    assert_eq!(freshness.threshold(), Some(1800.0));
    let tags = (raw.cloudwatch.list_tags_for_resource())
        .resource_arn(age.alarm_arn().unwrap())
        .send()
        .await
        .unwrap();
    assert!(
        (tags.tags().iter()).any(|t| t.key() == Some("managed-by") && t.value() == Some("lakectl")),
        "{tags:?}"
    );
    assert_eq!(lake.deploy().assert_success().mutating_calls(), 0);

    // Drift by hand: the iterator-age alarm muted, the throttling alarm loosened, the freshness
    // alarm stripped of a lake tag and given one of someone else's (which is not drift).
    let freshness_arn = freshness.alarm_arn().unwrap().to_string();
    (raw.cloudwatch.untag_resource())
        .resource_arn(&freshness_arn)
        .tag_keys("managed-by")
        .send()
        .await
        .unwrap();
    (raw.cloudwatch.tag_resource())
        .resource_arn(&freshness_arn)
        .tags(
            aws_sdk_cloudwatch::types::Tag::builder()
                .key("team")
                .value("data")
                .build(),
        )
        .send()
        .await
        .unwrap();
    (raw.cloudwatch.disable_alarm_actions())
        .alarm_names(&names[0])
        .send()
        .await
        .unwrap();
    let throttling = by_name(&names[1]);
    (raw.cloudwatch.put_metric_alarm().alarm_name(&names[1]))
        .namespace("AWS/Kinesis")
        .metric_name("WriteProvisionedThroughputExceeded")
        .set_dimensions(Some(throttling.dimensions().to_vec()))
        .statistic(aws_sdk_cloudwatch::types::Statistic::Sum)
        .period(60)
        .evaluation_periods(5)
        .threshold(1000.0)
        .comparison_operator(aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanThreshold)
        .alarm_actions(&topic)
        .send()
        .await
        .unwrap();
    let plan = lakectl(
        &["plan", lake.path.to_str().unwrap(), "--output", "json"],
        &[],
    );
    let changed: Vec<(String, Vec<String>)> = (plan.json()["resources"].as_array().unwrap())
        .iter()
        .filter(|r| r["kind"] == "alarm" && r["action"] != "no_change")
        .map(|r| {
            let name = r["name"].as_str().unwrap().to_string();
            let properties = (r["properties"].as_array().unwrap().iter())
                .map(|p| p["property"].as_str().unwrap().to_string())
                .collect();
            (name, properties)
        })
        .collect();
    assert_eq!(
        changed,
        [
            (names[0].clone(), vec!["actions".to_string()]),
            (
                names[1].clone(),
                vec!["definition".to_string(), "actions".to_string()]
            ),
            (names[2].clone(), vec!["tags".to_string()]),
        ],
        "the loosened alarm also lost its OK action"
    );
    assert_eq!(lake.deploy().assert_success().mutating_calls(), 3);
    let tags = (raw.cloudwatch.list_tags_for_resource())
        .resource_arn(&freshness_arn)
        .send()
        .await
        .unwrap();
    let tags: Vec<(&str, &str)> = (tags.tags().iter())
        .map(|t| (t.key().unwrap(), t.value().unwrap()))
        .collect();
    assert!(tags.contains(&("managed-by", "lakectl")), "{tags:?}");
    assert!(tags.contains(&("team", "data")), "kept: {tags:?}");
    let repaired = (raw.cloudwatch.describe_alarms())
        .set_alarm_names(Some(names.clone()))
        .send()
        .await
        .unwrap();
    for alarm in repaired.metric_alarms() {
        assert_eq!(alarm.actions_enabled(), Some(true), "{alarm:?}");
    }
    assert_eq!(lake.deploy().assert_success().mutating_calls(), 0);

    // The audit judges the lake's pipeline: its freshness alarm deleted, its age alarm muted.
    (raw.cloudwatch.delete_alarms())
        .alarm_names(&names[2])
        .send()
        .await
        .unwrap();
    (raw.cloudwatch.disable_alarm_actions())
        .alarm_names(&names[0])
        .send()
        .await
        .unwrap();
    let findings = lake.findings().await;
    assert_eq!(
        failures(&findings, "LK-CW-001"),
        [(
            format!("arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/{delivery}"),
            "no alarm watches its delivery freshness (DeliveryToS3.DataFreshness)".to_string()
        )]
    );
    assert_eq!(
        failures(&findings, "LK-CW-002"),
        [(
            format!("arn:aws:cloudwatch:{region}:{ACCOUNT}:alarm:{}", names[0]),
            format!("its actions are disabled: {topic} is not notified")
        )]
    );
    // Deploy puts both back: the deleted alarm is created and tagged, the muted one put.
    assert_eq!(lake.deploy().assert_success().mutating_calls(), 3);
}

/// LocalStack's CloudWatch stores the `Tags` of PutMetricAlarm in a way its CBOR serializer
/// cannot write back: DescribeAlarms then fails for the alarm. Deploy tags new alarms with
/// TagResource instead (`apply::alarms`).
#[tokio::test(flavor = "multi_thread")]
async fn localstack_cannot_describe_an_alarm_created_with_tags() {
    crate::support::emulators::local_aws();
    let raw = raw("us-east-1").await;
    let name = format!("lakectl-gap-probe-{}", std::process::id());
    (raw.cloudwatch.put_metric_alarm().alarm_name(&name))
        .namespace("AWS/Kinesis")
        .metric_name("GetRecords.IteratorAgeMilliseconds")
        .statistic(aws_sdk_cloudwatch::types::Statistic::Maximum)
        .period(60)
        .evaluation_periods(1)
        .threshold(1.0)
        .comparison_operator(aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanThreshold)
        .tags(
            aws_sdk_cloudwatch::types::Tag::builder()
                .key("k")
                .value("v")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let described = (raw.cloudwatch.describe_alarms())
        .alarm_names(&name)
        .send()
        .await;
    raw.cloudwatch
        .delete_alarms()
        .alarm_names(&name)
        .send()
        .await
        .unwrap();
    let err = described.unwrap_err();
    assert_eq!(
        aws_sdk_cloudwatch::error::ProvideErrorMetadata::message(&err),
        Some(
            "exception while calling cloudwatch.DescribeAlarms: An unknown error occurred when trying to serialize the response."
        )
    );
}

/// moto answers the CloudWatch protocol of older SDKs (query) only: the SDK's CBOR requests get
/// a 404. The member-account tests, which need moto's per-account state, skip the alarm rules.
#[tokio::test(flavor = "multi_thread")]
async fn moto_cloudwatch_does_not_speak_cbor() {
    crate::support::emulators::local_aws();
    let endpoint = std::env::var("LAKECTL_MOTO_ACCOUNTS_URL")
        .expect("localstack/up exports LAKECTL_MOTO_ACCOUNTS_URL");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .load()
        .await;
    let err = aws_sdk_cloudwatch::Client::new(&config)
        .describe_alarms()
        .send()
        .await
        .unwrap_err();
    let status = err.raw_response().map(|r| r.status().as_u16());
    assert_eq!(status, Some(404), "{err:?}");
}
