//! Diff behaviour on hand-built models: one desired lake, live copies with drift.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::model::policy::{Principal, Statement};
use crate::model::property::{
    BucketProperty, CrawlerProperty, KeyProperty, LakeFormationProperty, TableProperty,
};
use crate::model::*;

const KEY_ARN: &str = "arn:aws:kms:us-east-1:000000000000:key/k-raw";

fn tags() -> Tags {
    BTreeMap::from([
        ("lake".into(), "demo".into()),
        ("managed-by".into(), "lakectl".into()),
    ])
}

fn bucket_policy() -> PolicyDocument {
    let arn = "arn:aws:s3:::demo-raw";
    PolicyDocument::new(vec![
        Statement::deny(
            "DenyInsecureTransport",
            &["s3:*"],
            vec![arn.into(), format!("{arn}/*")],
        )
        .principal(Principal::any())
        .when("Bool", "aws:SecureTransport", &["false"]),
        Statement::deny(
            "DenyOtherKmsKeys",
            &["s3:PutObject"],
            vec![format!("{arn}/*")],
        )
        .principal(Principal::any())
        .when(
            "StringNotEqualsIfExists",
            "s3:x-amz-server-side-encryption-aws-kms-key-id",
            &["${KeyRaw.Arn}"],
        ),
    ])
}

fn desired() -> Model {
    Model {
        lake: LakeInfo {
            name: "demo".into(),
            environment: "dev".into(),
            region: "us-east-1".into(),
            account: "000000000000".into(),
            partition: "aws".into(),
            owner: "data".into(),
            tags: tags(),
        },
        keys: vec![Key {
            id: "raw".into(),
            logical_id: "KeyRaw".into(),
            alias: "alias/demo-dev-raw".into(),
            description: "demo raw zone".into(),
            arn: None,
            rotation: Prop::Known(true),
            state: Prop::Known(KeyState::Enabled),
            customer_managed: Prop::Known(true),
            policy: Prop::Known(PolicyDocument::new(vec![
                Statement::allow("AccountAdministers", &["kms:*"], vec!["*".into()]).principal(
                    Principal::aws(vec!["arn:aws:iam::${AWS::AccountId}:root".into()]),
                ),
            ])),
            deletion_window_days: 30,
            tags: Prop::Known(tags()),
        }],
        buckets: vec![Bucket {
            id: "raw".into(),
            logical_id: "Raw".into(),
            purpose: BucketPurpose::Zone {
                zone: "raw".into(),
                zone_kind: ZoneKind::Raw,
                tenants: vec![],
            },
            name: "demo-raw".into(),
            encryption: Prop::Known(BucketEncryption {
                algorithm: SseAlgorithm::Kms,
                key: Some(KeyRef::Lake("raw".into())),
                bucket_key: true,
            }),
            public_access_block: Prop::Known(PublicAccessBlock::ALL_ON),
            ownership: Prop::Known(ObjectOwnership::BucketOwnerEnforced),
            versioning: Prop::Known(Versioning::Disabled),
            lifecycle: Prop::Known(vec![]),
            logging: Prop::Known(None),
            policy: Prop::Known(Some(bucket_policy())),
            event_bridge: Prop::Known(false),
            tags: Prop::Known(tags()),
        }],
        streams: vec![],
        delivery_streams: vec![],
        catalog: Catalog {
            encryption: Prop::Known(CatalogEncryption {
                metadata_key: Some(KeyRef::Lake("raw".into())),
                connection_password_key: Some(KeyRef::Lake("raw".into())),
            }),
            security_configurations: vec![],
            databases: vec![],
            tables: vec![Table {
                database: "demo_dev_raw".into(),
                name: "events".into(),
                logical_id: "TableEvents".into(),
                location: Prop::Known("s3://demo-raw/events/".into()),
                format: Prop::Known(TableFormat::Json),
                compression: Prop::Known(None),
                columns: Prop::Known(vec![Column {
                    name: "id".into(),
                    kind: "string".into(),
                    comment: None,
                }]),
                partition_keys: Prop::Known(vec![Column {
                    name: "dt".into(),
                    kind: "string".into(),
                    comment: None,
                }]),
                partitioning: Prop::Known(vec![]),
            }],
            crawlers: vec![],
            jobs: vec![],
            workflows: vec![],
            connections: vec![],
        },
        workgroups: vec![],
        lake_formation: LakeFormation {
            admins: Prop::Known(vec![
                "arn:aws:iam::${AWS::AccountId}:role/demo-dev-admin".into(),
            ]),
            create_database_default: Prop::Known(vec![]),
            create_table_default: Prop::Known(vec![]),
            registered_locations: Prop::Known(vec!["arn:aws:s3:::demo-raw".into()]),
            hybrid_locations: Prop::Known(vec![]),
            grants: Prop::Known(vec![]),
            tags: Prop::Known(vec![]),
            tag_assignments: Prop::Known(vec![]),
            tag_grants: Prop::Known(vec![]),
            data_cells_filters: Prop::Known(vec![]),
            filter_grants: Prop::Known(vec![]),
        },
        roles: vec![],
        event_rules: vec![],
        trail: None,
        alarms: vec![],
        log_groups: vec![],
        account: None,
    }
}

