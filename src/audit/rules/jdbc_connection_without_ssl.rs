//! LK-GLUE-012: Glue JDBC connections enforce SSL, and Kafka connections keep SSL on.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{ConnectionProperties, ConnectionType, Model};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-012",
    name: "jdbc-connection-without-ssl",
    title: "Glue JDBC connections enforce SSL, and Kafka connections do not turn SSL off",
    severity: Severity::High,
    service: Service::Glue,
    lens: &[ids::SEC_IN_TRANSIT],
    rationale: "The Analytics Lens secures data in transit between every pair of services (ANALYTICS_SEC 5), and a Glue connection is where a crawler or job leaves AWS's signed HTTPS APIs for a database's own protocol. Unless `JDBC_ENFORCE_SSL` is `true`, Glue connects without TLS whenever the database allows it, so rows and the database credentials cross the network readable and alterable by anyone on the path; with it, Glue refuses a connection that is not encrypted and checks the server's certificate. The same holds for Kafka (the lens: \"configure the Kafka instances to use SSL to encrypt data in transit\"), whose connections use SSL unless `KAFKA_SSL_ENABLED` is `false`.",
    remediation: "Set the connection property `JDBC_ENFORCE_SSL` to `true` (UpdateConnection, or \"Require SSL connection\" in the console) once the database presents a certificate Glue trusts (`CUSTOM_JDBC_CERT` names a private CA's certificate in S3); for a Kafka connection, remove `KAFKA_SSL_ENABLED: false`. The blueprint declares no connections yet, so lakectl cannot fix a connection it did not create.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "A blueprint declares no connections yet: nothing to judge.",
        blueprint: "A lake's connections are not read: a blueprint declares none yet (the account scope judges every connection).",
        account: "Every connection of the region (GetConnections): JDBC ones must set `JDBC_ENFORCE_SSL` to `true`, Kafka ones must not set `KAFKA_SSL_ENABLED` to `false`; other types are not applicable.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for connection in &model.catalog.connections {
        let resource = Resource::connection(&model.lake, connection);
        let Some(kind) = out.known(&resource, "connection type", &connection.connection_type)
        else {
            continue;
        };
        if let Some(reason) = not_applicable(kind) {
            out.not_applicable(resource, reason);
            continue;
        }
        let Some(properties) =
            out.known(&resource, "connection properties", &connection.properties)
        else {
            continue;
        };
        match shortfall(kind, properties) {
            None => out.pass(resource),
            Some(message) => out.fail(resource, message),
        }
    }
}

/// Why the rule does not judge a type: only JDBC and Kafka connections have an SSL property.
fn not_applicable(connection_type: &ConnectionType) -> Option<String> {
    match connection_type {
        ConnectionType::Jdbc | ConnectionType::Kafka => None,
        ConnectionType::Network => Some(
            "a NETWORK connection only places a job in a VPC: it opens no data-store session to encrypt"
                .to_string(),
        ),
        ConnectionType::Other(name) => Some(format!(
            "a {name} connection has no SSL property in Glue: its URL or the job's options decide"
        )),
    }
}

fn shortfall(kind: &ConnectionType, p: &ConnectionProperties) -> Option<String> {
    match kind {
        ConnectionType::Jdbc if !p.jdbc_enforce_ssl => Some(match &p.jdbc_host {
            Some(host) => format!(
                "JDBC connection to {host} does not enforce SSL (`JDBC_ENFORCE_SSL` is not `true`)"
            ),
            None => "JDBC connection does not enforce SSL (`JDBC_ENFORCE_SSL` is not `true`)"
                .to_string(),
        }),
        ConnectionType::Kafka if p.kafka_ssl_enabled == Some(false) => {
            Some("Kafka connection turns SSL off (`KAFKA_SSL_ENABLED` is `false`)".to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let name = model.catalog.connections[0].name.clone();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);

        connection_properties(&mut model).jdbc_enforce_ssl = false;
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "JDBC connection to orders.internal:5432 does not enforce SSL (`JDBC_ENFORCE_SSL` is not `true`)"
            )]
        );
        connection_properties(&mut model).jdbc_host = None;
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "JDBC connection does not enforce SSL (`JDBC_ENFORCE_SSL` is not `true`)"
            )]
        );

        model.catalog.connections[0].properties = unknown_prop("glue:GetConnections");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &name,
                "connection properties: AccessDenied on glue:GetConnections"
            )]
        );
        model.catalog.connections[0].connection_type = unknown_prop("glue:GetConnection");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &name,
                "connection type: AccessDenied on glue:GetConnection"
            )]
        );
    }

    #[test]
    fn kafka_fails_only_when_ssl_is_turned_off() {
        let mut model = compliant_model();
        let name = model.catalog.connections[0].name.clone();
        model.catalog.connections[0].connection_type = Prop::Known(ConnectionType::Kafka);
        // JDBC_ENFORCE_SSL means nothing to a Kafka connection; unset KAFKA_SSL_ENABLED is on.
        connection_properties(&mut model).jdbc_enforce_ssl = false;
        assert_eq!(problems(&RULE, &model), vec![]);
        connection_properties(&mut model).kafka_ssl_enabled = Some(true);
        assert_eq!(problems(&RULE, &model), vec![]);
        connection_properties(&mut model).kafka_ssl_enabled = Some(false);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "Kafka connection turns SSL off (`KAFKA_SSL_ENABLED` is `false`)"
            )]
        );
    }

    #[test]
    fn network_and_other_types_are_not_applicable() {
        let mut model = compliant_model();
        let name = model.catalog.connections[0].name.clone();
        connection_properties(&mut model).jdbc_enforce_ssl = false;
        model.catalog.connections[0].connection_type = Prop::Known(ConnectionType::Network);
        assert_eq!(
            outcomes(&RULE, &model),
            vec![na(
                &name,
                "a NETWORK connection only places a job in a VPC: it opens no data-store session to encrypt"
            )]
        );
        model.catalog.connections[0].connection_type =
            Prop::Known(ConnectionType::Other("MONGODB".into()));
        assert_eq!(
            outcomes(&RULE, &model),
            vec![na(
                &name,
                "a MONGODB connection has no SSL property in Glue: its URL or the job's options decide"
            )]
        );
    }
}
