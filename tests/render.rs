//! `lakectl render`: snapshots of every reference blueprint, YAML/JSON equivalence, escaping
//! of arbitrary strings, cfn-lint on every rendered template, the manifest, template overrides.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use lakectl::compile::{self, CompileOptions};
use lakectl::model::{Model, Prop};
use lakectl::render::{Format, Renderer};
use proptest::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every reference blueprint, by file stem, sorted: new blueprints are covered by adding them.
fn blueprints() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("blueprints"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    found.sort();
    assert!(found.len() >= 6, "reference blueprints missing: {found:?}");
    found
}

fn compile(path: &Path) -> Model {
    let (blueprint, source) = lakectl::load::file(path, None).unwrap_or_else(|d| panic!("{d}"));
    compile::compile(&blueprint, &CompileOptions::reading(&blueprint, &source))
}

fn lakectl() -> Command {
    Command::cargo_bin("lakectl").unwrap()
}

fn render_cli(blueprint: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    lakectl()
        .arg("render")
        .arg(blueprint)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn yaml_value(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("invalid YAML: {e}\n{text}"))
}

fn json_value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON: {e}\n{text}"))
}

fn manifest_paths(manifest: &Value, kind: &str) -> Vec<String> {
    manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_reference_blueprint_renders_as_snapshotted() {
    for (name, path) in blueprints() {
        let dir = tempfile::tempdir().unwrap();
        let output = render_cli(&path, dir.path(), &[]);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let manifest_text = read(&dir.path().join("manifest.json"));
        let manifest = json_value(&manifest_text);
        let iam = manifest_paths(&manifest, "iam-policy");
        let bucket = manifest_paths(&manifest, "bucket-policy");
        let iam = iam.first().expect("every blueprint has a role");
        // The first zone bucket: the access-log bucket comes first and has no KMS statements.
        let bucket = bucket
            .iter()
            .find(|p| !p.ends_with("access-logs.json"))
            .unwrap();
        let mut snapshot = String::new();
        for file in ["cloudformation.yaml", iam, bucket, "manifest.json"] {
            snapshot.push_str(&format!("--- {file} ---\n{}", read(&dir.path().join(file))));
        }
        insta::assert_snapshot!(name.as_str(), snapshot);
    }
}

/// `render --env`: the environment's overrides, names and tags; the base stays the snapshot above.
#[test]
fn each_environment_of_retail_analytics_renders_as_snapshotted() {
    let path = root().join("blueprints/retail-analytics.yaml");
    for env in ["dev", "prod"] {
        let dir = tempfile::tempdir().unwrap();
        let output = render_cli(&path, dir.path(), &["--env", env]);
        assert!(
            output.status.success(),
            "{env}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut snapshot = String::new();
        for file in ["cloudformation.yaml", "manifest.json"] {
            snapshot.push_str(&format!("--- {file} ---\n{}", read(&dir.path().join(file))));
        }
        insta::assert_snapshot!(format!("retail-analytics-{env}"), snapshot);
    }
}

/// Job scripts are written at their content keys, byte for byte, for `aws s3 sync`.
#[test]
fn job_scripts_are_written_at_their_keys() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = render_cli(&root().join("blueprints/batch-etl.yaml"), &out, &[]);
    assert!(output.status.success());
    for script in ["orders_to_parquet.py", "daily_revenue.py"] {
        let source = std::fs::read(root().join("blueprints/etl").join(script)).unwrap();
        let digest: String = Sha256::digest(&source)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let written = out.join("scripts").join(&digest[..16]).join(script);
        assert_eq!(
            std::fs::read(&written).unwrap(),
            source,
            "{}",
            written.display()
        );
    }
}

#[test]
fn the_command_lists_what_it_wrote_and_the_manifest_matches_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = render_cli(
        &root().join("blueprints/streaming-minimal.yaml"),
        &out,
        &["--format", "json"],
    );
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!(
            "rendered events (dev) into {}:
  wrote cloudformation.json
  wrote iam/events-dev-ingestion.json
  wrote iam/events-dev-ingestion.trust.json
  wrote bucket-policies/access-logs.json
  wrote bucket-policies/raw.json
  wrote bucket-policies/cleansed.json
  wrote bucket-policies/curated.json
  wrote bucket-policies/athena-results.json
  wrote manifest.json
",
            out.display()
        )
    );
    let manifest = json_value(&read(&out.join("manifest.json")));
    let mut listed = Vec::new();
    for entry in manifest["files"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap();
        let digest: String = Sha256::digest(std::fs::read(out.join(path)).unwrap())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(entry["sha256"], digest.as_str(), "{path}");
        listed.push(path.to_string());
    }
    let mut on_disk: Vec<String> = walk(&out)
        .into_iter()
        .filter(|p| p != "manifest.json")
        .collect();
    on_disk.sort();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert_eq!(manifest["format"], "json");
    json_value(&read(&out.join("cloudformation.json")));
}

