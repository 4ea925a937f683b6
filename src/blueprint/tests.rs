//! Every class of blueprint error, with its exact message and location.

use super::Source;
use crate::load::text;

fn load_source(source: &Source) -> Result<super::Blueprint, super::Diagnostics> {
    text(source, None)
}

const LAKE: &str =
    "lake:\n  name: retail\n  environment: prod\n  region: us-east-1\n  owner: team@example.com\n";

/// Each diagnostic rendered as the CLI prints it.
fn errors(yaml: &str) -> Vec<String> {
    match load_source(&Source::new("b.yaml", yaml)) {
        Ok(_) => Vec::new(),
        Err(diagnostics) => diagnostics.0.iter().map(ToString::to_string).collect(),
    }
}

fn first_lines(yaml: &str) -> Vec<String> {
    errors(yaml)
        .iter()
        .map(|e| e.lines().next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_minimal_blueprint_is_valid() {
    assert_eq!(errors(LAKE), Vec::<String>::new());
}

#[test]
fn every_reference_blueprint_is_valid() {
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/blueprints")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue; // job scripts live beside the blueprints
        }
        let result = crate::load::file(&path, None);
        assert!(
            result.is_ok(),
            "{}: {}",
            path.display(),
            result.err().unwrap()
        );
    }
}

#[test]
fn unknown_fields_are_named_with_the_allowed_ones() {
    let yaml = format!("{LAKE}  colour: blue\n");
    assert_eq!(
        errors(&yaml),
        vec![
            "b.yaml:6:3: lake.colour: unknown field `colour`, expected one of name, environment, region, account_id, owner, tags\n  help: see `lakectl schema` or the blueprint reference in the README for the allowed fields and values"
        ]
    );
}

#[test]
fn wrong_types_are_located() {
    let yaml = format!("{LAKE}streams:\n  - name: s\n    retention_hours: lots\n");
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:8:22: streams[0].retention_hours: expected a whole number of at most 4294967295"
        ]
    );
}

#[test]
fn unknown_enum_values_list_the_variants() {
    let yaml = format!("{LAKE}streams:\n  - name: s\n    mode: turbo\n");
    let lines = first_lines(&yaml);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0]
            .starts_with("b.yaml:8:11: streams[0].mode: unknown variant `turbo`, expected one of"),
        "{}",
        lines[0]
    );
}

#[test]
fn shard_metrics_are_all_or_known_names_and_an_unknown_one_is_located() {
    let parse = |metrics: &str| {
        let yaml = format!("{LAKE}streams:\n  - name: s\n    shard_metrics: {metrics}\n");
        let source = Source::new("b.yaml", &yaml);
        load_source(&source).map(|b| b.streams[0].shard_metrics.resolved().len())
    };
    assert_eq!(parse("all").unwrap(), 7);
    assert_eq!(
        parse("[IteratorAgeMilliseconds, IteratorAgeMilliseconds]").unwrap(),
        1
    );
    assert_eq!(parse("[]").unwrap(), 0);
    let yaml =
        format!("{LAKE}streams:\n  - name: s\n    shard_metrics: [IncomingBytes, IteratorAge]\n");
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:8:36: streams[0].shard_metrics[1]: unknown variant `IteratorAge`, expected one of IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds"
        ]
    );
    let yaml = format!("{LAKE}streams:\n  - name: s\n    shard_metrics: every\n");
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:8:5: streams[0].shard_metrics: invalid value: string \"every\", expected `all` or a list of shard-level metric names"
        ]
    );
}

#[test]
fn missing_fields_are_reported() {
    let yaml = "lake:\n  name: retail\n  environment: prod\n  region: us-east-1\n";
    let lines = first_lines(yaml);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("missing field `owner`"), "{}", lines[0]);
    assert!(lines[0].starts_with("b.yaml:"), "{}", lines[0]);
}

#[test]
fn invalid_aws_names_say_what_is_allowed() {
    let yaml = "lake:\n  name: Retail_Lake\n  environment: prod\n  region: mars-1\n  owner: me\n  account_id: \"12345\"\n";
    assert_eq!(
        errors(yaml),
        vec![
            "b.yaml:2:9: lake.name: invalid lake name `Retail_Lake`\n  help: allowed: 2 to 20 lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
            "b.yaml:4:11: lake.region: invalid region `mars-1`\n  help: allowed: an AWS region such as `us-east-1` or `eu-central-2`",
            "b.yaml:6:15: lake.account_id: invalid account id `12345`\n  help: allowed: exactly 12 digits, quoted so YAML keeps leading zeros, e.g. \"012345678901\"",
        ]
    );
}

