//! Whole-process runs of `lakectl audit --static` and `lakectl rules`: exit codes for
//! `--fail-on` and suppressions, report files, and clear errors.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::SHORT_RETENTION;

fn lakectl() -> Command {
    Command::cargo_bin("lakectl").unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn fail_on_decides_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let bp = write(&dir, "events.yaml", SHORT_RETENTION);
    let assert = lakectl()
        .args(["audit", "--static"])
        .arg(&bp)
        .assert()
        .code(0);
    let out = stdout(&assert);
    assert!(out.contains("LK-KIN-002"), "{out}");
    assert!(out.contains("nothing failing at or above high"), "{out}");
    lakectl()
        .args(["audit", "--fail-on", "low", "--static"])
        .arg(&bp)
        .assert()
        .code(1);
    lakectl()
        .args(["audit", "--fail-on", "never", "--static"])
        .arg(&bp)
        .assert()
        .code(0);
}

#[test]
fn suppressions_accept_findings_until_they_expire() {
    let dir = tempfile::tempdir().unwrap();
    let bp = write(&dir, "events.yaml", SHORT_RETENTION);
    let current = write(
        &dir,
        "current.yaml",
        "- rule: LK-KIN-002\n  resource: 'arn:aws:kinesis:*:stream/events-dev-events'\n  reason: replayed from the source\n  expires: 2999-12-31\n",
    );
    let assert = lakectl()
        .args([
            "audit",
            "--fail-on",
            "low",
            "--format",
            "json",
            "--suppressions",
        ])
        .arg(&current)
        .arg("--static")
        .arg(&bp)
        .assert()
        .code(0);
    let report: serde_json::Value = serde_json::from_str(&stdout(&assert)).unwrap();
    assert_eq!(report["schema"], "lakectl.audit/v1");
    assert_eq!(report["summary"]["suppressed"], 1);
    let expired = write(
        &dir,
        "expired.yaml",
        "- rule: stream-retention-under-seven-days\n  resource: '*'\n  reason: replayed from the source\n  expires: 2000-01-01\n",
    );
    let assert = lakectl()
        .args(["audit", "--fail-on", "low", "--suppressions"])
        .arg(&expired)
        .arg("--static")
        .arg(&bp)
        .assert()
        .code(1);
    assert!(stdout(&assert).contains("[expired suppression: replayed from the source]"));
}

#[test]
fn an_invalid_suppressions_file_is_an_error_that_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let bp = write(&dir, "events.yaml", SHORT_RETENTION);
    let bad = write(
        &dir,
        "bad.yaml",
        "- rule: LK-NOPE-001\n  resource: '*'\n  reason: r\n  expires: 31/12/2026\n",
    );
    let assert = lakectl()
        .args(["audit", "--suppressions"])
        .arg(&bad)
        .arg("--static")
        .arg(&bp)
        .assert()
        .code(2);
    let err = stderr(&assert);
    assert!(err.contains("entry 1: unknown rule `LK-NOPE-001`"), "{err}");
    assert!(
        err.contains("entry 1: `expires` is not a date: `31/12/2026`"),
        "{err}"
    );
}

#[test]
fn several_formats_go_to_their_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let bp = write(&dir, "events.yaml", SHORT_RETENTION);
    let out = dir.path().join("reports");
    lakectl()
        .args([
            "audit",
            "--format",
            "sarif,junit,markdown,html,wa-lens,json,text",
            "--out",
        ])
        .arg(&out)
        .arg("--static")
        .arg(&bp)
        .assert()
        .code(0);
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "audit.html",
            "audit.json",
            "audit.junit.xml",
            "audit.md",
            "audit.sarif",
            "audit.txt",
            "audit.wa-lens.json"
        ]
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("audit.sarif")).unwrap()).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "LK-KIN-002");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"], 7,
        "the stream's line"
    );
    lakectl()
        .args(["audit", "--format", "sarif,json", "--static"])
        .arg(&bp)
        .assert()
        .code(2);
}

#[test]
fn errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(&dir, "bad.yaml", "lake:\n  name: x\n");
    lakectl()
        .args(["audit", "--static"])
        .arg(&bad)
        .assert()
        .code(2);
    let assert = lakectl()
        .args([
            "audit",
            "--all",
            "--region",
            "us-east-1",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_STS")
        .assert()
        .code(2);
    assert_eq!(
        stderr(&assert),
        "error: connection refused by http://127.0.0.1:9 (sts:GetCallerIdentity); is the endpoint running? (for the local emulators: `eval \"$(localstack/up)\"`)\n"
    );
    lakectl().arg("audit").assert().code(2);
}

/// The first line of a failed run's stderr: clap follows it with the usage.
fn first_error_line(args: &[&str]) -> String {
    let assert = lakectl().args(args).assert().code(2);
    stderr(&assert)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn organization_and_region_all_are_checked_before_any_call() {
    assert_eq!(
        first_error_line(&[
            "audit",
            "--all",
            "--organization",
            "--accounts",
            "111111111111",
            "--role-name",
            "Audit",
        ]),
        "error: the argument '--organization' cannot be used with '--accounts <ID,ID...>'"
    );
    assert_eq!(
        first_error_line(&[
            "audit",
            "--all",
            "--organization",
            "--accounts-file",
            "accounts.txt",
            "--role-name",
            "Audit",
        ]),
        "error: the argument '--organization' cannot be used with '--accounts-file <FILE>'"
    );
    let assert = lakectl()
        .args(["audit", "--all", "--organization"])
        .assert()
        .code(2);
    assert!(
        stderr(&assert).starts_with(
            "error: the following required arguments were not provided:\n  --role-name <NAME>\n"
        ),
        "{}",
        stderr(&assert)
    );
    assert_eq!(
        first_error_line(&["audit", "--all", "--role-name", "Audit"]),
        "error: --role-name needs the accounts to assume it in: `--accounts ID,ID`, \
         `--accounts-file FILE` or `--organization`"
    );
    for args in [
        &["audit", "--all", "--region", "eu-west-1,all"][..],
        &[
            "audit",
            "--all",
            "--regions",
            "all",
            "--region",
            "eu-west-1",
        ],
    ] {
        assert_eq!(
            first_error_line(args),
            "error: --region all (every region enabled in each account) cannot be mixed with \
             named regions (eu-west-1); give either `all` or the regions"
        );
    }
    assert_eq!(
        first_error_line(&["audit", "--region", "all", "--static", "lake.yaml"]),
        "error: several regions or accounts are audited with `--all` alone: `--blueprint` and \
         `--static` audit one lake, in its own region"
    );
}

#[test]
fn rules_lists_the_catalogue_and_docs_match() {
    let assert = lakectl()
        .args(["rules", "--format", "markdown"])
        .assert()
        .code(0);
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
        .unwrap();
    assert_eq!(
        stdout(&assert),
        docs,
        "regenerate with `cargo run -- rules --format markdown > docs/rules.md`"
    );
    let assert = lakectl().arg("rules").assert().code(0);
    assert!(stdout(&assert).starts_with("ID "));
    let assert = lakectl()
        .args(["rules", "--format", "json"])
        .assert()
        .code(0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&assert)).unwrap();
    assert_eq!(json["schema"], "lakectl.rules/v1");
}
