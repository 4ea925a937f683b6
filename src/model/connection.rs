//! Glue connections: how crawlers and jobs reach a data store outside S3 (a database over
//! JDBC, a Kafka cluster, a VPC). The model keeps what the audit judges, never a credential:
//! whether traffic is encrypted and whether a user name (and so a password) is stored in the
//! connection instead of a Secrets Manager secret.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Prop;

/// Glue's `ConnectionType`. Types lakectl has no rule for keep Glue's own name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionType {
    Jdbc,
    Kafka,
    /// A VPC, subnet and security group only: no data-store protocol of its own.
    Network,
    Other(String),
}

impl ConnectionType {
    /// The type as Glue names it (`JDBC`, `KAFKA`, `NETWORK`, …).
    pub fn parse(glue: &str) -> Self {
        match glue {
            "JDBC" => ConnectionType::Jdbc,
            "KAFKA" => ConnectionType::Kafka,
            "NETWORK" => ConnectionType::Network,
            other => ConnectionType::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            ConnectionType::Jdbc => "JDBC",
            ConnectionType::Kafka => "KAFKA",
            ConnectionType::Network => "NETWORK",
            ConnectionType::Other(name) => name,
        }
    }
}

impl fmt::Display for ConnectionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Glue connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub name: String,
    pub logical_id: String,
    pub connection_type: Prop<ConnectionType>,
    pub properties: Prop<ConnectionProperties>,
}

/// The connection properties the audit judges, typed. Read with `HidePassword`, so a
/// password is never among them; a stored user name is the sign that one is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionProperties {
    /// Host and port of `JDBC_CONNECTION_URL` (`db.internal:5432`), without the database,
    /// parameters or user information the rest of the URL may carry.
    pub jdbc_host: Option<String>,
    /// `JDBC_ENFORCE_SSL` is `true`. Glue's default is `false`.
    pub jdbc_enforce_ssl: bool,
    /// `KAFKA_SSL_ENABLED`, `None` when unset (Glue's default is `true`).
    pub kafka_ssl_enabled: Option<bool>,
    /// `SECRET_ID` names a Secrets Manager secret holding the credentials.
    pub secret_id: bool,
    /// The property that stores a user name in the connection (`USERNAME`, or a Kafka SASL
    /// user name), whose password Glue stores beside it.
    pub stored_user_name: Option<String>,
}

/// Properties that store a user name whose password Glue keeps in the same connection.
pub const USER_NAME_PROPERTIES: [&str; 3] = [
    "USERNAME",
    "KAFKA_SASL_SCRAM_USERNAME",
    "KAFKA_SASL_PLAIN_USERNAME",
];

/// `host[:port]` of a JDBC URL, whatever the driver's syntax: `jdbc:postgresql://h:5432/db`,
/// `jdbc:sqlserver://h:1433;databaseName=db`, `jdbc:oracle:thin:@h:1521:SID`,
/// `jdbc:oracle:thin:@//h:1521/svc`. User information (`user:pass@h`) is dropped.
pub fn jdbc_host(url: &str) -> Option<String> {
    let rest = url.strip_prefix("jdbc:")?;
    let (authority, colon_separated) = match rest.split_once("//") {
        Some((_, after)) => (after, false),
        // Oracle's thin syntax has no `//`: `thin:@host:port:SID`.
        None => (rest.split_once('@')?.1, true),
    };
    let authority = authority.split(['/', ';', '?']).next().unwrap_or_default();
    let mut host = authority.rsplit('@').next().unwrap_or_default();
    if colon_separated
        && let Some((host_port, _sid)) = host.rsplit_once(':')
        && host_port.contains(':')
    {
        host = host_port;
    }
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jdbc_hosts_keep_host_and_port_only() {
        let cases = [
            (
                "jdbc:postgresql://db.internal:5432/sales",
                Some("db.internal:5432"),
            ),
            (
                "jdbc:mysql://db.internal/sales?useSSL=true",
                Some("db.internal"),
            ),
            (
                "jdbc:sqlserver://sql.internal:1433;databaseName=sales",
                Some("sql.internal:1433"),
            ),
            (
                "jdbc:oracle:thin:@ora.internal:1521:ORCL",
                Some("ora.internal:1521"),
            ),
            (
                "jdbc:oracle:thin:@//ora.internal:1521/svc",
                Some("ora.internal:1521"),
            ),
            (
                "jdbc:redshift://admin:pw@rs.internal:5439/dev",
                Some("rs.internal:5439"),
            ),
            ("postgresql://db.internal/sales", None),
            ("jdbc:postgresql:///sales", None),
        ];
        for (url, host) in cases {
            assert_eq!(jdbc_host(url).as_deref(), host, "{url}");
        }
    }

    #[test]
    fn connection_types_keep_glue_names() {
        for name in ["JDBC", "KAFKA", "NETWORK", "MONGODB"] {
            assert_eq!(ConnectionType::parse(name).as_str(), name);
        }
        assert_eq!(
            ConnectionType::parse("MONGODB"),
            ConnectionType::Other("MONGODB".into())
        );
    }
}
