//! Everyday CLI habits: completions, the man page, several files to validate, `--color`,
//! `-q`, and logs on stderr.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn lakectl() -> Command {
    let mut command = Command::cargo_bin("lakectl").unwrap();
    command
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_LOG");
    command
}

fn retail() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints/retail-analytics.yaml")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_lakectl()"),
        ("zsh", "#compdef lakectl"),
        ("fish", "complete -c lakectl"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = lakectl().args(["completions", shell]).assert().code(0);
        let script = text(&out.get_output().stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("validate"), "{shell}");
    }
    lakectl().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_is_roff_and_names_every_command() {
    let out = lakectl().arg("man").assert().code(0);
    let page = text(&out.get_output().stdout);
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{}", &page[..40]);
    assert!(page.contains(".TH lakectl 1"), "{page}");
    for command in [
        "validate",
        "render",
        "plan",
        "deploy",
        "destroy",
        "audit",
        "completions",
    ] {
        assert!(page.contains(command), "{command}");
    }
}

#[test]
fn validate_takes_several_files_and_fails_if_any_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "lake:\n  name: Bad!\n").unwrap();
    let good = retail().display().to_string();
    let out = lakectl()
        .current_dir(dir.path())
        .args(["validate", &good, "bad.yaml", &good])
        .assert()
        .code(2);
    assert_eq!(
        text(&out.get_output().stdout),
        format!("{good}: valid\n{good}: valid\n")
    );
    let stderr = text(&out.get_output().stderr);
    assert!(stderr.starts_with("error: bad.yaml:"), "{stderr}");

    let out = lakectl()
        .current_dir(dir.path())
        .args(["validate", "--output", "json", &good, "bad.yaml"])
        .assert()
        .code(2);
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let files: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["valid"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        files,
        vec![(good.clone(), true), ("bad.yaml".to_string(), false)]
    );

    lakectl().args(["validate", &good, &good]).assert().code(0);
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let bp = dir.path().join("short.yaml");
    std::fs::write(
        &bp,
        "lake:\n  name: events\n  environment: dev\n  region: us-east-1\n  owner: team\nstreams:\n  - name: events\n    retention_hours: 24\n",
    )
    .unwrap();
    let audit = |extra: &[&str], env: Option<(&str, &str)>| {
        let mut command = lakectl();
        command.args(extra).args(["audit", "--static"]).arg(&bp);
        if let Some((key, value)) = env {
            command.env(key, value);
        }
        text(&command.assert().code(0).get_output().stdout)
    };
    let escape = "\u{1b}[";
    assert!(
        !audit(&[], None).contains(escape),
        "not a terminal: no colour"
    );
    assert!(audit(&["--color", "always"], None).contains(escape));
    assert!(audit(&[], Some(("CLICOLOR_FORCE", "1"))).contains(escape));
    assert!(!audit(&[], Some(("CLICOLOR_FORCE", "0"))).contains(escape));
    assert!(!audit(&["--color", "never"], Some(("CLICOLOR_FORCE", "1"))).contains(escape));
    let forced_but_no = {
        let mut command = lakectl();
        command
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
            .args(["audit", "--static"])
            .arg(&bp);
        text(&command.assert().code(0).get_output().stdout)
    };
    assert!(
        !forced_but_no.contains(escape),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
}

#[test]
fn quiet_silences_status_but_not_results_or_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bp = retail().display().to_string();
    let out_dir = dir.path().join("reports");
    let out = lakectl()
        .args([
            "-q",
            "audit",
            "--format",
            "json,sarif",
            "--fail-on",
            "never",
            "-o",
        ])
        .arg(&out_dir)
        .args(["--static", &bp])
        .assert()
        .code(0);
    assert_eq!(text(&out.get_output().stderr), "");
    assert!(out_dir.join("audit.sarif").exists());
    let out = lakectl().args(["validate", "-q", &bp]).assert().code(0);
    assert_eq!(text(&out.get_output().stdout), format!("{bp}: valid\n"));
    let out = lakectl()
        .args(["-q", "validate", "missing.yaml"])
        .assert()
        .code(2);
    assert!(text(&out.get_output().stderr).starts_with("error: missing.yaml"));
    lakectl().args(["-q", "-v", "rules"]).assert().code(2);
}

#[test]
fn verbose_and_rust_log_write_logs_on_stderr_only() {
    let closed = "http://127.0.0.1:9";
    let run = |extra: &[&str], rust_log: Option<&str>| {
        let mut command = lakectl();
        command
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args(extra)
            .args([
                "audit",
                "--all",
                "--region",
                "us-east-1",
                "--endpoint-url",
                closed,
            ]);
        if let Some(filter) = rust_log {
            command.env("RUST_LOG", filter);
        }
        let out = command.assert().code(2);
        (
            text(&out.get_output().stdout),
            text(&out.get_output().stderr),
        )
    };
    let (stdout, stderr) = run(&[], None);
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("DEBUG"), "{stderr}");
    let (stdout, stderr) = run(&["-v"], None);
    assert_eq!(stdout, "");
    assert!(stderr.contains("DEBUG lakectl"), "{stderr}");
    assert!(stderr.contains("aws configuration loaded"), "{stderr}");
    let (_, stderr) = run(&[], Some("aws_smithy_runtime=debug"));
    assert!(stderr.contains("aws_smithy_runtime"), "{stderr}");
    assert!(!stderr.contains("DEBUG lakectl"), "{stderr}");
}