/// What a converged account looks like, as the inventory reports it (AWS's shapes).
fn converged() -> Model {
    let mut live = desired();
    let key = &mut live.keys[0];
    key.arn = Some(KEY_ARN.into());
    key.policy = Prop::Known(
        PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":{"Sid":"AccountAdministers","Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}}"#,
        )
        .unwrap(),
    );
    let mut key_tags = tags();
    key_tags.insert("cost-center".into(), "user-added".into());
    key.tags = Prop::Known(key_tags);
    let b = &mut live.buckets[0];
    b.encryption = Prop::Known(BucketEncryption {
        algorithm: SseAlgorithm::Kms,
        key: Some(KeyRef::Other(KEY_ARN.into())),
        bucket_key: true,
    });
    b.versioning = Prop::Known(Versioning::Suspended);
    let mut policy = Resolver::new()
        .arn("KeyRaw", KEY_ARN)
        .resolve_policy(&bucket_policy());
    policy.statements.reverse();
    b.policy = Prop::Known(Some(policy));
    live.catalog.encryption = Prop::Known(CatalogEncryption {
        metadata_key: Some(KeyRef::Other("k-raw".into())),
        connection_password_key: Some(KeyRef::Other("alias/demo-dev-raw".into())),
    });
    live.lake_formation.admins = Prop::Known(vec![
        "arn:aws:iam::000000000000:role/other-lake-admin".into(),
        "arn:aws:iam::000000000000:role/demo-dev-admin".into(),
    ]);
    live.lake_formation.registered_locations = Prop::Known(vec!["arn:aws:s3:::demo-raw".into()]);
    live
}

use crate::model::refs::Resolver;

fn empty_account() -> Model {
    let mut live = desired();
    live.keys.clear();
    live.buckets.clear();
    live.catalog.tables.clear();
    live.catalog.encryption = Prop::Known(CatalogEncryption {
        metadata_key: None,
        connection_password_key: None,
    });
    live.lake_formation.admins = Prop::Known(vec![]);
    live.lake_formation.registered_locations = Prop::Known(vec![]);
    live
}

#[test]
fn a_converged_account_has_no_changes_despite_equivalent_shapes() {
    let plan = diff(&desired(), &converged());
    let changed: Vec<_> = plan
        .resources
        .iter()
        .filter(|r| r.action != Action::NoChange)
        .collect();
    assert_eq!(changed, Vec::<&ResourceChange>::new());
    assert!(!plan.has_changes());
    assert_eq!(
        plan.counts(),
        Counts {
            create: 0,
            update: 0,
            replace_needed: 0,
            unchanged: 5
        }
    );
}

fn role() -> Role {
    Role {
        id: "ingest".into(),
        logical_id: "RoleIngest".into(),
        name: "demo-dev-ingest".into(),
        purpose: Some(RolePurpose::Ingestion),
        trust: Prop::Known(PolicyDocument::new(vec![
            Statement::allow("Trust", &["sts:AssumeRole"], vec![])
                .principal(Principal::service("firehose.amazonaws.com")),
        ])),
        policy: Prop::Known(Some(PolicyDocument::new(vec![Statement::allow(
            "Write",
            &["s3:PutObject"],
            vec!["arn:aws:s3:::demo-raw/*".into()],
        )]))),
        other_policies: Prop::Known(vec![]),
        managed_policies: Prop::Known(vec![]),
        tags: Prop::Known(tags()),
    }
}