#[test]
fn invalid_bucket_stream_database_table_and_role_names() {
    let yaml = format!(
        "{LAKE}zones:\n  - name: raw\n    bucket_name: My_Bucket\nstreams:\n  - name: \"bad stream\"\ncatalog:\n  databases:\n    - name: Sales-DB\n      zone: raw\n      tables:\n        - name: Orders\n          prefix: orders/\n          format: parquet\n          columns: [{{ name: id, type: string }}]\nroles:\n  - name: \"bad role!\"\n    purpose: crawler\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:8:18: zones[0].bucket_name: invalid bucket name `My_Bucket`",
            "b.yaml:10:11: streams[0].name: invalid stream name `bad stream`",
            "b.yaml:13:13: catalog.databases[0].name: invalid database name `Sales-DB`",
            "b.yaml:16:17: catalog.databases[0].tables[0].name: invalid table name `Orders`",
            "b.yaml:21:11: roles[0].name: invalid role name `bad role!`",
        ]
    );
}

#[test]
fn duplicates_point_at_the_first_occurrence() {
    let yaml = format!("{LAKE}zones:\n  - name: raw\n  - name: curated\n  - name: raw\n");
    assert_eq!(
        errors(&yaml),
        vec![
            "b.yaml:9:11: zones[2].name: duplicate zone `raw`\n  help: the first is at `zones[0].name`; names must be unique"
        ]
    );
}

#[test]
fn references_to_missing_things_list_what_exists() {
    let yaml = format!(
        "{LAKE}streams:\n  - name: clicks\ndelivery_streams:\n  - name: d\n    source_stream: klicks\n    zone: gold\n    prefix: x/\n    role: nobody\ncatalog:\n  crawlers:\n    - name: c\n      database: nowhere\n      prefixes: [x/]\n      role: nobody\nlake_formation:\n  grants:\n    - principal: analyst\n      database: nowhere\n      permissions: [SELECT]\n"
    );
    assert_eq!(
        errors(&yaml),
        vec![
            "b.yaml:10:20: delivery_streams[0].source_stream: unknown stream `klicks`\n  help: defined streams: clicks",
            "b.yaml:11:11: delivery_streams[0].zone: unknown zone `gold`\n  help: defined zones: cleansed, curated, raw",
            "b.yaml:13:11: delivery_streams[0].role: unknown role `nobody`\n  help: no role is defined",
            "b.yaml:17:17: catalog.crawlers[0].database: unknown database `nowhere`\n  help: no database is defined",
            "b.yaml:19:13: catalog.crawlers[0].role: unknown role `nobody`\n  help: no role is defined",
            "b.yaml:22:18: lake_formation.grants[0].principal: unknown role `analyst`\n  help: no role is defined",
            "b.yaml:23:17: lake_formation.grants[0].database: unknown database `nowhere`\n  help: no database is defined",
        ]
    );
}

#[test]
fn lifecycle_days_out_of_order() {
    let yaml = format!(
        "{LAKE}zones:\n  - name: raw\n    lifecycle:\n      transitions:\n        - {{ days: 90, storage_class: GLACIER }}\n        - {{ days: 60, storage_class: DEEP_ARCHIVE }}\n      expiration_days: 30\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:11:19: zones[0].lifecycle.transitions[1].days: lifecycle days out of order: 60 days comes after 90 days",
            "b.yaml:12:24: zones[0].lifecycle.expiration_days: lifecycle days out of order: expiration after 30 days is not after the last transition at 60 days",
        ]
    );
}

#[test]
fn lifecycle_classes_must_get_colder_and_respect_s3_minimums() {
    let yaml = format!(
        "{LAKE}zones:\n  - name: raw\n    lifecycle:\n      transitions:\n        - {{ days: 10, storage_class: STANDARD_IA }}\n        - {{ days: 20, storage_class: GLACIER }}\n  - name: curated\n    lifecycle:\n      transitions:\n        - {{ days: 30, storage_class: GLACIER }}\n        - {{ days: 60, storage_class: STANDARD_IA }}\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:10:19: zones[0].lifecycle.transitions[0].days: STANDARD_IA after 10 days is too early",
            "b.yaml:11:19: zones[0].lifecycle.transitions[1].days: 20 days is less than 30 days after the STANDARD_IA transition at 10 days",
            "b.yaml:16:38: zones[1].lifecycle.transitions[1].storage_class: cannot transition from Glacier to StandardIa",
        ]
    );
}

