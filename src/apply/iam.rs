//! IAM roles: trust policy, the inline policy `lakectl`, managed policies, tags.

use aws_sdk_iam::types::Tag;

use super::errors::{self, CallContext};
use super::{Applied, Applier, Step, Writer, find};
use crate::model::property::RoleProperty as P;
use crate::model::{Kind, KindProperty, Role};
use crate::plan::{Action, ResourceChange};

/// The inline policy that carries all of a role's permissions.
pub const INLINE_POLICY: &str = "lakectl";

/// Every role property is written by the role's own step.
pub fn writer(p: P) -> Writer {
    match p {
        P::Trust | P::Policy | P::ManagedPolicies | P::Tags => {
            Writer::Step(Step::Resource(Kind::Role))
        }
    }
}

pub async fn role(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.roles, &rc.name, |r| r.name.as_str())?;
    let tags = d
        .tags
        .known()
        .map(|tags| {
            tags.iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let w = Write {
        a,
        d,
        live: a.live.roles.iter().find(|r| r.name == d.name),
        creating: rc.action == Action::Create,
    };
    let mut done = Vec::new();
    if w.creating {
        w.create(tags.clone()).await?;
        done.push(Applied::created());
    }
    for &p in P::ALL.iter().filter(|p| rc.writes(**p)) {
        match p {
            P::Trust => done.extend(w.trust().await?),
            P::Policy => done.extend(w.policy().await?),
            P::ManagedPolicies => done.extend(w.managed_policies().await?),
            P::Tags => done.extend(w.tags(tags.clone()).await?),
        }
    }
    Ok(done)
}

/// One role's writes; each returns what it did.
struct Write<'w> {
    a: &'w Applier<'w>,
    d: &'w Role,
    live: Option<&'w Role>,
    creating: bool,
}

impl Write<'_> {
    fn name(&self) -> &str {
        &self.d.name
    }

    async fn create(&self, tags: Option<Vec<Tag>>) -> anyhow::Result<()> {
        let (a, d, name) = (self.a, self.d, self.name());
        let trust = d
            .trust
            .known()
            .ok_or_else(|| anyhow::anyhow!("role {name} has no trust policy in the model"))?;
        let result = a
            .aws
            .iam
            .create_role()
            .role_name(name)
            .assume_role_policy_document(a.policy_json(trust)?)
            .description(format!("lakectl: {} lake {}", a.desired.lake.name, d.id))
            .set_tags(tags)
            .send()
            .await;
        match result {
            Ok(_) => {}
            // Ours already: a retried create whose first answer was lost.
            Err(e) if errors::is(&e, &["EntityAlreadyExists"]) => {}
            Err(e) => return Err(errors::describe("iam:CreateRole", name, &e)),
        }
        a.role_created();
        Ok(())
    }

    /// A new role got its trust policy at creation.
    async fn trust(&self) -> anyhow::Result<Option<Applied>> {
        let Some(trust) = self.d.trust.known().filter(|_| !self.creating) else {
            return Ok(None);
        };
        self.a
            .aws
            .iam
            .update_assume_role_policy()
            .role_name(self.name())
            .policy_document(self.a.policy_json(trust)?)
            .send()
            .await
            .call("iam:UpdateAssumeRolePolicy", self.name())?;
        Ok(Some(Applied::updated(P::Trust, "trust policy updated")))
    }

    async fn policy(&self) -> anyhow::Result<Option<Applied>> {
        let (iam, name) = (&self.a.aws.iam, self.name());
        let note = match self.d.policy.known() {
            Some(Some(policy)) => {
                iam.put_role_policy()
                    .role_name(name)
                    .policy_name(INLINE_POLICY)
                    .policy_document(self.a.policy_json(policy)?)
                    .send()
                    .await
                    .call("iam:PutRolePolicy", name)?;
                "permissions written"
            }
            Some(None) if !self.creating => {
                iam.delete_role_policy()
                    .role_name(name)
                    .policy_name(INLINE_POLICY)
                    .send()
                    .await
                    .call("iam:DeleteRolePolicy", name)?;
                "permissions removed"
            }
            _ => return Ok(None),
        };
        Ok(Some(Applied::updated(P::Policy, note)))
    }

    /// lakectl's roles carry exactly the managed policies the model names (none by default):
    /// an extra one is a privilege escalation, so it is detached.
    async fn managed_policies(&self) -> anyhow::Result<Vec<Applied>> {
        if self.creating {
            return Ok(Vec::new());
        }
        let (iam, name) = (&self.a.aws.iam, self.name());
        let want = self.d.managed_policies.known().cloned().unwrap_or_default();
        let have = self
            .live
            .and_then(|l| l.managed_policies.known())
            .cloned()
            .unwrap_or_default();
        let mut done = Vec::new();
        for arn in have.iter().filter(|p| !want.contains(p)) {
            iam.detach_role_policy()
                .role_name(name)
                .policy_arn(arn)
                .send()
                .await
                .call("iam:DetachRolePolicy", name)?;
            done.push(Applied::updated(
                P::ManagedPolicies,
                format!("detached {arn}"),
            ));
        }
        for arn in want.iter().filter(|p| !have.contains(p)) {
            iam.attach_role_policy()
                .role_name(name)
                .policy_arn(arn)
                .send()
                .await
                .call("iam:AttachRolePolicy", name)?;
            done.push(Applied::updated(
                P::ManagedPolicies,
                format!("attached {arn}"),
            ));
        }
        Ok(done)
    }

    async fn tags(&self, tags: Option<Vec<Tag>>) -> anyhow::Result<Option<Applied>> {
        if self.creating {
            return Ok(None);
        }
        self.a
            .aws
            .iam
            .tag_role()
            .role_name(self.name())
            .set_tags(tags)
            .send()
            .await
            .call("iam:TagRole", self.name())?;
        Ok(Some(Applied::updated(P::Tags, "tags updated")))
    }
}