#[test]
fn other_inline_policies_of_a_role_are_never_planned() {
    let mut desired = desired();
    desired.roles.push(role());
    for others in [
        Prop::Known(vec![NamedPolicy {
            name: "extra".into(),
            document: PolicyDocument::new(vec![Statement::allow("All", &["*"], vec!["*".into()])]),
        }]),
        Prop::unknown("AccessDenied on iam:ListRolePolicies"),
    ] {
        let mut live = converged();
        live.roles.push(Role {
            other_policies: others,
            ..role()
        });
        let plan = diff(&desired, &live);
        let role = plan
            .resources
            .iter()
            .find(|r| r.kind == Kind::Role)
            .unwrap();
        assert_eq!(role.action, Action::NoChange);
        assert_eq!(role.properties, vec![]);
    }
}

#[test]
fn an_empty_account_plans_creates_with_key_arns_known_after_apply() {
    let plan = diff(&desired(), &empty_account());
    let bucket = plan.resource(Kind::Bucket, "demo-raw").unwrap();
    assert_eq!(bucket.action, Action::Create);
    let enc = bucket
        .properties
        .iter()
        .find(|p| p.property == "encryption")
        .unwrap();
    assert_eq!(enc.new, Shown::KnownAfterApply);
    assert_eq!(enc.old, Shown::Absent);
    assert!(bucket.writes(BucketProperty::Versioning));
    let catalog = plan
        .resource(Kind::CatalogEncryption, "data catalog")
        .unwrap();
    assert_eq!(catalog.action, Action::Update);
    insta::assert_snapshot!(render_text(&plan));
}

#[test]
fn drift_is_planned_as_updates_of_exactly_the_drifted_properties() {
    let mut live = converged();
    live.keys[0].rotation = Prop::Known(false);
    live.buckets[0].policy = Prop::Known(None);
    live.buckets[0].public_access_block = Prop::Known(PublicAccessBlock {
        block_public_policy: false,
        ..PublicAccessBlock::ALL_ON
    });
    live.buckets[0].tags = Prop::Known(BTreeMap::from([("lake".into(), "other".into())]));
    live.lake_formation.create_database_default = Prop::Known(vec![IAM_ALLOWED_PRINCIPALS.into()]);
    let plan = diff(&desired(), &live);
    let key = plan.resource(Kind::Key, "alias/demo-dev-raw").unwrap();
    assert_eq!(key.action, Action::Update);
    assert!(key.writes(KeyProperty::Rotation));
    assert!(!key.writes(KeyProperty::Policy));
    let bucket = plan.resource(Kind::Bucket, "demo-raw").unwrap();
    let props: Vec<_> = bucket.properties.iter().map(|p| p.property).collect();
    assert_eq!(props, vec!["public_access_block", "policy", "tags"]);
    insta::assert_snapshot!(render_text(&plan));
}

#[test]
fn iam_allowed_principals_grants_on_the_lakes_databases_are_planned_for_revoking() {
    let open = |table: Option<&str>| LfGrant {
        principal: IAM_ALLOWED_PRINCIPALS.into(),
        database: "demo_raw".into(),
        table: table.map(str::to_string),
        columns: vec![],
        permissions: vec!["ALL".into()],
    };
    let mut live = converged();
    live.lake_formation.grants = Prop::Known(vec![open(None), open(Some("*"))]);
    let plan = diff(&desired(), &live);
    let lf = plan.resource(Kind::LakeFormation, LAKE_FORMATION).unwrap();
    assert_eq!(lf.action, Action::Update);
    assert!(lf.writes(LakeFormationProperty::IamAllowedGrants));
    let props: Vec<_> = lf.properties.iter().map(|p| p.property).collect();
    assert_eq!(props, vec!["iam_allowed_principals_grants"]);
    // Unreadable grants are not revoked blindly.
    live.lake_formation.grants = Prop::unknown("AccessDenied on lakeformation:ListPermissions");
    let plan = diff(&desired(), &live);
    let lf = plan.resource(Kind::LakeFormation, LAKE_FORMATION).unwrap();
    assert!(!lf.writes(LakeFormationProperty::IamAllowedGrants));
}

