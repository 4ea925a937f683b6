//! Athena work groups: configuration enforced, results SSE-KMS in the lake's results bucket.

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::FieldPath;
use crate::model::naming::{self, ATHENA_RESULTS, logical_id};
use crate::model::*;

impl Compiler<'_> {
    pub(super) fn workgroups(&self) -> Vec<WorkGroup> {
        let results = naming::bucket_name(self.lake.scope(), ATHENA_RESULTS, &self.lake.account);
        let at = FieldPath::root().key("athena").key("workgroups");
        (self.bp.athena.workgroups.iter().enumerate())
            .map(|(i, w)| {
                let name = self.prefixed(&w.name);
                let workgroup = WorkGroup {
                    logical_id: format!("WorkGroup{}", logical_id(&w.name)),
                    description: Prop::Known(w.description.clone().unwrap_or_else(|| {
                        format!("{} work group of the {} lake", w.name, self.lake.name)
                    })),
                    enforce_configuration: Prop::Known(true),
                    result_location: Prop::Known(Some(format!("s3://{results}/{name}/"))),
                    result_encryption: Prop::Known(Some(ResultEncryption {
                        option: "SSE_KMS".to_string(),
                        key: Some(KeyRef::Lake(self.platform_key().to_string())),
                    })),
                    bytes_scanned_cutoff: Prop::Known(Some(
                        w.bytes_scanned_cutoff_mb * 1024 * 1024,
                    )),
                    metrics: Prop::Known(w.metrics),
                    engine_version: Prop::Known(ATHENA_ENGINE_V3.to_string()),
                    tags: self.tags(),
                    name,
                };
                let ids = vec![workgroup.logical_id.clone()];
                self.record(Origin::new(at.index(i).key("name"), &workgroup.name, ids));
                workgroup
            })
            .collect()
    }
}
