//! Just enough IAM policy evaluation for the guardrails: does a bucket policy deny insecure
//! transport, old TLS and foreign encryption on the bucket *and* its objects; does a policy
//! grant to anyone or to another account; does a role policy use wildcards.
//!
//! The answers are conservative in the safe direction. A deny is credited only when it is
//! unconditional apart from the guardrail's own condition, applies to everyone (`"*"` or
//! `{"AWS": "*"}`) and names its actions and resources positively: a `NotPrincipal`,
//! `NotAction` or `NotResource` deny, or one narrowed by an extra condition, does not count, so
//! an odd policy can fail a rule but never pass one it does not meet. Grants are read the other
//! way round: an `Allow` with `NotPrincipal` or `NotAction` counts as broad.

use crate::model::policy::{Effect, PolicyDocument, Statement, Values};
use crate::model::{NamedPolicy, naming};

/// IAM wildcard matching: `*` matches any run of characters, `?` exactly one.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let eq = |a: u8, b: u8| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    // Position after the last `*` and the text position it was tried at, for backtracking.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || (p[pi] != b'*' && eq(p[pi], t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi + 1, ti));
            pi += 1;
        } else if let Some((after_star, tried)) = star {
            pi = after_star;
            ti = tried + 1;
            star = Some((after_star, tried + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Which of a bucket's two ARNs some statements cover: the bucket (`arn:aws:s3:::b`, for
/// bucket-level actions such as ListBucket) and every object (`arn:aws:s3:::b/*`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub bucket: bool,
    pub objects: bool,
}

impl Coverage {
    pub fn complete(self) -> bool {
        self.bucket && self.objects
    }

    /// The ARNs left uncovered, for messages.
    pub fn missing(self, bucket_arn: &str) -> String {
        match (self.bucket, self.objects) {
            (false, false) => format!("`{bucket_arn}` and `{bucket_arn}/*`"),
            (false, true) => format!("`{bucket_arn}`"),
            (true, false) => format!("`{bucket_arn}/*`"),
            (true, true) => String::new(),
        }
    }
}

fn covers_bucket(statement: &Statement, bucket_arn: &str) -> bool {
    statement
        .resource
        .iter()
        .any(|p| wildcard_match(p, bucket_arn, false))
}

/// A pattern covers every object when it ends in `*` and matches the object prefix itself
/// (`b/*`, `b*`, `arn:aws:s3:::*`, `*`), but not `b/data/*`.
fn covers_objects(statement: &Statement, bucket_arn: &str) -> bool {
    let prefix = format!("{bucket_arn}/");
    statement
        .resource
        .iter()
        .any(|p| p.ends_with('*') && wildcard_match(p, &prefix, false))
}

/// True when the actions include every action of `service` (`s3:*`, `*`, `s3*`).
fn covers_service(actions: &Values, service: &str) -> bool {
    let prefix = format!("{service}:");
    actions
        .iter()
        .any(|a| a.ends_with('*') && wildcard_match(a, &prefix, true))
}

fn covers_action(actions: &Values, action: &str) -> bool {
    actions.iter().any(|a| wildcard_match(a, action, true))
}

/// A deny the guardrails can rely on: everyone, positive actions and resources.
fn is_blanket_deny(statement: &Statement) -> bool {
    statement.effect == Effect::Deny
        && statement.not_principal.is_none()
        && statement.not_action.is_empty()
        && statement.not_resource.is_empty()
        && statement.principal.as_ref().is_some_and(|p| p.is_anyone())
}

/// One condition of a statement: operator, condition key (lowercase, as IAM compares keys
/// case-insensitively) and values.
struct Condition<'a> {
    operator: &'a str,
    key: String,
    values: &'a Values,
}

fn conditions(statement: &Statement) -> Vec<Condition<'_>> {
    statement
        .condition
        .iter()
        .flat_map(|(operator, keys)| {
            keys.iter().map(move |(key, values)| Condition {
                operator,
                key: key.to_ascii_lowercase(),
                values,
            })
        })
        .collect()
}

