//! Athena work groups. UpdateWorkGroup is called only for a real configuration change (moto
//! answers it with HTTP 500); tags go through TagResource.

use aws_sdk_athena::types::{
    EncryptionConfiguration, EncryptionOption, ResultConfiguration, ResultConfigurationUpdates,
    Tag, WorkGroupConfiguration, WorkGroupConfigurationUpdates,
};

use super::errors::{self, CallContext};
use super::{Applier, find};
use crate::model::WorkGroup;
use crate::plan::{Action, ResourceChange};

const CONFIGURATION: [&str; 6] = [
    "description",
    "enforce_configuration",
    "result_location",
    "result_encryption",
    "bytes_scanned_cutoff",
    "metrics",
];

pub async fn workgroup(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<String>> {
    let d = find(&a.desired.workgroups, &rc.name, |w| w.name.as_str())?;
    let athena = &a.aws.athena;
    let encryption = encryption(a, d)?;
    let location = d
        .result_location
        .known()
        .cloned()
        .flatten()
        .map(|l| a.resolver().resolve(&l));
    let tags = d
        .tags
        .known()
        .into_iter()
        .flatten()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect::<Vec<_>>();
    if rc.action == Action::Create {
        let configuration = WorkGroupConfiguration::builder()
            .result_configuration(
                ResultConfiguration::builder()
                    .set_output_location(location)
                    .set_encryption_configuration(encryption)
                    .build(),
            )
            .set_enforce_work_group_configuration(d.enforce_configuration.known().copied())
            .set_publish_cloud_watch_metrics_enabled(d.metrics.known().copied())
            .set_bytes_scanned_cutoff_per_query(
                d.bytes_scanned_cutoff
                    .known()
                    .copied()
                    .flatten()
                    .map(|v| v as i64),
            )
            .build();
        let result = athena
            .create_work_group()
            .name(&d.name)
            .set_description(d.description.known().cloned())
            .configuration(configuration)
            .set_tags(Some(tags))
            .send()
            .await;
        return match result {
            Ok(_) => Ok(vec!["created".into()]),
            // Ours already: a retried create whose first answer was lost.
            Err(e) if errors::is(&e, &["InvalidRequestException"]) && already_exists(&e) => {
                Ok(vec!["created".into()])
            }
            Err(e) => Err(errors::describe("athena:CreateWorkGroup", &d.name, &e)),
        };
    }
    let mut done = Vec::new();
    if CONFIGURATION.iter().any(|p| rc.writes(p)) {
        let updates = WorkGroupConfigurationUpdates::builder()
            .result_configuration_updates(
                ResultConfigurationUpdates::builder()
                    .set_output_location(location)
                    .set_encryption_configuration(encryption)
                    .build(),
            )
            .set_enforce_work_group_configuration(d.enforce_configuration.known().copied())
            .set_publish_cloud_watch_metrics_enabled(d.metrics.known().copied())
            .set_bytes_scanned_cutoff_per_query(
                d.bytes_scanned_cutoff
                    .known()
                    .copied()
                    .flatten()
                    .map(|v| v as i64),
            )
            .build();
        athena
            .update_work_group()
            .work_group(&d.name)
            .set_description(d.description.known().cloned())
            .configuration_updates(updates)
            .send()
            .await
            .call("athena:UpdateWorkGroup", &d.name)?;
        done.push("configuration updated".to_string());
    }
    if rc.writes("tags") {
        let lake = &a.desired.lake;
        let arn = format!(
            "arn:{}:athena:{}:{}:workgroup/{}",
            lake.partition, lake.region, lake.account, d.name
        );
        athena
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags))
            .send()
            .await
            .call("athena:TagResource", &d.name)?;
        done.push("tags updated".into());
    }
    Ok(done)
}

fn already_exists<E: aws_smithy_types::error::metadata::ProvideErrorMetadata, R>(
    e: &aws_smithy_runtime_api::client::result::SdkError<E, R>,
) -> bool {
    match e {
        aws_smithy_runtime_api::client::result::SdkError::ServiceError(s) => s
            .err()
            .message()
            .is_some_and(|m| m.to_lowercase().contains("already")),
        _ => false,
    }
}

fn encryption(a: &Applier<'_>, d: &WorkGroup) -> anyhow::Result<Option<EncryptionConfiguration>> {
    let Some(Some(e)) = d.result_encryption.known() else {
        return Ok(None);
    };
    Ok(Some(
        EncryptionConfiguration::builder()
            .encryption_option(EncryptionOption::from(e.option.as_str()))
            .set_kms_key(a.key_arn_opt(&e.key)?)
            .build()?,
    ))
}
