//! EventBridge rules that start workflows: the rule (pattern and state), then its targets.
//! PutRule and PutTargets are upserts, so a retried deploy writes the same again. The rule's
//! workflow and role exist by then (apply's order): EventBridge does not check either, but a
//! target naming a missing one would fail at the first object.

use aws_sdk_eventbridge::types::{RuleState, Tag, Target};

use super::errors::CallContext;
use super::{Applied, Applier, Step, Writer, find};
use crate::model::property::EventRuleProperty as P;
use crate::model::{EventRule, Kind, RuleTarget};
use crate::plan::{Action, ResourceChange};

/// Every rule property is written by the rule's own step.
pub fn writer(p: P) -> Writer {
    match p {
        P::Pattern | P::Targets | P::Enabled | P::Tags => {
            Writer::Step(Step::Resource(Kind::EventRule))
        }
    }
}

pub async fn rule(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let d = find(&a.desired.event_rules, &rc.name, |r| r.name.as_str())?;
    let creating = rc.action == Action::Create;
    let mut done = Vec::new();
    if creating || rc.writes(P::Pattern) || rc.writes(P::Enabled) {
        put_rule(a, d, creating).await?;
        if creating {
            done.push(Applied::created());
        } else {
            let written = [P::Pattern, P::Enabled]
                .into_iter()
                .filter(|p| rc.writes(*p));
            done.push(Applied::updated_all(
                written.map(Into::into).collect(),
                "rule updated",
            ));
        }
    }
    if creating || rc.writes(P::Targets) {
        let note = targets(a, d).await?;
        if !creating {
            done.push(Applied::updated(P::Targets, note));
        }
    }
    if !creating && rc.writes(P::Tags) {
        let arn = a.arns().event_rule(&d.name);
        let tags = tags(d)?;
        (a.aws.eventbridge.tag_resource().resource_arn(&arn))
            .set_tags(Some(tags))
            .send()
            .await
            .call("events:TagResource", &d.name)?;
        done.push(Applied::updated(P::Tags, "tags updated"));
    }
    Ok(done)
}

async fn put_rule(a: &Applier<'_>, d: &EventRule, creating: bool) -> anyhow::Result<()> {
    let pattern = (d.pattern.known())
        .ok_or_else(|| anyhow::anyhow!("rule {} has no event pattern in the model", d.name))?;
    let state = match d.enabled.known() {
        Some(false) => RuleState::Disabled,
        _ => RuleState::Enabled,
    };
    let mut request = (a.aws.eventbridge.put_rule().name(&d.name))
        .event_pattern(pattern.to_json().to_string())
        .state(state)
        .description(format!("lakectl: starts the Glue workflow {}", d.workflow));
    if creating {
        request = request.set_tags(Some(tags(d)?));
    }
    request.send().await.call("events:PutRule", &d.name)?;
    Ok(())
}

/// Makes the rule's targets the desired ones; says what changed.
async fn targets(a: &Applier<'_>, d: &EventRule) -> anyhow::Result<String> {
    let eb = &a.aws.eventbridge;
    let resolver = a.resolver();
    let wanted: Vec<RuleTarget> = (d.targets.known().into_iter().flatten())
        .map(|t| t.resolved(&resolver))
        .collect();
    let live = a.live.event_rules.iter().find(|r| r.name == d.name);
    let stale: Vec<String> = (live.and_then(|l| l.targets.known()).into_iter().flatten())
        .filter(|t| !wanted.iter().any(|w| w.id == t.id))
        .map(|t| t.id.clone())
        .collect();
    if !stale.is_empty() {
        (eb.remove_targets().rule(&d.name))
            .set_ids(Some(stale.clone()))
            .send()
            .await
            .call("events:RemoveTargets", &d.name)?;
    }
    let targets = (wanted.iter())
        .map(|t| {
            Target::builder()
                .id(&t.id)
                .arn(&t.arn)
                .set_role_arn(t.role_arn.clone())
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let out = (eb.put_targets().rule(&d.name))
        .set_targets(Some(targets))
        .send()
        .await
        .call("events:PutTargets", &d.name)?;
    if let Some(failed) = out.failed_entries().first() {
        anyhow::bail!(
            "events:PutTargets on {}: target {} refused: {} {}",
            d.name,
            failed.target_id().unwrap_or_default(),
            failed.error_code().unwrap_or_default(),
            failed.error_message().unwrap_or_default()
        );
    }
    Ok(format!(
        "{} targets put, {} removed",
        wanted.len(),
        stale.len()
    ))
}

fn tags(d: &EventRule) -> anyhow::Result<Vec<Tag>> {
    let tags = d.tags.known().into_iter().flatten();
    let tags = tags.map(|(k, v)| Tag::builder().key(k).value(v).build());
    Ok(tags.collect::<Result<Vec<_>, _>>()?)
}
