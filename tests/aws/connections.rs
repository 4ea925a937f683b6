//! Glue connections, live: `audit --all` judges each connection of the region by LK-GLUE-012
//! (SSL) and LK-GLUE-013 (credentials in Secrets Manager) with exact messages, and never
//! reads or prints a stored password. And the emulator's gaps around connections.

use std::collections::BTreeSet;

use aws_sdk_glue::types as g;

use super::lake::{ACCOUNT, lakectl};
use crate::support::emulators::local_aws;
use crate::support::names::unique;

/// A region no other test audits, so `--all` sees the connections of this test and of
/// earlier runs only (their names carry another run's prefix).
const REGION: &str = "eu-west-2";
const PASSWORD: &str = "never-printed-7f3a";

async fn glue(region: &str) -> aws_sdk_glue::Client {
    local_aws();
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.to_string()))
        .load()
        .await;
    aws_sdk_glue::Client::new(&config)
}

async fn create(
    glue: &aws_sdk_glue::Client,
    name: &str,
    kind: g::ConnectionType,
    props: &[(&str, &str)],
) {
    // The SDK requires the map, even empty (a NETWORK connection has no properties).
    let props = (props.iter())
        .map(|(k, v)| (g::ConnectionPropertyKey::from(*k), v.to_string()))
        .collect();
    let input = g::ConnectionInput::builder()
        .name(name)
        .connection_type(kind)
        .set_connection_properties(Some(props));
    glue.create_connection()
        .connection_input(input.build().unwrap())
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn audit_all_judges_connections_and_never_prints_a_password() {
    let glue = glue(REGION).await;
    let p = unique("conn");
    let url = "jdbc:mysql://orders.internal:3306/orders";
    create(
        &glue,
        &format!("{p}-good"),
        g::ConnectionType::Jdbc,
        &[
            ("JDBC_CONNECTION_URL", url),
            ("JDBC_ENFORCE_SSL", "true"),
            ("SECRET_ID", "orders/etl"),
        ],
    )
    .await;
    create(
        &glue,
        &format!("{p}-plain"),
        g::ConnectionType::Jdbc,
        &[
            ("JDBC_CONNECTION_URL", url),
            ("USERNAME", "etl"),
            ("PASSWORD", PASSWORD),
        ],
    )
    .await;
    create(
        &glue,
        &format!("{p}-kafka"),
        g::ConnectionType::Kafka,
        &[
            ("KAFKA_BOOTSTRAP_SERVERS", "broker.internal:9094"),
            ("KAFKA_SSL_ENABLED", "false"),
        ],
    )
    .await;
    create(&glue, &format!("{p}-vpc"), g::ConnectionType::Network, &[]).await;

    let run = lakectl(
        &[
            "audit",
            "--all",
            "--region",
            REGION,
            "--rule",
            "LK-GLUE-012,LK-GLUE-013",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        !run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD),
        "the audit printed a stored password"
    );
    let report = run.json();
    let arn = |suffix: &str| format!("arn:aws:glue:{REGION}:{ACCOUNT}:connection/{p}-{suffix}");
    let found: BTreeSet<(String, String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["resource"]["arn"].as_str().unwrap().contains(&p))
        .map(|f| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
            (
                s(&f["rule"]),
                s(&f["resource"]["arn"]),
                s(&f["status"]),
                s(&f["message"]),
            )
        })
        .collect();
    let row = |rule: &str, suffix: &str, status: &str, message: &str| {
        (
            rule.to_string(),
            arn(suffix),
            status.to_string(),
            message.to_string(),
        )
    };
    // moto reports no connection type (see below): JDBC and Kafka are told by their
    // properties, and a NETWORK connection, which has none, is unknown to the SSL rule.
    let no_type = "connection type: GetConnections reported no connection type";
    assert_eq!(
        found,
        BTreeSet::from([
            row("LK-GLUE-012", "good", "pass", ""),
            row("LK-GLUE-013", "good", "pass", ""),
            row(
                "LK-GLUE-012",
                "plain",
                "fail",
                "JDBC connection to orders.internal:3306 does not enforce SSL (`JDBC_ENFORCE_SSL` is not `true`)"
            ),
            row(
                "LK-GLUE-013",
                "plain",
                "fail",
                "stores a user name (`USERNAME`) and its password in the connection instead of a Secrets Manager secret (`SECRET_ID`)"
            ),
            row(
                "LK-GLUE-012",
                "kafka",
                "fail",
                "Kafka connection turns SSL off (`KAFKA_SSL_ENABLED` is `false`)"
            ),
            row("LK-GLUE-013", "kafka", "pass", ""),
            row("LK-GLUE-012", "vpc", "unknown", no_type),
            row("LK-GLUE-013", "vpc", "pass", ""),
        ])
    );
}

/// moto has no DeleteConnection: it answers HTTP 500 ("not implemented"), so tests cannot
/// remove the connections they create and give each a run-unique name instead.
#[tokio::test]
async fn moto_delete_connection_is_not_implemented() {
    let glue = glue("us-east-1").await;
    let name = unique("conn-gap");
    create(&glue, &name, g::ConnectionType::Network, &[]).await;
    let err = glue
        .delete_connection()
        .connection_name(&name)
        .send()
        .await
        .unwrap_err();
    let status = err.raw_response().map(|r| r.status().as_u16());
    assert_eq!(status, Some(500), "{err:?}");
}

/// moto's GetConnection and GetConnections leave out `ConnectionType`, which Glue always
/// returns: the inventory tells JDBC and Kafka connections by their properties.
#[tokio::test]
async fn moto_get_connection_omits_the_connection_type() {
    let glue = glue("us-east-1").await;
    let name = unique("conn-gap-kind");
    create(
        &glue,
        &name,
        g::ConnectionType::Jdbc,
        &[("JDBC_CONNECTION_URL", "jdbc:mysql://h.internal/d")],
    )
    .await;
    let read = glue
        .get_connection()
        .name(&name)
        .hide_password(true)
        .send()
        .await
        .unwrap();
    let connection = read.connection().unwrap();
    assert_eq!(connection.name(), Some(name.as_str()));
    assert_eq!(connection.connection_type(), None);
}

/// moto's CreateConnection validates neither the type nor the properties a type needs: a
/// type Glue does not have, and a JDBC connection without its URL, are both accepted.
#[tokio::test]
async fn moto_create_connection_accepts_what_glue_refuses() {
    let glue = glue("us-east-1").await;
    let bogus = unique("conn-gap-type");
    create(&glue, &bogus, g::ConnectionType::from("NOT_A_TYPE"), &[]).await;
    let no_url = unique("conn-gap-url");
    create(&glue, &no_url, g::ConnectionType::Jdbc, &[]).await;
}
