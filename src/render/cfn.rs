//! CloudFormation values: intrinsic functions and the `Fn::Sub` rule for strings.
//!
//! One invariant: no string in a rendered template contains `${` outside an `Fn::Sub`, and
//! inside one, only the tokens this template defines ([`Tokens`]) are live; every other `${` is
//! written `${!`, Fn::Sub's escape for a literal `${`. So:
//! - model strings (names, ARNs, locations, policies) with a token (`${AWS::AccountId}`,
//!   `${KeyRaw.Arn}`) become `{"Fn::Sub": ...}` and CloudFormation substitutes the token; an IAM
//!   policy variable such as `${aws:username}` in the same string stays literal ([`Tokens::sub`]);
//! - free text a user wrote (descriptions, tags, column comments) is never substituted: with a
//!   `${` in it, it becomes an Fn::Sub whose every `${` is escaped, which CloudFormation turns
//!   back into exactly the text written ([`literal`]). A plain string would reach AWS unchanged
//!   too, but cfn-lint (E1029) rightly flags `${...}` outside Fn::Sub as a likely mistake.
//!
//! Long form (`Fn::Sub`, `Fn::GetAtt`, `Ref`) is used in both YAML and JSON, so the two
//! templates have the same structure and any YAML parser reads them.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::model::{Model, naming::ACCOUNT_TOKEN, refs::arn_token};

/// The tokens a rendered template can resolve: pseudo parameters and `${Logical.Arn}` of the
/// template's keys.
#[derive(Debug, Clone)]
pub struct Tokens {
    known: BTreeSet<String>,
}

impl Tokens {
    pub fn of(model: &Model) -> Self {
        let mut known: BTreeSet<String> = [ACCOUNT_TOKEN, "${AWS::Region}", "${AWS::Partition}"]
            .into_iter()
            .map(str::to_string)
            .collect();
        known.extend(model.keys.iter().map(|k| arn_token(&k.logical_id)));
        Tokens { known }
    }

    /// A model string: `Fn::Sub` when it holds `${`, with only known tokens live.
    pub fn sub(&self, s: &str) -> Value {
        if !s.contains("${") {
            return Value::String(s.to_string());
        }
        json!({ "Fn::Sub": self.escape_unknown(s) })
    }

    /// `${` that does not start a known token becomes `${!`.
    fn escape_unknown(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 8);
        let mut rest = s;
        while let Some(at) = rest.find("${") {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            match self.known.iter().find(|t| tail.starts_with(t.as_str())) {
                Some(token) => {
                    out.push_str(token);
                    rest = &tail[token.len()..];
                }
                None => {
                    out.push_str("${!");
                    rest = &tail[2..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Every string of a JSON document (a policy) through [`Tokens::sub`]. Map keys are
    /// condition operators and keys, which never carry tokens.
    pub fn sub_all(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => self.sub(s),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.sub_all(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.sub_all(v)))
                    .collect::<Map<_, _>>(),
            ),
            other => other.clone(),
        }
    }
}

/// User free text, never substituted: the string, or an Fn::Sub escaping each `${`.
pub fn literal(s: &str) -> Value {
    if s.contains("${") {
        json!({ "Fn::Sub": s.replace("${", "${!") })
    } else {
        Value::String(s.to_string())
    }
}

pub fn get_att(logical_id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [logical_id, attribute] })
}

pub fn reference(logical_id: &str) -> Value {
    json!({ "Ref": logical_id })
}

pub fn account_id() -> Value {
    reference("AWS::AccountId")
}

/// `[{Key, Value}]`, the tag list most resource types take.
pub fn tag_list(tags: &crate::model::Tags) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({ "Key": literal(k), "Value": literal(v) }))
            .collect(),
    )
}

/// `{key: value}`, the tag map of Glue and a few other resource types.
pub fn tag_map(tags: &crate::model::Tags) -> Value {
    Value::Object(tags.iter().map(|(k, v)| (k.clone(), literal(v))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Tokens {
        Tokens {
            known: [ACCOUNT_TOKEN, "${KeyRaw.Arn}"]
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }

    #[test]
    fn strings_with_known_tokens_become_sub() {
        let t = tokens();
        assert_eq!(
            t.sub("arn:aws:iam::${AWS::AccountId}:root"),
            json!({"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"})
        );
        assert_eq!(t.sub("${KeyRaw.Arn}"), json!({"Fn::Sub": "${KeyRaw.Arn}"}));
    }

    #[test]
    fn other_dollar_braces_are_escaped() {
        let t = tokens();
        assert_eq!(
            t.sub("arn:aws:s3:::b-${AWS::AccountId}/home/${aws:username}/*"),
            json!({"Fn::Sub": "arn:aws:s3:::b-${AWS::AccountId}/home/${!aws:username}/*"})
        );
        assert_eq!(
            t.sub("${KeyOther.Arn}"),
            json!({"Fn::Sub": "${!KeyOther.Arn}"})
        );
        assert_eq!(t.sub("plain"), json!("plain"));
        assert_eq!(
            t.sub("${AWS::AccountId}${"),
            json!({"Fn::Sub": "${AWS::AccountId}${!"})
        );
    }

    #[test]
    fn sub_all_keeps_the_document_shape() {
        let policy = json!({"Statement": [{"Resource": ["${KeyRaw.Arn}", "*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
        assert_eq!(
            tokens().sub_all(&policy),
            json!({"Statement": [{"Resource": [{"Fn::Sub": "${KeyRaw.Arn}"}, "*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
        );
    }

    #[test]
    fn free_text_is_never_substituted() {
        assert_eq!(literal("plain $ {x}"), json!("plain $ {x}"));
        assert_eq!(
            literal("${AWS::AccountId} and ${!x}"),
            json!({"Fn::Sub": "${!AWS::AccountId} and ${!!x}"})
        );
        let tags = crate::model::Tags::from([("k".to_string(), "${AWS::AccountId}".to_string())]);
        assert_eq!(
            tag_list(&tags),
            json!([{"Key": "k", "Value": {"Fn::Sub": "${!AWS::AccountId}"}}])
        );
        assert_eq!(
            tag_map(&tags),
            json!({"k": {"Fn::Sub": "${!AWS::AccountId}"}})
        );
    }
}
