//! Lake Formation's tag-based and cell-level access control: LF-tags, their assignments to
//! catalog resources, grants by tag expression (LF-TBAC) and data cells filters with their
//! grants. Lists are kept sorted so desired and live models compare as sets.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// `items` sorted and without duplicates: the shape every list here is kept in.
pub fn sorted_set<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    items
        .into_iter()
        .collect::<BTreeSet<T>>()
        .into_iter()
        .collect()
}

/// An LF-tag: a key and the values resources may carry (sorted).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LfTag {
    pub key: String,
    pub values: Vec<String>,
}

/// A catalog resource an LF-tag is assigned to: a database, a table or one column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LfTagResource {
    pub database: String,
    pub table: Option<String>,
    /// Only with `table`.
    pub column: Option<String>,
}

impl LfTagResource {
    /// `db`, `db.table` or `db.table.column`.
    pub fn display(&self) -> String {
        [
            Some(&self.database),
            self.table.as_ref(),
            self.column.as_ref(),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(".")
    }
}

/// One LF-tag value on one resource (a resource carries at most one value of a key).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LfTagAssignment {
    pub resource: LfTagResource,
    pub key: String,
    pub value: String,
}

/// What a tag-expression grant applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LfTagResourceType {
    Database,
    Table,
}

impl LfTagResourceType {
    /// Lake Formation's name, e.g. `TABLE`.
    pub fn as_str(self) -> &'static str {
        match self {
            LfTagResourceType::Database => "DATABASE",
            LfTagResourceType::Table => "TABLE",
        }
    }
}

/// One clause of a tag expression: the resource's value of `key` is one of `values`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LfTagCondition {
    pub key: String,
    pub values: Vec<String>,
}

/// A grant on every database or table whose LF-tags match the expression (all clauses hold).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LfTagGrant {
    pub principal: String,
    pub resource_type: LfTagResourceType,
    /// Sorted by key; values sorted.
    pub expression: Vec<LfTagCondition>,
    /// Sorted permission names, e.g. `DESCRIBE`, `SELECT`.
    pub permissions: Vec<String>,
    /// Permissions the principal may grant on to others (lakectl grants none).
    pub grantable: Vec<String>,
}

impl LfTagGrant {
    /// Whether this (live) grant gives what `wanted` asks: a grant option on top still does.
    pub fn covers(&self, wanted: &LfTagGrant) -> bool {
        (
            &self.principal,
            self.resource_type,
            &self.expression,
            &self.permissions,
        ) == (
            &wanted.principal,
            wanted.resource_type,
            &wanted.expression,
            &wanted.permissions,
        )
    }
}

/// The columns a data cells filter lets through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterColumns {
    /// Every column.
    All,
    /// Only these (sorted).
    Included(Vec<String>),
    /// Every column but these (sorted).
    Excluded(Vec<String>),
}

/// A data cells filter: the rows a row filter keeps and the columns it lets through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DataCellsFilter {
    pub database: String,
    pub table: String,
    pub name: String,
    /// A PartiQL condition; `None`: every row.
    pub row_filter: Option<String>,
    pub columns: FilterColumns,
}

impl DataCellsFilter {
    /// `database.table.name`: a filter's name is unique within its table.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}.{}", self.database, self.table, self.name)
    }

    /// The same filter (database, table and name), whatever rows and columns it keeps.
    pub fn same_filter(&self, other: &DataCellsFilter) -> bool {
        (&self.database, &self.table, &self.name) == (&other.database, &other.table, &other.name)
    }
}

/// The row filter Lake Formation stores for "every row".
pub const ALL_ROWS: &str = "TRUE";

/// A grant on a data cells filter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LfFilterGrant {
    pub principal: String,
    pub database: String,
    pub table: String,
    pub filter: String,
    /// Sorted permission names.
    pub permissions: Vec<String>,
}
