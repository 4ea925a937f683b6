//! Apply's contract with the plan and the model, checked without AWS: the derived order,
//! typed property coverage, and the kind registry across layers.

use std::collections::BTreeSet;

use super::{Step, Writer, levels, writer};
use crate::model::kind::not_handled;
use crate::model::property::{BucketProperty, KeyProperty};
use crate::model::{
    BucketLogging, CatalogEncryption, Job, Kind, Layer, LfGrant, Model, Prop, Property, StreamMode,
};
use crate::plan::{Effect, Plan, diff};

fn retail() -> Model {
    crate::compile::testing::retail(Some("123456789012"))
}

/// An account where none of the lake's resources exist yet.
fn empty(desired: &Model) -> Model {
    let mut live = desired.clone();
    live.keys.clear();
    live.buckets.clear();
    live.streams.clear();
    live.delivery_streams.clear();
    live.roles.clear();
    live.workgroups.clear();
    live.catalog.security_configurations.clear();
    live.catalog.databases.clear();
    live.catalog.tables.clear();
    live.catalog.crawlers.clear();
    live.catalog.jobs.clear();
    live.catalog.workflows.clear();
    live.event_rules.clear();
    live.trail = None;
    live.alarms.clear();
    live.log_groups.clear();
    live.catalog.encryption = Prop::Known(CatalogEncryption {
        metadata_key: None,
        connection_password_key: None,
    });
    live.lake_formation.admins = Prop::Known(vec![]);
    live.lake_formation.create_database_default =
        Prop::Known(vec!["IAM_ALLOWED_PRINCIPALS".into()]);
    live.lake_formation.create_table_default = Prop::Known(vec!["IAM_ALLOWED_PRINCIPALS".into()]);
    // One zone bucket registered by hand, in hybrid access mode; the others not at all.
    let first = desired.lake_formation.registered_locations.known().unwrap()[0].clone();
    live.lake_formation.registered_locations = Prop::Known(vec![first.clone()]);
    live.lake_formation.hybrid_locations = Prop::Known(vec![first]);
    // As Lake Formation's defaults leave a database created while they were on.
    live.lake_formation.grants = Prop::Known(vec![LfGrant {
        principal: "IAM_ALLOWED_PRINCIPALS".into(),
        database: desired.catalog.databases[0].name.clone(),
        table: None,
        columns: vec![],
        permissions: vec!["ALL".into()],
    }]);
    live.lake_formation.tags = Prop::Known(vec![]);
    live.lake_formation.tag_assignments = Prop::Known(vec![]);
    live.lake_formation.tag_grants = Prop::Known(vec![]);
    live.lake_formation.data_cells_filters = Prop::Known(vec![]);
    live.lake_formation.filter_grants = Prop::Known(vec![]);
    live
}

fn step_name(step: Step, kind: Kind) -> String {
    match step {
        Step::Resource(_) => kind.plan_name().to_string(),
        Step::KeyPolicy => "key_policy".into(),
        Step::BucketPolicy => "bucket_policy".into(),
        Step::LakeFormationDefaults => "lake_formation_defaults".into(),
    }
}

fn shown(plan: &Plan, model: &Model) -> String {
    let levels = levels(model, plan).unwrap();
    let mut out = String::new();
    for (i, level) in levels.iter().enumerate() {
        out.push_str(&format!("level {i}:\n"));
        for (step, rc) in level {
            out.push_str(&format!("  {} {}\n", step_name(*step, rc.kind), rc.name));
        }
    }
    out
}

/// Keys first (default key policy), then what names only keys, then what names those, and
/// the key policies once the roles exist.
#[test]
fn the_retail_deploy_order_follows_the_references() {
    let desired = retail();
    let plan = diff(&desired, &empty(&desired));
    insta::assert_snapshot!(shown(&plan, &desired));
}

#[test]
fn references_that_form_a_cycle_are_an_error() {
    let mut desired = retail();
    let names: Vec<String> = desired
        .buckets
        .iter()
        .take(2)
        .map(|b| b.name.clone())
        .collect();
    for (bucket, target) in desired.buckets.iter_mut().zip(names.iter().rev()) {
        bucket.logging = Prop::Known(Some(BucketLogging {
            target_bucket: target.clone(),
            target_prefix: String::new(),
        }));
    }
    let plan = diff(&desired, &empty(&desired));
    let cycle = levels(&desired, &plan).unwrap_err();
    let message = cycle.to_string();
    assert!(
        message.starts_with("internal: the references between "),
        "{message}"
    );
    for name in &names {
        assert!(message.contains(&format!("s3 bucket {name}")), "{message}");
    }
    assert!(
        message.ends_with(
            "form a cycle, so deploy has no order to write them in; nothing was written"
        )
    );
}

