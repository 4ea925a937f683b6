//! The blueprint's JSON Schema, generated from the Rust types so it cannot drift from what the
//! loader accepts structurally. Environment overrides get a typed schema derived from the same
//! definitions, so editors complete and check them as they do the base.

use serde_json::{Map, Value, json};

use super::types::Blueprint;

/// The schema of a blueprint file, environments included.
pub fn json_schema() -> Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(Blueprint)).expect("a generated schema is JSON");
    let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
    let partials: Map<String, Value> = defs
        .iter()
        .filter(|(_, def)| def.get("properties").is_some())
        .map(|(name, def)| (partial_name(name), partial(name, def, &defs)))
        .collect();
    let mut overrides = partial("Blueprint", &schema, &defs);
    remove(&mut overrides["properties"], "environments");
    remove(&mut overrides, "$schema");
    remove(&mut overrides, "title");
    overrides["description"] = json!(
        "Overrides of one environment: any base field in the base's spelling, named list \
         items by name. `lake.name` cannot vary."
    );
    if let Some(out) = schema["$defs"].as_object_mut() {
        out.extend(partials);
        out.insert("EnvironmentOverrides".into(), overrides);
    }
    schema["properties"]["environments"]["additionalProperties"] =
        json!({ "$ref": "#/$defs/EnvironmentOverrides" });
    schema
}

fn partial_name(name: &str) -> String {
    format!("{name}Override")
}

/// An object schema with nothing required (an override sets only what it changes) and its
/// properties overridable in turn.
fn partial(name: &str, def: &Value, defs: &Map<String, Value>) -> Value {
    let mut def = def.clone();
    remove(&mut def, "required");
    remove(&mut def, "default");
    if let Some(properties) = def.get_mut("properties").and_then(Value::as_object_mut) {
        for property in properties.values_mut() {
            *property = overridable(property, defs);
        }
    }
    // The lake's name is every resource name's root: the same in every environment.
    if name == "Lake" {
        remove(&mut def["properties"], "name");
    }
    def
}

fn remove(object: &mut Value, key: &str) {
    if let Some(object) = object.as_object_mut() {
        object.remove(key);
    }
}

/// How a property is overridden: a nested object by its partial, a list of named items either
/// whole (replacing the base list) or item by item under each name.
fn overridable(property: &Value, defs: &Map<String, Value>) -> Value {
    if let Some(target) = property.get("$ref").and_then(Value::as_str) {
        return match object_def(target, defs) {
            Some(name) => with_ref(property, &partial_name(name)),
            None => property.clone(),
        };
    }
    if let Some(options) = property.get("anyOf").and_then(Value::as_array) {
        let mut out = property.clone();
        out["anyOf"] = options.iter().map(|o| overridable(o, defs)).collect();
        return out;
    }
    let item = property["items"]["$ref"].as_str();
    match item.and_then(|target| named_def(target, defs)) {
        Some(name) => {
            let mut out = property.clone();
            let whole = json!({ "type": "array", "items": property["items"].clone() });
            let by_name = json!({
                "type": "object",
                "additionalProperties": { "$ref": format!("#/$defs/{}", partial_name(name)) },
            });
            for key in ["type", "items", "default"] {
                remove(&mut out, key);
            }
            out["anyOf"] = json!([whole, by_name]);
            out
        }
        None => property.clone(),
    }
}

fn with_ref(property: &Value, name: &str) -> Value {
    let mut out = property.clone();
    out["$ref"] = json!(format!("#/$defs/{name}"));
    remove(&mut out, "default");
    out
}

/// The definition a `$ref` names, when it is an object with properties.
fn object_def<'a>(target: &'a str, defs: &Map<String, Value>) -> Option<&'a str> {
    let name = target.strip_prefix("#/$defs/")?;
    defs.get(name)?.get("properties").map(|_| name)
}

/// The definition a `$ref` names, when its items are addressed by `name` in an override.
fn named_def<'a>(target: &'a str, defs: &Map<String, Value>) -> Option<&'a str> {
    let name = object_def(target, defs)?;
    defs[name]["properties"].get("name").map(|_| name)
}
