//! The lake's CloudTrail trail: CreateTrail (or UpdateTrail for bucket, prefix, key, regions and
//! validation), PutEventSelectors, StartLogging, AddTags. Each call is an upsert of what the
//! plan says differs, so a retried deploy writes the same again. The log bucket's policy and
//! the key's policy come first (apply's order): CloudTrail checks both when it creates the trail.

use aws_sdk_cloudtrail::types::{AdvancedEventSelector, AdvancedFieldSelector, Tag};

use super::errors::CallContext;
use super::{Applied, Applier, Step, Writer};
use crate::model::property::TrailProperty as P;
use crate::model::{Kind, LakeTrail, ManagementEvents, TrailSelectors};
use crate::plan::{Action, ResourceChange};

/// Every trail property is written by the trail's own step.
pub fn writer(p: P) -> Writer {
    match p {
        P::Bucket
        | P::Prefix
        | P::Key
        | P::MultiRegion
        | P::LogFileValidation
        | P::EventSelectors
        | P::Logging
        | P::Tags => Writer::Step(Step::Resource(Kind::Trail)),
    }
}

/// The trail's settings UpdateTrail writes.
const SETTINGS: [P; 5] = [
    P::Bucket,
    P::Prefix,
    P::Key,
    P::MultiRegion,
    P::LogFileValidation,
];

pub async fn trail(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = (a.desired.trail.as_ref())
        .filter(|t| t.name == rc.name)
        .ok_or_else(|| anyhow::anyhow!("internal: no trail {} in the model", rc.name))?;
    let creating = rc.action == Action::Create;
    let mut done = Vec::new();
    if creating {
        create(a, d).await?;
        done.push(Applied::created());
    } else if SETTINGS.iter().any(|p| rc.writes(*p)) {
        update(a, d).await?;
        let written = SETTINGS.into_iter().filter(|p| rc.writes(*p));
        done.push(Applied::updated_all(
            written.map(Into::into).collect(),
            "trail updated",
        ));
    }
    if creating || rc.writes(P::EventSelectors) {
        selectors(a, d).await?;
        if !creating {
            done.push(Applied::updated(P::EventSelectors, "event selectors put"));
        }
    }
    if creating || rc.writes(P::Logging) {
        logging(a, d).await?;
        if !creating {
            done.push(Applied::updated(P::Logging, "logging switched"));
        }
    }
    if !creating && rc.writes(P::Tags) {
        (a.aws
            .cloudtrail
            .add_tags()
            .resource_id(a.arns().trail(&d.name)))
        .set_tags_list(Some(tags(d)?))
        .send()
        .await
        .call("cloudtrail:AddTags", &d.name)?;
        done.push(Applied::updated(P::Tags, "tags updated"));
    }
    Ok(done)
}

/// Bucket (resolved), prefix and key ARN of the trail.
fn target(a: &Applier<'_>, d: &LakeTrail) -> anyhow::Result<(String, String, Option<String>)> {
    let missing = |what: &str| anyhow::anyhow!("trail {} has no {what} in the model", d.name);
    let bucket = d.bucket.known().ok_or_else(|| missing("bucket"))?;
    let prefix = d.prefix.known().ok_or_else(|| missing("prefix"))?;
    let key = a.key_arn_opt(d.key.known().ok_or_else(|| missing("key"))?)?;
    Ok((a.resolver().resolve(bucket), prefix.clone(), key))
}

async fn create(a: &Applier<'_>, d: &LakeTrail) -> anyhow::Result<()> {
    let (bucket, prefix, key) = target(a, d)?;
    (a.aws.cloudtrail.create_trail().name(&d.name))
        .s3_bucket_name(bucket)
        .s3_key_prefix(prefix)
        .set_kms_key_id(key)
        .is_multi_region_trail(d.multi_region.known() != Some(&false))
        .enable_log_file_validation(d.log_file_validation.known() != Some(&false))
        .include_global_service_events(true)
        .set_tags_list(Some(tags(d)?))
        .send()
        .await
        .call("cloudtrail:CreateTrail", &d.name)?;
    Ok(())
}

