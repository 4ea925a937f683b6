//! Where each resource of a compiled blueprint is defined, so SARIF results point at the right
//! line (GitHub annotates it in pull requests).
//!
//! Keyed by kind and model name rather than ARN: a live audit reads its resources for the desired
//! model, with the same kinds and names, so its findings find the blueprint line of the desired
//! resource they were read for.

use std::collections::BTreeMap;

use super::resource::Resource;
use crate::blueprint::{Blueprint, FieldPath, Locator, Position, Source, Trail};
use crate::model::Kind;
use crate::model::{BucketPurpose, Model, naming};

fn indexed(root: FieldPath, key: &str, index: Option<usize>) -> FieldPath {
    let path = root.key(key);
    match index {
        Some(i) => path.index(i),
        None => path,
    }
}

/// Where each resource is defined, by kind and model name.
pub type Locations = BTreeMap<(Kind, String), Position>;

/// A resource with the blueprint field that defines it.
type Paths = Vec<(Resource, FieldPath)>;

/// The position of each resource's definition. Resources the blueprint only implies (default
/// zones, keys) point at the section they come from. With an environment's `overrides`, a
/// resource the environment changes points at its override.
pub fn locate(
    blueprint: &Blueprint,
    source: &Source,
    model: &Model,
    overrides: Option<&Trail>,
) -> Locations {
    let locator = Locator::new(&source.text);
    let mut paths = Paths::new();
    storage(blueprint, model, &mut paths);
    ingest(blueprint, model, &mut paths);
    catalog(blueprint, model, &mut paths);
    access(blueprint, model, &mut paths);
    paths
        .into_iter()
        .map(|(resource, path)| {
            let path = overrides.map_or(path.clone(), |trail| trail.definition(&path));
            let position = locator
                .position(&path)
                .filter(|p| p.line > 0 && p.column > 0)
                .unwrap_or(Position { line: 1, column: 1 });
            ((resource.kind, resource.name), position)
        })
        .collect()
}

/// The account, keys and buckets.
fn storage(blueprint: &Blueprint, model: &Model, paths: &mut Paths) {
    let lake = &model.lake;
    let root = FieldPath::root();
    paths.push((Resource::account(lake), root.key("lake")));
    for key in &model.keys {
        paths.push((Resource::key(lake, key), root.key("encryption")));
    }
    for bucket in &model.buckets {
        let path = match &bucket.purpose {
            BucketPurpose::Zone { zone, .. } => indexed(
                root.clone(),
                "zones",
                blueprint.zones.iter().position(|z| &z.name == zone),
            ),
            BucketPurpose::AccessLogs => root.key("access_logs"),
            BucketPurpose::AthenaResults => root.key("athena_results"),
            BucketPurpose::Scripts => root.key("jobs"),
        };
        paths.push((Resource::bucket(lake, bucket), path));
    }
}

/// Streams and delivery streams.
fn ingest(blueprint: &Blueprint, model: &Model, paths: &mut Paths) {
    let lake = &model.lake;
    let root = FieldPath::root();
    for stream in &model.streams {
        let index = blueprint.streams.iter().position(|s| s.name == stream.id);
        paths.push((
            Resource::stream(lake, stream),
            indexed(root.clone(), "streams", index),
        ));
    }
    for ds in &model.delivery_streams {
        let index = blueprint
            .delivery_streams
            .iter()
            .position(|d| d.name == ds.id);
        paths.push((
            Resource::delivery_stream(lake, ds),
            indexed(root.clone(), "delivery_streams", index),
        ));
    }
}

