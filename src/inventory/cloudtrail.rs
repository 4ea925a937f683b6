//! CloudTrail: the trails that log in this region (multi-region trails included), whether each
//! is logging, and which buckets' object-level (data) events it records, from basic and advanced
//! event selectors.

use aws_sdk_cloudtrail::types as ct;
use futures::future::join_all;

use super::ctx::Ctx;
use crate::aws::{CallError, Service};
use crate::model::{Prop, Trail, arn};

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
        let (status, selectors) = (status?, selectors?);
        Ok::<_, CallError>(Trail {
            name: t.name().unwrap_or_default().to_string(),
            logging: status.is_logging().unwrap_or(false),
            s3_data_events: s3_data_events(
                selectors.event_selectors(),
                selectors.advanced_event_selectors(),
                ctx.partition,
            ),
        })
    }))
    .await;
    trails.into_iter().collect()
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
