//! LF-tags, tag assignments, grants by tag expression and data cells filters: the retail
//! blueprint deployed on moto, read back with raw SDK calls. moto does not implement
//! CreateDataCellsFilter (HTTP 404) and lists no filters: deploy says so and still grants.

use aws_sdk_lakeformation::types::{DatabaseResource, Resource, TableWithColumnsResource};

use super::lake::{SERIAL, TestLake, raw};

#[tokio::test(flavor = "multi_thread")]
async fn lf_tags_grants_and_filters_deploy_and_read_back() {
    let _serial = SERIAL.lock().await;
    let lake = TestLake::new("retail-analytics.yaml");
    let first = lake.deploy();
    first.assert_success();
    assert!(
        first
            .stderr
            .contains("does not implement lakeformation:CreateDataCellsFilter"),
        "{}",
        first.stderr
    );
    let model = lake.model();
    let lf = &raw(lake.region()).await.lakeformation;
    let key = |name: &str| format!("{}_{name}", lake.blueprint.lake.name);
    let curated = format!("{}_retail_curated", lake.blueprint.lake.name);

    // Tags with their values.
    let tags = lf.list_lf_tags().send().await.unwrap();
    for want in model.lake_formation.tags.known().unwrap() {
        let live = (tags.lf_tags().iter())
            .find(|t| t.tag_key() == want.key)
            .unwrap_or_else(|| panic!("LF-tag {} missing", want.key));
        let mut values = live.tag_values().to_vec();
        values.sort();
        assert_eq!(values, want.values);
    }

    // Assignments on the database and a column.
    let database = Resource::builder()
        .database(DatabaseResource::builder().name(&curated).build().unwrap())
        .build();
    let on_db = (lf.get_resource_lf_tags().resource(database))
        .show_assigned_lf_tags(true)
        .send()
        .await
        .unwrap();
    let pairs: Vec<(String, Vec<String>)> = (on_db.lf_tag_on_database().iter())
        .map(|p| (p.tag_key().to_string(), p.tag_values().to_vec()))
        .collect();
    assert!(
        pairs.contains(&(key("domain"), vec!["sales".into()])),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&(key("sensitivity"), vec!["internal".into()])),
        "{pairs:?}"
    );
    let column = Resource::builder()
        .table_with_columns(
            TableWithColumnsResource::builder()
                .database_name(&curated)
                .name("sales")
                .column_names("customer_id")
                .build()
                .unwrap(),
        )
        .build();
    let on_column = lf
        .get_resource_lf_tags()
        .resource(column)
        .send()
        .await
        .unwrap();
    let column_tags = &on_column.lf_tags_on_columns()[0];
    assert_eq!(column_tags.name(), Some("customer_id"));
    assert_eq!(column_tags.lf_tags()[0].tag_key(), key("sensitivity"));
    assert_eq!(column_tags.lf_tags()[0].tag_values(), ["pii"]);

    // The tag-expression grant and the grant through the filter.
    let permissions = lf.list_permissions().send().await.unwrap();
    let analyst = model.roles.iter().find(|r| r.id == "analyst").unwrap();
    let analyst = analyst.arn(&model.lake);
    let of_analyst = (permissions.principal_resource_permissions().iter()).filter(|p| {
        p.principal()
            .and_then(|p| p.data_lake_principal_identifier())
            == Some(analyst.as_str())
    });
    let mut by_tag = false;
    let mut by_filter = false;
    for p in of_analyst {
        let resource = p.resource().unwrap();
        if let Some(policy) = resource.lf_tag_policy() {
            let keys: Vec<&str> = policy.expression().iter().map(|t| t.tag_key()).collect();
            if keys.contains(&key("domain").as_str()) {
                assert_eq!(policy.resource_type().as_str(), "TABLE");
                assert!(p.permissions_with_grant_option().is_empty());
                by_tag = true;
            }
        }
        if let Some(filter) = resource.data_cells_filter()
            && filter.database_name() == Some(curated.as_str())
        {
            assert_eq!(filter.name(), Some("emea"));
            assert_eq!(p.permissions()[0].as_str(), "SELECT");
            by_filter = true;
        }
    }
    assert!(
        by_tag && by_filter,
        "tag grant {by_tag}, filter grant {by_filter}"
    );

    // Additive: a value added outside lakectl stays; only the filter gap is written again.
    (lf.update_lf_tag().tag_key(key("domain")))
        .tag_values_to_add("marketing")
        .send()
        .await
        .unwrap();
    let second = lake.deploy();
    second.assert_success();
    let json = second.json();
    let writes: Vec<&str> = (json["calls"]["mutating_operations"]
        .as_array()
        .unwrap()
        .iter())
    .filter_map(|v| v.as_str())
    // LocalStack's Firehose gap, asserted by the deploy tests.
    .filter(|w| *w != "Firehose:StartDeliveryStreamEncryption")
    .collect();
    assert_eq!(
        writes,
        ["LakeFormation:CreateDataCellsFilter"],
        "{}",
        second.stderr
    );
    let domain = lf.get_lf_tag().tag_key(key("domain")).send().await.unwrap();
    assert!(domain.tag_values().iter().any(|v| v == "marketing"));
}
