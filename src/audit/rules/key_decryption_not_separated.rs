//! LK-KMS-004: key policies keep decryption apart from key administration.

use crate::audit::Resource;
use crate::audit::policy_eval::{self, Decrypter, UnseparatedDecryption};
use crate::audit::rule::{Results, Rule, Service, Severity};
use crate::audit::scope::Scopes;
use crate::lens::ids;
use crate::model::Model;
use crate::model::policy::PolicyDocument;

pub static RULE: Rule = Rule {
    id: "LK-KMS-004",
    name: "key-decryption-not-separated",
    title: "Key policies let only the key's named users decrypt; key administrators and the account as a whole cannot",
    severity: Severity::Medium,
    service: Service::Kms,
    lens: &[ids::SEC_AUTHORIZE],
    rationale: "The lens asks key policies to grant use only to the workload's roles and services and administration to separate principals. A key policy that gives the account root `kms:Decrypt` (the default `kms:*` statement) hands decryption to every IAM policy in the account, so any administrator who can edit IAM can read the zone's data; a principal that both administers the key and decrypts with it holds both halves. A grant (`kms:CreateGrant`) without `kms:GrantIsForAWSResource` is decryption by another route.",
    remediation: "Give the account root administration (`kms:Describe*`, `kms:Put*`, `kms:ScheduleKeyDeletion`, …) and encryption only, grant `kms:CreateGrant` only with `Bool: {kms:GrantIsForAWSResource: true}`, and name who may decrypt; lakectl writes key policies this way and takes readers outside the lake's roles from `encryption.decrypters`.",
    blueprint_field: Some("encryption.decrypters"),
    scopes: Scopes {
        static_: "The lake's key policies let only its roles (through its services), its services and `encryption.decrypters` decrypt.",
        blueprint: "The deployed key policies let no account root, account-wide principal or key administrator decrypt.",
        account: "Every customer managed key's policy lets no account root, account-wide principal or key administrator decrypt.",
    },
    check,
};

fn check(model: &Model, out: &mut Results) {
    for key in &model.keys {
        let resource = Resource::key(&model.lake, key);
        let Some(policy) = out.known(&resource, "key policy", &key.policy) else {
            continue;
        };
        let found = policy_eval::unseparated_decryption(policy);
        out.check(resource, found.is_empty(), || {
            let parts: Vec<String> = found.iter().map(|f| describe(policy, f)).collect();
            parts.join("; ")
        });
    }
}

fn describe(policy: &PolicyDocument, found: &UnseparatedDecryption<'_>) -> String {
    let label = policy_eval::statement_label(policy, found.statement);
    let actions = found.actions.join(", ");
    match &found.decrypter {
        Decrypter::AccountRoot(root) => format!(
            "{label} lets the account root {root} decrypt ({actions}), so any IAM policy in the account can grant decryption"
        ),
        Decrypter::AccountWide => {
            format!("{label} lets every principal of the account decrypt ({actions})")
        }
        Decrypter::Administrator {
            principal,
            administers,
        } => format!(
            "{label} lets {principal} decrypt ({actions}) and {} lets it administer the key",
            policy_eval::statement_label(policy, administers)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::*;
    use crate::model::Prop;
    use crate::model::policy::{Principal, Statement};

    fn statements(model: &mut Model, key: usize) -> &mut Vec<Statement> {
        let Prop::Known(policy) = &mut model.keys[key].policy else {
            unreachable!()
        };
        &mut policy.statements
    }

    #[test]
    fn passes_fails_and_unknown() {
        let mut model = compliant_model();
        assert_eq!(outcomes(&RULE, &model).len(), 5);
        assert_eq!(problems(&RULE, &model), vec![]);
        let root = format!("arn:aws:iam::{ACCOUNT}:root");
        let admin = format!("arn:aws:iam::{ACCOUNT}:role/key-admin");
        // The AWS default key policy.
        *statements(&mut model, 0) = vec![
            Statement::allow("Enable IAM User Permissions", &["kms:*"], vec!["*".into()])
                .principal(Principal::aws(vec![root.clone()])),
        ];
        // An administrator that also decrypts, by a grant to anyone.
        statements(&mut model, 1).extend([
            Statement::allow("Admin", &["kms:PutKeyPolicy"], vec!["*".into()])
                .principal(Principal::aws(vec![admin.clone()])),
            Statement::allow("AdminGrants", &["kms:CreateGrant"], vec!["*".into()])
                .principal(Principal::aws(vec![admin.clone()])),
        ]);
        // Everyone of the account through S3, the AWS managed key style.
        statements(&mut model, 2).push(
            Statement::allow("ViaS3", &["kms:Decrypt"], vec!["*".into()])
                .principal(Principal::any())
                .when("StringEquals", "kms:CallerAccount", &[ACCOUNT])
                .when(
                    "StringEquals",
                    "kms:ViaService",
                    &["s3.us-east-1.amazonaws.com"],
                ),
        );
        model.keys[3].policy = unknown_prop("kms:GetKeyPolicy");
        assert_eq!(
            problems(&RULE, &model),
            vec![
                fail(
                    "raw",
                    &format!(
                        "statement `Enable IAM User Permissions` lets the account root {root} decrypt (kms:Decrypt, kms:ReEncryptFrom, kms:CreateGrant), so any IAM policy in the account can grant decryption"
                    )
                ),
                fail(
                    "cleansed",
                    &format!(
                        "statement `AdminGrants` lets {admin} decrypt (kms:CreateGrant) and statement `Admin` lets it administer the key"
                    )
                ),
                fail(
                    "curated",
                    "statement `ViaS3` lets every principal of the account decrypt (kms:Decrypt)"
                ),
                unknown("streams", "key policy: AccessDenied on kms:GetKeyPolicy"),
            ]
        );
    }

    #[test]
    fn grants_for_aws_services_named_decrypters_and_services_pass() {
        let mut model = compliant_model();
        let reader = format!("arn:aws:iam::{ACCOUNT}:role/auditor");
        statements(&mut model, 0).extend([
            Statement::allow("Grants", &["kms:CreateGrant"], vec!["*".into()])
                .principal(Principal::aws(vec![format!("arn:aws:iam::{ACCOUNT}:root")]))
                .when("Bool", "kms:GrantIsForAWSResource", &["true"]),
            Statement::allow("Readers", &["kms:Decrypt"], vec!["*".into()])
                .principal(Principal::aws(vec![reader])),
            Statement::allow("Logs", &["kms:Decrypt"], vec!["*".into()])
                .principal(Principal::service("logs.us-east-1.amazonaws.com")),
        ]);
        // Anyone without a condition is LK-KMS-003's finding, not this rule's.
        statements(&mut model, 1).push(
            Statement::allow("Anyone", &["kms:Decrypt"], vec!["*".into()])
                .principal(Principal::any()),
        );
        assert_eq!(problems(&RULE, &model), vec![]);
    }

    #[test]
    fn the_compiled_retail_key_policies_pass() {
        let model = crate::compile::testing::retail(Some(ACCOUNT));
        assert!(!outcomes(&RULE, &model).is_empty());
        assert_eq!(problems(&RULE, &model), vec![]);
    }
}