/// The catalog settings, tables, crawlers and jobs.
fn catalog(blueprint: &Blueprint, model: &Model, paths: &mut Paths) {
    let lake = &model.lake;
    let root = FieldPath::root();
    paths.push((Resource::catalog(lake), root.key("catalog")));
    for table in &model.catalog.tables {
        let db = blueprint
            .catalog
            .databases
            .iter()
            .position(|d| d.name == table.database);
        let path = match db {
            Some(i) => {
                let t = blueprint.catalog.databases[i]
                    .tables
                    .iter()
                    .position(|t| t.name == table.name);
                indexed(root.key("catalog").key("databases").index(i), "tables", t)
            }
            None => root.key("catalog"),
        };
        paths.push((Resource::table(lake, table), path));
    }
    for crawler in &model.catalog.crawlers {
        let index = blueprint
            .catalog
            .crawlers
            .iter()
            .position(|c| naming::prefixed(blueprint.lake.scope(), &c.name) == crawler.name);
        paths.push((
            Resource::crawler(lake, crawler),
            indexed(root.key("catalog"), "crawlers", index),
        ));
    }
    for job in &model.catalog.jobs {
        let index = (blueprint.jobs.iter())
            .position(|j| naming::prefixed(blueprint.lake.scope(), &j.name) == job.name);
        paths.push((
            Resource::job(lake, job),
            indexed(root.clone(), "jobs", index),
        ));
    }
}

/// Work groups, Lake Formation and roles.
fn access(blueprint: &Blueprint, model: &Model, paths: &mut Paths) {
    let lake = &model.lake;
    let root = FieldPath::root();
    for wg in &model.workgroups {
        let index = blueprint
            .athena
            .workgroups
            .iter()
            .position(|w| naming::prefixed(blueprint.lake.scope(), &w.name) == wg.name);
        paths.push((
            Resource::workgroup(lake, wg),
            indexed(root.key("athena"), "workgroups", index),
        ));
    }
    paths.push((Resource::lake_formation(lake), root.key("lake_formation")));
    for role in &model.roles {
        let index = blueprint.roles.iter().position(|r| r.name == role.id);
        paths.push((
            Resource::role(lake, role),
            indexed(root.clone(), "roles", index),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{CompileOptions, compile};

    #[test]
    fn resources_point_at_their_blueprint_lines() {
        let text = "lake:\n  name: shop\n  environment: dev\n  region: us-east-1\n  owner: team\n\
                    zones:\n  - name: raw\n  - name: curated\nstreams:\n  - name: clicks\n";
        let source = Source::new("shop.yaml", text);
        let blueprint = crate::load::text(&source, None).expect("valid blueprint");
        let model = compile(&blueprint, &CompileOptions::default());
        let locations = locate(&blueprint, &source, &model, None);
        let at = |resource: Resource| locations[&(resource.kind, resource.name)];
        let curated = Resource::bucket(&model.lake, model.bucket("curated").unwrap());
        assert_eq!(at(curated), Position { line: 8, column: 5 });
        assert_eq!(
            at(Resource::stream(&model.lake, &model.streams[0])),
            Position {
                line: 10,
                column: 5
            }
        );
        let logs = Resource::bucket(&model.lake, model.bucket("access-logs").unwrap());
        assert_eq!(
            at(logs).line,
            1,
            "implied resources fall back to the document"
        );
    }

    #[test]
    fn resources_an_environment_changes_point_at_its_overrides() {
        let text = "lake:\n  name: shop\n  environment: dev\n  region: us-east-1\n  owner: team\n\
                    zones:\n  - name: raw\n  - name: curated\nstreams:\n  - name: clicks\n\
                    environments:\n  prod:\n    zones:\n      raw:\n        versioning: true\n\
                    \x20   streams: [{ name: clicks, retention_hours: 48 }]\n";
        let source = Source::new("shop.yaml", text);
        let blueprint = crate::load::text(&source, Some("prod")).expect("valid blueprint");
        let model = compile(&blueprint, &CompileOptions::default());
        let overrides = crate::blueprint::overrides(&source, "prod").expect("prod applies");
        let locations = locate(&blueprint, &source, &model, Some(&overrides));
        let at = |resource: Resource| locations[&(resource.kind, resource.name)];
        let raw = Resource::bucket(&model.lake, model.bucket("raw").unwrap());
        assert_eq!(
            at(raw),
            Position {
                line: 15,
                column: 9
            },
            "the item's override"
        );
        let curated = Resource::bucket(&model.lake, model.bucket("curated").unwrap());
        assert_eq!(
            at(curated),
            Position { line: 8, column: 5 },
            "unchanged: the base"
        );
        let stream = Resource::stream(&model.lake, &model.streams[0]);
        assert_eq!(
            at(stream),
            Position {
                line: 16,
                column: 15
            },
            "a replaced list: the replacing item"
        );
    }
}
