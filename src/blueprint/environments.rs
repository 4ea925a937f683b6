//! Environments: one blueprint, several deployments (dev, prod, ...).
//!
//! `environments.<name>` holds overrides that are laid over the base blueprint when `--env <name>`
//! selects it. The overlay works on the blueprint's serialized form, so every field can be
//! overridden with the same spelling as in the base:
//! - mappings merge key by key (`lake.tags` adds or replaces single tags);
//! - lists of named items (zones, streams, delivery_streams, roles, databases, work groups, ...)
//!   are addressed by item name (`zones.raw.versioning`); the name must exist in the base;
//! - any other value, lists included, replaces the base value.
//!
//! `lake.name` cannot vary (every resource name derives from it) and `lake.environment` is the
//! environment's own name. The merged blueprint is validated as a whole, and each problem caused
//! by an override is reported at the override (`environments.prod.zones.raw.versioning`).

use serde_json::{Map, Value};

use super::diagnostic::{FieldPath, Problem};
use super::types::Blueprint;

/// Where each overridden value came from: its path in the merged blueprint and in the file.
#[derive(Debug, Default)]
pub struct Trail(Vec<(FieldPath, FieldPath)>);

impl Trail {
    /// Moves a problem found in the merged blueprint to the override that caused it.
    pub fn relocate(&self, mut problem: Problem) -> Problem {
        if let Some(path) = self.replaced(&problem.path) {
            problem.path = path;
        }
        problem
    }

    /// Where the value at `path` of the merged blueprint was written, when an override set it or
    /// one of its ancestors: the deepest such override, followed by the rest of the path.
    fn replaced(&self, path: &FieldPath) -> Option<FieldPath> {
        self.0
            .iter()
            .filter_map(|(merged, source)| {
                path.strip_prefix(merged)
                    .map(|rest| (merged.segments().len(), source.join(rest)))
            })
            .max_by_key(|(depth, _)| *depth)
            .map(|(_, source)| source)
    }

    /// Where the definition at `path` in the merged blueprint is written for this environment:
    /// the override that replaced it or one of its ancestors, else the override of that very
    /// item when the environment changes anything inside it, else `path` itself. Audit findings
    /// are per resource, so a resource the environment changes points at its override.
    pub fn definition(&self, path: &FieldPath) -> FieldPath {
        if let Some(source) = self.replaced(path) {
            return source;
        }
        self.0
            .iter()
            .find_map(|(merged, source)| {
                merged
                    .strip_prefix(path)
                    .map(|rest| source.ancestor(rest.len()))
            })
            .unwrap_or_else(|| path.clone())
    }

    /// The override that set a field named `key`, for serde errors that name only the field.
    fn source_of_key(&self, key: &str) -> Option<FieldPath> {
        self.0
            .iter()
            .find(|(merged, _)| merged.last_key() == Some(key))
            .map(|(_, source)| source.clone())
    }
}

/// The path of an environment's overrides in the file.
pub fn root(name: &str) -> FieldPath {
    FieldPath::root().key("environments").key(name)
}

