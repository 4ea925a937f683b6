//! Helpers several rules share: which buckets are zone buckets, a bucket's policy with its own
//! ARN token resolved, and whether a key reference is a customer managed key.

use std::borrow::Cow;

use crate::audit::Resource;
use crate::audit::keys;
use crate::audit::rule::Results;
use crate::audit::scope::Scope;
use crate::model::{
    AccountSettings, Bucket, BucketPurpose, KeyRef, LakeAlarm, LakeLogGroup, LakeTrail, LogGroup,
    MetricAlarm, Model, PolicyDocument, Prop, Table, Trail, ZoneKind, refs,
};

/// The zone a bucket holds and the zone's kind, for zone buckets.
pub fn zone_of(bucket: &Bucket) -> Option<(&str, ZoneKind)> {
    match &bucket.purpose {
        BucketPurpose::Zone {
            zone, zone_kind, ..
        } => Some((zone, *zone_kind)),
        _ => None,
    }
}

/// A bucket policy with `${<BucketLogicalId>.Arn}` replaced by the bucket's ARN, so desired
/// policies that name their bucket by token are evaluated like live ones.
pub fn bucket_policy<'p>(
    policy: &'p PolicyDocument,
    bucket: &Bucket,
    bucket_arn: &str,
) -> Cow<'p, PolicyDocument> {
    let token = refs::arn_token(&bucket.logical_id);
    let mentions_token = policy.statements.iter().any(|s| {
        s.resource
            .iter()
            .chain(s.not_resource.iter())
            .any(|r| r.contains(&token))
    });
    if mentions_token {
        let resolver = refs::Resolver::new().arn(&bucket.logical_id, bucket_arn);
        Cow::Owned(resolver.resolve_policy(policy))
    } else {
        Cow::Borrowed(policy)
    }
}

/// What a key reference says about customer managed encryption.
#[derive(Debug, PartialEq, Eq)]
pub enum Cmk {
    Yes,
    No(String),
    /// A key outside the lake: lakectl cannot tell who manages it.
    CannotTell(String),
}

pub fn customer_managed(model: &Model, reference: &KeyRef) -> Cmk {
    if let KeyRef::Other(text) = reference
        && keys::is_aws_managed_alias(text)
    {
        return Cmk::No(format!("encrypted with the AWS managed key `{text}`"));
    }
    if *reference == KeyRef::AwsManaged {
        return Cmk::No("encrypted with the AWS managed key".to_string());
    }
    match keys::lake_key_of(model, reference) {
        Some(key) if key.customer_managed.known() == Some(&false) => Cmk::No(format!(
            "encrypted with `{}`, which is not customer managed",
            key.alias
        )),
        Some(_) => Cmk::Yes,
        None => Cmk::CannotTell(format!(
            "encrypted with {}, which is not one of the lake's keys; cannot tell whether it is customer managed",
            keys::describe(reference)
        )),
    }
}

/// In account scope every customer managed key of the region is in the model, so a reference
/// to one of them must also be enabled to protect anything.
pub fn enabled_customer_managed(model: &Model, reference: &KeyRef) -> Cmk {
    match customer_managed(model, reference) {
        Cmk::Yes => match keys::lake_key_of(model, reference).map(|k| &k.state) {
            Some(crate::model::Prop::Known(state)) if *state != crate::model::KeyState::Enabled => {
                Cmk::No(format!(
                    "encrypted with {}, which is {}",
                    keys::describe(reference),
                    format!("{state:?}").to_lowercase()
                ))
            }
            _ => Cmk::Yes,
        },
        other => other,
    }
}

/// Records a [`Cmk`] verdict; `what` names the encrypted thing, e.g. `query results are`.
pub fn record_cmk(
    out: &mut crate::audit::rule::Results,
    resource: crate::audit::Resource,
    what: &str,
    verdict: Cmk,
) {
    match verdict {
        Cmk::Yes => out.pass(resource),
        Cmk::No(message) => out.fail(resource, format!("{what} {message}")),
        Cmk::CannotTell(reason) => out.unknown(resource, format!("{what} {reason}")),
    }
}

/// Checks that a crawler or job runs with a security configuration that exists and encrypts
/// what it writes to S3, its CloudWatch logs and its job bookmarks with a customer managed key.
pub fn check_security_configuration(
    model: &Model,
    out: &mut crate::audit::rule::Results,
    resource: crate::audit::Resource,
    configuration: &crate::model::Prop<Option<String>>,
) {
    let Some(name) = out.known(&resource, "security configuration", configuration) else {
        return;
    };
    let Some(name) = name else {
        out.fail(resource, "runs without a security configuration");
        return;
    };
    let Some(found) = model
        .catalog
        .security_configurations
        .iter()
        .find(|c| &c.name == name)
    else {
        out.fail(
            resource,
            format!("names security configuration `{name}`, which does not exist"),
        );
        return;
    };
    // S3 data, CloudWatch logs and job bookmarks: a configuration encrypts all three or it
    // leaves part of what the crawler or job writes outside the lake's keys.
    let parts = [
        ("S3 data", "is", &found.s3_key),
        ("CloudWatch logs", "are", &found.cloudwatch_key),
        ("job bookmarks", "are", &found.bookmarks_key),
    ];
    for (data, verb, key) in parts {
        let Some(key) = out.known(&resource, &format!("security configuration `{name}`"), key)
        else {
            return;
        };
        let Some(key) = key else {
            out.fail(
                resource,
                format!("security configuration `{name}` does not encrypt {data}"),
            );
            return;
        };
        match customer_managed(model, key) {
            Cmk::Yes => {}
            verdict => {
                let what = format!("{data} written under `{name}` {verb}");
                record_cmk(out, resource, &what, verdict);
                return;
            }
        }
    }
    out.pass(resource);
}

