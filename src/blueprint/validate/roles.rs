//! Roles: what each purpose may declare, and references to roles and zones.

use std::collections::HashSet;

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::names;
use crate::blueprint::types::*;
use crate::model::naming::split_zone_entry;

impl Checker {
    pub(super) fn roles(&mut self, blueprint: &Blueprint, zones: &HashSet<&str>) {
        let at = FieldPath::root().key("roles");
        let workgroups: HashSet<&str> = blueprint
            .athena
            .workgroups
            .iter()
            .map(|w| w.name.as_str())
            .collect();
        for (i, role) in blueprint.roles.iter().enumerate() {
            let rat = at.index(i);
            self.name(
                rat.key("name"),
                "role name",
                &role.name,
                names::role(&role.name),
            );
            for (field, entries) in [("reads", &role.reads), ("writes", &role.writes)] {
                for (z, entry) in entries.iter().enumerate() {
                    self.zone_entry(blueprint, rat.key(field).index(z), entry, zones);
                }
            }
            for (w, workgroup) in role.workgroups.iter().enumerate() {
                self.reference(
                    rat.key("workgroups").index(w),
                    "work group",
                    workgroup,
                    &workgroups,
                );
            }
            for (p, principal) in role.assumed_by.iter().enumerate() {
                self.name(
                    rat.key("assumed_by").index(p),
                    "principal",
                    principal,
                    names::principal_arn(principal),
                );
            }
            let allowed: &[&str] = match role.purpose {
                RolePurpose::Ingestion | RolePurpose::Crawler => &[],
                RolePurpose::Etl => &["reads", "writes"],
                RolePurpose::Analyst => &["reads", "workgroups", "assumed_by"],
                RolePurpose::Admin => &["assumed_by"],
            };
            for (field, used) in [
                ("reads", !role.reads.is_empty()),
                ("writes", !role.writes.is_empty()),
                ("workgroups", !role.workgroups.is_empty()),
                ("assumed_by", !role.assumed_by.is_empty()),
            ] {
                if used && !allowed.contains(&field) {
                    self.error(
                        rat.key(field),
                        format!("`{field}` does not apply to a role with purpose {:?}", role.purpose),
                        Some("ingestion and crawler roles get exactly what their delivery streams and crawlers need".to_string()),
                    );
                }
            }
            if role.purpose == RolePurpose::Etl && role.reads.is_empty() && role.writes.is_empty() {
                self.error(
                    rat.key("purpose"),
                    "an etl role needs `reads` or `writes`",
                    None,
                );
            }
        }
        self.unique(
            "role",
            blueprint
                .roles
                .iter()
                .enumerate()
                .map(|(i, r)| (at.index(i).key("name"), r.name.as_str())),
        );
    }

    /// `zone` or `zone/tenant`: a whole zone, or one tenant's `tenant=<name>/` prefix in it.
    pub(super) fn zone_entry(
        &mut self,
        blueprint: &Blueprint,
        path: FieldPath,
        entry: &str,
        zones: &HashSet<&str>,
    ) {
        let (zone, tenant) = split_zone_entry(entry);
        if !self.reference(path.clone(), "zone", zone, zones) {
            return;
        }
        if let Some(tenant) = tenant {
            let tenants: HashSet<&str> = blueprint
                .zones
                .iter()
                .filter(|z| z.name == zone)
                .flat_map(|z| z.tenants.iter().map(String::as_str))
                .collect();
            self.reference(path, "tenant", tenant, &tenants);
        }
    }

    pub(super) fn role_of_purpose(
        &mut self,
        blueprint: &Blueprint,
        path: FieldPath,
        name: &str,
        purpose: RolePurpose,
    ) {
        let roles: HashSet<&str> = blueprint.roles.iter().map(|r| r.name.as_str()).collect();
        if !self.reference(path.clone(), "role", name, &roles) {
            return;
        }
        if let Some(role) = blueprint.roles.iter().find(|r| r.name == name)
            && role.purpose != purpose
        {
            self.error(
                path,
                format!("role `{name}` has purpose {:?}, not {purpose:?}", role.purpose),
                Some("each role has one purpose so its policy stays least-privilege; use or add a role with the right purpose".to_string()),
            );
        }
    }

    pub(super) fn principal(&mut self, blueprint: &Blueprint, path: FieldPath, principal: &str) {
        if principal.starts_with("arn:") {
            self.name(
                path,
                "principal",
                principal,
                names::principal_arn(principal),
            );
        } else {
            let roles: HashSet<&str> = blueprint.roles.iter().map(|r| r.name.as_str()).collect();
            self.reference(path, "role", principal, &roles);
        }
    }
}