/// The base blueprint with environment `name`'s overrides applied, and where they came from.
pub fn select(base: &Blueprint, name: &str) -> Result<(Blueprint, Trail), Vec<Problem>> {
    let Some(overrides) = base.environments.get(name) else {
        return Err(vec![unknown(base, name)]);
    };
    let at = root(name);
    let mut trail = Trail::default();
    let mut merged = serde_json::to_value(Blueprint {
        environments: Default::default(),
        ..base.clone()
    })
    .map_err(|e| {
        vec![Problem::new(
            at.clone(),
            format!("cannot apply the environment: {e}"),
            None,
        )]
    })?;
    let Some(overrides) = overrides.as_object() else {
        return Err(vec![Problem::new(
            at,
            "an environment is a mapping of overrides, e.g. `lake: { region: eu-west-1 }`",
            None,
        )]);
    };
    let mut problems = forbidden(overrides, &at);
    overlay_map(
        &mut merged,
        overrides,
        &FieldPath::root(),
        &at,
        &mut trail,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    // A `lake` replaced by a non-mapping is left to deserialization to refuse.
    if let Some(lake) = merged.get_mut("lake").and_then(Value::as_object_mut) {
        lake.insert("environment".to_string(), Value::String(name.to_string()));
    }
    let blueprint: Blueprint = serde_json::from_value(merged).map_err(|e| {
        let message = e.to_string();
        let path = unknown_field(&message)
            .and_then(|key| trail.source_of_key(key))
            .unwrap_or(at);
        vec![Problem::new(
            path,
            message,
            Some(
                "an override uses the field names and value types of the base blueprint"
                    .to_string(),
            ),
        )]
    })?;
    Ok((blueprint, trail))
}

fn unknown(base: &Blueprint, name: &str) -> Problem {
    let declared: Vec<&str> = base.environments.keys().map(String::as_str).collect();
    let help = if declared.is_empty() {
        "the blueprint declares no environments; omit --env, or add an `environments:` section"
            .to_string()
    } else {
        format!("declared environments: {}", declared.join(", "))
    };
    Problem::new(
        FieldPath::root().key("environments"),
        format!("unknown environment `{name}`"),
        Some(help),
    )
}

/// Overrides of what must be the same in every environment.
fn forbidden(overrides: &Map<String, Value>, at: &FieldPath) -> Vec<Problem> {
    let mut problems = Vec::new();
    if overrides.contains_key("environments") {
        problems.push(Problem::new(
            at.key("environments"),
            "environments cannot be nested",
            None,
        ));
    }
    if let Some(lake) = overrides.get("lake").and_then(Value::as_object) {
        if lake.contains_key("name") {
            problems.push(Problem::new(
                at.key("lake").key("name"),
                "the lake name cannot vary by environment: every resource name derives from it",
                Some("remove the override; names already include the environment".to_string()),
            ));
        }
        if lake.contains_key("environment") {
            problems.push(Problem::new(
                at.key("lake").key("environment"),
                "an environment's `lake.environment` is its own name",
                Some("remove the override".to_string()),
            ));
        }
    }
    problems
}

fn overlay_map(
    base: &mut Value,
    overrides: &Map<String, Value>,
    at_base: &FieldPath,
    at_source: &FieldPath,
    trail: &mut Trail,
    problems: &mut Vec<Problem>,
) {
    for (key, value) in overrides {
        let (base_path, source_path) = (at_base.key(key), at_source.key(key));
        match base.get_mut(key.as_str()) {
            Some(slot) => overlay(slot, value, &base_path, &source_path, trail, problems),
            None => {
                if let Some(map) = base.as_object_mut() {
                    map.insert(key.clone(), value.clone());
                }
                trail.0.push((base_path, source_path));
            }
        }
    }
}

fn overlay(
    base: &mut Value,
    value: &Value,
    at_base: &FieldPath,
    at_source: &FieldPath,
    trail: &mut Trail,
    problems: &mut Vec<Problem>,
) {
    match (base, value) {
        (base @ Value::Object(_), Value::Object(overrides)) => {
            overlay_map(base, overrides, at_base, at_source, trail, problems)
        }
        (Value::Array(items), Value::Object(by_name)) if is_named_list(items.as_slice()) => {
            for (name, item_overrides) in by_name {
                let source_path = at_source.key(name);
                let found = items.iter().position(|item| {
                    item.get("name").and_then(Value::as_str) == Some(name.as_str())
                });
                match (found, item_overrides) {
                    (Some(index), Value::Object(overrides)) => overlay_map(
                        &mut items[index],
                        overrides,
                        &at_base.index(index),
                        &source_path,
                        trail,
                        problems,
                    ),
                    (Some(_), _) => problems.push(Problem::new(
                        source_path,
                        "expected a mapping of the item's fields to override",
                        None,
                    )),
                    (None, _) => {
                        let names: Vec<&str> = items
                            .iter()
                            .filter_map(|i| i.get("name").and_then(Value::as_str))
                            .collect();
                        problems.push(Problem::new(
                            source_path,
                            format!("`{name}` is not declared in the base blueprint's `{at_base}`"),
                            Some(format!(
                                "overrides address existing items by name: {}",
                                names.join(", ")
                            )),
                        ));
                    }
                }
            }
        }
        (base, value) => {
            *base = value.clone();
            trail.0.push((at_base.clone(), at_source.clone()));
        }
    }
}

fn is_named_list(items: &[Value]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|i| i.get("name").is_some_and(Value::is_string))
}

fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}
