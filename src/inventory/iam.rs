//! IAM roles: trust policy, the inline policy `lakectl`, the other inline policies, attached
//! managed policies and tags (3 reads a role, plus one per inline policy).

use futures::future::join_all;

use super::ctx::{Ctx, existence, existing, known, or_absent};
use crate::aws::{CallError, Service};
use crate::model::{NamedPolicy, PolicyDocument, Prop, Role, naming};

/// The inline policy that carries all of a lakectl role's permissions.
pub const INLINE_POLICY: &str = "lakectl";

pub(super) async fn read(ctx: &Ctx<'_>, desired: &[Role]) -> Vec<Role> {
    existing(desired, |r| read_role(ctx, r.clone())).await
}

/// Every role of the account except service-linked roles (AWS owns those). IAM is global, so
/// this is not limited to the region.
pub(super) async fn read_all(ctx: &Ctx<'_>) -> Vec<Role> {
    let names = ctx.listed(list_roles(ctx).await);
    existing(names, |name| {
        read_role(
            ctx,
            Role {
                id: name.clone(),
                logical_id: naming::logical_id(&name),
                purpose: None,
                trust: Prop::unknown("not read"),
                policy: Prop::unknown("not read"),
                other_policies: Prop::unknown("not read"),
                managed_policies: Prop::unknown("not read"),
                tags: Prop::unknown("not read"),
                name,
            },
        )
    })
    .await
}

async fn read_role(ctx: &Ctx<'_>, mut role: Role) -> Option<Role> {
    let arn = ctx.arns().role(&role.name);
    let iam = &ctx.aws.iam;
    let got = ctx
        .call(
            Service::Iam,
            "GetRole",
            &arn,
            iam.get_role().role_name(&role.name).send(),
        )
        .await;
    let got = match existence(got) {
        Ok(None) => return None,
        Ok(Some(out)) => out,
        Err(e) => {
            let reason = e.reason();
            role.trust = Prop::unknown(&reason);
            role.policy = Prop::unknown(&reason);
            role.other_policies = Prop::unknown(&reason);
            role.managed_policies = Prop::unknown(&reason);
            role.tags = Prop::unknown(&reason);
            return Some(role);
        }
    };
    let (names, attached) = tokio::join!(
        list_inline(ctx, &role.name, &arn),
        list_attached(ctx, &role.name, &arn),
    );
    // lakectl's own policy is read only when listed: most roles of an account are not
    // lakectl's, and asking each for it would cost a request that answers "no such entity".
    let ours = names
        .as_ref()
        .is_ok_and(|names| names.iter().any(|n| n == INLINE_POLICY));
    let (inline, others) = tokio::join!(
        async {
            if !ours {
                return None;
            }
            let got = iam
                .get_role_policy()
                .role_name(&role.name)
                .policy_name(INLINE_POLICY)
                .send();
            Some(ctx.call(Service::Iam, "GetRolePolicy", &arn, got).await)
        },
        read_other_policies(ctx, &role.name, &arn, names.clone()),
    );
    let found = got.role();
    role.trust = match found.and_then(|r| r.assume_role_policy_document()) {
        Some(text) => parse_policy(text, &format!("the trust policy of {arn}")),
        None => Prop::unknown(format!("GetRole returned no trust policy for {arn}")),
    };
    role.tags = Prop::Known(
        found
            .map(|r| {
                r.tags()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect()
            })
            .unwrap_or_default(),
    );
    let inline = match (inline, &names) {
        (Some(got), _) => or_absent(got.map(|o| Some(o.policy_document().to_string())), || None),
        (None, Ok(_)) => Prop::Known(None),
        (None, Err(e)) => Prop::unknown(e.reason()),
    };
    role.policy = match inline {
        Prop::Known(Some(text)) => parse_policy(
            &text,
            &format!("the inline policy {INLINE_POLICY} of {arn}"),
        )
        .map(Some),
        Prop::Known(None) => Prop::Known(None),
        Prop::Unknown(u) => Prop::Unknown(u),
    };
    role.other_policies = others;
    role.managed_policies = known(attached);
    Some(role)
}

/// The inline policies other than [`INLINE_POLICY`], sorted by name, read concurrently. One
/// that cannot be read makes the whole list unknown: the audit must not pass a role on a
/// partial view of its grants.
async fn read_other_policies(
    ctx: &Ctx<'_>,
    role: &str,
    arn: &str,
    listed: Result<Vec<String>, CallError>,
) -> Prop<Vec<NamedPolicy>> {
    let names = match listed {
        Ok(names) => names,
        Err(e) => return Prop::unknown(e.reason()),
    };
    let read = names
        .into_iter()
        .filter(|name| name != INLINE_POLICY)
        .map(|name| read_other_policy(ctx, role, arn, name));
    let mut policies = Vec::new();
    for policy in join_all(read).await {
        match policy {
            Prop::Known(Some(policy)) => policies.push(policy),
            // Deleted between the listing and the read.
            Prop::Known(None) => {}
            Prop::Unknown(u) => return Prop::Unknown(u),
        }
    }
    policies.sort_by(|a, b| a.name.cmp(&b.name));
    Prop::Known(policies)
}

