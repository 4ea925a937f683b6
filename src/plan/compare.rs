//! Equivalences: when a live value counts as the desired one although it is not byte-equal.

use crate::model::policy::{Principal, Statement, Values};
use crate::model::{KeyRef, PolicyDocument, Tags, Versioning};

/// A policy in canonical form: statements sorted, every value list sorted and deduplicated,
/// no document id. Two policies with the same canonical form grant the same.
pub fn canonical_policy(policy: &PolicyDocument) -> PolicyDocument {
    let mut statements: Vec<Statement> =
        policy.statements.iter().map(canonical_statement).collect();
    statements.sort_by_cached_key(|s| serde_json::to_string(s).unwrap_or_default());
    statements.dedup();
    PolicyDocument {
        version: policy.version.clone(),
        id: None,
        statements,
    }
}

fn canonical_statement(statement: &Statement) -> Statement {
    let mut s = statement.clone();
    s.principal = s.principal.as_ref().map(canonical_principal);
    s.not_principal = s.not_principal.as_ref().map(canonical_principal);
    sort_values(&mut s.action);
    sort_values(&mut s.not_action);
    sort_values(&mut s.resource);
    sort_values(&mut s.not_resource);
    for keys in s.condition.values_mut() {
        keys.values_mut().for_each(sort_values);
    }
    s
}

fn canonical_principal(principal: &Principal) -> Principal {
    match principal {
        // `{"AWS": "*"}` and `"*"` both mean anyone.
        p if p.is_anyone() => Principal::any(),
        Principal::Typed(map) => {
            let mut map = map.clone();
            map.values_mut().for_each(sort_values);
            Principal::Typed(map)
        }
        other => other.clone(),
    }
}

fn sort_values(values: &mut Values) {
    values.0.sort();
    values.0.dedup();
}

pub fn same_policy(desired: &PolicyDocument, live: &PolicyDocument) -> bool {
    canonical_policy(desired) == canonical_policy(live)
}

/// lakectl owns only its own tag keys: extra live tags are the user's business.
pub fn tags_included(desired: &Tags, live: &Tags) -> bool {
    desired.iter().all(|(k, v)| live.get(k) == Some(v))
}

/// The live tags lakectl owns (those keys the desired tags name), for display.
pub fn owned_tags(desired: &Tags, live: &Tags) -> Tags {
    live.iter()
        .filter(|(k, _)| desired.contains_key(*k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `Disabled` and `Suspended` are the same state when versioning is desired off.
pub fn same_versioning(desired: &Versioning, live: &Versioning) -> bool {
    desired == live || (*desired != Versioning::Enabled && *live != Versioning::Enabled)
}

/// Every desired item is present live (additive settings).
pub fn includes<T: PartialEq>(desired: &[T], live: &[T]) -> bool {
    desired.iter().all(|d| live.contains(d))
}

/// Same items in any order.
pub fn same_set<T: Ord + Clone>(a: &[T], b: &[T]) -> bool {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    a == b
}

/// Turns key references into their canonical form, the key ARN, where the live keys tell it.
/// `None` when a lake key does not exist yet (its ARN is known after apply).
pub struct KeyCanon<'a> {
    /// (model id, alias, ARN) of every live lake key.
    pub keys: Vec<(&'a str, &'a str, &'a str)>,
}

impl KeyCanon<'_> {
    pub fn canon(&self, key: &KeyRef) -> Option<KeyRef> {
        match key {
            KeyRef::AwsManaged => Some(KeyRef::AwsManaged),
            KeyRef::Lake(id) => self
                .keys
                .iter()
                .find(|(kid, _, _)| kid == id)
                .map(|(_, _, arn)| KeyRef::Other(arn.to_string())),
            KeyRef::Other(text) => Some(self.canon_text(text)),
        }
    }

    pub fn canon_opt(&self, key: &Option<KeyRef>) -> Option<Option<KeyRef>> {
        match key {
            None => Some(None),
            Some(k) => self.canon(k).map(Some),
        }
    }

    /// An ARN, key id or alias as AWS reports it.
    fn canon_text(&self, text: &str) -> KeyRef {
        if text.starts_with("alias/aws/") || text.contains(":alias/aws/") {
            return KeyRef::AwsManaged;
        }
        let alias = text.rfind(":alias/").map_or(text, |i| &text[i + 1..]);
        let key_id = text.rsplit_once(":key/").map_or(text, |(_, id)| id);
        self.keys
            .iter()
            .find(|(_, a, arn)| *a == alias || *arn == text || arn.ends_with(&format!("/{key_id}")))
            .map_or_else(
                || KeyRef::Other(text.to_string()),
                |(_, _, arn)| KeyRef::Other(arn.to_string()),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::Statement;

    #[test]
    fn policies_equal_regardless_of_order_and_list_shape() {
        let a = PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Id":"x","Statement":[
              {"Sid":"B","Effect":"Allow","Principal":{"AWS":["arn:2","arn:1"]},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*"},
              {"Sid":"A","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"r","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
        )
        .unwrap();
        let b = PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":[
              {"Sid":"A","Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:*"],"Resource":["r"],"Condition":{"Bool":{"aws:SecureTransport":false}}},
              {"Sid":"B","Effect":"Allow","Principal":{"AWS":["arn:1","arn:2"]},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":["*"]}]}"#,
        )
        .unwrap();
        assert!(same_policy(&a, &b));
        let c = PolicyDocument::new(vec![Statement::allow(
            "B",
            &["kms:Decrypt"],
            vec!["*".into()],
        )]);
        assert!(!same_policy(&a, &c));
    }

    #[test]
    fn extra_live_tags_are_not_drift() {
        let desired = Tags::from([("owner".into(), "data".into())]);
        let live = Tags::from([("owner".into(), "data".into()), ("cost".into(), "x".into())]);
        assert!(tags_included(&desired, &live));
        assert!(!tags_included(&live, &desired));
        assert_eq!(owned_tags(&desired, &live), desired);
    }

    #[test]
    fn versioning_off_is_disabled_or_suspended() {
        assert!(same_versioning(
            &Versioning::Disabled,
            &Versioning::Suspended
        ));
        assert!(same_versioning(
            &Versioning::Suspended,
            &Versioning::Disabled
        ));
        assert!(!same_versioning(
            &Versioning::Enabled,
            &Versioning::Suspended
        ));
        assert!(!same_versioning(
            &Versioning::Disabled,
            &Versioning::Enabled
        ));
    }

    #[test]
    fn key_references_resolve_to_arns_from_ids_aliases_and_arns() {
        let arn = "arn:aws:kms:us-east-1:000000000000:key/1234";
        let canon = KeyCanon {
            keys: vec![("raw", "alias/l-e-raw", arn)],
        };
        let want = Some(KeyRef::Other(arn.into()));
        assert_eq!(canon.canon(&KeyRef::Lake("raw".into())), want);
        assert_eq!(canon.canon(&KeyRef::Other("1234".into())), want);
        assert_eq!(canon.canon(&KeyRef::Other("alias/l-e-raw".into())), want);
        assert_eq!(
            canon.canon(&KeyRef::Other(
                "arn:aws:kms:us-east-1:000000000000:alias/l-e-raw".into()
            )),
            want
        );
        assert_eq!(canon.canon(&KeyRef::Other(arn.into())), want);
        assert_eq!(canon.canon(&KeyRef::Lake("curated".into())), None);
        assert_eq!(
            canon.canon(&KeyRef::Other("alias/aws/s3".into())),
            Some(KeyRef::AwsManaged)
        );
    }
}
