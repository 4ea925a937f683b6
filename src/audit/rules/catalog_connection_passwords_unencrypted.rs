//! LK-GLUE-002: the Glue Data Catalog encrypts connection passwords with a customer managed key.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{customer_managed, record_cmk};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-GLUE-002",
    name: "catalog-connection-passwords-unencrypted",
    title: "The Glue Data Catalog encrypts connection passwords with a customer managed key",
    severity: Severity::Medium,
    service: Service::Glue,
    lens: &[ids::SEC_AT_REST],
    rationale: "Glue connections store database passwords. Without connection password encryption, anyone with glue:GetConnection reads them in the clear; with it, reading also takes kms:Decrypt on the catalog key.",
    remediation: "Enable connection password encryption with the lake's catalog key (`ConnectionPasswordEncryption.ReturnConnectionPasswordEncrypted: true`, `AwsKmsKeyId`), or redeploy with `lakectl deploy`. The blueprint cannot turn it off (`catalog.encryption.connection_passwords` accepts only `true`).",
    blueprint_field: Some("catalog.encryption.connection_passwords"),
    scopes: Scopes {
        static_: "The catalog is declared with connection password encryption.",
        blueprint: "The Data Catalog encrypts connection passwords with a customer managed key.",
        account: "The region's Data Catalog encrypts connection passwords with a customer managed key: one finding for the catalog.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let resource = Resource::catalog(&model.lake);
    let Some(encryption) = out.known(&resource, "catalog encryption", &model.catalog.encryption)
    else {
        return;
    };
    match &encryption.connection_password_key {
        None => out.fail(resource, "connection passwords are not encrypted"),
        Some(key) => record_cmk(
            out,
            resource,
            "connection passwords are",
            customer_managed(model, key),
        ),
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
        let catalog = crate::audit::Resource::catalog(&model.lake).name;
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let Prop::Known(enc) = &mut model.catalog.encryption else {
            unreachable!()
        };
        enc.connection_password_key = None;
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(&catalog, "connection passwords are not encrypted")]
        );
        model.catalog.encryption = unknown_prop("glue:GetDataCatalogEncryptionSettings");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                &catalog,
                "catalog encryption: AccessDenied on glue:GetDataCatalogEncryptionSettings"
            )]
        );
    }
}
