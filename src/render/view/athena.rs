//! Athena work groups as the templates see them.

use super::*;

#[derive(Debug, Serialize)]
pub struct WorkGroupView {
    pub logical_id: String,
    pub depends_on: Vec<String>,
    pub name: String,
    pub description: Value,
    pub enforce: bool,
    pub metrics: bool,
    pub engine_version: String,
    pub bytes_scanned_cutoff: Option<u64>,
    pub output_location: Option<Value>,
    pub encryption: Option<ResultEncryptionView>,
    pub tags: Value,
}

#[derive(Debug, Serialize)]
pub struct ResultEncryptionView {
    pub option: String,
    pub key: Option<Value>,
}

impl ViewBuilder<'_> {
    pub(super) fn workgroups(&self) -> Result<Vec<WorkGroupView>, RenderError> {
        let results = self
            .model
            .buckets
            .iter()
            .find(|b| b.purpose == BucketPurpose::AthenaResults);
        self.model
            .workgroups
            .iter()
            .map(|w| {
                let what = |field: &str| format!("work group `{}` {field}", w.name);
                let encryption = match known(&w.result_encryption, || what("result encryption"))? {
                    Some(e) => Some(ResultEncryptionView {
                        option: e.option.clone(),
                        key: self.optional_key_arn(&e.key, &what("result encryption"))?,
                    }),
                    None => None,
                };
                Ok(WorkGroupView {
                    logical_id: w.logical_id.clone(),
                    // The output location is a bucket name in a string.
                    depends_on: results.map(|b| b.logical_id.clone()).into_iter().collect(),
                    name: w.name.clone(),
                    description: literal(known(&w.description, || what("description"))?),
                    enforce: *known(&w.enforce_configuration, || what("enforcement"))?,
                    metrics: *known(&w.metrics, || what("metrics"))?,
                    engine_version: known(&w.engine_version, || what("engine version"))?.clone(),
                    bytes_scanned_cutoff: *known(&w.bytes_scanned_cutoff, || {
                        what("bytes scanned cutoff")
                    })?,
                    output_location: known(&w.result_location, || what("result location"))?
                        .as_ref()
                        .map(|l| self.tokens.sub(l)),
                    encryption,
                    tags: cfn::tag_list(known(&w.tags, || what("tags"))?),
                })
            })
            .collect()
    }
}