/// The statement's only condition, if it has exactly one.
fn sole_condition(statement: &Statement) -> Option<Condition<'_>> {
    let mut all = conditions(statement);
    if all.len() == 1 { all.pop() } else { None }
}

fn coverage_of(
    policy: &PolicyDocument,
    bucket_arn: &str,
    qualifies: impl Fn(&Statement) -> bool,
) -> Coverage {
    policy
        .statements
        .iter()
        .filter(|s| is_blanket_deny(s) && covers_service(&s.action, "s3") && qualifies(s))
        .fold(Coverage::default(), |acc, s| Coverage {
            bucket: acc.bucket || covers_bucket(s, bucket_arn),
            objects: acc.objects || covers_objects(s, bucket_arn),
        })
}

/// Where the policy denies every S3 action to everyone over plain HTTP
/// (`Bool`/`BoolIfExists` `aws:SecureTransport` = `false`, string or boolean).
pub fn insecure_transport_denied(policy: &PolicyDocument, bucket_arn: &str) -> Coverage {
    coverage_of(policy, bucket_arn, |s| {
        sole_condition(s).is_some_and(|c| {
            matches!(c.operator, "Bool" | "BoolIfExists")
                && c.key == "aws:securetransport"
                && !c.values.is_empty()
                && c.values.iter().all(|v| v.eq_ignore_ascii_case("false"))
        })
    })
}

/// Where the policy denies every S3 action to everyone over TLS older than 1.2
/// (`NumericLessThan` `s3:TlsVersion` with a bound of at least 1.2).
pub fn old_tls_denied(policy: &PolicyDocument, bucket_arn: &str) -> Coverage {
    coverage_of(policy, bucket_arn, |s| {
        sole_condition(s).is_some_and(|c| {
            matches!(c.operator, "NumericLessThan" | "NumericLessThanIfExists")
                && c.key == "s3:tlsversion"
                && c.values
                    .iter()
                    .any(|v| v.trim().parse::<f64>().is_ok_and(|bound| bound >= 1.2))
        })
    })
}

const SSE_HEADER: &str = "s3:x-amz-server-side-encryption";
const SSE_KEY_HEADER: &str = "s3:x-amz-server-side-encryption-aws-kms-key-id";

fn is_negated_string_operator(operator: &str) -> bool {
    matches!(
        operator,
        "StringNotEquals"
            | "StringNotEqualsIfExists"
            | "StringNotLike"
            | "StringNotLikeIfExists"
            | "ArnNotEquals"
            | "ArnNotEqualsIfExists"
            | "ArnNotLike"
            | "ArnNotLikeIfExists"
    )
}

/// `Null: {<sse header>: "false"}` only narrows a deny to requests that send the header;
/// requests without it get the bucket's default encryption, so the deny still holds.
fn is_header_present_guard(condition: &Condition<'_>) -> bool {
    condition.operator == "Null"
        && (condition.key == SSE_HEADER || condition.key == SSE_KEY_HEADER)
        && condition
            .values
            .iter()
            .all(|v| v.eq_ignore_ascii_case("false"))
}

/// A deny of `s3:PutObject` on every object whose only real condition is `key` not in the
/// allowed values.
///
/// `strict` also asks that the deny holds for requests that omit the header (a negated
/// operator without `IfExists` and no `Null` guard), so it refuses them too.
fn put_object_denied_unless(
    policy: &PolicyDocument,
    bucket_arn: &str,
    key: &str,
    strict: bool,
    allowed: impl Fn(&str) -> bool,
) -> bool {
    policy.statements.iter().any(|s| {
        if !(is_blanket_deny(s)
            && covers_action(&s.action, "s3:PutObject")
            && covers_objects(s, bucket_arn))
        {
            return false;
        }
        let all = conditions(s);
        let mut guard = all
            .iter()
            .filter(|c| c.key == key && is_negated_string_operator(c.operator));
        let Some(condition) = guard.next() else {
            return false;
        };
        if strict && (condition.operator.ends_with("IfExists") || all.len() > 1) {
            return false;
        }
        guard.next().is_none()
            && !condition.values.is_empty()
            && condition.values.iter().all(&allowed)
            && all
                .iter()
                .filter(|c| !std::ptr::eq(*c, condition))
                .all(is_header_present_guard)
    })
}

