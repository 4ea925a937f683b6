//! LK-GLUE-015: crawlers carry schema changes into the catalog.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::{Model, recrawl_behavior, update_behavior};

pub static RULE: Rule = Rule {
    id: "LK-GLUE-015",
    name: "crawler-schema-changes-not-applied",
    title: "Crawlers update the catalog when a table's schema changes, and recrawl the folders that changed",
    severity: Severity::Low,
    service: Service::Glue,
    lens: &[ids::REL_METADATA],
    rationale: "ANALYTICS_REL 1 asks for a metadata repository that follows changes in the source and keeps an audit trail of them. With UpdateBehavior UPDATE_IN_DATABASE a crawler writes the new schema to the table and Glue keeps the old one as a table version; with LOG the change goes only to the crawler's log, and the table the queries and jobs read keeps the old schema. A crawler with RecrawlBehavior CRAWL_NEW_FOLDERS_ONLY reads only folders added since its last run (Glue then forces UpdateBehavior LOG), so a column added to files in an existing partition never reaches the catalog. CRAWL_EVERYTHING and CRAWL_EVENT_MODE (changes named by S3 events) both follow the data.",
    remediation: "Declare the crawler in `catalog.crawlers[]`: lakectl sets UpdateBehavior UPDATE_IN_DATABASE and RecrawlBehavior CRAWL_EVERYTHING. For a crawler managed elsewhere, `aws glue update-crawler --name NAME --recrawl-policy RecrawlBehavior=CRAWL_EVERYTHING --schema-change-policy UpdateBehavior=UPDATE_IN_DATABASE,DeleteBehavior=DEPRECATE_IN_DATABASE` (or CRAWL_EVENT_MODE with an S3 event queue).",
    blueprint_field: Some("catalog.crawlers[]"),
    scopes: Scopes {
        static_: "Crawlers update tables whose schema changed and recrawl every folder.",
        blueprint: "Deployed crawlers' UpdateBehavior is UPDATE_IN_DATABASE and their RecrawlBehavior is not CRAWL_NEW_FOLDERS_ONLY.",
        account: "Every crawler's SchemaChangePolicy.UpdateBehavior is UPDATE_IN_DATABASE and its RecrawlPolicy.RecrawlBehavior is CRAWL_EVERYTHING or CRAWL_EVENT_MODE (a crawler without either policy has Glue's defaults, which pass).",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for crawler in &model.catalog.crawlers {
        let resource = Resource::crawler(&model.lake, crawler);
        // The recrawl behaviour explains an update behaviour of LOG when it forces one, so it is
        // judged first and on its own.
        let Some(recrawl) = out.known(&resource, "recrawl behavior", &crawler.recrawl_behavior)
        else {
            continue;
        };
        if recrawl == recrawl_behavior::NEW_FOLDERS_ONLY {
            out.fail(
                resource,
                "crawls only folders added since its last run (CRAWL_NEW_FOLDERS_ONLY), so a \
                 schema change in an existing folder never reaches the catalog"
                    .to_string(),
            );
            continue;
        }
        let Some(update) = out.known(&resource, "update behavior", &crawler.update_behavior) else {
            continue;
        };
        out.check(resource, update == update_behavior::UPDATE, || {
            format!(
                "only logs schema changes (UpdateBehavior {update}): the table keeps its old \
                 schema and no version of the change"
            )
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
        model.catalog.crawlers[0].recrawl_behavior = Prop::Known("CRAWL_EVENT_MODE".into());
        assert_eq!(problems(&RULE, &model), vec![]);

        model.catalog.crawlers[0].update_behavior = Prop::Known(update_behavior::LOG.into());
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "retail-prod-orders",
                "only logs schema changes (UpdateBehavior LOG): the table keeps its old schema \
                 and no version of the change"
            )]
        );

        // New folders only forces LOG: one finding, naming the cause.
        model.catalog.crawlers[0].recrawl_behavior =
            Prop::Known(recrawl_behavior::NEW_FOLDERS_ONLY.into());
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                "retail-prod-orders",
                "crawls only folders added since its last run (CRAWL_NEW_FOLDERS_ONLY), so a \
                 schema change in an existing folder never reaches the catalog"
            )]
        );

        model.catalog.crawlers[0].recrawl_behavior = unknown_prop("glue:GetCrawlers");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "retail-prod-orders",
                "recrawl behavior: AccessDenied on glue:GetCrawlers"
            )]
        );

        model.catalog.crawlers[0].recrawl_behavior =
            Prop::Known(recrawl_behavior::EVERYTHING.into());
        model.catalog.crawlers[0].update_behavior = unknown_prop("glue:GetCrawlers");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                "retail-prod-orders",
                "update behavior: AccessDenied on glue:GetCrawlers"
            )]
        );
    }
}
