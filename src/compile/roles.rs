//! IAM roles: what each role needs, gathered from every resource that uses it, and the trust
//! and permission policies built from those needs.

use std::collections::BTreeMap;

use super::Compiler;
use super::origin::Origin;
use crate::blueprint::{self as bp, FieldPath};
use crate::model::naming::{self, ATHENA_RESULTS, logical_id, split_zone_entry};
use crate::model::policies::{self, RoleNeeds};
use crate::model::*;

/// Each role's purpose and needs, by blueprint name.
pub(super) type Needs = BTreeMap<String, (RolePurpose, RoleNeeds)>;

impl Compiler<'_> {
    /// What each role (by blueprint name) needs, from every resource that uses it. A resource
    /// naming a role the blueprint does not define (validation refuses it) adds nothing.
    pub(super) fn role_needs(&self, catalog: &Catalog) -> Needs {
        let mut needs: Needs = (self.bp.roles.iter())
            .map(|r| (r.name.clone(), (r.purpose, RoleNeeds::default())))
            .collect();
        for d in &self.bp.delivery_streams {
            if let Some((_, n)) = needs.get_mut(&d.role) {
                self.delivery_needs(d, n);
            }
        }
        for c in &self.bp.catalog.crawlers {
            let zone = catalog.databases.iter().find(|d| d.name == c.database);
            if let (Some(zone), Some((_, n))) = (zone, needs.get_mut(&c.role)) {
                self.crawler_needs(c, &zone.zone, n);
            }
        }
        for j in &self.bp.jobs {
            if let Some((_, n)) = needs.get_mut(&j.role) {
                self.job_needs(n);
            }
        }
        for role in &self.bp.roles {
            if let Some((_, n)) = needs.get_mut(&role.name) {
                self.zone_access_needs(role, catalog, n);
                self.purpose_needs(role, catalog, n);
            }
        }
        needs
    }

    fn platform_alias(&self) -> String {
        self.alias(self.platform_key())
    }

    fn zone_alias(&self, zone: &str) -> String {
        self.alias(&self.key_id_for_zone(zone))
    }

    /// Firehose writes data and failed records into its zone, reads its source stream and the
    /// schema table it converts records with (in the catalog the platform key encrypts).
    fn delivery_needs(&self, d: &bp::DeliveryStream, n: &mut RoleNeeds) {
        let bucket = self.bucket_of_zone(&d.zone);
        n.writes.insert((bucket.clone(), d.prefix.clone()));
        let error_prefix =
            (d.error_prefix.clone()).unwrap_or_else(|| format!("errors/{}/", d.name));
        n.writes.insert((bucket, error_prefix));
        n.s3_keys.insert(self.zone_alias(&d.zone));
        let log_group = logs::delivery_log_group(&self.prefixed(&d.name));
        n.log_groups.insert(format!("{log_group}:*"));
        if let Some(source) = &d.source_stream {
            n.streams.insert(self.arns().stream(&self.prefixed(source)));
            n.service_keys.insert(self.platform_alias());
        }
        if let Some(c) = &d.format_conversion {
            n.schema_tables
                .insert((c.database.clone(), c.table.clone()));
            n.service_keys.insert(self.platform_alias());
        }
    }

    /// A crawler reads its prefixes and writes tables into its database.
    fn crawler_needs(&self, c: &bp::Crawler, zone: &str, n: &mut RoleNeeds) {
        let bucket = self.bucket_of_zone(zone);
        for prefix in &c.prefixes {
            n.reads.insert((bucket.clone(), prefix.clone()));
        }
        n.s3_keys.insert(self.zone_alias(zone));
        n.service_keys.insert(self.platform_alias());
        n.catalog_reads.insert(c.database.clone());
        n.catalog_writes.insert(c.database.clone());
        n.log_groups.insert("/aws-glue/crawlers*".to_string());
    }

    /// A role's `reads` and `writes`: whole zones or one tenant's prefix, with their catalogs.
    fn zone_access_needs(&self, role: &bp::Role, catalog: &Catalog, n: &mut RoleNeeds) {
        let databases_of = |zone: &str| {
            (catalog.databases.iter())
                .filter(|d| d.zone == zone)
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        };
        for (writes, entries) in [(false, &role.reads), (true, &role.writes)] {
            for entry in entries {
                let (zone, tenant) = split_zone_entry(entry);
                let prefix = tenant.map(|t| format!("tenant={t}/")).unwrap_or_default();
                let pair = (self.bucket_of_zone(zone), prefix);
                if writes {
                    n.writes.insert(pair);
                    n.catalog_writes.extend(databases_of(zone));
                } else {
                    n.reads.insert(pair);
                }
                n.s3_keys.insert(self.zone_alias(zone));
                n.catalog_reads.extend(databases_of(zone));
                n.service_keys.insert(self.platform_alias());
            }
        }
    }

    /// What a purpose adds: ETL logs, analyst work groups and results, admin catalog reads.
    fn purpose_needs(&self, role: &bp::Role, catalog: &Catalog, n: &mut RoleNeeds) {
        match role.purpose {
            RolePurpose::Etl => {
                n.log_groups.insert("/aws-glue/jobs*".to_string());
            }
            RolePurpose::Analyst => {
                let results =
                    naming::bucket_name(self.lake.scope(), ATHENA_RESULTS, &self.lake.account);
                for w in &role.workgroups {
                    let name = self.prefixed(w);
                    n.writes.insert((results.clone(), format!("{name}/")));
                    n.workgroups.insert(name);
                }
                if !role.workgroups.is_empty() {
                    n.s3_keys.insert(self.platform_alias());
                    n.service_keys.insert(self.platform_alias());
                }
            }
            RolePurpose::Admin => {
                n.catalog_reads
                    .extend(catalog.databases.iter().map(|d| d.name.clone()));
            }
            RolePurpose::Ingestion | RolePurpose::Crawler => {}
        }
    }

    pub(super) fn roles(&self, needs: &Needs) -> Vec<Role> {
        let at = FieldPath::root().key("roles");
        (self.bp.roles.iter().enumerate())
            .map(|(i, r)| {
                let empty = RoleNeeds::default();
                let need = needs.get(&r.name).map_or(&empty, |(_, n)| n);
                let role = Role {
                    id: r.name.clone(),
                    logical_id: format!("Role{}", logical_id(&r.name)),
                    name: self.prefixed(&r.name),
                    purpose: Some(r.purpose),
                    trust: Prop::Known(policies::trust_policy(
                        &self.lake,
                        r.purpose,
                        &r.assumed_by,
                    )),
                    policy: Prop::Known(Some(policies::role_policy(&self.lake, r.purpose, need))),
                    other_policies: Prop::Known(Vec::new()),
                    managed_policies: Prop::Known(Vec::new()),
                    tags: self.tags(),
                };
                let ids = vec![role.logical_id.clone()];
                self.record(Origin::new(at.index(i).key("name"), &r.name, ids));
                role
            })
            .collect()
    }
}
