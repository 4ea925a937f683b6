//! LF-tags, their assignments, tag-expression grants, data cells filters and filter grants.
//! Additive like the rest of Lake Formation: tag values are added, never removed; tags are
//! assigned, never unassigned; nothing is revoked or deleted.

use std::collections::BTreeMap;

use aws_sdk_lakeformation::error::ProvideErrorMetadata;
use aws_sdk_lakeformation::types::{
    ColumnWildcard, DataCellsFilterResource, LfTag, LfTagPair, LfTagPolicyResource, Resource,
    ResourceType, RowFilter,
};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;

use super::errors::{self, CallContext};
use super::lakeformation::{permissions, principal};
use super::{Applied, Applier};
use crate::aws::lake_formation::catalog_resource;
use crate::model::property::LakeFormationProperty as P;
use crate::model::{self, DataCellsFilter, FilterColumns, LfTagResource, LfTagResourceType};

pub async fn tags(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let live = l.tags.known().cloned().unwrap_or_default();
    let lf = &a.aws.lakeformation;
    let mut done = Vec::new();
    for tag in d.tags.known().into_iter().flatten() {
        let Some(have) = live.iter().find(|t| t.key == tag.key) else {
            let created = (lf.create_lf_tag().tag_key(&tag.key))
                .set_tag_values(Some(tag.values.clone()))
                .send()
                .await;
            match created {
                Ok(_) => {}
                // A create whose answer was lost: the tag is there with these values.
                Err(e) if errors::already_exists(&e) => {}
                Err(e) => return Err(errors::describe("lakeformation:CreateLFTag", &tag.key, &e)),
            }
            done.push(Applied::updated(
                P::Tags,
                format!("created LF-tag {}", tag.key),
            ));
            continue;
        };
        let missing: Vec<String> = (tag.values.iter())
            .filter(|v| !have.values.contains(v))
            .cloned()
            .collect();
        if missing.is_empty() {
            continue;
        }
        (lf.update_lf_tag().tag_key(&tag.key))
            .set_tag_values_to_add(Some(missing.clone()))
            .send()
            .await
            .call("lakeformation:UpdateLFTag", &tag.key)?;
        let note = format!("added {} to LF-tag {}", missing.join(","), tag.key);
        done.push(Applied::updated(P::Tags, note));
    }
    Ok(done)
}

