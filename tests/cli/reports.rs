//! Whole-process runs of `lakectl report render` and `lakectl report merge` on saved JSON
//! reports: the files they write, their exit codes and their errors. Merging real shards of an
//! emulated organisation is tested in tests/aws/accounts.rs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::SHORT_RETENTION;

const FORMATS: &str = "sarif,junit,markdown,html,wa-lens,json,text";

fn lakectl() -> Command {
    Command::cargo_bin("lakectl").unwrap()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// `audit --static` of the short-retention blueprint, every format into `dir/audit`.
fn audited(dir: &Path) -> PathBuf {
    let bp = dir.join("events.yaml");
    std::fs::write(&bp, SHORT_RETENTION).unwrap();
    let out = dir.join("audit");
    lakectl()
        .args(["audit", "--fail-on", "medium", "--format", FORMATS, "-o"])
        .arg(&out)
        .arg("--static")
        .arg(&bp)
        .assert()
        .code(0);
    out
}

/// The saved report, made into one shard of an account audit of `account`.
fn shard(dir: &Path, saved: &str, account: &str, shard: &str) -> PathBuf {
    let mut report: serde_json::Value = serde_json::from_str(saved).unwrap();
    report["target"] = serde_json::json!({
        "kind": "accounts", "accounts": [account], "regions": ["us-east-1"], "shard": shard,
    });
    for finding in report["findings"].as_array_mut().unwrap() {
        finding["resource"]["account"] = account.into();
        finding.as_object_mut().unwrap().remove("location");
    }
    let path = dir.join(format!("shard-{shard}.json").replace('/', "of"));
    std::fs::write(&path, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    path
}

#[test]
fn render_writes_every_format_exactly_as_the_audit_did() {
    let dir = tempfile::tempdir().unwrap();
    let audit = audited(dir.path());
    let again = dir.path().join("again");
    lakectl()
        .args(["report", "render", "--format", FORMATS, "-o"])
        .arg(&again)
        .arg(audit.join("audit.json"))
        .assert()
        .code(0);
    for name in [
        "audit.html",
        "audit.json",
        "audit.junit.xml",
        "audit.md",
        "audit.sarif",
        "audit.txt",
        "audit.wa-lens.json",
    ] {
        assert_eq!(read(&again.join(name)), read(&audit.join(name)), "{name}");
    }
    // The saved threshold (medium) decides, unless `--fail-on` replaces it.
    let json = audit.join("audit.json");
    lakectl()
        .args(["report", "render"])
        .arg(&json)
        .assert()
        .code(0);
    lakectl()
        .args(["report", "render", "--fail-on", "low"])
        .arg(&json)
        .assert()
        .code(1);
}

#[test]
fn merge_joins_shards_into_one_audit_of_every_account() {
    let dir = tempfile::tempdir().unwrap();
    let saved = read(&audited(dir.path()).join("audit.json"));
    let one = shard(dir.path(), &saved, "111111111111", "1/2");
    let two = shard(dir.path(), &saved, "222222222222", "2/2");
    let out = dir.path().join("merged");
    let assert = lakectl()
        .args([
            "report",
            "merge",
            "--fail-on",
            "low",
            "--format",
            "json,sarif,html",
            "-o",
        ])
        .arg(&out)
        .arg(&two)
        .arg(&one)
        .assert()
        .code(1);
    assert!(
        stderr(&assert).contains("2 failing at or above low"),
        "{}",
        stderr(&assert)
    );
    let merged: serde_json::Value = serde_json::from_str(&read(&out.join("audit.json"))).unwrap();
    let shard: serde_json::Value = serde_json::from_str(&read(&one)).unwrap();
    assert_eq!(
        merged["target"],
        serde_json::json!({
            "kind": "accounts",
            "accounts": ["111111111111", "222222222222"],
            "regions": ["us-east-1"],
            "shard": null,
        })
    );
    let count = |r: &serde_json::Value| r["findings"].as_array().unwrap().len();
    assert_eq!(count(&merged), 2 * count(&shard));
    assert_eq!(merged["summary"]["fail"], 2);
    assert_eq!(merged["complete"], true);
    let accounts: Vec<&str> = merged["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account"].as_str().unwrap())
        .collect();
    assert_eq!(accounts, ["111111111111", "222222222222"]);
    // Without a blueprint, SARIF results point at the account, region and service.
    let sarif: serde_json::Value = serde_json::from_str(&read(&out.join("audit.sarif"))).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        [
            "aws/111111111111/us-east-1/kinesis",
            "aws/222222222222/us-east-1/kinesis"
        ]
    );
    let html = read(&out.join("audit.html"));
    assert!(
        html.contains("id=\"account-111111111111\""),
        "a drill-down per account"
    );
    assert!(html.contains("id=\"account-222222222222\""));
}

#[test]
fn reports_that_cannot_be_merged_or_read_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let audit = audited(dir.path());
    let saved = read(&audit.join("audit.json"));
    let one = shard(dir.path(), &saved, "111111111111", "1/2");
    let cases: Vec<(Vec<PathBuf>, String)> = vec![
        (
            vec![one.clone(), one.clone()],
            format!(
                "error: {}: account 111111111111 in us-east-1 is also in {}: the reports overlap (shards of different --shard N, or the same file twice?)\n",
                one.display(),
                one.display()
            ),
        ),
        (
            vec![audit.join("audit.json")],
            format!(
                "error: {}: a static audit of {}: only account audits (`lakectl audit --all`) are merged; re-render it alone with `lakectl report render`\n",
                audit.join("audit.json").display(),
                dir.path().join("events.yaml").display()
            ),
        ),
        (
            vec![one.clone(), audit.join("audit.sarif")],
            format!(
                "error: {}: not a lakectl audit report: it has no `schema` field (write one with `lakectl audit --format json`)\n",
                audit.join("audit.sarif").display()
            ),
        ),
    ];
    for (inputs, expected) in cases {
        let assert = lakectl()
            .args(["report", "merge"])
            .args(&inputs)
            .assert()
            .code(2);
        assert_eq!(stderr(&assert), expected);
    }
    let missing = dir.path().join("missing.json");
    let assert = lakectl()
        .args(["report", "render"])
        .arg(&missing)
        .assert()
        .code(2);
    assert!(
        stderr(&assert).starts_with(&format!("error: {}: cannot read it: ", missing.display())),
        "{}",
        stderr(&assert)
    );
    // Nothing is written when a report cannot be read.
    let out = dir.path().join("never");
    lakectl()
        .args(["report", "merge", "--format", "json,html", "-o"])
        .arg(&out)
        .arg(&one)
        .arg(&missing)
        .assert()
        .code(2);
    assert!(!out.exists());
}