fn walk(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.extend(walk(&path).into_iter().map(|p| format!("{name}/{p}")));
        } else {
            files.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    files
}

#[test]
fn json_and_yaml_templates_have_the_same_structure() {
    let yaml = Renderer::new(Format::Yaml, None).unwrap();
    let json = Renderer::new(Format::Json, None).unwrap();
    for (name, path) in blueprints() {
        let model = compile(&path);
        let from_yaml = yaml_value(&yaml.template(&model).unwrap());
        let from_json = json_value(&json.template(&model).unwrap());
        assert_eq!(from_yaml, from_json, "{name}");
    }
}

#[test]
fn the_account_is_resolved_in_policy_files_only_when_known() {
    let blueprint = root().join("blueprints/retail-analytics.yaml");
    let dir = tempfile::tempdir().unwrap();
    let known = dir.path().join("known");
    assert!(
        render_cli(&blueprint, &known, &["--account-id", "123456789012"])
            .status
            .success()
    );
    let policy = read(&known.join("bucket-policies/raw.json"));
    assert!(policy.contains("arn:aws:s3:::retail-raw-prod-123456789012-us-east-1/*"));
    assert!(!policy.contains("${AWS::AccountId}"));
    // Key ARNs exist only once the keys do.
    assert!(policy.contains("${KeyRaw.Arn}"));

    let unknown = dir.path().join("unknown");
    assert!(render_cli(&blueprint, &unknown, &[]).status.success());
    let policy = read(&unknown.join("bucket-policies/raw.json"));
    assert!(policy.contains("arn:aws:s3:::retail-raw-prod-${AWS::AccountId}-us-east-1/*"));

    let output = render_cli(&blueprint, &unknown, &["--account-id", "12345"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "error: --account-id \"12345\" must be exactly 12 digits"
    );
}

#[test]
fn a_template_override_is_used_and_a_broken_one_changes_nothing() {
    let blueprint = root().join("blueprints/streaming-minimal.yaml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // An override directory is a copy of templates/ (every file), edited.
    let templates = dir.path().join("templates");
    for file in walk(&root().join("templates")) {
        let target = templates.join(&file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(root().join("templates").join(&file), target).unwrap();
    }

    std::fs::write(
        templates.join("cloudformation.yaml.hbs"),
        "Description: {{description}}\nResources:\n{{#each streams}}\n  {{logical_id}}:\n    Type: AWS::Kinesis::Stream\n{{/each}}\n",
    )
    .unwrap();
    let dir_arg = templates.to_str().unwrap();
    let output = render_cli(&blueprint, &out, &["--templates-dir", dir_arg]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        read(&out.join("cloudformation.yaml")),
        "Description: \"lakectl: the events data lake (dev) in us-east-1\"\nResources:\n  StreamEvents:\n    Type: AWS::Kinesis::Stream\n"
    );
    let before = read(&out.join("manifest.json"));

    std::fs::write(
        templates.join("cloudformation.yaml.hbs"),
        "Resources:\n{{#each streams}}\n  {{logical_id}}:\n",
    )
    .unwrap();
    let output = render_cli(&blueprint, &out, &["--templates-dir", dir_arg]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let file = templates.join("cloudformation.yaml.hbs");
    assert!(
        stderr.contains(&format!("{}:4:1: invalid template", file.display())),
        "{stderr}"
    );

    std::fs::write(
        templates.join("cloudformation.yaml.hbs"),
        "Resources:\n  {{no_such_field}}: x\n",
    )
    .unwrap();
    let output = render_cli(&blueprint, &out, &["--templates-dir", dir_arg]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:2:3: rendering failed", file.display()))
            && stderr.contains("no_such_field"),
        "{stderr}"
    );

    std::fs::write(
        templates.join("cloudformation.yaml.hbs"),
        "a: [{{description}}\n",
    )
    .unwrap();
    let output = render_cli(&blueprint, &out, &["--templates-dir", dir_arg]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("rendered an invalid cloudformation.yaml"),
        "{stderr}"
    );

    std::fs::remove_file(templates.join("json/kms.hbs")).unwrap();
    let output = render_cli(
        &blueprint,
        &out,
        &["--templates-dir", dir_arg, "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        format!(
            "error: cannot read the template override {}: No such file or directory (os error 2) (--templates-dir must hold every file of lakectl's templates/ directory, with the same names)",
            templates.join("json/kms.hbs").display()
        )
    );

    assert_eq!(read(&out.join("manifest.json")), before, "output untouched");
}

/// Hostile strings for names, descriptions and tags.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,24}",
        "[\\x00-\\x1f\\x7f\\u{85}\\u{a0}\\u{2028}\\u{feff}a0:#'\"{}\\[\\],&*!|>%@`$ -]{0,12}",
        prop::sample::select(vec![
            "yes",
            "No",
            "null",
            "~",
            "0123",
            "1e3",
            "-",
            "- x",
            ": ",
            "a: b",
            "{{x}}",
            "${AWS::AccountId}",
            "${KeyRaw.Arn}",
            "${!x}",
            "<<",
            "? x",
            "#",
            "&a",
            "*a",
            "!Ref x",
            "%x",
            "@x",
            "\t",
            "",
            " ",
            "\n",
            "---",
            "...",
            "'",
            "\"",
        ])
        .prop_map(String::from),
    ]
}

/// The retail model with `s` planted in free-text and name fields; the render bypasses
/// blueprint validation this way.
fn plant(model: &mut Model, s: &[String]) {
    model.keys[0].description = s[0].clone();
    model.catalog.databases[0].description = Prop::Known(s[1].clone());
    model.workgroups[0].description = Prop::Known(s[2].clone());
    let table = &mut model.catalog.tables[0];
    let Prop::Known(columns) = &mut table.columns else {
        unreachable!()
    };
    columns[0].comment = Some(s[3].clone());
    columns[1].name = s[4].clone();
    for tags in [&mut model.keys[0].tags, &mut model.catalog.crawlers[0].tags] {
        let Prop::Known(tags) = tags else {
            unreachable!()
        };
        tags.insert(s[5].clone(), s[6].clone());
    }
    model.roles[0].name = s[7].clone();
    model.delivery_streams[0].prefix = Prop::Known(s[8].clone());
    model.catalog.crawlers[0].schedule = Prop::Known(Some(s[9].clone()));
}

/// The text CloudFormation makes of a string value: free text with `${` is rendered as an
/// Fn::Sub that escapes each one as `${!`.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(sub) if sub.len() == 1 && sub["Fn::Sub"].is_string() => {
            let s = sub["Fn::Sub"].as_str().unwrap();
            assert!(!s.replace("${!", "").contains("${"), "live token in {s}");
            s.replace("${!", "${")
        }
        other => panic!("not a string: {other}"),
    }
}

