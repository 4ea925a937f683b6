//! KMS: keys by alias, their ARN, state, rotation, manager, policy and tags. Described first:
//! the key index built from aliases and DescribeKey names the keys every other service reports;
//! rotation, policy and tags are read afterwards, alongside the other services.

use futures::future::join_all;

use super::ctx::{Ctx, existence, known};
use super::keys::KeyIndex;
use crate::aws::{CallError, Service};
use crate::model::{Key, KeyState, PolicyDocument, Prop, Tags, naming};

/// Deletion window reported for keys `read_all` finds: AWS does not report it until deletion is
/// scheduled, and 30 days is its default.
const DEFAULT_DELETION_WINDOW_DAYS: u32 = 30;

/// The desired keys that exist, found by alias and described (see [`read_described`] for the
/// rest), and the index of every key reference.
pub(super) async fn describe_desired(ctx: &Ctx<'_>, desired: &[Key]) -> (Described, KeyIndex) {
    let mut index = KeyIndex::default();
    // Only used to recognise AWS managed keys; without it those show as `Other`.
    if let Ok(aliases) = list_aliases(ctx).await {
        for (alias, target) in &aliases {
            index.add_alias(alias, target.as_deref());
            // A lake key is recognised by its alias even if DescribeKey below is refused.
            if let (Some(key), Some(target)) = (desired.iter().find(|k| &k.alias == alias), target)
            {
                index.add_lake_key(&key.id, target, Some(alias));
            }
        }
    }
    let described = join_all(
        desired
            .iter()
            .map(|key| async move { (key, existence(describe(ctx, &key.alias).await)) }),
    )
    .await;
    let mut keys = Vec::new();
    for (key, meta) in described {
        match meta {
            Ok(None) => {}
            Ok(Some(meta)) => {
                index.add_lake_key(&key.id, &meta.key_id, Some(&key.alias));
                keys.push((key.clone(), Ok(meta)));
            }
            Err(e) => keys.push((key.clone(), Err(e))),
        }
    }
    (Described(keys), index)
}

/// Keys described but not yet read: enough for the key index that names every other
/// service's keys, so the rest of a key's reads can overlap theirs.
pub(super) struct Described(Vec<(Key, Result<KeyMeta, CallError>)>);

/// Every customer managed key in the region, described (see [`read_described`] for the rest);
/// its id is its first alias without `alias/`, else its key id.
pub(super) async fn describe_all(ctx: &Ctx<'_>) -> (Described, KeyIndex) {
    let mut index = KeyIndex::default();
    let aliases = ctx.listed(list_aliases(ctx).await);
    for (alias, target) in &aliases {
        index.add_alias(alias, target.as_deref());
    }
    let key_ids = ctx.listed(list_keys(ctx).await);
    let described = join_all(key_ids.iter().map(|id| describe(ctx, id))).await;
    let mut keys = Vec::new();
    for (key_id, meta) in key_ids.iter().zip(described) {
        if let Ok(m) = &meta
            && !m.customer_managed
        {
            continue;
        }
        let alias = aliases
            .iter()
            .filter(|(_, target)| target.as_deref() == Some(key_id))
            .map(|(alias, _)| alias.clone())
            .min();
        let id = alias
            .as_deref()
            .and_then(|a| a.strip_prefix("alias/"))
            .unwrap_or(key_id)
            .to_string();
        index.add_lake_key(&id, key_id, alias.as_deref());
        let skeleton = Key {
            logical_id: naming::logical_id(&id),
            id,
            alias: alias.unwrap_or_default(),
            description: String::new(),
            arn: None,
            rotation: Prop::unknown("not read"),
            state: Prop::unknown("not read"),
            customer_managed: Prop::unknown("not read"),
            policy: Prop::unknown("not read"),
            deletion_window_days: DEFAULT_DELETION_WINDOW_DAYS,
            tags: Prop::unknown("not read"),
        };
        keys.push((skeleton, meta));
    }
    (Described(keys), index)
}

