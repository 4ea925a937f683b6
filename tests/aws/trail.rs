//! The lake's own CloudTrail trail: the batch ETL blueprint's `trail`, deployed on the
//! emulators (CloudTrail on moto, the log bucket on LocalStack) and read back with raw SDK calls;
//! a re-deploy writes nothing; a trail stopped and narrowed by hand is repaired by deploy.

use aws_sdk_cloudtrail::types::{AdvancedEventSelector, AdvancedFieldSelector};

use super::lake::{ACCOUNT, SERIAL, TestLake, raw};

fn field(name: &str, values: &[&str], starts_with: bool) -> AdvancedFieldSelector {
    let values = values.iter().map(|v| v.to_string()).collect();
    let f = AdvancedFieldSelector::builder().field(name);
    let f = if starts_with {
        f.set_starts_with(Some(values))
    } else {
        f.set_equals(Some(values))
    };
    f.build().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lake_trail_deploys_reads_back_and_is_repaired_after_drift() {
    let _serial = SERIAL.lock().await;
    let lake = TestLake::new("batch-etl.yaml");
    lake.deploy().assert_success();
    let model = lake.model();
    let raw = raw(lake.region()).await;
    let region = lake.region();
    let name = format!("{}-prod-{}-trail", lake.blueprint.lake.name, lake.region());
    let logs = &model.bucket("access-logs").unwrap().name;
    let platform = &model.key("platform").unwrap().alias;
    let zone_objects = |zones: &[&str]| -> Vec<String> {
        let mut arns: Vec<String> = (zones.iter())
            .map(|z| format!("arn:aws:s3:::{}/", model.bucket(z).unwrap().name))
            .collect();
        arns.sort();
        arns
    };

    let described = raw.cloudtrail.get_trail().name(&name).send().await.unwrap();
    let trail = described.trail().unwrap();
    assert_eq!(trail.name(), Some(name.as_str()));
    assert_eq!(trail.s3_bucket_name(), Some(logs.as_str()));
    assert_eq!(trail.s3_key_prefix(), Some("cloudtrail"));
    assert_eq!(trail.is_multi_region_trail(), Some(true));
    assert_eq!(trail.log_file_validation_enabled(), Some(true));
    let key_arn = raw
        .kms
        .describe_key()
        .key_id(platform)
        .send()
        .await
        .unwrap()
        .key_metadata()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    assert_eq!(trail.kms_key_id(), Some(key_arn.as_str()));

    let selectors = raw
        .cloudtrail
        .get_event_selectors()
        .trail_name(&name)
        .send()
        .await
        .unwrap();
    assert!(selectors.event_selectors().is_empty());
    let objects = zone_objects(&["cleansed", "curated", "raw"]);
    let objects: Vec<&str> = objects.iter().map(String::as_str).collect();
    assert_eq!(
        selectors.advanced_event_selectors(),
        [
            AdvancedEventSelector::builder()
                .name("Management events")
                .field_selectors(field("eventCategory", &["Management"], false))
                .build()
                .unwrap(),
            AdvancedEventSelector::builder()
                .name("S3 data events of the zone buckets")
                .field_selectors(field("eventCategory", &["Data"], false))
                .field_selectors(field("resources.type", &["AWS::S3::Object"], false))
                .field_selectors(field("resources.ARN", &objects, true))
                .build()
                .unwrap(),
        ]
    );
    let status = raw
        .cloudtrail
        .get_trail_status()
        .name(&name)
        .send()
        .await
        .unwrap();
    assert_eq!(status.is_logging(), Some(true));
    let arn = format!("arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}");
    let tags = raw
        .cloudtrail
        .list_tags()
        .resource_id_list(&arn)
        .send()
        .await
        .unwrap();
    let tags = tags.resource_tag_list()[0].tags_list();
    assert!(
        tags.iter()
            .any(|t| t.key() == "managed-by" && t.value() == Some("lakectl")),
        "{tags:?}"
    );
    assert_eq!(lake.deploy().assert_success().mutating_calls(), 0);

    // Drift by hand: logging stopped, data events narrowed to the raw bucket.
    raw.cloudtrail
        .stop_logging()
        .name(&name)
        .send()
        .await
        .unwrap();
    let raw_only = zone_objects(&["raw"]);
    let raw_only: Vec<&str> = raw_only.iter().map(String::as_str).collect();
    raw.cloudtrail
        .put_event_selectors()
        .trail_name(&name)
        .advanced_event_selectors(
            AdvancedEventSelector::builder()
                .field_selectors(field("eventCategory", &["Data"], false))
                .field_selectors(field("resources.type", &["AWS::S3::Object"], false))
                .field_selectors(field("resources.ARN", &raw_only, true))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let repair = lake.deploy().assert_success().mutating_calls();
    assert_eq!(repair, 2, "PutEventSelectors and StartLogging");
    let status = raw
        .cloudtrail
        .get_trail_status()
        .name(&name)
        .send()
        .await
        .unwrap();
    assert_eq!(status.is_logging(), Some(true));
    assert_eq!(lake.deploy().assert_success().mutating_calls(), 0);
}

/// moto's CreateTrail looks for the bucket in moto's own S3, so a trail cannot log to a bucket
/// that exists only on LocalStack: deploy tests mirror the log bucket there first
/// (`TestLake::mirror_trail_bucket`).
#[tokio::test(flavor = "multi_thread")]
async fn moto_create_trail_needs_the_bucket_in_its_own_s3() {
    let raw = raw("us-east-1").await;
    let err = raw
        .cloudtrail
        .create_trail()
        .name("lakectl-gap-probe")
        .s3_bucket_name("lakectl-bucket-only-on-localstack")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_cloudtrail::error::ProvideErrorMetadata::code(&err),
        Some("S3BucketDoesNotExistException")
    );
}
