//! Confirmation and saved plans, where they stop before calling AWS: no terminal, a garbled plan
//! file, a plan made from another blueprint. (tests/aws/deploy.rs applies saved plans.)

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use lakectl::plan::saved::blueprint_fingerprint;

fn lakectl() -> Command {
    let mut command = Command::cargo_bin("lakectl").unwrap();
    // No terminal: assert_cmd gives the child pipes. No AWS either: nothing here may reach it.
    command
        .env_remove("NO_COLOR")
        .env_remove("RUST_LOG")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    command
}

fn blueprint(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("blueprints")
        .join(name)
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn deploy_and_destroy_refuse_without_a_terminal_and_without_yes() {
    let path = blueprint("retail-analytics.yaml");
    let out = lakectl()
        .arg("deploy")
        .arg(&path)
        .write_stdin("yes\n")
        .assert()
        .code(2);
    assert_eq!(
        stderr(&out),
        "error: deploy asks for confirmation, but stdin is not a terminal: nothing was changed; \
         pass --yes to deploy without asking, or apply a reviewed plan: `lakectl plan BLUEPRINT \
         --out plan.json`, then `lakectl deploy --plan plan.json`\n"
    );
    let out = lakectl()
        .args(["destroy", "--force"])
        .arg(&path)
        .assert()
        .code(2);
    assert_eq!(
        stderr(&out),
        "error: destroy asks for confirmation, but stdin is not a terminal: nothing was changed; \
         pass --yes to destroy without asking\n"
    );
}

#[test]
fn yes_skips_the_question() {
    // An invalid blueprint: with --yes the run gets as far as loading it.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "lake:\n  name: Bad!\n").unwrap();
    for command in [["deploy", "--yes"], ["destroy", "-y"]] {
        let out = lakectl().args(command).arg(&bad).assert().code(2);
        let text = stderr(&out);
        assert!(!text.contains("confirmation"), "{text}");
        assert!(text.contains("bad.yaml"), "{text}");
    }
}

#[test]
fn a_corrupt_plan_file_is_an_error_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.json"),
        "{\"format_version\": 1,\n  \"lake\": \"x\"",
    )
    .unwrap();
    let out = lakectl()
        .current_dir(dir.path())
        .args(["deploy", "--plan", "plan.json"])
        .assert()
        .code(2);
    assert_eq!(
        stderr(&out),
        "error: plan.json:2:13: not a lakectl plan file (EOF while parsing an object); make one \
         with `lakectl plan BLUEPRINT --out plan.json`\n"
    );
}

#[test]
fn a_plan_for_another_blueprint_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let retail = blueprint("retail-analytics.yaml");
    let plan = serde_json::json!({
        "format_version": 1,
        "lakectl_version": env!("CARGO_PKG_VERSION"),
        "blueprint": "retail-analytics.yaml",
        "lake": "retail",
        "account": "000000000000",
        "region": "us-east-1",
        "created_at": "2026-01-02T03:04:05Z",
        "fingerprints": {
            "blueprint": blueprint_fingerprint(&std::fs::read(&retail).unwrap()),
            "live": "sha256:00",
        },
        "plan": {
            "format_version": 1,
            "lake": "retail",
            "environment": "dev",
            "region": "us-east-1",
            "account": "000000000000",
            "resources": [],
        },
    });
    std::fs::write(dir.path().join("plan.json"), plan.to_string()).unwrap();
    let other = blueprint("streaming-minimal.yaml");
    let out = lakectl()
        .current_dir(dir.path())
        .args(["deploy", "--plan", "plan.json"])
        .arg(&other)
        .assert()
        .code(2);
    assert_eq!(
        stderr(&out),
        format!(
            "error: {0} is not the blueprint plan.json was made from (retail-analytics.yaml, \
             planned at 2026-01-02 03:04:05 UTC by lakectl {1}): the blueprint changed since, it \
             is another one, or lakectl was upgraded; make the plan again with `lakectl plan {0} \
             --out plan.json`\n",
            other.display(),
            env!("CARGO_PKG_VERSION")
        )
    );
}
