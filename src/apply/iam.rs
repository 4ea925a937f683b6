//! IAM roles: trust policy, the inline policy `lakectl`, managed policies, tags.

use aws_sdk_iam::types::Tag;

use super::errors::{self, CallContext};
use super::{Applier, find};
use crate::plan::{Action, ResourceChange};

/// The inline policy that carries all of a role's permissions.
pub const INLINE_POLICY: &str = "lakectl";

pub async fn role(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<String>> {
    let d = find(&a.desired.roles, &rc.name, |r| r.name.as_str())?;
    let live = a.live.roles.iter().find(|r| r.name == d.name);
    let iam = &a.aws.iam;
    let name = d.name.as_str();
    let creating = rc.action == Action::Create;
    let tags = d
        .tags
        .known()
        .map(|tags| {
            tags.iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let mut done = Vec::new();
    if creating {
        let trust = d
            .trust
            .known()
            .ok_or_else(|| anyhow::anyhow!("role {name} has no trust policy in the model"))?;
        let result = iam
            .create_role()
            .role_name(name)
            .assume_role_policy_document(a.policy_json(trust)?)
            .description(format!("lakectl: {} lake {}", a.desired.lake.name, d.id))
            .set_tags(tags.clone())
            .send()
            .await;
        match result {
            Ok(_) => {}
            // Ours already: a retried create whose first answer was lost.
            Err(e) if errors::is(&e, &["EntityAlreadyExists"]) => {}
            Err(e) => return Err(errors::describe("iam:CreateRole", name, &e)),
        }
        a.role_created();
        done.push("created".to_string());
    } else if rc.writes("trust")
        && let Some(trust) = d.trust.known()
    {
        iam.update_assume_role_policy()
            .role_name(name)
            .policy_document(a.policy_json(trust)?)
            .send()
            .await
            .call("iam:UpdateAssumeRolePolicy", name)?;
        done.push("trust policy updated".into());
    }
    if rc.writes("policy") {
        match d.policy.known() {
            Some(Some(policy)) => {
                iam.put_role_policy()
                    .role_name(name)
                    .policy_name(INLINE_POLICY)
                    .policy_document(a.policy_json(policy)?)
                    .send()
                    .await
                    .call("iam:PutRolePolicy", name)?;
                done.push("permissions written".into());
            }
            Some(None) if !creating => {
                iam.delete_role_policy()
                    .role_name(name)
                    .policy_name(INLINE_POLICY)
                    .send()
                    .await
                    .call("iam:DeleteRolePolicy", name)?;
                done.push("permissions removed".into());
            }
            _ => {}
        }
    }
    if !creating && rc.writes("managed_policies") {
        // lakectl's roles carry exactly the managed policies the model names (none by
        // default): an extra one is a privilege escalation, so it is detached.
        let want = d.managed_policies.known().cloned().unwrap_or_default();
        let have = live
            .and_then(|l| l.managed_policies.known())
            .cloned()
            .unwrap_or_default();
        for arn in have.iter().filter(|p| !want.contains(p)) {
            iam.detach_role_policy()
                .role_name(name)
                .policy_arn(arn)
                .send()
                .await
                .call("iam:DetachRolePolicy", name)?;
            done.push(format!("detached {arn}"));
        }
        for arn in want.iter().filter(|p| !have.contains(p)) {
            iam.attach_role_policy()
                .role_name(name)
                .policy_arn(arn)
                .send()
                .await
                .call("iam:AttachRolePolicy", name)?;
            done.push(format!("attached {arn}"));
        }
    }
    if !creating && rc.writes("tags") {
        iam.tag_role()
            .role_name(name)
            .set_tags(tags)
            .send()
            .await
            .call("iam:TagRole", name)?;
        done.push("tags updated".into());
    }
    Ok(done)
}
