//! LK-GLUE-013: Glue connections take their credentials from Secrets Manager, not from a user
//! name and password stored in the connection.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{ConnectionProperties, Model};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-013",
    name: "connection-credentials-not-in-secrets-manager",
    title: "Glue connections reference a Secrets Manager secret instead of storing a user name and password",
    severity: Severity::Medium,
    service: Service::Glue,
    lens: &[ids::OPS_EVOLVE],
    rationale: "The lens: \"Use AWS Secrets Manager to store database credentials and other secrets so you can easily rotate, manage, and retrieve the secrets and credentials from your analytics application code\" (ANALYTICS_OPS 05). A password stored in a Glue connection is returned by GetConnection to anyone who may read the connection (in the clear unless the catalog encrypts connection passwords, LK-GLUE-002), cannot rotate, and must be edited in every connection that shares it. A connection that names a secret (`SECRET_ID`) holds no password at all: the secret is encrypted, access-controlled, audited and rotated on its own. The audit reads connections without their passwords (`HidePassword`), so a stored user name (`USERNAME`, or a Kafka SASL user name) is the sign that its password is stored beside it.",
    remediation: "Store the credentials in a Secrets Manager secret (keys `username` and `password`), grant the crawler's or job's role `secretsmanager:GetSecretValue` on it, set the connection's `SECRET_ID` to the secret's name and remove `USERNAME` and `PASSWORD` from the connection (UpdateConnection); then rotate the password that was stored. The blueprint declares no connections yet, so lakectl cannot fix a connection it did not create.",
    blueprint_field: None,
    scopes: Scopes {
        static_: "A blueprint declares no connections yet: nothing to judge.",
        blueprint: "A lake's connections are not read: a blueprint declares none yet (the account scope judges every connection).",
        account: "Every connection of the region (GetConnections with HidePassword), of any type: one that stores a user name fails, whether or not it also names a secret; one without stored credentials passes.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for connection in &model.catalog.connections {
        let resource = Resource::connection(&model.lake, connection);
        let Some(properties) =
            out.known(&resource, "connection properties", &connection.properties)
        else {
            continue;
        };
        match stored_credentials(properties) {
            None => out.pass(resource),
            Some(message) => out.fail(resource, message),
        }
    }
}

/// What the connection stores that belongs in a secret; `None` when it stores no user name.
fn stored_credentials(p: &ConnectionProperties) -> Option<String> {
    let property = p.stored_user_name.as_deref()?;
    Some(if p.secret_id {
        format!(
            "stores a user name (`{property}`) and its password in the connection as well as naming a Secrets Manager secret (`SECRET_ID`)"
        )
    } else {
        format!(
            "stores a user name (`{property}`) and its password in the connection instead of a Secrets Manager secret (`SECRET_ID`)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{ConnectionType, Prop};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let name = model.catalog.connections[0].name.clone();
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);

        connection_properties(&mut model).stored_user_name = Some("USERNAME".into());
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "stores a user name (`USERNAME`) and its password in the connection as well as naming a Secrets Manager secret (`SECRET_ID`)"
            )]
        );
        connection_properties(&mut model).secret_id = false;
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "stores a user name (`USERNAME`) and its password in the connection instead of a Secrets Manager secret (`SECRET_ID`)"
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
    }

    /// Every type is judged by what it stores: a Kafka SASL user name fails, a connection
    /// without credentials (a NETWORK one, or a database reached with IAM) passes.
    #[test]
    fn any_type_fails_on_a_stored_user_name_only() {
        let mut model = compliant_model();
        let name = model.catalog.connections[0].name.clone();
        connection_properties(&mut model).secret_id = false;
        model.catalog.connections[0].connection_type = Prop::Known(ConnectionType::Network);
        assert_eq!(outcomes(&RULE, &model), vec![pass(&name)]);

        model.catalog.connections[0].connection_type = Prop::Known(ConnectionType::Kafka);
        connection_properties(&mut model).stored_user_name =
            Some("KAFKA_SASL_SCRAM_USERNAME".into());
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &name,
                "stores a user name (`KAFKA_SASL_SCRAM_USERNAME`) and its password in the connection instead of a Secrets Manager secret (`SECRET_ID`)"
            )]
        );
    }
}
