//! Glue job scripts: files in the repository, beside the blueprint, that deploy uploads to the
//! lake's scripts bucket. Their content names their S3 key (content addressing: an unchanged
//! script keeps its key, so it is never uploaded twice and a changed one never overwrites the
//! version a running job reads), so they are read when the blueprint loads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::blueprint::{Blueprint, FieldPath, Problem, Source};

/// Glue runs scripts of this size comfortably; anything bigger is almost certainly not a script.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// One script, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Lowercase hex SHA-256 of its bytes.
    pub digest: String,
}

impl Script {
    /// The script's key in the scripts bucket: `scripts/<first 16 hex digits>/<file name>`.
    pub fn key(&self) -> String {
        let file = self.path.file_name().map_or_else(
            || "script".to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        format!("scripts/{}/{file}", &self.digest[..16])
    }
}

/// The scripts a blueprint names, by the path as the blueprint writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scripts(BTreeMap<String, Script>);

impl Scripts {
    /// Reads and hashes every job's script. A script that cannot be read is left out (loading
    /// the blueprint has already reported it with [`check`]).
    pub fn read(blueprint: &Blueprint, source: &Source) -> Scripts {
        let mut scripts = BTreeMap::new();
        for job in &blueprint.jobs {
            if scripts.contains_key(&job.script) {
                continue; // jobs may share a script
            }
            let path = source.resolve(&job.script);
            if let Ok(bytes) = std::fs::read(&path) {
                let digest = hex(&Sha256::digest(&bytes));
                scripts.insert(job.script.clone(), Script { path, digest });
            }
        }
        Scripts(scripts)
    }

    pub fn get(&self, script: &str) -> Option<&Script> {
        self.0.get(script)
    }

    /// Every script, by the path as the blueprint writes it, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Script)> {
        self.0.iter()
    }
}

/// Every job script that is missing, unreadable, too big or not a Spark script, at its field.
pub fn check(blueprint: &Blueprint, source: &Source) -> Vec<Problem> {
    let at = FieldPath::root().key("jobs");
    let mut problems = Vec::new();
    for (i, job) in blueprint.jobs.iter().enumerate() {
        let path = source.resolve(&job.script);
        if let Some(problem) = problem(&job.script, &path) {
            let (message, help) = problem;
            problems.push(Problem::new(at.index(i).key("script"), message, help));
        }
    }
    problems
}

fn problem(written: &str, path: &Path) -> Option<(String, Option<String>)> {
    let extension = path.extension().and_then(|e| e.to_str());
    if !matches!(extension, Some("py" | "scala")) {
        return Some((
            format!("job script `{written}` is neither a `.py` nor a `.scala` file"),
            Some("Glue Spark jobs run Python (`.py`) or Scala (`.scala`) scripts".to_string()),
        ));
    }
    match std::fs::metadata(path) {
        Err(e) => Some((
            format!(
                "cannot read job script `{written}` ({}): {e}",
                path.display()
            ),
            Some("the path is relative to the blueprint file".to_string()),
        )),
        Ok(m) if !m.is_file() => Some((
            format!("job script `{written}` ({}) is not a file", path.display()),
            None,
        )),
        Ok(m) if m.len() > MAX_BYTES => Some((
            format!(
                "job script `{written}` is {} bytes; scripts are limited to {MAX_BYTES} bytes",
                m.len()
            ),
            Some("ship libraries as --extra-py-files, not inside the script".to_string()),
        )),
        Ok(_) => None,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The language Glue runs a script in (its `--job-language` argument).
pub fn language(script: &str) -> &'static str {
    if script.ends_with(".scala") {
        "scala"
    } else {
        "python"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAKE: &str = "lake: {name: retail, environment: prod, region: us-east-1, owner: o}\n\
        roles: [{name: etl, purpose: etl, reads: [raw]}]\n";

    fn setup(name: &str, script: &str, jobs: &str) -> (PathBuf, Source, Blueprint) {
        let dir =
            std::env::temp_dir().join(format!("lakectl-scripts-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("etl")).unwrap();
        std::fs::write(dir.join("etl/clean.py"), script).unwrap();
        let mut source = Source::new("lake.yaml", format!("{LAKE}jobs: {jobs}\n"));
        source.dir = Some(dir.clone());
        let blueprint = source.parse().unwrap();
        (dir, source, blueprint)
    }

    #[test]
    fn a_script_is_keyed_by_its_content() {
        let (dir, source, blueprint) = setup(
            "key",
            "print('hi')\n",
            "[{name: clean, script: etl/clean.py, role: etl}]",
        );
        let scripts = Scripts::read(&blueprint, &source);
        let script = scripts.get("etl/clean.py").expect("read");
        assert_eq!(
            script.digest,
            "caf026f25d7140209f98072605307a438914b9ce6f3c14b23d15d9667241de52"
        );
        assert_eq!(script.key(), "scripts/caf026f25d714020/clean.py");
        assert_eq!(script.path, dir.join("etl/clean.py"));
        assert!(check(&blueprint, &source).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_and_foreign_scripts_are_reported_at_their_field() {
        let (dir, source, blueprint) = setup(
            "bad",
            "",
            "[{name: a, script: etl/gone.py, role: etl}, {name: b, script: etl/run.sh, role: etl}, \
             {name: c, script: etl, role: etl}]",
        );
        let problems: Vec<(String, String)> = check(&blueprint, &source)
            .into_iter()
            .map(|p| (p.path.to_string(), p.message))
            .collect();
        let gone = dir.join("etl/gone.py");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0].0, "jobs[0].script");
        assert!(
            problems[0].1.starts_with(&format!(
                "cannot read job script `etl/gone.py` ({}): ",
                gone.display()
            )),
            "{}",
            problems[0].1
        );
        assert_eq!(
            problems[1],
            (
                "jobs[1].script".to_string(),
                "job script `etl/run.sh` is neither a `.py` nor a `.scala` file".to_string()
            )
        );
        assert_eq!(problems[2].0, "jobs[2].script");
        assert!(
            Scripts::read(&blueprint, &source)
                .get("etl/gone.py")
                .is_none()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