/// True when the policy denies uploads encrypted with any KMS key but the one `is_zone_key`
/// accepts.
pub fn foreign_kms_key_denied(
    policy: &PolicyDocument,
    bucket_arn: &str,
    is_zone_key: impl Fn(&str) -> bool,
) -> bool {
    put_object_denied_unless(policy, bucket_arn, SSE_KEY_HEADER, false, is_zone_key)
}

/// True when the policy denies every upload that does not name the zone key, including
/// uploads without encryption headers and with SSE-S3: such a deny also refuses non-KMS
/// encryption on its own.
pub fn uploads_without_zone_key_denied(
    policy: &PolicyDocument,
    bucket_arn: &str,
    is_zone_key: impl Fn(&str) -> bool,
) -> bool {
    put_object_denied_unless(policy, bucket_arn, SSE_KEY_HEADER, true, is_zone_key)
}

/// True when the policy denies uploads that ask for server-side encryption other than KMS.
pub fn non_kms_encryption_denied(policy: &PolicyDocument, bucket_arn: &str) -> bool {
    put_object_denied_unless(policy, bucket_arn, SSE_HEADER, false, |v| {
        v == "aws:kms" || v == "aws:kms:dsse"
    })
}

/// Condition keys that tie a grant to specific callers, accounts, organizations or networks.
const LIMITING_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:userid",
    "kms:calleraccount",
];

/// Positive operators only: a negated or `...IfExists` operator still lets through callers
/// without the key.
fn limits_callers(statement: &Statement) -> bool {
    conditions(statement).iter().any(|c| {
        matches!(
            c.operator,
            "StringEquals"
                | "StringEqualsIgnoreCase"
                | "StringLike"
                | "ArnEquals"
                | "ArnLike"
                | "IpAddress"
        ) && LIMITING_KEYS.contains(&c.key.as_str())
            && !c.values.is_empty()
            && c.values.iter().all(|v| v != "*")
    })
}

fn is_open_allow(statement: &Statement) -> bool {
    statement.effect == Effect::Allow
        && (statement.not_principal.is_some()
            || statement.principal.as_ref().is_some_and(|p| p.is_anyone()))
        && !limits_callers(statement)
}

/// How a statement reads in a message: its Sid, or its position.
pub fn statement_label(policy: &PolicyDocument, statement: &Statement) -> String {
    match &statement.sid {
        Some(sid) if !sid.is_empty() => format!("statement `{sid}`"),
        _ => {
            let index = policy
                .statements
                .iter()
                .position(|s| std::ptr::eq(s, statement))
                .unwrap_or(0);
            format!("statement #{}", index + 1)
        }
    }
}

/// Statements that allow anyone (`"*"`, `{"AWS": "*"}` or `NotPrincipal`) without a condition
/// that limits the callers.
pub fn public_grants(policy: &PolicyDocument) -> Vec<&Statement> {
    policy
        .statements
        .iter()
        .filter(|s| is_open_allow(s))
        .collect()
}

/// The account of an AWS principal: a bare 12-digit id or the account field of an ARN.
fn principal_account(principal: &str) -> Option<&str> {
    if principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()) {
        return Some(principal);
    }
    let mut fields = principal.splitn(6, ':');
    match (fields.next(), fields.nth(3)) {
        (Some("arn"), Some(account)) if !account.is_empty() => Some(account),
        _ => None,
    }
}

