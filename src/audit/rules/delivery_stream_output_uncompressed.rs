//! LK-FH-004: delivery streams compress what they write, unless they convert it to a columnar
//! format (which compresses by itself).

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{ColumnarFormat, Compression, Model, TableCompression};

pub static RULE: Rule = Rule {
    id: "LK-FH-004",
    name: "delivery-stream-output-uncompressed",
    title: "Firehose delivery streams compress the objects they write, or convert them to Parquet or ORC",
    severity: Severity::Low,
    service: Service::Firehose,
    lens: &[ids::PERF_FORMATS, ids::COST_STORAGE],
    rationale: "Raw records are the largest and most often re-read data of the lake. Uncompressed JSON or CSV costs several times the storage and, for every query or crawl, several times the bytes scanned; Firehose compresses at no extra charge.",
    remediation: "Set the destination's `CompressionFormat` to GZIP (or Snappy, ZIP, HADOOP_SNAPPY), or turn on record format conversion to Parquet/ORC with the serializer's compression SNAPPY, GZIP or ZLIB (not UNCOMPRESSED/NONE). In the blueprint: `delivery_streams[].compression` (default gzip), or `delivery_streams[].format_conversion`, which lakectl writes with SNAPPY.",
    blueprint_field: Some("delivery_streams[].compression"),
    scopes: Scopes {
        static_: "Every delivery stream compresses, or converts to a columnar format its serializer compresses.",
        blueprint: "Every deployed delivery stream compresses, or converts to a columnar format its serializer compresses.",
        account: "Every delivery stream to S3 compresses, or converts to a columnar format its serializer compresses.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for ds in &model.delivery_streams {
        let resource = Resource::delivery_stream(&model.lake, ds);
        let Some(conversion) = out.known(&resource, "format conversion", &ds.format_conversion)
        else {
            continue;
        };
        // A converting stream has Firehose compression off by AWS's rule: its serializer is
        // what compresses.
        if let Some(conversion) = conversion {
            let compressed = conversion.compression != TableCompression::None;
            out.check(resource, compressed, || {
                format!(
                    "records are converted to {} but the serializer writes them uncompressed",
                    match conversion.format {
                        ColumnarFormat::Parquet => "Parquet",
                        ColumnarFormat::Orc => "ORC",
                    }
                )
            });
            continue;
        }
        let Some(compression) = out.known(&resource, "compression", &ds.compression) else {
            continue;
        };
        out.check(resource, *compression != Compression::Uncompressed, || {
            "objects are written uncompressed".to_string()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let name = model.delivery_streams[0].id.clone();
        model.delivery_streams[0].compression = Prop::Known(Compression::Uncompressed);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(&name, "objects are written uncompressed")]
        );
        let mut conversion = format_conversion();
        model.delivery_streams[0].format_conversion = Prop::Known(Some(conversion.clone()));
        assert_eq!(
            problems(&RULE, &model),
            vec![],
            "the Parquet serializer compresses with SNAPPY"
        );
        conversion.compression = TableCompression::None;
        model.delivery_streams[0].format_conversion = Prop::Known(Some(conversion));
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "records are converted to Parquet but the serializer writes them uncompressed"
            )]
        );
        model.delivery_streams[0].format_conversion =
            unknown_prop("firehose:DescribeDeliveryStream");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &name,
                "format conversion: AccessDenied on firehose:DescribeDeliveryStream"
            )]
        );
        model.delivery_streams[0].format_conversion = Prop::Known(None);
        model.delivery_streams[0].compression = unknown_prop("firehose:DescribeDeliveryStream");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &name,
                "compression: AccessDenied on firehose:DescribeDeliveryStream"
            )]
        );
    }
}