async fn read_other_policy(
    ctx: &Ctx<'_>,
    role: &str,
    arn: &str,
    name: String,
) -> Prop<Option<NamedPolicy>> {
    let got = ctx
        .call(
            Service::Iam,
            "GetRolePolicy",
            arn,
            ctx.aws
                .iam
                .get_role_policy()
                .role_name(role)
                .policy_name(&name)
                .send(),
        )
        .await;
    let text = match or_absent(got.map(|o| Some(o.policy_document().to_string())), || None) {
        Prop::Known(Some(text)) => text,
        Prop::Known(None) => return Prop::Known(None),
        Prop::Unknown(u) => return Prop::Unknown(u),
    };
    parse_policy(&text, &format!("the inline policy {name} of {arn}"))
        .map(|document| Some(NamedPolicy { name, document }))
}

async fn list_inline(ctx: &Ctx<'_>, name: &str, arn: &str) -> Result<Vec<String>, CallError> {
    let mut names = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Iam,
                "ListRolePolicies",
                arn,
                ctx.aws
                    .iam
                    .list_role_policies()
                    .role_name(name)
                    .set_marker(marker.clone())
                    .send(),
            )
            .await?;
        names.extend(out.policy_names().iter().cloned());
        match out.marker() {
            Some(next) if out.is_truncated() => marker = Some(next.to_string()),
            _ => return Ok(names),
        }
    }
}

/// Parses a policy IAM returns: URL-encoded JSON (some emulators return it decoded).
pub(super) fn parse_policy(text: &str, what: &str) -> Prop<PolicyDocument> {
    let decoded = if text.trim_start().starts_with('{') {
        text.to_string()
    } else {
        match percent_decode(text) {
            Some(d) => d,
            None => return Prop::unknown(format!("cannot decode {what}: invalid URL encoding")),
        }
    };
    match PolicyDocument::parse(&decoded) {
        Ok(doc) => Prop::Known(doc),
        Err(e) => Prop::unknown(format!("cannot parse {what}: {e}")),
    }
}

/// RFC 3986 percent-decoding (IAM leaves `+` as is). `None` for a bad escape or invalid UTF-8.
pub(super) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn list_attached(ctx: &Ctx<'_>, name: &str, arn: &str) -> Result<Vec<String>, CallError> {
    let mut policies = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Iam,
                "ListAttachedRolePolicies",
                arn,
                ctx.aws
                    .iam
                    .list_attached_role_policies()
                    .role_name(name)
                    .set_marker(marker.clone())
                    .send(),
            )
            .await?;
        policies.extend(
            out.attached_policies()
                .iter()
                .filter_map(|p| p.policy_arn().map(str::to_string)),
        );
        match out.marker() {
            Some(next) if out.is_truncated() => marker = Some(next.to_string()),
            _ => break,
        }
    }
    policies.sort();
    Ok(policies)
}

async fn list_roles(ctx: &Ctx<'_>) -> Result<Vec<String>, CallError> {
    let mut names = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Iam,
                "ListRoles",
                "roles",
                ctx.aws.iam.list_roles().set_marker(marker.clone()).send(),
            )
            .await?;
        names.extend(
            out.roles()
                .iter()
                .filter(|r| !r.path().starts_with("/aws-service-role/"))
                .map(|r| r.role_name().to_string()),
        );
        match out.marker() {
            Some(next) if out.is_truncated() => marker = Some(next.to_string()),
            _ => return Ok(names),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::{Principal, Statement};

    #[test]
    fn url_encoded_policies_are_decoded_and_parsed() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22firehose.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        let mut expected = Statement::allow("x", &["sts:AssumeRole"], vec![])
            .principal(Principal::service("firehose.amazonaws.com"));
        expected.sid = None;
        assert_eq!(
            parse_policy(encoded, "trust"),
            Prop::Known(PolicyDocument::new(vec![expected]))
        );
        assert_eq!(percent_decode("a+b%2Fc"), Some("a+b/c".to_string()));
        assert_eq!(percent_decode("%Z1"), None);
        assert_eq!(
            parse_policy("%7", "the trust policy of r"),
            Prop::unknown("cannot decode the trust policy of r: invalid URL encoding")
        );
    }
}