async fn update(a: &Applier<'_>, d: &LakeTrail) -> anyhow::Result<()> {
    let (bucket, prefix, key) = target(a, d)?;
    (a.aws.cloudtrail.update_trail().name(&d.name))
        .s3_bucket_name(bucket)
        .s3_key_prefix(prefix)
        .set_kms_key_id(key)
        .is_multi_region_trail(d.multi_region.known() != Some(&false))
        .enable_log_file_validation(d.log_file_validation.known() != Some(&false))
        .include_global_service_events(true)
        .send()
        .await
        .call("cloudtrail:UpdateTrail", &d.name)?;
    Ok(())
}

async fn selectors(a: &Applier<'_>, d: &LakeTrail) -> anyhow::Result<()> {
    let s = (d.selectors.known())
        .ok_or_else(|| anyhow::anyhow!("trail {} has no event selectors in the model", d.name))?;
    let resolver = a.resolver();
    let resolved = TrailSelectors {
        management: s.management,
        s3_data_buckets: (s.s3_data_buckets.iter())
            .map(|b| resolver.resolve(b))
            .collect(),
    };
    (a.aws.cloudtrail.put_event_selectors().trail_name(&d.name))
        .set_advanced_event_selectors(Some(advanced_selectors(&resolved)?))
        .send()
        .await
        .call("cloudtrail:PutEventSelectors", &d.name)?;
    Ok(())
}

/// Management events as asked, and object events of the buckets (`arn:…:s3:::bucket/`).
pub fn advanced_selectors(s: &TrailSelectors) -> anyhow::Result<Vec<AdvancedEventSelector>> {
    let field = |name: &str, values: Vec<String>, starts_with: bool| {
        let f = AdvancedFieldSelector::builder().field(name);
        let f = if starts_with {
            f.set_starts_with(Some(values))
        } else {
            f.set_equals(Some(values))
        };
        f.build()
    };
    let mut selectors = Vec::new();
    if s.management != ManagementEvents::None {
        let mut fields = vec![field("eventCategory", vec!["Management".into()], false)?];
        match s.management {
            ManagementEvents::ReadOnly => {
                fields.push(field("readOnly", vec!["true".into()], false)?)
            }
            ManagementEvents::WriteOnly => {
                fields.push(field("readOnly", vec!["false".into()], false)?)
            }
            _ => {}
        }
        selectors.push(
            AdvancedEventSelector::builder()
                .name("Management events")
                .set_field_selectors(Some(fields))
                .build()?,
        );
    }
    if !s.s3_data_buckets.is_empty() {
        let objects = (s.s3_data_buckets.iter())
            .map(|b| format!("{b}/"))
            .collect();
        selectors.push(
            AdvancedEventSelector::builder()
                .name("S3 data events of the zone buckets")
                .field_selectors(field("eventCategory", vec!["Data".into()], false)?)
                .field_selectors(field(
                    "resources.type",
                    vec!["AWS::S3::Object".into()],
                    false,
                )?)
                .field_selectors(field("resources.ARN", objects, true)?)
                .build()?,
        );
    }
    Ok(selectors)
}

async fn logging(a: &Applier<'_>, d: &LakeTrail) -> anyhow::Result<()> {
    let ct = &a.aws.cloudtrail;
    if d.logging.known() == Some(&false) {
        let out = ct.stop_logging().name(&d.name).send().await;
        out.call("cloudtrail:StopLogging", &d.name)?;
    } else {
        let out = ct.start_logging().name(&d.name).send().await;
        out.call("cloudtrail:StartLogging", &d.name)?;
    }
    Ok(())
}

fn tags(d: &LakeTrail) -> anyhow::Result<Vec<Tag>> {
    let tags = d.tags.known().into_iter().flatten();
    let tags = tags.map(|(k, v)| Tag::builder().key(k).value(v).build());
    Ok(tags.collect::<Result<Vec<_>, _>>()?)
}