#[test]
fn weakening_a_guardrail_is_refused_with_the_lens_question() {
    let yaml = format!(
        "{LAKE}encryption:\n  mode: none\nzones:\n  - name: raw\n    versioning: false\n    encryption: sse-s3\n    public: true\n    allow_http: true\ncatalog:\n  encryption:\n    metadata: false\n    connection_passwords: false\nlake_formation:\n  iam_allowed_principals_default: true\n"
    );
    assert_eq!(
        errors(&yaml),
        vec![
            "b.yaml:7:9: encryption.mode: encryption cannot be turned off for the lake\n  help: only `sse-kms` is accepted (customer managed keys, bucket keys on); remove the field to get it\n  lens: ANALYTICS_SEC 4 (How are you securing data at rest?)",
            "b.yaml:10:17: zones[0].versioning: versioning cannot be turned off for the raw zone: raw data is immutable and must be recoverable\n  help: remove `versioning: false`; raw zones always keep object versions\n  lens: ANALYTICS_REL 3 (How do you recover from failures in your primary data warehouse?)",
            "b.yaml:11:17: zones[0].encryption: SSE-S3 is refused for zone `raw`: data must be encrypted with the lake's customer managed KMS key\n  help: only `sse-kms` is accepted (customer managed keys, bucket keys on); remove the field to get it\n  lens: ANALYTICS_SEC 4 (How are you securing data at rest?)",
            "b.yaml:12:13: zones[0].public: public access is refused for zone `raw`: all four S3 Block Public Access settings stay on\n  help: share data through Lake Formation grants or roles, never public buckets\n  lens: ANALYTICS_SEC 2 (How do you authorize access to the analytics services within your organization?)",
            "b.yaml:13:17: zones[0].allow_http: plain HTTP is refused for zone `raw`: requests without TLS 1.2 are denied\n  help: clients must use HTTPS (aws:SecureTransport) with TLS 1.2 or later\n  lens: ANALYTICS_SEC 5 (How are you securing data in transit?)",
            "b.yaml:16:15: catalog.encryption.metadata: Data Catalog metadata encryption cannot be turned off\n  help: remove the field; the catalog is encrypted with the lake's catalog key\n  lens: ANALYTICS_SEC 4 (How are you securing data at rest?)",
            "b.yaml:17:27: catalog.encryption.connection_passwords: connection password encryption cannot be turned off\n  help: remove the field; connection passwords are encrypted with the lake's catalog key\n  lens: ANALYTICS_SEC 4 (How are you securing data at rest?)",
            "b.yaml:19:35: lake_formation.iam_allowed_principals_default: IAM_ALLOWED_PRINCIPALS default permissions are refused: they bypass Lake Formation grants\n  help: remove the field; access is granted explicitly under `lake_formation.grants`\n  lens: ANALYTICS_SEC 2 (How do you authorize access to the analytics services within your organization?)",
        ]
    );
}

#[test]
fn a_lake_without_a_raw_zone_is_refused() {
    let yaml = format!("{LAKE}zones:\n  - name: curated\n");
    assert_eq!(
        first_lines(&yaml),
        vec!["b.yaml:7:3: zones: no raw zone is defined"]
    );
}

#[test]
fn reserved_zone_names_are_refused() {
    let yaml = format!("{LAKE}zones:\n  - name: raw\n  - name: access-logs\n");
    assert_eq!(
        first_lines(&yaml),
        vec!["b.yaml:8:11: zones[1].name: zone name `access-logs` is reserved"]
    );
}

#[test]
fn roles_must_have_the_purpose_their_user_needs() {
    let yaml = format!(
        "{LAKE}delivery_streams:\n  - name: d\n    zone: raw\n    prefix: x/\n    role: analyst\nroles:\n  - name: analyst\n    purpose: analyst\n    writes: [raw]\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:10:11: delivery_streams[0].role: role `analyst` has purpose Analyst, not Ingestion",
            "b.yaml:14:13: roles[0].writes: `writes` does not apply to a role with purpose Analyst"
        ]
    );
}

#[test]
fn column_grants_must_name_existing_columns() {
    let yaml = format!(
        "{LAKE}catalog:\n  databases:\n    - name: db\n      zone: curated\n      tables:\n        - name: t\n          prefix: t/\n          format: parquet\n          columns: [{{ name: id, type: string }}]\nlake_formation:\n  grants:\n    - principal: \"arn:aws:iam::123456789012:role/x\"\n      database: db\n      table: t\n      columns: [id, secret]\n      permissions: [SELECT]\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec!["b.yaml:20:21: lake_formation.grants[0].columns[1]: unknown column `secret`"]
    );
}

#[test]
fn tenant_scoped_access_needs_a_declared_tenant() {
    let yaml = format!(
        "{LAKE}zones:\n  - name: raw\n    tenants: [acme]\nroles:\n  - name: a\n    purpose: analyst\n    reads: [raw/acme, raw/initech]\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec!["b.yaml:12:23: roles[0].reads[1]: unknown tenant `initech`"]
    );
}

