//! IAM roles: trust policy, the inline policy `lakectl`, the other inline policies, attached
//! managed policies and tags. A lake's roles are read by name (3 reads a role, plus one per
//! inline policy); every role of an account from its authorization details, a page at a time.

use futures::future::join_all;

use super::ctx::{Ctx, existence, existing, known, or_absent};
use aws_sdk_iam::types::{EntityType, RoleDetail};

use crate::aws::{CallError, Service};
use crate::model::arn::Arns;
use crate::model::{NamedPolicy, PolicyDocument, Prop, Role, naming};

/// The inline policy that carries all of a lakectl role's permissions.
pub const INLINE_POLICY: &str = "lakectl";

pub(super) async fn read(ctx: &Ctx<'_>, desired: &[Role]) -> Vec<Role> {
    existing(desired, |r| read_role(ctx, r.clone())).await
}

/// Every role of the account except service-linked roles (AWS owns those). IAM is global, so
/// this is not limited to the region.
///
/// GetAccountAuthorizationDetails returns each role with its trust policy, inline and attached
/// policies and tags: one request per page of up to 1,000 roles, where reading role by role
/// costs four or more each. The `SecurityAudit` and `ReadOnlyAccess` policies allow it; where
/// it is denied anyway, the roles are read one by one.
pub(super) async fn read_all(ctx: &Ctx<'_>) -> Vec<Role> {
    if let Ok(roles) = authorization_details(ctx).await {
        return roles;
    }
    let names = ctx.listed(list_roles(ctx).await);
    existing(names, |name| read_role(ctx, unread(name))).await
}

/// A role known by name only, before its reads.
fn unread(name: String) -> Role {
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
    }
}

async fn authorization_details(ctx: &Ctx<'_>) -> Result<Vec<Role>, CallError> {
    let mut roles = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::Iam,
                "GetAccountAuthorizationDetails",
                "roles",
                ctx.aws
                    .iam
                    .get_account_authorization_details()
                    .filter(EntityType::Role)
                    .max_items(1000)
                    .set_marker(marker.clone())
                    .send(),
            )
            .await?;
        roles.extend(
            out.role_detail_list()
                .iter()
                .filter(|r| {
                    !r.path()
                        .is_some_and(|p| p.starts_with("/aws-service-role/"))
                })
                .filter_map(|r| role_of(&ctx.arns(), r)),
        );
        match out.marker() {
            Some(next) if out.is_truncated() => marker = Some(next.to_string()),
            _ => return Ok(roles),
        }
    }
}

/// A role from its authorization details; `None` without a name.
fn role_of(arns: &Arns<'_>, detail: &RoleDetail) -> Option<Role> {
    let mut role = unread(detail.role_name()?.to_string());
    let arn = arns.role(&role.name);
    role.trust = match detail.assume_role_policy_document() {
        Some(text) => parse_policy(text, &format!("the trust policy of {arn}")),
        None => Prop::unknown(format!("no trust policy reported for {arn}")),
    };
    let mut ours = Prop::Known(None);
    let mut others: Prop<Vec<NamedPolicy>> = Prop::Known(Vec::new());
    for inline in detail.role_policy_list() {
        let name = inline.policy_name().unwrap_or_default().to_string();
        let what = format!("the inline policy {name} of {arn}");
        let document = parse_policy(inline.policy_document().unwrap_or_default(), &what);
        if name == INLINE_POLICY {
            ours = document.map(Some);
            continue;
        }
        match (&mut others, document) {
            (Prop::Known(list), Prop::Known(document)) => list.push(NamedPolicy { name, document }),
            // One unreadable policy makes the whole list unknown, as in read_other_policies.
            (_, Prop::Unknown(u)) => others = Prop::Unknown(u),
            (Prop::Unknown(_), Prop::Known(_)) => {}
        }
    }
    if let Prop::Known(list) = &mut others {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    role.policy = ours;
    role.other_policies = others;
    let mut managed: Vec<String> = detail
        .attached_managed_policies()
        .iter()
        .filter_map(|p| p.policy_arn().map(str::to_string))
        .collect();
    managed.sort();
    role.managed_policies = Prop::Known(managed);
    role.tags = Prop::Known(
        detail
            .tags()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect(),
    );
    Some(role)
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

    #[test]
    fn a_role_is_read_whole_from_its_authorization_details() {
        use aws_sdk_iam::types::{AttachedPolicy, PolicyDetail, Tag};
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let allow = |action: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#
            )
        };
        let inline = |name: &str, document: &str| {
            PolicyDetail::builder()
                .policy_name(name)
                .policy_document(document)
                .build()
        };
        let detail = RoleDetail::builder()
            .role_name("etl")
            .path("/")
            // IAM sends documents URL-encoded.
            .assume_role_policy_document(trust.replace('{', "%7B").replace('}', "%7D"))
            .role_policy_list(inline("zeta", &allow("s3:GetObject")))
            .role_policy_list(inline(INLINE_POLICY, &allow("glue:GetTable")))
            .role_policy_list(inline("alpha", &allow("kms:Decrypt")))
            .attached_managed_policies(
                AttachedPolicy::builder()
                    .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                    .build(),
            )
            .tags(Tag::builder().key("owner").value("data").build().unwrap())
            .build();
        let arns = Arns {
            partition: "aws",
            region: "eu-west-1",
            account: "123456789012",
        };
        let role = role_of(&arns, &detail).unwrap();
        let doc = |text: &str| PolicyDocument::parse(text).unwrap();
        assert_eq!(role.name, "etl");
        assert_eq!(role.trust, Prop::Known(doc(trust)));
        assert_eq!(role.policy, Prop::Known(Some(doc(&allow("glue:GetTable")))));
        let others: Vec<(&str, &PolicyDocument)> = role
            .other_policies
            .known()
            .unwrap()
            .iter()
            .map(|p| (p.name.as_str(), &p.document))
            .collect();
        let (kms, s3) = (doc(&allow("kms:Decrypt")), doc(&allow("s3:GetObject")));
        assert_eq!(others, vec![("alpha", &kms), ("zeta", &s3)]);
        assert_eq!(
            role.managed_policies,
            Prop::Known(vec!["arn:aws:iam::aws:policy/ReadOnlyAccess".to_string()])
        );
        assert_eq!(
            role.tags,
            Prop::Known([("owner".to_string(), "data".to_string())].into())
        );

        // One unreadable inline policy makes the list unknown, never a partial list.
        let broken = RoleDetail::builder()
            .role_name("etl")
            .role_policy_list(inline("alpha", &allow("kms:Decrypt")))
            .role_policy_list(inline("broken", "{not json"))
            .build();
        let role = role_of(&arns, &broken).unwrap();
        assert!(matches!(role.other_policies, Prop::Unknown(_)), "{role:?}");
    }
}
