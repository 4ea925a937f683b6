//! EventBridge rules that start the lake's workflows: pattern, state, targets and tags.

use futures::future::join_all;

use super::ctx::{Ctx, existence, known, tag_map};
use crate::aws::{CallError, Service};
use crate::model::{EventPattern, EventRule, Prop, RuleTarget, Tags};

/// The desired rules that exist.
pub(super) async fn read(ctx: &Ctx<'_>, desired: &[EventRule]) -> Vec<EventRule> {
    let rules = join_all(desired.iter().map(|r| read_rule(ctx, r))).await;
    rules.into_iter().flatten().collect()
}

async fn read_rule(ctx: &Ctx<'_>, desired: &EventRule) -> Option<EventRule> {
    let arn = ctx.arns().event_rule(&desired.name);
    let request = ctx
        .aws
        .eventbridge
        .describe_rule()
        .name(&desired.name)
        .send();
    let out = ctx
        .call(Service::EventBridge, "DescribeRule", &arn, request)
        .await;
    match existence(out) {
        Ok(None) => None,
        Ok(Some(out)) => {
            let (targets, tags) =
                tokio::join!(read_targets(ctx, &desired.name, &arn), read_tags(ctx, &arn));
            Some(EventRule {
                pattern: Prop::Known(EventPattern::parse(out.event_pattern().unwrap_or_default())),
                enabled: Prop::Known(out.state().map(|s| s.as_str()) == Some("ENABLED")),
                targets: known(targets),
                tags: known(tags),
                ..desired.clone()
            })
        }
        Err(e) => {
            let reason = e.reason();
            Some(EventRule {
                pattern: Prop::unknown(&reason),
                targets: Prop::unknown(&reason),
                enabled: Prop::unknown(&reason),
                tags: Prop::unknown(&reason),
                ..desired.clone()
            })
        }
    }
}

/// Every target of the rule, sorted by id.
async fn read_targets(ctx: &Ctx<'_>, rule: &str, arn: &str) -> Result<Vec<RuleTarget>, CallError> {
    let mut targets = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = (ctx.aws.eventbridge.list_targets_by_rule().rule(rule))
            .set_next_token(token.clone())
            .send();
        let out = ctx
            .call(Service::EventBridge, "ListTargetsByRule", arn, request)
            .await?;
        targets.extend(out.targets().iter().map(|t| RuleTarget {
            id: t.id().to_string(),
            arn: t.arn().to_string(),
            role_arn: t.role_arn().map(str::to_string),
        }));
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    targets.sort();
    Ok(targets)
}

async fn read_tags(ctx: &Ctx<'_>, arn: &str) -> Result<Tags, CallError> {
    let request = ctx
        .aws
        .eventbridge
        .list_tags_for_resource()
        .resource_arn(arn);
    let out = ctx
        .call(
            Service::EventBridge,
            "ListTagsForResource",
            arn,
            request.send(),
        )
        .await?;
    Ok(tag_map(out.tags().iter().map(|t| (t.key(), t.value()))))
}
