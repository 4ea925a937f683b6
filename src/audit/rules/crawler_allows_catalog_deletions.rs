//! LK-GLUE-010: crawlers do not delete catalog tables whose data they no longer find.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, delete_behavior};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-010",
    name: "crawler-allows-catalog-deletions",
    title: "Crawlers deprecate or log tables whose data is gone instead of deleting them from the catalog",
    severity: Severity::Medium,
    service: Service::Glue,
    lens: &[ids::REL_METADATA],
    rationale: "The Data Catalog is the lake's metadata repository (ANALYTICS_REL 1): with DeleteBehavior DELETE_FROM_DATABASE, one crawl of a prefix that is briefly empty or misconfigured drops the table, and with it its Lake Formation grants, LF-tags, partitions and version history; every query and job that names it fails until someone recreates it by hand. DEPRECATE_IN_DATABASE (Glue's default) or LOG keeps the entry and records the change.",
    remediation: "Declare the crawler in `catalog.crawlers[]`: lakectl sets DeleteBehavior DEPRECATE_IN_DATABASE. For a crawler managed elsewhere, `aws glue update-crawler --name NAME --schema-change-policy DeleteBehavior=DEPRECATE_IN_DATABASE,UpdateBehavior=UPDATE_IN_DATABASE`.",
    blueprint_field: Some("catalog.crawlers[]"),
    scopes: Scopes {
        static_: "Crawlers deprecate (never delete) tables whose data is gone.",
        blueprint: "Deployed crawlers' schema-change policy does not delete from the catalog.",
        account: "Every crawler's SchemaChangePolicy.DeleteBehavior is DEPRECATE_IN_DATABASE or LOG, not DELETE_FROM_DATABASE (a crawler without a policy has Glue's default, DEPRECATE_IN_DATABASE).",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for crawler in &model.catalog.crawlers {
        let resource = Resource::crawler(&model.lake, crawler);
        let Some(behavior) = out.known(&resource, "delete behavior", &crawler.delete_behavior)
        else {
            continue;
        };
        out.check(resource, behavior != delete_behavior::DELETE, || {
            "deletes tables from the catalog when their data is not found".to_string()
        });
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
        assert_eq!(
            outcomes(&RULE, &model),
            vec![(
                "retail-prod-orders".to_string(),
                crate::audit::Outcome::Pass
            )]
        );
        model.catalog.crawlers[0].delete_behavior = Prop::Known("LOG".into());
        assert_eq!(problems(&RULE, &model), vec![]);
        model.catalog.crawlers[0].delete_behavior = Prop::Known(delete_behavior::DELETE.into());
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "retail-prod-orders",
                "deletes tables from the catalog when their data is not found"
            )]
        );
        model.catalog.crawlers[0].delete_behavior = unknown_prop("glue:GetCrawlers");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "retail-prod-orders",
                "delete behavior: AccessDenied on glue:GetCrawlers"
            )]
        );
    }
}