/// Every property the diff reports in place is written by apply, and every property apply
/// never writes is one the diff only ever reports as a replacement.
#[test]
fn every_property_is_diffed_and_written_or_is_a_replacement() {
    let mut desired = retail();
    // The retail streams are on demand; a provisioned one has a shard count to compare.
    desired.streams[0].mode = Prop::Known(StreamMode::Provisioned);
    desired.streams[0].shards = Prop::Known(Some(2));
    let created = diff(&desired, &empty(&desired));
    let mut reported: BTreeSet<Property> = created
        .resources
        .iter()
        .flat_map(|r| r.properties.iter().map(|p| p.property))
        .collect();
    // Only a live resource can have drifted state or management: see `live_only` below.
    let live_only = [
        Property::from(KeyProperty::State),
        Property::from(KeyProperty::CustomerManaged),
    ];
    reported.extend(live_only);
    // The retail blueprint does not use these; they are diffed like their neighbours.
    let unused: BTreeSet<Property> = Property::all()
        .into_iter()
        .filter(|p| !reported.contains(p))
        .collect();
    assert_eq!(
        unused
            .iter()
            .map(|p| format!("{:?}", p))
            .collect::<Vec<_>>(),
        Vec::<String>::new(),
        "properties no retail diff reports"
    );
    for p in Property::all() {
        match writer(p) {
            Writer::Step(_) => {}
            Writer::Never(reason) => assert!(!reason.is_empty(), "{p:?}"),
        }
    }
}

/// A drifted live resource: the properties that need replacement are exactly those apply
/// never writes.
#[test]
fn replacements_are_exactly_the_properties_apply_never_writes() {
    let never: BTreeSet<Property> = Property::all()
        .into_iter()
        .filter(|p| matches!(writer(*p), Writer::Never(_)))
        .collect();
    let desired = retail();
    let plan = diff(&desired, &empty(&desired));
    for rc in &plan.resources {
        for p in &rc.properties {
            assert_eq!(p.effect, Effect::Update, "{:?} on create", p.property);
        }
    }
    let replaced: BTreeSet<Property> = [
        Property::from(KeyProperty::CustomerManaged),
        crate::model::property::DeliveryStreamProperty::SourceStream.into(),
        crate::model::property::SecurityConfigurationProperty::S3Key.into(),
        crate::model::property::SecurityConfigurationProperty::CloudwatchKey.into(),
        crate::model::property::SecurityConfigurationProperty::BookmarksKey.into(),
        crate::model::property::TableProperty::PartitionKeys.into(),
        crate::model::property::TableProperty::Partitioning.into(),
    ]
    .into();
    assert_eq!(never, replaced);
    assert_eq!(
        writer(BucketProperty::Policy.into()),
        Writer::Step(Step::BucketPolicy)
    );
    assert_eq!(
        writer(KeyProperty::Policy.into()),
        Writer::Step(Step::KeyPolicy)
    );
}

/// Every kind is handled by every layer, or `model::kind::not_handled` says why not.
#[test]
fn every_kind_is_handled_by_each_layer_or_says_why_not() {
    let desired = retail();
    let plan = diff(&desired, &empty(&desired));
    let planned: BTreeSet<Kind> = plan.resources.iter().map(|r| r.kind).collect();
    let applied: BTreeSet<Kind> = levels(&desired, &plan)
        .unwrap()
        .iter()
        .flatten()
        .filter_map(|(step, rc)| matches!(step, Step::Resource(_)).then_some(rc.kind))
        .collect();
    let template = crate::render::Renderer::new(crate::render::Format::Yaml, None)
        .unwrap()
        .template(&desired)
        .unwrap();
    let mut audit_model = crate::audit::testing::compliant_model();
    audit_model.account = Some(crate::audit::testing::compliant_account());
    crate::audit::testing::with_event_rule(&mut audit_model);
    audit_model.trail = Some(crate::audit::testing::lake_trail());
    audit_model.catalog.jobs.push(Job {
        security_configuration: Prop::Known(Some("lake".into())),
        ..Job::unread("etl")
    });
    let audited: BTreeSet<Kind> = crate::audit::run(&audit_model)
        .iter()
        .map(|f| f.resource.kind)
        .collect();
    for kind in Kind::ALL {
        for layer in Layer::ALL {
            let handled = match layer {
                Layer::Diff => planned.contains(&kind),
                Layer::Apply => applied.contains(&kind),
                Layer::Render => template.contains(&format!("Type: {}", kind.aws_type())),
                Layer::Audit => audited.contains(&kind),
                // The inventory needs AWS; its tests (tests/aws/inventory.rs) cover it.
                Layer::Inventory => continue,
            };
            let listed = not_handled(kind, layer);
            assert_eq!(
                handled,
                listed.is_none(),
                "{kind:?} in {layer:?}: handled {handled}, table says {listed:?}"
            );
        }
    }
}