#[test]
fn a_bucket_name_taken_twice_is_refused_at_the_zone_that_takes_it() {
    let yaml = "lake:\n  name: retail\n  environment: prod\n  region: us-east-1\n  account_id: \"123456789012\"\n  owner: team@example.com\nzones:\n  - name: raw\n  - name: copy\n    bucket_name: retail-raw-prod-123456789012-us-east-1\n";
    assert_eq!(
        errors(yaml),
        vec![
            "b.yaml:9:11: zones[1].name: `copy` and `raw` both name the bucket `retail-raw-prod-123456789012-us-east-1`\n  help: bucket names are unique; rename one"
        ]
    );
}

#[test]
fn names_that_collide_as_logical_ids_are_refused() {
    let yaml = format!(
        "{LAKE}roles:\n  - name: a.b\n    purpose: admin\n  - name: a_b\n    purpose: admin\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:9:11: roles[1].name: `a_b` and `a.b` both become the CloudFormation logical id `RoleAB`"
        ]
    );
}

#[test]
fn control_characters_in_names_are_shown_escaped() {
    let yaml = format!("{LAKE}streams:\n  - name: \"a\\nb\\u001b[31m\"\n");
    assert_eq!(
        first_lines(&yaml),
        vec!["b.yaml:7:11: streams[0].name: invalid stream name `a\\nb\\u{1b}[31m`"]
    );
}

#[test]
fn empty_and_non_text_files_are_refused() {
    assert_eq!(
        first_lines("# only a comment\n"),
        vec!["b.yaml: (document): the blueprint is empty"]
    );
    let binary = Source::from_bytes("b.yaml".into(), vec![b'a', b'\n', 0xff, 0xfe]).unwrap_err();
    assert_eq!(
        binary.0[0].to_string().lines().next().unwrap(),
        "b.yaml:2:1: (document): the file is not UTF-8 text (invalid byte at offset 2)"
    );
    let huge = Source::from_bytes("b.yaml".into(), vec![b' '; super::MAX_BYTES + 1]).unwrap_err();
    assert!(
        huge.0[0].message.starts_with("the file is 16777217 bytes"),
        "{}",
        huge.0[0].message
    );
}

#[test]
fn not_a_mapping_is_a_located_error() {
    let lines = first_lines("- just\n- a list\n");
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("b.yaml:1:1: "), "{}", lines[0]);
}

mod never_panics {
    use proptest::prelude::*;

    use super::super::Source;
    use super::load_source;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn on_arbitrary_text(text in "\\PC{0,400}") {
            let _ = load_source(&Source::new("b.yaml", text));
        }

        #[test]
        fn on_yaml_shaped_text(text in "(lake:|zones:|  - name: |  name: |region: |\\{|\\[|\\]|\\}|&a |\\*a |!!str |\"|'|-|\n|[a-z0-9]{1,6}| ){0,60}") {
            let _ = load_source(&Source::new("b.yaml", text));
        }

        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(source) = Source::from_bytes("b.yaml".into(), bytes) {
                let _ = load_source(&source);
            }
        }
    }
}

#[test]
fn iceberg_tables_belong_in_cleansed_or_curated_zones() {
    let table = |db: &str, zone: &str| {
        format!(
            "    - name: {db}\n      zone: {zone}\n      tables:\n        - name: t\n          prefix: t/\n          format: iceberg\n          columns: [{{ name: id, type: string }}]\n"
        )
    };
    let yaml = format!(
        "{LAKE}catalog:\n  databases:\n{}{}",
        table("landing", "raw"),
        table("sales", "curated")
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:13:19: catalog.databases[0].tables[0].format: iceberg tables belong in cleansed or curated zones; the database's zone `raw` is a raw zone"
        ]
    );
}

#[test]
fn iceberg_partitioning_is_checked_against_the_columns() {
    let table = |name: &str, format: &str, extra: &str| {
        format!(
            "        - name: {name}\n          prefix: {name}/\n          format: {format}\n          columns: [{{ name: id, type: bigint }}, {{ name: at, type: date }}, {{ name: price, type: double }}, {{ name: tags, type: array<string> }}]\n{extra}"
        )
    };
    let yaml = format!(
        "{LAKE}catalog:\n  databases:\n    - name: sales\n      zone: curated\n      tables:\n{}{}",
        table("a", "parquet", "          partitioning: [day(at)]\n"),
        table(
            "b",
            "iceberg",
            "          partition_keys: [{ name: dt, type: date }]\n          partitioning: [day(at), hour(at), \"bucket(8, price)\", missing, month(at), id, id]\n"
        ),
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:15:25: catalog.databases[0].tables[0].partitioning: partition transforms are Iceberg's hidden partitioning; a parquet table partitions by directories",
            "b.yaml:19:126: catalog.databases[0].tables[1].columns[3].type: `array<string>` has no Iceberg type lakectl writes; a partitioned Iceberg table's columns must be primitive",
            "b.yaml:20:27: catalog.databases[0].tables[1].partition_keys: an Iceberg table is partitioned by `partitioning` or by `partition_keys`, not both",
            "b.yaml:21:35: catalog.databases[0].tables[1].partitioning[1]: `hour(at)` cannot partition the date column `at`: the transform takes timestamp columns",
            "b.yaml:21:45: catalog.databases[0].tables[1].partitioning[2]: `bucket(8, price)` cannot partition the double column `price`: the transform takes int, bigint, decimal, date, timestamp, string and binary columns",
            "b.yaml:21:65: catalog.databases[0].tables[1].partitioning[3]: `missing` is not a column of the table; Iceberg partitions are computed from the table's own columns",
            "b.yaml:21:74: catalog.databases[0].tables[1].partitioning[4]: `month(at)` partitions `at` by time a second time, after partitioning[0]; Iceberg allows one time transform per column",
            "b.yaml:21:89: catalog.databases[0].tables[1].partitioning[6]: `id` repeats partitioning[5]",
        ]
    );
}

