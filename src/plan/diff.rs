//! desired model × live model → [`Plan`]. One function per resource type, in deploy order.

use serde::Serialize;

use super::compare::{
    KeyCanon, canonical_policy, includes, owned_tags, same_policy, same_set, same_versioning,
    tags_included,
};
use super::{Action, Effect, Kind, Plan, PropertyChange, ResourceChange, Shown};
use crate::model::refs::{Resolver, has_token};
use crate::model::{
    BucketEncryption, CatalogEncryption, KeyRef, LfGrant, Model, PolicyDocument, Prop,
    ResultEncryption, Tags,
};

/// The plan that takes `live` to `desired`. `live` holds only resources that exist.
pub fn diff(desired: &Model, live: &Model) -> Plan {
    let ctx = Ctx::new(desired, live);
    let mut resources = Vec::new();
    ctx.keys(&mut resources);
    ctx.buckets(&mut resources);
    ctx.roles(&mut resources);
    ctx.streams(&mut resources);
    ctx.delivery_streams(&mut resources);
    ctx.catalog(&mut resources);
    ctx.workgroups(&mut resources);
    ctx.lake_formation(&mut resources);
    Plan {
        format_version: super::FORMAT_VERSION,
        lake: desired.lake.name.clone(),
        environment: desired.lake.environment.clone(),
        region: desired.lake.region.clone(),
        account: ctx.account.clone(),
        resources,
    }
}

/// A desired value, or the fact that it depends on a resource not created yet.
enum Want<T> {
    Is(T),
    AfterApply,
}

struct Ctx<'a> {
    desired: &'a Model,
    live: &'a Model,
    account: String,
    resolver: Resolver,
    keys: KeyCanon<'a>,
}

impl<'a> Ctx<'a> {
    fn new(desired: &'a Model, live: &'a Model) -> Self {
        let account = if has_token(&desired.lake.account) {
            live.lake.account.clone()
        } else {
            desired.lake.account.clone()
        };
        let mut resolver = Resolver::new().account(&account);
        let mut keys = Vec::new();
        for d in &desired.keys {
            let arn = live
                .keys
                .iter()
                .find(|l| l.alias == d.alias)
                .and_then(|l| l.arn.as_deref());
            if let Some(arn) = arn {
                resolver = resolver.arn(&d.logical_id, arn);
                keys.push((d.id.as_str(), d.alias.as_str(), arn));
            }
        }
        Ctx {
            desired,
            live,
            account,
            resolver,
            keys: KeyCanon { keys },
        }
    }

    fn policy(&self, policy: &PolicyDocument) -> Want<PolicyDocument> {
        let resolved = self.resolver.resolve_policy(policy);
        if has_token(&resolved.to_json()) {
            Want::AfterApply
        } else {
            Want::Is(resolved)
        }
    }

    fn policy_opt(&self, policy: &Option<PolicyDocument>) -> Want<Option<PolicyDocument>> {
        match policy {
            None => Want::Is(None),
            Some(p) => match self.policy(p) {
                Want::Is(p) => Want::Is(Some(p)),
                Want::AfterApply => Want::AfterApply,
            },
        }
    }

    fn key(&self, key: &Option<KeyRef>) -> Want<Option<KeyRef>> {
        self.keys.canon_opt(key).map_or(Want::AfterApply, Want::Is)
    }

    /// A live key reference in canonical form (as reported when it names no lake key).
    fn live_key(&self, key: &Option<KeyRef>) -> Option<KeyRef> {
        key.as_ref()
            .map(|k| self.keys.canon(k).unwrap_or_else(|| k.clone()))
    }

