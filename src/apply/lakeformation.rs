//! Lake Formation: data lake settings (admins, no default permissions for new databases and
//! tables), registered locations, grants; LF-tags and data cells filters in `lftags`. All
//! additive: nothing is revoked or deregistered (the settings are account-wide and other lakes
//! share them), except IAM_ALLOWED_PRINCIPALS's grants on the lake's own databases and tables,
//! and hybrid access mode on the lake's own locations.

use aws_sdk_lakeformation::types::{
    DataLakePrincipal, DataLakeSettings, Permission, PrincipalPermissions, Resource,
};

use super::errors::{self, CallContext};
use super::lftags;
use super::{Applied, Applier, Step, Writer};
use crate::aws::lake_formation::catalog_resource;
use crate::model::arn::Arns;
use crate::model::property::LakeFormationProperty as P;
use crate::model::{IAM_ALLOWED_PRINCIPALS, Kind, KindProperty, LfGrant, Property};
use crate::plan::ResourceChange;

/// The call that writes each Lake Formation property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    /// PutDataLakeSettings of the administrators.
    PutAdmins,
    /// PutDataLakeSettings of the default permissions, in a step before any database.
    PutDefaults,
    Register,
    /// UpdateResource of the lake's locations in hybrid access mode, after registering.
    EndHybridAccess,
    Grant,
    /// RevokePermissions of IAM_ALLOWED_PRINCIPALS, after the lake's own grants.
    RevokeIamAllowed,
    /// CreateLFTag, UpdateLFTag (values added only).
    Tags,
    /// AddLFTagsToResource.
    Assign,
    /// GrantPermissions on an LF-tag policy.
    TagGrant,
    /// CreateDataCellsFilter, UpdateDataCellsFilter.
    Filters,
    /// GrantPermissions on a data cells filter.
    FilterGrant,
}

fn call(p: P) -> Call {
    match p {
        P::Admins => Call::PutAdmins,
        P::CreateDatabaseDefault | P::CreateTableDefault => Call::PutDefaults,
        P::RegisteredLocations => Call::Register,
        P::HybridLocations => Call::EndHybridAccess,
        P::Grants => Call::Grant,
        P::IamAllowedGrants => Call::RevokeIamAllowed,
        P::Tags => Call::Tags,
        P::TagAssignments => Call::Assign,
        P::TagGrants => Call::TagGrant,
        P::DataCellsFilters => Call::Filters,
        P::FilterGrants => Call::FilterGrant,
    }
}

pub fn writer(p: P) -> Writer {
    match call(p) {
        Call::PutDefaults => Writer::Step(Step::LakeFormationDefaults),
        Call::PutAdmins
        | Call::Register
        | Call::EndHybridAccess
        | Call::Grant
        | Call::RevokeIamAllowed
        | Call::Tags
        | Call::Assign
        | Call::TagGrant
        | Call::Filters
        | Call::FilterGrant => Writer::Step(Step::Resource(Kind::LakeFormation)),
    }
}

/// The planned properties that `c` writes.
fn planned(rc: &ResourceChange, c: Call) -> Vec<Property> {
    let props = P::ALL.iter().filter(|p| call(**p) == c && rc.writes(**p));
    props.map(|p| Property::from(*p)).collect()
}

/// The default permissions for new databases and tables: none but the blueprint's.
pub async fn defaults(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let written = planned(rc, Call::PutDefaults);
    if written.is_empty() {
        return Ok(Vec::new());
    }
    put_settings(a, Call::PutDefaults).await?;
    Ok(vec![Applied::updated_all(
        written,
        "default permissions written",
    )])
}

pub async fn settings(a: &Applier<'_>, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
    let planned = |c: Call| planned(rc, c);
    let mut done = Vec::new();
    let admins = planned(Call::PutAdmins);
    if !admins.is_empty() {
        put_settings(a, Call::PutAdmins).await?;
        done.push(Applied::updated_all(admins, "administrators written"));
    }
    if !planned(Call::Register).is_empty() {
        done.extend(register(a).await?);
    }
    if !planned(Call::EndHybridAccess).is_empty() {
        done.extend(end_hybrid_access(a).await?);
    }
    if !planned(Call::Grant).is_empty() {
        done.extend(grant(a).await?);
    }
    if !planned(Call::RevokeIamAllowed).is_empty() {
        done.extend(revoke_iam_allowed(a).await?);
    }
    // Tags exist before they are assigned or granted on; filters before their grants.
    if !planned(Call::Tags).is_empty() {
        done.extend(lftags::tags(a).await?);
    }
    if !planned(Call::Assign).is_empty() {
        done.extend(lftags::assign(a).await?);
    }
    if !planned(Call::TagGrant).is_empty() {
        done.extend(lftags::tag_grants(a).await?);
    }
    if !planned(Call::Filters).is_empty() {
        done.extend(lftags::filters(a).await?);
    }
    if !planned(Call::FilterGrant).is_empty() {
        done.extend(lftags::filter_grants(a).await?);
    }
    Ok(done)
}