#[test]
fn a_misspelt_partition_transform_lists_the_spellings() {
    let yaml = format!(
        "{LAKE}catalog:\n  databases:\n    - name: sales\n      zone: curated\n      tables:\n        - name: t\n          prefix: t/\n          format: iceberg\n          columns: [{{ name: at, type: date }}]\n          partitioning: [days(at)]\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:15:26: catalog.databases[0].tables[0].partitioning[0]: `days(at)` is not a partition field: `days` is not an Iceberg transform; write `column`, `year(column)`, `month(column)`, `day(column)`, `hour(column)`, `bucket(N, column)` or `truncate(W, column)`"
        ]
    );
}

const TABLE: &str = "catalog:\n  databases:\n    - name: db\n      zone: curated\n      tables:\n        - name: t\n          prefix: t/\n          format: parquet\n          columns: [{ name: id, type: string }, { name: email, type: string }]\nroles:\n  - name: analyst\n    purpose: analyst\n";

#[test]
fn lf_tag_references_are_checked_at_their_field() {
    let yaml = format!(
        "{LAKE}{TABLE}lake_formation:\n  tags:\n    - key: Domain\n      values: [sales]\n    - key: sensitivity\n      values: [pii, pii]\n  tag_assignments:\n    - database: db\n      table: t\n      columns: [email, nope]\n      tags: {{ sensitivity: secret, owner: x }}\n  tag_grants:\n    - principal: nobody\n      resource: database\n      expression: {{ sensitivity: [public] }}\n      permissions: [SELECT]\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:20:12: lake_formation.tags[0].key: invalid LF-tag key `Domain`",
            "b.yaml:23:21: lake_formation.tags[1].values[1]: duplicate LF-tag value `pii`",
            "b.yaml:27:24: lake_formation.tag_assignments[0].columns[1]: unknown column `nope`",
            "b.yaml:28:28: lake_formation.tag_assignments[0].tags.sensitivity: `secret` is not a value of LF-tag `sensitivity`",
            "b.yaml:28:43: lake_formation.tag_assignments[0].tags.owner: unknown LF-tag key `owner`",
            "b.yaml:30:18: lake_formation.tag_grants[0].principal: unknown role `nobody`",
            "b.yaml:32:35: lake_formation.tag_grants[0].expression.sensitivity[0]: `public` is not a value of LF-tag `sensitivity`",
            "b.yaml:33:21: lake_formation.tag_grants[0].permissions[0]: SELECT does not apply to `resource: database`",
        ]
    );
}

#[test]
fn data_cells_filters_name_existing_columns_and_include_or_exclude() {
    let yaml = format!(
        "{LAKE}{TABLE}lake_formation:\n  data_cells_filters:\n    - name: f\n      database: db\n      table: t\n      row_filter: \"\"\n      included_columns: [id]\n      excluded_columns: [secret]\n      grantees: [analyst, ghost]\n    - name: g\n      database: db\n      table: missing\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:23:19: lake_formation.data_cells_filters[0].row_filter: the row filter is empty",
            "b.yaml:25:25: lake_formation.data_cells_filters[0].excluded_columns: a filter either includes or excludes columns, not both",
            "b.yaml:25:26: lake_formation.data_cells_filters[0].excluded_columns[0]: unknown column `secret`",
            "b.yaml:26:27: lake_formation.data_cells_filters[0].grantees[1]: unknown role `ghost`",
            "b.yaml:29:14: lake_formation.data_cells_filters[1].table: unknown table `missing`",
        ]
    );
}

