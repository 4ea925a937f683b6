//! Which KMS key a reference denotes. Desired models name lake keys by model id
//! (`KeyRef::Lake`) and, inside policies, by the token `${<LogicalId>.Arn}`; live models carry
//! the real ARN (`Key::arn`), and AWS may report a key by ARN, key id, alias or alias ARN.
//! Every rule that asks "is this the zone's key?" goes through here.

use crate::model::{Key, KeyRef, Model, refs};

/// The lake key protecting a zone: the zone's own key (per-zone strategy) or the single lake
/// key (per-lake strategy).
pub fn zone_key<'m>(model: &'m Model, zone: &str) -> Option<&'m Key> {
    model.key(zone).or_else(|| model.key("lake"))
}

/// True when `text` (an ARN, key id, alias, alias ARN or `${Logical.Arn}` token) denotes `key`.
pub fn text_denotes(key: &Key, text: &str) -> bool {
    if text == refs::arn_token(&key.logical_id) {
        return true;
    }
    if let Some(arn) = &key.arn {
        if text == arn {
            return true;
        }
        // A bare key id is the last segment of the key ARN (`...:key/<id>`).
        if arn
            .rsplit_once(":key/")
            .is_some_and(|(_, id)| !id.is_empty() && id == text)
        {
            return true;
        }
    }
    // `alias/name` or `arn:...:alias/name`.
    text == key.alias || text.ends_with(&format!(":{}", key.alias))
}

/// The lake key a reference denotes, if any.
pub fn lake_key_of<'m>(model: &'m Model, reference: &KeyRef) -> Option<&'m Key> {
    match reference {
        KeyRef::Lake(id) => model.key(id),
        KeyRef::Other(text) => model.keys.iter().find(|k| text_denotes(k, text)),
        KeyRef::AwsManaged => None,
    }
}

/// True when `reference` denotes exactly `key`.
pub fn ref_denotes(model: &Model, reference: &KeyRef, key: &Key) -> bool {
    lake_key_of(model, reference).is_some_and(|k| k.id == key.id)
}

/// True for an alias of an AWS managed key (`alias/aws/s3`, `arn:...:alias/aws/kinesis`).
pub fn is_aws_managed_alias(text: &str) -> bool {
    text.starts_with("alias/aws/") || text.contains(":alias/aws/")
}

/// How a key reference reads in a message.
pub fn describe(reference: &KeyRef) -> String {
    match reference {
        KeyRef::Lake(id) => format!("lake key `{id}`"),
        KeyRef::Other(text) => format!("key `{text}`"),
        KeyRef::AwsManaged => "the AWS managed key".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::compliant_model;

    #[test]
    fn the_zone_key_is_the_zone_s_own_or_the_lake_key() {
        let mut model = compliant_model();
        assert_eq!(zone_key(&model, "raw").unwrap().id, "raw");
        model.keys.retain(|k| k.id != "raw");
        assert_eq!(zone_key(&model, "raw").map(|k| k.id.as_str()), None);
        let mut lake_key = model.keys[0].clone();
        lake_key.id = "lake".into();
        model.keys.push(lake_key);
        assert_eq!(zone_key(&model, "raw").unwrap().id, "lake");
    }

    #[test]
    fn every_way_of_naming_a_key_denotes_it() {
        let model = compliant_model();
        let mut key = model.key("raw").unwrap().clone();
        assert!(text_denotes(&key, "${KeyRaw.Arn}"));
        assert!(text_denotes(&key, "alias/retail-prod-raw"));
        assert!(text_denotes(
            &key,
            "arn:aws:kms:us-east-1:123456789012:alias/retail-prod-raw"
        ));
        assert!(!text_denotes(&key, "${KeyCurated.Arn}"));
        assert!(!text_denotes(&key, "alias/retail-prod-raw2"));
        key.arn = Some("arn:aws:kms:us-east-1:123456789012:key/1234abcd".into());
        assert!(text_denotes(
            &key,
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd"
        ));
        assert!(text_denotes(&key, "1234abcd"));
        assert!(!text_denotes(&key, "5678"));
    }

    #[test]
    fn references_resolve_to_lake_keys() {
        let model = compliant_model();
        let raw = model.key("raw").unwrap();
        assert!(ref_denotes(&model, &KeyRef::Lake("raw".into()), raw));
        assert!(ref_denotes(
            &model,
            &KeyRef::Other("${KeyRaw.Arn}".into()),
            raw
        ));
        assert!(!ref_denotes(&model, &KeyRef::Lake("curated".into()), raw));
        assert!(!ref_denotes(&model, &KeyRef::AwsManaged, raw));
        assert!(is_aws_managed_alias("alias/aws/s3"));
        assert!(is_aws_managed_alias(
            "arn:aws:kms:us-east-1:123456789012:alias/aws/kinesis"
        ));
        assert!(!is_aws_managed_alias("alias/retail-prod-raw"));
    }
}