/// PutDataLakeSettings replaces everything: start from what is there now and change only what
/// `part` (the administrators or the default permissions) writes.
async fn put_settings(a: &Applier<'_>, part: Call) -> anyhow::Result<()> {
    let (d, lf, resolver) = (
        &a.desired.lake_formation,
        &a.aws.lakeformation,
        a.resolver(),
    );
    let current = lf
        .get_data_lake_settings()
        .send()
        .await
        .call("lakeformation:GetDataLakeSettings", "the account")?;
    let mut settings = current
        .data_lake_settings()
        .cloned()
        .unwrap_or_else(|| DataLakeSettings::builder().build());
    let mut admins: Vec<DataLakePrincipal> = settings.data_lake_admins().to_vec();
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
    if part == Call::PutAdmins {
        settings.data_lake_admins = Some(admins);
    } else {
        settings.create_database_default_permissions =
            Some(defaults(d.create_database_default.known()));
        settings.create_table_default_permissions = Some(defaults(d.create_table_default.known()));
    }
    lf.put_data_lake_settings()
        .data_lake_settings(settings)
        .send()
        .await
        .call("lakeformation:PutDataLakeSettings", "the account")?;
    Ok(())
}

async fn register(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let resolver = a.resolver();
    let have = l.registered_locations.known().cloned().unwrap_or_default();
    let mut done = Vec::new();
    for arn in d.registered_locations.known().into_iter().flatten() {
        let arn = resolver.resolve(arn);
        if have.contains(&arn) {
            continue;
        }
        match a
            .aws
            .lakeformation
            .register_resource()
            .resource_arn(&arn)
            .use_service_linked_role(true)
            .hybrid_access_enabled(false)
            .send()
            .await
        {
            Ok(_) => {}
            Err(e) if errors::is(&e, &["AlreadyExistsException"]) => {}
            Err(e) => return Err(errors::describe("lakeformation:RegisterResource", &arn, &e)),
        }
        done.push(Applied::updated(
            P::RegisteredLocations,
            format!("registered {arn}"),
        ));
    }
    Ok(done)
}

/// Switches the lake's locations in hybrid access mode to Lake Formation mode, registered with
/// the service-linked role as `register` does (UpdateResource names the role either way).
async fn end_hybrid_access(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let resolver = a.resolver();
    let ours: Vec<String> = (d.registered_locations.known().into_iter().flatten())
        .map(|arn| resolver.resolve(arn))
        .collect();
    let hybrid = l.hybrid_locations.known().into_iter().flatten();
    let role = Arns::of(&a.desired.lake).lake_formation_data_access_role();
    let mut done = Vec::new();
    for arn in hybrid.filter(|arn| ours.contains(arn)) {
        a.aws
            .lakeformation
            .update_resource()
            .resource_arn(arn)
            .role_arn(&role)
            .hybrid_access_enabled(false)
            .send()
            .await
            .call("lakeformation:UpdateResource", arn)?;
        done.push(Applied::updated(
            P::HybridLocations,
            format!("hybrid access mode ended on {arn}"),
        ));
    }
    Ok(done)
}

async fn grant(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let resolver = a.resolver();
    let have = l.grants.known().cloned().unwrap_or_default();
    let mut done = Vec::new();
    for grant in d.grants.known().into_iter().flatten() {
        let grant = LfGrant {
            principal: resolver.resolve(&grant.principal),
            ..grant.clone()
        };
        if have.iter().any(|g| same_grant(g, &grant)) {
            continue;
        }
        let target = format!("{} on {}", grant.principal, grant_target(&grant));
        a.aws
            .lakeformation
            .grant_permissions()
            .principal(principal(&grant.principal))
            .resource(resource(&grant)?)
            .set_permissions(Some(permissions(&grant.permissions)))
            .send()
            .await
            .call("lakeformation:GrantPermissions", &target)?;
        let note = format!("granted {} to {target}", grant.permissions.join(","));
        done.push(Applied::updated(P::Grants, note));
    }
    Ok(done)
}

/// Revokes what IAM_ALLOWED_PRINCIPALS holds on the lake's databases and tables (the live
/// grants are the lake's databases' only, as the inventory reads them).
async fn revoke_iam_allowed(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let live = a.live.lake_formation.grants.known().cloned();
    let open = live.into_iter().flatten();
    let mut done = Vec::new();
    for grant in open.filter(|g| g.principal == IAM_ALLOWED_PRINCIPALS) {
        let target = format!("{IAM_ALLOWED_PRINCIPALS} on {}", grant_target(&grant));
        a.aws
            .lakeformation
            .revoke_permissions()
            .principal(principal(&grant.principal))
            .resource(resource(&grant)?)
            .set_permissions(Some(permissions(&grant.permissions)))
            .send()
            .await
            .call("lakeformation:RevokePermissions", &target)?;
        let note = format!("revoked {} from {target}", grant.permissions.join(","));
        done.push(Applied::updated(P::IamAllowedGrants, note));
    }
    Ok(done)
}

/// Lake Formation permissions by name, e.g. `SELECT`.
pub(super) fn permissions(names: &[String]) -> Vec<Permission> {
    names.iter().map(|p| Permission::from(p.as_str())).collect()
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

pub(super) fn principal(arn: &str) -> DataLakePrincipal {
    DataLakePrincipal::builder()
        .data_lake_principal_identifier(arn)
        .build()
}

pub(super) fn resource(g: &LfGrant) -> anyhow::Result<Resource> {
    Ok(catalog_resource(
        &g.database,
        g.table.as_deref(),
        &g.columns,
    )?)
}
