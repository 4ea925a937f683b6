//! CloudTrail: the trails that log in this region (multi-region trails included), whether each
//! is logging, and which buckets' object-level (data) events it records, from basic and advanced
//! event selectors; and, among them, the lake's own trail (one more call: its tags).

use aws_sdk_cloudtrail::types as ct;
use futures::future::join_all;

use super::ctx::{Ctx, existence, known};
use crate::aws::{CallError, Service};
use crate::model::{LakeTrail, ManagementEvents, Prop, Tags, Trail, TrailSelectors, arn};

/// The trails, or unknown with the first failure's reason: a trail whose status or selectors
/// cannot be read would otherwise report no logging, a default a rule would trust.
pub(super) async fn read(ctx: &Ctx<'_>) -> Prop<Vec<Trail>> {
    match read_trails(ctx).await {
        Ok(trails) => Prop::Known(trails),
        Err(e) => Prop::unknown(e.reason()),
    }
}

async fn read_trails(ctx: &Ctx<'_>) -> Result<Vec<Trail>, CallError> {
    let ct = &ctx.aws.cloudtrail;
    let out = ctx
        .call(
            Service::CloudTrail,
            "DescribeTrails",
            "trails",
            ct.describe_trails().include_shadow_trails(true).send(),
        )
        .await?;
    let trails = join_all(out.trail_list().iter().map(|t| async move {
        let id = t.trail_arn().or(t.name()).unwrap_or_default().to_string();
        let (status, selectors) = tokio::join!(
            ctx.call(
                Service::CloudTrail,
                "GetTrailStatus",
                &id,
                ct.get_trail_status().name(&id).send()
            ),
            ctx.call(
                Service::CloudTrail,
                "GetEventSelectors",
                &id,
                ct.get_event_selectors().trail_name(&id).send()
            ),
        );
        // A trail that is gone by the time it is read (deleted meanwhile; or, on moto, another
        // region's multi-region trail, whose selectors only its home region answers) is skipped.
        let (Some(status), Some(selectors)) = (existence(status)?, existence(selectors)?) else {
            return Ok(None);
        };
        Ok::<_, CallError>(Some(Trail {
            name: t.name().unwrap_or_default().to_string(),
            logging: status.is_logging().unwrap_or(false),
            s3_data_events: s3_data_events(
                selectors.event_selectors(),
                selectors.advanced_event_selectors(),
                ctx.partition,
            ),
            multi_region: t.is_multi_region_trail().unwrap_or(false),
            log_file_validation: t.log_file_validation_enabled().unwrap_or(false),
            kms_key: t.kms_key_id().filter(|k| !k.is_empty()).map(str::to_string),
            management_events: management_events(
                selectors.event_selectors(),
                selectors.advanced_event_selectors(),
            ),
            bucket: t.s3_bucket_name().unwrap_or_default().to_string(),
            prefix: t
                .s3_key_prefix()
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        }))
    }))
    .await;
    let trails: Vec<Option<Trail>> = trails.into_iter().collect::<Result<_, _>>()?;
    Ok(trails.into_iter().flatten().collect())
}

/// The lake's trail among the account's (read with them: only its tags take another call).
/// `None` when the lake has no trail or the account has no trail of that name.
pub(super) async fn lake_trail(
    ctx: &Ctx<'_>,
    desired: Option<&LakeTrail>,
    trails: &Prop<Vec<Trail>>,
) -> Option<LakeTrail> {
    let desired = desired?;
    let trails = match trails {
        Prop::Known(trails) => trails,
        Prop::Unknown(u) => {
            let reason = &u.unknown;
            return Some(LakeTrail {
                bucket: Prop::unknown(reason),
                prefix: Prop::unknown(reason),
                key: Prop::unknown(reason),
                multi_region: Prop::unknown(reason),
                log_file_validation: Prop::unknown(reason),
                selectors: Prop::unknown(reason),
                logging: Prop::unknown(reason),
                tags: Prop::unknown(reason),
                ..desired.clone()
            });
        }
    };
    let live = trails.iter().find(|t| t.name == desired.name)?;
    let tags = read_tags(ctx, &ctx.arns().trail(&desired.name)).await;
    Some(LakeTrail {
        bucket: Prop::Known(live.bucket.clone()),
        prefix: Prop::Known(live.prefix.clone().unwrap_or_default()),
        key: Prop::Known(live.kms_key.as_deref().map(|k| ctx.keys.key_ref(k))),
        multi_region: Prop::Known(live.multi_region),
        log_file_validation: Prop::Known(live.log_file_validation),
        selectors: Prop::Known(TrailSelectors {
            management: live.management_events,
            s3_data_buckets: live.s3_data_events.clone(),
        }),
        logging: Prop::Known(live.logging),
        tags: known(tags),
        ..desired.clone()
    })
}

