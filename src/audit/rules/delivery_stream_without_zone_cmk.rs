//! LK-FH-001: delivery streams encrypt what they write with the destination zone's key.

use crate::audit::Resource;
use crate::audit::keys;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{customer_managed, record_cmk, zone_of};
use crate::audit::scope::{Scope, Scopes};
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-FH-001",
    name: "delivery-stream-without-zone-cmk",
    title: "Firehose delivery streams write objects encrypted with the destination zone's key",
    severity: Severity::High,
    service: Service::Firehose,
    lens: &[ids::SEC_AT_REST],
    rationale: "Firehose names the KMS key of every object it delivers. Without one, objects get whatever the request defaults to; with another key, the zone's key policy no longer governs who reads the delivered data, and the bucket policy's key deny makes the delivery fail.",
    remediation: "Set the destination's encryption to the zone key (`EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN`) and redeploy with `lakectl deploy`, which derives it from `delivery_streams[].zone`.",
    blueprint_field: Some("delivery_streams[].zone"),
    scopes: Scopes {
        static_: "Delivery streams encrypt objects with their destination zone's key.",
        blueprint: "Deployed delivery streams encrypt objects with their destination zone's key.",
        account: "Every delivery stream encrypts delivered objects with a customer managed key.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for ds in &model.delivery_streams {
        let resource = Resource::delivery_stream(&model.lake, ds);
        let Some(key) = out.known(&resource, "destination encryption", &ds.destination_key) else {
            continue;
        };
        let Some(key) = key else {
            out.fail(
                resource,
                "delivered objects are not encrypted with a KMS key",
            );
            continue;
        };
        // An account has no zone keys: a customer managed key is what it can require.
        let zone_key = model
            .bucket(&ds.bucket)
            .filter(|_| out.scope() != Scope::Account)
            .and_then(zone_of)
            .and_then(|(zone, _)| keys::zone_key(model, zone));
        match zone_key {
            Some(zone_key) => out.check(resource, keys::ref_denotes(model, key, zone_key), || {
                format!(
                    "delivered objects are encrypted with {}, not the zone's key `{}`",
                    keys::describe(key),
                    zone_key.alias
                )
            }),
            // A destination outside the lake's zones: a customer managed key is the most
            // this rule can ask.
            None => record_cmk(
                out,
                resource,
                "delivered objects are",
                customer_managed(model, key),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{KeyRef, Prop};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let cases = [
            (
                Prop::Known(None),
                fail(
                    "clicks-to-raw",
                    "delivered objects are not encrypted with a KMS key",
                ),
            ),
            (
                Prop::Known(Some(KeyRef::Lake("curated".into()))),
                fail(
                    "clicks-to-raw",
                    "delivered objects are encrypted with lake key `curated`, not the zone's key `alias/retail-prod-raw`",
                ),
            ),
            (
                unknown_prop("firehose:DescribeDeliveryStream"),
                unknown(
                    "clicks-to-raw",
                    "destination encryption: AccessDenied on firehose:DescribeDeliveryStream",
                ),
            ),
        ];
        for (key, expected) in cases {
            model.delivery_streams[0].destination_key = key;
            assert_eq!(problems(&RULE, &model), vec![expected]);
        }
    }

    #[test]
    fn a_destination_outside_the_zones_needs_a_customer_managed_key() {
        let mut model = compliant_model();
        model.delivery_streams[0].bucket = "elsewhere".into();
        model.delivery_streams[0].destination_key =
            Prop::Known(Some(KeyRef::Lake("curated".into())));
        assert_eq!(problems(&RULE, &model), vec![]);
    }
}
