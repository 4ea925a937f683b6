//! Lake Formation: administrators, default permissions for new databases and tables, registered
//! locations and grants.

use aws_sdk_lakeformation::types as lf;

use super::ctx::{Ctx, known};
use super::lftags;
use crate::aws::{CallError, Service};
use crate::model::{LakeFormation, LfGrant, Model, Prop};

/// The account's settings and locations; the grants on the databases `desired` names.
pub(super) async fn read(ctx: &Ctx<'_>, desired: &Model) -> LakeFormation {
    let databases: Vec<&str> = desired
        .catalog
        .databases
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    let mut lake = read_all(ctx).await;
    let ours = |database: &str| databases.contains(&database);
    if let Prop::Known(grants) = &mut lake.grants {
        grants.retain(|g| ours(&g.database));
    }
    if let Prop::Known(filters) = &mut lake.data_cells_filters {
        filters.retain(|f| ours(&f.database));
    }
    if let Prop::Known(grants) = &mut lake.filter_grants {
        grants.retain(|g| ours(&g.database));
    }
    lake.tag_assignments = match (&desired.lake_formation.tag_assignments, &lake.tags) {
        (Prop::Known(want), Prop::Known(tags)) => {
            known(lftags::read_assignments(ctx, want, tags).await)
        }
        (_, Prop::Unknown(u)) => Prop::Unknown(u.clone()),
        (Prop::Unknown(u), _) => Prop::Unknown(u.clone()),
    };
    lake
}

pub(super) async fn read_all(ctx: &Ctx<'_>) -> LakeFormation {
    let (settings, locations, permissions, tags, filters) = tokio::join!(
        ctx.call(
            Service::LakeFormation,
            "GetDataLakeSettings",
            "the data lake settings",
            ctx.aws.lakeformation.get_data_lake_settings().send()
        ),
        list_locations(ctx),
        list_permissions(ctx),
        lftags::list_tags(ctx),
        lftags::list_filters(ctx),
    );

    let settings = known(settings.map(|o| o.data_lake_settings));
    let (admins, db_default, table_default) = match settings {
        Prop::Known(s) => {
            let s = s.unwrap_or_else(|| lf::DataLakeSettings::builder().build());
            (
                Prop::Known(principals(s.data_lake_admins())),
                Prop::Known(default_principals(s.create_database_default_permissions())),
                Prop::Known(default_principals(s.create_table_default_permissions())),
            )
        }
        Prop::Unknown(u) => (
            Prop::Unknown(u.clone()),
            Prop::Unknown(u.clone()),
            Prop::Unknown(u),
        ),
    };
    let hybrid = locations
        .as_ref()
        .map(|l| l.hybrid.clone())
        .map_err(CallError::clone);
    LakeFormation {
        admins,
        create_database_default: db_default,
        create_table_default: table_default,
        registered_locations: known(locations.map(|l| l.all)),
        hybrid_locations: known(hybrid),
        grants: mapped(&permissions, grant_of),
        tags: known(tags),
        // An account-wide read has no list of resources to ask about (the blueprint's `read`
        // fills them in).
        tag_assignments: Prop::unknown(
            "LF-tag assignments are read for a blueprint's resources only",
        ),
        tag_grants: mapped(&permissions, lftags::tag_grant_of),
        data_cells_filters: known(filters),
        filter_grants: mapped(&permissions, lftags::filter_grant_of),
    }
}

/// The permissions of one resource type, sorted and distinct.
fn mapped<T: Ord>(
    permissions: &Result<Vec<lf::PrincipalResourcePermissions>, CallError>,
    map: impl Fn(&lf::PrincipalResourcePermissions) -> Option<T>,
) -> Prop<Vec<T>> {
    known(permissions.clone().map(|all| {
        let mut grants: Vec<T> = all.iter().filter_map(map).collect();
        grants.sort();
        grants.dedup();
        grants
    }))
}

fn principals(list: &[lf::DataLakePrincipal]) -> Vec<String> {
    list.iter()
        .filter_map(|p| p.data_lake_principal_identifier().map(str::to_string))
        .collect()
}

/// Principals with default permissions, e.g. `IAM_ALLOWED_PRINCIPALS`.
fn default_principals(list: &[lf::PrincipalPermissions]) -> Vec<String> {
    list.iter()
        .filter_map(|p| {
            p.principal()?
                .data_lake_principal_identifier()
                .map(str::to_string)
        })
        .collect()
}