/// One AddLFTagsToResource per resource missing a tag, with all of the resource's desired
/// tags (moto replaces a resource's tags on each call where AWS adds them).
pub async fn assign(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let live = l.tag_assignments.known().cloned().unwrap_or_default();
    let mut by_resource: BTreeMap<&LfTagResource, Vec<&model::LfTagAssignment>> = BTreeMap::new();
    for assignment in d.tag_assignments.known().into_iter().flatten() {
        (by_resource.entry(&assignment.resource).or_default()).push(assignment);
    }
    let mut done = Vec::new();
    for (resource, wanted) in by_resource {
        if wanted.iter().all(|w| live.contains(w)) {
            continue;
        }
        let name = resource.display();
        let pairs = (wanted.iter())
            .map(|w| {
                LfTagPair::builder()
                    .tag_key(&w.key)
                    .tag_values(&w.value)
                    .build()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let out = (a.aws.lakeformation.add_lf_tags_to_resource())
            .resource(tag_resource(resource)?)
            .set_lf_tags(Some(pairs))
            .send()
            .await
            .call("lakeformation:AddLFTagsToResource", &name)?;
        // The call succeeds with per-tag failures (an unknown key or value).
        if let Some(failure) = out.failures().first() {
            let detail = failure
                .error()
                .and_then(|e| e.error_message())
                .unwrap_or("failed");
            anyhow::bail!("lakeformation:AddLFTagsToResource on {name} failed: {detail}");
        }
        let tags: Vec<String> = wanted
            .iter()
            .map(|w| format!("{}={}", w.key, w.value))
            .collect();
        let note = format!("tagged {name} with {}", tags.join(","));
        done.push(Applied::updated(P::TagAssignments, note));
    }
    Ok(done)
}

fn tag_resource(r: &LfTagResource) -> anyhow::Result<Resource> {
    Ok(catalog_resource(
        &r.database,
        r.table.as_deref(),
        r.column.as_slice(),
    )?)
}

pub async fn tag_grants(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let live = l.tag_grants.known().cloned().unwrap_or_default();
    let resolver = a.resolver();
    let mut done = Vec::new();
    for grant in d.tag_grants.known().into_iter().flatten() {
        let grant = model::LfTagGrant {
            principal: resolver.resolve(&grant.principal),
            ..grant.clone()
        };
        if live.iter().any(|l| l.covers(&grant)) {
            continue;
        }
        let expression = (grant.expression.iter())
            .map(|c| {
                (LfTag::builder().tag_key(&c.key))
                    .set_tag_values(Some(c.values.clone()))
                    .build()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let resource_type = match grant.resource_type {
            LfTagResourceType::Database => ResourceType::Database,
            LfTagResourceType::Table => ResourceType::Table,
        };
        let policy = (LfTagPolicyResource::builder().resource_type(resource_type))
            .set_expression(Some(expression))
            .build()?;
        let target = format!("{} on {}", grant.principal, expression_text(&grant));
        (a.aws.lakeformation.grant_permissions())
            .principal(principal(&grant.principal))
            .resource(Resource::builder().lf_tag_policy(policy).build())
            .set_permissions(Some(permissions(&grant.permissions)))
            .send()
            .await
            .call("lakeformation:GrantPermissions", &target)?;
        let note = format!("granted {} to {target}", grant.permissions.join(","));
        done.push(Applied::updated(P::TagGrants, note));
    }
    Ok(done)
}

/// `TABLE where domain in (sales) and sensitivity in (public)`.
fn expression_text(g: &model::LfTagGrant) -> String {
    let clauses: Vec<String> = (g.expression.iter())
        .map(|c| format!("{} in ({})", c.key, c.values.join(",")))
        .collect();
    format!(
        "{} where {}",
        g.resource_type.as_str(),
        clauses.join(" and ")
    )
}

/// Creates missing filters and updates those that differ (in place: never deleted).
pub async fn filters(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let live = l.data_cells_filters.known().cloned().unwrap_or_default();
    let account = a.resolver().resolve(a.account());
    let lf = &a.aws.lakeformation;
    let mut done = Vec::new();
    for filter in d.data_cells_filters.known().into_iter().flatten() {
        let existing = live.iter().find(|f| f.same_filter(filter));
        if existing == Some(filter) {
            continue;
        }
        let name = filter.qualified_name();
        let data = table_data(filter, &account)?;
        let (action, verb, written) = match existing {
            None => {
                let r = lf.create_data_cells_filter().table_data(data).send().await;
                let action = "CreateDataCellsFilter";
                (action, "created", written(r.map(|_| ()), action, &name)?)
            }
            Some(_) => {
                let r = lf.update_data_cells_filter().table_data(data).send().await;
                let action = "UpdateDataCellsFilter";
                (action, "updated", written(r.map(|_| ()), action, &name)?)
            }
        };
        if written {
            let note = format!("{verb} data cells filter {name}");
            done.push(Applied::updated(P::DataCellsFilters, note));
        } else {
            a.warn(format!(
                "data cells filter {name}: the endpoint does not implement lakeformation:{action}; \
                 the filter is not {verb} (its grants are still made)"
            ));
            let note = "data cells filters not supported by the endpoint";
            done.push(Applied::updated(P::DataCellsFilters, note));
        }
    }
    Ok(done)
}

/// Whether a filter write was carried out (`false`: the endpoint lacks the operation).
fn written<E>(
    result: Result<(), SdkError<E, HttpResponse>>,
    action: &str,
    name: &str,
) -> anyhow::Result<bool>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(()) => Ok(true),
        // A create whose answer was lost.
        Err(e) if errors::already_exists(&e) => Ok(true),
        // moto routes no data cells filter writes (an HTTP 404 with no error code): say so
        // instead of failing every deploy on an emulator.
        Err(e) if errors::not_implemented(&e) || unrouted(&e) => Ok(false),
        Err(e) => Err(errors::describe(
            &format!("lakeformation:{action}"),
            name,
            &e,
        )),
    }
}

/// An answer with no error code and HTTP 404: the endpoint has no route for the operation
/// (AWS always names its error).
fn unrouted<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> bool {
    match err {
        SdkError::ServiceError(e) => e.err().code().is_none() && e.raw().status().as_u16() == 404,
        _ => false,
    }
}

fn table_data(
    f: &DataCellsFilter,
    account: &str,
) -> anyhow::Result<aws_sdk_lakeformation::types::DataCellsFilter> {
    let row = match &f.row_filter {
        Some(expression) => RowFilter::builder().filter_expression(expression),
        None => RowFilter::builder()
            .all_rows_wildcard(aws_sdk_lakeformation::types::AllRowsWildcard::builder().build()),
    };
    let builder = aws_sdk_lakeformation::types::DataCellsFilter::builder()
        .table_catalog_id(account)
        .database_name(&f.database)
        .table_name(&f.table)
        .name(&f.name)
        .row_filter(row.build());
    let builder = match &f.columns {
        FilterColumns::Included(columns) => builder.set_column_names(Some(columns.clone())),
        FilterColumns::Excluded(columns) => builder.column_wildcard(
            ColumnWildcard::builder()
                .set_excluded_column_names(Some(columns.clone()))
                .build(),
        ),
        FilterColumns::All => builder.column_wildcard(ColumnWildcard::builder().build()),
    };
    Ok(builder.build()?)
}

pub async fn filter_grants(a: &Applier<'_>) -> anyhow::Result<Vec<Applied>> {
    let (d, l) = (&a.desired.lake_formation, &a.live.lake_formation);
    let live = l.filter_grants.known().cloned().unwrap_or_default();
    let resolver = a.resolver();
    let account = resolver.resolve(a.account());
    let mut done = Vec::new();
    for grant in d.filter_grants.known().into_iter().flatten() {
        let grant = model::LfFilterGrant {
            principal: resolver.resolve(&grant.principal),
            ..grant.clone()
        };
        if live.contains(&grant) {
            continue;
        }
        let filter = DataCellsFilterResource::builder()
            .table_catalog_id(&account)
            .database_name(&grant.database)
            .table_name(&grant.table)
            .name(&grant.filter)
            .build();
        let target = format!(
            "{} on filter {}.{}.{}",
            grant.principal, grant.database, grant.table, grant.filter
        );
        (a.aws.lakeformation.grant_permissions())
            .principal(principal(&grant.principal))
            .resource(Resource::builder().data_cells_filter(filter).build())
            .set_permissions(Some(permissions(&grant.permissions)))
            .send()
            .await
            .call("lakeformation:GrantPermissions", &target)?;
        let note = format!("granted {} to {target}", grant.permissions.join(","));
        done.push(Applied::updated(P::FilterGrants, note));
    }
    Ok(done)
}
