//! EventBridge rules that start workflows, as the templates see them.

use super::*;
use crate::model::EventRule;

#[derive(Debug, Serialize)]
pub struct EventRuleView {
    pub logical_id: String,
    /// The workflow the target names: CloudFormation creates it first.
    pub depends_on: Vec<String>,
    pub name: String,
    pub description: String,
    pub pattern: Value,
    pub state: &'static str,
    pub targets: Value,
    pub tags: Value,
}

impl ViewBuilder<'_> {
    pub(super) fn event_rules(&self) -> Result<Vec<EventRuleView>, RenderError> {
        (self.model.event_rules.iter())
            .map(|r| self.event_rule(r))
            .collect()
    }

    fn event_rule(&self, r: &EventRule) -> Result<EventRuleView, RenderError> {
        let what = |field: &str| format!("eventbridge rule `{}` {field}", r.name);
        let workflow = self
            .model
            .workflow(&r.workflow)
            .ok_or_else(|| RenderError::Reference {
                what: what("target"),
                target: format!("workflow `{}`", r.workflow),
            })?;
        let targets = known(&r.targets, || what("targets"))?.iter().map(|t| {
            let mut target = json!({ "Id": t.id, "Arn": self.tokens.sub(&t.arn) });
            if let Some(role) = &t.role_arn {
                let name = role.rsplit('/').next().unwrap_or(role);
                target["RoleArn"] = self.role_arn_by_name(name);
            }
            target
        });
        Ok(EventRuleView {
            logical_id: r.logical_id.clone(),
            depends_on: vec![workflow.logical_id.clone()],
            name: r.name.clone(),
            description: format!("lakectl: starts the Glue workflow {}", r.workflow),
            pattern: self
                .tokens
                .sub_all(&known(&r.pattern, || what("pattern"))?.to_json()),
            state: if *known(&r.enabled, || what("state"))? {
                "ENABLED"
            } else {
                "DISABLED"
            },
            targets: Value::Array(targets.collect()),
            tags: cfn::tag_list(known(&r.tags, || what("tags"))?),
        })
    }
}
