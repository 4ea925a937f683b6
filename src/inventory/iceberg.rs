//! The partition spec of a live Iceberg table. Glue keeps it in no field of the table: it is in
//! the Iceberg metadata file that the `metadata_location` parameter names, which is read from
//! S3 (one GetObject per Iceberg table; other tables cost nothing).

use aws_sdk_glue::types as g;

use super::ctx::Ctx;
use crate::aws::Service;
use crate::model::arn::{bucket_objects, s3_parts};
use crate::model::iceberg::{self, PartitionField};
use crate::model::{Prop, TableFormat};

/// The Glue parameter naming the table's current metadata file.
pub const METADATA_LOCATION: &str = "metadata_location";

/// The table's partitioning: empty unless it is Iceberg, the default spec of its metadata file
/// if it is, and unknown when that file cannot be read.
pub(super) async fn partitioning(
    ctx: &Ctx<'_>,
    table: &g::Table,
    format: &Prop<TableFormat>,
) -> Prop<Vec<PartitionField>> {
    match format {
        Prop::Known(TableFormat::Iceberg) => {}
        Prop::Known(_) => return Prop::Known(Vec::new()),
        Prop::Unknown(u) => return Prop::Unknown(u.clone()),
    }
    let location = table
        .parameters()
        .and_then(|p| p.get(METADATA_LOCATION))
        .map(String::as_str);
    let Some((bucket, key)) = location.and_then(s3_parts) else {
        return Prop::unknown(format!(
            "the Iceberg table has no {METADATA_LOCATION} parameter naming its metadata file in \
             S3, so its partition spec cannot be read"
        ));
    };
    if key.ends_with(".gz.metadata.json") {
        return Prop::unknown(format!(
            "its metadata file s3://{bucket}/{key} is gzip-compressed, which lakectl does not read"
        ));
    }
    let arn = bucket_objects(ctx.partition, bucket, key);
    let read = ctx
        .call(
            Service::S3,
            "GetObject",
            &arn,
            ctx.aws.s3.get_object().bucket(bucket).key(key).send(),
        )
        .await;
    let body = match read {
        Ok(out) => out.body.collect().await.map(|b| b.into_bytes()),
        Err(e) => return Prop::unknown(e.reason()),
    };
    match body {
        Ok(bytes) => match iceberg::partition_spec(&bytes) {
            Ok(fields) => Prop::Known(fields),
            Err(e) => Prop::unknown(format!("s3://{bucket}/{key}: {e}")),
        },
        Err(e) => Prop::unknown(format!("reading s3://{bucket}/{key}: {e}")),
    }
}
