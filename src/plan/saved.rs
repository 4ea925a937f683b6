//! A plan saved by `lakectl plan --out` and applied by `lakectl deploy --plan`: the plan itself,
//! what it was made from, and fingerprints of the blueprint and of the live state, so that deploy
//! applies exactly what was reviewed or refuses when either changed since.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Plan;
use crate::model::Model;

/// The saved plan file's schema version; bump on any incompatible change.
pub const SAVED_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPlan {
    pub format_version: u32,
    pub lakectl_version: String,
    /// The blueprint path as given to `plan`.
    pub blueprint: PathBuf,
    pub lake: String,
    pub account: String,
    pub region: String,
    pub created_at: DateTime<Utc>,
    pub fingerprints: Fingerprints,
    pub plan: Plan,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprints {
    /// sha256 of the blueprint's bytes and the lakectl version (a new version may compile the
    /// same blueprint differently).
    pub blueprint: String,
    /// sha256 of the canonical JSON of the live model as read at plan time.
    pub live: String,
}

/// The blueprint's fingerprint: its bytes (line endings normalized) and the lakectl version.
pub fn blueprint_fingerprint(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update([0]);
    hash.update(text.as_bytes());
    hex(&hash.finalize())
}

/// What the blueprint fingerprint covers: the file's bytes and the `--env` that selects one of
/// its environments, so a plan made for one environment cannot be applied with another.
pub fn blueprint_input(mut bytes: Vec<u8>, environment: Option<&str>) -> Vec<u8> {
    if let Some(name) = environment {
        bytes.extend_from_slice(format!("\n# lakectl --env {name}\n").as_bytes());
    }
    bytes
}

/// Appends each job script's digest to the blueprint input: a script is part of what deploy
/// applies, so a plan made before a script changed must not deploy the changed one.
pub fn with_scripts(mut bytes: Vec<u8>, scripts: &crate::scripts::Scripts) -> Vec<u8> {
    for (written, script) in scripts.iter() {
        let line = format!("\n# lakectl script {written} sha256:{}\n", script.digest);
        bytes.extend_from_slice(line.as_bytes());
    }
    bytes
}

/// The live state's fingerprint: the model as canonical JSON (object keys sorted).
pub fn live_fingerprint(live: &Model) -> String {
    let value = serde_json::to_value(live).unwrap_or_default();
    let bytes = serde_json::to_vec(&canonical(value)).unwrap_or_default();
    hex(&Sha256::digest(&bytes))
}

fn canonical(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, canonical(v)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(canonical).collect())
        }
        other => other,
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::from("sha256:");
    for b in bytes {
        text.push_str(&format!("{b:02x}"));
    }
    text
}

/// Why a saved plan file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the plan file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}:{line}:{column}: not a lakectl plan file ({message}); make one with `lakectl plan BLUEPRINT --out {path}`"
    )]
    Garbled {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path} is a plan file of format version {found}, this lakectl reads version {SAVED_FORMAT_VERSION}; make the plan again with this lakectl"
    )]
    Version { path: PathBuf, found: u64 },
}

impl SavedPlan {
    /// The plan made from the blueprint at `blueprint` (whose bytes are `blueprint_bytes`)
    /// against `live`, now.
    pub fn new(blueprint: &Path, blueprint_bytes: &[u8], live: &Model, plan: Plan) -> SavedPlan {
        SavedPlan {
            format_version: SAVED_FORMAT_VERSION,
            lakectl_version: env!("CARGO_PKG_VERSION").to_string(),
            blueprint: blueprint.to_path_buf(),
            lake: plan.lake.clone(),
            account: plan.account.clone(),
            region: plan.region.clone(),
            created_at: Utc::now(),
            fingerprints: Fingerprints {
                blueprint: blueprint_fingerprint(blueprint_bytes),
                live: live_fingerprint(live),
            },
            plan,
        }
    }

    pub fn read(path: &Path) -> Result<SavedPlan, ReadError> {
        let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let garbled = |e: serde_json::Error| ReadError::Garbled {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        };
        // The version first, so a foreign version is named as such rather than as garbage.
        let value: serde_json::Value = serde_json::from_str(&text).map_err(garbled)?;
        let found = value.get("format_version").and_then(|v| v.as_u64());
        if let Some(found) = found
            && found != u64::from(SAVED_FORMAT_VERSION)
        {
            return Err(ReadError::Version {
                path: path.to_path_buf(),
                found,
            });
        }
        serde_json::from_str(&text).map_err(garbled)
    }

    /// Writes the plan to `path` atomically: a temporary file beside it, then a rename, so a
    /// reader never sees half a plan.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        use anyhow::Context as _;
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        let written = crate::atomic::write(path, json.as_bytes());
        written.with_context(|| format!("cannot write the plan file {}", path.display()))
    }
}

impl SavedPlan {
    /// Refuses when the blueprint at `path` (bytes `bytes`) is not the one this plan, read from
    /// `file`, was made from.
    pub fn check_blueprint(&self, file: &Path, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        if blueprint_fingerprint(bytes) == self.fingerprints.blueprint {
            return Ok(());
        }
        anyhow::bail!(
            "{} is not the blueprint {} was made from ({}, planned at {} by lakectl {}): the blueprint \
             changed since, it is another one, or lakectl was upgraded; make the plan again with \
             `lakectl plan {} --out {}`",
            path.display(),
            file.display(),
            self.blueprint.display(),
            self.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
            self.lakectl_version,
            path.display(),
            file.display()
        )
    }

    /// Refuses when the live state read now (`live`, planned as `fresh`) is not the one this
    /// plan, read from `file`, was made against; names the resources whose plan changed.
    pub fn check_live(
        &self,
        file: &Path,
        blueprint: &Path,
        live: &Model,
        fresh: &Plan,
    ) -> anyhow::Result<()> {
        if fresh.account != self.account || fresh.region != self.region {
            anyhow::bail!(
                "{} was made for account {} in {}, but the credentials in use are for account {} in {}",
                file.display(),
                self.account,
                self.region,
                fresh.account,
                fresh.region
            );
        }
        if live_fingerprint(live) == self.fingerprints.live {
            return Ok(());
        }
        let changed = changed_resources(&self.plan, fresh);
        let what = if changed.is_empty() {
            "a live resource changed in a way the plan does not show".to_string()
        } else {
            format!("now the plan differs for {}", changed.join(", "))
        };
        anyhow::bail!(
            "the live resources changed since {} was made ({}): {what}; review and save the plan \
             again with `lakectl plan {} --out {}`",
            file.display(),
            self.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
            blueprint.display(),
            file.display()
        )
    }
}

/// `kind name (property, ...)` for each resource whose change differs between the plans.
fn changed_resources(saved: &Plan, fresh: &Plan) -> Vec<String> {
    let mut changed = Vec::new();
    for now in &fresh.resources {
        let before = saved.resource(now.kind, &now.name);
        if before == Some(now) {
            continue;
        }
        let mut properties: Vec<&str> = Vec::new();
        let before_properties = before.map(|b| b.properties.as_slice()).unwrap_or_default();
        for p in &now.properties {
            if !before_properties.contains(p) {
                properties.push(p.property.name());
            }
        }
        for p in before_properties {
            if !now.properties.iter().any(|q| q.property == p.property) {
                properties.push(p.property.name());
            }
        }
        properties.dedup();
        let label = format!("{} {}", now.kind.label(), now.name);
        changed.push(if properties.is_empty() {
            label
        } else {
            format!("{label} ({})", properties.join(", "))
        });
    }
    changed
}

/// serde_json appends " at line L column C"; the error shows the position as `file:L:C`.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}