fn check_planted(template: &Value, model: &Model, s: &[String]) {
    let props = |logical_id: &str| &template["Resources"][logical_id]["Properties"];
    assert_eq!(text(&props(&model.keys[0].logical_id)["Description"]), s[0]);
    assert_eq!(
        text(&props(&model.catalog.databases[0].logical_id)["DatabaseInput"]["Description"]),
        s[1]
    );
    assert_eq!(
        text(&props(&model.workgroups[0].logical_id)["Description"]),
        s[2]
    );
    let columns =
        &props(&model.catalog.tables[0].logical_id)["TableInput"]["StorageDescriptor"]["Columns"];
    assert_eq!(text(&columns[0]["Comment"]), s[3]);
    assert_eq!(text(&columns[1]["Name"]), s[4]);
    let tags = props(&model.keys[0].logical_id)["Tags"].as_array().unwrap();
    assert!(
        tags.iter()
            .any(|t| text(&t["Key"]) == s[5] && text(&t["Value"]) == s[6]),
        "tag {:?}: {:?} in {tags:?}",
        s[5],
        s[6]
    );
    let crawler = props(&model.catalog.crawlers[0].logical_id);
    assert_eq!(text(&crawler["Tags"][&s[5]]), s[6]);
    if s[9].is_empty() {
        assert_eq!(
            crawler["Schedule"],
            Value::Null,
            "an empty schedule is no schedule"
        );
    } else {
        assert_eq!(text(&crawler["Schedule"]["ScheduleExpression"]), s[9]);
    }
    assert_eq!(text(&props(&model.roles[0].logical_id)["RoleName"]), s[7]);
    assert_eq!(
        text(
            &props(&model.delivery_streams[0].logical_id)["ExtendedS3DestinationConfiguration"]["Prefix"]
        ),
        s[8]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_strings_round_trip_through_both_formats(
        strings in prop::collection::vec(hostile(), 10)
    ) {
        let mut model = compile(&root().join("blueprints/retail-analytics.yaml"));
        plant(&mut model, &strings);
        let yaml = Renderer::new(Format::Yaml, None).unwrap().template(&model).unwrap();
        let json = Renderer::new(Format::Json, None).unwrap().template(&model).unwrap();
        let from_yaml = yaml_value(&yaml);
        check_planted(&from_yaml, &model, &strings);
        prop_assert_eq!(from_yaml, json_value(&json));
    }
}

/// cfn-lint as the project installs it (`scripts/setup cfn-lint` prints its path).
/// `LAKECTL_CFN_LINT` names another executable, for working on a branch without the script.
fn cfn_lint() -> PathBuf {
    if let Some(path) = std::env::var_os("LAKECTL_CFN_LINT") {
        return PathBuf::from(path);
    }
    let setup = root().join("scripts/setup");
    let output = Command::new(&setup)
        .arg("cfn-lint")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} cfn-lint: {e}; cfn-lint is required for this test (or set LAKECTL_CFN_LINT to a cfn-lint executable)", setup.display()));
    assert!(
        output.status.success(),
        "{} cfn-lint failed, so cfn-lint cannot check the rendered templates:\n{}",
        setup.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
}

#[test]
fn cfn_lint_accepts_every_rendered_template() {
    let lint = cfn_lint();
    let dir = tempfile::tempdir().unwrap();
    let mut models: Vec<(String, Model)> = blueprints()
        .into_iter()
        .map(|(name, path)| (name, compile(&path)))
        .collect();
    // Quotes, newlines, YAML indicators and tokens in every free-text field.
    let mut hostile = compile(&root().join("blueprints/retail-analytics.yaml"));
    let text = |i: usize| {
        format!("it's \"{i}\": yes #no\n- ${{AWS::AccountId}} {{{{x}}}} ${{!y}} café\t&*!%@")
    };
    plant(&mut hostile, &(0..10).map(text).collect::<Vec<_>>());
    // Names, schedules and tags must still be valid for AWS (tags allow letters, digits,
    // spaces and `_.:/=+-@`).
    for tags in [
        &mut hostile.keys[0].tags,
        &mut hostile.catalog.crawlers[0].tags,
    ] {
        let Prop::Known(tags) = tags else {
            unreachable!()
        };
        tags.retain(|k, _| !k.contains('"'));
        tags.insert("no".into(), "0123: - @x /=+".into());
    }
    hostile.roles[0].name = "retail-prod-ingestion".into();
    hostile.catalog.crawlers[0].schedule = Prop::Known(Some("cron(0 2 * * ? *)".into()));
    hostile.delivery_streams[0].prefix = Prop::Known("clickstream/".into());
    let Prop::Known(columns) = &mut hostile.catalog.tables[0].columns else {
        unreachable!()
    };
    columns[1].name = "session_id".into();
    models.push(("hostile-strings".into(), hostile));
    // Iceberg partition transforms: the schema and spec in CloudFormation's IcebergTableInput.
    let mut iceberg = compile(&root().join("blueprints/retail-analytics.yaml"));
    let sales = (iceberg.catalog.tables.iter_mut())
        .find(|t| t.name == "sales")
        .unwrap();
    sales.partition_keys = Prop::Known(vec![]);
    sales.partitioning = Prop::Known(
        [
            "day(order_time)",
            "bucket(16, customer_id)",
            "truncate(4, store_id)",
            "region",
        ]
        .iter()
        .map(|f| f.parse().unwrap())
        .collect(),
    );
    models.push(("iceberg-partitioned".into(), iceberg));

    let mut files = Vec::new();
    for format in [Format::Yaml, Format::Json] {
        let renderer = Renderer::new(format, None).unwrap();
        for (name, model) in &models {
            let path = dir
                .path()
                .join(format!("{name}.{}", format.template_file()));
            std::fs::write(&path, renderer.template(model).unwrap()).unwrap();
            files.push(path);
        }
    }
    let output = Command::new(&lint)
        .args(["--format", "json", "--"])
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", lint.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let matches: Vec<Value> = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "cfn-lint did not answer in JSON ({e}), exit {:?}:\n{stdout}{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    // W1020 ("Fn::Sub isn't needed") is expected where free text contains `${`: that Fn::Sub
    // keeps the text literal; without it cfn-lint reports E1029 instead.
    let unexpected: Vec<String> = matches
        .iter()
        .filter(|m| {
            let file = m["Filename"].as_str().unwrap_or_default();
            !(m["Rule"]["Id"] == "W1020" && file.contains("hostile-strings"))
        })
        .map(|m| {
            format!(
                "{} {} {}:{}",
                m["Rule"]["Id"], m["Message"], m["Filename"], m["Location"]["Start"]["LineNumber"]
            )
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "cfn-lint found problems:\n{}",
        unexpected.join("\n")
    );
    assert!(
        matches.iter().any(|m| m["Rule"]["Id"] == "W1020"),
        "the hostile strings reached cfn-lint"
    );
}

/// Checkov as the project installs it (`scripts/setup checkov` prints its path);
/// `LAKECTL_CHECKOV` names another executable.
fn checkov() -> PathBuf {
    if let Some(path) = std::env::var_os("LAKECTL_CHECKOV") {
        return PathBuf::from(path);
    }
    let setup = root().join("scripts/setup");
    let output = Command::new(&setup)
        .arg("checkov")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} checkov: {e}; Checkov is required for this test (or set LAKECTL_CHECKOV)", setup.display()));
    assert!(
        output.status.success(),
        "{} checkov failed, so Checkov cannot scan the rendered templates:\n{}",
        setup.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
}

/// The IaC scanner enterprises run on CloudFormation in CI finds nothing unexplained in any
/// reference lake, in either format: every check passes but the deliberate exceptions, which the
/// templates explain in `Metadata` (the access-log bucket does not log into itself; access logs
/// and query results are not versioned).
#[test]
fn checkov_finds_nothing_unexplained_in_the_rendered_templates() {
    let checkov = checkov();
    let dir = tempfile::tempdir().unwrap();
    let mut templates = 0;
    for format in [Format::Yaml, Format::Json] {
        let renderer = Renderer::new(format, None).unwrap();
        for (name, path) in blueprints() {
            let file = dir
                .path()
                .join(format!("{name}.{}", format.template_file()));
            std::fs::write(&file, renderer.template(&compile(&path)).unwrap()).unwrap();
            templates += 1;
        }
    }
    let output = Command::new(&checkov)
        .args([
            "--framework",
            "cloudformation",
            "--output",
            "json",
            "--directory",
        ])
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", checkov.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "Checkov did not answer in JSON ({e}), exit {:?}:\n{stdout}{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let checks = |kind: &str| -> Vec<String> {
        report["results"][kind]
            .as_array()
            .unwrap_or_else(|| panic!("no {kind} in Checkov's report"))
            .iter()
            .map(|c| format!("{} {} {}", c["check_id"], c["resource"], c["file_path"]))
            .collect()
    };
    assert_eq!(
        checks("failed_checks"),
        Vec::<String>::new(),
        "unexplained findings"
    );
    assert_eq!(report["summary"]["parsing_errors"], 0);
    let mut skipped: Vec<String> = report["results"]["skipped_checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["check_id"].as_str().unwrap(),
                c["resource"].as_str().unwrap()
            )
        })
        .collect();
    skipped.sort();
    skipped.dedup_by(|a, b| a == b);
    assert_eq!(
        skipped,
        [
            "CKV_AWS_18 AWS::S3::Bucket.BucketAccessLogs",
            "CKV_AWS_21 AWS::S3::Bucket.BucketAccessLogs",
            "CKV_AWS_21 AWS::S3::Bucket.BucketAthenaResults",
        ]
    );
    assert_eq!(
        report["summary"]["skipped"],
        3 * templates,
        "three deliberate exceptions per template"
    );
    assert!(report["summary"]["passed"].as_u64().unwrap() > 0);
}
