//! The lake's CloudTrail trail, as the templates see it.

use super::*;
use crate::model::LakeTrail;

#[derive(Debug, Serialize)]
pub struct TrailView {
    pub logical_id: String,
    /// The log bucket's policy: CloudTrail checks it when the trail is created.
    pub depends_on: Vec<String>,
    pub name: String,
    pub bucket: Value,
    pub prefix: String,
    pub key: Value,
    pub multi_region: bool,
    pub selectors: Value,
    pub tags: Value,
}

impl ViewBuilder<'_> {
    pub(super) fn trails(&self) -> Result<Vec<TrailView>, RenderError> {
        (self.model.trail.iter()).map(|t| self.trail(t)).collect()
    }

    fn trail(&self, t: &LakeTrail) -> Result<TrailView, RenderError> {
        let what = |field: &str| format!("cloudtrail trail `{}` {field}", t.name);
        let bucket_name = known(&t.bucket, || what("bucket"))?;
        let bucket = (self.bucket_by_name.get(bucket_name.as_str())).ok_or_else(|| {
            RenderError::Reference {
                what: what("bucket"),
                target: format!("bucket `{bucket_name}`"),
            }
        })?;
        let key = known(&t.key, || what("key"))?.as_ref();
        let key_ref = key.ok_or_else(|| RenderError::Reference {
            what: what("key"),
            target: "a lake key".to_string(),
        })?;
        let key_arn = self.key_arn(key_ref, &what("key"))?.unwrap_or(Value::Null);
        // The key (with its policy) is a GetAtt away already.
        let depends_on = vec![naming::companion_id(
            &bucket.logical_id,
            "Bucket",
            "BucketPolicy",
        )];
        let selectors = known(&t.selectors, || what("event selectors"))?;
        let objects: Vec<Value> = (selectors.s3_data_buckets.iter())
            .map(|arn| self.tokens.sub(&format!("{arn}/")))
            .collect();
        Ok(TrailView {
            logical_id: t.logical_id.clone(),
            depends_on,
            name: t.name.clone(),
            bucket: json!({ "Ref": bucket.logical_id }),
            prefix: known(&t.prefix, || what("prefix"))?.clone(),
            key: key_arn,
            multi_region: *known(&t.multi_region, || what("multi-region"))?,
            selectors: advanced_selectors(selectors.management, objects),
            tags: cfn::tag_list(known(&t.tags, || what("tags"))?),
        })
    }
}

/// CloudFormation's `AdvancedEventSelectors`: management events (read and write) and object
/// events of the listed buckets.
fn advanced_selectors(management: ManagementEvents, objects: Vec<Value>) -> Value {
    let mut selectors = Vec::new();
    if management != ManagementEvents::None {
        let mut fields = vec![json!({ "Field": "eventCategory", "Equals": ["Management"] })];
        match management {
            ManagementEvents::ReadOnly => {
                fields.push(json!({ "Field": "readOnly", "Equals": ["true"] }))
            }
            ManagementEvents::WriteOnly => {
                fields.push(json!({ "Field": "readOnly", "Equals": ["false"] }))
            }
            _ => {}
        }
        selectors.push(json!({ "Name": "Management events", "FieldSelectors": fields }));
    }
    if !objects.is_empty() {
        selectors.push(json!({
            "Name": "S3 data events of the zone buckets",
            "FieldSelectors": [
                { "Field": "eventCategory", "Equals": ["Data"] },
                { "Field": "resources.type", "Equals": ["AWS::S3::Object"] },
                { "Field": "resources.ARN", "StartsWith": objects },
            ],
        }));
    }
    Value::Array(selectors)
}
