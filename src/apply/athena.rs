//! Athena work groups. UpdateWorkGroup is called only for a real configuration change (moto
//! answers it with HTTP 500); tags go through TagResource.

use aws_sdk_athena::types::{
    EncryptionConfiguration, EncryptionOption, EngineVersion, ResultConfiguration,
    ResultConfigurationUpdates, Tag, WorkGroupConfiguration, WorkGroupConfigurationUpdates,
};

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find};
use crate::model::arn::Arns;
use crate::model::property::WorkGroupProperty as P;
use crate::model::{Kind, KindProperty, Property, WorkGroup};
use crate::plan::{Action, ResourceChange};

/// The call that writes each work group property after creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    UpdateWorkGroup,
    TagResource,
}

fn call(p: P) -> Call {
    match p {
        P::Description
        | P::EnforceConfiguration
        | P::ResultLocation
        | P::ResultEncryption
        | P::BytesScannedCutoff
        | P::Metrics
        | P::EngineVersion => Call::UpdateWorkGroup,
        P::Tags => Call::TagResource,
    }
}

pub fn writer(p: P) -> Writer {
    match call(p) {
        Call::UpdateWorkGroup | Call::TagResource => Writer::Step(Step::Resource(Kind::WorkGroup)),
    }
}

pub async fn workgroup(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.workgroups, &rc.name, |w| w.name.as_str())?;
    let settings = Settings {
        encryption: encryption(a, d)?,
        location: d
            .result_location
            .known()
            .cloned()
            .flatten()
            .map(|l| a.resolver().resolve(&l)),
    };
    if rc.action == Action::Create {
        create(a, d, settings).await?;
        return Ok(vec![Applied::created()]);
    }
    let planned = |c: Call| -> Vec<Property> {
        let props = P::ALL.iter().filter(|p| call(**p) == c && rc.writes(**p));
        props.map(|p| Property::from(*p)).collect()
    };
    let mut done = Vec::new();
    let configuration = planned(Call::UpdateWorkGroup);
    if !configuration.is_empty() {
        update(a, d, settings).await?;
        done.push(Applied::updated_all(configuration, "configuration updated"));
    }
    if !planned(Call::TagResource).is_empty() {
        let arn = Arns::of(&a.desired.lake).athena_workgroup(&d.name);
        a.aws
            .athena
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags(d)))
            .send()
            .await
            .call("athena:TagResource", &d.name)?;
        done.push(Applied::updated(P::Tags, "tags updated"));
    }
    Ok(done)
}

/// Result settings shared by create and update.
struct Settings {
    encryption: Option<EncryptionConfiguration>,
    location: Option<String>,
}

fn tags(d: &WorkGroup) -> Vec<Tag> {
    d.tags
        .known()
        .into_iter()
        .flatten()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

fn engine_version(d: &WorkGroup) -> Option<EngineVersion> {
    let selected = d.engine_version.known()?;
    Some(
        EngineVersion::builder()
            .selected_engine_version(selected)
            .build(),
    )
}

fn cutoff(d: &WorkGroup) -> Option<i64> {
    d.bytes_scanned_cutoff
        .known()
        .copied()
        .flatten()
        .map(|v| v as i64)
}

async fn create(a: &Applier<'_>, d: &WorkGroup, s: Settings) -> anyhow::Result<()> {
    let configuration = WorkGroupConfiguration::builder()
        .result_configuration(
            ResultConfiguration::builder()
                .set_output_location(s.location)
                .set_encryption_configuration(s.encryption)
                .build(),
        )
        .set_enforce_work_group_configuration(d.enforce_configuration.known().copied())
        .set_publish_cloud_watch_metrics_enabled(d.metrics.known().copied())
        .set_engine_version(engine_version(d))
        .set_bytes_scanned_cutoff_per_query(cutoff(d))
        .build();
    let result = a
        .aws
        .athena
        .create_work_group()
        .name(&d.name)
        .set_description(d.description.known().cloned())
        .configuration(configuration)
        .set_tags(Some(tags(d)))
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        // Ours already: a retried create whose first answer was lost.
        Err(e) if errors::is(&e, &["InvalidRequestException"]) && already_exists(&e) => Ok(()),
        Err(e) => Err(errors::describe("athena:CreateWorkGroup", &d.name, &e)),
    }
}

async fn update(a: &Applier<'_>, d: &WorkGroup, s: Settings) -> anyhow::Result<()> {
    let updates = WorkGroupConfigurationUpdates::builder()
        .result_configuration_updates(
            ResultConfigurationUpdates::builder()
                .set_output_location(s.location)
                .set_encryption_configuration(s.encryption)
                .build(),
        )
        .set_enforce_work_group_configuration(d.enforce_configuration.known().copied())
        .set_publish_cloud_watch_metrics_enabled(d.metrics.known().copied())
        .set_engine_version(engine_version(d))
        .set_bytes_scanned_cutoff_per_query(cutoff(d))
        .build();
    a.aws
        .athena
        .update_work_group()
        .work_group(&d.name)
        .set_description(d.description.known().cloned())
        .configuration_updates(updates)
        .send()
        .await
        .call("athena:UpdateWorkGroup", &d.name)?;
    Ok(())
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
