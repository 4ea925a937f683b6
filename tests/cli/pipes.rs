//! Every command with its stdout or stderr closed early (`lakectl … | head -1`): it must finish
//! quietly, never panic (a panic is exit 101 with "panicked" on stderr).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn retail() -> PathBuf {
    root().join("blueprints/retail-analytics.yaml")
}

/// Every command, with arguments that make it write; the AWS ones go to a closed port and fail
/// (their error is what they write, on stderr).
fn commands(out: &Path) -> Vec<Vec<String>> {
    let bp = retail().display().to_string();
    let out = out.display().to_string();
    let closed = "http://127.0.0.1:9".to_string();
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let with = |mut a: Vec<String>, extra: &[&str]| {
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    vec![
        args(&["--help"]),
        args(&["--version"]),
        with(args(&["validate"]), &[&bp, &bp]),
        with(args(&["validate", "--output", "json"]), &[&bp]),
        with(args(&["validate"]), &["does-not-exist.yaml"]),
        with(args(&["render"]), &[&bp, "-o", &out]),
        args(&["schema"]),
        args(&["rules"]),
        args(&["rules", "--format", "markdown"]),
        with(args(&["audit", "--format", "json", "--static"]), &[&bp]),
        with(args(&["audit", "--format", "text", "--static"]), &[&bp]),
        with(args(&["audit", "--format", "sarif", "--static"]), &[&bp]),
        with(args(&["audit", "--all", "--endpoint-url"]), &[&closed]),
        with(args(&["plan"]), &[&bp, "--endpoint-url", &closed]),
        with(args(&["deploy"]), &[&bp, "--endpoint-url", &closed]),
        with(args(&["destroy"]), &[&bp, "--endpoint-url", &closed]),
        args(&["completions", "bash"]),
        args(&["man"]),
    ]
}

#[derive(Clone, Copy, Debug)]
enum Close {
    /// Close stdout before the command writes anything.
    StdoutAtOnce,
    /// Read stdout's first byte, then close it (`| head -c1`).
    StdoutAfterOneByte,
    /// Close stderr before the command writes anything.
    StderrAtOnce,
}

/// Runs `args` with one stream closed early; returns the exit code and the other stream.
fn run(args: &[String], close: Close) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lakectl"));
    command
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut other = String::new();
    match close {
        Close::StdoutAtOnce => {
            drop(stdout);
            stderr.read_to_string(&mut other).unwrap();
        }
        Close::StdoutAfterOneByte => {
            let _ = stdout.read(&mut [0u8; 1]);
            drop(stdout);
            stderr.read_to_string(&mut other).unwrap();
        }
        Close::StderrAtOnce => {
            drop(stderr);
            stdout.read_to_string(&mut other).unwrap();
        }
    }
    let status = child.wait().unwrap();
    (status.code(), other)
}

#[test]
fn no_command_panics_when_its_output_is_closed_early() {
    let dir = tempfile::tempdir().unwrap();
    for close in [
        Close::StdoutAtOnce,
        Close::StdoutAfterOneByte,
        Close::StderrAtOnce,
    ] {
        for args in commands(&dir.path().join("rendered")) {
            let (code, other) = run(&args, close);
            let what = format!("lakectl {} with {close:?}", args.join(" "));
            assert_ne!(code, Some(101), "{what} panicked: {other}");
            assert!(code.is_some(), "{what} was killed by a signal");
            assert!(!other.contains("panicked"), "{what}: {other}");
            assert!(!other.contains("Broken pipe"), "{what}: {other}");
        }
    }
}

#[test]
fn a_closed_stdout_keeps_the_commands_exit_code() {
    let bp = retail().display().to_string();
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (code, _) = run(&args(&["validate", &bp]), Close::StdoutAtOnce);
    assert_eq!(code, Some(0));
    let (code, stderr) = run(&args(&["validate", "missing.yaml"]), Close::StdoutAtOnce);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.starts_with("error: missing.yaml"), "{stderr}");
}
