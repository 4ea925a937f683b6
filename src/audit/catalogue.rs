//! The rule catalogue as text, JSON and Markdown (`lakectl rules`). The Markdown is
//! `docs/rules.md`; a test fails when that file is stale.

use std::fmt::Write;

use serde_json::{Value, json};

use super::registry::RULES;
use super::rule::Rule;
use crate::lens;

fn rule_json(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "severity": rule.severity,
        "service": rule.service,
        "lens": rule.lens,
        "rationale": rule.rationale,
        "remediation": rule.remediation,
        "blueprint_field": rule.blueprint_field,
        "scopes": {
            "static": rule.scopes.static_,
            "blueprint": rule.scopes.blueprint,
            "account": rule.scopes.account,
        },
    })
}

pub fn json() -> String {
    let value = json!({
        "schema": "lakectl.rules/v1",
        "rules": RULES.iter().map(|r| rule_json(r)).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).expect("json values serialize");
    text.push('\n');
    text
}

pub fn text() -> String {
    let width = |f: fn(&Rule) -> usize| RULES.iter().map(|r| f(r)).max().unwrap_or(0);
    let (id_w, name_w) = (width(|r| r.id.len()), width(|r| r.name.len()));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<id_w$}  {:<name_w$}  {:<8}  {:<14}  LENS",
        "ID", "NAME", "SEVERITY", "SERVICE"
    );
    for rule in RULES {
        let _ = writeln!(
            out,
            "{:<id_w$}  {:<name_w$}  {:<8}  {:<14}  {}",
            rule.id,
            rule.name,
            rule.severity.as_str(),
            rule.service.as_str(),
            rule.lens.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules; `lakectl rules --format markdown` documents each.",
        RULES.len()
    );
    out
}

fn anchor(rule: &Rule) -> String {
    format!("{}-{}", rule.id.to_lowercase(), rule.name)
}

pub fn markdown() -> String {
    let mut out = String::from(
        "# Audit rules\n\n\
         <!-- Generated from the rule metadata by `lakectl rules --format markdown > docs/rules.md`; do not edit. -->\n\n\
         `lakectl audit` runs these rules in three scopes: a blueprint's desired state \
         (`--static`), the live resources of that blueprint's lake (`--blueprint`), and a whole \
         account (`--all`), where resources are judged against an account baseline and the audit \
         policy of `.lakectl.yaml` rather than against zones the account never declared. Each rule \
         says what it checks in each scope. Each finding is `pass`, `fail`, `unknown` (a property could not be read; never \
         a silent pass) or `not applicable`. Severities decide the exit code with `--fail-on`.\n\n\
         | Rule | Name | Severity | Service | Analytics Lens |\n|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let _ = writeln!(
            out,
            "| [{}](#{}) | `{}` | {} | {} | {} |",
            rule.id,
            anchor(rule),
            rule.name,
            rule.severity,
            rule.service,
            rule.lens.join(", ")
        );
    }
    for rule in RULES {
        let _ = write!(
            out,
            "\n## {} {}\n\n**{}**\n\n- Severity: {}\n- Service: {}\n",
            rule.id, rule.name, rule.title, rule.severity, rule.service
        );
        for id in rule.lens {
            let title = lens::question(id).map_or("", |q| q.title);
            let _ = writeln!(out, "- Analytics Lens: {id}, {title}");
        }
        if let Some(field) = rule.blueprint_field {
            let _ = writeln!(out, "- Blueprint field: `{field}`");
        }
        let _ = write!(
            out,
            "\n### What it checks\n\n- `--static`: {}\n- `--blueprint`: {}\n- `--all`: {}\n",
            rule.scopes.static_, rule.scopes.blueprint, rule.scopes.account
        );
        let _ = write!(
            out,
            "\n### Why it matters\n\n{}\n\n### How to fix it\n\n{}\n",
            rule.rationale, rule.remediation
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_rules_md_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == markdown(),
            "docs/rules.md is stale; regenerate it with `cargo run -- rules --format markdown > docs/rules.md`"
        );
    }

    #[test]
    fn the_json_catalogue_lists_every_rule() {
        let value: Value = serde_json::from_str(&json()).unwrap();
        assert_eq!(value["rules"].as_array().unwrap().len(), RULES.len());
        assert_eq!(value["rules"][0]["id"], "LK-S3-001");
        assert_eq!(value["rules"][0]["lens"], json!(["ANALYTICS_SEC 4"]));
    }
}
