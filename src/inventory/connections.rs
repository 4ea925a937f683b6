//! Glue connections of the region, typed for the audit.

use std::collections::HashMap;

use aws_sdk_glue::types as g;

use super::ctx::Ctx;
use super::glue::paginate;
use crate::aws::{CallError, Service};
use crate::model::connection::{USER_NAME_PROPERTIES, jdbc_host};
use crate::model::{Connection, ConnectionProperties, ConnectionType, Prop, naming};

/// Every connection of the region; a failed listing is reported by the audit, not read as
/// "no connections".
pub(super) async fn read_all(ctx: &Ctx<'_>) -> Vec<Connection> {
    ctx.listed(list(ctx).await)
        .iter()
        .map(connection_of)
        .collect()
}

async fn list(ctx: &Ctx<'_>) -> Result<Vec<g::Connection>, CallError> {
    // `HidePassword`: the audit only needs to know that credentials are stored, never their
    // value, and a password that is never fetched cannot end up in a log, a saved model or a
    // report. It also spares the caller kms:Decrypt on the catalog's connection password key.
    paginate!(
        ctx,
        "GetConnections",
        "connections",
        |token| ctx
            .aws
            .glue
            .get_connections()
            .max_results(1000)
            .hide_password(true)
            .set_next_token(token.clone())
            .send(),
        |out| out.connection_list()
    )
}

pub(super) fn connection_of(c: &g::Connection) -> Connection {
    let name = c.name().unwrap_or_default();
    let properties: HashMap<&str, &str> = (c.connection_properties().into_iter().flatten())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Connection {
        name: name.to_string(),
        logical_id: naming::logical_id(name),
        connection_type: type_of(c.connection_type(), &properties),
        properties: Prop::Known(properties_of(&properties)),
    }
}

/// The type Glue reports. Glue always reports one, but an endpoint may leave it out (moto
/// does): then the property only that type has names it, and without one it is unknown.
fn type_of(
    reported: Option<&g::ConnectionType>,
    props: &HashMap<&str, &str>,
) -> Prop<ConnectionType> {
    if let Some(t) = reported {
        return Prop::Known(ConnectionType::parse(t.as_str()));
    }
    if props.contains_key("JDBC_CONNECTION_URL") {
        Prop::Known(ConnectionType::Jdbc)
    } else if props.contains_key("KAFKA_BOOTSTRAP_SERVERS") {
        Prop::Known(ConnectionType::Kafka)
    } else {
        Prop::unknown("GetConnections reported no connection type")
    }
}

/// The typed properties; a property Glue stores as text is `true` only when it says so.
fn properties_of(props: &HashMap<&str, &str>) -> ConnectionProperties {
    let flag = |key: &str| {
        props
            .get(key)
            .map(|v| v.trim().eq_ignore_ascii_case("true"))
    };
    ConnectionProperties {
        jdbc_host: props.get("JDBC_CONNECTION_URL").and_then(|u| jdbc_host(u)),
        jdbc_enforce_ssl: flag("JDBC_ENFORCE_SSL").unwrap_or(false),
        kafka_ssl_enabled: flag("KAFKA_SSL_ENABLED"),
        secret_id: props.get("SECRET_ID").is_some_and(|s| !s.trim().is_empty()),
        stored_user_name: (USER_NAME_PROPERTIES.iter())
            .find(|key| props.get(**key).is_some_and(|v| !v.is_empty()))
            .map(|key| key.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// moto leaves the type out of GetConnections: the properties name JDBC and Kafka.
    #[test]
    fn a_missing_type_comes_from_the_properties_or_is_unknown() {
        let jdbc = HashMap::from([("JDBC_CONNECTION_URL", "jdbc:mysql://h/d")]);
        assert_eq!(type_of(None, &jdbc), Prop::Known(ConnectionType::Jdbc));
        let kafka = HashMap::from([("KAFKA_BOOTSTRAP_SERVERS", "b:9094")]);
        assert_eq!(type_of(None, &kafka), Prop::Known(ConnectionType::Kafka));
        assert_eq!(
            type_of(None, &HashMap::new()).reason(),
            Some("GetConnections reported no connection type")
        );
        let network = g::ConnectionType::Network;
        assert_eq!(
            type_of(Some(&network), &jdbc),
            Prop::Known(ConnectionType::Network)
        );
    }

    fn connection(kind: g::ConnectionType, props: &[(&str, &str)]) -> g::Connection {
        (props.iter())
            .fold(
                g::Connection::builder().name("sales").connection_type(kind),
                |b, (k, v)| b.connection_properties(g::ConnectionPropertyKey::from(*k), *v),
            )
            .build()
    }

    #[test]
    fn jdbc_connections_read_host_ssl_secret_and_stored_user() {
        let read = connection_of(&connection(
            g::ConnectionType::Jdbc,
            &[
                (
                    "JDBC_CONNECTION_URL",
                    "jdbc:postgresql://db.internal:5432/sales",
                ),
                ("JDBC_ENFORCE_SSL", "TRUE"),
                ("USERNAME", "etl"),
                ("SECRET_ID", "sales/etl"),
            ],
        ));
        assert_eq!(read.name, "sales");
        assert_eq!(read.connection_type, Prop::Known(ConnectionType::Jdbc));
        assert_eq!(
            read.properties,
            Prop::Known(ConnectionProperties {
                jdbc_host: Some("db.internal:5432".into()),
                jdbc_enforce_ssl: true,
                kafka_ssl_enabled: None,
                secret_id: true,
                stored_user_name: Some("USERNAME".into()),
            })
        );
    }

    #[test]
    fn unset_or_unrecognised_flags_are_not_true() {
        let read = connection_of(&connection(
            g::ConnectionType::Kafka,
            &[
                ("JDBC_ENFORCE_SSL", "yes"),
                ("KAFKA_SSL_ENABLED", "false"),
                ("KAFKA_SASL_SCRAM_USERNAME", "producer"),
                ("SECRET_ID", " "),
            ],
        ));
        assert_eq!(read.connection_type, Prop::Known(ConnectionType::Kafka));
        assert_eq!(
            read.properties,
            Prop::Known(ConnectionProperties {
                jdbc_host: None,
                jdbc_enforce_ssl: false,
                kafka_ssl_enabled: Some(false),
                secret_id: false,
                stored_user_name: Some("KAFKA_SASL_SCRAM_USERNAME".into()),
            })
        );
        let bare = connection_of(&connection(g::ConnectionType::Network, &[]));
        assert_eq!(bare.connection_type, Prop::Known(ConnectionType::Network));
        assert_eq!(
            bare.properties,
            Prop::Known(ConnectionProperties {
                jdbc_host: None,
                jdbc_enforce_ssl: false,
                kafka_ssl_enabled: None,
                secret_id: false,
                stored_user_name: None,
            })
        );
    }
}