/// A raw database with a `clicks` table and a delivery stream into raw; `{STREAM}` and
/// `{TABLE}` are the lines each case adds to the stream and to the table.
fn conversion_lake(stream: &str, table: &str) -> String {
    format!(
        "{LAKE}delivery_streams:\n  - name: d\n    zone: raw\n    prefix: clicks/\n    role: ingest\n{stream}catalog:\n  databases:\n    - name: raw_db\n      zone: raw\n      tables:\n        - name: clicks\n          prefix: clicks/\n          columns: [{{name: id, type: string}}]\n{table}    - name: cur_db\n      zone: curated\n      tables:\n        - name: orders\n          prefix: orders/\n          format: parquet\n          columns: [{{name: id, type: string}}]\nroles:\n  - name: ingest\n    purpose: ingestion\n"
    )
}

const PARQUET: &str = "          format: parquet\n";

const HOUR_PARTITIONS: &str = "          partition_keys: [{name: event_type, type: string}, {name: year, type: string}, {name: month, type: string}, {name: day, type: string}, {name: hour, type: string}]\n";

#[test]
fn a_converting_partitioning_stream_with_its_table_is_valid() {
    let stream = "    format_conversion: {format: parquet, database: raw_db, table: clicks}\n    dynamic_partitioning:\n      keys: [{name: event_type, query: .event_type}]\n";
    let table = format!("          format: parquet\n{HOUR_PARTITIONS}");
    assert_eq!(
        errors(&conversion_lake(stream, &table)),
        Vec::<String>::new()
    );
}

#[test]
fn format_conversion_checks_its_table_zone_format_prefix_partitions_buffer_and_compression() {
    let stream = "    buffering: {size_mb: 32}\n    compression: GZIP\n    format_conversion: {format: orc, database: raw_db, table: clicks}\n";
    let table = "          format: json\n          partition_keys: [{name: year, type: string}]\n";
    assert_eq!(
        first_lines(&conversion_lake(stream, table)),
        vec![
            "b.yaml:11:26: delivery_streams[0].buffering.size_mb: a buffer size of 32 MiB is too small for record format conversion",
            "b.yaml:12:18: delivery_streams[0].compression: record format conversion writes compressed Parquet/ORC; Firehose-level compression must be off",
            "b.yaml:13:33: delivery_streams[0].format_conversion.format: table `clicks` is declared json, but the stream converts to orc",
            "b.yaml:13:63: delivery_streams[0].format_conversion.table: table `clicks` is partitioned by [year], but the stream writes partitions [year, month, day, hour]",
        ]
    );
    let help = errors(&conversion_lake(stream, table)).join("\n");
    assert!(help.contains("help: AWS: format conversion needs a buffer size of at least 64 MiB; set `buffering.size_mb: 64` or more"), "{help}");
    assert!(help.contains("help: AWS: \"Amazon S3 compression gets disabled when you enable format conversion. However, Snappy compression happens automatically as part of the conversion process\""), "{help}");
}

#[test]
fn format_conversion_references_a_declared_table_in_the_stream_zone() {
    let wrong_zone = "    format_conversion: {format: parquet, database: cur_db, table: orders}\n";
    let missing_table =
        "    format_conversion: {format: parquet, database: raw_db, table: views}\n";
    let missing_database =
        "    format_conversion: {format: parquet, database: nowhere, table: x}\n";
    assert_eq!(
        first_lines(&conversion_lake(wrong_zone, PARQUET)),
        vec![
            "b.yaml:11:52: delivery_streams[0].format_conversion.database: database `cur_db` is in zone `curated`, but the delivery stream writes to zone `raw`",
            "b.yaml:11:67: delivery_streams[0].format_conversion.table: table `orders` reads prefix `orders/`, but the stream writes under `clicks/`",
            "b.yaml:11:67: delivery_streams[0].format_conversion.table: table `orders` is partitioned by [], but the stream writes partitions [year, month, day, hour]",
        ]
    );
    assert_eq!(
        errors(&conversion_lake(missing_table, PARQUET)),
        vec![
            "b.yaml:11:67: delivery_streams[0].format_conversion.table: unknown table `views`\n  help: defined tables: clicks"
        ]
    );
    assert_eq!(
        first_lines(&conversion_lake(missing_database, PARQUET)),
        vec![
            "b.yaml:11:52: delivery_streams[0].format_conversion.database: unknown database `nowhere`"
        ]
    );
}

