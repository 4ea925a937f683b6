//! Tokens in model strings and their resolution.
//!
//! Desired-state policies name things that do not exist yet: the account id (when the
//! blueprint leaves it out) and key ARNs (known only once keys are created). They are written
//! as CloudFormation `Fn::Sub` tokens, `${AWS::AccountId}` and `${KeyRaw.Arn}`, so the renderer
//! emits them as `Fn::Sub` and deploy replaces them with real values through a [`Resolver`].

use std::collections::BTreeMap;

use super::policy::PolicyDocument;

/// The token standing for the ARN of the resource with this logical id.
pub fn arn_token(logical_id: &str) -> String {
    format!("${{{logical_id}.Arn}}")
}

/// True when a string contains a token `Fn::Sub` must resolve.
pub fn has_token(value: &str) -> bool {
    value.contains("${")
}

/// Replaces tokens with known values.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    values: BTreeMap<String, String>,
}

impl Resolver {
    pub fn new() -> Self {
        Resolver::default()
    }

    pub fn account(mut self, account: &str) -> Self {
        self.values.insert(
            super::naming::ACCOUNT_TOKEN.to_string(),
            account.to_string(),
        );
        self
    }

    pub fn arn(mut self, logical_id: &str, arn: &str) -> Self {
        self.values.insert(arn_token(logical_id), arn.to_string());
        self
    }

    pub fn resolve(&self, value: &str) -> String {
        if !has_token(value) {
            return value.to_string();
        }
        self.values
            .iter()
            .fold(value.to_string(), |acc, (token, real)| {
                acc.replace(token, real)
            })
    }

    /// Resolves every string of a policy document.
    pub fn resolve_policy(&self, policy: &PolicyDocument) -> PolicyDocument {
        let json = serde_json::to_value(policy).expect("policy documents always serialize");
        let resolved = self.resolve_json(json);
        serde_json::from_value(resolved).expect("resolving strings keeps the policy's shape")
    }

    fn resolve_json(&self, value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(s) => Value::String(self.resolve(&s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.resolve_json(v)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (self.resolve(&k), self.resolve_json(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    /// Tokens still present in a string after resolution.
    pub fn unresolved(&self, value: &str) -> Vec<String> {
        let resolved = self.resolve(value);
        let mut tokens = Vec::new();
        let mut rest = resolved.as_str();
        while let Some(start) = rest.find("${") {
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            tokens.push(rest[start..start + end + 1].to_string());
            rest = &rest[start + end + 1..];
        }
        tokens
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_account_and_key_tokens() {
        let r = Resolver::new()
            .account("123456789012")
            .arn("KeyRaw", "arn:aws:kms:us-east-1:123456789012:key/abc");
        assert_eq!(
            r.resolve("arn:aws:iam::${AWS::AccountId}:root"),
            "arn:aws:iam::123456789012:root"
        );
        assert_eq!(
            r.resolve("${KeyRaw.Arn}"),
            "arn:aws:kms:us-east-1:123456789012:key/abc"
        );
        assert_eq!(
            r.unresolved("${KeyCurated.Arn} and ${AWS::AccountId}"),
            vec!["${KeyCurated.Arn}"]
        );
    }
}
