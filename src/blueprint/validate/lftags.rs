//! LF-tags: their keys and values, assignments to databases, tables and columns, and grants by
//! tag expression. Every key used must be defined and every value allowed by its key.

use std::collections::{HashMap, HashSet};

use super::Checker;
use crate::blueprint::diagnostic::{FieldPath, printable};
use crate::blueprint::names;
use crate::blueprint::types::*;

/// Defined keys and their allowed values.
type Allowed<'a> = HashMap<&'a str, HashSet<&'a str>>;

impl Checker {
    pub(super) fn lf_tags(&mut self, blueprint: &Blueprint) {
        let at = FieldPath::root().key("lake_formation");
        let lf = &blueprint.lake_formation;
        let tat = at.key("tags");
        for (i, tag) in lf.tags.iter().enumerate() {
            let at = tat.index(i);
            self.name(
                at.key("key"),
                "LF-tag key",
                &tag.key,
                names::lf_tag(&tag.key, 128),
            );
            if tag.values.is_empty() || tag.values.len() > 1000 {
                let help = Some("e.g. `values: [public, internal, pii]`".to_string());
                self.error(at.key("values"), "an LF-tag has 1 to 1000 values", help);
            }
            for (v, value) in tag.values.iter().enumerate() {
                let path = at.key("values").index(v);
                self.name(path, "LF-tag value", value, names::lf_tag(value, 256));
            }
            let values = tag.values.iter().enumerate();
            self.unique(
                "LF-tag value",
                values.map(|(v, x)| (at.key("values").index(v), x.as_str())),
            );
        }
        let keys = lf.tags.iter().enumerate();
        self.unique(
            "LF-tag key",
            keys.map(|(i, t)| (tat.index(i).key("key"), t.key.as_str())),
        );
        let allowed: Allowed = (lf.tags.iter())
            .map(|t| {
                (
                    t.key.as_str(),
                    t.values.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        for (i, assignment) in lf.tag_assignments.iter().enumerate() {
            self.tag_assignment(
                blueprint,
                &at.key("tag_assignments").index(i),
                assignment,
                &allowed,
            );
        }
        for (i, grant) in lf.tag_grants.iter().enumerate() {
            self.tag_grant(blueprint, &at.key("tag_grants").index(i), grant, &allowed);
        }
    }

    fn tag_assignment(
        &mut self,
        blueprint: &Blueprint,
        at: &FieldPath,
        assignment: &TagAssignment,
        allowed: &Allowed,
    ) {
        if assignment.tags.is_empty() {
            let help = Some("e.g. `tags: {sensitivity: pii}`".to_string());
            self.error(at.key("tags"), "an assignment needs at least one tag", help);
        }
        for (key, value) in &assignment.tags {
            let path = at.key("tags").key(key);
            if self.tag_key(path.clone(), key, allowed) {
                self.tag_value(path, key, value, allowed);
            }
        }
        if assignment.table.is_none() && !assignment.columns.is_empty() {
            let help = Some("add `table:` or remove `columns`".to_string());
            self.error(at.key("columns"), "columns belong to a table", help);
        }
        self.catalog_resource(
            blueprint,
            at,
            &assignment.database,
            assignment.table.as_deref(),
            &[("columns", &assignment.columns)],
        );
    }

    fn tag_grant(
        &mut self,
        blueprint: &Blueprint,
        at: &FieldPath,
        grant: &TagGrant,
        allowed: &Allowed,
    ) {
        self.principal(blueprint, at.key("principal"), &grant.principal);
        if grant.expression.is_empty() {
            let help = Some("e.g. `expression: {domain: [sales]}`".to_string());
            self.error(
                at.key("expression"),
                "a tag expression needs at least one key",
                help,
            );
        }
        for (key, values) in &grant.expression {
            let path = at.key("expression").key(key);
            if !self.tag_key(path.clone(), key, allowed) {
                continue;
            }
            if values.is_empty() {
                let help = Some(format!(
                    "list the values of `{}` that match",
                    printable(key)
                ));
                self.error(
                    path.clone(),
                    "a tag expression key needs at least one value",
                    help,
                );
            }
            for (v, value) in values.iter().enumerate() {
                self.tag_value(path.index(v), key, value, allowed);
            }
        }
        if grant.permissions.is_empty() {
            let help = Some("e.g. `[SELECT, DESCRIBE]`".to_string());
            self.error(
                at.key("permissions"),
                "a grant needs at least one permission",
                help,
            );
        }
        for (p, permission) in grant.permissions.iter().enumerate() {
            let misplaced = match grant.resource {
                TagGrantResource::Database => matches!(
                    permission,
                    Permission::Select | Permission::Insert | Permission::Delete
                ),
                TagGrantResource::Table => *permission == Permission::CreateTable,
            };
            if misplaced {
                let help = match grant.resource {
                    TagGrantResource::Database => {
                        "database grants take DESCRIBE, ALTER and CREATE_TABLE; use `resource: table` for data access"
                    }
                    TagGrantResource::Table => "grant CREATE_TABLE with `resource: database`",
                };
                let resource = format!("{:?}", grant.resource).to_lowercase();
                self.error(
                    at.key("permissions").index(p),
                    format!(
                        "{} does not apply to `resource: {resource}`",
                        permission.name()
                    ),
                    Some(help.to_string()),
                );
            }
        }
    }

    fn tag_key(&mut self, path: FieldPath, key: &str, allowed: &Allowed) -> bool {
        let known: HashSet<&str> = allowed.keys().copied().collect();
        self.reference(path, "LF-tag key", key, &known)
    }

    fn tag_value(&mut self, path: FieldPath, key: &str, value: &str, allowed: &Allowed) {
        let Some(values) = allowed.get(key) else {
            return;
        };
        if !values.contains(value) {
            let mut options: Vec<&str> = values.iter().copied().collect();
            options.sort_unstable();
            self.error(
                path,
                format!(
                    "`{}` is not a value of LF-tag `{}`",
                    printable(value),
                    printable(key)
                ),
                Some(format!("allowed values: {}", options.join(", "))),
            );
        }
    }

    /// A database, optionally a table of it and columns of that table, all defined in the
    /// catalog. `columns` pairs each field listing columns with its list. True when the database
    /// and the table (if named) exist: the checks that depend on them can go on.
    pub(super) fn catalog_resource(
        &mut self,
        blueprint: &Blueprint,
        at: &FieldPath,
        database: &str,
        table: Option<&str>,
        columns: &[(&str, &[String])],
    ) -> bool {
        let databases = &blueprint.catalog.databases;
        let names: HashSet<&str> = databases.iter().map(|d| d.name.as_str()).collect();
        if !self.reference(at.key("database"), "database", database, &names) {
            return false;
        }
        let Some(table) = table else {
            return true;
        };
        let Some(db) = databases.iter().find(|d| d.name == database) else {
            return false;
        };
        let tables: HashSet<&str> = db.tables.iter().map(|t| t.name.as_str()).collect();
        if !self.reference(at.key("table"), "table", table, &tables) {
            return false;
        }
        let Some(table) = db.tables.iter().find(|t| t.name == table) else {
            return false;
        };
        let known: HashSet<&str> = (table.columns.iter())
            .chain(&table.partition_keys)
            .map(|c| c.name.as_str())
            .collect();
        for (field, list) in columns {
            for (c, column) in list.iter().enumerate() {
                self.reference(at.key(field).index(c), "column", column, &known);
            }
        }
        true
    }
}