#[test]
fn dynamic_partitioning_checks_its_keys_buffering_and_retries() {
    let stream = "    buffering: {size_mb: 8, interval_seconds: 0}\n    dynamic_partitioning:\n      retry_seconds: 9000\n      keys:\n        - {name: Type, query: .type}\n        - {name: hour, query: .h}\n        - {name: k, query: '.a, .b'}\n        - {name: k, query: .k}\n";
    assert_eq!(
        first_lines(&conversion_lake(stream, PARQUET)),
        vec![
            "b.yaml:11:26: delivery_streams[0].buffering.size_mb: a buffer size of 8 MiB is too small for dynamic partitioning",
            "b.yaml:11:47: delivery_streams[0].buffering.interval_seconds: a buffer interval of 0 s is not possible with dynamic partitioning",
            "b.yaml:13:22: delivery_streams[0].dynamic_partitioning.retry_seconds: a retry duration of 9000 s is out of range",
            "b.yaml:15:18: delivery_streams[0].dynamic_partitioning.keys[0].name: invalid partition key `Type`",
            "b.yaml:16:18: delivery_streams[0].dynamic_partitioning.keys[1].name: partition key `hour` is a time partition",
            "b.yaml:17:28: delivery_streams[0].dynamic_partitioning.keys[2].query: invalid JQ query `.a, .b`",
            "b.yaml:18:18: delivery_streams[0].dynamic_partitioning.keys[3].name: duplicate partition key `k`",
        ]
    );
    let none = "    dynamic_partitioning: {keys: []}\n";
    assert_eq!(
        first_lines(&conversion_lake(none, PARQUET)),
        vec![
            "b.yaml:11:34: delivery_streams[0].dynamic_partitioning.keys: dynamic partitioning needs at least one key"
        ]
    );
}

#[test]
fn job_errors_are_located() {
    let yaml = format!(
        "{LAKE}roles:\n  - name: etl\n    purpose: etl\n    reads: [raw]\n  - name: crawler\n    purpose: crawler\njobs:\n  - name: a\n    script: blueprints/etl/clean_pos.py\n    role: crawler\n    glue_version: \"2.0\"\n    workers: 1\n    worker_type: G.4X\n    execution_class: flex\n    timeout_minutes: 0\n    max_retries: 11\n    arguments:\n      --job-bookmark-option: job-bookmark-disable\n      db_name: x\n      --db-password: hunter2\n  - name: a\n    script: blueprints/etl/build_sales.py\n    role: etl\n    notify_delay_minutes: 90\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:15:11: jobs[0].role: role `crawler` has purpose Crawler, not Etl",
            "b.yaml:16:19: jobs[0].glue_version: Glue version `2.0` is not supported",
            "b.yaml:17:14: jobs[0].workers: 1 workers is out of range",
            "b.yaml:19:22: jobs[0].execution_class: flex execution runs on G.1X and G.2X workers only, not G.4X",
            "b.yaml:20:22: jobs[0].timeout_minutes: a timeout of 0 minutes is out of range",
            "b.yaml:21:18: jobs[0].max_retries: 11 retries is out of range",
            "b.yaml:23:30: jobs[0].arguments.--job-bookmark-option: argument `--job-bookmark-option` is set by lakectl",
            "b.yaml:24:16: jobs[0].arguments.db_name: argument `db_name` does not start with `--`",
            "b.yaml:25:22: jobs[0].arguments.--db-password: argument `--db-password` looks like a credential; job arguments are readable by anyone who can read the job",
            "b.yaml:26:11: jobs[1].name: duplicate job `a`",
            "b.yaml:29:27: jobs[1].notify_delay_minutes: a delay notification after 90 minutes never fires before the 60-minute timeout",
        ]
    );
}

/// Scripts are checked once the rest is valid: relative to the blueprint's directory (here the
/// working directory, as for text not read from a file).
#[test]
fn a_missing_job_script_is_located() {
    let yaml = format!(
        "{LAKE}roles:\n  - name: etl\n    purpose: etl\n    reads: [raw]\njobs:\n  - name: a\n    script: etl/nowhere.py\n    role: etl\n"
    );
    let lines = first_lines(&yaml);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("b.yaml:12:13: jobs[0].script: cannot read job script `etl/nowhere.py` (etl/nowhere.py): "),
        "{lines:?}"
    );
}

#[test]
fn workflow_errors_are_located() {
    let yaml = format!(
        "{LAKE}roles:\n  - name: etl\n    purpose: etl\n    reads: [raw]\n  - name: crawler\n    purpose: crawler\ncatalog:\n  databases:\n    - name: raw_db\n      zone: raw\n  crawlers:\n    - name: nightly\n      database: raw_db\n      prefixes: [pos/]\n      schedule: cron(0 2 * * ? *)\n      role: crawler\njobs:\n  - name: clean\n    script: blueprints/etl/clean_pos.py\n    role: etl\nworkflows:\n  - name: daily\n    schedule: daily\n    steps:\n      - crawler: nightly\n      - job: clean\n        after: [nightly, build]\n      - crawler: nightly\n        job: clean\n      - job: clean\n        after: [clean]\n  - name: loop\n    steps:\n      - job: clean\n        after: [clean]\n  - name: empty\n    steps: []\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:28:15: workflows[0].schedule: invalid schedule `daily`",
            "b.yaml:30:18: workflows[0].steps[0].crawler: crawler `nightly` has a schedule of its own, so it would also run outside the workflow",
            "b.yaml:32:26: workflows[0].steps[1].after[1]: unknown step of this workflow `build`",
            "b.yaml:33:9: workflows[0].steps[2]: a step runs exactly one crawler or one job",
            "b.yaml:35:9: workflows[0].steps[3]: duplicate step `clean`",
            "b.yaml:36:17: workflows[0].steps[3].after[0]: step `clean` cannot wait for itself",
            "b.yaml:40:17: workflows[1].steps[0].after[0]: step `clean` cannot wait for itself",
            "b.yaml:42:12: workflows[2].steps: a workflow needs at least one step",
        ]
    );
}

