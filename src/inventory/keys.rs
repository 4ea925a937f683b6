//! Mapping KMS key references found on resources (key ids, key ARNs, alias names, alias ARNs)
//! to the model's [`KeyRef`]s.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::KeyRef;

/// What the inventory knows about keys, to name the key behind any reference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyIndex {
    /// Key id (uuid) or alias name (`alias/x`) → model id of a lake key.
    lake: BTreeMap<String, String>,
    /// Key ids of AWS managed keys (targets of `alias/aws/*`).
    aws_managed: BTreeSet<String>,
}

impl KeyIndex {
    /// Records a lake key under its key id, and its alias when it has one.
    pub fn add_lake_key(&mut self, model_id: &str, key_id: &str, alias: Option<&str>) {
        self.lake.insert(key_id.to_string(), model_id.to_string());
        if let Some(alias) = alias {
            self.lake.insert(alias.to_string(), model_id.to_string());
        }
    }

    /// Records an alias seen in the account; `alias/aws/*` marks its target as AWS managed.
    pub fn add_alias(&mut self, alias: &str, target_key_id: Option<&str>) {
        if let Some(target) = target_key_id
            && alias.starts_with("alias/aws/")
        {
            self.aws_managed.insert(target.to_string());
        }
    }

    /// The model's reference for a key as AWS reported it.
    pub fn key_ref(&self, reported: &str) -> KeyRef {
        let normal = normalize(reported);
        if let Some(id) = self.lake.get(&normal) {
            return KeyRef::Lake(id.clone());
        }
        if normal.starts_with("alias/aws/") || self.aws_managed.contains(&normal) {
            return KeyRef::AwsManaged;
        }
        KeyRef::Other(reported.to_string())
    }
}

/// A key reference reduced to a key id or an alias name: `arn:...:key/<id>` → `<id>`,
/// `arn:...:alias/<name>` → `alias/<name>`; anything else unchanged.
fn normalize(reported: &str) -> String {
    if reported.starts_with("arn:") {
        if let Some((_, id)) = reported.split_once(":key/") {
            return id.to_string();
        }
        if let Some((_, name)) = reported.split_once(":alias/") {
            return format!("alias/{name}");
        }
    }
    reported.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_reference_maps_to_the_same_key() {
        let mut index = KeyIndex::default();
        index.add_lake_key("raw", "1234-abcd", Some("alias/retail-dev-raw"));
        index.add_alias("alias/aws/s3", Some("aws-s3-key"));
        index.add_alias("alias/someone-else", Some("other-key"));
        let lake = KeyRef::Lake("raw".into());
        assert_eq!(index.key_ref("1234-abcd"), lake);
        assert_eq!(
            index.key_ref("arn:aws:kms:us-east-1:000000000000:key/1234-abcd"),
            lake
        );
        assert_eq!(index.key_ref("alias/retail-dev-raw"), lake);
        assert_eq!(
            index.key_ref("arn:aws:kms:us-east-1:000000000000:alias/retail-dev-raw"),
            lake
        );
        assert_eq!(index.key_ref("alias/aws/kinesis"), KeyRef::AwsManaged);
        assert_eq!(
            index.key_ref("arn:aws:kms:us-east-1:000000000000:key/aws-s3-key"),
            KeyRef::AwsManaged
        );
        assert_eq!(
            index.key_ref("arn:aws:kms:us-east-1:000000000000:key/other-key"),
            KeyRef::Other("arn:aws:kms:us-east-1:000000000000:key/other-key".into())
        );
    }
}
