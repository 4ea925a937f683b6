//! IAM roles as the templates see them.

use super::*;

#[derive(Debug, Serialize)]
pub struct RoleView {
    pub logical_id: String,
    pub name: String,
    pub trust: Value,
    pub policy: Option<Value>,
    pub managed_policies: Value,
    pub tags: Value,
}

impl ViewBuilder<'_> {
    pub(super) fn roles(&self) -> Result<Vec<RoleView>, RenderError> {
        self.model
            .roles
            .iter()
            .map(|r| {
                let what = |field: &str| format!("role `{}` {field}", r.id);
                Ok(RoleView {
                    logical_id: r.logical_id.clone(),
                    name: r.name.clone(),
                    trust: self.policy(known(&r.trust, || what("trust policy"))?),
                    policy: known(&r.policy, || what("policy"))?
                        .as_ref()
                        .map(|p| self.policy(p)),
                    managed_policies: Value::Array(
                        known(&r.managed_policies, || what("managed policies"))?
                            .iter()
                            .map(|arn| self.tokens.sub(arn))
                            .collect(),
                    ),
                    tags: cfn::tag_list(known(&r.tags, || what("tags"))?),
                })
            })
            .collect()
    }
}