#[test]
fn workflow_cycles_are_named() {
    let yaml = format!(
        "{LAKE}roles:\n  - name: etl\n    purpose: etl\n    reads: [raw]\njobs:\n  - name: a\n    script: blueprints/etl/clean_pos.py\n    role: etl\n  - name: b\n    script: blueprints/etl/build_sales.py\n    role: etl\nworkflows:\n  - name: loop\n    steps:\n      - job: a\n        after: [b]\n      - job: b\n        after: [a]\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:20:7: workflows[0].steps: the steps wait for each other in a cycle: a → b → a"
        ]
    );
}

#[test]
fn start_on_errors_are_located() {
    let yaml = format!(
        "{LAKE}roles:\n  - name: etl\n    purpose: etl\n    reads: [raw]\n  - name: pos-daily-events\n    purpose: crawler\njobs:\n  - name: clean\n    script: blueprints/etl/clean_pos.py\n    role: etl\nworkflows:\n  - name: pos-daily\n    schedule: cron(0 2 * * ? *)\n    start_on:\n      zone: landing\n      prefix: /pos\n      batch_size: 0\n      batch_window_seconds: 901\n    steps:\n      - job: clean\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:20:7: workflows[0].start_on: a workflow starts either on a `schedule` or on new objects (`start_on`), not both",
            "b.yaml:20:7: workflows[0].start_on: the role `pos-daily-events` of `roles` has the name lakectl gives this workflow's EventBridge role",
            "b.yaml:20:13: workflows[0].start_on.zone: unknown zone `landing`",
            "b.yaml:21:15: workflows[0].start_on.prefix: prefix `/pos` must end in `/` and not start with `/`",
            "b.yaml:22:19: workflows[0].start_on.batch_size: batch_size 0 is out of range",
            "b.yaml:23:29: workflows[0].start_on.batch_window_seconds: batch_window_seconds 901 is out of range",
        ]
    );
}

#[test]
fn a_workflow_started_on_objects_validates() {
    let yaml = format!(
        "{LAKE}roles:\n  - name: etl\n    purpose: etl\n    reads: [raw]\njobs:\n  - name: clean\n    script: blueprints/etl/clean_pos.py\n    role: etl\nworkflows:\n  - name: pos-daily\n    start_on: {{zone: raw, prefix: pos/}}\n    steps:\n      - job: clean\n"
    );
    assert_eq!(errors(&yaml), Vec::<String>::new());
}

#[test]
fn a_trail_prefix_is_checked_where_it_is_written() {
    let yaml = format!("{LAKE}trail:\n  prefix: /logs/\n");
    assert_eq!(
        errors(&yaml),
        vec![
            "b.yaml:7:11: trail.prefix: the trail's prefix must be non-empty, without a leading or trailing `/`\n  help: e.g. `cloudtrail` or `audit/cloudtrail`"
        ]
    );
    let yaml = format!("{LAKE}trail:\n  prefix: a//b\n");
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:7:11: trail.prefix: the trail's prefix must have at most 200 characters and no empty segment (`//`)"
        ]
    );
    let yaml = format!("{LAKE}trail:\n  prefix: \"logs?\"\n");
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:7:11: trail.prefix: the trail's prefix `logs?` has characters S3 keys should avoid"
        ]
    );
    assert_eq!(
        errors(&format!("{LAKE}trail: {{}}\n")),
        Vec::<String>::new()
    );
}

#[test]
fn decrypters_name_roles_or_principals_but_never_the_account_root() {
    let yaml = format!(
        "{LAKE}encryption:\n  decrypters:\n    - arn:aws:iam::123456789012:root\n    - auditor\n    - arn:aws:iam::123456789012:role/ci-planner\n"
    );
    assert_eq!(
        first_lines(&yaml),
        vec![
            "b.yaml:8:7: encryption.decrypters[0]: the account root cannot be a decrypter: it would let any IAM policy in the account grant decryption",
            "b.yaml:9:7: encryption.decrypters[1]: unknown role `auditor`",
        ]
    );
}