    fn keys(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.keys {
            let l = self.live.keys.iter().find(|k| k.alias == d.alias);
            let mut p = Props::new(l.is_none());
            p.check(
                "description",
                Want::Is(d.description.clone()),
                l.map(|l| Prop::Known(l.description.clone())),
                eq,
                Effect::Update,
            );
            if let Some(v) = d.rotation.known() {
                p.check(
                    "rotation",
                    Want::Is(*v),
                    l.map(|l| l.rotation.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.state.known() {
                // On create the key starts enabled; only a live key can be disabled or pending deletion.
                if l.is_some() {
                    p.check(
                        "state",
                        Want::Is(v.clone()),
                        l.map(|l| l.state.clone()),
                        eq,
                        Effect::Update,
                    );
                }
            }
            if let (Some(v), Some(l)) = (d.customer_managed.known(), l) {
                p.check(
                    "customer_managed",
                    Want::Is(*v),
                    Some(l.customer_managed.clone()),
                    eq,
                    Effect::Replace,
                );
            }
            if let Some(v) = d.policy.known() {
                p.check_policy("policy", self.policy(v), l.map(|l| l.policy.clone()));
            }
            p.tags(&d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Key, &d.alias));
        }
    }

    fn buckets(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.buckets {
            let l = self.live.buckets.iter().find(|b| b.name == d.name);
            let mut p = Props::new(l.is_none());
            if let Some(v) = d.encryption.known() {
                let want = match self.key(&v.key) {
                    Want::Is(key) => Want::Is(BucketEncryption { key, ..v.clone() }),
                    Want::AfterApply => Want::AfterApply,
                };
                let live = l.map(|l| {
                    l.encryption.clone().map(|e| BucketEncryption {
                        key: self.live_key(&e.key),
                        ..e
                    })
                });
                p.check("encryption", want, live, eq, Effect::Update);
            }
            if let Some(v) = d.public_access_block.known() {
                p.check(
                    "public_access_block",
                    Want::Is(*v),
                    l.map(|l| l.public_access_block.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.ownership.known() {
                p.check(
                    "ownership",
                    Want::Is(v.clone()),
                    l.map(|l| l.ownership.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.versioning.known() {
                p.check(
                    "versioning",
                    Want::Is(*v),
                    l.map(|l| l.versioning.clone()),
                    same_versioning,
                    Effect::Update,
                );
            }
            if let Some(v) = d.lifecycle.known() {
                let sorted = |mut rules: Vec<crate::model::LifecycleRule>| {
                    rules.sort_by(|a, b| a.id.cmp(&b.id));
                    rules
                };
                p.check(
                    "lifecycle",
                    Want::Is(sorted(v.clone())),
                    l.map(|l| l.lifecycle.clone().map(sorted)),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.logging.known() {
                p.check(
                    "logging",
                    Want::Is(v.clone()),
                    l.map(|l| l.logging.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.policy.known() {
                p.check_policy_opt("policy", self.policy_opt(v), l.map(|l| l.policy.clone()));
            }
            p.tags(&d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Bucket, &d.name));
        }
    }

    fn roles(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.roles {
            let l = self.live.roles.iter().find(|r| r.name == d.name);
            let mut p = Props::new(l.is_none());
            if let Some(v) = d.trust.known() {
                p.check_policy("trust", self.policy(v), l.map(|l| l.trust.clone()));
            }
            if let Some(v) = d.policy.known() {
                p.check_policy_opt("policy", self.policy_opt(v), l.map(|l| l.policy.clone()));
            }
            if let Some(v) = d.managed_policies.known() {
                p.check(
                    "managed_policies",
                    Want::Is(v.clone()),
                    l.map(|l| l.managed_policies.clone()),
                    |a, b| same_set(a, b),
                    Effect::Update,
                );
            }
            // `other_policies` are not lakectl's to write: the audit checks them, the plan
            // leaves them alone.
            p.tags(&d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Role, &d.name));
        }
    }

    fn streams(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.streams {
            let l = self.live.streams.iter().find(|s| s.name == d.name);
            let mut p = Props::new(l.is_none());
            if let Some(v) = d.mode.known() {
                p.check(
                    "mode",
                    Want::Is(*v),
                    l.map(|l| l.mode.clone()),
                    eq,
                    Effect::Update,
                );
            }
            // On-demand streams let AWS choose the shard count.
            if let Some(Some(v)) = d.shards.known() {
                p.check(
                    "shards",
                    Want::Is(Some(*v)),
                    l.map(|l| l.shards.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.retention_hours.known() {
                p.check(
                    "retention_hours",
                    Want::Is(*v),
                    l.map(|l| l.retention_hours.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.encryption.known() {
                let live = l.map(|l| l.encryption.clone().map(|k| self.live_key(&k)));
                p.check("encryption", self.key(v), live, eq, Effect::Update);
            }
            p.tags(&d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::Stream, &d.name));
        }
    }

    fn bucket_name(&self, id_or_name: &str) -> String {
        self.desired
            .bucket(id_or_name)
            .map_or_else(|| id_or_name.to_string(), |b| b.name.clone())
    }

    /// A role as a name, whether given as model id, name or ARN.
    fn role_name(&self, role: &str) -> String {
        let tail = role.rsplit('/').next().unwrap_or(role);
        self.desired
            .role(tail)
            .map_or_else(|| tail.to_string(), |r| r.name.clone())
    }

    fn delivery_streams(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.delivery_streams {
            let l = self.live.delivery_streams.iter().find(|s| s.name == d.name);
            let mut p = Props::new(l.is_none());
            let known = |v: String| Prop::Known(v);
            p.check(
                "source_stream",
                Want::Is(d.source_stream.clone()),
                l.map(|l| Prop::Known(l.source_stream.clone())),
                eq,
                Effect::Replace,
            );
            p.check(
                "bucket",
                Want::Is(self.bucket_name(&d.bucket)),
                l.map(|l| known(self.bucket_name(&l.bucket))),
                eq,
                Effect::Update,
            );
            p.check(
                "role",
                Want::Is(self.role_name(&d.role)),
                l.map(|l| known(self.role_name(&l.role))),
                eq,
                Effect::Update,
            );
            if let Some(v) = d.prefix.known() {
                p.check(
                    "prefix",
                    Want::Is(v.clone()),
                    l.map(|l| l.prefix.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.error_prefix.known() {
                p.check(
                    "error_prefix",
                    Want::Is(v.clone()),
                    l.map(|l| l.error_prefix.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.buffering_mb.known() {
                p.check(
                    "buffering_mb",
                    Want::Is(*v),
                    l.map(|l| l.buffering_mb.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.buffering_seconds.known() {
                p.check(
                    "buffering_seconds",
                    Want::Is(*v),
                    l.map(|l| l.buffering_seconds.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.compression.known() {
                p.check(
                    "compression",
                    Want::Is(*v),
                    l.map(|l| l.compression.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.destination_key.known() {
                let live = l.map(|l| l.destination_key.clone().map(|k| self.live_key(&k)));
                p.check("destination_key", self.key(v), live, eq, Effect::Update);
            }
            if let Some(v) = d.sse.known() {
                let live = l.map(|l| l.sse.clone().map(|k| self.live_key(&k)));
                p.check("sse", self.key(v), live, eq, Effect::Update);
            }
            if let Some(v) = d.format_conversion.known() {
                p.check(
                    "format_conversion",
                    Want::Is(*v),
                    l.map(|l| l.format_conversion.clone()),
                    eq,
                    Effect::Update,
                );
            }
            p.tags(&d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::DeliveryStream, &d.name));
        }
    }

    fn catalog_encryption(&self, e: &CatalogEncryption) -> Want<CatalogEncryption> {
        match (
            self.key(&e.metadata_key),
            self.key(&e.connection_password_key),
        ) {
            (Want::Is(metadata_key), Want::Is(connection_password_key)) => {
                Want::Is(CatalogEncryption {
                    metadata_key,
                    connection_password_key,
                })
            }
            _ => Want::AfterApply,
        }
    }

    fn catalog(&self, out: &mut Vec<ResourceChange>) {
        let (d, l) = (&self.desired.catalog, &self.live.catalog);
        if let Some(v) = d.encryption.known() {
            // Account-wide settings always exist; only their values change.
            let mut p = Props::new(false);
            let live = l.encryption.clone().map(|e| CatalogEncryption {
                metadata_key: self.live_key(&e.metadata_key),
                connection_password_key: self.live_key(&e.connection_password_key),
            });
            p.check(
                "encryption",
                self.catalog_encryption(v),
                Some(live),
                eq,
                Effect::Update,
            );
            out.push(p.finish(Kind::CatalogEncryption, "data catalog"));
        }
        for ds in &d.security_configurations {
            let ls = l.security_configurations.iter().find(|s| s.name == ds.name);
            let mut p = Props::new(ls.is_none());
            // Glue cannot update a security configuration.
            for (name, want, live) in [
                ("s3_key", &ds.s3_key, ls.map(|s| &s.s3_key)),
                (
                    "cloudwatch_key",
                    &ds.cloudwatch_key,
                    ls.map(|s| &s.cloudwatch_key),
                ),
                (
                    "bookmarks_key",
                    &ds.bookmarks_key,
                    ls.map(|s| &s.bookmarks_key),
                ),
            ] {
                if let Some(v) = want.known() {
                    let live = live.map(|k| k.clone().map(|k| self.live_key(&k)));
                    p.check(name, self.key(v), live, eq, Effect::Replace);
                }
            }
            out.push(p.finish(Kind::SecurityConfiguration, &ds.name));
        }
        for dd in &d.databases {
            let ld = l.databases.iter().find(|x| x.name == dd.name);
            let mut p = Props::new(ld.is_none());
            if let Some(v) = dd.location.known() {
                p.check(
                    "location",
                    Want::Is(self.resolver.resolve(v)),
                    ld.map(|x| x.location.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = dd.description.known() {
                p.check(
                    "description",
                    Want::Is(v.clone()),
                    ld.map(|x| x.description.clone()),
                    eq,
                    Effect::Update,
                );
            }
            out.push(p.finish(Kind::Database, &dd.name));
        }
        for dt in &d.tables {
            let lt = l
                .tables
                .iter()
                .find(|t| t.database == dt.database && t.name == dt.name);
            let mut p = Props::new(lt.is_none());
            if let Some(v) = dt.location.known() {
                p.check(
                    "location",
                    Want::Is(self.resolver.resolve(v)),
                    lt.map(|t| t.location.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = dt.format.known() {
                p.check(
                    "format",
                    Want::Is(*v),
                    lt.map(|t| t.format.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = dt.compression.known() {
                p.check(
                    "compression",
                    Want::Is(*v),
                    lt.map(|t| t.compression.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = dt.columns.known() {
                p.check(
                    "columns",
                    Want::Is(v.clone()),
                    lt.map(|t| t.columns.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = dt.partition_keys.known() {
                // Existing partitions are laid out by the old keys.
                p.check(
                    "partition_keys",
                    Want::Is(v.clone()),
                    lt.map(|t| t.partition_keys.clone()),
                    eq,
                    Effect::Replace,
                );
            }
            out.push(p.finish(Kind::Table, &format!("{}.{}", dt.database, dt.name)));
        }
        for dc in &d.crawlers {
            let lc = l.crawlers.iter().find(|c| c.name == dc.name);
            let mut p = Props::new(lc.is_none());
            p.check(
                "database",
                Want::Is(dc.database.clone()),
                lc.map(|c| Prop::Known(c.database.clone())),
                eq,
                Effect::Update,
            );
            p.check(
                "role",
                Want::Is(self.role_name(&dc.role)),
                lc.map(|c| Prop::Known(self.role_name(&c.role))),
                eq,
                Effect::Update,
            );
            if let Some(v) = dc.targets.known() {
                let targets: Vec<String> = v.iter().map(|t| self.resolver.resolve(t)).collect();
                p.check(
                    "targets",
                    Want::Is(targets),
                    lc.map(|c| c.targets.clone()),
                    |a, b| same_set(a, b),
                    Effect::Update,
                );
            }
            if let Some(v) = dc.schedule.known() {
                p.check(
                    "schedule",
                    Want::Is(v.clone()),
                    lc.map(|c| c.schedule.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = dc.security_configuration.known() {
                p.check(
                    "security_configuration",
                    Want::Is(v.clone()),
                    lc.map(|c| c.security_configuration.clone()),
                    eq,
                    Effect::Update,
                );
            }
            p.tags(&dc.tags, lc.map(|c| &c.tags));
            out.push(p.finish(Kind::Crawler, &dc.name));
        }
    }

    fn workgroups(&self, out: &mut Vec<ResourceChange>) {
        for d in &self.desired.workgroups {
            let l = self.live.workgroups.iter().find(|w| w.name == d.name);
            let mut p = Props::new(l.is_none());
            if let Some(v) = d.description.known() {
                p.check(
                    "description",
                    Want::Is(v.clone()),
                    l.map(|l| l.description.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.enforce_configuration.known() {
                p.check(
                    "enforce_configuration",
                    Want::Is(*v),
                    l.map(|l| l.enforce_configuration.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.result_location.known() {
                let v = v.as_ref().map(|s| self.resolver.resolve(s));
                p.check(
                    "result_location",
                    Want::Is(v),
                    l.map(|l| l.result_location.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.result_encryption.known() {
                let want = match v {
                    None => Want::Is(None),
                    Some(e) => match self.key(&e.key) {
                        Want::Is(key) => Want::Is(Some(ResultEncryption { key, ..e.clone() })),
                        Want::AfterApply => Want::AfterApply,
                    },
                };
                let live = l.map(|l| {
                    l.result_encryption.clone().map(|e| {
                        e.map(|e| ResultEncryption {
                            key: self.live_key(&e.key),
                            ..e
                        })
                    })
                });
                p.check("result_encryption", want, live, eq, Effect::Update);
            }
            if let Some(v) = d.bytes_scanned_cutoff.known() {
                p.check(
                    "bytes_scanned_cutoff",
                    Want::Is(*v),
                    l.map(|l| l.bytes_scanned_cutoff.clone()),
                    eq,
                    Effect::Update,
                );
            }
            if let Some(v) = d.metrics.known() {
                p.check(
                    "metrics",
                    Want::Is(*v),
                    l.map(|l| l.metrics.clone()),
                    eq,
                    Effect::Update,
                );
            }
            p.tags(&d.tags, l.map(|l| &l.tags));
            out.push(p.finish(Kind::WorkGroup, &d.name));
        }
    }

    fn lake_formation(&self, out: &mut Vec<ResourceChange>) {
        let (d, l) = (&self.desired.lake_formation, &self.live.lake_formation);
        let mut p = Props::new(false);
        let resolve = |v: &Vec<String>| -> Vec<String> {
            v.iter().map(|s| self.resolver.resolve(s)).collect()
        };
        // Additive lists show only the live items lakectl asks for.
        let owned = |want: &Vec<String>, live: &Prop<Vec<String>>| {
            live.clone().map(|live| {
                live.into_iter()
                    .filter(|x| want.contains(x))
                    .collect::<Vec<_>>()
            })
        };
        if let Some(v) = d.admins.known() {
            let want = resolve(v);
            let live = owned(&want, &l.admins);
            p.check(
                "admins",
                Want::Is(want),
                Some(live),
                |a, b| includes(a, b),
                Effect::Update,
            );
        }
        if let Some(v) = d.create_database_default.known() {
            p.check(
                "create_database_default",
                Want::Is(resolve(v)),
                Some(l.create_database_default.clone()),
                |a, b| same_set(a, b),
                Effect::Update,
            );
        }
        if let Some(v) = d.create_table_default.known() {
            p.check(
                "create_table_default",
                Want::Is(resolve(v)),
                Some(l.create_table_default.clone()),
                |a, b| same_set(a, b),
                Effect::Update,
            );
        }
        if let Some(v) = d.registered_locations.known() {
            let want = resolve(v);
            let live = owned(&want, &l.registered_locations);
            p.check(
                "registered_locations",
                Want::Is(want),
                Some(live),
                |a, b| includes(a, b),
                Effect::Update,
            );
        }
        if let Some(v) = d.grants.known() {
            let want: Vec<LfGrant> = v.iter().map(|g| self.grant(g)).collect();
            let live = l.grants.clone().map(|live| {
                let live: Vec<LfGrant> = live.iter().map(normal_grant).collect();
                want.iter()
                    .filter(|g| live.contains(g))
                    .cloned()
                    .collect::<Vec<_>>()
            });
            p.check(
                "grants",
                Want::Is(want),
                Some(live),
                |a, b| includes(a, b),
                Effect::Update,
            );
        }
        out.push(p.finish(Kind::LakeFormation, "data lake settings"));
    }

    fn grant(&self, g: &LfGrant) -> LfGrant {
        normal_grant(&LfGrant {
            principal: self.resolver.resolve(&g.principal),
            ..g.clone()
        })
    }
}

fn normal_grant(g: &LfGrant) -> LfGrant {
    let mut g = g.clone();
    g.permissions.sort();
    g.columns.sort();
    g
}

fn eq<T: PartialEq>(a: &T, b: &T) -> bool {
    a == b
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Collects the property changes of one resource.
struct Props {
    creating: bool,
    list: Vec<PropertyChange>,
}

impl Props {
    fn new(creating: bool) -> Self {
        Props {
            creating,
            list: Vec::new(),
        }
    }

    /// `live` is `None` when the resource does not exist.
    fn check<T: Serialize>(
        &mut self,
        property: &'static str,
        want: Want<T>,
        live: Option<Prop<T>>,
        same: impl Fn(&T, &T) -> bool,
        on_change: Effect,
    ) {
        let new = match &want {
            Want::Is(v) => Shown::Known(json(v)),
            Want::AfterApply => Shown::KnownAfterApply,
        };
        let (old, effect) = match live {
            None if self.creating => (Shown::Absent, Effect::Update),
            None => return,
            Some(Prop::Unknown(u)) => (Shown::Unknown(u.unknown), Effect::Unverified),
            Some(Prop::Known(l)) => match &want {
                Want::Is(d) if same(d, &l) => return,
                _ => (Shown::Known(json(&l)), on_change),
            },
        };
        self.list.push(PropertyChange {
            property,
            old,
            new,
            effect,
        });
    }

    fn check_policy(
        &mut self,
        property: &'static str,
        want: Want<PolicyDocument>,
        live: Option<Prop<PolicyDocument>>,
    ) {
        let want = match want {
            Want::Is(p) => Want::Is(canonical_policy(&p)),
            Want::AfterApply => Want::AfterApply,
        };
        let live = live.map(|l| l.map(|p| canonical_policy(&p)));
        self.check(property, want, live, same_policy, Effect::Update);
    }

    fn check_policy_opt(
        &mut self,
        property: &'static str,
        want: Want<Option<PolicyDocument>>,
        live: Option<Prop<Option<PolicyDocument>>>,
    ) {
        let want = match want {
            Want::Is(p) => Want::Is(p.as_ref().map(canonical_policy)),
            Want::AfterApply => Want::AfterApply,
        };
        let live = live.map(|l| l.map(|p| p.as_ref().map(canonical_policy)));
        let same = |a: &Option<PolicyDocument>, b: &Option<PolicyDocument>| match (a, b) {
            (Some(a), Some(b)) => same_policy(a, b),
            (None, None) => true,
            _ => false,
        };
        self.check(property, want, live, same, Effect::Update);
    }

    fn tags(&mut self, desired: &Prop<Tags>, live: Option<&Prop<Tags>>) {
        let Some(want) = desired.known() else { return };
        let live = live.map(|l| l.clone().map(|l| owned_tags(want, &l)));
        self.check(
            "tags",
            Want::Is(want.clone()),
            live,
            tags_included,
            Effect::Update,
        );
    }

    fn finish(self, kind: Kind, name: &str) -> ResourceChange {
        let has = |e: Effect| self.list.iter().any(|p| p.effect == e);
        let action = if self.creating {
            Action::Create
        } else if has(Effect::Replace) {
            Action::ReplaceNeeded
        } else if has(Effect::Update) {
            Action::Update
        } else {
            Action::NoChange
        };
        ResourceChange {
            kind,
            name: name.to_string(),
            action,
            properties: self.list,
        }
    }
}
