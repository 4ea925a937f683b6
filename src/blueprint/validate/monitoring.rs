//! The pipeline's health alarms: who they notify and their thresholds.

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::types::*;

/// SNS's limit on a topic name.
const MAX_TOPIC: usize = 256;

/// Kinesis keeps records for at most a year; an older iterator age cannot occur.
const MAX_ITERATOR_AGE: u32 = 365 * 24 * 3600;

/// What an alarm can do that reaches a person, a runbook or automation; CloudWatch refuses
/// other ARNs, and its EC2 and Auto Scaling actions do not apply to a lake's pipeline.
const ACTIONS: &str = "an SNS topic name, or the ARN of an SNS topic (`arn:aws:sns:<region>:<account>:<topic>`), a Lambda function, a Systems Manager OpsItem (`arn:aws:ssm:<region>:<account>:opsitem:<severity>`) or an Incident Manager response plan (`arn:aws:ssm-incidents::<account>:response-plan/<name>`)";

impl Checker {
    pub(super) fn monitoring(&mut self, blueprint: &Blueprint) {
        let Some(monitoring) = &blueprint.monitoring else {
            return;
        };
        let at = FieldPath::root().key("monitoring");
        if monitoring.notify.is_empty() {
            self.error(
                at.key("notify"),
                "the alarms must notify someone: `notify` is empty",
                Some(format!("list at least one target: {ACTIONS}")),
            );
        }
        for (i, target) in monitoring.notify.iter().enumerate() {
            if let Err(why) = action(target, &blueprint.lake.region) {
                self.error(
                    at.key("notify").index(i),
                    why,
                    Some(format!("use {ACTIONS}")),
                );
            }
        }
        let age = monitoring.max_iterator_age_seconds;
        if !(60..=MAX_ITERATOR_AGE).contains(&age) {
            self.error(
                at.key("max_iterator_age_seconds"),
                format!("an iterator age of {age} s is out of range"),
                Some(format!(
                    "allowed: 60 to {MAX_ITERATOR_AGE} s (a stream keeps records for at most a year)"
                )),
            );
        }
        let delivery = monitoring.max_delivery_age_seconds;
        for (i, d) in blueprint.delivery_streams.iter().enumerate() {
            let interval = d.buffering.interval_seconds;
            if delivery <= interval {
                self.error(
                    at.key("max_delivery_age_seconds"),
                    format!(
                        "a delivery age of {delivery} s would alarm on normal buffering: delivery stream `{}` (delivery_streams[{i}]) buffers for {interval} s",
                        d.name
                    ),
                    Some(format!("allow more than {interval} s, e.g. {}", interval * 2 + 60)),
                );
            }
        }
    }
}

/// Whether `target` is an alarm action in `region`; why not otherwise.
fn action(target: &str, region: &str) -> Result<(), String> {
    if !target.starts_with("arn:") {
        return topic_name(target);
    }
    let parts: Vec<&str> = target.splitn(6, ':').collect();
    let [_, _, service, arn_region, account, resource] = parts[..] else {
        return Err(format!("`{target}` is not an ARN"));
    };
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    if !account_ok {
        return Err(format!("`{target}` names no 12-digit account"));
    }
    let in_region = || {
        if arn_region == region {
            Ok(())
        } else {
            Err(format!(
                "`{target}` is in region `{arn_region}`: an alarm acts only in its own region, `{region}`"
            ))
        }
    };
    match service {
        "sns" => {
            topic_name(resource)?;
            in_region()
        }
        "ssm" if resource.starts_with("opsitem:") => in_region(),
        "lambda" if resource.starts_with("function:") => in_region(),
        "ssm-incidents" if resource.starts_with("response-plan/") => Ok(()),
        _ => Err(format!(
            "`{target}` is not an action a pipeline alarm can take"
        )),
    }
}

fn topic_name(name: &str) -> Result<(), String> {
    if name.ends_with(".fifo") {
        return Err(format!(
            "`{name}` is a FIFO topic: CloudWatch alarms publish only to standard topics"
        ));
    }
    let valid = (1..=MAX_TOPIC).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not an SNS topic name (1 to {MAX_TOPIC} letters, digits, `-` and `_`)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::action;

    #[test]
    fn actions_are_standard_topics_opsitems_or_response_plans_of_the_region() {
        let ok = [
            "lake-oncall",
            "arn:aws:sns:us-east-1:123456789012:lake-oncall",
            "arn:aws:ssm:us-east-1:123456789012:opsitem:2",
            "arn:aws:ssm-incidents::123456789012:response-plan/lake",
            "arn:aws:lambda:us-east-1:123456789012:function:page",
        ];
        for target in ok {
            assert_eq!(action(target, "us-east-1"), Ok(()), "{target}");
        }
        let refused = [
            (
                "oncall.fifo",
                "`oncall.fifo` is a FIFO topic: CloudWatch alarms publish only to standard topics",
            ),
            (
                "on call",
                "`on call` is not an SNS topic name (1 to 256 letters, digits, `-` and `_`)",
            ),
            (
                "arn:aws:sns:eu-west-1:123456789012:t",
                "`arn:aws:sns:eu-west-1:123456789012:t` is in region `eu-west-1`: an alarm acts only in its own region, `us-east-1`",
            ),
            (
                "arn:aws:sns:us-east-1:1234:t",
                "`arn:aws:sns:us-east-1:1234:t` names no 12-digit account",
            ),
            (
                "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
                "`arn:aws:ec2:us-east-1:123456789012:instance/i-1` is not an action a pipeline alarm can take",
            ),
            ("arn:aws:sns", "`arn:aws:sns` is not an ARN"),
        ];
        for (target, why) in refused {
            assert_eq!(
                action(target, "us-east-1"),
                Err(why.to_string()),
                "{target}"
            );
        }
    }
}
