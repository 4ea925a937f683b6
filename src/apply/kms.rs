//! KMS keys: create (with alias), rotation, state, description, tags; key policies.

use std::time::Duration;

use aws_sdk_kms::config::retry::RetryConfig;
use aws_sdk_kms::types::{KeySpec, KeyState, KeyUsageType, Tag};

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find, pause};
use crate::model::property::KeyProperty as P;
use crate::model::{Key, KeyState as ModelState, Kind, Tags};
use crate::plan::{Action, ResourceChange};

/// Tag that ties a key to its alias, so a key whose creation answer was lost can be found.
const ALIAS_TAG: &str = "lakectl:alias";

/// The step that writes each key property: the full policy waits for the roles it names.
pub fn writer(p: P) -> Writer {
    match p {
        P::Description | P::Rotation | P::State | P::Tags => {
            Writer::Step(Step::Resource(Kind::Key))
        }
        P::Policy => Writer::Step(Step::KeyPolicy),
        P::CustomerManaged => Writer::Never("a key cannot become AWS managed or customer managed"),
    }
}

/// The order of a key's writes: a key pending deletion must be restored before other calls.
const ORDER: [P; 6] = [
    P::State,
    P::Description,
    P::Rotation,
    P::Tags,
    P::Policy,
    P::CustomerManaged,
];

pub async fn key(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.keys, &rc.name, |k| k.alias.as_str())?;
    let live = a.live.keys.iter().find(|k| k.alias == d.alias);
    let mut done = Vec::new();
    let arn = match live {
        Some(l) => l.arn.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "the inventory found {} but not its ARN; run deploy again",
                d.alias
            )
        })?,
        None => {
            let arn = create(a, d).await?;
            done.push(Applied::created());
            arn
        }
    };
    a.set_key_arn(&d.id, &arn);
    let w = Write {
        a,
        d,
        live,
        arn: &arn,
        creating: rc.action == Action::Create,
    };
    for p in ORDER.into_iter().filter(|p| rc.writes(*p)) {
        match p {
            P::State => done.extend(w.state().await?),
            P::Description => done.extend(w.description().await?),
            P::Rotation => done.extend(w.rotation().await?),
            P::Tags => done.extend(w.tags().await?),
            // The policy is its own step (`key_policy`); the rest is a replacement.
            P::Policy | P::CustomerManaged => {}
        }
    }
    Ok(done)
}

/// One key's writes; each returns what it did.
struct Write<'w> {
    a: &'w Applier<'w>,
    d: &'w Key,
    live: Option<&'w Key>,
    arn: &'w str,
    creating: bool,
}

impl Write<'_> {
    async fn state(&self) -> anyhow::Result<Vec<Applied>> {
        if self.creating {
            return Ok(Vec::new());
        }
        let (kms, arn) = (&self.a.aws.kms, self.arn);
        let mut done = Vec::new();
        if self.live.and_then(|l| l.state.known()) == Some(&ModelState::PendingDeletion) {
            kms.cancel_key_deletion()
                .key_id(arn)
                .send()
                .await
                .call("kms:CancelKeyDeletion", arn)?;
            done.push(Applied::updated(P::State, "deletion cancelled"));
        }
        kms.enable_key()
            .key_id(arn)
            .send()
            .await
            .call("kms:EnableKey", arn)?;
        done.push(Applied::updated(P::State, "enabled"));
        Ok(done)
    }

    async fn description(&self) -> anyhow::Result<Option<Applied>> {
        if self.creating {
            return Ok(None);
        }
        self.a
            .aws
            .kms
            .update_key_description()
            .key_id(self.arn)
            .description(&self.d.description)
            .send()
            .await
            .call("kms:UpdateKeyDescription", self.arn)?;
        Ok(Some(Applied::updated(
            P::Description,
            "description updated",
        )))
    }

    async fn rotation(&self) -> anyhow::Result<Option<Applied>> {
        let (kms, arn) = (&self.a.aws.kms, self.arn);
        let note = match (self.d.rotation.known(), self.creating) {
            (Some(true), _) => {
                kms.enable_key_rotation()
                    .key_id(arn)
                    .send()
                    .await
                    .call("kms:EnableKeyRotation", arn)?;
                "rotation enabled"
            }
            (Some(false), false) => {
                kms.disable_key_rotation()
                    .key_id(arn)
                    .send()
                    .await
                    .call("kms:DisableKeyRotation", arn)?;
                "rotation disabled"
            }
            _ => return Ok(None),
        };
        Ok(Some(Applied::updated(P::Rotation, note)))
    }

    async fn tags(&self) -> anyhow::Result<Option<Applied>> {
        let Some(tags) = self.d.tags.known().filter(|_| !self.creating) else {
            return Ok(None);
        };
        self.a
            .aws
            .kms
            .tag_resource()
            .key_id(self.arn)
            .set_tags(Some(kms_tags(tags)?))
            .send()
            .await
            .call("kms:TagResource", self.arn)?;
        Ok(Some(Applied::updated(P::Tags, "tags updated")))
    }
}