#[test]
fn the_lakes_locations_in_hybrid_access_mode_are_planned_for_switching_back() {
    let mut live = converged();
    live.lake_formation.hybrid_locations = Prop::Known(vec![
        "arn:aws:s3:::demo-raw".into(),
        // Another lake's location: not this plan's to change.
        "arn:aws:s3:::other-raw".into(),
    ]);
    let plan = diff(&desired(), &live);
    let lf = plan.resource(Kind::LakeFormation, LAKE_FORMATION).unwrap();
    let props: Vec<_> = lf.properties.iter().map(|p| p.property).collect();
    assert_eq!(props, vec!["hybrid_access_locations"]);
    assert!(lf.writes(LakeFormationProperty::HybridLocations));
    live.lake_formation.hybrid_locations = Prop::Known(vec!["arn:aws:s3:::other-raw".into()]);
    let plan = diff(&desired(), &live);
    let lf = plan.resource(Kind::LakeFormation, LAKE_FORMATION).unwrap();
    assert!(!lf.writes(LakeFormationProperty::HybridLocations));
}

#[test]
fn a_crawler_that_stopped_following_schema_changes_is_updated() {
    let desired = crate::audit::testing::compliant_model();
    let mut live = desired.clone();
    live.catalog.crawlers[0].update_behavior = Prop::Known(update_behavior::LOG.into());
    live.catalog.crawlers[0].recrawl_behavior =
        Prop::Known(recrawl_behavior::NEW_FOLDERS_ONLY.into());
    let plan = diff(&desired, &live);
    let crawler = plan.resource(Kind::Crawler, "retail-prod-orders").unwrap();
    assert_eq!(crawler.action, Action::Update);
    let props: Vec<_> = crawler.properties.iter().map(|p| p.property).collect();
    assert_eq!(props, vec!["update_behavior", "recrawl_behavior"]);
    assert!(crawler.writes(CrawlerProperty::UpdateBehavior));
    assert!(crawler.writes(CrawlerProperty::RecrawlBehavior));
}

#[test]
fn unknown_live_properties_are_shown_but_not_written() {
    let mut live = converged();
    live.buckets[0].versioning =
        Prop::unknown("s3:GetBucketVersioning answered an unparsable body");
    let plan = diff(&desired(), &live);
    let bucket = plan.resource(Kind::Bucket, "demo-raw").unwrap();
    assert_eq!(bucket.action, Action::NoChange);
    assert_eq!(bucket.properties[0].effect, Effect::Unverified);
    assert!(!bucket.writes(BucketProperty::Versioning));
    assert!(!plan.has_changes());
}

#[test]
fn partition_key_changes_need_replacement_and_are_not_written() {
    let mut live = converged();
    live.catalog.tables[0].partition_keys = Prop::Known(vec![]);
    live.catalog.tables[0].location = Prop::Known("s3://demo-raw/old/".into());
    let plan = diff(&desired(), &live);
    let table = plan.resource(Kind::Table, "demo_dev_raw.events").unwrap();
    assert_eq!(table.action, Action::ReplaceNeeded);
    assert!(table.writes(TableProperty::Location));
    assert!(!table.writes(TableProperty::PartitionKeys));
    assert_eq!(plan.counts().replace_needed, 1);
}

#[test]
fn json_output_is_versioned() {
    let plan = diff(&desired(), &empty_account());
    let json: serde_json::Value = serde_json::from_str(&render_json(&plan)).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["changes"], true);
    assert_eq!(json["counts"]["create"], 3);
    assert_eq!(
        json["resources"][1]["properties"][0]["new"],
        serde_json::json!({"state": "known_after_apply"})
    );
}

mod saved_plans {
    use super::*;
    use crate::plan::saved::{SavedPlan, blueprint_fingerprint, live_fingerprint};

    fn drifted() -> Model {
        let mut live = converged();
        live.keys[0].rotation = Prop::Known(false);
        live.buckets[0].versioning =
            Prop::unknown("s3:GetBucketVersioning answered an unparsable body");
        live.catalog.tables[0].partition_keys = Prop::Known(vec![]);
        live
    }

