//! The lake's own CloudTrail trail (`trail:`): every region's management events and the zone
//! buckets' S3 data events, into the access-log bucket under the trail's prefix, encrypted with
//! the platform key, with log file validation.

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::{FieldPath, TrailSection};
use crate::model::naming;
use crate::model::*;

impl Compiler<'_> {
    /// The blueprint's trail section when it asks for a trail.
    pub(super) fn trail_section(&self) -> Option<&TrailSection> {
        self.bp.trail.as_ref().filter(|t| t.enabled)
    }

    /// The lake trail's ARN, when the lake has one (the log bucket and key policies name it).
    pub(super) fn trail_arn(&self) -> Option<String> {
        self.trail_section()
            .map(|_| self.arns().trail(&naming::trail(self.lake.scope())))
    }

    pub(super) fn trail(&self, buckets: &[Bucket]) -> Option<LakeTrail> {
        let section = self.trail_section()?;
        let name = naming::trail(self.lake.scope());
        let logical_id = "Trail".to_string();
        let logs = buckets
            .iter()
            .find(|b| b.purpose == BucketPurpose::AccessLogs)?;
        let mut zones: Vec<String> = (buckets.iter())
            .filter(|b| b.zone().is_some())
            .map(|b| b.arn(&self.lake.partition))
            .collect();
        zones.sort();
        self.record(
            Origin::new(
                FieldPath::root().key("trail"),
                &name,
                vec![logical_id.clone()],
            )
            .named("cloudtrail trail", &name),
        );
        Some(LakeTrail {
            name,
            logical_id,
            bucket: Prop::Known(logs.name.clone()),
            prefix: Prop::Known(section.prefix.clone()),
            key: Prop::Known(Some(KeyRef::Lake(self.platform_key().to_string()))),
            multi_region: Prop::Known(section.multi_region),
            log_file_validation: Prop::Known(true),
            selectors: Prop::Known(TrailSelectors {
                management: ManagementEvents::All,
                s3_data_buckets: zones,
            }),
            logging: Prop::Known(true),
            tags: self.tags(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::compile::{CompileOptions, compile};
    use crate::model::policy::Statement;
    use crate::model::*;

    const ACCOUNT: &str = "123456789012";

    fn lake(trail: &str) -> Model {
        let yaml = format!(
            "lake: {{ name: retail, environment: prod, region: us-east-1, owner: data }}\n{trail}"
        );
        let source = crate::blueprint::Source::new("b.yaml", yaml);
        let bp = crate::load::text(&source, None).unwrap_or_else(|d| panic!("{d}"));
        compile(
            &bp,
            &CompileOptions::default().with_account(Some(ACCOUNT.into())),
        )
    }

    fn statement<'p>(policy: &'p PolicyDocument, sid: &str) -> Option<&'p Statement> {
        policy
            .statements
            .iter()
            .find(|s| s.sid.as_deref() == Some(sid))
    }

    #[test]
    fn a_trail_section_compiles_to_the_lake_trail_and_its_grants() {
        let model = lake("trail: { prefix: audit/ct }\n");
        let trail = model.trail.as_ref().unwrap();
        let arn =
            format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/retail-prod-us-east-1-trail");
        let logs = model.bucket("access-logs").unwrap();
        let zones: Vec<String> = ["cleansed", "curated", "raw"]
            .iter()
            .map(|z| model.bucket(z).unwrap().arn("aws"))
            .collect();
        assert_eq!(trail.name, "retail-prod-us-east-1-trail");
        assert_eq!(trail.bucket, Prop::Known(logs.name.clone()));
        assert_eq!(trail.prefix, Prop::Known("audit/ct".to_string()));
        assert_eq!(
            trail.key,
            Prop::Known(Some(KeyRef::Lake("platform".into())))
        );
        assert_eq!(trail.multi_region, Prop::Known(true));
        assert_eq!(trail.log_file_validation, Prop::Known(true));
        assert_eq!(
            trail.selectors,
            Prop::Known(TrailSelectors {
                management: ManagementEvents::All,
                s3_data_buckets: zones
            })
        );
        assert_eq!(trail.logging, Prop::Known(true));

        let policy = logs.policy.known().unwrap().as_ref().unwrap();
        let bucket_arn = logs.arn("aws");
        let write = statement(policy, "CloudTrailWrite").unwrap();
        assert_eq!(
            write.resource.0,
            [format!("{bucket_arn}/audit/ct/AWSLogs/*")]
        );
        assert_eq!(
            serde_json::to_value(&write.condition).unwrap(),
            serde_json::json!({ "StringEquals": {
                "s3:x-amz-acl": "bucket-owner-full-control",
                "aws:SourceArn": arn,
            }})
        );
        let acl = statement(policy, "CloudTrailAclCheck").unwrap();
        assert_eq!(acl.action.0, ["s3:GetBucketAcl"]);
        assert_eq!(acl.resource.0, [bucket_arn]);
        assert!(
            statement(policy, "DenyInsecureTransport").is_some(),
            "TLS-only stays"
        );

        let key_policy = model.key("platform").unwrap().policy.known().unwrap();
        let encrypt = statement(key_policy, "CloudTrailEncryptsLogs").unwrap();
        assert_eq!(encrypt.action.0, ["kms:GenerateDataKey*"]);
        assert_eq!(
            serde_json::to_value(&encrypt.condition).unwrap(),
            serde_json::json!({
                "StringEquals": { "aws:SourceArn": arn },
                "StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn":
                        format!("arn:aws:cloudtrail:*:{ACCOUNT}:trail/*")
                },
            })
        );
        assert!(statement(key_policy, "CloudTrailDescribesKey").is_some());
        let raw_key = model.key("raw").unwrap().policy.known().unwrap();
        assert!(
            statement(raw_key, "CloudTrailEncryptsLogs").is_none(),
            "only the platform key"
        );
    }

    #[test]
    fn without_a_section_or_switched_off_there_is_no_trail_and_no_grant() {
        for trail in ["", "trail: { enabled: false }\n"] {
            let model = lake(trail);
            assert_eq!(model.trail, None);
            let logs = model.bucket("access-logs").unwrap();
            let policy = logs.policy.known().unwrap().as_ref().unwrap();
            assert!(statement(policy, "CloudTrailWrite").is_none());
        }
        let single = lake("trail: { multi_region: false }\n");
        assert_eq!(single.trail.unwrap().multi_region, Prop::Known(false));
    }
}
