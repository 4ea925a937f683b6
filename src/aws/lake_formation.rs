//! Lake Formation's catalog resources as the SDK takes them: one builder for the inventory
//! (reading a resource's LF-tags) and apply (grants, tag assignments, revokes on destroy).

use aws_sdk_lakeformation::error::BuildError;
use aws_sdk_lakeformation::types::{
    DatabaseResource, Resource, TableResource, TableWildcard, TableWithColumnsResource,
};

/// A database; a table of it (`*`: every table); or, when `columns` is not empty, those columns
/// of the table (columns without a table are ignored).
pub fn catalog_resource(
    database: &str,
    table: Option<&str>,
    columns: &[String],
) -> Result<Resource, BuildError> {
    let resource = Resource::builder();
    let resource = match table {
        None => resource.database(DatabaseResource::builder().name(database).build()?),
        // Every table of the database, as the inventory reads a table wildcard.
        Some("*") if columns.is_empty() => resource.table(
            TableResource::builder()
                .database_name(database)
                .table_wildcard(TableWildcard::builder().build())
                .build()?,
        ),
        Some(table) if columns.is_empty() => resource.table(
            TableResource::builder()
                .database_name(database)
                .name(table)
                .build()?,
        ),
        Some(table) => resource.table_with_columns(
            TableWithColumnsResource::builder()
                .database_name(database)
                .name(table)
                .set_column_names(Some(columns.to_vec()))
                .build()?,
        ),
    };
    Ok(resource.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_wildcard_is_sent_as_one_and_a_named_table_by_name() {
        let every = catalog_resource("db", Some("*"), &[]).unwrap();
        let table = every.table().unwrap();
        assert_eq!(table.database_name(), "db");
        assert!(table.table_wildcard().is_some());
        assert_eq!(table.name(), None);
        let named = catalog_resource("db", Some("orders"), &[]).unwrap();
        assert_eq!(named.table().unwrap().name(), Some("orders"));
        assert!(named.table().unwrap().table_wildcard().is_none());
        let database = catalog_resource("db", None, &["ignored".into()]).unwrap();
        assert_eq!(database.database().unwrap().name(), "db");
        let columns = catalog_resource("db", Some("orders"), &["id".into()]).unwrap();
        assert_eq!(columns.table_with_columns().unwrap().column_names(), ["id"]);
    }
}