/// AWS principals of `Allow` statements that belong to another account than `own_account`.
pub fn cross_account_principals<'p>(policy: &'p PolicyDocument, own_account: &str) -> Vec<&'p str> {
    let mut foreign: Vec<&str> = policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .flat_map(aws_principals)
        // `${AWS::AccountId}` is the lake's own account, whatever the model calls it.
        .filter(|p| !p.contains(naming::ACCOUNT_TOKEN))
        .filter(|p| principal_account(p).is_some_and(|account| account != own_account))
        .collect();
    foreign.sort_unstable();
    foreign.dedup();
    foreign
}

/// KMS actions that use a key's material.
const KEY_USE_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:ReEncryptFrom",
    "kms:CreateGrant",
];

/// Statements of a key policy that let anyone use the key.
pub fn key_use_by_anyone(policy: &PolicyDocument) -> Vec<&Statement> {
    policy
        .statements
        .iter()
        .filter(|s| is_open_allow(s))
        .filter(|s| {
            !s.not_action.is_empty() || KEY_USE_ACTIONS.iter().any(|a| covers_action(&s.action, a))
        })
        .collect()
}

/// KMS actions that decrypt, or (a grant) let the grantee decrypt outside the key policy.
const DECRYPT_ACTIONS: &[&str] = &["kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant"];

/// KMS actions that administer a key: whoever holds one can change who may use the key.
const KEY_ADMIN_ACTIONS: &[&str] = &[
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
];

fn allows_action(statement: &Statement, action: &str) -> bool {
    if statement.not_action.is_empty() {
        covers_action(&statement.action, action)
    } else {
        !covers_action(&statement.not_action, action)
    }
}

/// `kms:GrantIsForAWSResource` true: only an AWS service acting for the caller may hold the grant.
fn grants_only_to_aws_services(statement: &Statement) -> bool {
    conditions(statement).iter().any(|c| {
        c.operator == "Bool"
            && c.key == "kms:grantisforawsresource"
            && c.values.iter().all(|v| v.eq_ignore_ascii_case("true"))
    })
}

fn decrypt_actions(statement: &Statement) -> Vec<&'static str> {
    DECRYPT_ACTIONS
        .iter()
        .copied()
        .filter(|a| allows_action(statement, a))
        .filter(|a| *a != "kms:CreateGrant" || !grants_only_to_aws_services(statement))
        .collect()
}

/// An account root, by ARN or bare account id: it stands for every IAM policy of the account.
fn is_account_root(principal: &str) -> bool {
    principal_account(principal) == Some(principal)
        || (principal.starts_with("arn:") && principal.ends_with(":root"))
}

