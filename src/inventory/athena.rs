//! Athena work groups: enforced configuration, result location and encryption, scan cutoff,
//! metrics and tags (2 reads a work group).

use aws_sdk_athena::types as a;

use super::ctx::{Ctx, existence, existing, known, tag_map};
use super::keys::KeyIndex;
use crate::aws::{CallError, Service};
use crate::model::{Prop, ResultEncryption, Tags, WorkGroup, naming};

pub(super) async fn read(ctx: &Ctx<'_>, desired: &[WorkGroup]) -> Vec<WorkGroup> {
    existing(desired, |w| read_one(ctx, w.clone())).await
}

pub(super) async fn read_all(ctx: &Ctx<'_>) -> Vec<WorkGroup> {
    let names = ctx.listed(list(ctx).await);
    existing(names, |name| {
        read_one(
            ctx,
            WorkGroup {
                logical_id: naming::logical_id(&name),
                description: Prop::unknown("not read"),
                enforce_configuration: Prop::unknown("not read"),
                result_location: Prop::unknown("not read"),
                result_encryption: Prop::unknown("not read"),
                bytes_scanned_cutoff: Prop::unknown("not read"),
                metrics: Prop::unknown("not read"),
                engine_version: Prop::unknown("not read"),
                tags: Prop::unknown("not read"),
                name,
            },
        )
    })
    .await
}

async fn read_one(ctx: &Ctx<'_>, desired: WorkGroup) -> Option<WorkGroup> {
    let arn = ctx.arns().athena_workgroup(&desired.name);
    let out = ctx
        .call(
            Service::Athena,
            "GetWorkGroup",
            &arn,
            ctx.aws
                .athena
                .get_work_group()
                .work_group(&desired.name)
                .send(),
        )
        .await;
    match existence(out) {
        Ok(None) => None,
        // moto answers 200 without a work group for a missing name: absent too.
        Ok(Some(out)) => {
            let wg = out.work_group()?;
            let mut read = work_group_of(wg, desired, &ctx.keys);
            read.tags = known(list_tags(ctx, &arn).await);
            Some(read)
        }
        Err(e) => {
            let reason = e.reason();
            Some(WorkGroup {
                description: Prop::unknown(&reason),
                enforce_configuration: Prop::unknown(&reason),
                result_location: Prop::unknown(&reason),
                result_encryption: Prop::unknown(&reason),
                bytes_scanned_cutoff: Prop::unknown(&reason),
                metrics: Prop::unknown(&reason),
                engine_version: Prop::unknown(&reason),
                tags: Prop::unknown(&reason),
                ..desired
            })
        }
    }
}

/// A work group's configuration. Absent flags are AWS's defaults: configuration enforced,
/// metrics off.
pub(super) fn work_group_of(wg: &a::WorkGroup, mut into: WorkGroup, keys: &KeyIndex) -> WorkGroup {
    let config = wg.configuration();
    let results = config.and_then(|c| c.result_configuration());
    into.description = Prop::Known(wg.description().unwrap_or_default().to_string());
    into.enforce_configuration = Prop::Known(
        config
            .and_then(|c| c.enforce_work_group_configuration())
            .unwrap_or(true),
    );
    into.result_location = Prop::Known(
        results
            .and_then(|r| r.output_location())
            .map(str::to_string),
    );
    into.result_encryption = Prop::Known(results.and_then(|r| r.encryption_configuration()).map(
        |e| ResultEncryption {
            option: e.encryption_option().as_str().to_string(),
            key: e.kms_key().map(|k| keys.key_ref(k)),
        },
    ));
    into.bytes_scanned_cutoff = Prop::Known(
        config
            .and_then(|c| c.bytes_scanned_cutoff_per_query())
            .and_then(|b| u64::try_from(b).ok()),
    );
    into.metrics = Prop::Known(
        config
            .and_then(|c| c.publish_cloud_watch_metrics_enabled())
            .unwrap_or(false),
    );
    into.engine_version = Prop::Known(
        config
            .and_then(|c| c.engine_version())
            .and_then(|e| e.selected_engine_version())
            .unwrap_or("AUTO")
            .to_string(),
    );
    into
}

async fn list(ctx: &Ctx<'_>) -> Result<Vec<String>, CallError> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Athena,
                "ListWorkGroups",
                "work groups",
                ctx.aws
                    .athena
                    .list_work_groups()
                    .max_results(50)
                    .set_next_token(token.clone())
                    .send(),
            )
            .await?;
        names.extend(
            out.work_groups()
                .iter()
                .filter_map(|w| w.name().map(str::to_string)),
        );
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(names),
        }
    }
}

async fn list_tags(ctx: &Ctx<'_>, arn: &str) -> Result<Tags, CallError> {
    let mut tags = Tags::new();
    let mut token: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Athena,
                "ListTagsForResource",
                arn,
                ctx.aws
                    .athena
                    .list_tags_for_resource()
                    .resource_arn(arn)
                    .set_next_token(token.clone())
                    .send(),
            )
            .await?;
        tags.extend(tag_map(out.tags().iter().map(|t| {
            (t.key().unwrap_or_default(), t.value().unwrap_or_default())
        })));
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(tags),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KeyRef;

    fn skeleton() -> WorkGroup {
        WorkGroup {
            name: "retail-dev-analysts".into(),
            logical_id: "RetailDevAnalysts".into(),
            description: Prop::unknown("x"),
            enforce_configuration: Prop::unknown("x"),
            result_location: Prop::unknown("x"),
            result_encryption: Prop::unknown("x"),
            bytes_scanned_cutoff: Prop::unknown("x"),
            metrics: Prop::unknown("x"),
            engine_version: Prop::unknown("x"),
            tags: Prop::unknown("x"),
        }
    }

    #[test]
    fn work_groups_map_every_setting() {
        let mut keys = KeyIndex::default();
        keys.add_lake_key("platform", "k1", None);
        let wg = a::WorkGroup::builder()
            .name("retail-dev-analysts")
            .description("analysts")
            .configuration(
                a::WorkGroupConfiguration::builder()
                    .enforce_work_group_configuration(true)
                    .publish_cloud_watch_metrics_enabled(true)
                    .engine_version(
                        a::EngineVersion::builder()
                            .selected_engine_version("Athena engine version 3")
                            .build(),
                    )
                    .bytes_scanned_cutoff_per_query(10_000_000_000)
                    .result_configuration(
                        a::ResultConfiguration::builder()
                            .output_location("s3://results/analysts/")
                            .encryption_configuration(
                                a::EncryptionConfiguration::builder()
                                    .encryption_option(a::EncryptionOption::SseKms)
                                    .kms_key("arn:aws:kms:us-east-1:000000000000:key/k1")
                                    .build()
                                    .unwrap(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .build()
            .unwrap();
        let read = work_group_of(&wg, skeleton(), &keys);
        assert_eq!(read.description, Prop::Known("analysts".to_string()));
        assert_eq!(read.enforce_configuration, Prop::Known(true));
        assert_eq!(
            read.result_location,
            Prop::Known(Some("s3://results/analysts/".to_string()))
        );
        assert_eq!(
            read.result_encryption,
            Prop::Known(Some(ResultEncryption {
                option: "SSE_KMS".into(),
                key: Some(KeyRef::Lake("platform".into()))
            }))
        );
        assert_eq!(read.bytes_scanned_cutoff, Prop::Known(Some(10_000_000_000)));
        assert_eq!(read.metrics, Prop::Known(true));
        assert_eq!(
            read.engine_version,
            Prop::Known("Athena engine version 3".to_string())
        );
    }
}