/// Rotation, policy and tags of the keys [`describe_desired`] or [`describe_all`] found.
pub(super) async fn read_described(ctx: &Ctx<'_>, described: Described) -> Vec<Key> {
    join_all(
        described
            .0
            .into_iter()
            .map(|(key, meta)| read_key(ctx, key, meta)),
    )
    .await
}

/// What DescribeKey says about a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KeyMeta {
    pub key_id: String,
    pub arn: Option<String>,
    pub description: String,
    pub state: KeyState,
    pub customer_managed: bool,
}

/// Fills a key's properties from DescribeKey's answer and the per-key reads.
async fn read_key(ctx: &Ctx<'_>, mut key: Key, meta: Result<KeyMeta, CallError>) -> Key {
    let meta = match meta {
        Ok(meta) => meta,
        Err(e) => {
            let reason = e.reason();
            key.rotation = Prop::unknown(&reason);
            key.state = Prop::unknown(&reason);
            key.customer_managed = Prop::unknown(&reason);
            key.policy = Prop::unknown(&reason);
            key.tags = Prop::unknown(&reason);
            return key;
        }
    };
    let id = meta.key_id.as_str();
    let resource = meta.arn.clone().unwrap_or_else(|| id.to_string());
    let kms = &ctx.aws.kms;
    let (rotation, policy, tags) = tokio::join!(
        ctx.call(
            Service::Kms,
            "GetKeyRotationStatus",
            &resource,
            kms.get_key_rotation_status().key_id(id).send()
        ),
        ctx.call(
            Service::Kms,
            "GetKeyPolicy",
            &resource,
            kms.get_key_policy()
                .key_id(id)
                .policy_name("default")
                .send()
        ),
        list_tags(ctx, id, &resource),
    );
    key.arn = meta.arn.clone();
    key.description = meta.description.clone();
    key.state = Prop::Known(meta.state.clone());
    key.customer_managed = Prop::Known(meta.customer_managed);
    key.rotation = known(rotation.map(|r| r.key_rotation_enabled()));
    key.policy = match known(policy) {
        Prop::Known(out) => parse_policy(out.policy(), &resource),
        Prop::Unknown(u) => Prop::Unknown(u),
    };
    key.tags = known(tags);
    key
}

pub(super) fn parse_policy(text: Option<&str>, resource: &str) -> Prop<PolicyDocument> {
    match text {
        None => Prop::unknown(format!("no key policy returned for {resource}")),
        Some(text) => match PolicyDocument::parse(text) {
            Ok(doc) => Prop::Known(doc),
            Err(e) => Prop::unknown(format!("cannot parse the key policy of {resource}: {e}")),
        },
    }
}

async fn describe(ctx: &Ctx<'_>, key: &str) -> Result<KeyMeta, CallError> {
    let out = ctx
        .call(
            Service::Kms,
            "DescribeKey",
            key,
            ctx.aws.kms.describe_key().key_id(key).send(),
        )
        .await?;
    Ok(key_meta(out.key_metadata(), key))
}

/// DescribeKey's metadata as a [`KeyMeta`]; `key` is what was asked, used when AWS omits the id.
pub(super) fn key_meta(meta: Option<&aws_sdk_kms::types::KeyMetadata>, key: &str) -> KeyMeta {
    use aws_sdk_kms::types::{KeyManagerType, KeyState as K};
    let Some(m) = meta else {
        return KeyMeta {
            key_id: key.to_string(),
            arn: None,
            description: String::new(),
            state: KeyState::Other("unreported".to_string()),
            customer_managed: false,
        };
    };
    let state = match m.key_state() {
        Some(K::Enabled) => KeyState::Enabled,
        Some(K::Disabled) => KeyState::Disabled,
        Some(K::PendingDeletion) | Some(K::PendingReplicaDeletion) => KeyState::PendingDeletion,
        Some(K::PendingImport) => KeyState::PendingImport,
        Some(K::Unavailable) => KeyState::Unavailable,
        Some(other) => KeyState::Other(other.as_str().to_string()),
        None => KeyState::Other("unreported".to_string()),
    };
    KeyMeta {
        key_id: m.key_id().to_string(),
        arn: m.arn().map(str::to_string),
        description: m.description().unwrap_or_default().to_string(),
        state,
        customer_managed: m.key_manager() == Some(&KeyManagerType::Customer),
    }
}