/// A database, table or column grant as an [`LfGrant`]; other resources (data locations, the
/// catalog, LF-tags, tag policies and filters: see `lftags`) give `None`. A table wildcard is table `*`.
pub(super) fn grant_of(p: &lf::PrincipalResourcePermissions) -> Option<LfGrant> {
    let principal = p.principal()?.data_lake_principal_identifier()?.to_string();
    let resource = p.resource()?;
    let (database, table, columns) = if let Some(t) = resource.table_with_columns() {
        (
            t.database_name().to_string(),
            Some(t.name().to_string()),
            t.column_names().to_vec(),
        )
    } else if let Some(t) = resource.table() {
        let table = match t.name() {
            Some(name) if t.table_wildcard().is_none() => name.to_string(),
            _ => "*".to_string(),
        };
        (t.database_name().to_string(), Some(table), Vec::new())
    } else if let Some(d) = resource.database() {
        (d.name().to_string(), None, Vec::new())
    } else {
        return None;
    };
    let mut permissions: Vec<String> = p
        .permissions()
        .iter()
        .map(|x| x.as_str().to_string())
        .collect();
    permissions.sort();
    permissions.dedup();
    Some(LfGrant {
        principal,
        database,
        table,
        columns,
        permissions,
    })
}

async fn list_permissions(
    ctx: &Ctx<'_>,
) -> Result<Vec<lf::PrincipalResourcePermissions>, CallError> {
    let mut grants = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::LakeFormation,
                "ListPermissions",
                "the data lake permissions",
                ctx.aws
                    .lakeformation
                    .list_permissions()
                    .max_results(1000)
                    .set_next_token(token.clone())
                    .send(),
            )
            .await?;
        grants.extend(out.principal_resource_permissions().iter().cloned());
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    Ok(grants)
}

/// The registered locations (ARNs, sorted), and those in hybrid access mode.
struct Locations {
    all: Vec<String>,
    hybrid: Vec<String>,
}

async fn list_locations(ctx: &Ctx<'_>) -> Result<Locations, CallError> {
    let mut locations = Vec::new();
    let mut hybrid = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = ctx
            .call(
                Service::LakeFormation,
                "ListResources",
                "the registered locations",
                ctx.aws
                    .lakeformation
                    .list_resources()
                    .max_results(1000)
                    .set_next_token(token.clone())
                    .send(),
            )
            .await?;
        for r in out.resource_info_list() {
            let Some(arn) = r.resource_arn() else {
                continue;
            };
            locations.push(arn.to_string());
            // Absent means Lake Formation mode, the default of RegisterResource.
            if r.hybrid_access_enabled() == Some(true) {
                hybrid.push(arn.to_string());
            }
        }
        match out.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    locations.sort();
    hybrid.sort();
    Ok(Locations {
        all: locations,
        hybrid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(arn: &str) -> lf::DataLakePrincipal {
        lf::DataLakePrincipal::builder()
            .data_lake_principal_identifier(arn)
            .build()
    }

    #[test]
    fn column_table_wildcard_and_database_grants_map_exactly() {
        let columns = lf::PrincipalResourcePermissions::builder()
            .principal(principal("arn:aws:iam::1:role/analyst"))
            .resource(
                lf::Resource::builder()
                    .table_with_columns(
                        lf::TableWithColumnsResource::builder()
                            .database_name("db")
                            .name("events")
                            .column_names("id")
                            .column_names("ts")
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .permissions(lf::Permission::Select)
            .build();
        assert_eq!(
            grant_of(&columns),
            Some(LfGrant {
                principal: "arn:aws:iam::1:role/analyst".into(),
                database: "db".into(),
                table: Some("events".into()),
                columns: vec!["id".into(), "ts".into()],
                permissions: vec!["SELECT".into()],
            })
        );
        let wildcard = lf::PrincipalResourcePermissions::builder()
            .principal(principal("arn:aws:iam::1:role/etl"))
            .resource(
                lf::Resource::builder()
                    .table(
                        lf::TableResource::builder()
                            .database_name("db")
                            .table_wildcard(lf::TableWildcard::builder().build())
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .permissions(lf::Permission::Select)
            .permissions(lf::Permission::Describe)
            .build();
        assert_eq!(grant_of(&wildcard).unwrap().table, Some("*".into()));
        assert_eq!(
            grant_of(&wildcard).unwrap().permissions,
            vec!["DESCRIBE".to_string(), "SELECT".to_string()]
        );
        let database = lf::PrincipalResourcePermissions::builder()
            .principal(principal("arn:aws:iam::1:role/crawler"))
            .resource(
                lf::Resource::builder()
                    .database(lf::DatabaseResource::builder().name("db").build().unwrap())
                    .build(),
            )
            .permissions(lf::Permission::CreateTable)
            .build();
        assert_eq!(
            grant_of(&database),
            Some(LfGrant {
                principal: "arn:aws:iam::1:role/crawler".into(),
                database: "db".into(),
                table: None,
                columns: vec![],
                permissions: vec!["CREATE_TABLE".into()],
            })
        );
    }
}
