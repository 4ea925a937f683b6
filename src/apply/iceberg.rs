//! Iceberg tables through the Glue API: created with Glue's Iceberg support, which writes the
//! first metadata file (format version 2, what Athena engine v3 writes), with the schema and
//! partition spec when the table declares `partitioning`.

use aws_sdk_glue::types::{
    CreateIcebergTableInput, IcebergInput, IcebergPartitionField, IcebergPartitionSpec,
    IcebergSchema, IcebergStructField, MetadataOperation, OpenTableFormatInput,
};
use aws_smithy_types::Document;

use crate::model::iceberg::Layout;
use crate::model::vocab::ICEBERG_CODEC;
use crate::model::{Table, TableFormat};

/// Glue's `OpenTableFormatInput` for an Iceberg table at `location` (resolved); `None` for
/// other formats.
pub fn open_table_format(
    d: &Table,
    location: &str,
) -> anyhow::Result<Option<OpenTableFormatInput>> {
    if d.format.known() != Some(&TableFormat::Iceberg) {
        return Ok(None);
    }
    let mut iceberg = IcebergInput::builder()
        .metadata_operation(MetadataOperation::Create)
        .version("2");
    let partitioning = d
        .partitioning
        .known()
        .map(Vec::as_slice)
        .unwrap_or_default();
    if !partitioning.is_empty() {
        iceberg = iceberg.create_iceberg_table_input(create_input(d, location, partitioning)?);
    }
    Ok(Some(
        OpenTableFormatInput::builder()
            .iceberg_input(iceberg.build()?)
            .build(),
    ))
}

/// The schema, partition spec and properties of a partitioned table: Glue derives an Iceberg
/// schema from the table input's columns only for unpartitioned tables.
fn create_input(
    d: &Table,
    location: &str,
    partitioning: &[crate::model::iceberg::PartitionField],
) -> anyhow::Result<CreateIcebergTableInput> {
    let columns = d.columns.known().map(Vec::as_slice).unwrap_or_default();
    let layout = Layout::of(
        columns
            .iter()
            .map(|c| (c.name.as_str(), c.kind.as_str(), c.comment.as_deref())),
        partitioning,
    )
    .ok_or_else(|| {
        anyhow::anyhow!(
            "internal: table {}.{} has a column type or partition field validation should have refused",
            d.database,
            d.name
        )
    })?;
    let fields = layout
        .schema
        .into_iter()
        .map(|f| {
            IcebergStructField::builder()
                .id(f.id)
                .name(f.name)
                .r#type(Document::String(f.kind))
                .required(false)
                .set_doc(f.doc)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let spec = layout
        .spec
        .into_iter()
        .map(|f| {
            IcebergPartitionField::builder()
                .field_id(f.field_id)
                .name(f.name)
                .source_id(f.source_id)
                .transform(f.transform)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut input = CreateIcebergTableInput::builder()
        .location(location)
        .schema(
            IcebergSchema::builder()
                .schema_id(0)
                .set_fields(Some(fields))
                .build()?,
        )
        .partition_spec(
            IcebergPartitionSpec::builder()
                .spec_id(0)
                .set_fields(Some(spec))
                .build()?,
        );
    // The same codec property the table input's parameters carry.
    if let Some(Some(codec)) = d.compression.known() {
        input = input.properties(ICEBERG_CODEC, super::glue::lower(codec));
    }
    Ok(input.build()?)
}