/// (alias name, target key id) of every alias in the region.
async fn list_aliases(ctx: &Ctx<'_>) -> Result<Vec<(String, Option<String>)>, CallError> {
    let mut aliases = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Kms,
                "ListAliases",
                "aliases",
                ctx.aws
                    .kms
                    .list_aliases()
                    .limit(100)
                    .set_marker(marker.clone())
                    .send(),
            )
            .await?;
        aliases.extend(out.aliases().iter().filter_map(|a| {
            a.alias_name()
                .map(|n| (n.to_string(), a.target_key_id().map(str::to_string)))
        }));
        match out.next_marker() {
            Some(next) if out.truncated() => marker = Some(next.to_string()),
            _ => return Ok(aliases),
        }
    }
}

async fn list_keys(ctx: &Ctx<'_>) -> Result<Vec<String>, CallError> {
    let mut keys = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Kms,
                "ListKeys",
                "keys",
                ctx.aws
                    .kms
                    .list_keys()
                    .limit(1000)
                    .set_marker(marker.clone())
                    .send(),
            )
            .await?;
        keys.extend(
            out.keys()
                .iter()
                .filter_map(|k| k.key_id().map(str::to_string)),
        );
        match out.next_marker() {
            Some(next) if out.truncated() => marker = Some(next.to_string()),
            _ => return Ok(keys),
        }
    }
}

async fn list_tags(ctx: &Ctx<'_>, key_id: &str, resource: &str) -> Result<Tags, CallError> {
    let mut tags = Tags::new();
    let mut marker: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Kms,
                "ListResourceTags",
                resource,
                ctx.aws
                    .kms
                    .list_resource_tags()
                    .key_id(key_id)
                    .set_marker(marker.clone())
                    .send(),
            )
            .await?;
        tags.extend(
            out.tags()
                .iter()
                .map(|t| (t.tag_key().to_string(), t.tag_value().to_string())),
        );
        match out.next_marker() {
            Some(next) if out.truncated() => marker = Some(next.to_string()),
            _ => return Ok(tags),
        }
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_kms::types::{KeyManagerType, KeyMetadata, KeyState as K};

    use super::*;

    #[test]
    fn key_metadata_maps_state_and_manager() {
        let meta = KeyMetadata::builder()
            .key_id("1234")
            .arn("arn:aws:kms:us-east-1:000000000000:key/1234")
            .description("raw zone")
            .key_state(K::PendingDeletion)
            .key_manager(KeyManagerType::Customer)
            .build()
            .unwrap();
        assert_eq!(
            key_meta(Some(&meta), "alias/x"),
            KeyMeta {
                key_id: "1234".into(),
                arn: Some("arn:aws:kms:us-east-1:000000000000:key/1234".into()),
                description: "raw zone".into(),
                state: KeyState::PendingDeletion,
                customer_managed: true,
            }
        );
        let aws_key = KeyMetadata::builder()
            .key_id("5678")
            .key_state(K::Enabled)
            .key_manager(KeyManagerType::Aws)
            .build()
            .unwrap();
        let m = key_meta(Some(&aws_key), "5678");
        assert_eq!((m.state, m.customer_managed), (KeyState::Enabled, false));
    }

    #[test]
    fn unparseable_policies_are_unknown_with_the_reason() {
        assert_eq!(
            parse_policy(Some("{"), "arn:k").reason(),
            Some(
                "cannot parse the key policy of arn:k: EOF while parsing an object at line 1 \
                 column 1"
            )
        );
        assert_eq!(
            parse_policy(Some(r#"{"Version":"2012-10-17","Statement":[]}"#), "arn:k"),
            Prop::Known(PolicyDocument::new(vec![]))
        );
    }
}
