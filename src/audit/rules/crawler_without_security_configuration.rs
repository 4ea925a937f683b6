//! LK-GLUE-003: crawlers run with a security configuration that encrypts S3 data,
//! CloudWatch logs and job bookmarks with lake keys.

use crate::audit::Resource;
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::rules::support::check_security_configuration;
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;

pub static RULE: Rule = Rule {
    id: "LK-GLUE-003",
    name: "crawler-without-security-configuration",
    title: "Glue crawlers run with a security configuration encrypting S3 data, logs and bookmarks with customer managed keys",
    severity: Severity::Medium,
    service: Service::Glue,
    lens: &[ids::SEC_AT_REST],
    rationale: "A crawler's security configuration decides how its logs in CloudWatch and anything it writes to S3 are encrypted. Without one, crawler logs (which can include object keys and schema samples) are stored with default encryption outside the lake's keys.",
    remediation: "Attach the lake's Glue security configuration (`<lake>-<env>-glue`: S3 data, CloudWatch logs and job bookmarks encrypted with the platform key) to the crawler, or redeploy with `lakectl deploy`, which attaches it to every `catalog.crawlers[]`.",
    blueprint_field: Some("catalog.crawlers[]"),
    scopes: Scopes {
        static_: "Crawlers name a security configuration that encrypts S3 data, CloudWatch logs and job bookmarks with customer managed keys.",
        blueprint: "Deployed crawlers name such a security configuration.",
        account: "Every crawler names a security configuration that exists and encrypts S3 data (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS) with customer managed keys; a configuration that leaves any of the three unencrypted fails.",
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
        let complete = compliant_model().catalog.security_configurations[0].clone();
        model.catalog.security_configurations[0].cloudwatch_key = Prop::Known(None);
        assert_eq!(
            problems(&RULE, &model),
            vec![fail(
                name,
                "security configuration `retail-prod-glue` does not encrypt S3 data"
            )],
            "S3 is reported first"
        );
        // Each part the configuration must encrypt, missing alone.
        type Edit = fn(&mut crate::model::SecurityConfiguration);
        let parts: [(Edit, &str); 3] = [
            (
                |c| c.cloudwatch_key = Prop::Known(None),
                "security configuration `retail-prod-glue` does not encrypt CloudWatch logs",
            ),
            (
                |c| c.bookmarks_key = Prop::Known(None),
                "security configuration `retail-prod-glue` does not encrypt job bookmarks",
            ),
            (
                |c| c.bookmarks_key = Prop::Known(Some(crate::model::KeyRef::AwsManaged)),
                "job bookmarks written under `retail-prod-glue` are encrypted with the AWS managed key",
            ),
        ];
        for (edit, message) in parts {
            model.catalog.security_configurations[0] = complete.clone();
            edit(&mut model.catalog.security_configurations[0]);
            assert_eq!(problems(&RULE, &model), vec![fail(name, message)]);
        }
        model.catalog.security_configurations[0] = complete;
        model.catalog.security_configurations[0].cloudwatch_key =
            unknown_prop("glue:GetSecurityConfiguration");
        assert_eq!(
            problems(&RULE, &model),
            vec![unknown(
                name,
                "security configuration `retail-prod-glue`: AccessDenied on glue:GetSecurityConfiguration"
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
