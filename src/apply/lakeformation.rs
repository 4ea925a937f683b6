//! Lake Formation: data lake settings (admins, no default permissions for new databases and
//! tables), registered locations, grants. All additive: nothing is revoked or deregistered
//! (the settings are account-wide and other lakes share them).

use aws_sdk_lakeformation::types::{
    DataLakePrincipal, DataLakeSettings, DatabaseResource, Permission, PrincipalPermissions,
    Resource, TableResource, TableWithColumnsResource,
};

use super::Applier;
use super::errors::{self, CallContext};
use crate::model::LfGrant;
use crate::plan::ResourceChange;

pub async fn settings(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<String>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let lf = &a.aws.lakeformation;
    let resolver = a.resolver();
    let mut done = Vec::new();
    let settings = ["admins", "create_database_default", "create_table_default"];
    if settings.iter().any(|p| rc.writes(p)) {
        // PutDataLakeSettings replaces everything: start from what is there now.
        let current = lf
            .get_data_lake_settings()
            .send()
            .await
            .call("lakeformation:GetDataLakeSettings", "the account")?;
        let current = current
            .data_lake_settings()
            .cloned()
            .unwrap_or_else(|| DataLakeSettings::builder().build());
        let mut admins: Vec<DataLakePrincipal> = current.data_lake_admins().to_vec();
        for admin in d.admins.known().into_iter().flatten() {
            let admin = resolver.resolve(admin);
            if !admins
                .iter()
                .any(|p| p.data_lake_principal_identifier() == Some(admin.as_str()))
            {
                admins.push(principal(&admin));
            }
        }
        let defaults = |principals: Option<&Vec<String>>| -> Vec<PrincipalPermissions> {
            principals
                .into_iter()
                .flatten()
                .map(|p| {
                    PrincipalPermissions::builder()
                        .principal(principal(&resolver.resolve(p)))
                        .permissions(Permission::All)
                        .build()
                })
                .collect()
        };
        let mut settings = current;
        settings.data_lake_admins = Some(admins);
        settings.create_database_default_permissions =
            Some(defaults(d.create_database_default.known()));
        settings.create_table_default_permissions = Some(defaults(d.create_table_default.known()));
        lf.put_data_lake_settings()
            .data_lake_settings(settings)
            .send()
            .await
            .call("lakeformation:PutDataLakeSettings", "the account")?;
        done.push("settings written".to_string());
    }
    if rc.writes("registered_locations") {
        let have = l.registered_locations.known().cloned().unwrap_or_default();
        for arn in d.registered_locations.known().into_iter().flatten() {
            let arn = resolver.resolve(arn);
            if have.contains(&arn) {
                continue;
            }
            match lf
                .register_resource()
                .resource_arn(&arn)
                .use_service_linked_role(true)
                .send()
                .await
            {
                Ok(_) => {}
                Err(e) if errors::is(&e, &["AlreadyExistsException"]) => {}
                Err(e) => return Err(errors::describe("lakeformation:RegisterResource", &arn, &e)),
            }
            done.push(format!("registered {arn}"));
        }
    }
    if rc.writes("grants") {
        let have = l.grants.known().cloned().unwrap_or_default();
        for grant in d.grants.known().into_iter().flatten() {
            let grant = LfGrant {
                principal: resolver.resolve(&grant.principal),
                ..grant.clone()
            };
            if have.iter().any(|g| same_grant(g, &grant)) {
                continue;
            }
            let target = format!("{} on {}", grant.principal, grant_target(&grant));
            lf.grant_permissions()
                .principal(principal(&grant.principal))
                .resource(resource(&grant)?)
                .set_permissions(Some(
                    grant
                        .permissions
                        .iter()
                        .map(|p| Permission::from(p.as_str()))
                        .collect(),
                ))
                .send()
                .await
                .call("lakeformation:GrantPermissions", &target)?;
            done.push(format!(
                "granted {} to {target}",
                grant.permissions.join(",")
            ));
        }
    }
    Ok(done)
}

fn same_grant(a: &LfGrant, b: &LfGrant) -> bool {
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    a.principal == b.principal
        && a.database == b.database
        && a.table == b.table
        && sorted(&a.columns) == sorted(&b.columns)
        && sorted(&a.permissions) == sorted(&b.permissions)
}

fn grant_target(g: &LfGrant) -> String {
    match &g.table {
        Some(t) => format!("{}.{t}", g.database),
        None => g.database.clone(),
    }
}

fn principal(arn: &str) -> DataLakePrincipal {
    DataLakePrincipal::builder()
        .data_lake_principal_identifier(arn)
        .build()
}

pub(super) fn resource(g: &LfGrant) -> anyhow::Result<Resource> {
    Ok(match (&g.table, g.columns.is_empty()) {
        (None, _) => Resource::builder()
            .database(DatabaseResource::builder().name(&g.database).build()?)
            .build(),
        (Some(table), true) => Resource::builder()
            .table(
                TableResource::builder()
                    .database_name(&g.database)
                    .name(table)
                    .build()?,
            )
            .build(),
        (Some(table), false) => Resource::builder()
            .table_with_columns(
                TableWithColumnsResource::builder()
                    .database_name(&g.database)
                    .name(table)
                    .set_column_names(Some(g.columns.clone()))
                    .build()?,
            )
            .build(),
    })
}