/// The tables of the Glue databases whose data lives in a curated zone.
pub fn curated_tables(model: &Model) -> impl Iterator<Item = &Table> {
    let curated = curated_databases(model);
    model
        .catalog
        .tables
        .iter()
        .filter(move |t| curated.contains(&t.database.as_str()))
}

/// Names of the Glue databases whose data lives in a curated zone.
fn curated_databases(model: &Model) -> Vec<&str> {
    model
        .catalog
        .databases
        .iter()
        .filter(|db| {
            model
                .bucket(&db.zone)
                .and_then(zone_of)
                .is_some_and(|(_, kind)| kind == ZoneKind::Curated)
        })
        .map(|db| db.name.as_str())
        .collect()
}

/// Why a CloudTrail rule has nothing to judge in a blueprint without a `trail` section.
pub const NO_TRAIL_SECTION: &str =
    "the blueprint has no `trail` section: an organisation or account trail may cover the lake";

/// The trails a CloudTrail rule judges in the audit's scope: in a lake scope the blueprint's
/// own trail, with its resource; in account scope the account's trails. Records "not applicable" (no `trail` section, trails
/// not read) or "unknown" (reading failed) on the account itself and returns `None` then.
pub enum TrailsInScope<'m> {
    Lake(Resource, &'m LakeTrail),
    Account(&'m [Trail]),
}

pub fn trails_in_scope<'m>(model: &'m Model, out: &mut Results) -> Option<TrailsInScope<'m>> {
    let account = Resource::account(&model.lake);
    if out.scope() != Scope::Account {
        // A lake is judged by the trail it declares; without one, the account's trails are
        // an account decision (`audit --all` judges them), not the lake's.
        let Some(own) = &model.trail else {
            out.not_applicable(account, NO_TRAIL_SECTION);
            return None;
        };
        let resource = Resource::trail(&model.lake, &own.name);
        return Some(TrailsInScope::Lake(resource, own));
    }
    let Some(settings) = &model.account else {
        out.not_applicable(account, "the account's trails were not read");
        return None;
    };
    let trails = out.known(&account, "CloudTrail trails", &settings.trails)?;
    Some(TrailsInScope::Account(trails))
}

/// What the remediation of a missing lake alarm says to add.
pub const NO_MONITORING_SECTION: &str = "the blueprint has no `monitoring` section, so the lake owns no alarms: add `monitoring: { notify: [<topic>] }`";

/// The alarms a scope judges: the blueprint's own (static), or every metric alarm of the
/// region, whoever made it (live). `None` after recording why they are unknown.
pub fn alarms_in_scope<'m>(model: &'m Model, out: &mut Results) -> Option<Cow<'m, [MetricAlarm]>> {
    let desired = || {
        model
            .alarms
            .iter()
            .map(LakeAlarm::as_metric_alarm)
            .collect()
    };
    let read = |s: &'m AccountSettings| &s.alarms;
    listing_in_scope(model, out, desired, read, "alarms", "CloudWatch alarms")
}

/// The log groups a rule judges: the blueprint's own in static scope, otherwise the region's
/// pipeline log groups as read. `None` (with the outcome recorded) when they are not known.
pub fn log_groups_in_scope<'m>(model: &'m Model, out: &mut Results) -> Option<Cow<'m, [LogGroup]>> {
    let desired = || {
        model
            .log_groups
            .iter()
            .map(LakeLogGroup::as_log_group)
            .collect()
    };
    let read = |s: &'m AccountSettings| &s.log_groups;
    listing_in_scope(
        model,
        out,
        desired,
        read,
        "log groups",
        "CloudWatch log groups",
    )
}

/// A region-wide listing in scope: the blueprint's own resources as the listing would show
/// them (static), or the listing as read (live). `None` after recording on the account why it
/// is unknown or was not read.
fn listing_in_scope<'m, T: Clone>(
    model: &'m Model,
    out: &mut Results,
    desired: impl FnOnce() -> Result<Vec<T>, String>,
    read: impl FnOnce(&'m AccountSettings) -> &'m Prop<Vec<T>>,
    what: &str,
    label: &str,
) -> Option<Cow<'m, [T]>> {
    let account = Resource::account(&model.lake);
    if out.scope() == Scope::Static {
        return match desired() {
            Ok(items) => Some(Cow::Owned(items)),
            Err(reason) => {
                out.unknown(account, reason);
                None
            }
        };
    }
    let Some(settings) = &model.account else {
        out.not_applicable(account, format!("the region's {what} were not read"));
        return None;
    };
    let items = out.known(&account, label, read(settings))?;
    Some(Cow::Borrowed(items.as_slice()))
}