/// Creates the key with KMS's default policy (the account administers it; the full policy
/// names roles and is written once they exist) and points the alias at it.
async fn create(a: &Applier<'_>, d: &Key) -> anyhow::Result<String> {
    let mut tags = d.tags.known().cloned().unwrap_or_default();
    tags.insert(ALIAS_TAG.into(), d.alias.clone());
    let tags = kms_tags(&tags)?;
    let kms = &a.aws.kms;
    // CreateKey is not idempotent: a retry after a lost answer would make a second key. So the
    // SDK does not retry it; this loop does, after looking for the key a lost answer created.
    let mut attempt = 0;
    let arn = loop {
        attempt += 1;
        let result = kms
            .create_key()
            .description(&d.description)
            .key_usage(KeyUsageType::EncryptDecrypt)
            .key_spec(KeySpec::SymmetricDefault)
            .set_tags(Some(tags.clone()))
            .customize()
            .config_override(
                aws_sdk_kms::config::Builder::default().retry_config(RetryConfig::disabled()),
            )
            .send()
            .await;
        match result {
            Ok(out) => {
                break out
                    .key_metadata()
                    .and_then(|m| m.arn())
                    .map(str::to_string)
                    .ok_or_else(|| {
                        anyhow::anyhow!("kms:CreateKey for {} returned no key ARN", d.alias)
                    })?;
            }
            Err(e) if attempt < 6 && errors::throttled(&e) => pause(attempt).await,
            Err(e) if attempt < 6 && errors::ambiguous(&e) => {
                if let Some(arn) = find_tagged(a, &d.alias).await? {
                    break arn;
                }
                pause(attempt).await;
            }
            Err(e) => return Err(errors::describe("kms:CreateKey", &d.alias, &e)),
        }
    };
    point_alias(a, &d.alias, &arn).await?;
    Ok(arn)
}

async fn point_alias(a: &Applier<'_>, alias: &str, arn: &str) -> anyhow::Result<()> {
    let kms = &a.aws.kms;
    match kms
        .create_alias()
        .alias_name(alias)
        .target_key_id(arn)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if errors::is(&e, &["AlreadyExistsException"]) => {
            let target = kms
                .describe_key()
                .key_id(alias)
                .send()
                .await
                .call("kms:DescribeKey", alias)?;
            if target.key_metadata().and_then(|m| m.arn()) != Some(arn) {
                kms.update_alias()
                    .alias_name(alias)
                    .target_key_id(arn)
                    .send()
                    .await
                    .call("kms:UpdateAlias", alias)?;
            }
            Ok(())
        }
        Err(e) => Err(errors::describe("kms:CreateAlias", alias, &e)),
    }
}

/// An enabled key carrying this alias's tag: one whose creation answer was lost.
async fn find_tagged(a: &Applier<'_>, alias: &str) -> anyhow::Result<Option<String>> {
    let kms = &a.aws.kms;
    let mut keys = kms.list_keys().into_paginator().items().send();
    while let Some(key) = keys.next().await {
        let Ok(key) = key else { return Ok(None) };
        let Some(id) = key.key_id() else { continue };
        let Ok(tags) = kms.list_resource_tags().key_id(id).send().await else {
            continue;
        };
        let ours = tags
            .tags()
            .iter()
            .any(|t| t.tag_key() == ALIAS_TAG && t.tag_value() == alias);
        if !ours {
            continue;
        }
        let Ok(described) = kms.describe_key().key_id(id).send().await else {
            continue;
        };
        if let Some(meta) = described.key_metadata()
            && meta.key_state() == Some(&KeyState::Enabled)
        {
            return Ok(meta.arn().map(str::to_string));
        }
    }
    Ok(None)
}

pub async fn key_policy(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.keys, &rc.name, |k| k.alias.as_str())?;
    let Some(policy) = d.policy.known() else {
        return Ok(Vec::new());
    };
    let arn = a
        .key_arn(&crate::model::KeyRef::Lake(d.id.clone()))?
        .unwrap_or_default();
    let json = a.policy_json(policy)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = a
            .aws
            .kms
            .put_key_policy()
            .key_id(&arn)
            .policy_name("default")
            .policy(&json)
            .send()
            .await;
        match result {
            Ok(_) => return Ok(vec![Applied::updated(P::Policy, "key policy written")]),
            // New IAM roles take seconds to become valid principals everywhere.
            Err(e)
                if a.created_roles()
                    && attempt < 10
                    && errors::is(&e, &["MalformedPolicyDocumentException"]) =>
            {
                tokio::time::sleep(Duration::from_secs(3)).await;
            }
            Err(e) => return Err(errors::describe("kms:PutKeyPolicy", &d.alias, &e)),
        }
    }
}

fn kms_tags(tags: &Tags) -> anyhow::Result<Vec<Tag>> {
    tags.iter()
        .map(|(k, v)| Ok(Tag::builder().tag_key(k).tag_value(v).build()?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KindProperty;

    #[test]
    fn the_write_order_names_every_key_property_once() {
        let mut order = ORDER.to_vec();
        order.sort();
        assert_eq!(order, P::ALL.to_vec());
    }
}
