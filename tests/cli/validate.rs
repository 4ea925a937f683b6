//! `lakectl validate` and `lakectl schema`: exit codes, stdout/stderr, and the
//! JSON Schema against the reference blueprints.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn lakectl() -> Command {
    Command::cargo_bin("lakectl").unwrap()
}

fn blueprints() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn validate_accepts_every_reference_blueprint() {
    for path in blueprints() {
        let assert = lakectl().arg("validate").arg(&path).assert().code(0);
        assert_eq!(
            String::from_utf8_lossy(&assert.get_output().stdout),
            format!("{}: valid\n", path.display())
        );
    }
}

#[test]
fn validate_reports_every_error_on_stderr_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "bad.yaml",
        "lake:\n  name: retail\n  environment: prod\n  region: us-east-1\n  owner: me\nzones:\n  - name: raw\n    encryption: sse-s3\n  - name: raw\n",
    );
    let assert = lakectl()
        .current_dir(dir.path())
        .args(["validate", "bad.yaml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    insta::assert_snapshot!(stderr, @r"
    error: bad.yaml:8:17: zones[0].encryption: SSE-S3 is refused for zone `raw`: data must be encrypted with the lake's customer managed KMS key
      |
    8 |     encryption: sse-s3
      |                 ^^^^^^
      help: only `sse-kms` is accepted (customer managed keys, bucket keys on); remove the field to get it
      lens: ANALYTICS_SEC 4 (How are you securing data at rest?)
    error: bad.yaml:9:11: zones[1].name: duplicate zone `raw`
      |
    9 |   - name: raw
      |           ^^^
      help: the first is at `zones[0].name`; names must be unique
    2 errors found
    ");
    assert!(assert.get_output().stdout.is_empty());
}

#[test]
fn validate_json_output_lists_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "bad.yaml",
        "lake:\n  name: retail\n  environment: prod\n  region: nowhere\n  owner: me\n",
    );
    let assert = lakectl()
        .current_dir(dir.path())
        .args(["validate", "--output", "json", "bad.yaml"])
        .assert()
        .code(2);
    let report: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(
        report,
        serde_json::json!({
            "file": "bad.yaml",
            "valid": false,
            "errors": [{
                "file": "bad.yaml",
                "position": {"line": 4, "column": 11},
                "path": "lake.region",
                "message": "invalid region `nowhere`",
                "help": "allowed: an AWS region such as `us-east-1` or `eu-central-2`",
                "lens": null
            }]
        })
    );
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let assert = lakectl()
        .args(["validate", "no/such/blueprint.yaml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.starts_with("error: no/such/blueprint.yaml: (document): cannot read the blueprint: No such file or directory"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    lakectl().arg("frobnicate").assert().code(2);
    lakectl().args(["validate"]).assert().code(2);
}

#[test]
fn the_schema_accepts_every_reference_blueprint_and_rejects_unknown_fields() {
    let output = lakectl()
        .arg("schema")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let schema: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for path in blueprints() {
        let yaml = std::fs::read_to_string(&path).unwrap();
        let instance: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let bad = serde_json::json!({"lake": {"name": "x", "environment": "e", "region": "us-east-1", "owner": "o", "colour": "blue"}});
    assert!(!validator.is_valid(&bad));
    let stream = |metrics: serde_json::Value| {
        serde_json::json!({"lake": {"name": "x", "environment": "e", "region": "us-east-1", "owner": "o"},
            "streams": [{"name": "s", "shard_metrics": metrics}]})
    };
    assert!(validator.is_valid(&stream(serde_json::json!("all"))));
    assert!(validator.is_valid(&stream(serde_json::json!(["IteratorAgeMilliseconds"]))));
    assert!(!validator.is_valid(&stream(serde_json::json!(["IteratorAge"]))));
    assert!(!validator.is_valid(&stream(serde_json::json!("every"))));
    // Environment overrides are typed like the base: partial items by name, or whole lists.
    let lake =
        serde_json::json!({"name": "x", "environment": "e", "region": "us-east-1", "owner": "o"});
    let with =
        |prod: serde_json::Value| serde_json::json!({"lake": lake, "environments": {"prod": prod}});
    for good in [
        serde_json::json!({"zones": {"raw": {"versioning": true}}}),
        serde_json::json!({"zones": [{"name": "raw"}]}),
        serde_json::json!({"catalog": {"databases": {"sales": {"tables": {"orders": {"format": "orc"}}}}}}),
        serde_json::json!({"lake": {"region": "eu-west-1", "tags": {"tier": "1"}}}),
    ] {
        assert!(validator.is_valid(&with(good.clone())), "{good}");
    }
    for bad in [
        serde_json::json!({"zones": {"raw": {"versioning": "yes"}}}),
        serde_json::json!({"zones": [{"versioning": true}]}),
        serde_json::json!({"lake": {"name": "other"}}),
        serde_json::json!({"colour": "blue"}),
        serde_json::json!({"environments": {}}),
    ] {
        assert!(!validator.is_valid(&with(bad.clone())), "{bad}");
    }
}

const ENVIRONMENTS: &str = "lake:
  name: retail
  environment: test
  region: us-east-1
  owner: me
environments:
  dev:
    lake:
      region: eu-west-1
  prod:
    lake:
      name: shop
    zones:
      raw:
        versioning: false
      gold:
        versioning: true
    encryption:
      deletion_window_days: 3
";

#[test]
fn an_environment_override_is_refused_at_its_own_position() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "envs.yaml", ENVIRONMENTS);
    let assert = lakectl()
        .current_dir(dir.path())
        .args(["validate", "envs.yaml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    insta::assert_snapshot!("environment_override_errors", stderr);
    // Fixing what must not vary lets the guardrails of the merged blueprint be checked.
    let fixed = ENVIRONMENTS
        .replace("    lake:\n      name: shop\n", "")
        .replace("      gold:\n        versioning: true\n", "");
    write(&dir, "fixed.yaml", &fixed);
    let assert = lakectl()
        .current_dir(dir.path())
        .args(["validate", "--env", "prod", "fixed.yaml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    insta::assert_snapshot!("environment_guardrail_errors", stderr);
}

#[test]
fn an_undeclared_environment_is_refused_with_the_declared_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "envs.yaml", ENVIRONMENTS);
    let assert = lakectl()
        .current_dir(dir.path())
        .args(["validate", "--env", "qa", "envs.yaml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    insta::assert_snapshot!("undeclared_environment", stderr);
    let assert = lakectl()
        .current_dir(dir.path())
        .args(["validate", "--env", "dev", "envs.yaml"])
        .assert()
        .code(0);
    assert_eq!(
        String::from_utf8_lossy(&assert.get_output().stdout),
        "envs.yaml: valid\n"
    );
}
