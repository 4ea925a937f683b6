//! Plan output: terraform-like text for people, versioned JSON for machines.

use std::fmt::Write;

use super::{Action, Effect, Plan, PropertyChange, Shown};
use crate::model::Property;

/// `+` create, `~` update, `!` replacement needed (not performed), `=` unchanged;
/// per property `?` marks a value that could not be read.
pub fn render_text(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "lake {} ({}, {}, account {})",
        plan.lake, plan.environment, plan.region, plan.account
    );
    out.push('\n');
    for r in &plan.resources {
        let (symbol, note) = match r.action {
            Action::Create => ("+", " will be created"),
            Action::Update => ("~", " will be updated in place"),
            Action::ReplaceNeeded => ("!", " needs replacement: not performed, see below"),
            Action::NoChange => ("=", ""),
        };
        let _ = writeln!(out, "  {symbol} {} {}{note}", r.kind.label(), r.name);
        for p in &r.properties {
            let _ = writeln!(out, "      {}", property_line(r.action, p));
        }
    }
    let c = plan.counts();
    out.push('\n');
    if !plan.has_changes() {
        let _ = writeln!(
            out,
            "No changes. The lake matches the blueprint ({} resources).",
            c.unchanged
        );
    } else {
        let _ = write!(
            out,
            "Plan: {} to create, {} to update, {} unchanged",
            c.create, c.update, c.unchanged
        );
        if c.replace_needed > 0 {
            let _ = write!(
                out,
                ", {} need replacement (lakectl never replaces: recreate them yourself after moving their data)",
                c.replace_needed
            );
        }
        out.push_str(".\n");
    }
    let unverified = plan
        .resources
        .iter()
        .flat_map(|r| &r.properties)
        .filter(|p| p.effect == Effect::Unverified)
        .count();
    if unverified > 0 {
        let _ = writeln!(
            out,
            "{unverified} properties could not be read and are left as they are (marked ?)."
        );
    }
    out
}

fn property_line(action: Action, p: &PropertyChange) -> String {
    let new = shown(p.property, &p.new);
    match (action, p.effect) {
        (Action::Create, _) => format!("+ {} = {new}", p.property),
        (_, Effect::Update) => format!("~ {}: {} → {new}", p.property, shown(p.property, &p.old)),
        (_, Effect::Replace) => format!(
            "! {}: {} → {new} (forces replacement)",
            p.property,
            shown(p.property, &p.old)
        ),
        (_, Effect::Unverified) => format!(
            "? {}: {} (wanted {new})",
            p.property,
            shown(p.property, &p.old)
        ),
    }
}

/// A value on one line. Policies are long, so text shows their statement ids; `--output json`
/// has the documents.
fn shown(property: Property, value: &Shown) -> String {
    match value {
        Shown::Known(v) if property.is_policy() => policy_summary(v),
        Shown::Known(v) => v.to_string(),
        Shown::Unknown(reason) => format!("unknown ({reason})"),
        Shown::KnownAfterApply => "(known after apply)".to_string(),
        Shown::Absent => "(none)".to_string(),
    }
}

fn policy_summary(policy: &serde_json::Value) -> String {
    let Some(statements) = policy.get("Statement").and_then(|s| s.as_array()) else {
        return policy.to_string();
    };
    let sids: Vec<String> = statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.get("Sid")
                .and_then(|v| v.as_str())
                .map_or_else(|| format!("#{}", i + 1), str::to_string)
        })
        .collect();
    format!("policy [{}]", sids.join(", "))
}

pub fn render_json(plan: &Plan) -> String {
    let mut value = serde_json::to_value(plan).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert(
            "counts".into(),
            serde_json::to_value(plan.counts()).unwrap_or_default(),
        );
        map.insert(
            "changes".into(),
            serde_json::Value::Bool(plan.has_changes()),
        );
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
