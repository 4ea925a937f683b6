//! LK-GLUE-003: crawlers run with a security configuration that encrypts with a lake key.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::check_security_configuration;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-GLUE-003",
    name: "crawler-without-security-configuration",
    title: "Glue crawlers run with a security configuration that encrypts S3 data with a customer managed key",
    severity: Severity::Medium,
    service: Service::Glue,
    lens: &[ids::SEC_AT_REST],
    rationale: "A crawler's security configuration decides how its logs in CloudWatch and anything it writes to S3 are encrypted. Without one, crawler logs (which can include object keys and schema samples) are stored with default encryption outside the lake's keys.",
    remediation: "Attach the lake's Glue security configuration (`<lake>-<env>-glue`, SSE-KMS with the catalog key) to the crawler, or redeploy with `lakectl deploy`, which attaches it to every `catalog.crawlers[]`.",
    blueprint_field: Some("catalog.crawlers[]"),
    scopes: Scopes {
        static_: "Crawlers name a security configuration that encrypts S3 data with a customer managed key.",
        blueprint: "Deployed crawlers name such a security configuration.",
        account: "Every crawler names a security configuration that exists and encrypts S3 data with a customer managed key.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for crawler in &model.catalog.crawlers {
        let resource = Resource::crawler(&model.lake, crawler);
        check_security_configuration(model, out, resource, &crawler.security_configuration);
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
        assert_eq!(outcomes(&RULE, &model).len(), 1);
        assert_eq!(problems(&RULE, &model), vec![]);
        let name = "retail-prod-orders";
        let cases = [
            (
                Prop::Known(None),
                fail(name, "runs without a security configuration"),
            ),
            (
                Prop::Known(Some("gone".to_string())),
                fail(
                    name,
                    "names security configuration `gone`, which does not exist",
                ),
            ),
            (
                unknown_prop("glue:GetCrawler"),
                unknown(
                    name,
                    "security configuration: AccessDenied on glue:GetCrawler",
                ),
            ),
        ];
        for (configuration, expected) in cases {
            model.catalog.crawlers[0].security_configuration = configuration;
            assert_eq!(problems(&RULE, &model), vec![expected]);
        }
        model.catalog.crawlers[0].security_configuration =
            Prop::Known(Some("retail-prod-glue".into()));
        model.catalog.security_configurations[0].s3_key = Prop::Known(None);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "security configuration `retail-prod-glue` does not encrypt S3 data"
            )]
        );
        model.catalog.security_configurations[0].s3_key =
            unknown_prop("glue:GetSecurityConfiguration");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "security configuration `retail-prod-glue`: AccessDenied on glue:GetSecurityConfiguration"
            )]
        );
    }
}