/// The `AWS` principals a statement names (none for `"*"` or service principals).
fn aws_principals(statement: &Statement) -> Vec<&str> {
    match &statement.principal {
        Some(crate::model::policy::Principal::Typed(map)) => map
            .get("AWS")
            .map(|v| v.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Who a key policy lets decrypt although it should not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decrypter<'p> {
    /// An account root: any IAM policy of that account can grant decryption.
    AccountRoot(&'p str),
    /// `"*"` narrowed by conditions to callers of an account or organisation.
    AccountWide,
    /// A principal that also administers the key (`administers` is that statement).
    Administrator {
        principal: &'p str,
        administers: &'p Statement,
    },
}

/// A statement of a key policy that lets someone decrypt beyond the key's named users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnseparatedDecryption<'p> {
    pub statement: &'p Statement,
    pub decrypter: Decrypter<'p>,
    pub actions: Vec<&'static str>,
}

/// Statements of a key policy that do not keep decryption apart from key administration: they
/// let an account root, everyone of an account, or a key administrator decrypt. Statements
/// that let anyone at all use the key are [`key_use_by_anyone`]'s, and service principals are
/// bound by their own conditions, so neither is reported here.
pub fn unseparated_decryption(policy: &PolicyDocument) -> Vec<UnseparatedDecryption<'_>> {
    let allows = || {
        (policy.statements.iter())
            .filter(|s| s.effect == Effect::Allow && s.not_principal.is_none())
    };
    let administers = |principal: &str| {
        allows().find(|s| {
            aws_principals(s).contains(&principal)
                && KEY_ADMIN_ACTIONS.iter().any(|a| allows_action(s, a))
        })
    };
    let mut found = Vec::new();
    for statement in allows() {
        let actions = decrypt_actions(statement);
        if actions.is_empty() {
            continue;
        }
        let mut push = |decrypter| {
            found.push(UnseparatedDecryption {
                statement,
                decrypter,
                actions: actions.clone(),
            })
        };
        if statement.principal.as_ref().is_some_and(|p| p.is_anyone()) {
            if !is_open_allow(statement) {
                push(Decrypter::AccountWide);
            }
            continue;
        }
        for principal in aws_principals(statement) {
            if is_account_root(principal) {
                push(Decrypter::AccountRoot(principal));
            } else if let Some(admin) = administers(principal) {
                push(Decrypter::Administrator {
                    principal,
                    administers: admin,
                });
            }
        }
    }
    found
}

/// Actions that only accept `"Resource": "*"`, so a wildcard there has no narrower choice.
/// Lake Formation permissions have no resource-level IAM permissions at all.
const RESOURCE_STAR_ONLY_SERVICES: &[&str] = &["lakeformation:"];
const RESOURCE_STAR_ONLY: &[&str] = &[
    "glue:GetSecurityConfiguration",
    "s3:ListAllMyBuckets",
    "kms:ListAliases",
    "kms:ListKeys",
    "glue:GetSecurityConfigurations",
    "athena:ListWorkGroups",
    "athena:ListDataCatalogs",
    "cloudwatch:PutMetricData",
    "logs:DescribeLogGroups",
    "kinesis:ListStreams",
    "firehose:ListDeliveryStreams",
    "sts:GetCallerIdentity",
    "tag:GetResources",
];

/// `Allow` statements granting every action (`*`, `service:*`) or everything but some
/// (`NotAction`).
pub fn wildcard_action_grants(policy: &PolicyDocument) -> Vec<&Statement> {
    policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .filter(|s| {
            !s.not_action.is_empty()
                || s.action
                    .iter()
                    .any(|a| a == "*" || a.split_once(':').is_some_and(|(_, name)| name == "*"))
        })
        .collect()
}

fn only_accepts_star(action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    RESOURCE_STAR_ONLY_SERVICES
        .iter()
        .any(|service| lower.starts_with(service))
        || RESOURCE_STAR_ONLY
            .iter()
            .any(|a| a.eq_ignore_ascii_case(action))
}

/// `Allow` statements on `"Resource": "*"` (or `NotResource`) for actions that accept a
/// narrower resource.
pub fn wildcard_resource_grants(policy: &PolicyDocument) -> Vec<&Statement> {
    policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .filter(|s| {
            !s.not_resource.is_empty()
                || (s.resource.iter().any(|r| r == "*")
                    && (s.action.is_empty() || s.action.iter().any(|a| !only_accepts_star(a))))
        })
        .collect()
}

/// Labels of the statements `grants` picks from a role's inline policies: `statement X` in
/// the `lakectl` policy, `statement X of inline policy `name`` in the others, which a
/// reader must be able to find and remove.
pub fn inline_grant_labels<'p>(
    lakectl: Option<&'p PolicyDocument>,
    others: &'p [NamedPolicy],
    grants: impl Fn(&'p PolicyDocument) -> Vec<&'p Statement>,
) -> Vec<String> {
    let mut labels: Vec<String> = lakectl
        .into_iter()
        .flat_map(|p| grants(p).into_iter().map(move |s| statement_label(p, s)))
        .collect();
    for other in others {
        let p = &other.document;
        labels.extend(grants(p).into_iter().map(|s| {
            format!(
                "{} of inline policy `{}`",
                statement_label(p, s),
                other.name
            )
        }));
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUCKET: &str = "arn:aws:s3:::lake-raw";

    fn policy(json: &str) -> PolicyDocument {
        PolicyDocument::parse(&format!(r#"{{"Version":"2012-10-17","Statement":{json}}}"#))
            .unwrap_or_else(|e| panic!("test policy does not parse: {e}\n{json}"))
    }

    #[test]
    fn wildcards_match_like_iam() {
        let cases = [
            ("*", "anything", true),
            ("s3:*", "s3:GetObject", true),
            ("s3:Get*", "s3:PutObject", false),
            ("s3:?etObject", "s3:GetObject", true),
            ("arn:aws:s3:::b/*", "arn:aws:s3:::b", false),
            ("arn:aws:s3:::b*", "arn:aws:s3:::b", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("", "", true),
            ("", "x", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                wildcard_match(pattern, text, false),
                expected,
                "{pattern} vs {text}"
            );
        }
        assert!(wildcard_match("S3:getobject", "s3:GetObject", true));
        assert!(!wildcard_match("S3:getobject", "s3:GetObject", false));
    }

    #[test]
    fn secure_transport_denies_in_every_common_form() {
        let both = r#"["arn:aws:s3:::lake-raw","arn:aws:s3:::lake-raw/*"]"#;
        let cases: Vec<(&str, String, Coverage)> = vec![
            (
                "string false, both ARNs",
                format!(
                    r#"{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}"#
                ),
                Coverage { bucket: true, objects: true },
            ),
            (
                "boolean false, AWS star principal, action star",
                format!(
                    r#"[{{"Effect":"Deny","Principal":{{"AWS":"*"}},"Action":"*","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":false}}}}}}]"#
                ),
                Coverage { bucket: true, objects: true },
            ),
            (
                "BoolIfExists, mixed-case key",
                format!(
                    r#"{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":{both},"Condition":{{"BoolIfExists":{{"aws:securetransport":"False"}}}}}}"#
                ),
                Coverage { bucket: true, objects: true },
            ),
            (
                "objects only does not protect the bucket ARN",
                r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::lake-raw/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#.to_string(),
                Coverage { bucket: false, objects: true },
            ),
            (
                "split over two statements",
                r#"[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::lake-raw","Condition":{"Bool":{"aws:SecureTransport":"false"}}},
                    {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::lake-raw/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]"#.to_string(),
                Coverage { bucket: true, objects: true },
            ),
            (
                "a wildcard bucket pattern covers both",
                r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::lake-*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#.to_string(),
                Coverage { bucket: true, objects: true },
            ),
            (
                "a prefix of objects is not every object",
                r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::lake-raw","arn:aws:s3:::lake-raw/data/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#.to_string(),
                Coverage { bucket: true, objects: false },
            ),
            (
                "another bucket",
                r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::other","arn:aws:s3:::other/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#.to_string(),
                Coverage::default(),
            ),
            (
                "only some actions",
                format!(
                    r#"{{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}"#
                ),
                Coverage::default(),
            ),
            (
                "true instead of false denies HTTPS",
                format!(
                    r#"{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":"true"}}}}}}"#
                ),
                Coverage::default(),
            ),
            (
                "an allow is no deny",
                format!(
                    r#"{{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}"#
                ),
                Coverage::default(),
            ),
            (
                "one principal only",
                format!(
                    r#"{{"Effect":"Deny","Principal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"s3:*","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}"#
                ),
                Coverage::default(),
            ),
            (
                "NotPrincipal exempts someone",
                format!(
                    r#"{{"Effect":"Deny","NotPrincipal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"s3:*","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}"#
                ),
                Coverage::default(),
            ),
            (
                "NotAction exempts actions",
                format!(
                    r#"{{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}"#
                ),
                Coverage::default(),
            ),
            (
                "an extra condition narrows the deny",
                format!(
                    r#"{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":{both},"Condition":{{"Bool":{{"aws:SecureTransport":"false"}},"StringEquals":{{"aws:PrincipalAccount":"111122223333"}}}}}}"#
                ),
                Coverage::default(),
            ),
            (
                "no condition at all is a different statement",
                format!(r#"{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":{both}}}"#),
                Coverage::default(),
            ),
        ];
        for (name, statements, expected) in cases {
            assert_eq!(
                insecure_transport_denied(&policy(&statements), BUCKET),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn old_tls_denies_need_a_bound_of_at_least_one_point_two() {
        let deny = |operator: &str, value: &str, resource: &str| {
            format!(
                r#"{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":{resource},"Condition":{{"{operator}":{{"s3:TlsVersion":{value}}}}}}}"#
            )
        };
        let both = r#"["arn:aws:s3:::lake-raw","arn:aws:s3:::lake-raw/*"]"#;
        let full = Coverage {
            bucket: true,
            objects: true,
        };
        let cases = [
            (deny("NumericLessThan", r#""1.2""#, both), full),
            (deny("NumericLessThan", "1.2", both), full),
            (deny("NumericLessThan", r#""1.3""#, both), full),
            (
                deny("NumericLessThan", r#""1.1""#, both),
                Coverage::default(),
            ),
            (
                deny("NumericLessThan", r#""abc""#, both),
                Coverage::default(),
            ),
            (
                deny("NumericGreaterThan", r#""1.2""#, both),
                Coverage::default(),
            ),
            (
                deny(
                    "NumericLessThan",
                    r#""1.2""#,
                    r#""arn:aws:s3:::lake-raw/*""#,
                ),
                Coverage {
                    bucket: false,
                    objects: true,
                },
            ),
        ];
        for (statement, expected) in cases {
            assert_eq!(
                old_tls_denied(&policy(&statement), BUCKET),
                expected,
                "{statement}"
            );
        }
    }

    #[test]
    fn foreign_encryption_denies() {
        let is_zone_key = |v: &str| v == "${KeyRaw.Arn}";
        let deny = |condition: &str| {
            policy(&format!(
                r#"{{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::lake-raw/*","Condition":{condition}}}"#
            ))
        };
        let key_cases = [
            (
                r#"{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"${KeyRaw.Arn}"}}"#,
                true,
            ),
            (
                r#"{"StringNotEqualsIfExists":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"${KeyRaw.Arn}"}}"#,
                true,
            ),
            (
                r#"{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"${KeyRaw.Arn}"},"Null":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"false"}}"#,
                true,
            ),
            (
                r#"{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"${KeyCurated.Arn}"}}"#,
                false,
            ),
            (
                r#"{"StringNotLike":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"arn:aws:kms:*"}}"#,
                false,
            ),
            (
                r#"{"StringEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"${KeyRaw.Arn}"}}"#,
                false,
            ),
            (
                r#"{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"${KeyRaw.Arn}"},"StringEquals":{"aws:PrincipalAccount":"1"}}"#,
                false,
            ),
        ];
        for (condition, expected) in key_cases {
            assert_eq!(
                foreign_kms_key_denied(&deny(condition), BUCKET, is_zone_key),
                expected,
                "{condition}"
            );
        }
        let strict = [
            (key_cases[0].0, true),
            (key_cases[1].0, false),
            (key_cases[2].0, false),
        ];
        for (condition, expected) in strict {
            assert_eq!(
                uploads_without_zone_key_denied(&deny(condition), BUCKET, is_zone_key),
                expected,
                "strict: {condition}"
            );
        }
        let sse_cases = [
            (
                r#"{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}"#,
                true,
            ),
            (
                r#"{"StringNotEquals":{"s3:x-amz-server-side-encryption":["aws:kms","aws:kms:dsse"]}}"#,
                true,
            ),
            (
                r#"{"StringNotEquals":{"s3:x-amz-server-side-encryption":["aws:kms","AES256"]}}"#,
                false,
            ),
        ];
        for (condition, expected) in sse_cases {
            assert_eq!(
                non_kms_encryption_denied(&deny(condition), BUCKET),
                expected,
                "{condition}"
            );
        }
        let bucket_only = policy(
            r#"{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::lake-raw","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}"#,
        );
        assert!(!non_kms_encryption_denied(&bucket_only, BUCKET));
    }

    #[test]
    fn public_grants_are_open_allows_without_a_limiting_condition() {
        let cases = [
            (
                r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}"#,
                1,
            ),
            (
                r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}"#,
                1,
            ),
            (
                r#"{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:GetObject","Resource":"*"}"#,
                1,
            ),
            (
                r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}}"#,
                0,
            ),
            (
                r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}}"#,
                1,
            ),
            (
                r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"aws:SourceArn":"*"}}}"#,
                1,
            ),
            (
                r#"{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"}"#,
                0,
            ),
            (
                r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}"#,
                0,
            ),
        ];
        for (statement, expected) in cases {
            assert_eq!(
                public_grants(&policy(statement)).len(),
                expected,
                "{statement}"
            );
        }
    }

    #[test]
    fn cross_account_principals_are_other_accounts() {
        let p = policy(
            r#"[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","123456789012","arn:aws:iam::123456789012:role/x","444455556666"]},"Action":"s3:GetObject","Resource":"*"},
                {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::777788889999:root"},"Action":"s3:*","Resource":"*"},
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${AWS::AccountId}:role/etl"},"Action":"s3:GetObject","Resource":"*"}]"#,
        );
        assert_eq!(
            cross_account_principals(&p, "123456789012"),
            vec!["444455556666", "arn:aws:iam::111122223333:root"]
        );
        assert_eq!(
            cross_account_principals(&p, "${AWS::AccountId}"),
            vec![
                "123456789012",
                "444455556666",
                "arn:aws:iam::111122223333:root",
                "arn:aws:iam::123456789012:role/x"
            ],
            "a desired model without an account id cannot tell, so literal ids count as foreign"
        );
    }

    #[test]
    fn key_policies_letting_anyone_use_the_key() {
        let cases = [
            (
                r#"{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}"#,
                1,
            ),
            (
                r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Decrypt"],"Resource":"*"}"#,
                1,
            ),
            (
                r#"{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"123456789012"}}}"#,
                0,
            ),
            (
                r#"{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}"#,
                1,
            ),
            (
                r#"{"Effect":"Allow","Principal":"*","Action":"kms:DescribeKey","Resource":"*"}"#,
                0,
            ),
            (
                r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}"#,
                0,
            ),
        ];
        for (statement, expected) in cases {
            assert_eq!(
                key_use_by_anyone(&policy(statement)).len(),
                expected,
                "{statement}"
            );
        }
    }

    #[test]
    fn role_policy_wildcards() {
        let cases = [
            (
                r#"{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}"#,
                1,
                0,
            ),
            (
                r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b"}"#,
                1,
                0,
            ),
            (
                r#"{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b"}"#,
                0,
                0,
            ),
            (
                r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:s3:::b"}"#,
                1,
                0,
            ),
            (
                r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#,
                0,
                1,
            ),
            (
                r#"{"Effect":"Allow","Action":"lakeformation:GetDataAccess","Resource":"*"}"#,
                0,
                0,
            ),
            (
                r#"{"Effect":"Allow","Action":["lakeformation:GetDataAccess","glue:GetTable"],"Resource":"*"}"#,
                0,
                1,
            ),
            (
                r#"{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::b"}"#,
                0,
                1,
            ),
            (r#"{"Effect":"Deny","Action":"*","Resource":"*"}"#, 0, 0),
        ];
        for (statement, actions, resources) in cases {
            let p = policy(statement);
            assert_eq!(wildcard_action_grants(&p).len(), actions, "{statement}");
            assert_eq!(wildcard_resource_grants(&p).len(), resources, "{statement}");
        }
    }
}
