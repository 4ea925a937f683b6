//! LK-FH-007: a delivery stream that transforms records with Lambda keeps the source records.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-FH-007",
    name: "transformed-delivery-without-source-backup",
    title: "Firehose delivery streams that transform records with Lambda back up the source records to S3",
    severity: Severity::Medium,
    service: Service::Firehose,
    lens: &[ids::REL_RECOVER_ETL],
    rationale: "A Lambda processor rewrites each record before delivery. When the function has a bug, drops fields or is changed for the worse, only the transformed records reach the lake and the originals are gone, unless Firehose backs up the source records (`S3BackupMode: Enabled`). With the backup, a failed or faulty transformation can be replayed from the untouched input; the lens asks that ETL failures can be recovered from.",
    remediation: "Set `S3BackupMode: Enabled` with an `S3BackupConfiguration` (its own prefix, encrypted with the zone's key) on the extended S3 destination. lakectl's delivery streams run no Lambda transform; a stream changed by hand is written back by `lakectl deploy`.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "Blueprint delivery streams run no Lambda transform, so there is nothing to back up.",
        blueprint: "Every deployed delivery stream with an enabled Lambda processor backs up its source records.",
        account: "Every delivery stream with an enabled Lambda processor backs up its source records.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for ds in &model.delivery_streams {
        let resource = Resource::delivery_stream(&model.lake, ds);
        let Some(transform) = out.known(&resource, "processors", &ds.transform) else {
            continue;
        };
        let Some(transform) = transform else {
            out.not_applicable(resource, "no Lambda processor transforms its records");
            continue;
        };
        out.check(resource, transform.source_backup, || {
            format!(
                "Lambda `{}` transforms its records but the source records are not backed up (S3BackupMode Disabled): a faulty transform loses them",
                transform.lambda
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{Prop, Transform};

    #[test]
    fn a_transform_needs_the_source_backed_up() {
        let mut model = compliant_model();
        let name = model.delivery_streams[0].id.clone();
        assert_eq!(
            outcomes(&RULE, &model),
            vec![na(&name, "no Lambda processor transforms its records")]
        );
        let lambda = "arn:aws:lambda:us-east-1:123456789012:function:enrich";
        model.delivery_streams[0].transform = Prop::Known(Some(Transform {
            lambda: lambda.into(),
            source_backup: true,
        }));
        assert_eq!(problems(&RULE, &model), vec![]);
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        model.delivery_streams[0].transform = Prop::Known(Some(Transform {
            lambda: lambda.into(),
            source_backup: false,
        }));
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                &format!(
                    "Lambda `{lambda}` transforms its records but the source records are not backed up (S3BackupMode Disabled): a faulty transform loses them"
                )
            )]
        );
        model.delivery_streams[0].transform = unknown_prop("firehose:DescribeDeliveryStream");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &name,
                "processors: AccessDenied on firehose:DescribeDeliveryStream"
            )]
        );
    }
}
