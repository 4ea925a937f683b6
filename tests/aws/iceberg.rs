//! Partitioned Iceberg tables: deployed with their partition spec, and read back from the Iceberg
//! metadata file that the table's `metadata_location` parameter names. moto keeps the table but
//! writes no metadata file and sets no `metadata_location` (the gap, asserted by name), so the
//! test writes the file Glue would write and points the table at it with raw SDK calls.

use std::collections::HashMap;

use aws_sdk_glue::types::TableInput;
use lakectl::blueprint::Blueprint;
use lakectl::model::arn::s3_parts;

use crate::lake::{Raw, SERIAL, TestLake, raw};

const SPEC: [&str; 2] = ["day(order_time)", "bucket(16, customer_id)"];

/// The retail lake with its curated sales table partitioned by Iceberg transforms.
fn partitioned(b: &mut Blueprint) {
    // moto has no data cells filters, so a deploy with one always tries to create it again.
    b.lake_formation.data_cells_filters.clear();
    let sales = b
        .catalog
        .databases
        .iter_mut()
        .flat_map(|d| d.tables.iter_mut())
        .find(|t| t.name == "sales")
        .expect("retail has a sales table");
    sales.partition_keys.clear();
    sales.partitioning = SPEC.iter().map(|f| f.parse().unwrap()).collect();
    for grant in &mut b.lake_formation.grants {
        grant
            .columns
            .retain(|c| !["year", "month", "day"].contains(&c.as_str()));
    }
}

/// A format-version-2 metadata file over the sales columns, partitioned by `fields`
/// (`(name, transform, source column id)`), as Glue writes it.
fn metadata(fields: &[(&str, &str, i64)]) -> String {
    let columns = [
        "order_id",
        "store_id",
        "region",
        "customer_id",
        "amount",
        "order_time",
    ];
    let schema: Vec<serde_json::Value> = (1..)
        .zip(columns)
        .map(|(id, name)| serde_json::json!({"id": id, "name": name, "required": false, "type": "string"}))
        .collect();
    let spec: Vec<serde_json::Value> = (1000..)
        .zip(fields)
        .map(|(id, (name, transform, source))| {
            serde_json::json!({"name": name, "transform": transform, "source-id": source, "field-id": id})
        })
        .collect();
    serde_json::json!({
        "format-version": 2,
        "current-schema-id": 0,
        "schemas": [{"type": "struct", "schema-id": 0, "fields": schema}],
        "default-spec-id": 0,
        "partition-specs": [{"spec-id": 0, "fields": spec}],
    })
    .to_string()
}

async fn sales_table(raw: &Raw, database: &str) -> aws_sdk_glue::types::Table {
    raw.glue
        .get_table()
        .database_name(database)
        .name("sales")
        .send()
        .await
        .unwrap()
        .table
        .unwrap()
}

/// Points the table at a metadata file, as Glue does after every commit.
async fn commit_metadata(raw: &Raw, database: &str, location: &str, body: String) {
    let (bucket, key) = s3_parts(location).unwrap();
    raw.s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(body.into_bytes().into())
        .send()
        .await
        .unwrap();
    let live = sales_table(raw, database).await;
    let mut parameters: HashMap<String, String> = live.parameters().cloned().unwrap_or_default();
    parameters.insert("metadata_location".into(), location.into());
    let input = TableInput::builder()
        .name("sales")
        .table_type(live.table_type().unwrap_or("EXTERNAL_TABLE"))
        .set_storage_descriptor(live.storage_descriptor().cloned())
        .set_partition_keys(Some(live.partition_keys().to_vec()))
        .set_parameters(Some(parameters))
        .build()
        .unwrap();
    raw.glue
        .update_table()
        .database_name(database)
        .table_input(input)
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn iceberg_partition_specs_deploy_and_read_back_from_metadata() {
    let _serial = SERIAL.lock().await;
    let lake = TestLake::with("retail-analytics.yaml", partitioned);
    lake.deploy().assert_success();
    let model = lake.model();
    let want = model
        .catalog
        .tables
        .iter()
        .find(|t| t.name == "sales")
        .unwrap();
    let database = want.database.clone();
    let raw = raw(lake.region()).await;

    // The moto gap: the table is Iceberg, but no metadata file is named.
    let live = sales_table(&raw, &database).await;
    let parameters = live.parameters().unwrap();
    assert_eq!(
        parameters.get("table_type").map(String::as_str),
        Some("ICEBERG")
    );
    assert!(
        !parameters.contains_key("metadata_location"),
        "{parameters:?}"
    );
    assert!(live.partition_keys().is_empty());
    let plan = lake.plan();
    assert!(
        plan.stdout.contains("? partitioning: unknown (the Iceberg table has no metadata_location parameter naming its metadata file in S3, so its partition spec cannot be read)"),
        "{}",
        plan.stdout
    );

    // What Glue writes: the spec reads back equal, so a redeploy changes nothing.
    let location = want
        .location
        .known()
        .unwrap()
        .replace("${AWS::AccountId}", crate::lake::ACCOUNT);
    let first = format!("{location}metadata/00000-first.metadata.json");
    let glue_spec = [
        ("order_time_day", "day", 6),
        ("customer_id_bucket", "bucket[16]", 4),
    ];
    commit_metadata(&raw, &database, &first, metadata(&glue_spec)).await;
    let again = lake.deploy();
    assert_eq!(
        again.assert_success().mutating_calls(),
        0,
        "{}",
        again.stdout
    );

    // A table update (a column comment here) keeps metadata_location: UpdateTable replaces the
    // whole input, and without it Athena could not find the table's data.
    let mut blueprint: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&lake.path).unwrap()).unwrap();
    let tables = blueprint["catalog"]["databases"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|d| d["tables"].as_array_mut().unwrap().iter_mut());
    let sales = tables.into_iter().find(|t| t["name"] == "sales").unwrap();
    sales["columns"][0]["comment"] = "the till's order number".into();
    std::fs::write(&lake.path, blueprint.to_string()).unwrap();
    let update = lake.deploy();
    assert_eq!(
        update.assert_success().mutating_calls(),
        1,
        "{}",
        update.stdout
    );
    let live = sales_table(&raw, &database).await;
    let parameters = live.parameters().unwrap();
    assert_eq!(parameters.get("metadata_location"), Some(&first));
    assert_eq!(
        parameters.get("table_type").map(String::as_str),
        Some("ICEBERG")
    );
    let columns = live.storage_descriptor().unwrap().columns();
    assert_eq!(columns[0].comment(), Some("the till's order number"));

    // A spec evolved outside lakectl is in the plan as a replacement, which deploy never does.
    let second = format!("{location}metadata/00001-second.metadata.json");
    commit_metadata(
        &raw,
        &database,
        &second,
        metadata(&[("order_time_month", "month", 6)]),
    )
    .await;
    let plan = lake.plan();
    assert!(
        plan.stdout.contains(r#"! partitioning: ["month(order_time)"] → ["day(order_time)","bucket(16, customer_id)"] (forces replacement)"#),
        "{}",
        plan.stdout
    );
}