    #[test]
    fn every_property_parses_back_from_its_kind_and_name() {
        for property in Property::all() {
            assert_eq!(
                Property::parse(property.kind(), property.name()),
                Some(property)
            );
        }
        assert_eq!(Property::parse(Kind::Bucket, "rotation"), None);
    }

    #[test]
    fn plans_round_trip_through_json() {
        for live in [empty_account(), drifted(), converged()] {
            let plan = diff(&desired(), &live);
            let json = serde_json::to_string(&plan).unwrap();
            let back: Plan = serde_json::from_str(&json).unwrap();
            assert_eq!(back, plan);
        }
    }

    #[test]
    fn a_property_of_another_kind_is_rejected_by_name() {
        let plan = diff(&desired(), &drifted());
        let json = serde_json::to_string(&plan)
            .unwrap()
            .replace("\"rotation\"", "\"versioning\"");
        let error = serde_json::from_str::<Plan>(&json).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("kms key has no property `versioning`"),
            "{error}"
        );
    }

    #[test]
    fn a_saved_plan_is_written_atomically_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let live = drifted();
        let saved = SavedPlan::new(
            Path::new("lake.yaml"),
            b"lake: {}\n",
            &live,
            diff(&desired(), &live),
        );
        saved.write(&path).unwrap();
        assert_eq!(SavedPlan::read(&path).unwrap(), saved);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["plan.json"], "no temporary file is left");
    }

    #[test]
    fn fingerprints_follow_the_blueprint_bytes_and_the_live_state() {
        assert_eq!(
            blueprint_fingerprint(b"a: 1\r\nb: 2\r\n"),
            blueprint_fingerprint(b"a: 1\nb: 2\n")
        );
        assert_ne!(
            blueprint_fingerprint(b"a: 1\n"),
            blueprint_fingerprint(b"a: 2\n")
        );
        assert!(blueprint_fingerprint(b"").starts_with("sha256:"));
        assert_eq!(
            live_fingerprint(&converged()),
            live_fingerprint(&converged())
        );
        assert_ne!(live_fingerprint(&converged()), live_fingerprint(&drifted()));
    }

    #[test]
    fn the_live_check_names_what_changed() {
        let live = converged();
        let saved = SavedPlan::new(Path::new("lake.yaml"), b"", &live, diff(&desired(), &live));
        let now = drifted();
        let error = saved
            .check_live(
                Path::new("plan.json"),
                Path::new("lake.yaml"),
                &now,
                &diff(&desired(), &now),
            )
            .unwrap_err()
            .to_string();
        let expected = "now the plan differs for kms key alias/demo-dev-raw (rotation), \
                        s3 bucket demo-raw (versioning), glue table demo_dev_raw.events (partition_keys); \
                        review and save the plan again with `lakectl plan lake.yaml --out plan.json`";
        assert!(
            error.starts_with("the live resources changed since plan.json was made ("),
            "{error}"
        );
        assert!(error.ends_with(expected), "{error}");
        assert!(
            saved
                .check_live(
                    Path::new("plan.json"),
                    Path::new("lake.yaml"),
                    &live,
                    &saved.plan
                )
                .is_ok()
        );
    }

    #[test]
    fn garbled_truncated_and_foreign_plan_files_are_errors_with_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let cases = [
            (
                "{\n  \"format_version\": 1,\n  oops",
                ":3:3: not a lakectl plan file (key must be a string)",
            ),
            (
                "{\"format_version\": 1, \"lake\": ",
                ":1:30: not a lakectl plan file (EOF while parsing a value)",
            ),
            (
                "{\"format_version\": 1}",
                ":1:21: not a lakectl plan file (missing field `lakectl_version`)",
            ),
        ];
        for (text, expected) in cases {
            std::fs::write(&path, text).unwrap();
            let error = SavedPlan::read(&path).unwrap_err().to_string();
            assert_eq!(
                error,
                format!(
                    "{}{expected}; make one with `lakectl plan BLUEPRINT --out {}`",
                    path.display(),
                    path.display()
                )
            );
        }
        std::fs::write(&path, "{\"format_version\": 7}").unwrap();
        assert_eq!(
            SavedPlan::read(&path).unwrap_err().to_string(),
            format!(
                "{} is a plan file of format version 7, this lakectl reads version 1; make the plan again with this lakectl",
                path.display()
            )
        );
    }
}
