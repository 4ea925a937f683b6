//! LK-GLUE-001: the Glue Data Catalog encrypts its metadata with a customer managed key.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::{customer_managed, record_cmk};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-GLUE-001",
    name: "catalog-metadata-unencrypted",
    title: "The Glue Data Catalog encrypts metadata with a customer managed key",
    severity: Severity::High,
    service: Service::Glue,
    lens: &[ids::SEC_AT_REST],
    rationale: "Table definitions reveal what the lake holds (names, columns, locations, sometimes sample values in comments). Catalog encryption at rest protects them, and a customer managed key lets the lake decide who can decrypt them.",
    remediation: "Enable Data Catalog encryption at rest with the lake's catalog key (`aws glue put-data-catalog-encryption-settings`), or redeploy with `lakectl deploy`. The blueprint cannot turn it off (`catalog.encryption.metadata` accepts only `true`).",
    blueprint_field: Some("catalog.encryption.metadata"),
    scopes: Scopes {
        static_: "The catalog is declared encrypted with the catalog key.",
        blueprint: "The region's Data Catalog encrypts metadata with a customer managed key.",
        account: "The region's Data Catalog encrypts metadata with a customer managed key: one finding for the catalog.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    let resource = Resource::catalog(&model.lake);
    let Some(encryption) = out.known(&resource, "catalog encryption", &model.catalog.encryption)
    else {
        return;
    };
    match &encryption.metadata_key {
        None => out.fail(resource, "catalog metadata is not encrypted at rest"),
        Some(key) => record_cmk(
            out,
            resource,
            "catalog metadata is",
            customer_managed(model, key),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::{KeyRef, Prop};

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        let catalog = crate::audit::Resource::catalog(&model.lake).name;
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let Prop::Known(enc) = &mut model.catalog.encryption else {
            unreachable!()
        };
        enc.metadata_key = None;
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(&catalog, "catalog metadata is not encrypted at rest")]
        );
        let Prop::Known(enc) = &mut model.catalog.encryption else {
            unreachable!()
        };
        enc.metadata_key = Some(KeyRef::Other("alias/aws/glue".into()));
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                &catalog,
                "catalog metadata is encrypted with the AWS managed key `alias/aws/glue`"
            )]
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
