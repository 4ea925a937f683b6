//! Each emulated service answers the way the product code will rely on, through the same
//! `SdkConfig` the tests share: LocalStack for S3, KMS and STS, moto for Glue and Athena (picked
//! by `AWS_ENDPOINT_URL_GLUE` / `_ATHENA` alone).

use crate::support::emulators::local_aws;
use crate::support::names::{unique, unique_ident};

const ACCOUNT: &str = "000000000000";

#[tokio::test]
async fn sts_reports_the_emulated_account() {
    let config = local_aws().sdk_config().await;
    let sts = aws_sdk_sts::Client::new(&config);
    let me = sts
        .get_caller_identity()
        .send()
        .await
        .expect("GetCallerIdentity");
    assert_eq!(me.account(), Some(ACCOUNT));
}

#[tokio::test]
async fn s3_creates_and_lists_a_bucket_on_localstack() {
    let config = local_aws().sdk_config().await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let bucket = unique("smoke-s3");

    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("CreateBucket");
    let listed = s3.list_buckets().send().await.expect("ListBuckets");
    let matching: Vec<_> = listed
        .buckets()
        .iter()
        .filter_map(|b| b.name())
        .filter(|name| *name == bucket)
        .collect();
    assert_eq!(matching, vec![bucket.as_str()]);
    let location = s3
        .get_bucket_location()
        .bucket(&bucket)
        .send()
        .await
        .expect("GetBucketLocation");
    // us-east-1 is reported as an empty constraint (the SDK maps it to an unknown variant "").
    assert_eq!(
        location
            .location_constraint()
            .map(|c| c.as_str())
            .unwrap_or(""),
        ""
    );

    s3.delete_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("DeleteBucket");
}

#[tokio::test]
async fn kms_creates_a_key_on_localstack() {
    let config = local_aws().sdk_config().await;
    let kms = aws_sdk_kms::Client::new(&config);
    let description = unique("smoke-kms");

    let created = kms
        .create_key()
        .description(&description)
        .send()
        .await
        .expect("CreateKey");
    let key_id = created
        .key_metadata()
        .expect("key metadata")
        .key_id()
        .to_owned();
    let described = kms
        .describe_key()
        .key_id(&key_id)
        .send()
        .await
        .expect("DescribeKey");
    let meta = described.key_metadata().expect("key metadata");
    assert_eq!(meta.key_id(), key_id);
    assert_eq!(meta.description(), Some(description.as_str()));
    assert_eq!(
        meta.key_state(),
        Some(&aws_sdk_kms::types::KeyState::Enabled)
    );
    assert_eq!(
        meta.arn(),
        Some(format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}").as_str())
    );

    kms.schedule_key_deletion()
        .key_id(&key_id)
        .pending_window_in_days(7)
        .send()
        .await
        .expect("ScheduleKeyDeletion");
}

#[tokio::test]
async fn glue_creates_and_reads_a_database_on_moto() {
    let aws = local_aws();
    let config = aws.sdk_config().await;
    let glue = aws_sdk_glue::Client::new(&config);
    let name = unique_ident("smoke_glue");

    glue.create_database()
        .database_input(
            aws_sdk_glue::types::DatabaseInput::builder()
                .name(&name)
                .description("smoke test database")
                .build()
                .expect("valid DatabaseInput"),
        )
        .send()
        .await
        .expect("CreateDatabase (needs AWS_ENDPOINT_URL_GLUE pointing at moto)");
    let got = glue
        .get_database()
        .name(&name)
        .send()
        .await
        .expect("GetDatabase");
    let db = got.database().expect("database");
    assert_eq!(db.name(), name);
    assert_eq!(db.description(), Some("smoke test database"));
    assert_eq!(db.catalog_id(), Some(ACCOUNT));

    glue.delete_database()
        .name(&name)
        .send()
        .await
        .expect("DeleteDatabase");
}

#[tokio::test]
async fn athena_creates_and_reads_a_work_group_on_moto() {
    use aws_sdk_athena::types::{ResultConfiguration, WorkGroupConfiguration, WorkGroupState};

    let config = local_aws().sdk_config().await;
    let athena = aws_sdk_athena::Client::new(&config);
    let name = unique("smoke-athena");
    let output = format!("s3://{name}-results/queries/");

    athena
        .create_work_group()
        .name(&name)
        .description("smoke test work group")
        .configuration(
            WorkGroupConfiguration::builder()
                .enforce_work_group_configuration(true)
                .result_configuration(
                    ResultConfiguration::builder()
                        .output_location(&output)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("CreateWorkGroup (needs AWS_ENDPOINT_URL_ATHENA pointing at moto)");
    let got = athena
        .get_work_group()
        .work_group(&name)
        .send()
        .await
        .expect("GetWorkGroup");
    let wg = got.work_group().expect("work group");
    assert_eq!(wg.name(), name);
    assert_eq!(wg.description(), Some("smoke test work group"));
    assert_eq!(wg.state(), Some(&WorkGroupState::Enabled));
    let wg_config = wg.configuration().expect("configuration");
    assert_eq!(wg_config.enforce_work_group_configuration(), Some(true));
    assert_eq!(
        wg_config
            .result_configuration()
            .and_then(|r| r.output_location()),
        Some(output.as_str())
    );

    athena
        .delete_work_group()
        .work_group(&name)
        .send()
        .await
        .expect("DeleteWorkGroup");
}
