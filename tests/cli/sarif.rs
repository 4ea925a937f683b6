//! `lakectl audit --static --format sarif` on the reference blueprints, checked by Microsoft's SARIF
//! Multitool (installed by scripts/setup) with its SARIF 2.1.0 rules and its GitHub code scanning
//! rules, and for what GitHub needs of every result.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::SHORT_RETENTION;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The Multitool's executable; the test fails, never skips, when it is missing.
fn multitool() -> PathBuf {
    let path = std::env::var_os("LAKECTL_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(ROOT).join(".tools/sarif-multitool/bin/sarif-multitool"));
    assert!(
        path.is_file(),
        "the SARIF Multitool is not installed at {}: run scripts/setup (it installs it from npm)",
        path.display()
    );
    path
}

/// The SARIF of `audit --static`, run in `cwd` with the blueprint path as typed.
fn static_sarif(cwd: &Path, blueprint: &str) -> String {
    let output = Command::cargo_bin("lakectl")
        .unwrap()
        .current_dir(cwd)
        .args([
            "audit",
            "--format",
            "sarif",
            "--fail-on",
            "never",
            "--static",
            blueprint,
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{blueprint}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn reference_blueprints_give_sarif_the_multitool_accepts() {
    let tool = multitool();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("events.yaml"), SHORT_RETENTION).unwrap();
    let blueprints = [
        (Path::new(ROOT), "blueprints/retail-analytics.yaml"),
        (Path::new(ROOT), "blueprints/multi-tenant.yaml"),
        (dir.path(), "events.yaml"),
    ];
    for (cwd, name) in blueprints {
        let input = dir.path().join(format!("{name}.sarif").replace('/', "-"));
        let output = dir
            .path()
            .join(format!("{name}.validation.sarif").replace('/', "-"));
        std::fs::write(&input, static_sarif(cwd, name)).unwrap();
        let run = std::process::Command::new(&tool)
            .args([
                "validate",
                "--rule-kind",
                "Sarif;Gh",
                "--level",
                "Error;Warning",
            ])
            .args(["--log", "ForceOverwrite", "--output"])
            .arg(&output)
            .arg(&input)
            .output()
            .expect("the SARIF Multitool runs");
        let console = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "{name}:\n{console}");
        let validation: Value =
            serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
        let problems = validation["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(problems.is_empty(), "{name}:\n{console}");
    }
}

/// GitHub's upload limits: one run per file (at most 20), and every result with a physical
/// location relative to a declared base, at a line of the blueprint. An absolute blueprint path
/// comes out relative to the working directory.
#[test]
fn every_result_points_at_the_blueprint_relative_to_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("lakes")).unwrap();
    let absolute = dir.path().join("lakes/events.yaml");
    std::fs::write(&absolute, SHORT_RETENTION).unwrap();
    let sarif: Value =
        serde_json::from_str(&static_sarif(dir.path(), absolute.to_str().unwrap())).unwrap();
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 25_000);
    let lines = std::fs::read_to_string(&absolute).unwrap().lines().count() as u64;
    for result in results {
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"],
            serde_json::json!({"uri": "lakes/events.yaml", "uriBaseId": "%SRCROOT%"}),
        );
        let line = physical["region"]["startLine"].as_u64().unwrap();
        assert!((1..=lines).contains(&line), "{result}");
    }
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 7, "startColumn": 5}),
        "the stream's line and column"
    );
    assert_eq!(run["automationDetails"]["id"], "lakectl/static/events-dev/");
}