async fn read_tags(ctx: &Ctx<'_>, arn: &str) -> Result<Tags, CallError> {
    let request = ctx.aws.cloudtrail.list_tags().resource_id_list(arn).send();
    let out = ctx
        .call(Service::CloudTrail, "ListTags", arn, request)
        .await?;
    let tags = out.resource_tag_list().iter().flat_map(|r| r.tags_list());
    Ok(tags
        .map(|t| {
            (
                t.key().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

/// The management events the selectors record: basic selectors by `ReadWriteType` (when they
/// include management events), advanced ones by `eventCategory = Management` and `readOnly`.
pub(super) fn management_events(
    basic: &[ct::EventSelector],
    advanced: &[ct::AdvancedEventSelector],
) -> ManagementEvents {
    let of_type = |t: Option<&ct::ReadWriteType>| match t {
        Some(ct::ReadWriteType::ReadOnly) => ManagementEvents::ReadOnly,
        Some(ct::ReadWriteType::WriteOnly) => ManagementEvents::WriteOnly,
        _ => ManagementEvents::All,
    };
    let mut events = ManagementEvents::None;
    for s in basic
        .iter()
        .filter(|s| s.include_management_events() != Some(false))
    {
        events = events.and(of_type(s.read_write_type()));
    }
    for selector in advanced {
        let field = |name: &str| (selector.field_selectors().iter()).find(|f| f.field() == name);
        let management =
            field("eventCategory").is_some_and(|f| f.equals().iter().any(|v| v == "Management"));
        if !management {
            continue;
        }
        let read_only = field("readOnly").map(|f| f.equals().to_vec());
        events = events.and(match read_only.as_deref() {
            Some([v]) if v == "true" => ManagementEvents::ReadOnly,
            Some([v]) if v == "false" => ManagementEvents::WriteOnly,
            _ => ManagementEvents::All,
        });
    }
    events
}

/// Bucket ARNs whose object events are logged; `arn:<partition>:s3` stands for every bucket.
pub(super) fn s3_data_events(
    basic: &[ct::EventSelector],
    advanced: &[ct::AdvancedEventSelector],
    partition: &str,
) -> Vec<String> {
    let all = arn::all_buckets(partition);
    let mut buckets: Vec<String> = basic
        .iter()
        .flat_map(|s| s.data_resources())
        .filter(|r| r.r#type() == Some("AWS::S3::Object"))
        .flat_map(|r| r.values())
        .map(|v| bucket_arn(v, &all))
        .collect();
    for selector in advanced {
        let field = |name: &str| {
            selector
                .field_selectors()
                .iter()
                .find(|f| f.field() == name)
        };
        let is_data =
            field("eventCategory").is_some_and(|f| f.equals().iter().any(|v| v == "Data"));
        let is_s3 = field("resources.type")
            .is_some_and(|f| f.equals().iter().any(|v| v == "AWS::S3::Object"));
        if !(is_data && is_s3) {
            continue;
        }
        match field("resources.ARN") {
            Some(arns) => buckets.extend(
                arns.equals()
                    .iter()
                    .chain(arns.starts_with())
                    .map(|v| bucket_arn(v, &all)),
            ),
            None => buckets.push(all.clone()),
        }
    }
    buckets.sort();
    buckets.dedup();
    buckets
}

/// `arn:aws:s3:::bucket/prefix` → `arn:aws:s3:::bucket`; `arn:aws:s3` (or `arn:aws:s3:::`) is
/// every bucket.
fn bucket_arn(value: &str, all: &str) -> String {
    match value.split_once(":::") {
        Some((head, rest)) => {
            let bucket = rest.split('/').next().unwrap_or_default();
            if bucket.is_empty() {
                all.to_string()
            } else {
                format!("{head}:::{bucket}")
            }
        }
        None => all.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_and_advanced_selectors_give_bucket_arns() {
        let basic = ct::EventSelector::builder()
            .data_resources(
                ct::DataResource::builder()
                    .r#type("AWS::S3::Object")
                    .values("arn:aws:s3:::raw-bucket/")
                    .values("arn:aws:s3:::curated/events/")
                    .build(),
            )
            .data_resources(
                ct::DataResource::builder()
                    .r#type("AWS::Lambda::Function")
                    .values("arn:aws:lambda")
                    .build(),
            )
            .build();
        let field = |name: &str, value: &str| {
            ct::AdvancedFieldSelector::builder()
                .field(name)
                .equals(value)
                .build()
                .unwrap()
        };
        let advanced_all = ct::AdvancedEventSelector::builder()
            .field_selectors(field("eventCategory", "Data"))
            .field_selectors(field("resources.type", "AWS::S3::Object"))
            .build()
            .unwrap();
        let advanced_one = ct::AdvancedEventSelector::builder()
            .field_selectors(field("eventCategory", "Data"))
            .field_selectors(field("resources.type", "AWS::S3::Object"))
            .field_selectors(
                ct::AdvancedFieldSelector::builder()
                    .field("resources.ARN")
                    .starts_with("arn:aws:s3:::logs/")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        assert_eq!(
            s3_data_events(&[basic], std::slice::from_ref(&advanced_one), "aws"),
            vec![
                "arn:aws:s3:::curated".to_string(),
                "arn:aws:s3:::logs".to_string(),
                "arn:aws:s3:::raw-bucket".to_string(),
            ]
        );
        assert_eq!(
            s3_data_events(&[], &[advanced_all, advanced_one], "aws"),
            vec!["arn:aws:s3".to_string(), "arn:aws:s3:::logs".to_string()]
        );
    }
}
